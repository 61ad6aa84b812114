//! Measuring claim matching on CLEF CheckThat! 2021 Task 2B (English): debate sentences
//! (queries) against PolitiFact fact-checks (the memory).
//!
//! The folder holds `vclaims.tsv`, `queries_{train,dev}.tsv` and `qrels_{train,dev}.tsv`
//! (tab-separated, a header, no quoting). Ranking is scored with the task's measures (MAP@5
//! with the task scorer's denominator — all relevant fact-checks of the query — MRR, P@1).
//! The "nothing matches" decision is scored with each query's memory cut to fact-checks
//! published before its debate, as a newsroom's memory would be.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::matcher::{sort_matches, Match, MatchOptions, MemoryIndex};
use super::MemoryError;

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

fn read_tsv(path: &Path, wanted: &[&str]) -> Result<Vec<Vec<String>>, MemoryError> {
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
        .map(|w| {
            header
                .iter()
                .position(|h| h == *w)
                .ok_or_else(|| data_error(format!("no `{w}` column")))
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
            )? {
                relevant
                    .entry(r[0].clone())
                    .or_default()
                    .insert(r[1].clone());
            }
            Ok(read_tsv(
                &dir.join(format!("queries_{name}.tsv")),
                &["query_id", "text", "debate_date"],
            )?
            .into_iter()
            .map(|r| Query {
                relevant: relevant.remove(&r[0]).unwrap_or_default(),
                id: r[0].clone(),
                text: r[1].clone(),
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
    /// Queries given a match (score ≥ threshold).
    pub matched: usize,
    /// Of those, matched to a relevant fact-check.
    pub correct: usize,
    pub precision: f64,
    /// `correct / answerable`.
    pub recall: f64,
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

/// For each query: its best candidate in the date-cut memory (fact-checks published before
/// the query's date) and whether any relevant fact-check is in that memory.
pub fn date_cut_best(ranked: &[Ranked], index: &MemoryIndex) -> Vec<(Option<(f32, bool)>, bool)> {
    ranked
        .iter()
        .map(|r| {
            let before =
                |row: u32| index.rows()[row as usize].article_date.as_str() < r.query.date.as_str();
            let answerable = index.rows().iter().any(|f| {
                r.query.relevant.contains(&f.claim_id)
                    && f.article_date.as_str() < r.query.date.as_str()
            });
            let best = r.matches.iter().find(|m| before(m.row)).map(|m| {
                (
                    m.score,
                    r.query
                        .relevant
                        .contains(&index.rows()[m.row as usize].claim_id),
                )
            });
            (best, answerable)
        })
        .collect()
}

/// Precision and recall of "matched" decisions at `threshold`.
pub fn decide(best: &[(Option<(f32, bool)>, bool)], threshold: f32) -> Decision {
    let mut d = Decision {
        threshold,
        ..Default::default()
    };
    for (top, answerable) in best {
        d.answerable += usize::from(*answerable);
        if let Some((score, right)) = top {
            if *score >= threshold {
                d.matched += 1;
                d.correct += usize::from(*right);
            }
        }
    }
    d.precision = if d.matched == 0 {
        1.0
    } else {
        d.correct as f64 / d.matched as f64
    };
    d.recall = d.correct as f64 / d.answerable.max(1) as f64;
    d
}

/// The lowest threshold (most matches found) whose precision is at least `precision`,
/// looking only at thresholds where the decision changes.
pub fn fit_threshold(best: &[(Option<(f32, bool)>, bool)], precision: f64) -> Decision {
    let mut candidates: Vec<f32> = best.iter().filter_map(|(t, _)| t.map(|(s, _)| s)).collect();
    candidates.sort_by(f32::total_cmp);
    candidates.dedup();
    let mut chosen = decide(best, f32::INFINITY);
    // From the highest down: precision may dip and recover, so keep the lowest that holds.
    for &t in candidates.iter().rev() {
        let d = decide(best, t);
        if d.precision >= precision && d.recall >= chosen.recall {
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
    pub dev_cosine_only: RankScores,
    pub dev_bm25_only: RankScores,
    pub fitted_on_train: MatchOptions,
    pub dev_with_fitted: RankScores,
    /// Threshold fitted on the date-cut train queries for precision ≥ 0.9 (shipped weights).
    pub train_decision: Decision,
    pub dev_decision: Decision,
    pub dev_decision_at_shipped_threshold: Decision,
    /// The same fit for precision ≥ 0.8 on train.
    pub train_decision_p80: Decision,
    pub dev_decision_p80: Decision,
    pub by_split: BTreeMap<String, usize>,
}
