//! `claimsift eval`: score a labelled file and report how well the model separates claims.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{CliError, ModelArgs, Outcome};
use crate::claims::details_eval::{self, DetailsReport, SpanScores};
use crate::claims::kind::CLAIM_TYPES;
use crate::corpus;
use crate::dataset::{self, Labelled, RowProblem};
use crate::model::metrics::{evaluate, Metrics};
use crate::model::ScoreInput;

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Labelled sentences: `id<TAB>text<TAB>label` with a header row, label 1 = check-worthy.
    /// Optional columns: `article` and `start` (with --articles), `type` (recall per claim type).
    #[arg(long, value_name = "FILE.tsv")]
    pub data: PathBuf,
    /// The articles the rows come from (JSON lines with `id`, `title`, `text`): each row then
    /// gets the context scan would give it (previous sentence, title), as the model expects.
    #[arg(long, value_name = "FILE.jsonl")]
    pub articles: Option<PathBuf>,
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
    /// Score only the quantity and attribution extractors on the gold positives, without
    /// loading or running the model (no claim types, no check-worthiness metrics): quick
    /// enough for a whole training split. Implies --details.
    #[arg(long)]
    pub details_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    Text,
    Json,
}

/// Recall of the positives of one gold claim type.
#[derive(Debug, Serialize)]
struct TypeRecall {
    positives: usize,
    found: usize,
    recall: f64,
}

#[derive(Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    metrics: &'a Metrics,
    /// Data rows left out because they could not be read (each was said on stderr).
    rows_skipped: usize,
    context: &'static str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    recall_by_type: BTreeMap<String, TypeRecall>,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<DetailsReport>,
}

/// The model's type name as one of [`CLAIM_TYPES`].
fn static_type(name: Option<&str>) -> Option<&'static str> {
    let name = name?;
    CLAIM_TYPES.iter().copied().find(|t| *t == name)
}

pub fn run(args: EvalArgs) -> Result<Outcome, CliError> {
    if args.details_only {
        return run_details_only(&args);
    }
    let file = dataset::read_tsv(&args.data)?;
    warn_skipped(&file.skipped, &[]);
    let rows = file.rows;
    if rows.is_empty() {
        return Err(CliError::Usage(format!(
            "{}: no labelled rows after the header",
            args.data.display()
        )));
    }
    let mut model = args.model.load(super::worker_threads(args.threads))?;
    let threshold = args.model.threshold.unwrap_or(model.threshold());
    let wanted: HashSet<&str> = rows.iter().filter_map(|r| r.article.as_deref()).collect();
    let articles = match &args.articles {
        Some(path) => {
            Some(corpus::read_articles(path, &wanted).map_err(|e| CliError::Usage(e.to_string()))?)
        }
        None => None,
    };
    let contexts = match (&articles, &args.articles) {
        (Some(articles), Some(path)) => corpus::row_contexts(&rows, articles, path)
            .map_err(|e| CliError::Usage(e.to_string()))?,
        _ => vec![(None, None); rows.len()],
    };
    let inputs: Vec<ScoreInput> = rows
        .iter()
        .zip(&contexts)
        .map(|(r, &(previous, title))| ScoreInput {
            sentence: &r.text,
            previous,
            title,
        })
        .collect();
    let context = match (model.config().context.is_some(), args.articles.is_some()) {
        (true, true) => "article (as scan builds it)",
        (true, false) => "none: the model reads context, pass --articles to give it",
        (false, _) => "none (the model reads sentences alone)",
    };
    let started = std::time::Instant::now();
    let scored = model.score_inputs(&inputs)?;
    let elapsed = started.elapsed().as_secs_f64();
    let scores: Vec<f32> = scored.iter().map(|s| s.score).collect();
    let labels: Vec<bool> = rows.iter().map(|r| r.label).collect();
    let metrics = evaluate(&scores, &labels, threshold);
    let mut gold_skipped = Vec::new();
    let details = if args.details || args.details_gold.is_some() {
        let (gold, skipped) = details_eval::read_gold(&args.data, args.details_gold.as_deref())?;
        warn_skipped(&skipped, &file.skipped);
        gold_skipped = skipped;
        // Types come from the same pass as the scores, with the same context.
        let by_id: std::collections::HashMap<&str, Option<&'static str>> = rows
            .iter()
            .zip(&scored)
            .map(|(r, s)| (r.id.as_str(), static_type(s.claim_type.as_deref())))
            .collect();
        let types: Option<Vec<&'static str>> = if model.config().types.is_empty() {
            None
        } else {
            Some(
                gold.iter()
                    .map(|g| by_id.get(g.id.as_str()).copied().flatten().unwrap_or(""))
                    .collect(),
            )
        };
        Some(details_eval::evaluate(&gold, types.as_deref()))
    } else {
        None
    };
    let report = Report {
        metrics: &metrics,
        rows_skipped: file.skipped.len(),
        context,
        recall_by_type: recall_by_type(&rows, &scores, threshold),
        details,
    };
    match args.format {
        EvalFormat::Json => {
            println!(
                "{}",
                serde_json::to_string(&report).expect("metrics serialise")
            );
        }
        EvalFormat::Text => {
            print_text(&args, &model.dir().display().to_string(), &report, elapsed);
            if let Some(details) = &report.details {
                print_details(details, "model has no type head");
            }
        }
    }
    Ok(outcome(file.skipped.len() + gold_skipped.len()))
}

