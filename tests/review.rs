//! `claimsift review`: reviewed sheets read back, as reviewers really return them.
//!
//! Scans use `--all`, so that the rows do not depend on the model's scores.

mod common;

use std::path::Path;

use calamine::{Data, Reader};
use common::{assert_success, stderr_of, stdout_of, Workdir};
use serde_json::Value;

/// Articles with enough sentences for a few dozen rows, one with a formula payload.
fn articles(name: &str) -> Workdir {
    let wd = Workdir::new(name);
    wd.write(
        "articles/a.txt",
        "Budget report\n\n\
         =HYPERLINK(\"http://x\",\"y\") was pasted into the report.\n\n\
         The city will spend 12% more on schools next year, the mayor said on Monday. \
         Unemployment fell to 4.1% in March. Officials expect 3,000 new homes by 2026. \
         It was a sunny day. Residents welcomed the news. The council has 41 members. \
         Bus fares rose by 20 cents in January. Nobody knows what will happen next. \
         The new bridge cost 85 million euros. Many people attended the meeting.\n",
    );
    wd.write(
        "articles/b.md",
        "# Health update\n\n\
         Measles cases doubled to 212 this year, the health agency reported. \
         Vaccination rates dropped below 90% in three districts. The clinic opens at nine. \
         Doctors urged parents to check records. The hospital treated 1,400 patients in May. \
         What a week it has been. The ministry will hire 300 nurses. Thanks for reading. \
         Flu deaths fell by a third compared with 2022. The weather stayed mild.\n\n\
         Experts said the outbreak began in February. Two schools closed for a week. \
         The agency spent 2 million euros on the campaign. Life goes on.\n",
    );
    wd
}

fn scan(wd: &Workdir, extra: &[&str]) {
    let mut args = vec!["scan", "articles", "--all", "-q", "-j", "1"];
    args.extend_from_slice(extra);
    assert_success(&wd.run(&args));
}

fn review_json(wd: &Workdir, args: &[&str]) -> Value {
    let mut all = vec!["review"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let out = wd.run(&all);
    assert_success(&out);
    serde_json::from_str(&stdout_of(&out)).expect("JSON report")
}

/// The verdict the tests give to the row at `i`, written the way people type them.
fn verdict_for(i: usize) -> &'static str {
    match i % 6 {
        0 => "check",
        1 => " Check ",
        2 => "NOT A CLAIM",
        3 => "not worth  checking",
        4 => "duplicate",
        _ => "",
    }
}

#[test]
fn xlsx_round_trip_with_verdicts_set() {
    let wd = articles("review-xlsx");
    scan(&wd, &["-o", "out.xlsx"]);

    // A reviewer's copy: rows in reverse order, verdicts filled in, one unknown verdict,
    // written by another program (rust_xlsxwriter here) with the Run sheet kept.
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(wd.path("out.xlsx")).unwrap();
    let claims = book.worksheet_range("Claims").unwrap();
    let run = book.worksheet_range("Run").unwrap();
    let rows: Vec<Vec<Data>> = claims.rows().map(|r| r.to_vec()).collect();
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let verdict_col = header.iter().position(|h| h == "verdict").unwrap();
    let mut data: Vec<Vec<Data>> = rows[1..].to_vec();
    let n = data.len();
    assert!(n >= 25, "only {n} rows");
    data.reverse();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Claims").unwrap();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, h.to_uppercase()).unwrap();
    }
    let mut expected = [0usize; 5]; // check, not a claim, not worth, duplicate, unknown
    for (r, row) in data.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                Data::Float(f) => {
                    sheet.write_number(r, c, *f).unwrap();
                }
                Data::String(s) => {
                    sheet.write_string(r, c, s).unwrap();
                }
                _ => {}
            }
        }
        let verdict = if r == 0 { "maybe?" } else { verdict_for(r) };
        match verdict.trim().to_lowercase().as_str() {
            "check" => expected[0] += 1,
            "not a claim" => expected[1] += 1,
            "not worth  checking" => expected[2] += 1,
            "duplicate" => expected[3] += 1,
            "" => {}
            _ => expected[4] += 1,
        }
        sheet
            .write_string(r as u32 + 1, verdict_col as u16, verdict)
            .unwrap();
    }
    let run_sheet = workbook.add_worksheet().set_name("Run").unwrap();
    for (r, row) in run.rows().enumerate() {
        run_sheet
            .write_string(r as u32, 0, row[0].to_string())
            .unwrap();
        match &row[1] {
            Data::Float(f) => {
                run_sheet.write_number(r as u32, 1, *f).unwrap();
            }
            other => {
                run_sheet
                    .write_string(r as u32, 1, other.to_string())
                    .unwrap();
            }
        }
    }
    workbook.save(wd.path("reviewed.xlsx")).unwrap();

    let report = review_json(&wd, &["reviewed.xlsx", "--export-training", "extra.tsv"]);
    assert_eq!(report["rows"], n);
    let v = &report["verdicts"];
    assert_eq!(v["check"], expected[0]);
    assert_eq!(v["not_a_claim"], expected[1]);
    assert_eq!(v["not_worth_checking"], expected[2]);
    assert_eq!(v["duplicate"], expected[3]);
    assert_eq!(report["unknown"].as_array().unwrap().len(), 1);
    assert_eq!(report["unknown"][0]["value"], "maybe?");
    let reviewed = expected.iter().sum::<usize>();
    assert_eq!(report["reviewed"], reviewed);
    assert!(report["run_threshold_source"]
        .as_str()
        .unwrap()
        .contains("Run sheet"));
    // Thresholds are 0.05 steps, none below what the sheet can answer.
    let thresholds = report["thresholds"].as_array().unwrap();
    assert!(!thresholds.is_empty());
    for t in thresholds {
        assert!(t["flagged"].as_u64().unwrap() <= n as u64);
        assert!(t["judged"].as_u64() >= t["check"].as_u64());
    }
    assert!(report["suggestion"]["reason"].is_string());

    // Training rows: check = 1, the two "no" verdicts = 0; duplicates and blanks left out.
    let training = claimsift::dataset::read_tsv(&wd.path("extra.tsv"))
        .unwrap()
        .rows;
    assert_eq!(training.len(), expected[0] + expected[1] + expected[2]);
    assert_eq!(training.iter().filter(|r| r.label).count(), expected[0]);
    assert!(training.iter().all(|r| !r.text.starts_with('\'')));

    // The text report says where the threshold came from.
    let out = wd.run(&["review", "reviewed.xlsx"]);
    assert_success(&out);
    let text = stdout_of(&out);
    assert!(text.contains("threshold of the run:") && text.contains("from the Run sheet"));
    assert!(text.contains("maybe?"), "{text}");
}

