//! Reading a whole input file without trusting it to end.
//!
//! `review` and `eval` read their input into memory. A path such as `/dev/zero`, a FIFO or a
//! runaway file must stop with a message rather than fill memory, and a binary file should
//! be refused after its first block, not after gigabytes.

use std::io::Read;
use std::path::Path;

/// Why [`read_bounded`] stopped.
#[derive(Debug, thiserror::Error)]
pub enum BoundedError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("larger than {} MB; a file this size is not what this command reads", .0 >> 20)]
    TooLarge(u64),
    #[error("binary data (NUL bytes) where text was expected")]
    Binary,
}

/// Size of the first block, checked for NUL bytes before reading on.
const FIRST_BLOCK: u64 = 1 << 16;

/// Reads `path` whole, up to `limit` bytes. Unless `binary_allowed` says the first block
/// starts a binary format the caller reads (such as a zip), a NUL byte in it is an error.
pub fn read_bounded(
    path: &Path,
    limit: u64,
    binary_allowed: impl Fn(&[u8]) -> bool,
) -> Result<Vec<u8>, BoundedError> {
    let mut file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    (&mut file).take(FIRST_BLOCK).read_to_end(&mut bytes)?;
    if !binary_allowed(&bytes) && bytes.contains(&0) {
        return Err(BoundedError::Binary);
    }
    file.take(limit.saturating_sub(bytes.len() as u64).saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(BoundedError::TooLarge(limit));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn dev_zero_stops_at_once() {
        let err = read_bounded(Path::new("/dev/zero"), 1 << 30, |_| false).unwrap_err();
        assert!(matches!(err, BoundedError::Binary), "{err}");
        let err = read_bounded(Path::new("/dev/zero"), 1 << 20, |_| true).unwrap_err();
        assert!(matches!(err, BoundedError::TooLarge(_)), "{err}");
    }

    #[test]
    fn a_file_within_the_limit_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.txt");
        std::fs::write(&path, vec![b'x'; 200_000]).unwrap();
        assert_eq!(
            read_bounded(&path, 200_000, |_| false).unwrap().len(),
            200_000
        );
        assert!(read_bounded(&path, 199_999, |_| false).is_err());
    }
}
