//! `claimsift eval`: score a labelled file and report how well the model separates claims.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{CliError, ModelArgs, Outcome};
use crate::claims::details_eval::{self, DetailsReport, SpanScores};
use crate::dataset;
use crate::model::metrics::{evaluate, Metrics};
use crate::model::ClaimModel;

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
    /// Also score the claim details (claim type, quantities, attribution) on the gold
    /// positives, against the file's `type`, `quantities` and `attribution` columns.
    #[arg(long)]
    pub details: bool,
    /// Read the gold details from this TSV instead (`id`, `label`, `type`, `quantities`,
    /// `attribution`), joined to --data on `id`. Implies --details.
    #[arg(long, value_name = "FILE.tsv")]
    pub details_gold: Option<PathBuf>,
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
    let details = if args.details || args.details_gold.is_some() {
        let gold = details_eval::read_gold(&args.data, args.details_gold.as_deref())?;
        let gold_texts: Vec<&str> = gold.iter().map(|g| g.text.as_str()).collect();
        let types = predicted_types(&mut model, &gold_texts)?;
        Some(details_eval::evaluate(&gold, types.as_deref()))
    } else {
        None
    };
    match args.format {
        EvalFormat::Json => {
            let mut value = serde_json::to_value(&metrics).expect("metrics serialise");
            if let (Some(details), Some(object)) = (&details, value.as_object_mut()) {
                object.insert(
                    "details".into(),
                    serde_json::to_value(details).expect("details serialise"),
                );
            }
            println!("{value}");
        }
        EvalFormat::Text => {
            print_text(&args, &model.dir().display().to_string(), &metrics, elapsed);
            if let Some(details) = &details {
                print_details(details);
            }
        }
    }
    Ok(Outcome::Success)
}

/// The model's claim type for each sentence, or `None` when the model has no type head.
///
/// The shipped model has a single head (check-worthiness). A model with the `type_logits`
/// head gives one of [`crate::claims::kind::CLAIM_TYPES`] per sentence; this is the one
/// place that asks the model for them.
fn predicted_types(
    _model: &mut ClaimModel,
    _texts: &[&str],
) -> Result<Option<Vec<&'static str>>, CliError> {
    Ok(None)
}

fn print_details(d: &DetailsReport) {
    println!();
    println!("details on gold positives ({})", d.positives);
    match &d.claim_type {
        Some(t) => {
            println!(
                "claim_type         accuracy {:.4} ({} of {})",
                t.accuracy, t.correct, t.n
            );
            for (name, (n, correct)) in &t.by_type {
                println!("  {name:<16} {correct} of {n}");
            }
        }
        None => println!("claim_type         model has no type head"),
    }
    let spans = |name: &str, s: &SpanScores| {
        println!(
            "{name:<18} precision {:.4}  recall {:.4}  f1 {:.4}  ({} matched, {} predicted, {} gold, {} gold not found in its sentence)",
            s.precision, s.recall, s.f1, s.matched, s.predicted, s.gold, s.gold_not_found
        );
    };
    spans("quantities", &d.quantities);
    spans("attribution", &d.attribution);
    println!(
        "matching: one-to-one in sentence order; a quantity matches a gold phrase when their \
         spans overlap and share a number token (digits without separators, a number word, \
         or a date word for phrases with no number); an attribution matches when the spans overlap"
    );
}

fn print_text(args: &EvalArgs, model: &str, m: &Metrics, seconds: f64) {
    println!("data               {}", args.data.display());
    println!("model              {model}");
    println!("n                  {}", m.n);
    println!("positives          {}", m.positives);
    println!("threshold          {:.3}", m.threshold);
    println!("precision          {:.4}", m.precision);
    println!("recall             {:.4}", m.recall);
    println!("f1                 {:.4}", m.f1);
    println!("average_precision  {:.4}", m.average_precision);
    println!("roc_auc            {:.4}", m.roc_auc);
    println!("best_f1            {:.4}", m.best_f1);
    println!("best_threshold     {:.3}", m.best_threshold);
    eprintln!(
        "scored {} sentences in {:.2}s ({:.0} sentences/s)",
        m.n,
        seconds,
        m.n as f64 / seconds.max(1e-9)
    );
}
