//! Ingest: find article files, decode them, extract text and metadata.
//!
//! * [`walk`] finds the files ([`find_articles`]), ripgrep-style.
//! * [`decode`] turns bytes into text ([`decode()`]): UTF-8 (BOM or not), UTF-16 (BOM, or
//!   clearly detectable without), legacy 8-bit encodings via `chardetng`; binary is rejected.
//! * [`plain`], [`markdown`] and [`html`] extract the title, date and cleaned body. The
//!   body is a [`CleanText`]: every byte maps back to the decoded original, so sentence
//!   offsets are exact.
//!
//! Decisions (see the format modules for details):
//! * Headings (Markdown `#`, setext, HTML `h1`–`h6`) stay in the body, each as its own
//!   paragraph (so it is one "sentence" without a final period). The title heading is kept
//!   too: it is article text like any other.
//! * Markdown tables are dropped entirely (rows of cells are not sentences). HTML tables
//!   are kept: each cell is its own paragraph.
//! * Block quotes: the `>` markers are removed and the quoted text is ordinary body text;
//!   a quote starts and ends a paragraph. Quotation marks and `*…*` around quotes: the
//!   emphasis markers go, the quotation marks stay.
//! * HTML `<br>` ends a paragraph like a block tag.

pub mod date;
pub mod decode;
mod entities;
pub mod html;
mod inline;
pub mod markdown;
pub mod plain;
pub mod walk;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::text::CleanText;

pub use date::parse_date;
pub use decode::decode;
pub use walk::{find_articles, find_articles_with, Found, WalkOptions};

/// Files larger than this are refused: an article is rarely over 1 MiB (a whole novel is a few
/// MiB), and what scan holds for one article (its text, the cleaned body, the sentences) is a
/// few times its size, so this keeps a scan within a few hundred MB whatever it is given.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// The kinds of file claimsift reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`: the plain article format (optional `---` title block, `dd/mm/yyyy` date,
    /// Markdown-ish body).
    Plain,
    /// `.md`, `.markdown`.
    Markdown,
    /// `.html`, `.htm`.
    Html,
}

impl Format {
    /// The format an extension stands for (case-insensitive), `None` when unknown.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" => Some(Format::Plain),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }

    /// Guesses the format of text whose extension says nothing (stdin, unknown extension):
    /// HTML when it starts with `<!doctype` or `<html` or contains `<p>` / `<body`,
    /// Plain otherwise.
    pub fn sniff(text: &str) -> Format {
        let head = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
        let lower_start: String = head
            .chars()
            .take(16)
            .collect::<String>()
            .to_ascii_lowercase();
        if lower_start.starts_with("<!doctype") || lower_start.starts_with("<html") {
            return Format::Html;
        }
        let mut end = text.len().min(64 * 1024);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let sample = text[..end].to_ascii_lowercase();
        if sample.contains("<p>") || sample.contains("<p ") || sample.contains("<body") {
            Format::Html
        } else {
            Format::Plain
        }
    }
}

/// A decoded article: its original text, metadata and cleaned body.
#[derive(Debug, Clone)]
pub struct Article {
    /// Path as found on disk (or `-` for stdin).
    pub path: PathBuf,
    /// Path relative to the scanned root, `/`-separated: what the output shows.
    pub display: String,
    /// The format the text was read as.
    pub format: Format,
    /// Name of the encoding the bytes were decoded from (e.g. `UTF-8`, `windows-1252`).
    pub encoding: &'static str,
    /// The decoded file (a leading BOM removed). All offsets refer to this text.
    pub original: String,
    pub title: Option<String>,
    /// ISO 8601 date (`YYYY-MM-DD`) when the article states one.
    pub date: Option<String>,
    pub body: CleanText,
    /// Problems the file was read despite, each naming the file (stray NUL bytes removed):
    /// for the caller to show.
    pub warnings: Vec<String>,
}

