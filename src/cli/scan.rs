//! `claimsift scan`: articles in, reviewer CSV of check-worthy sentences out.
//!
//! Articles are read, cleaned and split in parallel, a window at a time, while the model
//! scores the previous window; windows are fixed-size runs of the sorted file list, so batch
//! composition — and therefore every score — is the same whatever the thread count.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use clap::Args;
use rayon::prelude::*;

use super::{CliError, ModelArgs, Outcome};
use crate::claims::claim_id;
use crate::ingest::{self, Article, Found, IngestError};
use crate::model::context::article_inputs;
use crate::model::{ClaimModel, ScoreInput, Scored};
use crate::output::atomic::{partial_path, OutputTarget};
use crate::output::journal::{self, Fingerprint, Journal, ResumePoint, Totals};
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
    /// Search hidden files and folders too.
    #[arg(long)]
    pub hidden: bool,
    /// Do not respect .gitignore / .ignore files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Follow symbolic links while walking folders.
    #[arg(short = 'L', long)]
    pub follow: bool,
    /// Worker threads for reading and for the model (0 = all cores). Output does not depend on it.
    #[arg(short = 'j', long, default_value_t = 0, value_name = "N")]
    pub threads: usize,
    /// CSV for Excel on Windows: UTF-8 byte-order mark and CRLF line ends.
    #[arg(long)]
    pub excel: bool,
    /// Print time spent per stage (read+clean, split, tokenize, infer, write) to stderr.
    #[arg(long)]
    pub timings: bool,
    /// Continue an interrupted run from its journal (beside the -o file): articles already
    /// done are skipped and the final output is identical to an uninterrupted run.
    #[arg(long)]
    pub resume: bool,
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

impl Input {
    /// The file this input reads, if it is one.
    fn path(&self) -> Option<&Path> {
        match self {
            Input::File(found) => Some(&found.path),
            _ => None,
        }
    }

    fn fingerprint(&self) -> Fingerprint {
        match self {
            Input::Stdin => Fingerprint {
                path: "-".into(),
                len: 0,
                modified_ns: 0,
            },
            Input::File(found) => Fingerprint::of(&found.path, &found.display),
            Input::Unlisted(e) => Fingerprint {
                path: e.to_string(),
                len: 0,
                modified_ns: 0,
            },
        }
    }
}

/// An article ready for scoring, or why it is not.
/// A failed input: its path and why, kept apart (a path may itself contain `": "`).
type Prepared = Result<(Article, Vec<Sentence>), (String, String)>;

/// One window of inputs, read and split, with the time it took.
struct Window {
    first: usize,
    prepared: Vec<Prepared>,
    read: Duration,
    split: Duration,
}

#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    totals: Totals,
    /// Sentences scored in this process (a resumed run's earlier ones excluded): for the rate.
    scored_here: usize,
    /// Sentences at or above the threshold, when more rows than those are written (HTML).
    above_threshold: usize,
    read: Duration,
    split: Duration,
    write: Duration,
}

/// Set by Ctrl-C: the run stops after the window in progress, leaving a resumable state.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

