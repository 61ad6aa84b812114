//! The journal that lets `scan --resume` carry on after an interruption.
//!
//! Beside the output's temporary file (`.claims.csv.partial`) a run keeps
//! `.claims.csv.journal`: a first line with the settings that shape the output, then one line
//! per finished window of articles giving the inputs it covered (path, size, modification
//! time), the output's length after it and a digest chained over the output's bytes. A
//! resumed run re-lists its inputs, keeps the longest journalled prefix that still matches
//! them and whose digests match the temporary file's bytes (a damaged or edited journal
//! must not produce a broken output), truncates the temporary file to that point and goes
//! on; the result is byte-identical to a run that was never interrupted.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

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

/// Journal format; 2 added the digest chain that ties each checkpoint to the output's bytes,
/// 3 the claims of each checkpoint (what a resumed run's groups are built from).
const VERSION: u32 = 3;

/// Longest journal line read back: a checkpoint of a huge window is far below it, and a
/// damaged journal (or one that is not a file) cannot make the reader hold more.
const MAX_LINE: u64 = 64 << 20;

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
    /// `(claim_id, sentence)` of the claims written since the previous checkpoint.
    claims: Vec<(String, String)>,
    /// sha256 over the previous checkpoint's digest (the header line's for the first), the
    /// output bytes since the previous checkpoint, and this checkpoint's other fields.
    digest: String,
}

/// Where a resumed run starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResumePoint {
    /// Inputs already done (a prefix of the input list).
    pub done: usize,
    /// Output bytes to keep.
    pub offset: u64,
    pub totals: Totals,
    /// `(claim_id, sentence)` of every claim in the kept output, in order.
    pub claims: Vec<(String, String)>,
    /// Why checkpoints after `done` were not used although the journal has them (a damaged
    /// journal or partial file), for the user; `None` when everything matched or was stale
    /// only because inputs changed.
    pub discarded: Option<String>,
    /// Checkpoints kept, to be written again into the new journal.
    kept: Vec<String>,
    /// The chain's last digest, which the next checkpoint continues.
    digest: [u8; 32],
}

pub fn journal_path(target: &Path) -> PathBuf {
    super::atomic::sibling(target, "journal")
}

fn header_line(settings: &str) -> io::Result<String> {
    serde_json::to_string(&Header {
        claimsift_journal: VERSION,
        settings: settings.to_string(),
    })
    .map_err(io::Error::other)
}

