//! The reviewer workbook: an XLSX file with a "Claims" sheet to fill in, plus "Articles" and
//! "Run" sheets that record what was scanned and how.
//!
//! Every text cell is written as a string cell (never as a formula), so text that begins with
//! `=`, `+`, `-` or `@` is inert without the `'` prefix the CSV needs; it is stored exactly as
//! it appears in the article. Machine columns are locked and grey; the reviewer columns
//! (`verdict`, with a dropdown, and `notes`) are the only editable cells. The sheet is
//! protected without a password, so filtering, sorting and resizing columns still work and a
//! reviewer who really needs to can switch protection off.
//!
//! The workbook is built in memory and written to the [`Destination`] in
//! [`RowSink::finish`], so the output file appears only when it is complete.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};

use rust_xlsxwriter::{
    Color, ConditionalFormat3ColorScale, ConditionalFormatType, DataValidation,
    DataValidationErrorStyle, Format as CellFormat, FormatAlign, FormatBorder, ProtectionOptions,
    Workbook, Worksheet, XlsxError,
};

use super::{format_score, ArticleSummary, ClaimRow, Destination, RowSink, RunInfo, CSV_COLUMNS};
use crate::claims::{attribution, quantity};

/// Values offered by the `verdict` dropdown, in menu order.
pub const VERDICTS: [&str; 4] = ["check", "not a claim", "not worth checking", "duplicate"];

/// Names of the sheets, as `claimsift review` looks for them.
pub const CLAIMS_SHEET: &str = "Claims";
pub const ARTICLES_SHEET: &str = "Articles";
pub const RUN_SHEET: &str = "Run";
pub const GROUPS_SHEET: &str = "Groups";

/// Column headers of the "Groups" sheet: claims stated more than once in the run.
pub const GROUP_COLUMNS: [&str; 4] = ["group", "claim", "count", "articles"];

/// Column headers of the "Articles" sheet.
pub const ARTICLE_COLUMNS: [&str; 6] = ["path", "title", "date", "sentences", "claims", "error"];

/// Labels of the "Run" sheet's first column; the value is in the second column.
pub const RUN_LABELS: [&str; 5] = ["tool version", "model", "threshold", "date", "command line"];

/// Excel's limit on the length of a cell's text, in UTF-16 code units.
const MAX_CELL_CHARS: usize = 32_767;
/// Excel's last row (0-based).
const MAX_ROW: u32 = 1_048_575;

/// Column widths of the "Claims" sheet, in characters, in [`CSV_COLUMNS`] order.
const CLAIM_WIDTHS: [f64; CSV_COLUMNS.len()] = [
    12.0, 24.0, 30.0, 11.0, 14.0, 8.0, 8.0, 8.0, 12.0, 30.0, 30.0, 14.0, 60.0, 40.0, 40.0, 14.0,
    40.0, 11.0, 10.0, 20.0, 40.0,
];
/// Columns whose text wraps; rows are made tall enough to show it.
const WRAPPED: [&str; 6] = [
    "quantities",
    "attribution",
    "sentence",
    "context_before",
    "context_after",
    "seen_claim",
];
/// Height of one line of 11-point text, in points, and Excel's largest row height.
const LINE_HEIGHT: f64 = 15.0;
const MAX_ROW_HEIGHT: f64 = 409.0;
const MACHINE_GREY: u32 = 0xF2F2F2;
const HEADER_GREY: u32 = 0xD9D9D9;

fn xlsx_error(e: XlsxError) -> io::Error {
    io::Error::other(format!("cannot build the XLSX workbook: {e}"))
}

fn column_index(name: &str) -> u16 {
    CSV_COLUMNS
        .iter()
        .position(|c| *c == name)
        .expect("known column") as u16
}

/// Cell formats of the "Claims" sheet.
struct Formats {
    header: CellFormat,
    /// Locked, grey, top-aligned text; `wrapped` also wraps.
    text: CellFormat,
    wrapped: CellFormat,
    integer: CellFormat,
    score: CellFormat,
    /// The reviewer columns: unlocked, wrapped.
    editable: CellFormat,
}

