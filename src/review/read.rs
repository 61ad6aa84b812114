//! Reading CSV and XLSX (also XLS, ODS) sheets into [`Sheet`]s.

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, DataType, Reader};

use super::{ReviewError, ReviewedRow, Sheet, VerdictCell};
use crate::output::safe::restore;
use crate::output::xlsx::{CLAIMS_SHEET, RUN_SHEET};

/// A cell as read, before the column's meaning is known.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    Number(f64),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => restore(s.trim()).to_string(),
            Cell::Number(n) => n.to_string(),
        }
    }
}

/// A data row: its location for messages (`line 7`, `row 7`) and its cells.
type Row = (String, Vec<Cell>);

/// A header row and data rows, each with its location for messages.
struct Table {
    header: Vec<String>,
    rows: Vec<Row>,
    run_threshold: Option<f64>,
    run_model: Option<String>,
}

/// Largest sheet file read. Far above any review a person can do, far below what would
/// exhaust memory; `/dev/zero` or a runaway file stops here with a message.
pub const MAX_SHEET_BYTES: u64 = 1 << 30;
/// Most data rows in a sheet.
pub const MAX_ROWS: usize = 10_000_000;
/// Most cells streamed from a workbook's sheet (a zip bomb's cells are counted as they are
/// decompressed, so it stops here even when it lies about its size).
pub const MAX_CELLS: u64 = 50_000_000;
/// Most bytes a workbook may declare for its sheets and shared strings once decompressed.
pub const MAX_WORKBOOK_XML: u64 = 1 << 30;

/// Reads a reviewed sheet (or the original output, with `require_verdict` false).
///
/// CSV is read as UTF-8 (with or without a byte-order mark), falling back to Windows-1252,
/// which is what Excel's plain "CSV" save writes; the separator is `,`, `;` or tab, whichever
/// the header uses. Workbooks (found by content, not by name) are read from their "Claims"
/// sheet, else the first sheet, and the run's threshold from the "Run" sheet. JSON Lines
/// (`scan --format jsonl`, useful with `--against`) is read too. Memory follows what the
/// file really holds: sizes are bounded ([`MAX_SHEET_BYTES`], [`MAX_ROWS`], [`MAX_CELLS`],
/// [`MAX_WORKBOOK_XML`]) with an error naming the limit.
pub fn read_sheet(path: &Path, require_verdict: bool) -> Result<Sheet, ReviewError> {
    let bytes = read_bounded(path)?;
    read_sheet_bytes(path, bytes, require_verdict)
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, ReviewError> {
    use crate::bounded::{read_bounded, BoundedError};
    read_bounded(path, MAX_SHEET_BYTES, is_workbook_signature).map_err(|e| match e {
        BoundedError::Io(source) => ReviewError::Io {
            path: path.to_path_buf(),
            source,
        },
        BoundedError::Binary => {
            unreadable(path, "binary data; expected a CSV file or an XLSX workbook")
        }
        other => unreadable(path, other),
    })
}

fn is_workbook_signature(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// [`read_sheet`] on bytes already read; `path` names the sheet in messages and its
/// extension helps tell the format.
pub fn read_sheet_bytes(
    path: &Path,
    bytes: Vec<u8>,
    require_verdict: bool,
) -> Result<Sheet, ReviewError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let is_workbook = is_workbook_signature(&bytes)
        || matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods");
    let is_jsonl =
        matches!(ext.as_str(), "jsonl" | "ndjson") || bytes.trim_ascii_start().starts_with(b"{");
    let table = if is_workbook {
        read_workbook(path, bytes)?
    } else if is_jsonl {
        read_jsonl(path, &bytes)?
    } else {
        read_csv(path, &bytes)?
    };
    into_sheet(path, table, require_verdict)
}

fn unreadable(path: &Path, message: impl std::fmt::Display) -> ReviewError {
    ReviewError::Unreadable {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

fn too_many_rows(path: &Path) -> ReviewError {
    unreadable(
        path,
        format!("more than {MAX_ROWS} rows; a reviewed sheet is expected to be far smaller"),
    )
}

fn read_csv(path: &Path, bytes: &[u8]) -> Result<Table, ReviewError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0,
    };
    if text.contains('\0') {
        return Err(unreadable(
            path,
            "binary data; expected a CSV file or an XLSX workbook",
        ));
    }
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| first_line.bytes().filter(|&b| b == d).count())
        .unwrap_or(b',');
    // The CSV reader takes a quote left open to the end of the file as one long field: every
    // later row would vanish into it without a word.
    if let Some(line) = unclosed_quote(&text, delimiter) {
        return Err(unreadable(
            path,
            format!(
                "line {line}: a quoted field is never closed (a stray `\"`?), so every row \
                 after it would be lost; fix the quote and save again"
            ),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| unreadable(path, format!("bad CSV header: {e}")))?
        .iter()
        .map(String::from)
        .collect();
    let id_col = header.iter().position(|h| {
        h.trim()
            .trim_start_matches('\u{feff}')
            .eq_ignore_ascii_case("claim_id")
    });
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| unreadable(path, format!("bad CSV: {e}")))?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if rows.len() == MAX_ROWS {
            return Err(too_many_rows(path));
        }
        // A stray quote closed by another further down swallows the rows in between into
        // one cell; a cell holding a line that starts like a claim row gives it away.
        if let Some(swallowed) = record
            .iter()
            .find_map(|cell| swallowed_row(cell, delimiter, id_col))
        {
            return Err(unreadable(
                path,
                format!(
                    "line {line}: a quoted cell runs over the row {swallowed:?}; a stray `\"` \
                     joined rows together — fix the quote and save again"
                ),
            ));
        }
        let cells = record
            .iter()
            .map(|s| {
                if s.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s.to_string())
                }
            })
            .collect();
        rows.push((format!("line {line}"), cells));
    }
    Ok(Table {
        header,
        rows,
        run_threshold: None,
        run_model: None,
    })
}

