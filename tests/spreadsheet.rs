//! The spreadsheet outputs of `claimsift scan`: safe CSV (also for Excel), XLSX and JSONL.
//!
//! All runs use `--all`, so that what is written does not depend on the model's scores.

mod common;

use std::io::Read;

use calamine::{Data, DataType, Reader};
use common::{assert_success, parse_csv, Workdir, COLUMNS};

/// Sentences that a spreadsheet would run as formulas if they were typed into a cell.
const PAYLOADS: [&str; 4] = [
    "=HYPERLINK(\"http://x\",\"y\")",
    "+cmd|' /C calc'!",
    "@SUM(1+1)",
    "-2+3",
];

/// A workdir with two articles, one of them full of formula payloads.
fn articles(name: &str) -> Workdir {
    let wd = Workdir::new(name);
    wd.write(
        "articles/payloads.txt",
        "Payload test\n\n\
         =HYPERLINK(\"http://x\",\"y\") is a link that was in the text.\n\n\
         +cmd|' /C calc'!A0 runs a program.\n\n\
         @SUM(1+1) adds numbers.\n\n\
         -2+3 equals one.\n\n\
         The council spent 4.5 million euros on roads in 2023.\n",
    );
    wd.write(
        "articles/news/budget.md",
        "# City budget grows\n\n\
         The city will spend 12% more on schools next year, the mayor said on Monday. \
         Unemployment fell to 4.1% in March. Officials expect 3,000 new homes by 2026.\n",
    );
    wd
}

fn scan(wd: &Workdir, extra: &[&str]) {
    let mut args = vec!["scan", "articles", "--all", "-q", "-j", "1"];
    args.extend_from_slice(extra);
    assert_success(&wd.run(&args));
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

#[test]
fn csv_neutralises_formula_payloads_and_ids_stay_text() {
    let wd = articles("csv-payloads");
    scan(&wd, &["-o", "out.csv"]);
    let (header, rows) = parse_csv(&wd.read("out.csv"));
    assert_eq!(header, COLUMNS);
    let sentence = column(&header, "sentence");
    for payload in PAYLOADS {
        let row = rows
            .iter()
            .find(|r| r[sentence].contains(payload))
            .unwrap_or_else(|| panic!("no row for {payload}"));
        assert!(
            row[sentence].starts_with(&format!("'{payload}")),
            "not neutralised: {:?}",
            row[sentence]
        );
    }
    for row in &rows {
        let id = &row[0];
        assert!(id.starts_with(|c: char| c.is_ascii_lowercase()), "{id}");
        assert!(id.parse::<f64>().is_err(), "{id}");
        // No cell of ours starts a formula.
        for cell in row {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell:?}");
        }
    }
}

#[test]
fn excel_csv_has_bom_and_crlf() {
    let wd = articles("csv-excel");
    scan(&wd, &["-o", "out.csv", "--excel"]);
    let bytes = std::fs::read(wd.path("out.csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}claim_id,".as_bytes()));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.ends_with("\r\n"));
    // Every record ends in CRLF (no field here holds a line break).
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    let (header, rows) = parse_csv(text.trim_start_matches('\u{feff}'));
    assert_eq!(header, COLUMNS);
    assert!(rows.len() >= 8, "{}", rows.len());
}

#[test]
fn jsonl_has_every_column_raw_text_and_byte_offsets() {
    let wd = articles("jsonl");
    scan(&wd, &["-o", "out.jsonl"]);
    let text = wd.read("out.jsonl");
    let mut found = 0;
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("one object per line");
        for column in COLUMNS.iter().chain(&["start_byte", "end_byte"]) {
            assert!(value.get(column).is_some(), "{column} missing: {line}");
        }
        assert!(value["verdict"].is_null() && value["notes"].is_null());
        assert!(value["score"].is_f64());
        let sentence = value["sentence"].as_str().unwrap();
        if PAYLOADS.iter().any(|p| sentence.starts_with(p)) {
            found += 1;
        }
        assert!(
            !sentence.starts_with('\''),
            "JSONL is not neutralised: {sentence}"
        );
        assert!(value["start_byte"].as_u64() <= value["end_byte"].as_u64());
    }
    assert_eq!(found, PAYLOADS.len());
    // `--format jsonl` to stdout gives the same lines.
    let out = wd.run(&["scan", "articles", "--all", "-q", "-j", "1", "-f", "jsonl"]);
    assert_success(&out);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), text);
}

/// The text of a file inside the XLSX (a zip archive).
fn zip_entry(path: &std::path::Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut entry = archive.by_name(name).unwrap();
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap();
    text
}

