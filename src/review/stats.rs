//! Statistics of a reviewed sheet: verdict counts, precision, and what other thresholds would do.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::{ReviewedRow, Sheet, Verdict, VerdictCell, MIN_JUDGED};

/// Counts of the known verdicts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct VerdictCounts {
    pub check: usize,
    pub not_a_claim: usize,
    pub not_worth_checking: usize,
    pub duplicate: usize,
}

impl VerdictCounts {
    fn add(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::Check => self.check += 1,
            Verdict::NotAClaim => self.not_a_claim += 1,
            Verdict::NotWorthChecking => self.not_worth_checking += 1,
            Verdict::Duplicate => self.duplicate += 1,
        }
    }

    /// Rows that say something about the model: all but duplicates.
    pub fn judged(&self) -> usize {
        self.check + self.not_a_claim + self.not_worth_checking
    }

    /// `check / judged`, or `None` with nothing judged.
    pub fn precision(&self) -> Option<f64> {
        (self.judged() > 0).then(|| self.check as f64 / self.judged() as f64)
    }
}

/// A verdict cell that is none of the known verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnknownVerdict {
    pub claim_id: String,
    pub value: String,
}

/// What the model's output would be at one threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThresholdRow {
    pub threshold: f64,
    /// Rows of the sheet (of the original, with `--against`) scoring at least `threshold`.
    pub flagged: usize,
    /// Reviewed rows at or above the threshold with a verdict other than `duplicate`.
    pub judged: usize,
    pub check: usize,
    /// `check / judged`; `null` when nothing is judged.
    pub precision: Option<f64>,
}

/// The suggested threshold, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub threshold: Option<f64>,
    pub reason: String,
}

/// Everything `claimsift review` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub file: String,
    /// The original output the sheet was compared with (`--against`).
    pub against: Option<String>,
    /// Claim rows in the reviewed sheet.
    pub rows: usize,
    /// Rows with a non-empty verdict (unknown values included).
    pub reviewed: usize,
    pub verdicts: VerdictCounts,
    pub unknown: Vec<UnknownVerdict>,
    /// With `--against`: ids of the original missing from the reviewed sheet (deleted rows).
    pub missing_from_review: Option<Vec<String>>,
    /// With `--against`: ids of the reviewed sheet the original does not have (left out of
    /// every figure below).
    pub not_in_original: Option<Vec<String>>,
    /// Rows without a score (left out of the threshold figures).
    pub unscored: usize,
    /// The threshold of the scan, and where it comes from.
    pub run_threshold: Option<f64>,
    pub run_threshold_source: String,
    /// The figures at the run's threshold.
    pub at_run_threshold: Option<ThresholdRow>,
    /// The figures at other thresholds: 0.05 steps, from the lowest that the sheet can answer.
    pub thresholds: Vec<ThresholdRow>,
    pub target_precision: f64,
    pub suggestion: Suggestion,
}

/// A row with its verdict and the score to use (from the original when there is one).
struct Scored<'a> {
    score: Option<f64>,
    verdict: &'a VerdictCell,
}

