//! Resuming an interrupted scan: the journal beside the output records, after each window,
//! which inputs are done, how long the output was, and the window's claims.

use std::ops::Range;
use std::path::Path;

use super::{Checkpoints, Input, StartPoint};
use crate::output::atomic::partial_path;
use crate::output::journal::{self, Fingerprint, Journal, ResumePoint, Totals};
use crate::output::RowSink;

/// The journal of a run whose output can be resumed.
pub struct Resume {
    journal: Journal,
    /// Of every input, in order.
    fingerprints: Vec<Fingerprint>,
}

impl Resume {
    /// Starts the journal for `target` (the output file). With `keep`, first reads how much of
    /// an earlier run with the same `settings` can be kept: a prefix of `inputs`, verified
    /// against the partial output's bytes.
    pub fn open(
        target: &Path,
        settings: &str,
        inputs: &[Input],
        keep: bool,
    ) -> std::io::Result<(Resume, ResumePoint)> {
        let fingerprints: Vec<Fingerprint> = inputs.iter().map(Input::fingerprint).collect();
        let journal_path = journal::journal_path(target);
        let partial = partial_path(target);
        let point = if keep {
            journal::resume_point(&journal_path, &partial, settings, &fingerprints)?
        } else {
            ResumePoint::default()
        };
        let journal = Journal::create(&journal_path, &partial, settings, &point)?;
        Ok((
            Resume {
                journal,
                fingerprints,
            },
            point,
        ))
    }

    /// The run finished: the journal is no longer needed.
    pub fn finish(self) -> std::io::Result<()> {
        self.journal.remove()
    }
}

/// Where the pipeline starts for a resume point.
pub fn start_point(point: &mut ResumePoint) -> StartPoint {
    StartPoint {
        done: point.done,
        totals: point.totals,
        claims: std::mem::take(&mut point.claims),
    }
}

impl Checkpoints for Resume {
    fn window_written(
        &mut self,
        sink: &mut dyn RowSink,
        inputs: Range<usize>,
        totals: Totals,
        claims: Vec<(String, String)>,
    ) -> std::io::Result<()> {
        match sink.checkpoint()? {
            Some(offset) => {
                self.journal
                    .checkpoint(self.fingerprints[inputs].to_vec(), offset, totals, claims)
            }
            None => Ok(()),
        }
    }
}
