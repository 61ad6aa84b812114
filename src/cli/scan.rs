//! `claimsift scan`: arguments, output and resume journal around the pipeline in
//! [`crate::scan`].

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::Args;

use super::progress::Bar;
use super::{CliError, ModelArgs, Outcome};
use crate::ingest;
use crate::memory::lookup::Lookup;
use crate::memory::ClaimMemory;
use crate::model::ClaimModel;
use crate::output::atomic::OutputTarget;
use crate::output::journal::ResumePoint;
use crate::output::{self, Destination, RunInfo, SinkOptions};
use crate::scan::resume::{start_point, Resume};
use crate::scan::{list_inputs, Checkpoints, Input, ScanConfig, ScanError, ScanSummary, Scanner};

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
    /// Worker threads for reading and for the model (0 = all cores; at most the cores
    /// available). Output does not depend on it.
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
    /// The memory of reviewed claims to look each claim up in (default: the one `review
    /// --remember` writes, when it exists). Matches fill the seen_* columns.
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Do not look claims up in the memory of reviewed claims.
    #[arg(long, conflicts_with = "db")]
    pub no_memory: bool,
    /// No progress bar, even on a terminal.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub model: ModelArgs,
}

/// Set by Ctrl-C: the run stops after the window in progress, leaving a resumable state.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

pub fn run(args: ScanArgs) -> Result<Outcome, CliError> {
    let started = Instant::now();
    let threads = super::worker_threads(args.threads);
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
    let inputs = inputs_of(&args);
    if let Some(target) = &target {
        target
            .refuse_inputs(inputs.iter().filter_map(Input::path))
            .map_err(|e| CliError::Usage(e.to_string()))?;
    }
    let mut model = args.model.load(threads)?;
    let threshold = args.model.threshold.unwrap_or(model.threshold());
    let mut memory = open_memory(&args, threads)?;

    // Resuming: keep what an interrupted run with the same settings already wrote.
    let settings = settings_line(&args, &model, threshold, format, memory.as_ref());
    let (mut journal, mut resume) = match resumable {
        Some(target) => {
            let (journal, point) =
                Resume::open(target, &settings, &inputs, args.resume).map_err(output_error)?;
            (Some(journal), point)
        }
        None => (None, ResumePoint::default()),
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
    let destination = match target {
        Some(target) if resumable.is_some() => Destination::resumable(target, resume.offset),
        Some(target) => Destination::file(target),
        None => Destination::open(None),
    }
    .map_err(output_error)?;
    let mut sink = output::open_sink(destination, &sink_options).map_err(output_error)?;

    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
    let progress = Bar::new(!args.quiet, inputs.len());
    let config = ScanConfig {
        threshold,
        // The report highlights every sentence and re-draws at any threshold.
        all_rows: args.all || format == output::Format::Html,
        threads,
        ..ScanConfig::new(threshold)
    };
    let start = start_point(&mut resume);
    let mut scanner = Scanner::new(config, &mut model);
    if let Some(memory) = memory.as_mut() {
        scanner = scanner.with_memory(memory);
    }
    let summary = scanner
        .run(
            &inputs,
            start,
            sink.as_mut(),
            journal.as_mut().map(|j| j as &mut dyn Checkpoints),
            &progress,
            &INTERRUPTED,
        )
        .map_err(|e| match e {
            ScanError::Model(e) => CliError::Model(e),
            ScanError::Memory(e) => CliError::Usage(e.to_string()),
            ScanError::Output(source) => output_error(source),
            other => CliError::Usage(other.to_string()),
        })?;
    progress.finish();
    if summary.interrupted {
        drop(sink);
        let hint = if journal.is_some() {
            "run the same command with --resume to continue"
        } else {
            "the output is incomplete; write to a file (-o) to be able to resume"
        };
        eprintln!(
            "claimsift: interrupted after {} of {} files; {hint}",
            summary.done,
            inputs.len()
        );
        return Ok(Outcome::Interrupted);
    }
    let write_started = Instant::now();
    sink.finish().map_err(output_error)?;
    if let Some(journal) = journal {
        journal.finish().map_err(output_error)?;
    }
    let write = summary.write + write_started.elapsed();
    print_summary(&args, format, &model, &summary, write, started.elapsed());
    Ok(if summary.totals.failed > 0 {
        Outcome::PartialFailure
    } else {
        Outcome::Success
    })
}

fn print_summary(
    args: &ScanArgs,
    format: output::Format,
    model: &ClaimModel,
    stats: &ScanSummary,
    write: Duration,
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
            write.as_secs_f64()
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
    memory: Option<&Lookup>,
) -> String {
    format!(
        "claimsift {}; model {} sha256 {}; threshold {threshold}; all {}; format {format:?}; \
         excel {}; globs {:?}; paths {:?}; memory {}",
        env!("CARGO_PKG_VERSION"),
        model.config().name,
        model.config().onnx_sha256.as_deref().unwrap_or("-"),
        args.all,
        args.excel,
        args.globs,
        args.paths,
        memory.map_or("none", Lookup::fingerprint)
    )
}

/// The memory of reviewed claims this scan looks claims up in: `--db`, else the default one
/// when it exists; none with `--no-memory` or when it is empty.
fn open_memory(args: &ScanArgs, threads: usize) -> Result<Option<Lookup>, CliError> {
    if args.no_memory {
        return Ok(None);
    }
    let path = match &args.db {
        Some(path) => path.clone(),
        None => match crate::memory::default_path() {
            Some(path) => path,
            None => return Ok(None),
        },
    };
    let usage = |e: crate::memory::MemoryError| CliError::Usage(e.to_string());
    let memory = match ClaimMemory::open_existing(&path).map_err(usage)? {
        Some(memory) => memory,
        None if args.db.is_some() => {
            return Err(CliError::Usage(format!(
                "{}: no memory there; `claimsift review SHEET --remember --db {}` creates one, \
                 or leave out --db",
                path.display(),
                path.display()
            )))
        }
        None => return Ok(None),
    };
    let embedder = super::memory::load_embedder_with(None, threads)?;
    let lookup = Lookup::load(&memory, embedder).map_err(usage)?;
    if lookup.skipped_other_embedder > 0 {
        eprintln!(
            "claimsift: memory {}: {} claims were remembered with another embedder and are not \
             matched; re-import their sheets with `claimsift review --remember`",
            path.display(),
            lookup.skipped_other_embedder
        );
    }
    if lookup.is_empty() {
        return Ok(None);
    }
    if !args.quiet {
        eprintln!(
            "claimsift: looking claims up in the memory {} ({} reviewed claims)",
            path.display(),
            lookup.len()
        );
    }
    Ok(Some(lookup))
}

fn display_output(args: &ScanArgs) -> String {
    args.output
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "<stdout>".into())
}

fn inputs_of(args: &ScanArgs) -> Vec<Input> {
    let walk = ingest::WalkOptions {
        follow_links: args.follow,
        hidden: args.hidden,
        no_ignore: args.no_ignore,
    };
    list_inputs(&args.paths, &args.globs, &walk)
}
