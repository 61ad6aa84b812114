//! BM25 over remembered claims: rewards the rare words a query shares with a claim.
//!
//! Scores are normalised by the best a document could score for that query (every query
//! word present with a saturated frequency), so they fall in 0..1 and one threshold means
//! the same thing for every query.

use std::cell::RefCell;
use std::collections::HashMap;

use rayon::prelude::*;

use crate::claims::group::content_words;

const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Inverted index of remembered claims' words.
pub struct LexicalIndex {
    vocabulary: HashMap<String, u32>,
    /// Per word: (document, term frequency), documents ascending.
    postings: Vec<Vec<(u32, u16)>>,
    lengths: Vec<u32>,
    average_length: f32,
}

impl LexicalIndex {
    pub fn build<'a>(documents: impl IntoIterator<Item = &'a str>) -> Self {
        // Words are counted in parallel a chunk at a time, then numbered in document order,
        // so the index does not depend on thread timing.
        const CHUNK: usize = 16_384;
        let mut vocabulary: HashMap<String, u32> = HashMap::new();
        let mut postings: Vec<Vec<(u32, u16)>> = Vec::new();
        let mut lengths = Vec::new();
        let mut documents = documents.into_iter();
        loop {
            let chunk: Vec<&str> = documents.by_ref().take(CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            let counted: Vec<(u32, Vec<(String, u16)>)> = chunk
                .par_iter()
                .map(|text| {
                    let words = content_words(text);
                    let length = words.len() as u32;
                    let mut counts: HashMap<String, u16> = HashMap::new();
                    for w in words {
                        let tf = counts.entry(w).or_default();
                        *tf = tf.saturating_add(1);
                    }
                    let mut counts: Vec<(String, u16)> = counts.into_iter().collect();
                    counts.sort_unstable();
                    (length, counts)
                })
                .collect();
            for (length, counts) in counted {
                let doc = lengths.len() as u32;
                lengths.push(length);
                for (word, tf) in counts {
                    let id = match vocabulary.get(&word) {
                        Some(&id) => id,
                        None => {
                            let id = postings.len() as u32;
                            vocabulary.insert(word, id);
                            postings.push(Vec::new());
                            id
                        }
                    };
                    postings[id as usize].push((doc, tf));
                }
            }
        }
        let average_length = if lengths.is_empty() {
            1.0
        } else {
            (lengths.iter().map(|&l| l as f64).sum::<f64>() / lengths.len() as f64).max(1.0) as f32
        };
        LexicalIndex {
            vocabulary,
            postings,
            lengths,
            average_length,
        }
    }

    fn idf(&self, word: u32) -> f32 {
        let n = self.lengths.len() as f32;
        let df = self.postings[word as usize].len() as f32;
        ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
    }

    /// The query's known words with their idf, and the best score any document could get.
    fn prepare(&self, query: &str) -> (Vec<(u32, f32)>, f32) {
        let mut words: Vec<u32> = content_words(query)
            .iter()
            .filter_map(|w| self.vocabulary.get(w.as_str()).copied())
            .collect();
        words.sort_unstable();
        words.dedup();
        let weighted: Vec<(u32, f32)> = words.into_iter().map(|w| (w, self.idf(w))).collect();
        // Unknown words count in the ceiling too: a query whose rare words no claim has
        // should not look like a perfect match on its common ones.
        let unknown = content_words(query)
            .iter()
            .filter(|w| !self.vocabulary.contains_key(w.as_str()))
            .count() as f32;
        let max_idf = ((self.lengths.len() as f32 + 0.5) / 0.5 + 1.0).ln();
        let ceiling =
            (weighted.iter().map(|(_, idf)| idf).sum::<f32>() + unknown * max_idf) * (K1 + 1.0);
        (weighted, ceiling.max(f32::MIN_POSITIVE))
    }

    fn term(&self, tf: u16, doc: u32) -> f32 {
        let tf = f32::from(tf);
        let norm = 1.0 - B + B * self.lengths[doc as usize] as f32 / self.average_length;
        tf * (K1 + 1.0) / (tf + K1 * norm)
    }

    /// Normalised BM25 of `query` against the given documents.
    pub fn score(&self, query: &str, documents: &[u32]) -> Vec<f32> {
        self.score_mixed(&[(query, 1.0)], documents)
    }

    /// The `k` best documents for `query` by normalised BM25.
    pub fn search(&self, query: &str, k: usize) -> Vec<(f32, u32)> {
        self.search_mixed(&[(query, 1.0)], k)
    }

    /// A weighted sum of the normalised BM25 of several wordings of one query (a claim
    /// alone and with its context), against the given documents.
    pub fn score_mixed(&self, parts: &[(&str, f32)], documents: &[u32]) -> Vec<f32> {
        let prepared: Vec<(Vec<(u32, f32)>, f32)> = parts
            .iter()
            .map(|&(query, weight)| {
                let (words, ceiling) = self.prepare(query);
                (words, weight / ceiling)
            })
            .collect();
        documents
            .iter()
            .map(|&doc| {
                prepared
                    .iter()
                    .map(|(words, factor)| {
                        words
                            .iter()
                            .filter_map(|&(w, idf)| {
                                let list = &self.postings[w as usize];
                                list.binary_search_by_key(&doc, |&(d, _)| d)
                                    .ok()
                                    .map(|at| idf * self.term(list[at].1, doc))
                            })
                            .sum::<f32>()
                            * factor
                    })
                    .sum::<f32>()
            })
            .collect()
    }

    /// The `k` best documents by [`score_mixed`](Self::score_mixed) (up to rounding).
    ///
    /// Exact top-k without reading every posting of common words (MaxScore): words are
    /// taken rarest-impact last, and once the most the unread words could add to a document
    /// is below the k-th best sum so far, no unseen document can enter the top k; the
    /// remaining words are then looked up only for the documents already seen.
    pub fn search_mixed(&self, parts: &[(&str, f32)], k: usize) -> Vec<(f32, u32)> {
        thread_local! {
            // Per-document sums and the documents touched: a dense array is several times
            // faster than a hash map when a word brings in many documents.
            static SUMS: RefCell<(Vec<f32>, Vec<u32>, Vec<u32>)> =
                const { RefCell::new((Vec::new(), Vec::new(), Vec::new())) };
        }
        if k == 0 {
            return Vec::new();
        }
        // Each distinct word once, with the summed factor of the parts that have it.
        let mut words: Vec<(u32, f32)> = Vec::new();
        for &(query, weight) in parts {
            if weight <= 0.0 {
                continue;
            }
            let (prepared, ceiling) = self.prepare(query);
            for (w, idf) in prepared {
                let factor = idf * weight / ceiling;
                match words.iter_mut().find(|(x, _)| *x == w) {
                    Some((_, f)) => *f += factor,
                    None => words.push((w, factor)),
                }
            }
        }
        // Most a word can add to one document: its factor times the saturated term.
        let bound = |f: f32| f * (K1 + 1.0);
        words.sort_by(|a, b| bound(b.1).total_cmp(&bound(a.1)).then(a.0.cmp(&b.0)));
        let mut rest: Vec<f32> = vec![0.0; words.len() + 1];
        for i in (0..words.len()).rev() {
            rest[i] = rest[i + 1] + bound(words[i].1);
        }
        SUMS.with_borrow_mut(|(sums, touched, candidates)| {
            if sums.len() < self.lengths.len() {
                sums.resize(self.lengths.len(), 0.0);
            }
            // Open: every document of a word is added. Closed (from word `i` on): only the
            // documents that can still reach the k-th best sum are followed.
            let mut closed = false;
            for (i, &(w, factor)) in words.iter().enumerate() {
                let list = &self.postings[w as usize];
                if !closed && touched.len() >= k {
                    let kth = kth_best(touched.iter().map(|&d| sums[d as usize]), k);
                    // Slightly generous: rounding must not shut out a document that ties.
                    let reach = rest[i] * 1.0001;
                    if reach < kth {
                        closed = true;
                        candidates.clear();
                        candidates.extend(
                            touched
                                .iter()
                                .copied()
                                .filter(|&d| sums[d as usize] + reach >= kth),
                        );
                    }
                }
                if !closed {
                    for &(doc, tf) in list {
                        // Every term is positive, so a zero sum means not touched yet.
                        let sum = &mut sums[doc as usize];
                        if *sum == 0.0 {
                            touched.push(doc);
                        }
                        *sum += factor * self.term(tf, doc);
                    }
                } else {
                    for &doc in candidates.iter() {
                        if let Ok(at) = list.binary_search_by_key(&doc, |&(d, _)| d) {
                            sums[doc as usize] += factor * self.term(list[at].1, doc);
                        }
                    }
                }
            }
            // `push_top` orders by score, then document: the result does not depend on the
            // order documents were touched in.
            let mut top = Vec::with_capacity(k + 1);
            for &doc in if closed { &*candidates } else { &*touched } {
                super::index::push_top(&mut top, k, sums[doc as usize], doc);
            }
            for &doc in touched.iter() {
                sums[doc as usize] = 0.0;
            }
            touched.clear();
            candidates.clear();
            top
        })
    }
}

