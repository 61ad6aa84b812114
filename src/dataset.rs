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
/// extra columns are allowed; labels are `1`/`0` (also `Yes`/`No`, `true`/`false`). A row
/// that cannot be read (wrong number of fields, no label, no text) is left out and said in
/// `skipped`; only a file that cannot be read at all, or a header without the columns, is an
/// error.
pub fn read_tsv(path: &Path) -> Result<LabelledFile, DatasetError> {
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

pub fn parse_tsv(bytes: &[u8], path: &Path) -> Result<LabelledFile, DatasetError> {
    let mut table = parse_table(bytes, path, &["id", "text", "label"])?;
    let (id_col, text_col, label_col) = (table.columns[0], table.columns[1], table.columns[2]);
    let (article_col, start_col, type_col) = (
        table.column("article"),
        table.column("start"),
        table.column("type"),
    );
    let mut file = LabelledFile {
        rows: Vec::with_capacity(table.rows.len()),
        skipped: std::mem::take(&mut table.skipped),
    };
    for (line_no, fields) in &table.rows {
        let field = |col: Option<usize>| {
            col.map(|c| fields[c].trim())
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let row = (|| {
            let label = label_of(&fields[label_col])?;
            let text = fields[text_col].trim();
            if text.is_empty() {
                return Err("empty text".to_string());
            }
            let start = match field(start_col) {
                Some(v) => Some(
                    v.parse::<usize>()
                        .map_err(|_| format!("start must be a character offset, found {v:?}"))?,
                ),
                None => None,
            };
            Ok(Labelled {
                id: fields[id_col].trim().to_string(),
                text: text.to_string(),
                label,
                article: field(article_col),
                start,
                claim_type: field(type_col),
            })
        })();
        match row {
            Ok(row) => file.rows.push(row),
            Err(problem) => file.skipped.push(table.row_problem(*line_no, problem)),
        }
    }
    // Skipped rows in file order, whichever check left them out.
    file.skipped.sort_by_key(|p| p.line);
    Ok(file)
}

/// `1`/`0`, `Yes`/`No`, `true`/`false`.
pub fn parse_label(field: &str) -> Option<bool> {
    match field.trim() {
        "1" | "Yes" | "yes" | "true" => Some(true),
        "0" | "No" | "no" | "false" => Some(false),
        _ => None,
    }
}

/// [`parse_label`], or the row problem to report.
pub fn label_of(field: &str) -> Result<bool, String> {
    parse_label(field).ok_or_else(|| format!("label must be 1 or 0, found {:?}", field.trim()))
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
    /// Rows left out, each with what was wrong with it.
    pub skipped: Vec<RowProblem>,
}

/// A data row that was left out, and why: the file and line, so it can be fixed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}: {problem}; row skipped", path.display())]
pub struct RowProblem {
    pub path: PathBuf,
    pub line: usize,
    pub problem: String,
}

/// Labelled rows and the rows that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LabelledFile {
    pub rows: Vec<Labelled>,
    pub skipped: Vec<RowProblem>,
}

impl Table {
    pub fn row_problem(&self, line: usize, problem: String) -> RowProblem {
        RowProblem {
            path: self.path.clone(),
            line,
            problem,
        }
    }

    /// Position of an optional column, by header name (case-insensitive).
    pub fn column(&self, name: &str) -> Option<usize> {
        column_of(&self.header, name)
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
            column_of(&header, name).ok_or_else(|| {
                malformed(
                    1,
                    format!(
                        "header has no `{name}` column (found {header:?}); expected `{expected}`"
                    ),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut table = Table {
        path: path.to_path_buf(),
        columns,
        rows: Vec::new(),
        skipped: Vec::new(),
        header,
    };
    for (i, line) in lines {
        let line_no = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<String> = line.split('\t').map(str::to_string).collect();
        if fields.len() != table.header.len() {
            let problem = format!(
                "expected {} tab-separated fields, found {} (a tab or line break inside the text?)",
                table.header.len(),
                fields.len()
            );
            table.skipped.push(table.row_problem(line_no, problem));
            continue;
        }
        table.rows.push((line_no, fields));
    }
    Ok(table)
}

/// Other names the columns go by in files from elsewhere (the CheckThat! originals head
/// theirs `Sentence_id`, `Text`, `class_label`), so such a file is read as it is.
const COLUMN_ALIASES: [(&str, &[&str]); 3] = [
    ("id", &["sentence_id"]),
    ("text", &["sentence"]),
    ("label", &["class_label"]),
];

/// Position of the column `name`, or else of one of its aliases (case-insensitive).
fn column_of(header: &[String], name: &str) -> Option<usize> {
    let aliases = COLUMN_ALIASES
        .iter()
        .find(|(canonical, _)| *canonical == name)
        .map_or(&[][..], |(_, a)| a);
    std::iter::once(name)
        .chain(aliases.iter().copied())
        .find_map(|n| header.iter().position(|c| c.eq_ignore_ascii_case(n)))
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
        let file = parse_tsv(input.as_bytes(), Path::new("x.tsv")).unwrap();
        let rows = file.rows;
        assert_eq!(rows.len(), 2);
        assert!(rows[0].label && !rows[1].label && file.skipped.is_empty());
        let mut out = Vec::new();
        write_tsv(&mut out, &rows).unwrap();
        assert_eq!(parse_tsv(&out, Path::new("y.tsv")).unwrap().rows, rows);
    }

    #[test]
    fn malformed_rows_are_skipped_and_name_the_line() {
        let input = "id\ttext\tlabel\n1\tok\t1\n2\tbroken row\n3\tok\tmaybe\n4\t \t0\n5\tfine\t0\n";
        let file = parse_tsv(input.as_bytes(), Path::new("d.tsv")).unwrap();
        let ids: Vec<&str> = file.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["1", "5"]);
        let problems: Vec<String> = file.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("d.tsv:3: expected 3 tab-separated fields, found 2"));
        assert!(problems[1].starts_with("d.tsv:4: label must be 1 or 0, found \"maybe\""));
        assert_eq!(problems[2], "d.tsv:5: empty text; row skipped");
        // Without the columns nothing can be read: that is an error, not a skipped row.
        let err = parse_tsv(b"a\tb\n", Path::new("d.tsv")).unwrap_err();
        assert!(err.to_string().contains("no `id` column"), "{err}");
    }

    #[test]
    fn checkthat_original_headers_are_read() {
        let input = "Sentence_id\tText\tclass_label\n7\tTaxes rose 4%.\tYes\n8\tThank you.\tNo\n";
        let rows = parse_tsv(input.as_bytes(), Path::new("ct.tsv"))
            .unwrap()
            .rows;
        assert_eq!(
            rows[0],
            Labelled::new("7".into(), "Taxes rose 4%.".into(), true)
        );
        assert!(!rows[1].label);
        // The project's own names win where a file has both.
        let input = "sentence\ttext\tid\tlabel\nThe whole line.\tshort\tx\t1\n";
        let rows = parse_tsv(input.as_bytes(), Path::new("b.tsv"))
            .unwrap()
            .rows;
        assert_eq!(rows[0].text, "short");
    }
}
