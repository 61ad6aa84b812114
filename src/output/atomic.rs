//! Output files that appear whole or not at all.
//!
//! Results go to a temporary file in the destination folder and are renamed into place only
//! when the run has finished, so an interrupted run never leaves a truncated `claims.csv`
//! (and never clobbers the previous one). A resumable run uses a fixed temporary name
//! (`.claims.csv.partial`) so that `--resume` can find it and carry on appending.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// A buffered file that becomes `target` on [`AtomicFile::commit`].
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
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
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    dir.join(format!(".{name}.{suffix}"))
}

impl AtomicFile {
    /// A new temporary file for `target`, private to this process.
    pub fn create(target: &Path) -> io::Result<Self> {
        let temp = sibling(target, &format!("{}.partial", std::process::id()));
        Self::open_at(target, temp, 0, false)
    }

    /// A temporary file that survives an interruption: the resumable run's [`partial_path`],
    /// truncated to `resume_at` bytes (0 starts afresh).
    pub fn resumable(target: &Path, resume_at: u64) -> io::Result<Self> {
        Self::open_at(target, partial_path(target), resume_at, true)
    }

    fn open_at(target: &Path, temp: PathBuf, resume_at: u64, keep: bool) -> io::Result<Self> {
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
        Ok(AtomicFile {
            target: target.to_path_buf(),
            temp,
            writer: Some(BufWriter::with_capacity(1 << 16, file)),
            written: resume_at,
            keep_on_drop: keep,
        })
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Bytes in the file so far (what a resumed run keeps).
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Flushes and syncs what was written, so it survives the process being killed.
    pub fn sync(&mut self) -> io::Result<()> {
        let writer = self.writer.as_mut().expect("not committed");
        writer.flush()?;
        writer.get_ref().sync_data()
    }

    /// Flushes, syncs and renames the temporary file onto the target.
    pub fn commit(mut self) -> io::Result<()> {
        let writer = self.writer.take().expect("not yet committed");
        let file = writer.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&self.temp, &self.target)
    }
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
            if self.keep_on_drop {
                let _ = writer.flush();
            } else {
                drop(writer);
                let _ = std::fs::remove_file(&self.temp);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_renames_and_resume_truncates() {
        let dir = std::env::temp_dir().join(format!("claimsift-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("out.csv");
        let mut f = AtomicFile::resumable(&target, 0).unwrap();
        f.write_all(b"header\nrow1\nrow2-partial").unwrap();
        f.sync().unwrap();
        drop(f);
        assert!(!target.exists() && partial_path(&target).exists());
        let mut f = AtomicFile::resumable(&target, 12).unwrap();
        f.write_all(b"row2\n").unwrap();
        assert_eq!(f.written(), 17);
        f.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "header\nrow1\nrow2\n"
        );
        assert!(!partial_path(&target).exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
