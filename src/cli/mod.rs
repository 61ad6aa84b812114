//! Command-line interface: one file per subcommand.

mod eval;
mod memory;
mod progress;
mod report;
mod review;
mod scan;
mod split;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::model::{locate, ClaimModel, ModelError, ScoreOptions};

#[derive(Debug, Parser)]
#[command(
    name = "claimsift",
    version,
    about = "Find check-worthy factual claims in news articles, locally.",
    after_help = "Examples:\n  claimsift scan data/articles -o claims.csv\n  \
                  claimsift scan data/articles -o report.html\n  \
                  claimsift split article.txt --format jsonl\n  \
                  claimsift eval --data dev.tsv"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score every sentence of the articles under PATH and write the check-worthy ones.
    Scan(scan::ScanArgs),
    /// Split one article into sentences with their offsets in the original file.
    Split(split::SplitArgs),
    /// Score a labelled `id<TAB>text<TAB>label` file and print precision, recall, F1, AP, AUC.
    Eval(eval::EvalArgs),
    /// Read a reviewed CSV/XLSX back: verdict counts, precision, a suggested threshold.
    Review(review::ReviewArgs),
    /// Write the HTML report of a scan's JSON Lines (`scan --all -f jsonl`) without rescoring.
    Report(report::ReportArgs),
    /// Inspect the memory of reviewed claims (stats, list, forget, export) or measure matching.
    Memory(memory::MemoryArgs),
}

/// How a command ended, when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// The run completed but some input files could not be processed.
    PartialFailure,
    /// Stopped by Ctrl-C before the end.
    Interrupted,
}

/// Errors that stop a command. Per-file problems are not errors: they are reported and
/// counted, and the run goes on.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Dataset(#[from] crate::dataset::DatasetError),
    #[error(transparent)]
    Ingest(#[from] crate::ingest::IngestError),
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
}

pub fn run(cli: Cli) -> Result<Outcome, CliError> {
    match cli.command {
        Command::Scan(args) => scan::run(args),
        Command::Split(args) => split::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Review(args) => review::run(args),
        Command::Report(args) => report::run(args),
        Command::Memory(args) => memory::run(args),
    }
}

/// Options shared by the commands that score sentences.
#[derive(Debug, Clone, Args)]
pub struct ModelArgs {
    /// Model directory (default: the bundled models/claim-minilm, or $CLAIMSIFT_MODEL).
    #[arg(long, value_name = "DIR")]
    pub model: Option<PathBuf>,
    /// Decision threshold on the calibrated score (default: the model's own).
    #[arg(long, value_name = "T", value_parser = parse_threshold)]
    pub threshold: Option<f32>,
    /// Sentences per inference batch.
    #[arg(long, default_value_t = 32, value_name = "N")]
    pub batch_size: usize,
}

impl ModelArgs {
    pub fn load(&self, threads: usize) -> Result<ClaimModel, CliError> {
        let dir = match &self.model {
            Some(dir) => dir.clone(),
            None => locate::default_model_dir().ok_or_else(|| {
                CliError::Usage(format!(
                    "no model found: the default model models/{} is neither beside the \
                     executable nor in the source tree; pass --model DIR or set CLAIMSIFT_MODEL",
                    locate::DEFAULT_MODEL
                ))
            })?,
        };
        let options = ScoreOptions {
            batch_size: self.batch_size.max(1),
            threads,
            ..ScoreOptions::default()
        };
        Ok(ClaimModel::load(&dir, options)?)
    }
}

/// Threads to use for a `--threads N` request: 0 means one per available core, and more
/// threads than cores are never started (they only cost memory: each has its own stack and
/// ONNX Runtime scratch space).
pub fn worker_threads(requested: usize) -> usize {
    let cores = crate::model::available_cores();
    if requested == 0 {
        return cores;
    }
    if requested > cores {
        eprintln!(
            "claimsift: --threads {requested} is more than the {cores} cores available; using {cores}"
        );
        return cores;
    }
    requested
}

fn parse_threshold(s: &str) -> Result<f32, String> {
    let t: f32 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    if (0.0..=1.0).contains(&t) {
        Ok(t)
    } else {
        Err(format!("threshold must be between 0 and 1, got {t}"))
    }
}