pub fn run(args: ScanArgs) -> Result<Outcome, CliError> {
    let started = Instant::now();
    let threads = if args.threads == 0 {
        crate::model::available_cores()
    } else {
        args.threads
    };
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(output::Format::from_path))
        .unwrap_or(output::Format::Csv);
    let output_error = |source| CliError::Io {
        path: display_output(&args),
        source,
    };
    // Checked and locked before any work, so a bad -o fails at once and a second run on the
    // same output is refused instead of corrupting this one.
    let target = match args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        Some(path) => Some(OutputTarget::open(path).map_err(|e| CliError::Usage(e.to_string()))?),
        None => None,
    };
    let resumable = resumable_target(&args, format, target.as_ref())?;
    let inputs = list_inputs(&args);
    if let Some(target) = &target {
        target
            .refuse_inputs(inputs.iter().filter_map(Input::path))
            .map_err(|e| CliError::Usage(e.to_string()))?;
    }
    let mut model = args.model.load(threads)?;
    let threshold = args.model.threshold.unwrap_or(model.threshold());

    // Resuming: keep what an interrupted run with the same settings already wrote.
    let settings = settings_line(&args, &model, threshold, format);
    let fingerprints: Vec<Fingerprint> = match resumable {
        Some(_) => inputs.iter().map(Input::fingerprint).collect(),
        None => Vec::new(),
    };
    let resume = match (resumable, args.resume) {
        (Some(target), true) => journal::resume_point(
            &journal::journal_path(target),
            &partial_path(target),
            &settings,
            &fingerprints,
        )
        .map_err(output_error)?,
        _ => ResumePoint::default(),
    };
    if let Some(why) = &resume.discarded {
        eprintln!("claimsift: {why}");
    }
    if args.resume && resume.done > 0 {
        eprintln!(
            "claimsift: resuming: {} of {} files already done",
            resume.done,
            inputs.len()
        );
    }
    let mut journal = match resumable {
        Some(target) => Some(
            Journal::create(
                &journal::journal_path(target),
                &partial_path(target),
                &settings,
                &resume,
            )
            .map_err(output_error)?,
        ),
        None => None,
    };

    let sink_options = SinkOptions {
        format,
        excel: args.excel,
        resumed: resume.offset > 0,
        run: RunInfo {
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            model: format!("{} ({})", model.config().name, model.dir().display()),
            threshold,
            started: output::utc_now_iso8601(),
            command_line: std::env::args_os()
                .map(|a| a.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(" "),
        },
    };
    let is_resumable = resumable.is_some();
    let destination = match target {
        Some(target) if is_resumable => Destination::resumable(target, resume.offset),
        Some(target) => Destination::file(target),
        None => Destination::open(None),
    }
    .map_err(output_error)?;
    let mut sink = output::open_sink(destination, &sink_options).map_err(output_error)?;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| CliError::Usage(format!("cannot start {threads} threads: {e}")))?;
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
    let progress = progress_bar(&args, inputs.len());
    let mut stats = Stats {
        totals: resume.totals,
        ..Stats::default()
    };
    let mut done = resume.done;

    std::thread::scope(|scope| -> Result<(), CliError> {
        // Reading runs one window ahead of inference; the channel bound keeps memory flat.
        // Windows are fixed runs of the input list (a resumed run starts on a window
        // boundary), so batches, and therefore scores, never depend on threads or timing.
        let (tx, rx) = mpsc::sync_channel::<Window>(1);
        let inputs = &inputs;
        let pool = &pool;
        let first = resume.done;
        scope.spawn(move || {
            for (i, window) in inputs[first..].chunks(WINDOW).enumerate() {
                if INTERRUPTED.load(Ordering::SeqCst) {
                    return;
                }
                let prepared: Vec<(Prepared, Duration, Duration)> =
                    pool.install(|| window.par_iter().map(prepare).collect());
                let window = Window {
                    first: first + i * WINDOW,
                    read: prepared.iter().map(|p| p.1).sum(),
                    split: prepared.iter().map(|p| p.2).sum(),
                    prepared: prepared.into_iter().map(|p| p.0).collect(),
                };
                if tx.send(window).is_err() {
                    return;
                }
            }
        });
        for window in rx {
            stats.read += window.read;
            stats.split += window.split;
            let first = window.first;
            let count = window.prepared.len();
            score_window(
                &mut model,
                window.prepared,
                threshold,
                // The report highlights every sentence and re-draws at any threshold.
                args.all || format == output::Format::Html,
                sink.as_mut(),
                &mut stats,
            )?;
            done = first + count;
            if let Some(journal) = journal.as_mut() {
                if let Some(offset) = sink.checkpoint().map_err(output_error)? {
                    journal
                        .checkpoint(fingerprints[first..done].to_vec(), offset, stats.totals)
                        .map_err(output_error)?;
                }
            }
            if let Some(bar) = &progress {
                bar.set_position(done as u64);
                let rate = stats.scored_here as f64 / started.elapsed().as_secs_f64().max(1e-9);
                bar.set_message(format!("{rate:.0} sentences/s"));
            }
            if INTERRUPTED.load(Ordering::SeqCst) {
                break;
            }
        }
        Ok(())
    })?;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if INTERRUPTED.load(Ordering::SeqCst) && done < inputs.len() {
        drop(sink);
        let hint = if journal.is_some() {
            "run the same command with --resume to continue"
        } else {
            "the output is incomplete; write to a file (-o) to be able to resume"
        };
        eprintln!(
            "claimsift: interrupted after {done} of {} files; {hint}",
            inputs.len()
        );
        return Ok(Outcome::Interrupted);
    }
    let write_started = Instant::now();
    sink.finish().map_err(output_error)?;
    if let Some(journal) = journal {
        journal.remove().map_err(output_error)?;
    }
    stats.write += write_started.elapsed();
    print_summary(&args, format, &model, &stats, started.elapsed());
    Ok(if stats.totals.failed > 0 {
        Outcome::PartialFailure
    } else {
        Outcome::Success
    })
}