impl Formats {
    fn new() -> Self {
        let machine = CellFormat::new()
            .set_locked()
            .set_background_color(Color::RGB(MACHINE_GREY))
            .set_align(FormatAlign::Top);
        Formats {
            header: CellFormat::new()
                .set_bold()
                .set_locked()
                .set_background_color(Color::RGB(HEADER_GREY))
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Top),
            // The quote prefix keeps a cell text even if someone retypes it with protection off.
            text: machine.clone().set_quote_prefix(),
            wrapped: machine.clone().set_quote_prefix().set_text_wrap(),
            integer: machine.clone().set_num_format("0"),
            score: machine.set_num_format("0.000"),
            editable: CellFormat::new()
                .set_unlocked()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
        }
    }
}

/// Writes [`ClaimRow`]s and [`ArticleSummary`]s into an XLSX workbook.
pub struct XlsxSink {
    destination: Destination,
    run: RunInfo,
    claims: Worksheet,
    articles: Worksheet,
    formats: Formats,
    /// Rows written to "Claims" and "Articles", headers excluded.
    claim_rows: u32,
    article_rows: u32,
    /// Every group of the run, in order of first appearance.
    groups: Vec<GroupSummary>,
    group_index: HashMap<String, usize>,
}

/// One group of the "Groups" sheet.
struct GroupSummary {
    group: String,
    /// The sentence of the group's first claim.
    claim: String,
    count: usize,
    /// Articles holding a member, each once, in order of appearance.
    articles: Vec<String>,
}

impl XlsxSink {
    pub fn new(destination: Destination, run: &RunInfo) -> io::Result<Self> {
        if matches!(destination, Destination::Stdout(_)) && io::stdout().is_terminal() {
            return Err(io::Error::other(
                "an XLSX workbook is binary and standard output is a terminal: \
                 pass -o FILE.xlsx (or redirect the output)",
            ));
        }
        let formats = Formats::new();
        let mut claims = Worksheet::new();
        claims.set_name(CLAIMS_SHEET).map_err(xlsx_error)?;
        for (col, (name, width)) in CSV_COLUMNS.iter().zip(CLAIM_WIDTHS).enumerate() {
            let col = col as u16;
            claims
                .write_string_with_format(0, col, *name, &formats.header)
                .map_err(xlsx_error)?;
            claims.set_column_width(col, width).map_err(xlsx_error)?;
        }
        // Whole reviewer columns are editable, so are rows a reviewer adds below the data.
        for name in ["verdict", "notes"] {
            claims
                .set_column_format(column_index(name), &formats.editable)
                .map_err(xlsx_error)?;
        }
        claims.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        claims
            .set_landscape()
            .set_print_fit_to_pages(1, 0)
            .set_repeat_rows(0, 0)
            .map_err(xlsx_error)?;

        let mut articles = Worksheet::new();
        articles.set_name(ARTICLES_SHEET).map_err(xlsx_error)?;
        for (col, (name, width)) in ARTICLE_COLUMNS
            .iter()
            .zip([40.0, 40.0, 12.0, 10.0, 10.0, 50.0])
            .enumerate()
        {
            let col = col as u16;
            articles
                .write_string_with_format(0, col, *name, &formats.header)
                .map_err(xlsx_error)?;
            articles.set_column_width(col, width).map_err(xlsx_error)?;
        }
        articles.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        articles.set_landscape().set_print_fit_to_pages(1, 0);

        Ok(XlsxSink {
            destination,
            run: run.clone(),
            claims,
            articles,
            formats,
            claim_rows: 0,
            article_rows: 0,
            groups: Vec::new(),
            group_index: HashMap::new(),
        })
    }

