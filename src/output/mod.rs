//! Writers for scan results: CSV (and the formats built on the same rows).

pub mod atomic;
pub mod csv;
pub mod html;
pub mod journal;
pub mod jsonl;
pub mod safe;
pub mod xlsx;

use serde::Serialize;

use crate::claims::{Attribution, Quantity};

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
    /// Full Fact's claim type, from the model's type head; `None` when the model has none.
    pub claim_type: Option<String>,
    /// Number-bearing phrases of the sentence, with offsets into `sentence`.
    pub quantities: Vec<Quantity>,
    /// Who the sentence attributes its claim to, with offsets into `sentence`.
    pub attribution: Vec<Attribution>,
    /// The claim's group in this run: the `claim_id` of the first claim that states the same
    /// thing (its own when it is the first); empty below the threshold.
    pub group: String,
    pub sentence: String,
    pub context_before: String,
    pub context_after: String,
    /// The closest claim in the memory of reviewed claims, when one matches.
    pub seen: Option<Seen>,
    #[serde(skip)]
    pub start_byte: usize,
    #[serde(skip)]
    pub end_byte: usize,
    /// The sentence's paragraph in the article (0-based), for the HTML report.
    #[serde(skip)]
    pub paragraph: usize,
}

/// A remembered claim that a new one matches, and what its reviewer said of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Seen {
    pub verdict: String,
    /// The remembered claim's sentence.
    pub claim: String,
    /// When it was reviewed (`YYYY-MM-DD`).
    pub date: String,
    /// The match score that cleared the memory's threshold, 0–1.
    pub similarity: f32,
}

/// Output formats of `claimsift scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Xlsx,
    Jsonl,
    /// A self-contained HTML report: every article with its sentences highlighted by score.
    Html,
}

impl Format {
    /// The format implied by an output file name (`claims.xlsx` → XLSX), if any.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// Options that shape the output file.
#[derive(Debug, Clone)]
pub struct SinkOptions {
    pub format: Format,
    /// CSV only: UTF-8 byte-order mark and CRLF line ends for Excel on Windows.
    pub excel: bool,
    /// Appending to a resumed run's output: its header is already there.
    pub resumed: bool,
    pub run: RunInfo,
}

/// Opens the writer for `options.format` on `destination`.
pub fn open_sink(
    destination: Destination,
    options: &SinkOptions,
) -> std::io::Result<Box<dyn RowSink>> {
    Ok(match options.format {
        Format::Csv => Box::new(csv::CsvSink::new(
            destination,
            options.excel,
            !options.resumed,
        )?),
        Format::Xlsx => Box::new(xlsx::XlsxSink::new(destination, &options.run)?),
        Format::Jsonl => Box::new(jsonl::JsonlSink::new(destination)),
        Format::Html => Box::new(html::HtmlSink::new(destination, options.run.clone())),
    })
}

/// Column names of the reviewer CSV, in order: the one list every writer (and the tests'
/// `COLUMNS`) follows.
pub const CSV_COLUMNS: [&str; 21] = [
    "claim_id",
    "article",
    "title",
    "date",
    "sentence_index",
    "start",
    "end",
    "score",
    "claim_type",
    "quantities",
    "attribution",
    "group",
    "sentence",
    "context_before",
    "context_after",
    "seen_verdict",
    "seen_claim",
    "seen_date",
    "similarity",
    "verdict",
    "notes",
];

/// What happened to one input file: a row of the XLSX "Articles" sheet.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ArticleSummary {
    pub path: String,
    pub title: String,
    pub date: String,
    pub sentences: usize,
    pub claims: usize,
    /// Why the file was skipped, if it was.
    pub error: Option<String>,
}

/// How the run was made: the XLSX "Run" sheet.
#[derive(Debug, Clone, Serialize)]
pub struct RunInfo {
    pub tool_version: String,
    pub model: String,
    pub threshold: f32,
    /// UTC start time, ISO 8601.
    pub started: String,
    pub command_line: String,
}

/// A destination for rows, written in the order given.
pub trait RowSink {
    fn write_row(&mut self, row: &ClaimRow) -> std::io::Result<()>;
    /// Makes everything written so far durable and returns the output's length in bytes,
    /// for the resume journal; `None` when this output cannot be resumed.
    fn checkpoint(&mut self) -> std::io::Result<Option<u64>> {
        Ok(None)
    }
    /// Called once per input file, after its rows, in input order (also for skipped files).
    fn write_article(&mut self, _summary: &ArticleSummary) -> std::io::Result<()> {
        Ok(())
    }
    /// Flushes everything; the output is complete only after this returns.
    fn finish(self: Box<Self>) -> std::io::Result<()>;
}

/// Where output goes: standard output, or a file that appears only when complete.
pub enum Destination {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    File(atomic::AtomicFile),
}

impl Destination {
    /// `None` or `-` is standard output; a file is checked and locked ([`atomic::OutputTarget`]).
    pub fn open(path: Option<&std::path::Path>) -> std::io::Result<Self> {
        match path {
            None => Ok(Self::stdout()),
            Some(p) if p.as_os_str() == "-" => Ok(Self::stdout()),
            Some(p) => Self::file(atomic::OutputTarget::open(p)?),
        }
    }

    /// A file that appears when complete, for a target already checked and locked.
    pub fn file(target: atomic::OutputTarget) -> std::io::Result<Self> {
        Ok(Destination::File(atomic::AtomicFile::create(target)?))
    }

    /// The fixed temporary file of a resumable run, truncated to `resume_at` bytes.
    pub fn resumable(target: atomic::OutputTarget, resume_at: u64) -> std::io::Result<Self> {
        Ok(Destination::File(atomic::AtomicFile::resumable(
            target, resume_at,
        )?))
    }

    /// Syncs a file destination and returns its length; `None` for stdout.
    pub fn sync(&mut self) -> std::io::Result<Option<u64>> {
        match self {
            Destination::Stdout(w) => std::io::Write::flush(w).map(|_| None),
            Destination::File(f) => {
                f.sync()?;
                Ok(Some(f.written()))
            }
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

/// The current UTC time as ISO 8601 (`2024-05-02T13:45:07Z`), without a date library.
pub fn utc_now_iso8601() -> String {
    utc_iso8601(std::time::SystemTime::now())
}

/// `time` in UTC as ISO 8601 (`2024-05-02T13:45:07Z`).
pub fn utc_iso8601(time: std::time::SystemTime) -> String {
    let secs = time
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil-from-days (Howard Hinnant's algorithm), valid for the whole Unix era.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_now_looks_like_iso8601() {
        let now = super::utc_now_iso8601();
        assert_eq!(now.len(), 20, "{now}");
        assert!(now.starts_with("20") && now.ends_with('Z') && now.as_bytes()[10] == b'T');
    }
}
