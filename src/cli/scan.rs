//! `claimsift scan`: articles in, reviewer CSV of check-worthy sentences out.
//!
//! Articles are read, cleaned and split in parallel, a window at a time, while the model
//! scores the previous window; windows are fixed-size runs of the sorted file list, so batch
//! composition — and therefore every score — is the same whatever the thread count.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use clap::Args;
use rayon::prelude::*;

use super::{CliError, ModelArgs, Outcome};
use crate::claims::claim_id;
use crate::ingest::{self, Article, Found, IngestError};
use crate::model::ClaimModel;
use crate::output::{self, ArticleSummary, ClaimRow, Destination, RowSink, RunInfo, SinkOptions};
use crate::text::{self, Sentence};

/// Articles read ahead of the model: enough to keep batches full, small enough to bound memory.
const WINDOW: usize = 64;

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Article files or folders (searched recursively for .txt .md .markdown .html .htm);
    /// `-` reads one article from standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output file; `-` or no option writes to standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format (default: from the -o file's extension, else csv).
    #[arg(short = 'f', long, value_enum, value_name = "FORMAT")]
    pub format: Option<output::Format>,
    /// Write every sentence with its score, not only those at or above the threshold.
    #[arg(long)]
    pub all: bool,
    /// Include or exclude files matching this glob (ripgrep syntax; `!` excludes). Repeatable.
    #[arg(short = 'g', long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
    /// Worker threads for reading and for the model (0 = all cores). Output does not depend on it.
    #[arg(short = 'j', long, default_value_t = 0, value_name = "N")]
    pub threads: usize,
    /// CSV for Excel on Windows: UTF-8 byte-order mark and CRLF line ends.
    #[arg(long)]
    pub excel: bool,
    /// Print time spent per stage (read+clean, split, tokenize, infer, write) to stderr.
    #[arg(long)]
    pub timings: bool,
    /// No progress bar, even on a terminal.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub model: ModelArgs,
}

/// One input to scan, as listed before any file is opened.
enum Input {
    Stdin,
    File(Found),
    /// A problem found while listing (a missing path, a symlink loop…).
    Unlisted(IngestError),
}

/// An article ready for scoring, or why it is not.
type Prepared = Result<(Article, Vec<Sentence>), String>;

#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    articles: usize,
    sentences: usize,
    claims: usize,
    failed: usize,
    read: Duration,
    split: Duration,
    write: Duration,
}

pub fn run(args: ScanArgs) -> Result<Outcome, CliError> {
    let started = Instant::now();
    let threads = if args.threads == 0 {
        crate::model::available_cores()
    } else {
        args.threads
    };
    let mut model = args.model.load(threads)?;
    let threshold = args.model.threshold.unwrap_or(model.threshold());
    let inputs = list_inputs(&args);

    let sink_options = SinkOptions {
        format: args
            .format
            .or_else(|| args.output.as_deref().and_then(output::Format::from_path))
            .unwrap_or(output::Format::Csv),
        excel: args.excel,
        run: RunInfo {
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            model: format!("{} ({})", model.config().name, model.dir().display()),
            threshold,
            started: output::utc_now_iso8601(),
            command_line: std::env::args().collect::<Vec<_>>().join(" "),
        },
    };
    let output_error = |source| CliError::Io {
        path: display_output(&args),
        source,
    };
    let destination = Destination::open(args.output.as_deref()).map_err(output_error)?;
    let mut sink = output::open_sink(destination, &sink_options).map_err(output_error)?;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| CliError::Usage(format!("cannot start {threads} threads: {e}")))?;
    let progress = progress_bar(&args, inputs.len());
    let mut stats = Stats::default();

    std::thread::scope(|scope| -> Result<(), CliError> {
        // Reading runs one window ahead of inference; the channel bound keeps memory flat.
        let (tx, rx) = mpsc::sync_channel::<(Vec<Prepared>, Duration, Duration)>(1);
        let inputs = &inputs;
        let pool = &pool;
        scope.spawn(move || {
            for window in inputs.chunks(WINDOW) {
                let prepared: Vec<(Prepared, Duration, Duration)> =
                    pool.install(|| window.par_iter().map(prepare).collect());
                let read = prepared.iter().map(|p| p.1).sum();
                let split = prepared.iter().map(|p| p.2).sum();
                let prepared = prepared.into_iter().map(|p| p.0).collect();
                if tx.send((prepared, read, split)).is_err() {
                    return;
                }
            }
        });
        for (window, read, split) in rx {
            stats.read += read;
            stats.split += split;
            score_window(
                &mut model,
                window,
                threshold,
                args.all,
                sink.as_mut(),
                &mut stats,
            )?;
            if let Some(bar) = &progress {
                bar.set_position((stats.articles + stats.failed) as u64);
                let rate = stats.sentences as f64 / started.elapsed().as_secs_f64().max(1e-9);
                bar.set_message(format!("{rate:.0} sentences/s"));
            }
        }
        Ok(())
    })?;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let write_started = Instant::now();
    sink.finish().map_err(output_error)?;
    stats.write += write_started.elapsed();

    let elapsed = started.elapsed();
    eprintln!(
        "claimsift: {} articles, {} sentences, {} {}, {} files failed, {:.2}s ({:.0} sentences/s)",
        stats.articles,
        stats.sentences,
        stats.claims,
        if args.all { "rows" } else { "claims" },
        stats.failed,
        elapsed.as_secs_f64(),
        stats.sentences as f64 / elapsed.as_secs_f64().max(1e-9)
    );
    if args.timings {
        let t = model.timings();
        eprintln!(
            "claimsift: timings (CPU time summed over threads for read+clean and split): \
             read+clean {:.3}s, split {:.3}s, tokenize {:.3}s, infer {:.3}s, write {:.3}s",
            stats.read.as_secs_f64(),
            stats.split.as_secs_f64(),
            t.tokenize.as_secs_f64(),
            t.infer.as_secs_f64(),
            stats.write.as_secs_f64()
        );
    }
    Ok(if stats.failed > 0 {
        Outcome::PartialFailure
    } else {
        Outcome::Success
    })
}

