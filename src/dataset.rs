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
    let malformed = |line: usize, problem: String| DatasetError::Malformed {
        path: path.to_path_buf(),
        line,
        problem,
    };
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
            "empty file: expected a header `id\ttext\tlabel`".into(),
        ));
    };
    let columns: Vec<&str> = header.split('\t').map(str::trim).collect();
    let find = |name: &str| {
        columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                malformed(
                    1,
                    format!("header has no `{name}` column (found {columns:?}); expected `id\\ttext\\tlabel`"),
                )
            })
    };
    let (id_col, text_col, label_col) = (find("id")?, find("text")?, find("label")?);
    let optional = |name: &str| columns.iter().position(|c| c.eq_ignore_ascii_case(name));
    let (article_col, start_col, type_col) = (optional("article"), optional("start"), optional("type"));
    let mut rows = Vec::new();
    for (i, line) in lines {
        let line_no = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != columns.len() {
            return Err(malformed(
                line_no,
                format!(
                    "expected {} tab-separated fields, found {} (a tab or line break inside the text?)",
                    columns.len(),
                    fields.len()
                ),
            ));
        }
        let label = match fields[label_col].trim() {
            "1" | "Yes" | "yes" | "true" => true,
            "0" | "No" | "no" | "false" => false,
            other => {
                return Err(malformed(
                    line_no,
                    format!("label must be 1 or 0, found {other:?}"),
                ))
            }
        };
        let text = fields[text_col].trim();
        if text.is_empty() {
            return Err(malformed(line_no, "empty text".into()));
        }
        let field = |col: Option<usize>| {
            col.map(|c| fields[c].trim())
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let start = match field(start_col) {
            Some(v) => Some(v.parse::<usize>().map_err(|_| {
                malformed(line_no, format!("start must be a character offset, found {v:?}"))
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
