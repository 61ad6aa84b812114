//! Measuring claim matching on CLEF CheckThat! 2021 Task 2B (English): debate sentences
//! (queries) against PolitiFact fact-checks (the memory).
//!
//! The folder holds `vclaims.tsv`, `queries_{train,dev}.tsv` and `qrels_{train,dev}.tsv`
//! (tab-separated, a header, no quoting). Ranking is scored with the task's measures (MAP@5
//! with the task scorer's denominator — all relevant fact-checks of the query — MRR, P@1).
//! The "nothing matches" decision is scored with each query's memory cut to fact-checks
//! published before its debate, as a newsroom's memory would be: one index per debate date,
//! built from those fact-checks alone (its BM25 statistics included).
//!
//! The decision is scored strictly: a match is right only when the fact-check it names is
//! one the task lists for the query. The task lists the fact-check written about that very
//! debate, so an older fact-check of the same claim counts as wrong (and a query whose
//! listed fact-check came later counts as unanswerable even where such an older one exists):
//! strict precision understates the real one. Detection (was anything matched for a query
//! that has a listed fact-check in its memory) is reported beside it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::matcher::{sort_matches, Match, MatchOptions, MatchQuery, MemoryIndex};
use super::{MemoryError, Remembered};

/// One fact-check of the collection.
#[derive(Debug, Clone)]
pub struct FactCheck {
    pub id: String,
    pub title: String,
    pub claim: String,
    pub verdict: String,
    pub factcheck_date: String,
}

/// One query sentence with its relevant fact-checks.
#[derive(Debug, Clone)]
pub struct Query {
    pub id: String,
    pub text: String,
    /// The transcript sentence before the query, without its speaker's name (empty when
    /// the data has none).
    pub context: String,
    pub date: String,
    pub relevant: HashSet<String>,
}

/// The task data: the collection and the two query splits.
#[derive(Debug, Clone)]
pub struct Task {
    pub facts: Vec<FactCheck>,
    pub train: Vec<Query>,
    pub dev: Vec<Query>,
}

/// The `wanted` columns of every row; a column named in `optional` may be missing (then
/// empty).
fn read_tsv(
    path: &Path,
    wanted: &[&str],
    optional: &[&str],
) -> Result<Vec<Vec<String>>, MemoryError> {
    let data_error = |message: String| MemoryError::Data {
        path: path.to_path_buf(),
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quoting(false)
        .flexible(true)
        .from_path(path)
        .map_err(|e| data_error(format!("cannot read: {e}")))?;
    let header = reader
        .headers()
        .map_err(|e| data_error(format!("bad header: {e}")))?
        .clone();
    let columns: Vec<usize> = wanted
        .iter()
        .map(|w| match header.iter().position(|h| h == *w) {
            Some(at) => Ok(at),
            None if optional.contains(w) => Ok(usize::MAX),
            None => Err(data_error(format!("no `{w}` column"))),
        })
        .collect::<Result<_, _>>()?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| data_error(format!("bad row: {e}")))?;
        rows.push(
            columns
                .iter()
                .map(|&c| record.get(c).unwrap_or("").to_string())
                .collect(),
        );
    }
    Ok(rows)
}

impl Task {
    pub fn load(dir: &Path) -> Result<Task, MemoryError> {
        let facts = read_tsv(
            &dir.join("vclaims.tsv"),
            &[
                "vclaim_id",
                "title",
                "vclaim",
                "truth_label",
                "factcheck_date",
            ],
            &[],
        )?
        .into_iter()
        .map(|mut r| FactCheck {
            factcheck_date: std::mem::take(&mut r[4]),
            verdict: std::mem::take(&mut r[3]),
            claim: std::mem::take(&mut r[2]),
            title: std::mem::take(&mut r[1]),
            id: std::mem::take(&mut r[0]),
        })
        .collect();
        let split = |name: &str| -> Result<Vec<Query>, MemoryError> {
            let mut relevant: HashMap<String, HashSet<String>> = HashMap::new();
            for r in read_tsv(
                &dir.join(format!("qrels_{name}.tsv")),
                &["query_id", "vclaim_id"],
                &[],
            )? {
                relevant
                    .entry(r[0].clone())
                    .or_default()
                    .insert(r[1].clone());
            }
            Ok(read_tsv(
                &dir.join(format!("queries_{name}.tsv")),
                &["query_id", "text", "debate_date", "context_before"],
                &["context_before"],
            )?
            .into_iter()
            .map(|r| Query {
                relevant: relevant.remove(&r[0]).unwrap_or_default(),
                id: r[0].clone(),
                text: r[1].clone(),
                context: last_sentence(&r[3]).to_string(),
                date: r[2].clone(),
            })
            .collect())
        };
        Ok(Task {
            facts,
            train: split("train")?,
            dev: split("dev")?,
        })
    }
}