/// Title, date and cleaned body of one decoded text.
#[derive(Debug, Clone)]
pub struct Extracted {
    pub title: Option<String>,
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

impl IngestError {
    /// The path the error is about.
    pub fn path(&self) -> &str {
        match self {
            IngestError::Io { path, .. } | IngestError::Unreadable { path, .. } => path,
        }
    }

    /// What went wrong, without the path.
    pub fn reason(&self) -> String {
        match self {
            IngestError::Io { source, .. } => source.to_string(),
            IngestError::Unreadable { reason, .. } => reason.clone(),
        }
    }
}

fn shown(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// Reads and parses one article file; `display` is the path shown in output.
///
/// `-` reads standard input (format sniffed). The format comes from the extension, or is
/// sniffed from the text when the extension is unknown.
pub fn read_article(path: &Path, display: String) -> Result<Article, IngestError> {
    let bytes = read_bytes(path)?;
    let format = Format::from_path(path);
    parse_bytes(&bytes, format, path.to_path_buf(), display)
}

/// Reads a file's bytes with the checks `read_article` makes (a directory, a FIFO or
/// device, a file over [`MAX_FILE_BYTES`] are errors naming the path).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, IngestError> {
    let name = shown(path);
    let io = |source| IngestError::Io {
        path: name.clone(),
        source,
    };
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
    } else {
        let meta = std::fs::metadata(path).map_err(io)?;
        if meta.is_dir() {
            return Err(IngestError::Unreadable {
                path: name,
                reason:
                    "is a directory, not a file — give the folder without a file name to scan it"
                        .into(),
            });
        }
        if !meta.is_file() {
            return Err(IngestError::Unreadable {
                path: name,
                reason: "not a regular file (a FIFO, socket or device) — skip it".into(),
            });
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(too_large(name));
        }
        let file = std::fs::File::open(path).map_err(io)?;
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(name));
    }
    Ok(bytes)
}

fn too_large(path: String) -> IngestError {
    IngestError::Unreadable {
        path,
        reason: format!(
            "too large (over {} MiB, more than any article) — split it into one file per article",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    }
}

/// Decodes and extracts an article from bytes in a known format (used for stdin, `-`).
pub fn parse_article(
    bytes: &[u8],
    format: Format,
    path: PathBuf,
    display: String,
) -> Result<Article, IngestError> {
    parse_bytes(bytes, Some(format), path, display)
}

/// Parses standard input's bytes (format sniffed); path and display are `-`, errors
/// name `<stdin>`.
pub fn parse_stdin(bytes: &[u8]) -> Result<Article, IngestError> {
    parse_bytes(bytes, None, PathBuf::from("-"), "<stdin>".to_string())
}

/// Like [`parse_article`], sniffing the format when `format` is `None`.
pub fn parse_bytes(
    bytes: &[u8],
    format: Option<Format>,
    path: PathBuf,
    display: String,
) -> Result<Article, IngestError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(shown(&path)));
    }
    let decoded = decode::decode_text(bytes).map_err(|reason| IngestError::Unreadable {
        path: shown(&path),
        reason: format!("{reason} — skip it or convert it to UTF-8"),
    })?;
    let (original, encoding) = (decoded.text, decoded.encoding);
    let mut warnings = Vec::new();
    if decoded.nuls_removed > 0 {
        warnings.push(format!(
            "{}: {} stray NUL byte{} removed (offsets refer to the text without {})",
            shown(&path),
            decoded.nuls_removed,
            if decoded.nuls_removed == 1 { "" } else { "s" },
            if decoded.nuls_removed == 1 {
                "it"
            } else {
                "them"
            },
        ));
    }
    let format = format.unwrap_or_else(|| Format::sniff(&original));
    let Extracted { title, date, body } = extract(&original, format);
    Ok(Article {
        path,
        display,
        format,
        encoding,
        original,
        title,
        date,
        body,
        warnings,
    })
}

/// Extracts title, date and cleaned body from decoded text.
pub fn extract(text: &str, format: Format) -> Extracted {
    match format {
        Format::Plain => plain::extract(text),
        Format::Markdown => markdown::extract(text),
        Format::Html => html::extract(text),
    }
}

#[cfg(test)]
mod tests;
