//! Matching new claims against remembered ones: sentence-vector cosine, BM25 and figures.
//!
//! Candidates are the nearest remembered claims by vector plus the best by BM25; each is
//! scored `cosine + lexical_weight · bm25 + numbers_weight · figures`, where `figures` is
//! the overlap of the two claims' numbers (−1 when both state numbers and none agree). The
//! weights and the threshold were chosen on the CT21 2B training queries (`claimsift memory
//! eval` refits and reports them).

use rayon::prelude::*;

use super::{LexicalIndex, Remembered, VectorIndex};
use crate::claims::group::numbers;

/// How matches are scored and when one counts.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct MatchOptions {
    /// Candidates taken from each of the vector and BM25 rankings.
    pub candidates: usize,
    pub lexical_weight: f32,
    pub numbers_weight: f32,
    /// Lowest score that counts as "already reviewed".
    pub threshold: f32,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            candidates: 30,
            // Fitted on the CT21 2B train queries (`claimsift memory eval`): the grid's best
            // MAP@5 there; figure agreement got weight 0 on those debate sentences.
            lexical_weight: 0.6,
            numbers_weight: 0.0,
            // The lowest train threshold keeping precision ≥ 0.8 on the date-cut memory.
            threshold: 1.12,
        }
    }
}

/// The evidence behind a match score.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Signals {
    pub cosine: f32,
    pub lexical: f32,
    pub numbers: f32,
}

impl Signals {
    pub fn score(&self, options: &MatchOptions) -> f32 {
        self.cosine + options.lexical_weight * self.lexical + options.numbers_weight * self.numbers
    }
}

/// A remembered claim close to a query.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Match {
    /// Position in [`MemoryIndex::rows`].
    pub row: u32,
    pub score: f32,
    pub signals: Signals,
}

/// Remembered claims, ready to be matched against.
pub struct MemoryIndex {
    rows: Vec<Remembered>,
    vectors: VectorIndex,
    lexical: LexicalIndex,
    numbers: Vec<Vec<String>>,
    options: MatchOptions,
}

impl MemoryIndex {
    /// Indexes remembered claims (their vectors are moved into the index).
    pub fn build(mut rows: Vec<Remembered>, dim: usize, options: MatchOptions) -> Self {
        let mut flat = Vec::with_capacity(rows.len() * dim);
        for row in &mut rows {
            flat.extend_from_slice(&row.vector);
            row.vector = Vec::new();
        }
        let vectors = VectorIndex::build(&flat, dim);
        drop(flat);
        // The title says what the claim is about in other words (a fact-check's headline,
        // an article's title): BM25 reads both.
        let documents: Vec<String> = rows
            .iter()
            .map(|r| format!("{} {}", r.text, r.title))
            .collect();
        let lexical = LexicalIndex::build(documents.iter().map(String::as_str));
        let numbers = rows.par_iter().map(|r| numbers(&r.text)).collect();
        MemoryIndex {
            rows,
            vectors,
            lexical,
            numbers,
            options,
        }
    }

    pub fn rows(&self) -> &[Remembered] {
        &self.rows
    }

    pub fn options(&self) -> &MatchOptions {
        &self.options
    }

    pub fn set_options(&mut self, options: MatchOptions) {
        self.options = options;
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Candidates for each query (`texts[i]` with unit vector `vectors[i*dim..]`), best
    /// first by the current options, with their signals.
    pub fn rank(&self, texts: &[&str], vectors: &[f32]) -> Vec<Vec<Match>> {
        let k = self.options.candidates;
        let by_vector = self.vectors.search(vectors, k);
        texts
            .par_iter()
            .enumerate()
            .zip(by_vector)
            .map(|((q, text), nearest)| {
                let mut ids: Vec<u32> = nearest.iter().map(|&(_, i)| i).collect();
                ids.extend(self.lexical.search(text, k).into_iter().map(|(_, i)| i));
                ids.sort_unstable();
                ids.dedup();
                let query_numbers = numbers(text);
                let lexical = self.lexical.score(text, &ids);
                let qv = &vectors[q * self.vectors.dim()..(q + 1) * self.vectors.dim()];
                let mut matches: Vec<Match> = ids
                    .iter()
                    .zip(lexical)
                    .map(|(&row, lexical)| {
                        let signals = Signals {
                            cosine: self.vectors.cosine(qv, row),
                            lexical,
                            numbers: figure_agreement(&query_numbers, &self.numbers[row as usize]),
                        };
                        Match {
                            row,
                            score: signals.score(&self.options),
                            signals,
                        }
                    })
                    .collect();
                sort_matches(&mut matches);
                matches
            })
            .collect()
    }

    /// The best remembered claim for each query, when its score clears the threshold.
    pub fn best(&self, texts: &[&str], vectors: &[f32]) -> Vec<Option<Match>> {
        self.rank(texts, vectors)
            .into_iter()
            .map(|m| {
                m.into_iter()
                    .next()
                    .filter(|m| m.score >= self.options.threshold)
            })
            .collect()
    }
}

/// Best first; ties by row so the order never depends on thread timing.
pub fn sort_matches(matches: &mut [Match]) {
    matches.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.row.cmp(&b.row)));
}

/// Overlap of two claims' figures: 0 when either states none, −1 when both do and none
/// agree, else the Jaccard overlap of the two lists.
pub fn figure_agreement(a: &[String], b: &[String]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.iter().filter(|x| b.contains(x)).count();
    if shared == 0 {
        return -1.0;
    }
    let union = a.len() + b.len() - shared;
    shared as f32 / union.max(1) as f32
}