/// The last of `Speaker: sentence || Speaker: sentence`, without the speaker.
fn last_sentence(context: &str) -> &str {
    let last = context.rsplit(" || ").next().unwrap_or("").trim();
    match last.split_once(": ") {
        Some((speaker, sentence)) if speaker.chars().count() <= 40 => sentence.trim(),
        _ => last,
    }
}

impl Query {
    pub fn as_match_query(&self) -> MatchQuery<'_> {
        MatchQuery::with_context(&self.text, &self.context)
    }
}

/// Ranking quality over a set of queries.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct RankScores {
    pub queries: usize,
    pub map_at_5: f64,
    pub mrr: f64,
    pub p_at_1: f64,
}

/// The "has this been checked before?" decision at one threshold.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Decision {
    pub threshold: f32,
    /// Queries with a relevant fact-check in their date-cut memory.
    pub answerable: usize,
    /// Queries given a match (confidence ≥ threshold).
    pub matched: usize,
    /// Of those, matched to a relevant fact-check.
    pub correct: usize,
    /// `correct / matched` (1 when nothing is matched).
    pub precision: f64,
    /// `correct / answerable`.
    pub recall: f64,
    /// Matched queries that are answerable, whichever fact-check was named.
    pub detected: usize,
    /// `detected / matched`: the decision alone, ignoring which fact-check was named.
    pub detection_precision: f64,
    /// `detected / answerable`.
    pub detection_recall: f64,
}

/// One query against its date-cut memory.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Cut {
    pub query: String,
    /// The fact-check of the best candidate (empty when none).
    pub best: String,
    /// The best candidate's confidence, when the cut memory had any candidate.
    pub confidence: Option<f32>,
    /// Whether that candidate is a relevant fact-check.
    pub right: bool,
    /// Whether any relevant fact-check is in the cut memory.
    pub answerable: bool,
}

/// Candidates of one query, with which fact-check each is.
pub struct Ranked<'a> {
    pub query: &'a Query,
    pub matches: Vec<Match>,
}

/// MAP@5, MRR and P@1 of the rankings as currently scored.
pub fn rank_scores(ranked: &[Ranked], index: &MemoryIndex) -> RankScores {
    let mut s = RankScores {
        queries: ranked.len(),
        ..Default::default()
    };
    for r in ranked {
        let relevant = |m: &Match| {
            r.query
                .relevant
                .contains(&index.rows()[m.row as usize].claim_id)
        };
        let mut hits = 0;
        let mut ap = 0.0;
        for (i, m) in r.matches.iter().take(5).enumerate() {
            if relevant(m) {
                hits += 1;
                ap += hits as f64 / (i + 1) as f64;
            }
        }
        if !r.query.relevant.is_empty() {
            s.map_at_5 += ap / r.query.relevant.len() as f64;
        }
        if let Some(first) = r.matches.iter().position(relevant) {
            s.mrr += 1.0 / (first + 1) as f64;
            if first == 0 {
                s.p_at_1 += 1.0;
            }
        }
    }
    let n = ranked.len().max(1) as f64;
    s.map_at_5 /= n;
    s.mrr /= n;
    s.p_at_1 /= n;
    s
}

/// Re-scores every candidate with `options` and re-sorts.
pub fn rescore(ranked: &mut [Ranked], options: &MatchOptions) {
    for r in ranked {
        for m in &mut r.matches {
            m.score = m.signals.score(options);
        }
        sort_matches(&mut r.matches);
    }
}