    fn write_claim(&mut self, row: &ClaimRow) -> Result<(), XlsxError> {
        let r = self.claim_rows + 1;
        let f = &self.formats;
        let ws = &mut self.claims;
        let text = |ws: &mut Worksheet, name: &str, value: &str| {
            let format = if WRAPPED.contains(&name) {
                &f.wrapped
            } else {
                &f.text
            };
            write_text(ws, r, column_index(name), value, format)
        };
        text(ws, "claim_id", &row.claim_id)?;
        text(ws, "article", &row.article)?;
        text(ws, "title", &row.title)?;
        text(ws, "date", &row.date)?;
        for (name, value) in [
            ("sentence_index", row.sentence_index),
            ("start", row.start),
            ("end", row.end),
        ] {
            ws.write_number_with_format(r, column_index(name), value as f64, &f.integer)?;
        }
        // The number as printed in the CSV, so both formats give `review` the same scores.
        let score: f64 = format_score(row.score).parse().unwrap_or(f64::NAN);
        ws.write_number_with_format(r, column_index("score"), score, &f.score)?;
        let quantities = quantity::readable(&row.quantities);
        let attribution = attribution::readable(&row.attribution);
        text(ws, "claim_type", row.claim_type.as_deref().unwrap_or(""))?;
        text(ws, "quantities", &quantities)?;
        text(ws, "attribution", &attribution)?;
        text(ws, "group", &row.group)?;
        text(ws, "sentence", &row.sentence)?;
        text(ws, "context_before", &row.context_before)?;
        text(ws, "context_after", &row.context_after)?;
        if let Some(seen) = &row.seen {
            text(ws, "seen_verdict", &seen.verdict)?;
            text(ws, "seen_claim", &seen.claim)?;
            text(ws, "seen_date", &seen.date)?;
            let similarity: f64 = format_score(seen.similarity).parse().unwrap_or(f64::NAN);
            ws.write_number_with_format(r, column_index("similarity"), similarity, &f.score)?;
        }
        ws.write_blank(r, column_index("verdict"), &f.editable)?;
        ws.write_blank(r, column_index("notes"), &f.editable)?;
        // Neither Excel nor LibreOffice reliably fits row heights to wrapped text when
        // opening a generated file, so set them: enough lines for the longest wrapped cell.
        let lines = [
            (&quantities, "quantities"),
            (&attribution, "attribution"),
            (&row.sentence, "sentence"),
            (&row.context_before, "context_before"),
            (&row.context_after, "context_after"),
            (
                &row.seen
                    .as_ref()
                    .map(|s| s.claim.clone())
                    .unwrap_or_default(),
                "seen_claim",
            ),
        ]
        .iter()
        .map(|(text, name)| wrapped_lines(text, CLAIM_WIDTHS[column_index(name) as usize]))
        .max()
        .unwrap_or(1);
        if lines > 1 {
            let height = (lines as f64 * LINE_HEIGHT).min(MAX_ROW_HEIGHT);
            ws.set_row_height(r, height)?;
        }
        Ok(())
    }

    fn write_summary(&mut self, summary: &ArticleSummary) -> Result<(), XlsxError> {
        let r = self.article_rows + 1;
        let ws = &mut self.articles;
        let plain = CellFormat::new().set_quote_prefix();
        write_text(ws, r, 0, &summary.path, &plain)?;
        write_text(ws, r, 1, &summary.title, &plain)?;
        write_text(ws, r, 2, &summary.date, &plain)?;
        if summary.error.is_none() {
            ws.write_number(r, 3, summary.sentences as f64)?;
            ws.write_number(r, 4, summary.claims as f64)?;
        }
        write_text(ws, r, 5, summary.error.as_deref().unwrap_or(""), &plain)?;
        Ok(())
    }