fn print_summary(
    args: &ScanArgs,
    format: output::Format,
    model: &ClaimModel,
    stats: &Stats,
    elapsed: Duration,
) {
    let t = stats.totals;
    let (written, what) = if format == output::Format::Html {
        (stats.above_threshold, "claims")
    } else if args.all {
        (t.claims, "rows")
    } else {
        (t.claims, "claims")
    };
    eprintln!(
        "claimsift: {} articles, {} sentences, {} {}, {} files failed, {:.2}s ({:.0} sentences/s)",
        t.articles,
        t.sentences,
        written,
        what,
        t.failed,
        elapsed.as_secs_f64(),
        stats.scored_here as f64 / elapsed.as_secs_f64().max(1e-9)
    );
    if args.timings {
        let m = model.timings();
        eprintln!(
            "claimsift: timings (read+clean and split are CPU time summed over threads): \
             read+clean {:.3}s, split {:.3}s, tokenize {:.3}s, infer {:.3}s, write {:.3}s",
            stats.read.as_secs_f64(),
            stats.split.as_secs_f64(),
            m.tokenize.as_secs_f64(),
            m.infer.as_secs_f64(),
            stats.write.as_secs_f64()
        );
    }
}

/// The output file a journal can be kept for (symlinks resolved), if this run's output is
/// resumable.
fn resumable_target<'a>(
    args: &ScanArgs,
    format: output::Format,
    target: Option<&'a OutputTarget>,
) -> Result<Option<&'a Path>, CliError> {
    let file = target.filter(|t| !t.is_stream());
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    let resumable =
        file.is_some() && !stdin && !matches!(format, output::Format::Xlsx | output::Format::Html);
    if args.resume && !resumable {
        return Err(CliError::Usage(
            "--resume needs an output file (-o FILE, not a device or pipe) in csv or jsonl \
             format and no `-` (stdin) input"
                .into(),
        ));
    }
    Ok(if resumable {
        file.map(OutputTarget::path)
    } else {
        None
    })
}