/// The line on which a quoted field opens that is still open at the end of `text`, read as
/// the `csv` crate reads it (a quote opens a field only at its start; `""` inside is a quote).
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut line, mut opened_on) = (1, 0);
    let mut in_quotes = false;
    let mut at_field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        if in_quotes {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
        } else if b == b'"' && at_field_start {
            in_quotes = true;
            opened_on = line;
        }
        at_field_start = !in_quotes && (b == delimiter || b == b'\n' || b == b'\r');
        i += 1;
    }
    in_quotes.then_some(opened_on)
}

/// A line inside a multi-line cell that looks like a row of its own: its `claim_id` field
/// has the shape of an id (`a3f9c2d1e0-017`).
fn swallowed_row(cell: &str, delimiter: u8, id_col: Option<usize>) -> Option<String> {
    let id_col = id_col?;
    cell.lines().skip(1).find_map(|line| {
        let field = line.split(char::from(delimiter)).nth(id_col)?;
        looks_like_claim_id(field.trim()).then(|| line.chars().take(60).collect())
    })
}

fn looks_like_claim_id(s: &str) -> bool {
    let Some((hash, index)) = s.rsplit_once('-') else {
        return false;
    };
    !hash.is_empty()
        && hash.bytes().all(|b| b.is_ascii_alphanumeric())
        && index.len() >= 3
        && index.bytes().all(|b| b.is_ascii_digit())
}

/// `scan --format jsonl` output (for `--against`): the keys of the first object are the header.
fn read_jsonl(path: &Path, bytes: &[u8]) -> Result<Table, ReviewError> {
    let text = std::str::from_utf8(bytes).map_err(|e| unreadable(path, e))?;
    let mut header: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(too_many_rows(path));
        }
        let value: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| unreadable(path, format!("line {}: bad JSON: {e}", i + 1)))?;
        let object = value
            .as_object()
            .ok_or_else(|| unreadable(path, format!("line {}: not a JSON object", i + 1)))?;
        if header.is_empty() {
            header = object.keys().cloned().collect();
        }
        let cells = header
            .iter()
            .map(|key| match object.get(key) {
                None | Some(serde_json::Value::Null) => Cell::Empty,
                Some(serde_json::Value::Number(n)) => {
                    n.as_f64().map(Cell::Number).unwrap_or(Cell::Empty)
                }
                Some(serde_json::Value::String(s)) if s.trim().is_empty() => Cell::Empty,
                // JSON text is never neutralised: keep a leading `'` as it is.
                Some(serde_json::Value::String(s)) => Cell::Text(s.clone()),
                Some(other) => Cell::Text(other.to_string()),
            })
            .collect();
        rows.push((format!("line {}", i + 1), cells));
    }
    Ok(Table {
        header,
        rows,
        run_threshold: None,
        run_model: None,
    })
}

