//! The reviewer CSV: RFC 4180, UTF-8, a header row, one claim per row.

use std::io::{self, Write};

use super::safe::neutralise;
use super::{format_score, ClaimRow, Destination, RowSink, CSV_COLUMNS};

/// Writes [`ClaimRow`]s as CSV. With `excel`, a UTF-8 byte-order mark and CRLF line ends,
/// which Excel on Windows needs to read UTF-8 correctly.
pub struct CsvSink<W: Write> {
    out: W,
    terminator: &'static str,
}

impl<W: Write> CsvSink<W> {
    /// `header: false` continues an existing file (a resumed run).
    pub fn new(mut out: W, excel: bool, header: bool) -> io::Result<Self> {
        if excel && header {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut sink = CsvSink {
            out,
            terminator: if excel { "\r\n" } else { "\n" },
        };
        if header {
            sink.write_record(&CSV_COLUMNS)?;
        }
        Ok(sink)
    }

    /// Writes one record, quoting a field only when it holds a comma, quote or line break
    /// (RFC 4180), so the bytes are plain and predictable.
    pub fn write_record(&mut self, fields: &[&str]) -> io::Result<()> {
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b",")?;
            }
            if field.contains([',', '"', '\n', '\r']) {
                self.out.write_all(b"\"")?;
                self.out.write_all(field.replace('"', "\"\"").as_bytes())?;
                self.out.write_all(b"\"")?;
            } else {
                self.out.write_all(field.as_bytes())?;
            }
        }
        self.out.write_all(self.terminator.as_bytes())
    }

    /// The underlying writer, after flushing.
    pub fn into_inner(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

impl RowSink for CsvSink<Destination> {
    fn write_row(&mut self, row: &ClaimRow) -> io::Result<()> {
        let index = row.sentence_index.to_string();
        let start = row.start.to_string();
        let end = row.end.to_string();
        let score = format_score(row.score);
        let quantities = crate::claims::quantity::readable(&row.quantities);
        let attribution = crate::claims::attribution::readable(&row.attribution);
        let seen = row.seen.as_ref();
        let similarity = seen.map(|s| format_score(s.similarity)).unwrap_or_default();
        let record: [&str; CSV_COLUMNS.len()] = [
            &row.claim_id,
            &neutralise(&row.article),
            &neutralise(&row.title),
            &row.date,
            &index,
            &start,
            &end,
            &score,
            row.claim_type.as_deref().unwrap_or(""),
            &neutralise(&quantities),
            &neutralise(&attribution),
            &row.group,
            &neutralise(&row.sentence),
            &neutralise(&row.context_before),
            &neutralise(&row.context_after),
            seen.map_or("", |s| &s.verdict),
            &neutralise(seen.map_or("", |s| &s.claim)),
            seen.map_or("", |s| &s.date),
            &similarity,
            "",
            "",
        ];
        self.write_record(&record)
    }

    fn checkpoint(&mut self) -> io::Result<Option<u64>> {
        self.out.sync()
    }

    fn finish(self: Box<Self>) -> io::Result<()> {
        self.into_inner()?.commit()
    }
}
