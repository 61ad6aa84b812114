//! Reading CSV and XLSX (also XLS, ODS) sheets into [`Sheet`]s.

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Reader};

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

/// A header row and data rows, each with its location for messages.
struct Table {
    header: Vec<String>,
    rows: Vec<(String, Vec<Cell>)>,
    run_threshold: Option<f64>,
    run_model: Option<String>,
}

/// Reads a reviewed sheet (or the original output, with `require_verdict` false).
///
/// CSV is read as UTF-8 (with or without a byte-order mark), falling back to Windows-1252,
/// which is what Excel's plain "CSV" save writes; the separator is `,`, `;` or tab, whichever
/// the header uses. Workbooks (found by content, not by name) are read from their "Claims"
/// sheet, else the first sheet, and the run's threshold from the "Run" sheet. JSON Lines
/// (`scan --format jsonl`, useful with `--against`) is read too.
pub fn read_sheet(path: &Path, require_verdict: bool) -> Result<Sheet, ReviewError> {
    let bytes = std::fs::read(path).map_err(|source| ReviewError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let is_workbook = bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
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
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| unreadable(path, format!("bad CSV header: {e}")))?
        .iter()
        .map(String::from)
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| unreadable(path, format!("bad CSV: {e}")))?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
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

/// `scan --format jsonl` output (for `--against`): the keys of the first object are the header.
fn read_jsonl(path: &Path, bytes: &[u8]) -> Result<Table, ReviewError> {
    let text = std::str::from_utf8(bytes).map_err(|e| unreadable(path, e))?;
    let mut header: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
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
    let range = workbook
        .worksheet_range(&claims)
        .map_err(|e| unreadable(path, format!("sheet {claims:?}: {e}")))?;
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

    let mut run_threshold = None;
    let mut run_model = None;
    if let Some(run) = find(RUN_SHEET) {
        if let Ok(range) = workbook.worksheet_range(&run) {
            for cells in range.rows() {
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