fn read_workbook(path: &Path, bytes: Vec<u8>) -> Result<Table, ReviewError> {
    if bytes.starts_with(b"PK\x03\x04") {
        check_declared_sizes(path, &bytes)?;
    }
    let mut workbook = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| unreadable(path, e))?;
    let names = workbook.sheet_names();
    let find = |wanted: &str| {
        names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(wanted))
            .cloned()
    };
    let claims = find(CLAIMS_SHEET)
        .or_else(|| names.first().cloned())
        .ok_or_else(|| unreadable(path, "the workbook has no sheets"))?;
    let (header, rows) = match &mut workbook {
        calamine::Sheets::Xlsx(xlsx) => stream_xlsx_sheet(path, xlsx, &claims)?,
        other => {
            let range = other
                .worksheet_range(&claims)
                .map_err(|e| unreadable(path, format!("sheet {claims:?}: {e}")))?;
            if range.height() > MAX_ROWS + 1 {
                return Err(too_many_rows(path));
            }
            let first_row = range.start().map(|(r, _)| r).unwrap_or(0);
            let mut rows_iter = range.rows().enumerate();
            let header = match rows_iter.next() {
                Some((_, cells)) => cells.iter().map(|c| cell_of(c).text()).collect(),
                None => Vec::new(),
            };
            let rows = rows_iter
                .map(|(i, cells)| {
                    let row = first_row as usize + i + 1;
                    (format!("row {row}"), cells.iter().map(cell_of).collect())
                })
                .collect();
            (header, rows)
        }
    };

    let mut run_threshold = None;
    let mut run_model = None;
    if let Some(run) = find(RUN_SHEET) {
        if let Ok(range) = workbook.worksheet_range(&run) {
            for cells in range.rows().take(1000) {
                let label = cells.first().map(|c| cell_of(c).text()).unwrap_or_default();
                if label.trim().eq_ignore_ascii_case("threshold") {
                    run_threshold = cells.get(1).and_then(|c| number(&cell_of(c)));
                } else if label.trim().eq_ignore_ascii_case("model") {
                    run_model = cells
                        .get(1)
                        .map(|c| cell_of(c).text())
                        .filter(|m| !m.is_empty());
                }
            }
        }
    }
    Ok(Table {
        header,
        rows,
        run_threshold,
        run_model,
    })
}

/// Refuses a workbook whose sheets would decompress to more than [`MAX_WORKBOOK_XML`], from
/// the sizes its zip directory declares, before anything is decompressed.
fn check_declared_sizes(path: &Path, bytes: &[u8]) -> Result<(), ReviewError> {
    let Ok(mut zip) = zip4::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        // Not a zip calamine can read either: its own message says why.
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        let name = entry.name().to_ascii_lowercase();
        if name.ends_with(".xml") || name.ends_with(".bin") {
            total = total.saturating_add(entry.size());
        }
    }
    if total > MAX_WORKBOOK_XML {
        return Err(unreadable(
            path,
            format!(
                "its sheets would unpack to {} MB (a zip bomb?); the limit is {} MB",
                total >> 20,
                MAX_WORKBOOK_XML >> 20
            ),
        ));
    }
    Ok(())
}