/// Each query against a memory of the fact-checks published before its date (`rows`
/// with their vectors; `vectors` the queries' vectors from
/// [`query_vectors`](super::query_vectors) under `options`). One index is built per date.
pub fn date_cut(
    rows: &[Remembered],
    dim: usize,
    options: &MatchOptions,
    queries: &[Query],
    vectors: &[f32],
) -> Vec<Cut> {
    let mut by_date: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, q) in queries.iter().enumerate() {
        by_date.entry(q.date.as_str()).or_default().push(i);
    }
    let mut cuts: Vec<Cut> = queries
        .iter()
        .map(|q| Cut {
            query: q.id.clone(),
            best: String::new(),
            confidence: None,
            right: false,
            answerable: false,
        })
        .collect();
    for (date, members) in by_date {
        let before: Vec<Remembered> = rows
            .iter()
            .filter(|r| r.article_date.as_str() < date)
            .cloned()
            .collect();
        let index = MemoryIndex::build(before, dim, *options);
        let asked: Vec<MatchQuery> = members
            .iter()
            .map(|&i| queries[i].as_match_query())
            .collect();
        let mut flat = Vec::with_capacity(members.len() * dim);
        for &i in &members {
            flat.extend_from_slice(&vectors[i * dim..(i + 1) * dim]);
        }
        for (&i, ranked) in members.iter().zip(index.rank(&asked, &flat)) {
            let query = &queries[i];
            let best = index.assess(&ranked);
            let best_id = best.map_or("", |b| &index.rows()[b.best.row as usize].claim_id);
            cuts[i] = Cut {
                query: query.id.clone(),
                best: best_id.to_string(),
                confidence: best.map(|b| b.confidence),
                right: query.relevant.contains(best_id),
                answerable: index
                    .rows()
                    .iter()
                    .any(|f| query.relevant.contains(&f.claim_id)),
            };
        }
    }
    cuts
}

