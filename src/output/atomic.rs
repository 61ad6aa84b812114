//! Output files that appear whole or not at all, and never at the expense of another file.
//!
//! Results go to a temporary file in the destination folder and are renamed into place only
//! when the run has finished, so an interrupted run never leaves a truncated `claims.csv`
//! (and never clobbers the previous one). A resumable run uses a fixed temporary name
//! (`.claims.csv.partial`) so that `--resume` can find it and carry on appending.
//!
//! Before any work starts, [`OutputTarget::open`] checks what `-o` names and takes a lock on
//! it: a folder, a block device or a dangling symlink is refused; a symlink is written
//! through (the link stays, its target gets the new contents); a character device or FIFO
//! (`/dev/null`, `/dev/stdout`, a named pipe) is written to directly, never replaced; an
//! existing file keeps its permissions. The lock (`.claims.csv.lock`, an advisory `flock`
//! that dies with its process) makes a second run on the same output fail at once, naming
//! the reason, instead of truncating the first run's temporary file and journal.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// What `-o FILE` resolved to, locked for this process.
#[derive(Debug)]
pub struct OutputTarget {
    /// As the user wrote it, for messages.
    requested: PathBuf,
    /// Where the bytes go: `requested` with symlinks resolved.
    path: PathBuf,
    /// A character device or FIFO: written in place, never renamed over.
    stream: bool,
    _lock: Option<OutputLock>,
}

fn refused(path: &Path, why: impl std::fmt::Display) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{}: {why}", path.display()),
    )
}