impl Report {
    /// Builds the report for `sheet`; `original` is the scan's own output (`--against`),
    /// which supplies scores, the list of flagged rows and, from its "Run" sheet, the
    /// threshold when the reviewed copy lost them.
    pub fn build(sheet: &Sheet, original: Option<&Sheet>, target_precision: f64) -> Report {
        let by_id: Option<HashMap<&str, &ReviewedRow>> =
            original.map(|o| o.rows.iter().map(|r| (r.claim_id.as_str(), r)).collect());
        let mut verdicts = VerdictCounts::default();
        let mut unknown = Vec::new();
        let mut reviewed = 0;
        let mut not_in_original = Vec::new();
        let mut scored = Vec::new();
        for row in &sheet.rows {
            match &row.verdict {
                VerdictCell::Empty => {}
                VerdictCell::Known(v) => {
                    reviewed += 1;
                    verdicts.add(*v);
                }
                VerdictCell::Unknown(value) => {
                    reviewed += 1;
                    unknown.push(UnknownVerdict {
                        claim_id: row.claim_id.clone(),
                        value: value.clone(),
                    });
                }
            }
            let score = match &by_id {
                None => row.score,
                Some(map) => match map.get(row.claim_id.as_str()) {
                    Some(orig) => orig.score.or(row.score),
                    None => {
                        not_in_original.push(row.claim_id.clone());
                        continue;
                    }
                },
            };
            scored.push(Scored {
                score,
                verdict: &row.verdict,
            });
        }
        let missing_from_review = original.map(|o| {
            let present: std::collections::HashSet<&str> =
                sheet.rows.iter().map(|r| r.claim_id.as_str()).collect();
            o.rows
                .iter()
                .filter(|r| !present.contains(r.claim_id.as_str()))
                .map(|r| r.claim_id.clone())
                .collect::<Vec<_>>()
        });
        // Flagged counts come from the full output: the original when given.
        let population: Vec<Option<f64>> = match original {
            Some(o) => {
                let reviewed: HashMap<&str, Option<f64>> = sheet
                    .rows
                    .iter()
                    .map(|r| (r.claim_id.as_str(), r.score))
                    .collect();
                o.rows
                    .iter()
                    .map(|r| {
                        r.score
                            .or_else(|| reviewed.get(r.claim_id.as_str()).copied().flatten())
                    })
                    .collect()
            }
            None => sheet.rows.iter().map(|r| r.score).collect(),
        };
        let unscored = scored.iter().filter(|s| s.score.is_none()).count();
        let lowest = population
            .iter()
            .flatten()
            .copied()
            .fold(None, |m: Option<f64>, s| Some(m.map_or(s, |m| m.min(s))));

        let from_run_sheet = sheet
            .run_threshold
            .map(|t| (t, "the Run sheet"))
            .or_else(|| {
                original
                    .and_then(|o| o.run_threshold)
                    .map(|t| (t, "the original's Run sheet"))
            });
        let (run_threshold, run_threshold_source) = match (from_run_sheet, lowest) {
            (Some((t, source)), _) => (Some(t), format!("from {source}")),
            (None, Some(low)) => (
                Some(low),
                "taken as the lowest score in the sheet: no Run sheet records it".to_string(),
            ),
            (None, None) => (None, "unknown: no scores and no Run sheet".to_string()),
        };

        let at = |t: f64| -> ThresholdRow {
            let reaches = |s: Option<f64>| s.is_some_and(|s| s + 1e-9 >= t);
            let mut counts = VerdictCounts::default();
            for row in &scored {
                if let (true, VerdictCell::Known(v)) = (reaches(row.score), row.verdict) {
                    counts.add(*v);
                }
            }
            ThresholdRow {
                threshold: t,
                flagged: population.iter().filter(|s| reaches(**s)).count(),
                judged: counts.judged(),
                check: counts.check,
                precision: counts.precision(),
            }
        };
        let at_run_threshold = run_threshold.map(at);
        // Below the lowest row the sheet has no data: a threshold there would flag sentences
        // nobody has seen. The run's threshold is a floor too (rows just above it may be few).
        let floor = match (from_run_sheet, lowest) {
            (Some((t, _)), Some(low)) => Some(t.min(low)),
            (None, low) => low,
            (Some((t, _)), None) => Some(t),
        };
        let thresholds: Vec<ThresholdRow> = match floor {
            Some(floor) => (1..20)
                .map(|i| f64::from(i) / 20.0)
                .filter(|t| *t + 1e-9 >= floor)
                .map(at)
                .collect(),
            None => Vec::new(),
        };
        let suggestion = suggest(&thresholds, &scored, target_precision);

        Report {
            file: sheet.path.display().to_string(),
            against: original.map(|o| o.path.display().to_string()),
            rows: sheet.rows.len(),
            reviewed,
            verdicts,
            unknown,
            missing_from_review,
            not_in_original: original.map(|_| not_in_original),
            unscored,
            run_threshold,
            run_threshold_source,
            at_run_threshold,
            thresholds,
            target_precision,
            suggestion,
        }
    }