/// Writes CSV records with a byte-order mark and CRLF, quoting every field as Excel would
/// when needed.
fn write_excel_csv(path: &Path, records: &[Vec<String>]) {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for record in records {
        writer.write_record(record).unwrap();
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(writer.into_inner().unwrap());
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn excel_csv_round_trip_resorted_with_a_deleted_row_and_an_extra_column() {
    let wd = articles("review-csv");
    scan(&wd, &["-o", "out.csv", "--excel"]);
    let bytes = std::fs::read(wd.path("out.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "--excel writes a BOM");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\r\n"), "--excel writes CRLF");

    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let n = rows.len();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (id, sentence, verdict) = (col("claim_id"), col("sentence"), col("verdict"));
    // The payload row is neutralised in the CSV.
    let payload = rows
        .iter()
        .position(|r| r[sentence].starts_with("'=HYPERLINK"))
        .expect("neutralised payload row");
    rows[payload][verdict] = "check".into();

    // Re-sort by sentence text, delete one row, add a column in front.
    rows.sort_by(|a, b| a[sentence].cmp(&b[sentence]));
    let deleted_at = rows
        .iter()
        .position(|r| !r[sentence].starts_with('\''))
        .unwrap();
    let deleted = rows.remove(deleted_at);
    let mut records = vec![std::iter::once("reviewer".to_string())
        .chain(header.iter().cloned())
        .collect::<Vec<_>>()];
    let mut checks = 0;
    for (i, row) in rows.iter_mut().enumerate() {
        if row[verdict].is_empty() {
            row[verdict] = verdict_for(i).to_string();
        }
        if row[verdict].trim().eq_ignore_ascii_case("check") {
            checks += 1;
        }
        records.push(
            std::iter::once("ana".to_string())
                .chain(row.iter().cloned())
                .collect(),
        );
    }
    write_excel_csv(&wd.path("reviewed.csv"), &records);

    let report = review_json(
        &wd,
        &[
            "reviewed.csv",
            "--against",
            "out.csv",
            "--export-training",
            "extra.tsv",
        ],
    );
    assert_eq!(report["rows"], n - 1);
    assert_eq!(report["verdicts"]["check"], checks);
    assert_eq!(
        report["missing_from_review"],
        serde_json::json!([deleted[id].clone()])
    );
    assert_eq!(report["not_in_original"], serde_json::json!([]));
    assert!(report["run_threshold_source"]
        .as_str()
        .unwrap()
        .contains("lowest score"));
    // Flagged rows count the original's rows, deleted one included.
    assert_eq!(report["at_run_threshold"]["flagged"], n);

    // The `'` prefix is gone from the exported text.
    let training = claimsift::dataset::read_tsv(&wd.path("extra.tsv"))
        .unwrap()
        .rows;
    let hyperlink = training
        .iter()
        .find(|r| r.text.contains("HYPERLINK"))
        .expect("payload row exported");
    assert!(hyperlink.text.starts_with("=HYPERLINK(\"http://x\",\"y\")"));
    assert!(hyperlink.label);

    // Without --against the same sheet also works.
    let report = review_json(&wd, &["reviewed.csv"]);
    assert_eq!(report["rows"], n - 1);
    assert!(report["missing_from_review"].is_null());
}

/// The reviewer columns of a sheet written before `claim_type`, `quantities` and
/// `attribution` existed (13 columns), and of one written after.
const OLD_COLUMNS: [&str; 13] = [
    "claim_id",
    "article",
    "title",
    "date",
    "sentence_index",
    "start",
    "end",
    "score",
    "sentence",
    "context_before",
    "context_after",
    "verdict",
    "notes",
];

#[test]
fn sheets_from_before_and_after_the_detail_columns_are_both_read() {
    let wd = articles("review-old-new");
    scan(&wd, &["-o", "new.csv"]);
    let (header, rows) = common::parse_csv(&wd.read("new.csv"));
    assert_eq!(header, common::COLUMNS);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let quantities: Vec<&str> = rows.iter().map(|r| r[col("quantities")].as_str()).collect();
    assert!(
        quantities.contains(&"12% | next year | Monday"),
        "{quantities:?}"
    );
    assert!(rows
        .iter()
        .any(|r| r[col("attribution")] == "the health agency"));

    // The same rows with verdicts, once in the new layout and once in the old one.
    let mut new_records = vec![header.clone()];
    let mut old_records = vec![OLD_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()];
    let mut checks = 0;
    for (i, row) in rows.iter().enumerate() {
        let mut row = row.clone();
        row[col("verdict")] = verdict_for(i).to_string();
        checks += usize::from(verdict_for(i).trim().eq_ignore_ascii_case("check"));
        old_records.push(OLD_COLUMNS.iter().map(|c| row[col(c)].clone()).collect());
        new_records.push(row);
    }
    write_excel_csv(&wd.path("reviewed-new.csv"), &new_records);
    write_excel_csv(&wd.path("reviewed-old.csv"), &old_records);

    // And the old layout as a workbook.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Claims").unwrap();
    for (r, record) in old_records.iter().enumerate() {
        for (c, value) in record.iter().enumerate() {
            let number = (r > 0 && OLD_COLUMNS[c] == "score")
                .then(|| value.parse::<f64>().ok())
                .flatten();
            match number {
                Some(n) => sheet.write_number(r as u32, c as u16, n).unwrap(),
                None => sheet.write_string(r as u32, c as u16, value).unwrap(),
            };
        }
    }
    workbook.save(wd.path("reviewed-old.xlsx")).unwrap();

    for sheet in ["reviewed-new.csv", "reviewed-old.csv", "reviewed-old.xlsx"] {
        let report = review_json(&wd, &[sheet, "--against", "new.csv"]);
        assert_eq!(report["rows"], rows.len(), "{sheet}");
        assert_eq!(report["verdicts"]["check"], checks, "{sheet}");
        assert_eq!(
            report["missing_from_review"],
            serde_json::json!([]),
            "{sheet}"
        );
    }
}

#[test]
fn too_few_reviewed_rows_gives_no_suggestion() {
    let wd = Workdir::new("review-few");
    wd.write(
        "r.csv",
        "claim_id,score,sentence,verdict\n\
         ab12cd-000,0.91,Prices rose 3%.,check\n\
         ab12cd-001,0.62,It rained.,not a claim\n\
         ab12cd-002,0.55,Jobs fell.,\n",
    );
    let out = wd.run(&["review", "r.csv"]);
    assert_success(&out);
    let text = stdout_of(&out);
    assert!(text.contains("rows: 3, reviewed: 2"), "{text}");
    assert!(text.contains("precision at 0.550: 0.500"), "{text}");
    assert!(text.contains("lowest score in the sheet"), "{text}");
    assert!(
        text.contains("suggested threshold: none — too few"),
        "{text}"
    );
}

#[test]
fn errors_name_the_file_and_exit_2() {
    let wd = Workdir::new("review-errors");
    wd.write("nocol.csv", "id,verdict\nab12cd-000,check\n");
    wd.write(
        "dup.csv",
        "claim_id,verdict\nab12cd-000,check\nab12cd-001,\nab12cd-000,not a claim\n",
    );
    wd.write("broken.xlsx", "this is not a workbook");
    for (file, message) in [
        ("nocol.csv", "nocol.csv: no `claim_id` column"),
        ("dup.csv", "dup.csv: claim_id ab12cd-000 appears twice"),
        ("broken.xlsx", "broken.xlsx: not a readable spreadsheet"),
        ("missing.csv", "missing.csv: cannot read"),
    ] {
        let out = wd.run(&["review", file]);
        assert_eq!(out.status.code(), Some(2), "{file}: {}", stderr_of(&out));
        let err = stderr_of(&out);
        assert!(err.contains(message), "{file}: {err}");
    }
}