/// Reads an XLSX sheet cell by cell, keeping only the columns a review uses, and stops at
/// [`MAX_ROWS`] or [`MAX_CELLS`]: memory follows what the sheet holds, not what it claims.
fn stream_xlsx_sheet<RS: std::io::Read + std::io::Seek>(
    path: &Path,
    xlsx: &mut calamine::Xlsx<RS>,
    sheet: &str,
) -> Result<(Vec<String>, Vec<Row>), ReviewError> {
    let bad = |e: calamine::XlsxError| unreadable(path, format!("sheet {sheet:?}: {e}"));
    let mut cells = xlsx.worksheet_cells_reader(sheet).map_err(bad)?;
    let mut header: Vec<String> = Vec::new();
    let mut header_row: Option<u32> = None;
    let mut wanted: Vec<bool> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut current: Option<u32> = None;
    let mut seen: u64 = 0;
    while let Some(cell) = cells.next_cell().map_err(bad)? {
        seen += 1;
        if seen > MAX_CELLS {
            return Err(unreadable(
                path,
                format!("more than {MAX_CELLS} cells in sheet {sheet:?} (a zip bomb?)"),
            ));
        }
        let (row, col) = cell.get_position();
        let col = col as usize;
        if header_row.is_none() {
            if cell.get_value().is_empty() {
                continue;
            }
            header_row = Some(row);
        }
        if header_row == Some(row) {
            let value = cell_of_ref(cell.get_value());
            if value == Cell::Empty || col > 16_384 {
                continue;
            }
            if col >= header.len() {
                header.resize(col + 1, String::new());
            }
            header[col] = value.text();
            wanted = header
                .iter()
                .map(|h| {
                    let h = h.trim();
                    ["claim_id", "verdict", "score", "sentence"]
                        .iter()
                        .any(|w| h.eq_ignore_ascii_case(w))
                })
                .collect();
            continue;
        }
        if !wanted.get(col).copied().unwrap_or(false) {
            continue;
        }
        let value = cell_of_ref(cell.get_value());
        if value == Cell::Empty {
            continue;
        }
        if current != Some(row) {
            if rows.len() == MAX_ROWS {
                return Err(too_many_rows(path));
            }
            current = Some(row);
            rows.push((format!("row {}", row + 1), vec![Cell::Empty; wanted.len()]));
        }
        if let Some((_, cells)) = rows.last_mut() {
            cells[col] = value;
        }
    }
    Ok((header, rows))
}