    /// The report for people.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = self.write_text(&mut s);
        s
    }

    fn write_text(&self, s: &mut String) -> std::fmt::Result {
        writeln!(s, "Review of {}", self.file)?;
        if let Some(against) = &self.against {
            writeln!(s, "compared with {against}")?;
        }
        writeln!(
            s,
            "rows: {}, reviewed: {}, without a verdict: {}",
            self.rows,
            self.reviewed,
            self.rows - self.reviewed
        )?;
        let v = &self.verdicts;
        writeln!(s, "verdicts:")?;
        for (name, n) in [
            ("check", v.check),
            ("not a claim", v.not_a_claim),
            ("not worth checking", v.not_worth_checking),
            ("duplicate", v.duplicate),
        ] {
            writeln!(s, "  {name:<20} {n:>6}")?;
        }
        if !self.unknown.is_empty() {
            writeln!(
                s,
                "  {:<20} {:>6}  (not counted; expected one of: {})",
                "unknown",
                self.unknown.len(),
                super::VERDICTS.join(", ")
            )?;
            for u in &self.unknown {
                writeln!(s, "    {}: {:?}", u.claim_id, u.value)?;
            }
        }
        if let Some(missing) = &self.missing_from_review {
            if !missing.is_empty() {
                writeln!(
                    s,
                    "rows of the original missing from the reviewed sheet: {} ({})",
                    missing.len(),
                    list(missing)
                )?;
            }
        }
        if let Some(extra) = &self.not_in_original {
            if !extra.is_empty() {
                writeln!(
                    s,
                    "rows not in the original (ignored): {} ({})",
                    extra.len(),
                    list(extra)
                )?;
            }
        }
        if self.unscored > 0 {
            writeln!(
                s,
                "rows without a score (left out of the figures below): {}",
                self.unscored
            )?;
        }
        writeln!(s)?;
        match self.run_threshold {
            Some(t) => writeln!(
                s,
                "threshold of the run: {t:.3} ({})",
                self.run_threshold_source
            )?,
            None => writeln!(s, "threshold of the run: {}", self.run_threshold_source)?,
        }
        if let Some(at) = &self.at_run_threshold {
            match at.precision {
                Some(p) => writeln!(
                    s,
                    "precision at {:.3}: {p:.3} ({} check of {} judged rows; duplicates and \
                     unreviewed rows excluded)",
                    at.threshold, at.check, at.judged
                )?,
                None => writeln!(
                    s,
                    "precision at {:.3}: no reviewed rows at or above it",
                    at.threshold
                )?,
            }
        }
        if !self.thresholds.is_empty() {
            writeln!(s)?;
            writeln!(
                s,
                "{:>9}  {:>7}  {:>6}  {:>5}  {:>9}",
                "threshold", "flagged", "judged", "check", "precision"
            )?;
            for row in &self.thresholds {
                let precision = row
                    .precision
                    .map(|p| format!("{p:.3}"))
                    .unwrap_or_else(|| "-".into());
                writeln!(
                    s,
                    "{:>9.2}  {:>7}  {:>6}  {:>5}  {:>9}",
                    row.threshold, row.flagged, row.judged, row.check, precision
                )?;
            }
            writeln!(
                s,
                "(precision is measured on reviewed rows only; rows below the lowest score \
                 in the sheet were never written, so lower thresholds cannot be judged)"
            )?;
        }
        writeln!(s)?;
        match self.suggestion.threshold {
            Some(t) => writeln!(
                s,
                "suggested threshold: {t:.2} — {}",
                self.suggestion.reason
            )?,
            None => writeln!(s, "suggested threshold: none — {}", self.suggestion.reason)?,
        }
        Ok(())
    }
}

fn list(ids: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut text = ids
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > SHOWN {
        let _ = write!(text, ", … {} more", ids.len() - SHOWN);
    }
    text
}

