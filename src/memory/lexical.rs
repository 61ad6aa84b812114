//! BM25 over remembered claims: rewards the rare words a query shares with a claim.
//!
//! Scores are normalised by the best a document could score for that query (every query
//! word present with a saturated frequency), so they fall in 0..1 and one threshold means
//! the same thing for every query.

use std::collections::HashMap;

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
        let mut vocabulary: HashMap<String, u32> = HashMap::new();
        let mut postings: Vec<Vec<(u32, u16)>> = Vec::new();
        let mut lengths = Vec::new();
        for (doc, text) in documents.into_iter().enumerate() {
            let words = content_words(text);
            lengths.push(words.len() as u32);
            let mut counts: HashMap<&str, u16> = HashMap::new();
            for w in &words {
                *counts.entry(w.as_str()).or_default() += 1;
            }
            let mut counts: Vec<(&str, u16)> = counts.into_iter().collect();
            counts.sort_unstable();
            for (word, tf) in counts {
                let next = vocabulary.len() as u32;
                let id = *vocabulary.entry(word.to_string()).or_insert(next);
                if id as usize == postings.len() {
                    postings.push(Vec::new());
                }
                postings[id as usize].push((doc as u32, tf));
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
        let (words, ceiling) = self.prepare(query);
        documents
            .iter()
            .map(|&doc| {
                words
                    .iter()
                    .filter_map(|&(w, idf)| {
                        let list = &self.postings[w as usize];
                        list.binary_search_by_key(&doc, |&(d, _)| d)
                            .ok()
                            .map(|at| idf * self.term(list[at].1, doc))
                    })
                    .sum::<f32>()
                    / ceiling
            })
            .collect()
    }

    /// The `k` best documents for `query` by normalised BM25.
    pub fn search(&self, query: &str, k: usize) -> Vec<(f32, u32)> {
        let (words, ceiling) = self.prepare(query);
        let mut scores: HashMap<u32, f32> = HashMap::new();
        for &(w, idf) in &words {
            for &(doc, tf) in &self.postings[w as usize] {
                *scores.entry(doc).or_default() += idf * self.term(tf, doc);
            }
        }
        let mut top = Vec::with_capacity(k + 1);
        let mut entries: Vec<(u32, f32)> = scores.into_iter().collect();
        entries.sort_unstable_by_key(|&(d, _)| d);
        for (doc, s) in entries {
            super::index::push_top(&mut top, k, s / ceiling, doc);
        }
        top
    }
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
}