/// Rows left out make the run a partial one: the figures stand, for the rows that were read.
fn outcome(rows_skipped: usize) -> Outcome {
    if rows_skipped == 0 {
        Outcome::Success
    } else {
        Outcome::PartialFailure
    }
}

/// Says on stderr which rows were left out and why (all of them up to a screenful), except
/// those in `already_said`.
fn warn_skipped(problems: &[RowProblem], already_said: &[RowProblem]) {
    const SHOWN: usize = 20;
    let new: Vec<&RowProblem> = problems
        .iter()
        .filter(|p| !already_said.contains(p))
        .collect();
    for problem in new.iter().take(SHOWN) {
        eprintln!("claimsift: {problem}");
    }
    if new.len() > SHOWN {
        eprintln!(
            "claimsift: … and {} more rows skipped ({} in all)",
            new.len() - SHOWN,
            new.len()
        );
    }
}

/// `--details-only`: the extractors alone against the gold positives.
fn run_details_only(args: &EvalArgs) -> Result<Outcome, CliError> {
    let (gold, skipped) = details_eval::read_gold(&args.data, args.details_gold.as_deref())?;
    warn_skipped(&skipped, &[]);
    if gold.is_empty() {
        return Err(CliError::Usage(format!(
            "{}: no gold positives (label 1) to score details on",
            args.data.display()
        )));
    }
    let details = details_eval::evaluate(&gold, None);
    match args.format {
        EvalFormat::Json => {
            #[derive(Serialize)]
            struct DetailsOnly<'a> {
                data: String,
                rows_skipped: usize,
                details: &'a DetailsReport,
            }
            let report = DetailsOnly {
                data: args.data.display().to_string(),
                rows_skipped: skipped.len(),
                details: &details,
            };
            println!(
                "{}",
                serde_json::to_string(&report).expect("details serialise")
            );
        }
        EvalFormat::Text => {
            println!("data               {}", args.data.display());
            if !skipped.is_empty() {
                println!("rows skipped       {}", skipped.len());
            }
            print_details(&details, "not scored (--details-only runs no model)");
        }
    }
    Ok(outcome(skipped.len()))
}

fn recall_by_type(
    rows: &[Labelled],
    scores: &[f32],
    threshold: f32,
) -> BTreeMap<String, TypeRecall> {
    let mut by_type: BTreeMap<String, TypeRecall> = BTreeMap::new();
    for (row, &score) in rows.iter().zip(scores) {
        let Some(t) = row.claim_type.as_deref().filter(|_| row.label) else {
            continue;
        };
        let entry = by_type.entry(t.to_string()).or_insert(TypeRecall {
            positives: 0,
            found: 0,
            recall: 0.0,
        });
        entry.positives += 1;
        entry.found += usize::from(score >= threshold);
    }
    for r in by_type.values_mut() {
        r.recall = r.found as f64 / r.positives as f64;
    }
    by_type
}

/// The details section; `no_types` says why claim types are not scored when they are not.
fn print_details(d: &DetailsReport, no_types: &str) {
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
        None => println!("claim_type         {no_types}"),
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
        "matching: one-to-one in sentence order, gold phrases located as whole words; a \
         quantity matches a gold phrase when their spans overlap and share a number token \
         (digits without separators, a number word, or a word of date or time for phrases with no \
         number); an attribution matches when the spans overlap"
    );
}

fn print_text(args: &EvalArgs, model: &str, report: &Report, seconds: f64) {
    let m = report.metrics;
    println!("data               {}", args.data.display());
    println!("model              {model}");
    println!("context            {}", report.context);
    println!("n                  {}", m.n);
    if report.rows_skipped > 0 {
        println!("rows skipped       {}", report.rows_skipped);
    }
    println!("positives          {}", m.positives);
    println!("threshold          {:.3}", m.threshold);
    println!("precision          {:.4}", m.precision);
    println!("recall             {:.4}", m.recall);
    println!("f1                 {:.4}", m.f1);
    println!("average_precision  {:.4}", m.average_precision);
    println!("roc_auc            {:.4}", m.roc_auc);
    println!("best_f1            {:.4}", m.best_f1);
    println!("best_threshold     {:.3}", m.best_threshold);
    if !report.recall_by_type.is_empty() {
        println!("recall by claim type (gold positives):");
        for (t, r) in &report.recall_by_type {
            println!(
                "  {t:<16} {:.4}  ({} of {})",
                r.recall, r.found, r.positives
            );
        }
    }
    eprintln!(
        "scored {} sentences in {:.2}s ({:.0} sentences/s)",
        m.n,
        seconds,
        m.n as f64 / seconds.max(1e-9)
    );
}