impl OutputTarget {
    /// Checks that `requested` can be written as a whole file and locks it against other runs.
    pub fn open(requested: &Path) -> io::Result<OutputTarget> {
        let folder_message = "is a folder; -o needs a file name (such as claims.csv)";
        let text = requested.as_os_str().as_encoded_bytes();
        if text.is_empty() {
            return Err(refused(requested, "empty output file name"));
        }
        if text.ends_with(b"/") || requested.file_name().is_none() {
            return Err(refused(requested, folder_message));
        }
        let path = match std::fs::symlink_metadata(requested) {
            Ok(meta) if meta.file_type().is_symlink() => {
                std::fs::canonicalize(requested).map_err(|e| {
                    let to = std::fs::read_link(requested)
                        .map(|t| t.display().to_string())
                        .unwrap_or_default();
                    refused(
                        requested,
                        format!("is a symbolic link to {to}, which cannot be written ({e})"),
                    )
                })?
            }
            _ => requested.to_path_buf(),
        };
        let mut stream = false;
        match std::fs::metadata(&path) {
            Ok(meta) => {
                let kind = meta.file_type();
                if kind.is_dir() {
                    return Err(refused(requested, folder_message));
                }
                if !kind.is_file() {
                    if is_stream(&kind) {
                        stream = true;
                    } else {
                        return Err(refused(
                            requested,
                            "is not a regular file (a block device or socket); claimsift \
                             writes only files, character devices and pipes",
                        ));
                    }
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let dir = folder_of(&path);
                match std::fs::metadata(&dir) {
                    Ok(m) if m.is_dir() => {}
                    Ok(_) => {
                        return Err(refused(
                            requested,
                            format!("{} is not a folder", dir.display()),
                        ))
                    }
                    Err(e) => {
                        return Err(refused(
                            requested,
                            format!("cannot write into folder {}: {e}", dir.display()),
                        ))
                    }
                }
            }
            Err(e) => return Err(refused(requested, e)),
        }
        let lock = if stream {
            None
        } else {
            Some(OutputLock::acquire(&path, requested)?)
        };
        Ok(OutputTarget {
            requested: requested.to_path_buf(),
            path,
            stream,
            _lock: lock,
        })
    }

    /// The file written (symlinks resolved).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The path as given, for messages.
    pub fn requested(&self) -> &Path {
        &self.requested
    }

    /// A character device or pipe: written directly, so it cannot be resumed.
    pub fn is_stream(&self) -> bool {
        self.stream
    }

    /// Refuses an output that is one of the inputs (the same file, by identity, not by name),
    /// before anything is read or written.
    pub fn refuse_inputs<'a>(&self, inputs: impl IntoIterator<Item = &'a Path>) -> io::Result<()> {
        if self.stream {
            return Ok(());
        }
        let Ok(out) = std::fs::metadata(&self.path) else {
            return Ok(());
        };
        for input in inputs {
            if std::fs::metadata(input).is_ok_and(|m| same_file(&m, &out)) {
                return Err(refused(
                    &self.requested,
                    format!(
                        "is also an input ({}); writing it would destroy it — choose another \
                         output file",
                        input.display()
                    ),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(unix)]
fn is_stream(kind: &std::fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    kind.is_char_device() || kind.is_fifo()
}

#[cfg(not(unix))]
fn is_stream(_kind: &std::fs::FileType) -> bool {
    false
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    a.len() == b.len()
        && a.modified().ok() == b.modified().ok()
        && a.created().ok() == b.created().ok()
}

/// The folder holding `path` (`.` for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// An advisory lock on `.NAME.lock` beside the output, released when dropped or when the
/// process dies (so a killed run never leaves a stale lock).
#[derive(Debug)]
struct OutputLock {
    path: PathBuf,
    file: File,
}

impl OutputLock {
    fn acquire(target: &Path, requested: &Path) -> io::Result<OutputLock> {
        let path = sibling(target, "lock");
        loop {
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .read(true)
                .write(true)
                .open(&path)
                .map_err(|e| refused(&path, format!("cannot create the output's lock: {e}")))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(io::Error::new(
                        io::ErrorKind::ResourceBusy,
                        format!(
                            "{}: another claimsift run is writing this file (it holds {}); \
                             wait for it to finish or choose another output",
                            requested.display(),
                            path.display()
                        ),
                    ));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(refused(&path, e)),
            }
            // The previous holder removes the lock file when done; if it did so between our
            // open and our lock, we hold a lock on a file nobody else can see: take a new one.
            let current = std::fs::metadata(&path);
            if current.is_ok_and(|m| file.metadata().is_ok_and(|ours| same_file(&m, &ours))) {
                return Ok(OutputLock { path, file });
            }
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked, so no other run can lock this inode after us.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// A buffered file that becomes `target` on [`AtomicFile::commit`].
pub struct AtomicFile {
    target: OutputTarget,
    /// `None` when writing straight into a character device or pipe.
    temp: Option<PathBuf>,
    writer: Option<BufWriter<File>>,
    written: u64,
    /// Keep the temporary file when dropped uncommitted (so a later `--resume` can use it).
    keep_on_drop: bool,
}

/// The temporary file a resumable run writes for `target`.
pub fn partial_path(target: &Path) -> PathBuf {
    sibling(target, "partial")
}

/// A hidden file beside `target`: `dir/.NAME.SUFFIX`.
pub fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(target.file_name().unwrap_or("output".as_ref()));
    name.push(".");
    name.push(suffix);
    folder_of(target).join(name)
}

impl AtomicFile {
    /// A new temporary file for `target`, private to this process.
    pub fn create(target: OutputTarget) -> io::Result<Self> {
        if target.stream {
            let file = OpenOptions::new().write(true).open(&target.path)?;
            return Ok(Self::with(target, None, file, 0, false));
        }
        let pid = std::process::id();
        for attempt in 0u32.. {
            let suffix = match attempt {
                0 => format!("{pid}.partial"),
                n => format!("{pid}-{n}.partial"),
            };
            let temp = sibling(&target.path, &suffix);
            match OpenOptions::new().write(true).create_new(true).open(&temp) {
                Ok(file) => return Ok(Self::with(target, Some(temp), file, 0, false)),
                // Left by an earlier process that had our pid: never reuse another's file.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 1000 => {}
                Err(e) => return Err(e),
            }
        }
        unreachable!("the loop returns")
    }

    /// A temporary file that survives an interruption: the resumable run's [`partial_path`],
    /// truncated to `resume_at` bytes (0 starts afresh). Only the lock holder opens it.
    pub fn resumable(target: OutputTarget, resume_at: u64) -> io::Result<Self> {
        if target.stream {
            return Err(refused(
                &target.requested,
                "is a device or pipe, which cannot be resumed",
            ));
        }
        let temp = partial_path(&target.path);
        let mut file = OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(resume_at == 0)
            .open(&temp)?;
        if resume_at > 0 {
            let len = file.metadata()?.len();
            if len < resume_at {
                return Err(io::Error::other(format!(
                    "{} is shorter ({len} bytes) than its journal says ({resume_at} bytes); \
                     run again without --resume",
                    temp.display()
                )));
            }
            file.set_len(resume_at)?;
            file.seek(SeekFrom::Start(resume_at))?;
        }
        Ok(Self::with(target, Some(temp), file, resume_at, true))
    }

    fn with(target: OutputTarget, temp: Option<PathBuf>, file: File, at: u64, keep: bool) -> Self {
        AtomicFile {
            target,
            temp,
            writer: Some(BufWriter::with_capacity(1 << 16, file)),
            written: at,
            keep_on_drop: keep,
        }
    }

    pub fn target(&self) -> &Path {
        &self.target.path
    }

    /// Bytes in the file so far (what a resumed run keeps).
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Flushes and syncs what was written, so it survives the process being killed.
    pub fn sync(&mut self) -> io::Result<()> {
        let writer = self.writer.as_mut().expect("not committed");
        writer.flush()?;
        if self.temp.is_none() {
            return Ok(());
        }
        writer.get_ref().sync_data()
    }

    /// Flushes, syncs and renames the temporary file onto the target, with the target's
    /// permissions when it already exists. If that fails, a private temporary file is removed
    /// (a resumable one is kept for `--resume`).
    pub fn commit(mut self) -> io::Result<()> {
        let writer = self.writer.take().expect("not yet committed");
        let Some(temp) = self.temp.clone() else {
            return writer.into_inner().map_err(|e| e.into_error()).map(drop);
        };
        let result = replace(writer, &temp, &self.target.path);
        if result.is_err() && !self.keep_on_drop {
            let _ = std::fs::remove_file(&temp);
        }
        result
    }
}

/// Moves the finished temporary file onto `target`, giving it an existing target's permissions.
fn replace(writer: BufWriter<File>, temp: &Path, target: &Path) -> io::Result<()> {
    let file = writer.into_inner().map_err(|e| e.into_error())?;
    if let Ok(existing) = std::fs::metadata(target) {
        if existing.is_file() {
            file.set_permissions(existing.permissions())?;
        }
    }
    file.sync_all()?;
    drop(file);
    std::fs::rename(temp, target)
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.writer.as_mut().expect("not committed").write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.as_mut().expect("not committed").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(mut writer) = self.writer.take() {
            match &self.temp {
                Some(temp) if !self.keep_on_drop => {
                    drop(writer);
                    let _ = std::fs::remove_file(temp);
                }
                _ => {
                    let _ = writer.flush();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_renames_and_resume_truncates() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        let mut f = AtomicFile::resumable(OutputTarget::open(&target).unwrap(), 0).unwrap();
        f.write_all(b"header\nrow1\nrow2-partial").unwrap();
        f.sync().unwrap();
        drop(f);
        assert!(!target.exists() && partial_path(&target).exists());
        let mut f = AtomicFile::resumable(OutputTarget::open(&target).unwrap(), 12).unwrap();
        f.write_all(b"row2\n").unwrap();
        assert_eq!(f.written(), 17);
        f.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "header\nrow1\nrow2\n"
        );
        assert!(!partial_path(&target).exists());
        assert!(!sibling(&target, "lock").exists(), "the lock is removed");
    }

    #[test]
    fn a_second_writer_of_the_same_output_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        let first = OutputTarget::open(&target).unwrap();
        let err = OutputTarget::open(&target).unwrap_err().to_string();
        assert!(err.contains("another claimsift run"), "{err}");
        drop(first);
        OutputTarget::open(&target).unwrap();
    }

    #[test]
    fn folders_are_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        for bad in [
            dir.path().to_path_buf(),
            dir.path().join("sub/"),
            "/".into(),
        ] {
            let err = OutputTarget::open(&bad).unwrap_err().to_string();
            assert!(err.contains("is a folder"), "{bad:?}: {err}");
        }
        let err = OutputTarget::open(&dir.path().join("missing/out.csv"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing"), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_output_is_written_through_and_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let mut f = AtomicFile::create(OutputTarget::open(&link).unwrap()).unwrap();
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn a_character_device_is_written_not_replaced() {
        let target = OutputTarget::open(Path::new("/dev/null")).unwrap();
        assert!(target.is_stream());
        let mut f = AtomicFile::create(target).unwrap();
        f.write_all(b"discarded").unwrap();
        f.commit().unwrap();
        let meta = std::fs::metadata("/dev/null").unwrap();
        assert!(!meta.is_file());
    }

    #[test]
    fn a_failed_rename_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        let mut f = AtomicFile::create(OutputTarget::open(&target).unwrap()).unwrap();
        f.write_all(b"rows").unwrap();
        // The target turns into a non-empty folder while the run is going.
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("x"), "").unwrap();
        assert!(f.commit().is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, [std::ffi::OsString::from("out.csv")], "{left:?}");
    }
}