#[test]
fn xlsx_has_string_cells_dropdown_protection_and_run_info() {
    let wd = articles("xlsx");
    scan(&wd, &["-o", "out.xlsx"]);
    let path = wd.path("out.xlsx");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Claims", "Groups", "Articles", "Run"]);

    let claims = book.worksheet_range("Claims").unwrap();
    let mut rows = claims.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header, COLUMNS);
    let (id, score, sentence) = (
        column(&header, "claim_id"),
        column(&header, "score"),
        column(&header, "sentence"),
    );
    let data: Vec<&[Data]> = rows.collect();
    assert!(data.len() >= 8, "{}", data.len());
    for row in &data {
        assert!(
            matches!(&row[id], Data::String(s) if s.starts_with(|c: char| c.is_ascii_lowercase()))
        );
        assert!(matches!(row[score], Data::Float(_)), "{:?}", row[score]);
        assert!(matches!(
            row[column(&header, "sentence_index")],
            Data::Float(_)
        ));
        assert!(matches!(row[column(&header, "verdict")], Data::Empty));
    }
    for payload in PAYLOADS {
        let row = data
            .iter()
            .find(|r| matches!(&r[sentence], Data::String(s) if s.contains(payload)))
            .unwrap_or_else(|| panic!("no row for {payload}"));
        // A plain string cell holding the text as written: no `'` needed, no formula.
        assert!(
            matches!(&row[sentence], Data::String(s) if s.starts_with(payload)),
            "{:?}",
            row[sentence]
        );
    }
    let formulas = book.worksheet_formula("Claims").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "the Claims sheet has formulas"
    );

    let articles = book.worksheet_range("Articles").unwrap();
    let article_rows: Vec<_> = articles.rows().collect();
    assert_eq!(
        article_rows[0]
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>(),
        ["path", "title", "date", "sentences", "claims", "error"]
    );
    assert_eq!(article_rows.len(), 3, "header and two articles");
    let total: f64 = article_rows[1..]
        .iter()
        .map(|r| r[4].get_float().unwrap())
        .sum();
    assert_eq!(total as usize, data.len());

    let run = book.worksheet_range("Run").unwrap();
    let labels: Vec<String> = run.rows().map(|r| r[0].to_string()).collect();
    assert_eq!(
        labels,
        ["tool version", "model", "threshold", "date", "command line"]
    );
    let threshold = run.rows().nth(2).unwrap()[1].get_float().unwrap();
    assert!((0.0..=1.0).contains(&threshold));
    assert_eq!(
        run.rows().next().unwrap()[1].to_string(),
        env!("CARGO_PKG_VERSION")
    );

    let sheet = zip_entry(&path, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<dataValidation "), "no data validation");
    assert!(
        sheet.contains("<formula1>\"check,not a claim,not worth checking,duplicate\"</formula1>"),
        "no verdict list"
    );
    assert!(sheet.contains("<sheetProtection "), "not protected");
    assert!(
        !sheet.contains("password"),
        "protection must have no password"
    );
    // In OOXML, `autoFilter="0"` means "not protected": filtering and sorting stay allowed.
    assert!(sheet.contains("autoFilter=\"0\"") && sheet.contains("sort=\"0\""));
    // The filter spans every column, `claim_type` included, so a reviewer can filter by type.
    let last_column = char::from(b'A' + COLUMNS.len() as u8 - 1);
    assert!(sheet.contains(&format!("<autoFilter ref=\"A1:{last_column}")));
    assert!(sheet.contains("state=\"frozen\"") && sheet.contains("ySplit=\"1\""));
    assert!(sheet.contains("<colorScale>"));
    assert!(!sheet.contains("<f>"), "formula cell in the Claims sheet");
    // Reviewer columns are unlocked: some cell style says `locked="0"`.
    assert!(zip_entry(&path, "xl/styles.xml").contains("locked=\"0\""));
}

#[test]
fn xlsx_is_chosen_by_extension_and_not_written_on_failure() {
    let wd = articles("xlsx-ext");
    // `-o x.xlsx` alone selects XLSX; a CSV would not be a zip archive.
    scan(&wd, &["-o", "claims.xlsx"]);
    let bytes = std::fs::read(wd.path("claims.xlsx")).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    // No temporary files are left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(wd.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Three wire stories repeat one claim (lightly edited) and one states a different figure.
fn repeated_claims(name: &str) -> Workdir {
    let wd = Workdir::new(name);
    wd.write(
        "wire/a.txt",
        "Militias on the march\n\nEstimates of the militia's strength ranged from 80,000 to \
         100,000 fighters, a military spokesman said on Monday. The ministry declined to comment.\n",
    );
    wd.write(
        "wire/b.txt",
        "Talks stall\n\nTalks between the parties stalled again. Estimates of the militia's strength \
         ranged from 80,000 to 100,000 fighters, a military spokesman said.\n",
    );
    wd.write(
        "wire/c.txt",
        "A smaller force\n\nEstimates of the militia's strength ranged from 8,000 to 100,000 \
         fighters, a military spokesman said on Monday.\n",
    );
    wd
}

#[test]
fn repeated_claims_share_a_group_and_the_groups_sheet_counts_them() {
    let wd = repeated_claims("groups");
    assert_success(&wd.run(&["scan", "wire", "-q", "-o", "out.csv", "--threshold", "0.05"]));
    let (header, rows) = parse_csv(&wd.read("out.csv"));
    let (id, group, sentence) = (
        column(&header, "claim_id"),
        column(&header, "group"),
        column(&header, "sentence"),
    );
    let article_col = column(&header, "article");
    let find = |article: &str| {
        rows.iter()
            .find(|r| r[article_col] == article && r[sentence].contains("fighters"))
            .unwrap_or_else(|| panic!("no fighters row for {article}: {rows:?}"))
            .clone()
    };
    let (a, b, c) = (find("a.txt"), find("b.txt"), find("c.txt"));
    assert_eq!(a[group], a[id], "the first member names the group");
    assert_eq!(b[group], a[id], "a lightly edited copy joins it");
    assert_eq!(c[group], c[id], "8,000 is another claim");

    assert_success(&wd.run(&[
        "scan",
        "wire",
        "-q",
        "-o",
        "out.xlsx",
        "--threshold",
        "0.05",
    ]));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(wd.path("out.xlsx")).unwrap();
    let groups = book.worksheet_range("Groups").unwrap();
    let rows: Vec<Vec<String>> = groups
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0], ["group", "claim", "count", "articles"]);
    assert_eq!(rows.len(), 2, "only the repeated claim: {rows:?}");
    assert_eq!(rows[1][0], a[id]);
    assert_eq!(rows[1][1], a[sentence]);
    assert_eq!(rows[1][2], "2");
    assert_eq!(rows[1][3], "a.txt\nb.txt");
}
