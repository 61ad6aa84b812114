//! Labelled sentence files: `id<TAB>text<TAB>label` with a header row.
//!
//! The format of the CheckThat! data, of `claimsift eval`'s input and of the training rows
//! `claimsift review --export-training` writes, so that reviewed output can feed retraining.

use std::io::Write;
use std::path::{Path, PathBuf};

/// One labelled sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled {
    pub id: String,
    pub text: String,
    pub label: bool,
    /// Optional columns of whole-article data (news_articles): the article id, the
    /// sentence's character offset in the article text, and the gold claim type.
    pub article: Option<String>,
    pub start: Option<usize>,
    pub claim_type: Option<String>,
}

impl Labelled {
    /// A sentence with its label and nothing else.
    pub fn new(id: String, text: String, label: bool) -> Self {
        Labelled {
            id,
            text,
            label,
            article: None,
            start: None,
            claim_type: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {problem}")]
    Malformed {
        path: PathBuf,
        line: usize,
        problem: String,
    },
}

/// Reads a labelled TSV file. Columns are found by header name (`id`, `text`, `label`), so
/// extra columns are allowed; labels are `1`/`0` (also `Yes`/`No`, `true`/`false`).
pub fn read_tsv(path: &Path) -> Result<Vec<Labelled>, DatasetError> {
    use crate::bounded::{read_bounded, BoundedError};
    let bytes = read_bounded(path, MAX_DATASET_BYTES, |_| false).map_err(|e| match e {
        BoundedError::Io(source) => DatasetError::Io {
            path: path.to_path_buf(),
            source,
        },
        other => DatasetError::Malformed {
            path: path.to_path_buf(),
            line: 1,
            problem: format!("{other}; expected `id<TAB>text<TAB>label` text"),
        },
    })?;
    parse_tsv(&bytes, path)
}

/// Largest labelled file read (CheckThat!-sized sets are a few MB).
pub const MAX_DATASET_BYTES: u64 = 1 << 30;

pub fn parse_tsv(bytes: &[u8], path: &Path) -> Result<Vec<Labelled>, DatasetError> {
    let table = parse_table(bytes, path, &["id", "text", "label"])?;
    let (id_col, text_col, label_col) = (table.columns[0], table.columns[1], table.columns[2]);
    let (article_col, start_col, type_col) = (
        table.column("article"),
        table.column("start"),
        table.column("type"),
    );
    let mut rows = Vec::with_capacity(table.rows.len());
    for (line_no, fields) in &table.rows {
        let label = parse_label(&fields[label_col]).ok_or_else(|| {
            table.malformed(
                *line_no,
                format!("label must be 1 or 0, found {:?}", fields[label_col].trim()),
            )
        })?;
        let text = fields[text_col].trim();
        if text.is_empty() {
            return Err(table.malformed(*line_no, "empty text".into()));
        }
        let field = |col: Option<usize>| {
            col.map(|c| fields[c].trim())
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let start = match field(start_col) {
            Some(v) => Some(v.parse::<usize>().map_err(|_| {
                table.malformed(
                    *line_no,
                    format!("start must be a character offset, found {v:?}"),
                )
            })?),
            None => None,
        };
        rows.push(Labelled {
            id: fields[id_col].trim().to_string(),
            text: text.to_string(),
            label,
            article: field(article_col),
            start,
            claim_type: field(type_col),
        });
    }
    Ok(rows)
}

/// `1`/`0`, `Yes`/`No`, `true`/`false`.
pub fn parse_label(field: &str) -> Option<bool> {
    match field.trim() {
        "1" | "Yes" | "yes" | "true" => Some(true),
        "0" | "No" | "no" | "false" => Some(false),
        _ => None,
    }
}

/// A tab-separated file with a header row: the positions of the requested columns and every
/// non-blank data row with its line number.
pub struct Table {
    path: PathBuf,
    /// Positions of the requested columns, in the order asked for.
    pub columns: Vec<usize>,
    /// The header's column names.
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    pub fn malformed(&self, line: usize, problem: String) -> DatasetError {
        DatasetError::Malformed {
            path: self.path.clone(),
            line,
            problem,
        }
    }

    /// Position of an optional column, by header name (case-insensitive).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
    }
}

/// Reads a TSV file whose header must name every column in `required`.
pub fn read_table(path: &Path, required: &[&str]) -> Result<Table, DatasetError> {
    let bytes = std::fs::read(path).map_err(|source| DatasetError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_table(&bytes, path, required)
}

pub fn parse_table(bytes: &[u8], path: &Path, required: &[&str]) -> Result<Table, DatasetError> {
    let malformed = |line: usize, problem: String| DatasetError::Malformed {
        path: path.to_path_buf(),
        line,
        problem,
    };
    let expected = required.join("\\t");
    let text = std::str::from_utf8(bytes).map_err(|e| {
        malformed(
            1,
            format!("not UTF-8 text ({e}); convert the file to UTF-8"),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate();
    let Some((_, header)) = lines.next() else {
        return Err(malformed(
            1,
            format!("empty file: expected a header `{expected}`"),
        ));
    };
    let header: Vec<String> = header.split('\t').map(|c| c.trim().to_string()).collect();
    let columns = required
        .iter()
        .map(|name| {
            header
                .iter()
                .position(|c| c.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    malformed(
                        1,
                        format!("header has no `{name}` column (found {header:?}); expected `{expected}`"),
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut rows = Vec::new();
    for (i, line) in lines {
        let line_no = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<String> = line.split('\t').map(str::to_string).collect();
        if fields.len() != header.len() {
            return Err(malformed(
                line_no,
                format!(
                    "expected {} tab-separated fields, found {} (a tab or line break inside the text?)",
                    header.len(),
                    fields.len()
                ),
            ));
        }
        rows.push((line_no, fields));
    }
    Ok(Table {
        path: path.to_path_buf(),
        columns,
        header,
        rows,
    })
}

/// Writes rows in the same format, folding tabs and line breaks in text to spaces.
pub fn write_tsv<W: Write>(out: &mut W, rows: &[Labelled]) -> std::io::Result<()> {
    writeln!(out, "id\ttext\tlabel")?;
    for row in rows {
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        writeln!(
            out,
            "{}\t{}\t{}",
            clean(&row.id),
            clean(&row.text),
            u8::from(row.label)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_round_trips() {
        let input = "id\ttext\tlabel\n1\tPrices rose 3%.\t1\r\n2\tHello there.\t0\n";
        let rows = parse_tsv(input.as_bytes(), Path::new("x.tsv")).unwrap();
        assert_eq!(rows.len(), 2);
        assert!(rows[0].label && !rows[1].label);
        let mut out = Vec::new();
        write_tsv(&mut out, &rows).unwrap();
        assert_eq!(parse_tsv(&out, Path::new("y.tsv")).unwrap(), rows);
    }

    #[test]
    fn malformed_rows_name_the_line() {
        let input = "id\ttext\tlabel\n1\tok\t1\n2\tbroken row\n";
        let err = parse_tsv(input.as_bytes(), Path::new("d.tsv")).unwrap_err();
        assert!(err.to_string().starts_with("d.tsv:3: expected 3"), "{err}");
        let input = "id\ttext\tlabel\n1\tok\tmaybe\n";
        let err = parse_tsv(input.as_bytes(), Path::new("d.tsv")).unwrap_err();
        assert!(err.to_string().contains("d.tsv:2: label must be"), "{err}");
        let err = parse_tsv(b"a\tb\n", Path::new("d.tsv")).unwrap_err();
        assert!(err.to_string().contains("no `id` column"), "{err}");
    }
}
