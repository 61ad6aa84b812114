//! BM25 of a query against given remembered claims: rewards the rare words they share.
//!
//! Scores are normalised by the best a document could score for that query (every query
//! word present with a saturated frequency), so they fall in 0..1 and one threshold means
//! the same thing for every query.
//!
//! BM25 only scores the candidates the vector index found; it does not search the memory
//! itself: a BM25 search has to read the long posting lists of common words for every query
//! (100,000 queries against 1,000,000 claims took over 15 minutes), while taking three times
//! as many vector candidates instead kept CT21 2B's ranking and decision as they were
//! (`claimsift memory eval`). So each claim keeps its own word list, sorted,
//! and a query is scored against a candidate by one merge of the two lists.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::claims::group::content_words;

const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Remembered claims' words, claim by claim, with how many claims have each word.
pub struct LexicalIndex {
    vocabulary: HashMap<String, u32>,
    /// Per word: the number of documents that have it.
    frequencies: Vec<u32>,
    /// (word, term frequency) of every document, words ascending within a document;
    /// document `d`'s are `terms[starts[d]..starts[d + 1]]`.
    terms: Vec<(u32, u16)>,
    starts: Vec<u32>,
    lengths: Vec<u32>,
    average_length: f32,
}

impl LexicalIndex {
    pub fn build<'a>(documents: impl IntoIterator<Item = &'a str>) -> Self {
        // Words are counted in parallel a chunk at a time, then numbered in document order,
        // so the index does not depend on thread timing.
        const CHUNK: usize = 16_384;
        let mut vocabulary: HashMap<String, u32> = HashMap::new();
        let mut frequencies: Vec<u32> = Vec::new();
        let mut terms: Vec<(u32, u16)> = Vec::new();
        let mut starts: Vec<u32> = vec![0];
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
                lengths.push(length);
                let first = terms.len();
                for (word, tf) in counts {
                    let id = match vocabulary.get(&word) {
                        Some(&id) => id,
                        None => {
                            let id = frequencies.len() as u32;
                            vocabulary.insert(word, id);
                            frequencies.push(0);
                            id
                        }
                    };
                    frequencies[id as usize] += 1;
                    terms.push((id, tf));
                }
                terms[first..].sort_unstable();
                starts.push(u32::try_from(terms.len()).expect("under 4 billion words"));
            }
        }
        terms.shrink_to_fit();
        let average_length = if lengths.is_empty() {
            1.0
        } else {
            (lengths.iter().map(|&l| l as f64).sum::<f64>() / lengths.len() as f64).max(1.0) as f32
        };
        LexicalIndex {
            vocabulary,
            frequencies,
            terms,
            starts,
            lengths,
            average_length,
        }
    }

    fn idf(&self, word: u32) -> f32 {
        let n = self.lengths.len() as f32;
        let df = self.frequencies[word as usize] as f32;
        ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
    }

    /// The query's known words (ascending) with their idf, and the best score any document
    /// could get.
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

    /// Unnormalised BM25 of prepared query words against one document.
    fn sum(&self, words: &[(u32, f32)], doc: u32) -> f32 {
        let d = doc as usize;
        let terms = &self.terms[self.starts[d] as usize..self.starts[d + 1] as usize];
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < words.len() && j < terms.len() {
            match words[i].0.cmp(&terms[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += words[i].1 * self.term(terms[j].1, doc);
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    /// Normalised BM25 of `query` against the given documents.
    pub fn score(&self, query: &str, documents: &[u32]) -> Vec<f32> {
        self.score_mixed(&[(query, 1.0)], documents)
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
                    .map(|(words, factor)| self.sum(words, doc) * factor)
                    .sum::<f32>()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_shared_words_score_highest_and_scores_stay_in_range() {
        let docs = [
            "The militia numbered 100,000 fighters according to estimates",
            "Unemployment fell to the lowest rate in 17 years",
            "The militia was praised by the government",
        ];
        let index = LexicalIndex::build(docs.iter().copied());
        let scores = index.score("unemployment is at its lowest rate in years", &[0, 1, 2]);
        assert!(scores[1] > scores[0] && scores[1] > scores[2]);
        assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)));
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
    }

    /// The merge of word lists must give textbook BM25: a direct count per document.
    #[test]
    fn scores_are_bm25_over_the_ceiling() {
        let docs = [
            "rare1 common common shared",
            "rare2 common shared",
            "shared common rare1 rare1 rare3",
        ];
        let index = LexicalIndex::build(docs.iter().copied());
        let query = "rare1 common unknownword";
        let n = docs.len() as f32;
        let words: Vec<Vec<String>> = docs.iter().map(|d| content_words(d)).collect();
        let average = words.iter().map(Vec::len).sum::<usize>() as f32 / n;
        let idf = |w: &str| {
            let df = words.iter().filter(|d| d.iter().any(|x| x == w)).count() as f32;
            ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
        };
        let max_idf = ((n + 0.5) / 0.5 + 1.0).ln();
        let ceiling = (idf("rare1") + idf("common") + max_idf) * (K1 + 1.0);
        let scores = index.score(query, &[0, 1, 2]);
        for (d, doc) in words.iter().enumerate() {
            let expected: f32 = ["rare1", "common"]
                .iter()
                .map(|w| {
                    let tf = doc.iter().filter(|x| x == w).count() as f32;
                    let norm = 1.0 - B + B * doc.len() as f32 / average;
                    idf(w) * tf * (K1 + 1.0) / (tf + K1 * norm)
                })
                .sum::<f32>()
                / ceiling;
            assert!((scores[d] - expected).abs() < 1e-6, "doc {d}: {scores:?}");
        }
    }
}