/// Precision and recall of "matched" decisions at `threshold`.
pub fn decide(cuts: &[Cut], threshold: f32) -> Decision {
    let mut d = Decision {
        threshold,
        ..Default::default()
    };
    for cut in cuts {
        d.answerable += usize::from(cut.answerable);
        if cut.confidence.is_some_and(|c| c >= threshold) {
            d.matched += 1;
            d.correct += usize::from(cut.right);
            d.detected += usize::from(cut.answerable);
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    d.precision = ratio(d.correct, d.matched);
    d.recall = d.correct as f64 / d.answerable.max(1) as f64;
    d.detection_precision = ratio(d.detected, d.matched);
    d.detection_recall = d.detected as f64 / d.answerable.max(1) as f64;
    d
}

/// Fewer matched queries than this say little about precision (one right match is
/// precision 1): [`fit_threshold`] does not choose a threshold that matches fewer.
pub const MIN_MATCHED: usize = 10;

/// The threshold that finds the most right matches with precision at least `precision`
/// and at least [`MIN_MATCHED`] queries matched (the highest such threshold when several
/// find as many), looking only at thresholds where the decision changes; infinity (nothing
/// ever matched) when there is none.
pub fn fit_threshold(cuts: &[Cut], precision: f64) -> Decision {
    let mut candidates: Vec<f32> = cuts.iter().filter_map(|c| c.confidence).collect();
    candidates.sort_by(f32::total_cmp);
    candidates.dedup();
    let mut chosen = decide(cuts, f32::INFINITY);
    // From the highest down: precision may dip and recover, so keep the lowest that holds.
    for &t in candidates.iter().rev() {
        let d = decide(cuts, t);
        // Strictly more found: a lower threshold that only adds wrong matches is not taken.
        if d.precision >= precision && d.matched >= MIN_MATCHED && d.recall > chosen.recall {
            chosen = d;
        }
    }
    chosen
}

/// The weights that maximise MAP@5 on `ranked` over a fixed grid.
pub fn fit_weights(
    ranked: &mut [Ranked],
    index: &MemoryIndex,
    base: &MatchOptions,
) -> (MatchOptions, RankScores) {
    let mut best: Option<(MatchOptions, RankScores)> = None;
    for lexical in 0..=20 {
        for numbers in [0.0f32, 0.05, 0.1, 0.15, 0.2, 0.3] {
            let options = MatchOptions {
                lexical_weight: lexical as f32 * 0.1,
                numbers_weight: numbers,
                ..*base
            };
            rescore(ranked, &options);
            let s = rank_scores(ranked, index);
            if best
                .as_ref()
                .is_none_or(|(_, b)| s.map_at_5 > b.map_at_5 + 1e-12)
            {
                best = Some((options, s));
            }
        }
    }
    best.expect("grid is not empty")
}

/// Everything `claimsift memory eval` reports.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EvalReport {
    pub data: PathBuf,
    pub fact_checks: usize,
    pub shipped: MatchOptions,
    pub dev: RankScores,
    pub train: RankScores,
    /// The shipped weights with the claim alone (context weight 0).
    pub dev_without_context: RankScores,
    pub dev_cosine_only: RankScores,
    pub dev_bm25_only: RankScores,
    pub fitted_on_train: MatchOptions,
    pub dev_with_fitted: RankScores,
    /// Dev at the shipped threshold (date-cut memory).
    pub dev_decision: Decision,
    /// Dev queries whose date-cut best candidate is relevant: the most any threshold can
    /// get right.
    pub dev_best_is_right: usize,
    /// The threshold that dev itself would choose for precision ≥ 0.9 and ≥ 0.8.
    pub dev_fitted_p90: Decision,
    pub dev_fitted_p80: Decision,
    /// Train at the shipped threshold, and the threshold train would choose for precision
    /// ≥ 0.9 with dev at it.
    pub train_decision: Decision,
    pub train_fitted_p90: Decision,
    pub dev_at_train_p90: Decision,
    /// The threshold train would choose for precision ≥ 0.8 (the shipped threshold is
    /// this one when train reaches no threshold for 0.9), with dev at it.
    pub train_fitted_p80: Decision,
    pub dev_at_train_p80: Decision,
    pub by_split: BTreeMap<String, usize>,
    /// Each dev query against its date-cut memory, for reading the decisions one by one.
    pub dev_cuts: Vec<Cut>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(confidence: f32, right: bool, answerable: bool) -> Cut {
        Cut {
            query: String::new(),
            best: String::new(),
            confidence: Some(confidence),
            right,
            answerable,
        }
    }

    #[test]
    fn decisions_count_wrong_fact_checks_and_unanswerable_queries_against_precision() {
        let cuts = [
            cut(0.9, true, true),
            cut(0.8, false, true),  // answerable, but another fact-check named
            cut(0.7, false, false), // nothing to find, yet matched
            cut(0.2, false, true),
        ];
        let d = decide(&cuts, 0.5);
        assert_eq!(
            (d.answerable, d.matched, d.correct, d.detected),
            (3, 3, 1, 2)
        );
        assert!((d.precision - 1.0 / 3.0).abs() < 1e-9);
        assert!((d.recall - 1.0 / 3.0).abs() < 1e-9);
        assert!((d.detection_precision - 2.0 / 3.0).abs() < 1e-9);
        let none = decide(&cuts, 1.0);
        assert_eq!((none.matched, none.precision, none.recall), (0, 1.0, 0.0));
    }

    #[test]
    fn a_threshold_is_fitted_only_on_enough_matches() {
        let mut cuts: Vec<Cut> = (0..12)
            .map(|i| cut(1.0 - i as f32 * 0.01, true, true))
            .collect();
        cuts.push(cut(0.85, false, true));
        for i in 0..5 {
            cuts.push(cut(0.5 - i as f32 * 0.01, false, true));
        }
        let d = fit_threshold(&cuts, 0.9);
        assert_eq!((d.matched, d.correct), (12, 12));
        assert!((d.threshold - 0.89).abs() < 1e-6, "{d:?}");
        // Lower thresholds find no more right matches: the higher one stays.
        assert_eq!(fit_threshold(&cuts, 0.5).threshold, d.threshold);
        // Three sure matches are too few to fit on.
        assert_eq!(fit_threshold(&cuts[..3], 0.9).threshold, f32::INFINITY);
    }

    #[test]
    fn the_context_is_the_last_sentence_without_its_speaker() {
        assert_eq!(
            last_sentence("A: One. || Donald Trump: It went up. "),
            "It went up."
        );
        assert_eq!(last_sentence(""), "");
        assert_eq!(last_sentence("No speaker here"), "No speaker here");
    }
}