/// The lowest threshold of the table whose precision reaches the target on at least
/// [`MIN_JUDGED`] judged rows; with fewer judged rows in all, no suggestion.
fn suggest(thresholds: &[ThresholdRow], scored: &[Scored<'_>], target: f64) -> Suggestion {
    let judged = scored
        .iter()
        .filter(|r| {
            r.score.is_some() && matches!(r.verdict, VerdictCell::Known(v) if v.label().is_some())
        })
        .count();
    if judged < MIN_JUDGED {
        return Suggestion {
            threshold: None,
            reason: format!(
                "too few reviewed rows to suggest one ({judged} judged, at least {MIN_JUDGED} \
                 needed; `duplicate` and unknown verdicts do not count)"
            ),
        };
    }
    match thresholds
        .iter()
        .find(|r| r.judged >= MIN_JUDGED && r.precision.is_some_and(|p| p + 1e-9 >= target))
    {
        Some(row) => Suggestion {
            threshold: Some(row.threshold),
            reason: format!(
                "the lowest threshold in the table whose precision among reviewed rows \
                 reaches {target:.2} ({:.3} on {} judged rows; it would flag {} rows)",
                row.precision.unwrap_or(0.0),
                row.judged,
                row.flagged
            ),
        },
        None => Suggestion {
            threshold: None,
            reason: format!(
                "no threshold in the table reaches precision {target:.2} with at least \
                 {MIN_JUDGED} judged rows at or above it"
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::RowContext;
    use std::path::PathBuf;

    fn row(id: &str, score: f64, verdict: &str) -> ReviewedRow {
        ReviewedRow {
            claim_id: id.into(),
            score: Some(score),
            sentence: format!("Sentence {id}."),
            verdict: VerdictCell::parse(verdict),
            context: RowContext::default(),
            location: String::new(),
        }
    }

    fn sheet(rows: Vec<ReviewedRow>, run_threshold: Option<f64>) -> Sheet {
        Sheet {
            path: PathBuf::from("r.csv"),
            rows,
            run_threshold,
            run_model: None,
            has_scores: true,
            has_verdicts: true,
        }
    }

    #[test]
    fn counts_precision_and_too_few_rows() {
        let s = sheet(
            vec![
                row("a", 0.52, "check"),
                row("b", 0.61, "Not a claim"),
                row("c", 0.7, "duplicate"),
                row("d", 0.9, "check"),
                row("e", 0.55, ""),
                row("f", 0.8, "perhaps"),
            ],
            None,
        );
        let r = Report::build(&s, None, 0.8);
        assert_eq!((r.rows, r.reviewed), (6, 5));
        assert_eq!(r.verdicts.check, 2);
        assert_eq!(r.verdicts.not_a_claim, 1);
        assert_eq!(r.verdicts.duplicate, 1);
        assert_eq!(r.unknown[0].claim_id, "f");
        assert_eq!(r.run_threshold, Some(0.52));
        assert!(r.run_threshold_source.contains("lowest score"));
        let at = r.at_run_threshold.clone().unwrap();
        assert_eq!((at.flagged, at.judged, at.check), (6, 3, 2));
        // 0.52 is the floor: the table starts at 0.55.
        assert_eq!(r.thresholds[0].threshold, 0.55);
        let t65 = r.thresholds.iter().find(|t| t.threshold == 0.65).unwrap();
        assert_eq!((t65.flagged, t65.judged, t65.precision), (3, 1, Some(1.0)));
        assert_eq!(r.suggestion.threshold, None);
        assert!(r.suggestion.reason.contains("too few"));
        let text = r.to_text();
        assert!(text.contains("perhaps") && text.contains("suggested threshold: none"));
    }

    #[test]
    fn suggests_the_lowest_threshold_reaching_the_target() {
        // 40 rows from 0.50 to 0.89: below 0.7 half are claims, above all are.
        let rows = (0..40)
            .map(|i| {
                let score = 0.5 + f64::from(i) / 100.0;
                let verdict = if i >= 20 || i % 2 == 0 {
                    "check"
                } else {
                    "not worth checking"
                };
                row(&format!("r{i}"), score, verdict)
            })
            .collect();
        let r = Report::build(&sheet(rows, Some(0.5)), None, 0.8);
        assert!(r.run_threshold_source.contains("Run sheet"));
        assert_eq!(r.thresholds[0].threshold, 0.5);
        assert_eq!(r.at_run_threshold.as_ref().unwrap().precision, Some(0.75));
        // At 0.6: 30 judged, 25 check (0.833).
        assert_eq!(r.suggestion.threshold, Some(0.6));
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["suggestion"]["threshold"], 0.6);
    }

    #[test]
    fn against_the_original_uses_its_scores_and_lists_deleted_rows() {
        let original = sheet(
            vec![row("a", 0.6, ""), row("b", 0.7, ""), row("c", 0.8, "")],
            Some(0.55),
        );
        let mut reviewed_a = row("a", 0.0, "check");
        reviewed_a.score = None; // the reviewer's tool dropped it
        let reviewed = sheet(vec![reviewed_a, row("z", 0.9, "check")], None);
        let r = Report::build(&reviewed, Some(&original), 0.8);
        assert_eq!(r.missing_from_review, Some(vec!["b".into(), "c".into()]));
        assert_eq!(r.not_in_original, Some(vec!["z".into()]));
        assert_eq!(r.run_threshold, Some(0.55));
        let at = r.at_run_threshold.unwrap();
        assert_eq!((at.flagged, at.judged, at.check), (3, 1, 1));
    }
}