fn cell_of_ref(data: &calamine::DataRef<'_>) -> Cell {
    use calamine::DataRef;
    match data {
        DataRef::SharedString(s) => cell_of(&Data::String(s.to_string())),
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => cell_of(&Data::String(s.clone())),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Bool(b) => Cell::Text(b.to_string()),
        DataRef::DateTime(d) => Cell::Number(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(d) => Cell::Number(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// A number cell, or text that reads as one (`0.731`, or `0,731` from a comma-decimal locale).
fn number(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Number(n) => Some(*n),
        Cell::Text(s) => s.trim().replace(',', ".").parse().ok(),
        Cell::Empty => None,
    }
}

fn into_sheet(path: &Path, table: Table, require_verdict: bool) -> Result<Sheet, ReviewError> {
    let header: Vec<String> = table
        .header
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let column = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let id_col = column("claim_id");
    let verdict_col = column("verdict");
    let mut missing = Vec::new();
    if id_col.is_none() {
        missing.push("claim_id".to_string());
    }
    if require_verdict && verdict_col.is_none() {
        missing.push("verdict".to_string());
    }
    if !missing.is_empty() {
        return Err(ReviewError::MissingColumns {
            path: path.to_path_buf(),
            missing,
            found: header.iter().filter(|h| !h.is_empty()).cloned().collect(),
        });
    }
    let id_col = id_col.expect("checked");
    let score_col = column("score");
    let sentence_col = column("sentence");
    let context_cols = ["notes", "article", "title", "date"].map(column);

    let mut rows = Vec::with_capacity(table.rows.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (location, cells) in table.rows {
        let get = |col: Option<usize>| col.and_then(|c| cells.get(c)).unwrap_or(&Cell::Empty);
        if cells.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        let claim_id = get(Some(id_col)).text();
        let verdict = VerdictCell::parse(&get(verdict_col).text());
        let bad_row = |problem: String| ReviewError::BadRow {
            path: path.to_path_buf(),
            location: location.clone(),
            problem,
        };
        if claim_id.is_empty() {
            if verdict == VerdictCell::Empty {
                // A note or total a reviewer typed below the data: not a claim row.
                continue;
            }
            return Err(bad_row(
                "a verdict without a claim_id; restore the id or remove the row".into(),
            ));
        }
        let score = match get(score_col) {
            Cell::Empty => None,
            cell => Some(number(cell).ok_or_else(|| {
                bad_row(format!(
                    "score {:?} is not a number (claim {claim_id})",
                    cell.text()
                ))
            })?),
        };
        if let Some(&first) = seen.get(&claim_id) {
            let first: &ReviewedRow = &rows[first];
            return Err(ReviewError::DuplicateId {
                path: path.to_path_buf(),
                id: claim_id,
                first: first.location.clone(),
                second: location,
            });
        }
        seen.insert(claim_id.clone(), rows.len());
        rows.push(ReviewedRow {
            claim_id,
            score,
            sentence: get(sentence_col).text(),
            verdict,
            context: context_cols.map(|col| get(col).text()).into(),
            location,
        });
    }
    Ok(Sheet {
        path: path.to_path_buf(),
        rows,
        run_threshold: table.run_threshold,
        run_model: table.run_model,
        has_scores: score_col.is_some(),
        has_verdicts: verdict_col.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::Verdict;

    fn write(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    #[test]
    fn excel_csv_with_bom_crlf_semicolons_and_prefixes() {
        let csv = "\u{feff}Notes;VERDICT;Claim_ID;score;sentence;extra\r\n\
                   ;Check ;a1b2c3-001;0,812;'=HYPERLINK(\"http://x\",\"y\");x\r\n\
                   \r\n\
                   hm;maybe;a1b2c3-000;0.4;Plain.;\r\n\
                   ;;;;;\r\n";
        let (_dir, path) = write("r.csv", csv.as_bytes());
        let sheet = read_sheet(&path, true).unwrap();
        assert_eq!(sheet.rows.len(), 2);
        let r = &sheet.rows[0];
        assert_eq!(r.claim_id, "a1b2c3-001");
        assert_eq!(r.score, Some(0.812));
        assert_eq!(r.sentence, "=HYPERLINK(\"http://x\",\"y\")");
        assert_eq!(r.verdict, VerdictCell::Known(Verdict::Check));
        assert_eq!(sheet.rows[1].verdict, VerdictCell::Unknown("maybe".into()));
    }

    #[test]
    fn jsonl_output_is_read_for_against() {
        let jsonl = "{\"claim_id\":\"a1-000\",\"score\":0.731,\"sentence\":\"Hi.\",\
                     \"verdict\":null}\n\n{\"claim_id\":\"a1-001\",\"score\":0.5,\
                     \"sentence\":\"Yo.\",\"verdict\":null}\n";
        let (_dir, path) = write("out.jsonl", jsonl.as_bytes());
        let sheet = read_sheet(&path, false).unwrap();
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[0].score, Some(0.731));
        assert_eq!(sheet.rows[1].sentence, "Yo.");
        assert_eq!(sheet.rows[1].location, "line 3");
    }

    #[test]
    fn windows_1252_csv_is_read() {
        let mut bytes = b"claim_id,verdict,sentence\na1-001,check,caf".to_vec();
        bytes.extend([0xE9, b'\n']);
        let (_dir, path) = write("r.csv", &bytes);
        let sheet = read_sheet(&path, true).unwrap();
        assert_eq!(sheet.rows[0].sentence, "café");
    }

    #[test]
    fn errors_name_the_file_and_the_problem() {
        let (_dir, path) = write("r.csv", b"id,verdict\nx,check\n");
        let err = read_sheet(&path, true).unwrap_err().to_string();
        assert!(
            err.contains("r.csv") && err.contains("no `claim_id` column"),
            "{err}"
        );

        let (_dir, path) = write("d.csv", b"claim_id,verdict\nx,check\ny,\nx,duplicate\n");
        let err = read_sheet(&path, true).unwrap_err().to_string();
        assert!(
            err.contains("d.csv") && err.contains("x appears twice"),
            "{err}"
        );
        assert!(err.contains("line 2") && err.contains("line 4"), "{err}");

        let (_dir, path) = write("s.csv", b"claim_id,verdict,score\nx,check,high\n");
        let err = read_sheet(&path, true).unwrap_err().to_string();
        assert!(err.contains("s.csv: line 2: score \"high\""), "{err}");

        let (_dir, path) = write("b.xlsx", b"PK\x03\x04 not really a zip");
        let err = read_sheet(&path, true).unwrap_err().to_string();
        assert!(err.contains("b.xlsx: not a readable spreadsheet"), "{err}");

        let err = read_sheet(Path::new("/nonexistent/r.csv"), true)
            .unwrap_err()
            .to_string();
        assert!(err.contains("/nonexistent/r.csv: cannot read"), "{err}");
    }
}
