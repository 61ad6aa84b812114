//! What a scan reads: the inputs, listed (and sorted) before any file is opened.

use std::path::{Path, PathBuf};

use crate::ingest::{self, Found, IngestError, WalkOptions};
use crate::output::journal::Fingerprint;

/// One input to scan, as listed before any file is opened.
pub enum Input {
    Stdin,
    File(Found),
    /// A problem found while listing (a missing path, a symlink loop…), reported in its place.
    Unlisted(IngestError),
}

impl Input {
    /// The file this input reads, if it is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::File(found) => Some(&found.path),
            _ => None,
        }
    }

    /// Identity of the input for the resume journal: a changed file is scanned again.
    pub fn fingerprint(&self) -> Fingerprint {
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

    /// Bytes the input will occupy when read, as far as it can be known before reading:
    /// what bounds a window.
    pub fn expected_bytes(&self) -> u64 {
        match self {
            // Standard input is read alone in its window whatever its size.
            Input::Stdin => ingest::MAX_FILE_BYTES,
            Input::File(found) => std::fs::metadata(&found.path).map_or(0, |m| m.len()),
            Input::Unlisted(_) => 0,
        }
    }
}

/// The inputs of a run: `-` (standard input, once however often given) first, then the files
/// under `paths` in the walk's sorted order; listing problems keep their place.
pub fn list_inputs(paths: &[PathBuf], globs: &[String], walk: &WalkOptions) -> Vec<Input> {
    let mut inputs = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            // Standard input can be read once: `scan - -` is one article.
            if !inputs.iter().any(|i| matches!(i, Input::Stdin)) {
                inputs.push(Input::Stdin);
            }
        } else {
            files.push(path.clone());
        }
    }
    if !files.is_empty() {
        inputs.extend(
            ingest::find_articles_with(&files, globs, walk)
                .into_iter()
                .map(|found| match found {
                    Ok(f) => Input::File(f),
                    Err(e) => Input::Unlisted(e),
                }),
        );
    }
    inputs
}