/// Everything that shapes the output's bytes: a resumed run must match it exactly.
fn settings_line(
    args: &ScanArgs,
    model: &ClaimModel,
    threshold: f32,
    format: output::Format,
) -> String {
    format!(
        "claimsift {}; model {} sha256 {}; threshold {threshold}; all {}; format {format:?}; \
         excel {}; globs {:?}; paths {:?}",
        env!("CARGO_PKG_VERSION"),
        model.config().name,
        model.config().onnx_sha256.as_deref().unwrap_or("-"),
        args.all,
        args.excel,
        args.globs,
        args.paths
    )
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
            // Standard input can be read once: `scan - -` is one article.
            if !inputs.iter().any(|i| matches!(i, Input::Stdin)) {
                inputs.push(Input::Stdin);
            }
        } else {
            paths.push(path.clone());
        }
    }
    if !paths.is_empty() {
        let walk_options = ingest::WalkOptions {
            follow_links: args.follow,
            hidden: args.hidden,
            no_ignore: args.no_ignore,
        };
        inputs.extend(
            ingest::find_articles_with(&paths, &args.globs, &walk_options)
                .into_iter()
                .map(|found| match found {
                    Ok(f) => Input::File(f),
                    Err(e) => Input::Unlisted(e),
                }),
        );
    }
    inputs
}

fn prepare(input: &Input) -> (Prepared, Duration, Duration) {
    let t0 = Instant::now();
    let article = match input {
        Input::Stdin => ingest::read_article(Path::new("-"), "<stdin>".into()),
        Input::File(found) => ingest::read_article(&found.path, found.display.clone()),
        Input::Unlisted(e) => {
            return (
                Err((e.path().to_string(), e.reason())),
                t0.elapsed(),
                Duration::ZERO,
            )
        }
    }
    .map_err(|e| (e.path().to_string(), e.reason()));
    let read = t0.elapsed();
    let t1 = Instant::now();
    let prepared = article.map(|article| {
        let sentences = text::sentences(&article.original, &article.body);
        (article, sentences)
    });
    (prepared, read, t1.elapsed())
}

fn score_window(
    model: &mut ClaimModel,
    window: Vec<Prepared>,
    threshold: f32,
    all: bool,
    sink: &mut dyn RowSink,
    stats: &mut Stats,
) -> Result<(), CliError> {
    let inputs: Vec<ScoreInput> = window
        .iter()
        .filter_map(|p| p.as_ref().ok())
        .flat_map(|(article, sentences)| article_inputs(sentences, article.title.as_deref()))
        .collect();
    let scores = model.score_inputs(&inputs)?;
    let mut scores = scores.into_iter();
    for prepared in &window {
        let io_error = |source| CliError::Io {
            path: "output".into(),
            source,
        };
        let (article, sentences) = match prepared {
            Ok(p) => p,
            Err((path, reason)) => {
                eprintln!("claimsift: skipped {path}: {reason}");
                stats.totals.failed += 1;
                sink.write_article(&ArticleSummary {
                    path: path.clone(),
                    error: Some(reason.clone()),
                    ..ArticleSummary::default()
                })
                .map_err(io_error)?;
                continue;
            }
        };
        for warning in &article.warnings {
            eprintln!("claimsift: warning: {warning}");
        }
        stats.totals.articles += 1;
        stats.totals.sentences += sentences.len();
        stats.scored_here += sentences.len();
        let t = Instant::now();
        let mut written = 0;
        for i in 0..sentences.len() {
            let Scored { score, claim_type } = scores.next().expect("one score per sentence");
            if score >= threshold {
                stats.above_threshold += 1;
            }
            if !all && score < threshold {
                continue;
            }
            written += 1;
            // A type describes a claim: rows below the threshold (--all) get none.
            let claim_type = claim_type.filter(|_| score >= threshold);
            sink.write_row(&row_for(article, sentences, i, score, claim_type))
                .map_err(io_error)?;
        }
        stats.totals.claims += written;
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

fn row_for(
    article: &Article,
    sentences: &[Sentence],
    i: usize,
    score: f32,
    claim_type: Option<String>,
) -> ClaimRow {
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
        claim_type,
        quantities: crate::claims::quantities(&s.text),
        attribution: crate::claims::attributions(&s.text),
        sentence: s.text.clone(),
        context_before: neighbour(i.checked_sub(1)),
        context_after: neighbour(Some(i + 1)),
        start_byte: s.start_byte,
        end_byte: s.end_byte,
        paragraph: s.paragraph,
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
