//! Reading reviewed sheets back: verdicts per claim, the model's precision, threshold advice.
//!
//! A reviewer gets the CSV or XLSX that `claimsift scan` wrote, fills in the `verdict` column
//! (one of [`VERDICTS`]) and sends it back, possibly re-sorted, with rows deleted, columns
//! added, saved by Excel (byte-order mark, CRLF, `;` separators, Windows-1252) — all of which
//! [`read_sheet`] tolerates. Rows are identified by `claim_id`, columns by header name.
//! [`Report::build`] turns the verdicts into counts and precision figures.

mod read;
mod stats;

use std::path::PathBuf;

pub use crate::output::xlsx::VERDICTS;
pub use read::{read_sheet, read_sheet_bytes};
pub use stats::{Report, Suggestion, ThresholdRow, UnknownVerdict, VerdictCounts};

/// Judged rows needed before [`Report`] suggests a threshold.
pub const MIN_JUDGED: usize = 20;

/// A reviewer's decision on one claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// A check-worthy factual claim: the model was right to flag it.
    Check,
    NotAClaim,
    NotWorthChecking,
    /// The same claim as another row; says nothing about the model.
    Duplicate,
}

impl Verdict {
    /// Reads a verdict, ignoring case, surrounding and repeated whitespace, and `_`/`-`
    /// used instead of spaces (`Not_a_Claim`, ` not  worth checking `).
    pub fn parse(raw: &str) -> Option<Verdict> {
        match normalise(raw).as_str() {
            "check" => Some(Verdict::Check),
            "not a claim" => Some(Verdict::NotAClaim),
            "not worth checking" => Some(Verdict::NotWorthChecking),
            "duplicate" => Some(Verdict::Duplicate),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Check => VERDICTS[0],
            Verdict::NotAClaim => VERDICTS[1],
            Verdict::NotWorthChecking => VERDICTS[2],
            Verdict::Duplicate => VERDICTS[3],
        }
    }

    /// The training label: `check` is positive, the two "no" verdicts negative, and a
    /// duplicate is no evidence either way.
    pub fn label(self) -> Option<bool> {
        match self {
            Verdict::Check => Some(true),
            Verdict::NotAClaim | Verdict::NotWorthChecking => Some(false),
            Verdict::Duplicate => None,
        }
    }
}

fn normalise(raw: &str) -> String {
    raw.replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// What the `verdict` cell of a row holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerdictCell {
    /// Not reviewed.
    Empty,
    Known(Verdict),
    /// Something that is not one of [`VERDICTS`], as written (trimmed).
    Unknown(String),
}

impl VerdictCell {
    pub fn parse(raw: &str) -> VerdictCell {
        let raw = raw.trim();
        if raw.is_empty() {
            VerdictCell::Empty
        } else {
            match Verdict::parse(raw) {
                Some(v) => VerdictCell::Known(v),
                None => VerdictCell::Unknown(raw.to_string()),
            }
        }
    }
}

/// One row of a reviewed sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewedRow {
    pub claim_id: String,
    /// The model's score; `None` where the cell is empty or the sheet has no `score` column.
    pub score: Option<f64>,
    /// The sentence, with the CSV's `'` prefix removed; empty if the sheet has no such column.
    pub sentence: String,
    pub verdict: VerdictCell,
    /// The reviewer's notes and where the claim came from, as far as the sheet has them.
    pub context: RowContext,
    /// Where the row is, for messages: `row 7` (a spreadsheet row, header = row 1).
    pub location: String,
}

/// The optional columns of a row (empty where the sheet has no such column).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowContext {
    pub notes: String,
    pub article: String,
    pub title: String,
    pub date: String,
}

impl From<[String; 4]> for RowContext {
    fn from([notes, article, title, date]: [String; 4]) -> Self {
        RowContext {
            notes,
            article,
            title,
            date,
        }
    }
}

/// A reviewed (or original) sheet, read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub path: PathBuf,
    pub rows: Vec<ReviewedRow>,
    /// The scan's threshold, from the XLSX "Run" sheet, when there is one.
    pub run_threshold: Option<f64>,
    /// The claim model that made the scan, from the XLSX "Run" sheet, when there is one.
    pub run_model: Option<String>,
    /// Whether the sheet has a `score` column.
    pub has_scores: bool,
    /// Whether the sheet has a `verdict` column.
    pub has_verdicts: bool,
}

/// Why a sheet cannot be used. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: not a readable spreadsheet: {message}", path.display())]
    Unreadable { path: PathBuf, message: String },
    #[error(
        "{}: no `{}` column (the header row has: {}); the sheet must keep the columns \
         claimsift wrote",
        path.display(),
        missing.join("` or `"),
        found.join(", ")
    )]
    MissingColumns {
        path: PathBuf,
        missing: Vec<String>,
        found: Vec<String>,
    },
    #[error("{}: claim_id {id} appears twice ({first} and {second}); each claim must appear once",
            path.display())]
    DuplicateId {
        path: PathBuf,
        id: String,
        first: String,
        second: String,
    },
    #[error("{}: {location}: {problem}", path.display())]
    BadRow {
        path: PathBuf,
        location: String,
        problem: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_are_normalised() {
        assert_eq!(Verdict::parse(" Check "), Some(Verdict::Check));
        assert_eq!(Verdict::parse("NOT  a claim"), Some(Verdict::NotAClaim));
        assert_eq!(
            Verdict::parse("not_worth-checking"),
            Some(Verdict::NotWorthChecking)
        );
        assert_eq!(Verdict::parse("Duplicate\t"), Some(Verdict::Duplicate));
        assert_eq!(Verdict::parse("maybe"), None);
        assert_eq!(VerdictCell::parse("  "), VerdictCell::Empty);
        assert_eq!(
            VerdictCell::parse(" maybe "),
            VerdictCell::Unknown("maybe".into())
        );
        for v in VERDICTS {
            assert_eq!(Verdict::parse(v).unwrap().as_str(), v);
        }
    }
}