fn next_digest(
    previous: &[u8; 32],
    segment: &mut dyn Read,
    len: u64,
    inputs: &[Fingerprint],
    offset: u64,
    totals: &Totals,
    claims: &[(String, String)],
) -> io::Result<Option<[u8; 32]>> {
    let mut hasher = Sha256::new();
    hasher.update(previous);
    let copied = io::copy(&mut segment.take(len), &mut hasher)?;
    if copied != len {
        return Ok(None);
    }
    let fields =
        serde_json::to_string(&(inputs, offset, totals, claims)).map_err(io::Error::other)?;
    hasher.update(fields.as_bytes());
    Ok(Some(hasher.finalize().into()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Finds how much of an earlier, interrupted run can be kept.
///
/// `settings` must equal the earlier run's (same model, threshold, format…); otherwise the
/// journal is refused with an explanation. Every checkpoint is verified against the bytes of
/// `partial` (the run's temporary output) before it is trusted.
pub fn resume_point(
    journal: &Path,
    partial: &Path,
    settings: &str,
    inputs: &[Fingerprint],
) -> io::Result<ResumePoint> {
    let file = match File::open(journal) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(ResumePoint::default()),
        Err(e) => return Err(e),
    };
    if !file.metadata()?.is_file() {
        return Err(io::Error::other(format!(
            "{} is not a regular file; remove it and run without --resume",
            journal.display()
        )));
    }
    let partial_file = match File::open(partial) {
        Ok(f) if f.metadata()?.is_file() => Some(f),
        Ok(_) => {
            return Err(io::Error::other(format!(
                "{} is not a regular file; remove it and run without --resume",
                partial.display()
            )))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let mut reader: Box<dyn Read> = match partial_file {
        Some(f) => Box::new(BufReader::new(f)),
        None => Box::new(io::empty()),
    };
    read_journal(
        BufReader::new(file),
        &mut reader,
        settings,
        inputs,
        &journal.display().to_string(),
    )
}

/// [`resume_point`] on readers: `journal` is the journal's text, `partial` the output's bytes.
pub fn read_journal(
    mut journal: impl BufRead,
    partial: &mut dyn Read,
    settings: &str,
    inputs: &[Fingerprint],
    name: &str,
) -> io::Result<ResumePoint> {
    let Some(first) = read_line(&mut journal)? else {
        return Ok(ResumePoint::default());
    };
    let header: Header = first
        .as_deref()
        .ok()
        .and_then(|line| serde_json::from_str(line).ok())
        .ok_or_else(|| {
            io::Error::other(format!(
                "{name}: not a claimsift journal; remove it or run without --resume"
            ))
        })?;
    if header.claimsift_journal != VERSION {
        return Err(io::Error::other(format!(
            "{name} was written by another version of claimsift (journal format {}); run \
             without --resume to start over",
            header.claimsift_journal
        )));
    }
    if header.settings != settings {
        return Err(io::Error::other(format!(
            "{name} was written by a run with other settings ({}); resume with the same options, \
             or run without --resume to start over",
            header.settings
        )));
    }
    let mut point = ResumePoint {
        digest: Sha256::digest(header_line(settings)?.as_bytes()).into(),
        ..ResumePoint::default()
    };
    let mut number = 0;
    while let Some(line) = read_line(&mut journal)? {
        number += 1;
        // The last line may be cut short if the process was killed while writing it.
        let Ok(line) = line else { break };
        let Ok(checkpoint) = serde_json::from_str::<Checkpoint>(&line) else {
            break;
        };
        let Some(end) = point.done.checked_add(checkpoint.inputs.len()) else {
            break;
        };
        if end > inputs.len() || inputs[point.done..end] != checkpoint.inputs[..] {
            // Inputs changed since: everything from here is scanned again.
            break;
        }
        let damaged = |why: &str| {
            Some(format!(
                "{name}: checkpoint {number} {why}; resuming after {} files instead",
                point.done
            ))
        };
        if checkpoint.offset < point.offset
            || checkpoint.totals.articles < point.totals.articles
            || checkpoint.inputs.is_empty()
        {
            point.discarded = damaged("goes backwards");
            break;
        }
        let digest = next_digest(
            &point.digest,
            partial,
            checkpoint.offset - point.offset,
            &checkpoint.inputs,
            checkpoint.offset,
            &checkpoint.totals,
            &checkpoint.claims,
        )?;
        match digest {
            None => {
                point.discarded = damaged("lies past the end of the partial output");
                break;
            }
            Some(d) if hex(&d) != checkpoint.digest => {
                point.discarded = damaged("does not match the partial output's bytes");
                break;
            }
            Some(d) => point.digest = d,
        }
        point.done = end;
        point.offset = checkpoint.offset;
        point.totals = checkpoint.totals;
        point.claims.extend(checkpoint.claims);
        point.kept.push(line);
    }
    Ok(point)
}

/// One line without its `\n`, `Err` for a line that is not UTF-8 or too long, `None` at EOF.
fn read_line(reader: &mut impl BufRead) -> io::Result<Option<Result<String, ()>>> {
    let mut bytes = Vec::new();
    let n = reader
        .by_ref()
        .take(MAX_LINE)
        .read_until(b'\n', &mut bytes)?;
    if n == 0 {
        return Ok(None);
    }
    if bytes.last() != Some(&b'\n') {
        // Torn or over-long: nothing after it is trusted.
        return Ok(Some(Err(())));
    }
    bytes.pop();
    Ok(Some(String::from_utf8(bytes).map_err(drop)))
}

/// An open journal that records checkpoints as windows finish.
pub struct Journal {
    path: PathBuf,
    file: File,
    partial: PathBuf,
    /// The output's length and the chain's digest at the last checkpoint.
    offset: u64,
    digest: [u8; 32],
}

impl Journal {
    /// Starts the journal afresh, or rewritten with the checkpoints `resume` keeps.
    /// `partial` is the output's temporary file, whose bytes each checkpoint is tied to.
    pub fn create(
        path: &Path,
        partial: &Path,
        settings: &str,
        resume: &ResumePoint,
    ) -> io::Result<Journal> {
        let mut file = OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(true)
            .open(path)?;
        let header = header_line(settings)?;
        writeln!(file, "{header}")?;
        for line in &resume.kept {
            writeln!(file, "{line}")?;
        }
        file.sync_data()?;
        let digest = if resume.kept.is_empty() {
            Sha256::digest(header.as_bytes()).into()
        } else {
            resume.digest
        };
        Ok(Journal {
            path: path.to_path_buf(),
            file,
            partial: partial.to_path_buf(),
            offset: resume.offset,
            digest,
        })
    }

    /// Records that `inputs` are done, with `claims` written for them, and the output
    /// (already synced) is `offset` bytes long.
    pub fn checkpoint(
        &mut self,
        inputs: Vec<Fingerprint>,
        offset: u64,
        totals: Totals,
        claims: Vec<(String, String)>,
    ) -> io::Result<()> {
        let mut partial = File::open(&self.partial)?;
        partial.seek(SeekFrom::Start(self.offset))?;
        let len = offset.checked_sub(self.offset).ok_or_else(|| {
            io::Error::other(format!(
                "{}: output shrank from {} to {offset} bytes",
                self.partial.display(),
                self.offset
            ))
        })?;
        let digest = next_digest(
            &self.digest,
            &mut BufReader::new(partial),
            len,
            &inputs,
            offset,
            &totals,
            &claims,
        )?
        .ok_or_else(|| {
            io::Error::other(format!(
                "{} is shorter than the {offset} bytes written",
                self.partial.display()
            ))
        })?;
        let line = serde_json::to_string(&Checkpoint {
            inputs,
            offset,
            totals,
            claims,
            digest: hex(&digest),
        })
        .map_err(io::Error::other)?;
        writeln!(self.file, "{line}")?;
        self.file.sync_data()?;
        self.offset = offset;
        self.digest = digest;
        Ok(())
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

    fn claims(ids: &[&str]) -> Vec<(String, String)> {
        ids.iter()
            .map(|id| (id.to_string(), format!("Claim {id}.")))
            .collect()
    }

    /// A journal with checkpoints after 100 and 150 bytes of `partial`.
    fn journalled(dir: &Path) -> (PathBuf, PathBuf) {
        let path = dir.join(".out.csv.journal");
        let partial = dir.join(".out.csv.partial");
        let mut j = Journal::create(&path, &partial, "s1", &ResumePoint::default()).unwrap();
        let totals = Totals {
            articles: 2,
            ..Totals::default()
        };
        std::fs::write(&partial, [b'a'; 100]).unwrap();
        j.checkpoint(vec![fp("a"), fp("b")], 100, totals, claims(&["a-000"]))
            .unwrap();
        std::fs::write(&partial, [b'a'; 160]).unwrap();
        j.checkpoint(vec![fp("c")], 150, totals, claims(&["c-001", "c-004"]))
            .unwrap();
        // A torn last line is ignored.
        write!(j.file, "{{\"inputs\": [").unwrap();
        (path, partial)
    }

    #[test]
    fn resumes_after_the_longest_matching_prefix() {
        let dir = tempfile::tempdir().unwrap();
        let (path, partial) = journalled(dir.path());
        let inputs = [fp("a"), fp("b"), fp("c"), fp("d")];
        let point = resume_point(&path, &partial, "s1", &inputs).unwrap();
        assert_eq!(
            (point.done, point.offset, &point.discarded),
            (3, 150, &None)
        );
        assert_eq!(point.claims, claims(&["a-000", "c-001", "c-004"]));
        // A changed file invalidates its window and everything after it.
        let changed = [fp("a"), fp("b"), fp("x"), fp("d")];
        let point = resume_point(&path, &partial, "s1", &changed).unwrap();
        assert_eq!((point.done, point.offset), (2, 100));
        assert_eq!(point.claims, claims(&["a-000"]));
        assert!(resume_point(&path, &partial, "other settings", &inputs).is_err());
        assert_eq!(
            resume_point(&dir.path().join("none"), &partial, "s1", &inputs).unwrap(),
            ResumePoint::default()
        );
        // The chain goes on from a resumed journal.
        let point = resume_point(&path, &partial, "s1", &inputs).unwrap();
        let mut j = Journal::create(&path, &partial, "s1", &point).unwrap();
        j.checkpoint(vec![fp("d")], 160, point.totals, Vec::new())
            .unwrap();
        let point = resume_point(&path, &partial, "s1", &inputs).unwrap();
        assert_eq!((point.done, point.offset), (4, 160));
    }

    #[test]
    fn an_edited_journal_or_partial_file_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let (path, partial) = journalled(dir.path());
        let inputs = [fp("a"), fp("b"), fp("c")];
        let journal = std::fs::read_to_string(&path).unwrap();

        // A byte of the output changed after the first checkpoint.
        let mut bytes = std::fs::read(&partial).unwrap();
        bytes[120] = b'X';
        std::fs::write(&partial, &bytes).unwrap();
        let point = resume_point(&path, &partial, "s1", &inputs).unwrap();
        assert_eq!((point.done, point.offset), (2, 100));
        assert!(point
            .discarded
            .unwrap()
            .contains("checkpoint 2 does not match"));

        // An offset edited past the end of the partial file.
        std::fs::write(&partial, [b'a'; 160]).unwrap();
        std::fs::write(&path, journal.replace("\"offset\":150", "\"offset\":9999")).unwrap();
        let point = resume_point(&path, &partial, "s1", &inputs).unwrap();
        assert_eq!((point.done, point.offset), (2, 100));
        assert!(point.discarded.is_some());

        // Totals edited: the summary would lie, so the checkpoint is dropped.
        std::fs::write(&path, journal.replace("\"articles\":2", "\"articles\":7")).unwrap();
        let point = resume_point(&path, &partial, "s1", &inputs).unwrap();
        assert_eq!(point.done, 0);

        // A truncated partial file keeps only what it still holds.
        std::fs::write(&path, &journal).unwrap();
        std::fs::write(&partial, [b'a'; 120]).unwrap();
        let point = resume_point(&path, &partial, "s1", &inputs).unwrap();
        assert_eq!((point.done, point.offset), (2, 100));

        // A journal from the old format, or not a journal at all, is refused with a reason.
        std::fs::write(&path, "{\"claimsift_journal\":1,\"settings\":\"s1\"}\n").unwrap();
        let err = resume_point(&path, &partial, "s1", &inputs).unwrap_err();
        assert!(err.to_string().contains("another version"), "{err}");
        std::fs::write(&path, [0u8; 1000]).unwrap();
        let err = resume_point(&path, &partial, "s1", &inputs).unwrap_err();
        assert!(err.to_string().contains("not a claimsift journal"), "{err}");
    }
}