/// The `k`-th largest of `values` (there are at least `k`).
fn kth_best(values: impl Iterator<Item = f32>, k: usize) -> f32 {
    let mut best: Vec<f32> = Vec::with_capacity(k + 1);
    for v in values {
        if best.len() < k || v > best[k - 1] {
            let at = best.partition_point(|&b| b >= v);
            best.insert(at, v);
            best.truncate(k);
        }
    }
    best[k - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_shared_words_rank_first_and_scores_stay_in_range() {
        let docs = [
            "The militia numbered 100,000 fighters according to estimates",
            "Unemployment fell to the lowest rate in 17 years",
            "The militia was praised by the government",
        ];
        let index = LexicalIndex::build(docs.iter().copied());
        let top = index.search("unemployment is at its lowest rate in years", 3);
        assert_eq!(top[0].1, 1);
        assert!(top.iter().all(|&(s, _)| (0.0..=1.0).contains(&s)));
        let scores = index.score("militia fighters", &[0, 1, 2]);
        assert!(scores[0] > scores[2] && scores[1] == 0.0);
    }

    #[test]
    fn mixed_wordings_add_up_by_weight() {
        let docs = [
            "The militia numbered 100,000 fighters according to estimates",
            "Unemployment fell to the lowest rate in 17 years",
        ];
        let index = LexicalIndex::build(docs.iter().copied());
        let alone = index.score("militia fighters", &[0, 1]);
        let other = index.score("unemployment rate", &[0, 1]);
        let mixed = index.score_mixed(
            &[("militia fighters", 0.5), ("unemployment rate", 0.5)],
            &[0, 1],
        );
        for d in 0..2 {
            assert!((mixed[d] - 0.5 * alone[d] - 0.5 * other[d]).abs() < 1e-6);
        }
        let top = index.search_mixed(&[("militia fighters", 0.5), ("unemployment rate", 0.5)], 2);
        assert_eq!(top.len(), 2);
        assert!((top[0].0 - mixed[top[0].1 as usize]).abs() < 1e-6);
    }

    /// Documents of a few rare words and many common ones, like claims.
    fn corpus(n: u64) -> Vec<String> {
        (0..n)
            .map(|i| {
                let x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
                format!(
                    "rare{} rare{} common{} common{} common{} shared",
                    x % 97,
                    (x >> 8) % 89,
                    (x >> 16) % 3,
                    (x >> 20) % 5,
                    (x >> 24) % 4
                )
            })
            .collect()
    }

    #[test]
    fn pruned_search_finds_the_same_top_k_as_scoring_everything() {
        let docs = corpus(3000);
        let index = LexicalIndex::build(docs.iter().map(String::as_str));
        let all: Vec<u32> = (0..docs.len() as u32).collect();
        for (q, query) in [
            "rare5 common1 shared",
            "rare17 rare40 common0 common2 common3 shared",
            "common1 shared",
            "rare3 unknownword common2",
        ]
        .iter()
        .enumerate()
        {
            let parts = [(*query, 0.5), ("rare11 common0", 0.5)];
            let scores = index.score_mixed(&parts, &all);
            let mut expected = Vec::new();
            for (d, &s) in scores.iter().enumerate() {
                if s > 0.0 {
                    super::super::index::push_top(&mut expected, 10, s, d as u32);
                }
            }
            let found = index.search_mixed(&parts, 10);
            assert_eq!(found.len(), expected.len(), "query {q}");
            for (f, e) in found.iter().zip(&expected) {
                assert!(
                    (f.0 - e.0).abs() < 1e-5,
                    "query {q}: {found:?} vs {expected:?}"
                );
            }
            // Same documents, except where rounding reorders exact ties.
            let ids = |v: &[(f32, u32)]| v.iter().map(|x| x.1).collect::<Vec<_>>();
            let last = expected.last().unwrap().0;
            let sure = |v: &[(f32, u32)]| {
                ids(&v
                    .iter()
                    .copied()
                    .filter(|x| x.0 > last + 1e-5)
                    .collect::<Vec<_>>())
            };
            assert_eq!(sure(&found), sure(&expected), "query {q}");
        }
    }
}
