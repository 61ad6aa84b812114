//! The scan pipeline as a library: inputs in, scored and enriched claim rows out, in input
//! order.
//!
//! Per window, in a fixed order: prepare (read, clean, split; parallel and pure) → score (one
//! scorer, in bounded chunks) → enrich (`claims::enrich`) → sink. Reading runs one window
//! ahead of scoring. Windows are bounded by files and bytes and planned from the input list
//! alone, and the shipped model is batch-invariant, so every score and every output byte is
//! the same whatever the thread count, timing or resume point.

mod input;
pub mod resume;
mod window;

use std::ops::Range;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub use input::{list_inputs, Input};
pub use window::{next_window, WindowLimits};

use crate::claims::enrich::claim_row;
use crate::claims::group::{GroupInput, Grouper};
use crate::ingest::{self, Article};
use crate::memory::lookup::Lookup;
use crate::memory::MatchQuery;
use crate::model::context::article_inputs;
use crate::model::{ModelError, ScoreInput, Scorer};
use crate::output::journal::Totals;
use crate::output::{ArticleSummary, ClaimRow, RowSink};
use crate::text::Sentence;
use window::{prepare_window, Prepared, Window};

/// How a scan runs.
#[derive(Debug, Clone, Copy)]
pub struct ScanConfig {
    /// Decision threshold on the calibrated score.
    pub threshold: f32,
    /// Write every sentence with its score, not only those at or above the threshold.
    pub all_rows: bool,
    /// Threads for reading and splitting (the scorer has its own).
    pub threads: usize,
    pub window: WindowLimits,
    /// Sentences per scorer call: bounds what the tokenizer holds at once.
    pub score_chunk: usize,
}

impl ScanConfig {
    pub fn new(threshold: f32) -> Self {
        ScanConfig {
            threshold,
            all_rows: false,
            threads: 1,
            window: WindowLimits::default(),
            score_chunk: 2048,
        }
    }
}

/// Where a run starts: inputs already done by an interrupted run, its totals, and the
/// `(claim_id, sentence)` of its claims (so that later claims join the same groups).
#[derive(Debug, Clone, Default)]
pub struct StartPoint {
    pub done: usize,
    pub totals: Totals,
    pub claims: Vec<(String, String)>,
}

/// What a run did.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScanSummary {
    /// Totals of the whole job (a resumed run's earlier part included).
    pub totals: Totals,
    /// Inputs done: all of them unless the run was interrupted.
    pub done: usize,
    pub interrupted: bool,
    /// Sentences scored by this run (a resumed run's earlier ones excluded): for the rate.
    pub scored_here: usize,
    /// Sentences at or above the threshold written by this run.
    pub above_threshold: usize,
    /// CPU time reading + cleaning and splitting, summed over threads.
    pub read: Duration,
    pub split: Duration,
    /// Time building and writing rows.
    pub write: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Memory(#[from] crate::memory::MemoryError),
    #[error("cannot start {threads} threads: {reason} — try a smaller --threads")]
    Threads { threads: usize, reason: String },
    #[error("the scorer returned {got} scores for {expected} sentences")]
    ScoreCount { expected: usize, got: usize },
    #[error("{0}")]
    Output(#[source] std::io::Error),
}

/// Told as the run goes; the CLI shows it, tests ignore it.
pub trait Progress {
    /// A window is written: `done` inputs in all, `scored` sentences scored by this run.
    fn window_done(&self, _done: usize, _scored: usize) {}
    /// An input could not be read; it is reported in the output and the run goes on.
    fn skipped(&self, _path: &str, _reason: &str) {}
    /// An input was read despite a problem (the message names the file).
    fn warning(&self, _message: &str) {}
}

/// Progress that nobody watches.
pub struct Silent;

impl Progress for Silent {}

/// Told after each window is written, so that an interrupted run can resume from there.
pub trait Checkpoints {
    /// `claims` are the `(claim_id, sentence)` of the claims the window wrote.
    fn window_written(
        &mut self,
        sink: &mut dyn RowSink,
        inputs: Range<usize>,
        totals: Totals,
        claims: Vec<(String, String)>,
    ) -> std::io::Result<()>;
}

/// Runs the pipeline with one scorer.
pub struct Scanner<'s> {
    config: ScanConfig,
    scorer: &'s mut dyn Scorer,
    grouper: Grouper,
    memory: Option<&'s mut Lookup>,
}

