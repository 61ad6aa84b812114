//! `claimsift memory`: inspect and maintain the memory of reviewed claims, and measure
//! claim matching.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};

use super::{CliError, Outcome};
use crate::memory::eval::{self, EvalReport, Ranked, Task};
use crate::memory::{
    default_path, query_vectors, ClaimMemory, MatchOptions, MatchQuery, MemoryError, MemoryIndex,
    Remembered,
};
use crate::model::embed::{default_embedder_dir, Embedder};
use crate::output::atomic::{AtomicFile, OutputTarget};

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  claimsift memory stats\n  \
                        claimsift memory list --verdict check --limit 20\n  \
                        claimsift memory forget g3a9c2d1e0-017\n  \
                        claimsift memory export -o memory.csv\n  \
                        claimsift memory eval --data ../shared/data/claim_matching/ct21_2b")]
pub struct MemoryArgs {
    #[command(subcommand)]
    pub command: MemoryCommand,
    /// The memory file (default: claimsift/memory.sqlite in the user's data directory, or
    /// $CLAIMSIFT_DB).
    #[arg(long, value_name = "PATH", global = true)]
    pub db: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum MemoryCommand {
    /// How many claims are remembered, by verdict and embedder.
    Stats {
        #[arg(short = 'f', long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
    /// The most recently reviewed claims.
    List {
        #[arg(long, default_value_t = 50, value_name = "N")]
        limit: usize,
        /// Only claims with this verdict (e.g. `check`).
        #[arg(long, value_name = "VERDICT")]
        verdict: Option<String>,
        #[arg(short = 'f', long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
    /// Remove claims by claim_id, or everything reviewed before a date.
    Forget {
        #[arg(value_name = "CLAIM_ID")]
        ids: Vec<String>,
        /// Remove claims reviewed before this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        before: Option<String>,
    },
    /// Write every remembered claim (without vectors) as CSV, or JSON Lines for `.jsonl`.
    Export {
        /// Output file (default: standard output, CSV).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Measure matching on CT21 2B: MAP@5, MRR, P@1 and the "nothing matches" threshold.
    Eval {
        /// Folder with vclaims.tsv, queries_{train,dev}.tsv and qrels_{train,dev}.tsv.
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// Embedder directory (default: the bundled models/embed-minilm).
        #[arg(long, value_name = "DIR")]
        embedder: Option<PathBuf>,
        #[arg(short = 'f', long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
}

/// The memory path from `--db` or the default.
pub fn memory_path(db: Option<&Path>) -> Result<PathBuf, CliError> {
    db.map(Path::to_path_buf)
        .or_else(default_path)
        .ok_or_else(|| {
            CliError::Usage(
                "no data directory for the memory (is $HOME set?); pass --db PATH".into(),
            )
        })
}

/// Loads the embedder from `dir` or the bundled one.
pub fn load_embedder(dir: Option<&Path>) -> Result<Embedder, CliError> {
    load_embedder_with(dir, 0)
}

/// [`load_embedder`] with `threads` ONNX Runtime threads (0 = all cores).
pub fn load_embedder_with(dir: Option<&Path>, threads: usize) -> Result<Embedder, CliError> {
    let dir = dir
        .map(Path::to_path_buf)
        .or_else(default_embedder_dir)
        .ok_or_else(|| {
            CliError::Usage(
                "no embedder found: models/embed-minilm is neither beside the executable nor in \
             the source tree; pass --embedder DIR or set CLAIMSIFT_EMBEDDER"
                    .into(),
            )
        })?;
    Ok(Embedder::load(&dir, threads)?)
}

fn usage(e: MemoryError) -> CliError {
    CliError::Usage(e.to_string())
}

pub fn run(args: MemoryArgs) -> Result<Outcome, CliError> {
    if let MemoryCommand::Eval {
        data,
        embedder,
        format,
    } = &args.command
    {
        return evaluate(data, embedder.as_deref(), args.db.as_deref(), *format);
    }
    let path = memory_path(args.db.as_deref())?;
    let Some(mut memory) = ClaimMemory::open_existing(&path).map_err(usage)? else {
        return Err(CliError::Usage(format!(
            "{}: no memory there yet; `claimsift review SHEET --remember` creates it",
            path.display()
        )));
    };
    let mut out = String::new();
    match args.command {
        MemoryCommand::Stats { format } => {
            let stats = memory.stats().map_err(usage)?;
            match format {
                TextOrJson::Json => out = json(&stats),
                TextOrJson::Text => {
                    out.push_str(&format!(
                        "memory {} (schema {}, {:.1} MB)\nclaims: {}\n",
                        stats.path,
                        stats.schema_version,
                        stats.file_bytes as f64 / 1e6,
                        stats.claims
                    ));
                    for (verdict, n) in &stats.by_verdict {
                        out.push_str(&format!("  {verdict}: {n}\n"));
                    }
                    for (embedder, n) in &stats.by_embedder {
                        out.push_str(&format!("embedder {embedder}: {n}\n"));
                    }
                    if let (Some(first), Some(last)) = (&stats.first_reviewed, &stats.last_reviewed)
                    {
                        out.push_str(&format!("reviewed {first} .. {last}\n"));
                    }
                }
            }
        }
        MemoryCommand::List {
            limit,
            verdict,
            format,
        } => {
            let verdict = verdict
                .map(|v| crate::review::Verdict::parse(&v).map_or(v, |v| v.as_str().to_string()));
            let rows = memory.recent(limit, verdict.as_deref()).map_err(usage)?;
            for row in rows {
                match format {
                    TextOrJson::Json => {
                        out.push_str(&serde_json::to_string(&row).unwrap_or_default());
                        out.push('\n');
                    }
                    TextOrJson::Text => out.push_str(&format!(
                        "{}  {}  {:<18}  {}\n",
                        row.reviewed, row.claim_id, row.verdict, row.text
                    )),
                }
            }
        }
        MemoryCommand::Forget { ids, before } => {
            if ids.is_empty() && before.is_none() {
                return Err(CliError::Usage(
                    "name the claim_ids to forget, or --before DATE".into(),
                ));
            }
            let mut removed = memory.forget(&ids).map_err(usage)?;
            if let Some(date) = &before {
                if !is_iso_date(date) {
                    return Err(CliError::Usage(format!(
                        "--before {date:?}: expected YYYY-MM-DD"
                    )));
                }
                removed += memory.forget_before(date).map_err(usage)?;
            }
            eprintln!("claimsift: forgot {removed} claims in {}", path.display());
        }
        MemoryCommand::Export { output } => {
            let rows = memory.all(false).map_err(usage)?;
            return export(&rows, output.as_deref());
        }
        MemoryCommand::Eval { .. } => unreachable!("handled above"),
    }
    print(&out)
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

fn print(text: &str) -> Result<Outcome, CliError> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Outcome::Success),
        Err(source) => Err(CliError::Io {
            path: "<stdout>".into(),
            source,
        }),
        Ok(()) => Ok(Outcome::Success),
    }
}

const EXPORT_COLUMNS: [&str; 12] = [
    "claim_id",
    "text",
    "verdict",
    "notes",
    "article",
    "title",
    "article_date",
    "reviewed",
    "source",
    "tool_version",
    "model",
    "embedder",
];

fn export(rows: &[Remembered], output: Option<&Path>) -> Result<Outcome, CliError> {
    let jsonl = output.is_some_and(|p| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
    });
    let mut buffer = Vec::new();
    if jsonl {
        for row in rows {
            serde_json::to_writer(&mut buffer, row).map_err(|e| CliError::Usage(e.to_string()))?;
            buffer.push(b'\n');
        }
    } else {
        let mut writer = csv::Writer::from_writer(&mut buffer);
        let io = |e: csv::Error| CliError::Usage(format!("cannot write CSV: {e}"));
        writer.write_record(EXPORT_COLUMNS).map_err(io)?;
        for r in rows {
            writer
                .write_record([
                    &r.claim_id,
                    // Spreadsheet formula injection: the same neutralising as scan's CSV.
                    &crate::output::safe::neutralise(&r.text).into_owned(),
                    &r.verdict,
                    &crate::output::safe::neutralise(&r.notes).into_owned(),
                    &r.article,
                    &crate::output::safe::neutralise(&r.title).into_owned(),
                    &r.article_date,
                    &r.reviewed,
                    &r.source,
                    &r.tool_version,
                    &r.model,
                    &r.embedder,
                ])
                .map_err(io)?;
        }
        writer.flush().map_err(|e| CliError::Usage(e.to_string()))?;
    }
    match output {
        None => print(&String::from_utf8_lossy(&buffer)),
        Some(path) => {
            let fail = |e: std::io::Error| {
                CliError::Usage(format!("{}: cannot write: {e}", path.display()))
            };
            let target = OutputTarget::open(path).map_err(fail)?;
            let mut file = AtomicFile::create(target).map_err(fail)?;
            file.write_all(&buffer).map_err(fail)?;
            file.commit().map_err(fail)?;
            eprintln!(
                "claimsift: exported {} claims to {}",
                rows.len(),
                path.display()
            );
            Ok(Outcome::Success)
        }
    }
}

/// The eval memory is a cache of the fact-checks' vectors: its own file, never the user's
/// memory, so that a second run does not embed 19,250 claims again.
fn eval_db(data: &Path, db: Option<&Path>) -> PathBuf {
    db.map(Path::to_path_buf).unwrap_or_else(|| {
        let name = data.file_name().and_then(|n| n.to_str()).unwrap_or("eval");
        std::env::temp_dir().join(format!("claimsift-eval-{name}.sqlite"))
    })
}

fn evaluate(
    data: &Path,
    embedder_dir: Option<&Path>,
    db: Option<&Path>,
    format: TextOrJson,
) -> Result<Outcome, CliError> {
    let task = Task::load(data).map_err(usage)?;
    let mut embedder = load_embedder(embedder_dir)?;
    let version = embedder.version();
    let db_path = eval_db(data, db);
    let mut memory = ClaimMemory::open(&db_path).map_err(usage)?;
    let rows: Vec<Remembered> = task
        .facts
        .iter()
        .map(|f| Remembered {
            claim_id: f.id.clone(),
            text: f.claim.clone(),
            verdict: f.verdict.clone(),
            notes: String::new(),
            article: String::new(),
            title: f.title.clone(),
            article_date: f.factcheck_date.clone(),
            reviewed: f.factcheck_date.clone(),
            source: "vclaims.tsv".into(),
            tool_version: env!("CARGO_PKG_VERSION").into(),
            model: String::new(),
            embedder: version.clone(),
            vector: Vec::new(),
        })
        .collect();
    // A running count only where someone watches it; a log gets the summary line alone.
    let live = std::io::stderr().is_terminal();
    let counts = crate::memory::remember(&mut memory, rows, &mut embedder, |done, total| {
        if live {
            eprint!("\rclaimsift: fact-checks embedded or cached: {done}/{total}");
        }
    })
    .map_err(|e| CliError::Usage(e.to_string()))?;
    eprintln!(
        "{}claimsift: {} fact-checks ({} embedded now, {} cached in {})",
        if live { "\r" } else { "" },
        counts.added + counts.updated + counts.unchanged,
        counts.added + counts.updated,
        counts.unchanged,
        db_path.display()
    );
    let stored: Vec<Remembered> = memory
        .all(true)
        .map_err(usage)?
        .into_iter()
        .filter(|r| r.embedder == version)
        .collect();
    let shipped = MatchOptions::for_embedder(embedder.dir()).map_err(usage)?;
    let dim = embedder.dim();
    // The date-cut memories are built from the same rows, vectors included.
    let all_rows = stored.clone();
    let mut index = MemoryIndex::build(stored, dim, shipped);

    // Wide candidate lists, so re-weighting sees enough of the vector ranking.
    let wide = MatchOptions {
        candidates: 300,
        ..shipped
    };
    let alone = MatchOptions {
        context_weight: 0.0,
        ..wide
    };
    let vectors = |queries: &[eval::Query], options: &MatchOptions, embedder: &mut Embedder| {
        let asked: Vec<MatchQuery> = queries.iter().map(eval::Query::as_match_query).collect();
        query_vectors(embedder, &asked, options)
    };
    let train_vectors = vectors(&task.train, &shipped, &mut embedder)?;
    let dev_vectors = vectors(&task.dev, &shipped, &mut embedder)?;
    let dev_alone_vectors = vectors(&task.dev, &alone, &mut embedder)?;
    index.set_options(alone);
    let mut dev_alone = rank(&index, &task.dev, &dev_alone_vectors);
    index.set_options(wide);
    let mut train = rank(&index, &task.train, &train_vectors);
    let mut dev = rank(&index, &task.dev, &dev_vectors);

    let scores_with = |ranked: &mut [Ranked], options: &MatchOptions| {
        eval::rescore(ranked, options);
        eval::rank_scores(ranked, &index)
    };
    let dev_without_context = scores_with(&mut dev_alone, &shipped);
    let cosine_only = MatchOptions {
        lexical_weight: 0.0,
        numbers_weight: 0.0,
        ..shipped
    };
    let dev_cosine_only = scores_with(&mut dev, &cosine_only);
    // BM25 alone: a tiny cosine weight would still break ties, so cosine is left out.
    for r in &mut dev {
        for m in &mut r.matches {
            m.score = m.signals.lexical;
        }
        crate::memory::sort_matches(&mut r.matches);
    }
    let dev_bm25_only = eval::rank_scores(&dev, &index);
    let (fitted, _) = eval::fit_weights(&mut train, &index, &shipped);
    let dev_with_fitted = scores_with(&mut dev, &fitted);
    let train_scores = scores_with(&mut train, &shipped);
    let dev_scores = scores_with(&mut dev, &shipped);
    drop(index);

    eprintln!("claimsift: deciding against each query's date-cut memory");
    let train_cuts = eval::date_cut(&all_rows, dim, &shipped, &task.train, &train_vectors);
    let dev_cuts = eval::date_cut(&all_rows, dim, &shipped, &task.dev, &dev_vectors);
    let train_fitted_p90 = eval::fit_threshold(&train_cuts, 0.9);
    let train_fitted_p80 = eval::fit_threshold(&train_cuts, 0.8);
    let report = EvalReport {
        data: data.to_path_buf(),
        fact_checks: all_rows.len(),
        shipped,
        dev: dev_scores,
        train: train_scores,
        dev_without_context,
        dev_cosine_only,
        dev_bm25_only,
        fitted_on_train: fitted,
        dev_with_fitted,
        dev_decision: eval::decide(&dev_cuts, shipped.threshold),
        dev_best_is_right: dev_cuts.iter().filter(|c| c.right).count(),
        dev_fitted_p90: eval::fit_threshold(&dev_cuts, 0.9),
        dev_fitted_p80: eval::fit_threshold(&dev_cuts, 0.8),
        train_decision: eval::decide(&train_cuts, shipped.threshold),
        dev_at_train_p90: eval::decide(&dev_cuts, train_fitted_p90.threshold),
        train_fitted_p90,
        dev_at_train_p80: eval::decide(&dev_cuts, train_fitted_p80.threshold),
        train_fitted_p80,
        by_split: [
            ("train".to_string(), task.train.len()),
            ("dev".to_string(), task.dev.len()),
        ]
        .into_iter()
        .collect(),
        dev_cuts,
    };
    match format {
        TextOrJson::Json => print(&json(&report)),
        TextOrJson::Text => print(&eval_text(&report)),
    }
}

fn rank<'q>(index: &MemoryIndex, queries: &'q [eval::Query], vectors: &[f32]) -> Vec<Ranked<'q>> {
    let asked: Vec<MatchQuery> = queries.iter().map(eval::Query::as_match_query).collect();
    index
        .rank(&asked, vectors)
        .into_iter()
        .zip(queries)
        .map(|(matches, query)| Ranked { query, matches })
        .collect()
}

