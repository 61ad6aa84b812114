//! `claimsift review`: read a reviewed sheet back and report what the reviewers found.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{CliError, Outcome};
use crate::dataset::{write_tsv, Labelled};
use crate::memory::{remember, ClaimMemory, Remembered};
use crate::output::atomic::{AtomicFile, OutputTarget};
use crate::review::{read_sheet, Report, ReviewedRow, Sheet, VerdictCell};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Verdicts: check, not a claim, not worth checking, duplicate \
                        (case and extra spaces ignored).\n\
                        Precision = check / (check + not a claim + not worth checking), \
                        on reviewed rows at or above a threshold.\n\n\
                        Examples:\n  claimsift review reviewed.xlsx\n  \
                        claimsift review reviewed.csv --against claims.csv --format json\n  \
                        claimsift review reviewed.xlsx --export-training extra.tsv"
)]
pub struct ReviewArgs {
    /// The reviewed sheet: the CSV or XLSX that `claimsift scan` wrote, with verdicts filled in.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Report format.
    #[arg(short = 'f', long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Write the reviewed rows as `id<TAB>text<TAB>label` training data (check = 1; not a
    /// claim, not worth checking = 0; duplicate and unreviewed rows left out).
    #[arg(long, value_name = "OUT.tsv")]
    pub export_training: Option<PathBuf>,
    /// The scan's own output (CSV, XLSX or JSONL): its scores and rows are used, and rows
    /// deleted from or added to the reviewed copy are listed.
    #[arg(long, value_name = "ORIGINAL")]
    pub against: Option<PathBuf>,
    /// Store every judged claim (text, vector, verdict, notes) in the memory, so later scans
    /// say which claims were already reviewed. Importing the same sheet again changes nothing.
    #[arg(long)]
    pub remember: bool,
    /// The memory file for --remember (default: claimsift/memory.sqlite in the user's data
    /// directory, or $CLAIMSIFT_DB).
    #[arg(long, value_name = "PATH", requires = "remember")]
    pub db: Option<PathBuf>,
    /// Embedder directory for --remember (default: the bundled models/embed-minilm).
    #[arg(long, value_name = "DIR", requires = "remember")]
    pub embedder: Option<PathBuf>,
    /// Precision the suggested threshold must reach.
    #[arg(long, default_value_t = 0.8, value_name = "P", value_parser = super::parse_threshold)]
    pub target_precision: f32,
}

pub fn run(args: ReviewArgs) -> Result<Outcome, CliError> {
    let usage = |e: crate::review::ReviewError| CliError::Usage(e.to_string());
    // Checked and locked first: the export must not replace the sheet being read, a folder,
    // a device or another run's output.
    let export = match &args.export_training {
        Some(out) => {
            let target = OutputTarget::open(out).map_err(|e| CliError::Usage(e.to_string()))?;
            let inputs = std::iter::once(args.file.as_path()).chain(args.against.as_deref());
            target
                .refuse_inputs(inputs)
                .map_err(|e| CliError::Usage(e.to_string()))?;
            Some(target)
        }
        None => None,
    };
    let sheet = read_sheet(&args.file, true).map_err(usage)?;
    let original = match &args.against {
        Some(path) => Some(read_sheet(path, false).map_err(usage)?),
        None => None,
    };
    let report = Report::build(
        &sheet,
        original.as_ref(),
        // Through the printed form, so that 0.8 is 0.8 and not 0.800000011920929.
        format!("{}", args.target_precision).parse().unwrap_or(0.8),
    );

    if let (Some(out), Some(target)) = (&args.export_training, export) {
        let original_text: std::collections::HashMap<&str, &str> = original
            .iter()
            .flat_map(|o| &o.rows)
            .map(|r| (r.claim_id.as_str(), r.sentence.as_str()))
            .collect();
        let text_of = |id: &str, own: &str| -> String {
            if own.is_empty() {
                original_text
                    .get(id)
                    .copied()
                    .unwrap_or_default()
                    .to_string()
            } else {
                own.to_string()
            }
        };
        let mut rows = Vec::new();
        let mut without_text = Vec::new();
        for row in &sheet.rows {
            let VerdictCell::Known(verdict) = &row.verdict else {
                continue;
            };
            let Some(label) = verdict.label() else {
                continue;
            };
            let text = text_of(&row.claim_id, &row.sentence);
            if text.trim().is_empty() {
                without_text.push(row.claim_id.clone());
                continue;
            }
            rows.push(Labelled::new(row.claim_id.clone(), text, label));
        }
        if !without_text.is_empty() && rows.is_empty() {
            return Err(CliError::Usage(format!(
                "{}: no sentence text for the reviewed rows (no `sentence` column?); \
                 pass --against with the scan's output to take the text from it",
                args.file.display()
            )));
        }
        // A message of its own: `CliError::Io` would print the cause twice.
        let io_error =
            |e: std::io::Error| CliError::Usage(format!("{}: cannot write: {e}", out.display()));
        let mut file = AtomicFile::create(target).map_err(io_error)?;
        write_tsv(&mut file, &rows).map_err(io_error)?;
        file.flush().map_err(io_error)?;
        file.commit().map_err(io_error)?;
        let positive = rows.iter().filter(|r| r.label).count();
        eprintln!(
            "claimsift: wrote {} training rows ({} check, {} not) to {}{}",
            rows.len(),
            positive,
            rows.len() - positive,
            out.display(),
            if without_text.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} reviewed rows had no sentence text and were left out",
                    without_text.len()
                )
            }
        );
    }

    if args.remember {
        remember_sheet(&args, &sheet, original.as_ref())?;
    }

    let mut stdout = std::io::stdout().lock();
    let printed = match args.format {
        ReportFormat::Text => stdout.write_all(report.to_text().as_bytes()),
        ReportFormat::Json => serde_json::to_writer_pretty(&mut stdout, &report)
            .map_err(std::io::Error::from)
            .and_then(|()| stdout.write_all(b"\n")),
    };
    match printed.and_then(|()| stdout.flush()) {
        // `claimsift review … | head` is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Outcome::Success),
        Err(source) => Err(CliError::Io {
            path: "<stdout>".into(),
            source,
        }),
        Ok(()) => Ok(Outcome::Success),
    }
}

