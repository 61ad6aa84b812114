//! The journal that lets `scan --resume` carry on after an interruption.
//!
//! Beside the output's temporary file (`.claims.csv.partial`) a run keeps
//! `.claims.csv.journal`: a first line with the settings that shape the output, then one line
//! per finished window of articles giving the inputs it covered (path, size, modification
//! time) and the output's length after it. A resumed run re-lists its inputs, keeps the
//! longest journalled prefix that still matches them, truncates the temporary file to that
//! point and goes on; the result is byte-identical to a run that was never interrupted.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Identity of one input as of when it was read: a changed file is scanned again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    pub path: String,
    pub len: u64,
    pub modified_ns: u128,
}

impl Fingerprint {
    pub fn of(path: &Path, display: &str) -> Fingerprint {
        let meta = std::fs::metadata(path).ok();
        Fingerprint {
            path: display.to_string(),
            len: meta.as_ref().map(|m| m.len()).unwrap_or(0),
            modified_ns: meta
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        }
    }
}

/// Running totals, so a resumed run's summary counts the whole job.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub articles: usize,
    pub sentences: usize,
    pub claims: usize,
    pub failed: usize,
}

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    claimsift_journal: u32,
    settings: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Checkpoint {
    inputs: Vec<Fingerprint>,
    offset: u64,
    totals: Totals,
}

/// Where a resumed run starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResumePoint {
    /// Inputs already done (a prefix of the input list).
    pub done: usize,
    /// Output bytes to keep.
    pub offset: u64,
    pub totals: Totals,
    /// Checkpoints kept, to be written again into the new journal.
    kept: Vec<String>,
}

pub fn journal_path(target: &Path) -> PathBuf {
    super::atomic::sibling(target, "journal")
}

/// Finds how much of an earlier, interrupted run can be kept.
///
/// `settings` must equal the earlier run's (same model, threshold, format…); otherwise the
/// journal is refused with an explanation.
pub fn resume_point(
    journal: &Path,
    settings: &str,
    inputs: &[Fingerprint],
) -> io::Result<ResumePoint> {
    let file = match File::open(journal) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(ResumePoint::default()),
        Err(e) => return Err(e),
    };
    let mut lines = BufReader::new(file).lines();
    let header: Header = match lines.next() {
        Some(line) => serde_json::from_str(&line?).map_err(|e| {
            io::Error::other(format!(
                "{}: not a claimsift journal ({e})",
                journal.display()
            ))
        })?,
        None => return Ok(ResumePoint::default()),
    };
    if header.settings != settings {
        return Err(io::Error::other(format!(
            "{} was written by a run with other settings ({}); resume with the same options, \
             or run without --resume to start over",
            journal.display(),
            header.settings
        )));
    }
    let mut point = ResumePoint::default();
    for line in lines {
        // The last line may be cut short if the process was killed while writing it.
        let Ok(line) = line else { break };
        let Ok(checkpoint) = serde_json::from_str::<Checkpoint>(&line) else {
            break;
        };
        let end = point.done + checkpoint.inputs.len();
        if end > inputs.len() || inputs[point.done..end] != checkpoint.inputs[..] {
            break;
        }
        point.done = end;
        point.offset = checkpoint.offset;
        point.totals = checkpoint.totals;
        point.kept.push(line);
    }
    Ok(point)
}

/// An open journal that records checkpoints as windows finish.
pub struct Journal {
    path: PathBuf,
    file: File,
}

impl Journal {
    /// Starts the journal afresh, or rewritten with the checkpoints `resume` keeps.
    pub fn create(path: &Path, settings: &str, resume: &ResumePoint) -> io::Result<Journal> {
        let mut file = OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(true)
            .open(path)?;
        let header = Header {
            claimsift_journal: 1,
            settings: settings.to_string(),
        };
        writeln!(
            file,
            "{}",
            serde_json::to_string(&header).map_err(io::Error::other)?
        )?;
        for line in &resume.kept {
            writeln!(file, "{line}")?;
        }
        file.sync_data()?;
        Ok(Journal {
            path: path.to_path_buf(),
            file,
        })
    }

    /// Records that `inputs` are done and the output (already synced) is `offset` bytes long.
    pub fn checkpoint(
        &mut self,
        inputs: Vec<Fingerprint>,
        offset: u64,
        totals: Totals,
    ) -> io::Result<()> {
        let line = serde_json::to_string(&Checkpoint {
            inputs,
            offset,
            totals,
        })
        .map_err(io::Error::other)?;
        writeln!(self.file, "{line}")?;
        self.file.sync_data()
    }

    /// The run finished: the journal is no longer needed.
    pub fn remove(self) -> io::Result<()> {
        drop(self.file);
        std::fs::remove_file(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(path: &str) -> Fingerprint {
        Fingerprint {
            path: path.into(),
            len: 10,
            modified_ns: 1,
        }
    }

    #[test]
    fn resumes_after_the_longest_matching_prefix() {
        let dir = std::env::temp_dir().join(format!("claimsift-journal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(".out.csv.journal");
        let mut j = Journal::create(&path, "s1", &ResumePoint::default()).unwrap();
        let totals = Totals {
            articles: 2,
            ..Totals::default()
        };
        j.checkpoint(vec![fp("a"), fp("b")], 100, totals).unwrap();
        j.checkpoint(vec![fp("c")], 150, totals).unwrap();
        // A torn last line is ignored.
        write!(j.file, "{{\"inputs\": [").unwrap();
        let inputs = [fp("a"), fp("b"), fp("c"), fp("d")];
        let point = resume_point(&path, "s1", &inputs).unwrap();
        assert_eq!((point.done, point.offset), (3, 150));
        // A changed file invalidates its window and everything after it.
        let changed = [fp("a"), fp("b"), fp("x"), fp("d")];
        let point = resume_point(&path, "s1", &changed).unwrap();
        assert_eq!((point.done, point.offset), (2, 100));
        assert!(resume_point(&path, "other settings", &inputs).is_err());
        assert_eq!(
            resume_point(&dir.join("none"), "s1", &inputs).unwrap(),
            ResumePoint::default()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
