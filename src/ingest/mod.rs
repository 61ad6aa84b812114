//! Ingest: find article files, decode them, extract text and metadata.
//!
//! INTERFACE ONLY — being implemented (walk.rs, decode.rs, plain.rs, markdown.rs, html.rs).

use std::path::{Path, PathBuf};

use crate::text::CleanText;

/// The kinds of file claimsift reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`: the plain article format (optional `---` title block, `dd/mm/yyyy` date,
    /// Markdown-ish body).
    Plain,
    Markdown,
    Html,
}

/// A decoded article: its original text, metadata and cleaned body.
#[derive(Debug, Clone)]
pub struct Article {
    /// Path as found on disk (or `-` for stdin).
    pub path: PathBuf,
    /// Path relative to the scanned root, `/`-separated: what the output shows.
    pub display: String,
    /// Name of the encoding the bytes were decoded from (e.g. `UTF-8`, `windows-1252`).
    pub encoding: &'static str,
    /// The decoded file (a leading BOM removed). All offsets refer to this text.
    pub original: String,
    pub title: Option<String>,
    /// ISO 8601 date (`YYYY-MM-DD`) when the article states one.
    pub date: Option<String>,
    pub body: CleanText,
}

/// Why a file could not be read as an article.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Unreadable { path: String, reason: String },
}

/// Reads and parses one article file; `display` is the path shown in output.
pub fn read_article(_path: &Path, _display: String) -> Result<Article, IngestError> {
    todo!()
}
