//! The reviewer CSV: RFC 4180, UTF-8, a header row, one claim per row.

use std::io::{self, Write};

use super::safe::neutralise;
use super::{format_score, ClaimRow, Destination, RowSink, CSV_COLUMNS};

/// Writes [`ClaimRow`]s as CSV. With `excel`, a UTF-8 byte-order mark and CRLF line ends,
/// which Excel on Windows needs to read UTF-8 correctly.
pub struct CsvSink<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> CsvSink<W> {
    pub fn new(mut out: W, excel: bool) -> io::Result<Self> {
        if excel {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let terminator = if excel {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        };
        let mut writer = csv::WriterBuilder::new()
            .terminator(terminator)
            .from_writer(out);
        writer.write_record(CSV_COLUMNS)?;
        Ok(CsvSink { writer })
    }

    /// The underlying writer, after flushing.
    pub fn into_inner(self) -> io::Result<W> {
        self.writer
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

impl RowSink for CsvSink<Destination> {
    fn write_row(&mut self, row: &ClaimRow) -> io::Result<()> {
        let index = row.sentence_index.to_string();
        let start = row.start.to_string();
        let end = row.end.to_string();
        let score = format_score(row.score);
        let record: [&str; 13] = [
            &row.claim_id,
            &neutralise(&row.article),
            &neutralise(&row.title),
            &row.date,
            &index,
            &start,
            &end,
            &score,
            &neutralise(&row.sentence),
            &neutralise(&row.context_before),
            &neutralise(&row.context_after),
            "",
            "",
        ];
        self.writer.write_record(record)?;
        Ok(())
    }

    fn finish(self: Box<Self>) -> io::Result<()> {
        self.into_inner()?.commit()
    }
}
