//! End-to-end runs of `claimsift scan` on fixture folders.

mod common;

use common::{assert_success, char_slice, col, parse_csv, stderr_of, stdout_of, Workdir, COLUMNS};

fn column(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).expect(name)
}

fn scan_fixture(wd: &Workdir, extra: &[&str]) -> String {
    wd.copy_tree("tests/fixtures/scan", "in");
    let mut args = vec!["scan", "in"];
    args.extend_from_slice(extra);
    let out = wd.run(&args);
    assert_success(&out);
    stdout_of(&out)
}

#[test]
fn header_has_the_documented_columns_in_order() {
    let wd = Workdir::new("scan_columns");
    let (header, rows) = parse_csv(&scan_fixture(&wd, &["--all"]));
    assert_eq!(header, COLUMNS);
    assert!(rows.iter().all(|r| r.len() == COLUMNS.len()));
    let articles: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    let mut sorted = articles.clone();
    sorted.sort();
    assert_eq!(articles, sorted, "rows ordered by article path");
    let txt: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[1] == "news/port-strike.txt")
        .collect();
    assert_eq!(txt[0][2], "Dockworkers end strike after pay deal");
    assert_eq!(txt[0][3], "2024-02-09");
    let indexes: Vec<usize> = txt.iter().map(|r| r[4].parse().unwrap()).collect();
    assert_eq!(indexes, (0..indexes.len()).collect::<Vec<_>>());
}

#[test]
fn offsets_point_at_the_sentence_in_the_original_file() {
    let wd = Workdir::new("scan_offsets");
    let (header, rows) = parse_csv(&scan_fixture(&wd, &["--all"]));
    let (start, end, sentence) = (
        column(&header, "start"),
        column(&header, "end"),
        column(&header, "sentence"),
    );
    for row in rows.iter().filter(|r| r[1].ends_with(".txt")) {
        let original = wd.read(&format!("in/{}", row[1]));
        let s: usize = row[start].parse().unwrap();
        let e: usize = row[end].parse().unwrap();
        assert_eq!(char_slice(&original, s, e), row[sentence], "row {row:?}");
    }
    // Markdown: the heading marker is not part of the sentence, but the offsets skip it.
    let md = rows.iter().find(|r| r[1] == "news/budget.md").unwrap();
    let original = wd.read("in/news/budget.md");
    let s: usize = md[start].parse().unwrap();
    let e: usize = md[end].parse().unwrap();
    assert_eq!(char_slice(&original, s, e), "City council approves budget");
}

#[test]
fn claims_are_flagged_and_pleasantries_are_not() {
    let wd = Workdir::new("scan_claims");
    let (header, rows) = parse_csv(&scan_fixture(&wd, &[]));
    let sentence = column(&header, "sentence");
    let flagged: Vec<&str> = rows.iter().map(|r| r[sentence].as_str()).collect();
    assert!(
        flagged
            .iter()
            .any(|s| s.starts_with("Union members voted 83% in favour")),
        "attributed statistic missing from {flagged:#?}"
    );
    assert!(
        flagged
            .iter()
            .any(|s| s.starts_with("The council approved a budget of $1.2 billion")),
        "budget figure missing from {flagged:#?}"
    );
    for absent in ["Thank you all", "What a relief", "I hope everyone"] {
        assert!(
            !flagged.iter().any(|s| s.starts_with(absent)),
            "{absent:?} should not be flagged: {flagged:#?}"
        );
    }
    let score = column(&header, "score");
    for row in &rows {
        let s: f64 = row[score].parse().unwrap();
        assert!((0.0..=1.0).contains(&s) && row[score].len() == 5, "{row:?}");
    }
}

#[test]
fn two_runs_and_thread_counts_give_identical_bytes() {
    let wd = Workdir::new("scan_stable");
    let first = scan_fixture(&wd, &["--all", "--threads", "1"]);
    let second = wd.run(&["scan", "in", "--all", "--threads", "2"]);
    assert_success(&second);
    assert_eq!(first, stdout_of(&second));
    let (_, rows) = parse_csv(&first);
    let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "claim ids are unique");
    assert!(ids
        .iter()
        .all(|id| id.len() == 14 && id.as_bytes()[10] == b'-'));
}

#[test]
fn a_bad_file_is_reported_and_skipped() {
    let wd = Workdir::new("scan_bad_file");
    wd.copy_tree("tests/fixtures/scan", "in");
    wd.write(
        "in/broken.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
    );
    let out = wd.run(&["scan", "in", "--all", "-o", "claims.csv"]);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr_of(&out));
    let stderr = stderr_of(&out);
    assert!(stderr.contains("broken.txt"), "{stderr}");
    assert!(stderr.contains("1 files failed"), "{stderr}");
    let (_, rows) = parse_csv(&wd.read("claims.csv"));
    assert!(rows.iter().any(|r| r[1] == "news/port-strike.txt"));
    assert!(!rows.iter().any(|r| r[1] == "broken.txt"));
}

#[test]
fn reads_stdin_and_writes_stdout() {
    let wd = Workdir::new("scan_stdin");
    let article =
        "Exports rose 12% in the first quarter, the trade ministry said.\n\nHave a good day.\n";
    let out = wd.run_with_stdin(&["scan", "-", "--all", "-o", "-"], article.as_bytes());
    assert_success(&out);
    let (_, rows) = parse_csv(&stdout_of(&out));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][1], "<stdin>");
    assert_eq!(
        rows[0][col("sentence")],
        "Exports rose 12% in the first quarter, the trade ministry said."
    );
    // The claim details of a flagged sentence, in their own columns.
    assert_eq!(rows[0][col("quantities")], "12%");
    assert_eq!(rows[0][col("attribution")], "the trade ministry");
    assert_eq!(rows[1][col("quantities")], "");
    assert_eq!(
        char_slice(
            article,
            rows[0][col("start")].parse().unwrap(),
            rows[0][col("end")].parse().unwrap()
        ),
        rows[0][col("sentence")]
    );
}

#[test]
fn output_file_is_written_whole() {
    let wd = Workdir::new("scan_output_file");
    wd.copy_tree("tests/fixtures/scan", "in");
    let out = wd.run(&["scan", "in", "-o", "out/claims.csv"]);
    // The destination folder must exist: the error names it.
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("out/claims.csv"),
        "{}",
        stderr_of(&out)
    );
    std::fs::create_dir(wd.path("out")).unwrap();
    let out = wd.run(&["scan", "in", "-o", "out/claims.csv"]);
    assert_success(&out);
    let names: Vec<String> = std::fs::read_dir(wd.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["claims.csv".to_string()],
        "no temporary file left"
    );
    let summary = stderr_of(&out);
    assert!(summary.contains("2 articles"), "{summary}");
}

#[test]
fn missing_model_is_a_clear_error() {
    let wd = Workdir::new("scan_no_model");
    wd.write("a.txt", "Prices rose 3% last year.");
    let out = wd.run(&["scan", "a.txt", "--model", "no-such-model"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains("no-such-model") && stderr.contains("--model"),
        "{stderr}"
    );
}