impl<'s> Scanner<'s> {
    pub fn new(config: ScanConfig, scorer: &'s mut dyn Scorer) -> Self {
        Scanner {
            config,
            scorer,
            grouper: Grouper::new(),
            memory: None,
        }
    }

    /// Also reports, for each claim, the remembered claim it matches.
    pub fn with_memory(mut self, memory: &'s mut Lookup) -> Self {
        self.memory = Some(memory);
        self
    }

    /// Scans `inputs` from `start.done` on, writing rows and one article summary per input to
    /// `sink` in input order. Stops after the window in progress once `interrupted` is set.
    /// The caller finishes the sink.
    pub fn run(
        &mut self,
        inputs: &[Input],
        start: StartPoint,
        sink: &mut dyn RowSink,
        mut checkpoints: Option<&mut dyn Checkpoints>,
        progress: &dyn Progress,
        interrupted: &AtomicBool,
    ) -> Result<ScanSummary, ScanError> {
        let threads = self.config.threads.max(1);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| ScanError::Threads {
                threads,
                reason: e.to_string(),
            })?;
        for (claim_id, text) in &start.claims {
            self.grouper.assign(&GroupInput {
                claim_id,
                text,
                vector: None,
            });
        }
        let mut summary = ScanSummary {
            totals: start.totals,
            done: start.done,
            ..ScanSummary::default()
        };
        let first = start.done;
        let limits = self.config.window;
        std::thread::scope(|scope| -> Result<(), ScanError> {
            // A rendezvous channel: the reader prepares the next window while this one is
            // scored, and no more, so at most two windows are in memory.
            let (tx, rx) = mpsc::sync_channel::<Window>(0);
            let pool = &pool;
            scope.spawn(move || {
                let mut first = first;
                while first < inputs.len() && !interrupted.load(Ordering::SeqCst) {
                    let range = next_window(inputs, first, limits);
                    first = range.end;
                    let window = pool.install(|| prepare_window(inputs, range));
                    if tx.send(window).is_err() {
                        return;
                    }
                }
            });
            for window in rx {
                summary.read += window.read;
                summary.split += window.split;
                let range = window.inputs.clone();
                let claims = self.score_window(window.prepared, sink, progress, &mut summary)?;
                summary.done = range.end;
                if let Some(checkpoints) = checkpoints.as_deref_mut() {
                    checkpoints
                        .window_written(sink, range, summary.totals, claims)
                        .map_err(ScanError::Output)?;
                }
                progress.window_done(summary.done, summary.scored_here);
                if interrupted.load(Ordering::SeqCst) {
                    break;
                }
            }
            Ok(())
        })?;
        summary.interrupted = summary.done < inputs.len();
        Ok(summary)
    }

    /// The rows of one text read as a plain-text article named `name` (every sentence with
    /// `all_rows`, else the claims).
    pub fn scan_text(&mut self, name: &str, text: &str) -> Result<Vec<ClaimRow>, ScanError> {
        let prepared = ingest::parse_bytes(
            text.as_bytes(),
            Some(ingest::Format::Plain),
            PathBuf::from(name),
            name.to_string(),
        )
        .map(|article| {
            let sentences = crate::text::sentences(&article.original, &article.body);
            (article, sentences)
        })
        .map_err(|e| (e.path().to_string(), e.reason()));
        let mut rows = Rows(Vec::new());
        self.score_window(
            vec![prepared],
            &mut rows,
            &Silent,
            &mut ScanSummary::default(),
        )?;
        Ok(rows.0)
    }

    /// Scores, enriches and writes one window; returns `(claim_id, sentence)` of its claims.
    fn score_window(
        &mut self,
        window: Vec<Prepared>,
        sink: &mut dyn RowSink,
        progress: &dyn Progress,
        summary: &mut ScanSummary,
    ) -> Result<Vec<(String, String)>, ScanError> {
        let articles: Vec<&(Article, Vec<Sentence>)> =
            window.iter().filter_map(|p| p.as_ref().ok()).collect();
        let inputs: Vec<ScoreInput> = articles
            .iter()
            .flat_map(|(article, sentences)| article_inputs(sentences, article.title.as_deref()))
            .collect();
        let mut scores = Vec::with_capacity(inputs.len());
        for chunk in inputs.chunks(self.config.score_chunk.max(1)) {
            scores.extend(self.scorer.score(chunk)?);
        }
        if scores.len() != inputs.len() {
            return Err(ScanError::ScoreCount {
                expected: inputs.len(),
                got: scores.len(),
            });
        }
        drop(inputs);
        let mut scores = scores.into_iter();
        let threshold = self.config.threshold;
        let chunk = self.config.score_chunk.max(1);

        let started = Instant::now();
        let mut claims = Vec::new();
        for prepared in &window {
            let (article, sentences) = match prepared {
                Ok(p) => p,
                Err((path, reason)) => {
                    progress.skipped(path, reason);
                    summary.totals.failed += 1;
                    sink.write_article(&ArticleSummary {
                        path: path.clone(),
                        error: Some(reason.clone()),
                        ..ArticleSummary::default()
                    })
                    .map_err(ScanError::Output)?;
                    continue;
                }
            };
            for warning in &article.warnings {
                progress.warning(warning);
            }
            summary.totals.articles += 1;
            summary.totals.sentences += sentences.len();
            summary.scored_here += sentences.len();
            let mut written = 0;
            // Rows are built and written a chunk of sentences at a time, so a huge article
            // never holds all its rows at once.
            for first in (0..sentences.len()).step_by(chunk) {
                let last = (first + chunk).min(sentences.len());
                let mut rows = Vec::new();
                for (i, scored) in (first..last).zip(scores.by_ref()) {
                    let is_claim = scored.score >= threshold;
                    if !is_claim && !self.config.all_rows {
                        continue;
                    }
                    let mut row = claim_row(article, sentences, i, scored, threshold);
                    if is_claim {
                        row.group = self.grouper.assign(&GroupInput {
                            claim_id: &row.claim_id,
                            text: &row.sentence,
                            vector: None,
                        });
                        claims.push((row.claim_id.clone(), row.sentence.clone()));
                        summary.above_threshold += 1;
                    }
                    rows.push(row);
                }
                self.look_up(&mut rows)?;
                for row in &rows {
                    sink.write_row(row).map_err(ScanError::Output)?;
                }
                written += rows.len();
            }
            summary.totals.claims += written;
            sink.write_article(&ArticleSummary {
                path: article.display.clone(),
                title: article.title.clone().unwrap_or_default(),
                date: article.date.clone().unwrap_or_default(),
                sentences: sentences.len(),
                claims: written,
                error: None,
            })
            .map_err(ScanError::Output)?;
        }
        summary.write += started.elapsed();
        Ok(claims)
    }

    /// Fills `seen` for the claims among `rows` that match a remembered claim.
    fn look_up(&mut self, rows: &mut [ClaimRow]) -> Result<(), ScanError> {
        let Some(memory) = self.memory.as_deref_mut() else {
            return Ok(());
        };
        let threshold = self.config.threshold;
        let claims: Vec<usize> = (0..rows.len())
            .filter(|&i| rows[i].score >= threshold)
            .collect();
        // Each claim is read with the sentence before it, as `claimsift memory eval`
        // measures the matcher.
        let queries: Vec<MatchQuery> = claims
            .iter()
            .map(|&i| MatchQuery::with_context(&rows[i].sentence, &rows[i].context_before))
            .collect();
        let seen = memory.seen(&queries)?;
        for (i, seen) in claims.into_iter().zip(seen) {
            rows[i].seen = seen;
        }
        Ok(())
    }
}

/// Collects rows in memory (for [`Scanner::scan_text`]).
struct Rows(Vec<ClaimRow>);

impl RowSink for Rows {
    fn write_row(&mut self, row: &ClaimRow) -> std::io::Result<()> {
        self.0.push(row.clone());
        Ok(())
    }

    fn finish(self: Box<Self>) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests;
