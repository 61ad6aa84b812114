//! Writers for scan results: CSV (and the formats built on the same rows).

pub mod atomic;
pub mod csv;
pub mod safe;

use serde::Serialize;

/// One output row: a scored sentence with where it came from. Columns of the CSV, in order.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimRow {
    pub claim_id: String,
    pub article: String,
    pub title: String,
    pub date: String,
    pub sentence_index: usize,
    pub start: usize,
    pub end: usize,
    pub score: f32,
    pub sentence: String,
    pub context_before: String,
    pub context_after: String,
    #[serde(skip)]
    pub start_byte: usize,
    #[serde(skip)]
    pub end_byte: usize,
}

/// Column names of the reviewer CSV, in order.
pub const CSV_COLUMNS: [&str; 13] = [
    "claim_id",
    "article",
    "title",
    "date",
    "sentence_index",
    "start",
    "end",
    "score",
    "sentence",
    "context_before",
    "context_after",
    "verdict",
    "notes",
];

/// A destination for rows, written in the order given.
pub trait RowSink {
    fn write_row(&mut self, row: &ClaimRow) -> std::io::Result<()>;
    /// Flushes everything; the output is complete only after this returns.
    fn finish(self: Box<Self>) -> std::io::Result<()>;
}

/// Where output goes: standard output, or a file that appears only when complete.
pub enum Destination {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    File(atomic::AtomicFile),
}

impl Destination {
    /// `None` or `-` is standard output.
    pub fn open(path: Option<&std::path::Path>) -> std::io::Result<Self> {
        match path {
            None => Ok(Self::stdout()),
            Some(p) if p.as_os_str() == "-" => Ok(Self::stdout()),
            Some(p) => Ok(Destination::File(atomic::AtomicFile::create(p)?)),
        }
    }

    fn stdout() -> Self {
        Destination::Stdout(std::io::BufWriter::with_capacity(
            1 << 16,
            std::io::stdout(),
        ))
    }

    /// Makes the output final: flushes stdout, or renames the finished file into place.
    pub fn commit(self) -> std::io::Result<()> {
        match self {
            Destination::Stdout(mut w) => std::io::Write::flush(&mut w),
            Destination::File(f) => f.commit(),
        }
    }
}

impl std::io::Write for Destination {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Destination::Stdout(w) => w.write(buf),
            Destination::File(f) => f.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Destination::Stdout(w) => w.flush(),
            Destination::File(f) => f.flush(),
        }
    }
}

/// The score as printed: three decimals, so that equal inputs give equal bytes.
pub fn format_score(score: f32) -> String {
    format!("{score:.3}")
}