fn display_output(args: &ScanArgs) -> String {
    args.output
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "<stdout>".into())
}

fn list_inputs(args: &ScanArgs) -> Vec<Input> {
    let mut inputs = Vec::new();
    let mut paths = Vec::new();
    for path in &args.paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else {
            paths.push(path.clone());
        }
    }
    if !paths.is_empty() {
        inputs.extend(ingest::find_articles(&paths, &args.globs).into_iter().map(
            |found| match found {
                Ok(f) => Input::File(f),
                Err(e) => Input::Unlisted(e),
            },
        ));
    }
    inputs
}

fn prepare(input: &Input) -> (Prepared, Duration, Duration) {
    let t0 = Instant::now();
    let article = match input {
        Input::Stdin => read_stdin(),
        Input::File(found) => {
            ingest::read_article(&found.path, found.display.clone()).map_err(|e| e.to_string())
        }
        Input::Unlisted(e) => Err(e.to_string()),
    };
    let read = t0.elapsed();
    let t1 = Instant::now();
    let prepared = article.map(|article| {
        let sentences = text::sentences(&article.original, &article.body);
        (article, sentences)
    });
    (prepared, read, t1.elapsed())
}

fn read_stdin() -> Result<Article, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| format!("<stdin>: cannot read: {e}"))?;
    ingest::parse_stdin(&bytes).map_err(|e| e.to_string())
}

fn score_window(
    model: &mut ClaimModel,
    window: Vec<Prepared>,
    threshold: f32,
    all: bool,
    sink: &mut dyn RowSink,
    stats: &mut Stats,
) -> Result<(), CliError> {
    let texts: Vec<&str> = window
        .iter()
        .filter_map(|p| p.as_ref().ok())
        .flat_map(|(_, sentences)| sentences.iter().map(|s| s.text.as_str()))
        .collect();
    let scores = model.score(&texts)?;
    let mut scores = scores.into_iter();
    for prepared in &window {
        let io_error = |source| CliError::Io {
            path: "output".into(),
            source,
        };
        let (article, sentences) = match prepared {
            Ok(p) => p,
            Err(message) => {
                eprintln!("claimsift: skipped {message}");
                stats.failed += 1;
                let (path, reason) = message.split_once(": ").unwrap_or(("", message));
                sink.write_article(&ArticleSummary {
                    path: path.to_string(),
                    error: Some(reason.to_string()),
                    ..ArticleSummary::default()
                })
                .map_err(io_error)?;
                continue;
            }
        };
        stats.articles += 1;
        stats.sentences += sentences.len();
        let t = Instant::now();
        let mut written = 0;
        for i in 0..sentences.len() {
            let score = scores.next().expect("one score per sentence");
            if !all && score < threshold {
                continue;
            }
            written += 1;
            sink.write_row(&row_for(article, sentences, i, score))
                .map_err(io_error)?;
        }
        stats.claims += written;
        sink.write_article(&ArticleSummary {
            path: article.display.clone(),
            title: article.title.clone().unwrap_or_default(),
            date: article.date.clone().unwrap_or_default(),
            sentences: sentences.len(),
            claims: written,
            error: None,
        })
        .map_err(io_error)?;
        stats.write += t.elapsed();
    }
    Ok(())
}

fn row_for(article: &Article, sentences: &[Sentence], i: usize, score: f32) -> ClaimRow {
    let s = &sentences[i];
    let neighbour = |j: Option<usize>| {
        j.and_then(|j| sentences.get(j))
            .map(|n| n.text.clone())
            .unwrap_or_default()
    };
    ClaimRow {
        claim_id: claim_id(&article.display, s.index),
        article: article.display.clone(),
        title: article.title.clone().unwrap_or_default(),
        date: article.date.clone().unwrap_or_default(),
        sentence_index: s.index,
        start: s.start,
        end: s.end,
        score,
        sentence: s.text.clone(),
        context_before: neighbour(i.checked_sub(1)),
        context_after: neighbour(Some(i + 1)),
        start_byte: s.start_byte,
        end_byte: s.end_byte,
    }
}

fn progress_bar(args: &ScanArgs, total: usize) -> Option<indicatif::ProgressBar> {
    if args.quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40.cyan/blue} {pos}/{len} files  {msg}  [{elapsed_precise}]",
        )
        .expect("valid template"),
    );
    Some(bar)
}