/// `--remember`: every row with a verdict goes into the memory, with the sentence text from
/// the sheet or, where the reviewer's copy lacks it, from `--against`.
fn remember_sheet(
    args: &ReviewArgs,
    sheet: &Sheet,
    original: Option<&Sheet>,
) -> Result<(), CliError> {
    let by_id: HashMap<&str, &ReviewedRow> = original
        .iter()
        .flat_map(|o| &o.rows)
        .map(|r| (r.claim_id.as_str(), r))
        .collect();
    // The reviewer's save is when the verdicts were given; the same file gives the same date.
    let reviewed = std::fs::metadata(&args.file)
        .and_then(|m| m.modified())
        .map(crate::output::utc_iso8601)
        .unwrap_or_else(|_| crate::output::utc_now_iso8601());
    let reviewed = reviewed[..10].to_string();
    let source = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut rows = Vec::new();
    let mut without_text = 0;
    for row in &sheet.rows {
        let VerdictCell::Known(verdict) = &row.verdict else {
            continue;
        };
        let first = |own: &str, other: fn(&ReviewedRow) -> &str| -> String {
            if own.is_empty() {
                by_id
                    .get(row.claim_id.as_str())
                    .map(|o| other(o))
                    .unwrap_or("")
                    .to_string()
            } else {
                own.to_string()
            }
        };
        let text = first(&row.sentence, |o| &o.sentence);
        if text.trim().is_empty() {
            without_text += 1;
            continue;
        }
        rows.push(Remembered {
            claim_id: row.claim_id.clone(),
            text,
            verdict: verdict.as_str().to_string(),
            notes: row.context.notes.clone(),
            article: first(&row.context.article, |o| &o.context.article),
            title: first(&row.context.title, |o| &o.context.title),
            article_date: first(&row.context.date, |o| &o.context.date),
            reviewed: reviewed.clone(),
            source: source.clone(),
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            model: sheet.run_model.clone().unwrap_or_default(),
            embedder: String::new(),
            vector: Vec::new(),
        });
    }
    if rows.is_empty() && without_text > 0 {
        return Err(CliError::Usage(format!(
            "{}: no sentence text for the judged rows (no `sentence` column?); pass --against \
             with the scan's output to take the text from it",
            args.file.display()
        )));
    }
    let path = super::memory::memory_path(args.db.as_deref())?;
    let usage = |e: String| CliError::Usage(e);
    let mut memory = ClaimMemory::open(&path).map_err(|e| usage(e.to_string()))?;
    let mut embedder = super::memory::load_embedder(args.embedder.as_deref())?;
    let counts =
        remember(&mut memory, rows, &mut embedder, |_, _| {}).map_err(|e| usage(e.to_string()))?;
    eprintln!(
        "claimsift: memory {}: {} added, {} updated, {} unchanged{}",
        path.display(),
        counts.added,
        counts.updated,
        counts.unchanged,
        if without_text > 0 {
            format!("; {without_text} judged rows had no sentence text and were left out")
        } else {
            String::new()
        }
    );
    Ok(())
}