    /// Adds the filter, dropdown, colour scale and protection, and assembles the workbook.
    fn build(mut self) -> Result<(Vec<u8>, Destination), XlsxError> {
        let last = self.claim_rows;
        let last_col = (CSV_COLUMNS.len() - 1) as u16;
        let ws = &mut self.claims;
        ws.autofilter(0, 0, last.max(1), last_col)?;
        if last > 0 {
            let verdict = column_index("verdict");
            let list = DataValidation::new()
                .allow_list_strings(&VERDICTS)?
                .set_error_style(DataValidationErrorStyle::Stop)
                .set_error_title("Verdict")?
                .set_error_message(format!(
                    "Choose one of: {}. Leave the cell empty if not reviewed; \
                     write anything else in notes.",
                    VERDICTS.join(", ")
                ))?;
            ws.add_data_validation(1, verdict, last, verdict, &list)?;
            let score = column_index("score");
            let threshold = f64::from(self.run.threshold).clamp(0.0, 1.0);
            let scale = ConditionalFormat3ColorScale::new()
                .set_minimum(ConditionalFormatType::Number, 0.0)
                .set_midpoint(ConditionalFormatType::Number, threshold)
                .set_maximum(ConditionalFormatType::Number, 1.0)
                .set_minimum_color(Color::RGB(0xF8F8F8))
                .set_midpoint_color(Color::RGB(0xFFEB84))
                .set_maximum_color(Color::RGB(0xF8696B));
            ws.add_conditional_format(1, score, last, score, &scale)?;
        }
        ws.protect_with_options(&ProtectionOptions {
            use_autofilter: true,
            sort: true,
            format_columns: true,
            format_rows: true,
            ..ProtectionOptions::new()
        });
        ws.set_active(true);

        let articles = &mut self.articles;
        articles.autofilter(0, 0, self.article_rows.max(1), 5)?;

        let mut run = Worksheet::new();
        run.set_name(RUN_SHEET)?;
        run.set_column_width(0, 16)?;
        run.set_column_width(1, 80)?;
        run.set_landscape().set_print_fit_to_pages(1, 0);
        let label = CellFormat::new().set_bold();
        let plain = CellFormat::new().set_quote_prefix();
        let info = &self.run;
        let values = [
            info.tool_version.as_str(),
            info.model.as_str(),
            "",
            info.started.as_str(),
            info.command_line.as_str(),
        ];
        for (r, (name, value)) in RUN_LABELS.iter().zip(values).enumerate() {
            let r = r as u32;
            run.write_string_with_format(r, 0, *name, &label)?;
            if *name == "threshold" {
                let t: f64 = format_score(info.threshold).parse().unwrap_or(f64::NAN);
                let number = CellFormat::new()
                    .set_num_format("0.000")
                    .set_align(FormatAlign::Left);
                run.write_number_with_format(r, 1, t, &number)?;
            } else {
                write_text(&mut run, r, 1, value, &plain)?;
            }
        }

        let groups = groups_sheet(&mut self.groups)?;
        let mut workbook = Workbook::new();
        workbook.push_worksheet(self.claims);
        workbook.push_worksheet(groups);
        workbook.push_worksheet(self.articles);
        workbook.push_worksheet(run);
        let bytes = workbook.save_to_buffer()?;
        Ok((bytes, self.destination))
    }
}

impl XlsxSink {
    fn count_member(&mut self, row: &ClaimRow) {
        let i = *self
            .group_index
            .entry(row.group.clone())
            .or_insert_with(|| {
                self.groups.push(GroupSummary {
                    group: row.group.clone(),
                    claim: row.sentence.clone(),
                    count: 0,
                    articles: Vec::new(),
                });
                self.groups.len() - 1
            });
        let group = &mut self.groups[i];
        group.count += 1;
        if !group.articles.contains(&row.article) {
            group.articles.push(row.article.clone());
        }
    }
}

/// The "Groups" sheet: claims stated more than once, most repeated first (ties in order of
/// first appearance), one article path per line.
fn groups_sheet(groups: &mut [GroupSummary]) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(GROUPS_SHEET)?;
    let header = CellFormat::new()
        .set_bold()
        .set_background_color(Color::RGB(HEADER_GREY));
    for (col, (name, width)) in GROUP_COLUMNS
        .iter()
        .zip([14.0, 70.0, 8.0, 50.0])
        .enumerate()
    {
        ws.write_string_with_format(0, col as u16, *name, &header)?;
        ws.set_column_width(col as u16, width)?;
    }
    let plain = CellFormat::new()
        .set_quote_prefix()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let count = CellFormat::new().set_align(FormatAlign::Top);
    groups.sort_by_key(|g| std::cmp::Reverse(g.count));
    let mut r = 0;
    for g in groups.iter().filter(|g| g.count > 1) {
        if r >= MAX_ROW {
            break;
        }
        r += 1;
        write_text(&mut ws, r, 0, &g.group, &plain)?;
        write_text(&mut ws, r, 1, &g.claim, &plain)?;
        ws.write_number_with_format(r, 2, g.count as f64, &count)?;
        write_text(&mut ws, r, 3, &g.articles.join("\n"), &plain)?;
        let lines = wrapped_lines(&g.claim, 70.0).max(g.articles.len());
        if lines > 1 {
            ws.set_row_height(r, (lines as f64 * LINE_HEIGHT).min(MAX_ROW_HEIGHT))?;
        }
    }
    ws.autofilter(0, 0, r.max(1), 3)?;
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape().set_print_fit_to_pages(1, 0);
    Ok(ws)
}