fn eval_text(r: &EvalReport) -> String {
    let line = |name: &str, s: &eval::RankScores| {
        format!(
            "  {name:<28} MAP@5 {:.3}  MRR {:.3}  P@1 {:.3}  ({} queries)\n",
            s.map_at_5, s.mrr, s.p_at_1, s.queries
        )
    };
    let decision = |name: &str, d: &eval::Decision| {
        format!(
            "  {name:<28} threshold {:.3}: {} matched, {} right; precision {:.3}, recall {:.3} \
             of {} answerable; detection precision {:.3}, recall {:.3}\n",
            d.threshold,
            d.matched,
            d.correct,
            d.precision,
            d.recall,
            d.answerable,
            d.detection_precision,
            d.detection_recall
        )
    };
    let o = &r.shipped;
    let mut out = format!(
        "claim matching on {} ({} fact-checks)\nshipped: cosine + {} x BM25 + {} x figures, \
         context weight {}; confidence = score + {} x lead (at most {}), threshold {}\n",
        r.data.display(),
        r.fact_checks,
        o.lexical_weight,
        o.numbers_weight,
        o.context_weight,
        o.margin_weight,
        crate::memory::MAX_LEAD,
        o.threshold
    );
    out += "ranking:\n";
    out += &line("dev (shipped)", &r.dev);
    out += &line("train (shipped)", &r.train);
    out += &line("dev, claim without context", &r.dev_without_context);
    out += &line("dev, cosine only", &r.dev_cosine_only);
    out += &line("dev, BM25 only", &r.dev_bm25_only);
    out += &format!(
        "  weights fitted on train: {} x BM25 + {} x figures\n",
        r.fitted_on_train.lexical_weight, r.fitted_on_train.numbers_weight
    );
    out += &line("dev (fitted on train)", &r.dev_with_fitted);
    out += "nothing-matches decision (memory cut at each query's date; strict: right only if \
            the fact-check named is one listed for the query):\n";
    out += &decision("dev at shipped threshold", &r.dev_decision);
    out += &format!(
        "  dev best candidate is a listed fact-check for {} of {} answerable queries (the most \
         any threshold gets right)\n",
        r.dev_best_is_right, r.dev_decision.answerable
    );
    out += &format!(
        "  fitted: most right matches at that precision, {} or more matched\n",
        eval::MIN_MATCHED
    );
    out += &decision("dev, fitted for P>=0.9", &r.dev_fitted_p90);
    out += &decision("dev, fitted for P>=0.8", &r.dev_fitted_p80);
    out += &decision("train at shipped threshold", &r.train_decision);
    out += &decision("train, fitted for P>=0.9", &r.train_fitted_p90);
    out += &decision("dev at that threshold", &r.dev_at_train_p90);
    out += &decision("train, fitted for P>=0.8", &r.train_fitted_p80);
    out += &decision("dev at that threshold", &r.dev_at_train_p80);
    out
}
