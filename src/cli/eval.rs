//! `claimsift eval`: score a labelled file and report how well the model separates claims.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{CliError, ModelArgs, Outcome};
use crate::dataset;
use crate::model::metrics::{evaluate, Metrics};

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Labelled sentences: `id<TAB>text<TAB>label` with a header row, label 1 = check-worthy.
    #[arg(long, value_name = "FILE.tsv")]
    pub data: PathBuf,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
    pub format: EvalFormat,
    /// ONNX Runtime threads (0 = all cores).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub threads: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    Text,
    Json,
}

pub fn run(args: EvalArgs) -> Result<Outcome, CliError> {
    let rows = dataset::read_tsv(&args.data)?;
    if rows.is_empty() {
        return Err(CliError::Usage(format!(
            "{}: no labelled rows after the header",
            args.data.display()
        )));
    }
    let mut model = args.model.load(args.threads)?;
    let threshold = args.model.threshold.unwrap_or(model.threshold());
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let started = std::time::Instant::now();
    let scores = model.score(&texts)?;
    let elapsed = started.elapsed().as_secs_f64();
    let labels: Vec<bool> = rows.iter().map(|r| r.label).collect();
    let metrics = evaluate(&scores, &labels, threshold);
    // Written, not println!ed: a closed stdout (`| head`) is an error to report, not a panic.
    let mut stdout = std::io::stdout().lock();
    let written = match args.format {
        EvalFormat::Json => writeln!(
            stdout,
            "{}",
            serde_json::to_string(&metrics).expect("metrics serialise")
        ),
        EvalFormat::Text => print_text(
            &mut stdout,
            &args,
            &model.dir().display().to_string(),
            &metrics,
            elapsed,
        ),
    };
    written
        .and_then(|()| stdout.flush())
        .map_err(|source| CliError::Io {
            path: "<stdout>".into(),
            source,
        })?;
    Ok(Outcome::Success)
}

fn print_text(
    out: &mut impl Write,
    args: &EvalArgs,
    model: &str,
    m: &Metrics,
    seconds: f64,
) -> std::io::Result<()> {
    writeln!(out, "data               {}", args.data.display())?;
    writeln!(out, "model              {model}")?;
    writeln!(out, "n                  {}", m.n)?;
    writeln!(out, "positives          {}", m.positives)?;
    writeln!(out, "threshold          {:.3}", m.threshold)?;
    writeln!(out, "precision          {:.4}", m.precision)?;
    writeln!(out, "recall             {:.4}", m.recall)?;
    writeln!(out, "f1                 {:.4}", m.f1)?;
    writeln!(out, "average_precision  {:.4}", m.average_precision)?;
    writeln!(out, "roc_auc            {:.4}", m.roc_auc)?;
    writeln!(out, "best_f1            {:.4}", m.best_f1)?;
    writeln!(out, "best_threshold     {:.3}", m.best_threshold)?;
    eprintln!(
        "scored {} sentences in {:.2}s ({:.0} sentences/s)",
        m.n,
        seconds,
        m.n as f64 / seconds.max(1e-9)
    );
    Ok(())
}