/// Lines that `text` takes in a wrapped column `width` characters wide: a greedy word wrap
/// that counts characters, a little pessimistic for proportional fonts (better a spare line
/// than a cut one).
fn wrapped_lines(text: &str, width: f64) -> usize {
    let width = (width as usize).max(1);
    let mut lines = 0;
    for paragraph in text.split('\n') {
        let mut line = 0;
        lines += 1;
        for word in paragraph.split_whitespace() {
            let len = word.chars().count();
            let needed = if line == 0 { len } else { line + 1 + len };
            if needed <= width {
                line = needed;
            } else {
                // A new line; a word longer than the column is broken over several.
                lines += usize::from(line > 0) + (len.saturating_sub(1)) / width;
                line = (len - 1) % width + 1;
            }
        }
    }
    lines.max(1)
}

/// Writes `value` as a string cell, cut to Excel's cell limit (marked with `…`).
fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: &str,
    format: &CellFormat,
) -> Result<(), XlsxError> {
    if value.is_empty() {
        ws.write_blank(row, col, format)?;
        return Ok(());
    }
    let value = truncate_utf16(value, MAX_CELL_CHARS);
    ws.write_string_with_format(row, col, value.as_ref(), format)?;
    Ok(())
}

fn truncate_utf16(value: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if value.len() <= max || value.encode_utf16().count() <= max {
        return value.into();
    }
    let mut units = 0;
    let mut cut = 0;
    for (i, c) in value.char_indices() {
        // Keep one unit for the ellipsis.
        if units + c.len_utf16() > max - 1 {
            break;
        }
        units += c.len_utf16();
        cut = i + c.len_utf8();
    }
    format!("{}…", &value[..cut]).into()
}

impl RowSink for XlsxSink {
    fn write_row(&mut self, row: &ClaimRow) -> io::Result<()> {
        if self.claim_rows >= MAX_ROW {
            return Err(io::Error::other(
                "more claims than an XLSX sheet can hold (1,048,575 rows): \
                 use --format csv or a higher --threshold",
            ));
        }
        self.write_claim(row).map_err(xlsx_error)?;
        self.claim_rows += 1;
        if !row.group.is_empty() {
            self.count_member(row);
        }
        Ok(())
    }

    fn write_article(&mut self, summary: &ArticleSummary) -> io::Result<()> {
        if self.article_rows >= MAX_ROW {
            return Ok(());
        }
        self.write_summary(summary).map_err(xlsx_error)?;
        self.article_rows += 1;
        Ok(())
    }

    fn finish(self: Box<Self>) -> io::Result<()> {
        let (bytes, mut destination) = self.build().map_err(xlsx_error)?;
        destination.write_all(&bytes)?;
        destination.commit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_counts_a_greedy_word_wrap() {
        assert_eq!(wrapped_lines("", 10.0), 1);
        assert_eq!(wrapped_lines("aaaa bbbb", 10.0), 1);
        assert_eq!(wrapped_lines("aaaa bbbbb", 10.0), 1);
        assert_eq!(wrapped_lines("aaaa bbbbbb", 10.0), 2);
        assert_eq!(wrapped_lines("aaaa bbbb cccc", 10.0), 2);
        assert_eq!(wrapped_lines("a\nb", 10.0), 2);
        assert_eq!(wrapped_lines(&"x".repeat(25), 10.0), 3);
        assert_eq!(wrapped_lines(&format!("ab {}", "x".repeat(25)), 10.0), 4);
    }

    #[test]
    fn long_text_is_cut_to_the_cell_limit() {
        let long = "é".repeat(40_000);
        let cut = truncate_utf16(&long, MAX_CELL_CHARS);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(truncate_utf16("short", MAX_CELL_CHARS), "short");
        // Characters outside the BMP count twice and are never split.
        let wide = "😀".repeat(20_000);
        let cut = truncate_utf16(&wide, MAX_CELL_CHARS);
        assert!(cut.encode_utf16().count() <= MAX_CELL_CHARS);
    }
}
