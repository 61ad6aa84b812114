//! The memory of reviewed claims: `review --remember`, `memory stats|list|forget|export|eval`,
//! and files that are not ours.

mod common;

use common::{assert_success, parse_csv, stderr_of, stdout_of, Workdir};

/// A reviewed sheet as a reviewer returns it: claim ids, sentences, verdicts, notes.
fn reviewed_sheet(wd: &Workdir) {
    wd.write(
        "reviewed.csv",
        "claim_id,article,title,date,score,sentence,verdict,notes\n\
         a1-001,wire/a.txt,Militias,2024-05-01,0.91,\"Estimates ranged from 80,000 to 100,000 fighters, according to a military spokesman.\",check,false: 60k\n\
         a1-002,wire/a.txt,Militias,2024-05-01,0.85,\"Unemployment fell to 3.9% in April, the lowest rate since 2000.\",check,\n\
         a1-003,wire/a.txt,Militias,2024-05-01,0.62,The minister is a good man.,not a claim,\n\
         a1-004,wire/a.txt,Militias,2024-05-01,0.55,The harbour reopened on Monday.,,\n\
         a1-005,wire/a.txt,Militias,2024-05-01,0.51,It rained a lot this spring.,not worth checking,\n",
    );
}

fn remember(wd: &Workdir) -> String {
    let out = wd.run(&["review", "reviewed.csv", "--remember", "--db", "mem.sqlite"]);
    assert_success(&out);
    stderr_of(&out)
}

#[test]
fn remembering_a_sheet_twice_changes_nothing() {
    let wd = Workdir::new("memory-idempotent");
    reviewed_sheet(&wd);
    let first = remember(&wd);
    assert!(first.contains("4 added, 0 updated, 0 unchanged"), "{first}");
    let bytes = std::fs::read(wd.path("mem.sqlite")).unwrap();
    let second = remember(&wd);
    assert!(
        second.contains("0 added, 0 updated, 4 unchanged"),
        "{second}"
    );

    let out = wd.run(&["memory", "stats", "--db", "mem.sqlite", "--format", "json"]);
    assert_success(&out);
    let stats: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(stats["claims"], 4);
    assert_eq!(stats["by_verdict"]["check"], 2);
    assert_eq!(stats["by_verdict"]["not a claim"], 1);
    // Same rows, same dates: an export before and after a re-import is identical.
    let export = |wd: &Workdir| {
        let out = wd.run(&["memory", "export", "--db", "mem.sqlite"]);
        assert_success(&out);
        stdout_of(&out)
    };
    let before = export(&wd);
    remember(&wd);
    assert_eq!(before, export(&wd));
    let (header, rows) = parse_csv(&before);
    assert_eq!(header[..4], ["claim_id", "text", "verdict", "notes"]);
    assert_eq!(rows.len(), 4);
    let a1 = rows.iter().find(|r| r[0] == "a1-001").unwrap();
    assert_eq!(
        (a1[2].as_str(), a1[3].as_str(), a1[4].as_str()),
        ("check", "false: 60k", "wire/a.txt")
    );
    assert!(a1[11].starts_with("embed-minilm@"), "{a1:?}");
    assert!(!bytes.is_empty());
}

#[test]
fn a_changed_verdict_updates_and_forget_removes() {
    let wd = Workdir::new("memory-update");
    reviewed_sheet(&wd);
    remember(&wd);
    let sheet = wd.read("reviewed.csv").replace(
        "The minister is a good man.,not a claim",
        "The minister is a good man.,not worth checking",
    );
    wd.write("reviewed.csv", sheet);
    let again = remember(&wd);
    assert!(again.contains("0 added, 1 updated, 3 unchanged"), "{again}");

    let out = wd.run(&[
        "memory",
        "list",
        "--db",
        "mem.sqlite",
        "--verdict",
        "Not_Worth checking",
    ]);
    assert_success(&out);
    assert_eq!(stdout_of(&out).lines().count(), 2, "{}", stdout_of(&out));

    let out = wd.run(&[
        "memory",
        "forget",
        "a1-003",
        "nope-000",
        "--db",
        "mem.sqlite",
    ]);
    assert_success(&out);
    assert!(
        stderr_of(&out).contains("forgot 1 claims"),
        "{}",
        stderr_of(&out)
    );
    let out = wd.run(&[
        "memory",
        "forget",
        "--before",
        "2999-01-01",
        "--db",
        "mem.sqlite",
    ]);
    assert_success(&out);
    assert!(
        stderr_of(&out).contains("forgot 3 claims"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn foreign_and_corrupt_files_are_refused_and_left_alone() {
    let wd = Workdir::new("memory-foreign");
    reviewed_sheet(&wd);
    {
        let conn = rusqlite::Connection::open(wd.path("other.sqlite")).unwrap();
        conn.execute_batch("CREATE TABLE invoices(id INTEGER); INSERT INTO invoices VALUES (7);")
            .unwrap();
    }
    let garbage = b"this is not a database, it is a shopping list\n".repeat(200);
    wd.write("corrupt.sqlite", &garbage);
    let foreign_bytes = std::fs::read(wd.path("other.sqlite")).unwrap();

    for (file, expect) in [
        ("other.sqlite", "not a claimsift memory"),
        ("corrupt.sqlite", "not a readable claimsift memory"),
    ] {
        for args in [
            vec!["review", "reviewed.csv", "--remember", "--db", file],
            vec!["memory", "stats", "--db", file],
        ] {
            let out = wd.run(&args);
            assert!(!out.status.success(), "{args:?} succeeded");
            let err = stderr_of(&out);
            assert!(
                err.contains(file) && err.contains(expect),
                "{args:?}: {err}"
            );
        }
    }
    assert_eq!(
        std::fs::read(wd.path("other.sqlite")).unwrap(),
        foreign_bytes
    );
    assert_eq!(std::fs::read(wd.path("corrupt.sqlite")).unwrap(), garbage);
}

#[test]
fn a_memory_from_a_newer_claimsift_is_refused() {
    let wd = Workdir::new("memory-newer");
    reviewed_sheet(&wd);
    remember(&wd);
    {
        let conn = rusqlite::Connection::open(wd.path("mem.sqlite")).unwrap();
        conn.execute_batch("PRAGMA user_version = 99;").unwrap();
    }
    let out = wd.run(&["memory", "stats", "--db", "mem.sqlite"]);
    assert!(!out.status.success());
    assert!(
        stderr_of(&out).contains("newer claimsift (schema version 99"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_missing_memory_is_reported_not_created() {
    let wd = Workdir::new("memory-missing");
    let out = wd.run(&["memory", "stats", "--db", "nowhere/mem.sqlite"]);
    assert!(!out.status.success());
    assert!(
        stderr_of(&out).contains("no memory there yet"),
        "{}",
        stderr_of(&out)
    );
    assert!(!wd.path("nowhere").exists());
}

/// A tiny collection in the CT21 2B layout, written for this test.
fn tiny_task(wd: &Workdir) {
    wd.write(
        "task/vclaims.tsv",
        "vclaim_id\ttitle\tvclaim\tspeaker\tclaim_date\tfactcheck_date\ttruth_label\tstated\turl\n\
         v1\tJobs\tUnemployment fell to 3.9% in April, the lowest since 2000.\tX\t2018-05-01\t2018-05-03\ttrue\t-\t-\n\
         v2\tBridge\tThe new bridge cost 85 million euros.\tY\t2019-01-01\t2019-01-05\tfalse\t-\t-\n\
         v3\tMilitia\tMilitia units numbered up to 100,000 fighters.\tZ\t2020-02-01\t2020-02-03\thalf-true\t-\t-\n\
         v4\tSchools\tThe city spends 12% more on schools this year.\tW\t2021-03-01\t2021-03-02\ttrue\t-\t-\n",
    );
    let queries = "query_id\ttext\tspeaker\tdebate_date\ttranscript\ttranscript_line\tcontext_before\tcontext_after\n";
    wd.write(
        "task/queries_train.tsv",
        format!(
            "{queries}t1\tThe bridge cost us 85 million euros!\tA\t2020-01-01\t-\t1\t-\t-\n\
                 t2\tWe spend 12% more on our schools.\tB\t2022-01-01\t-\t2\t-\t-\n"
        ),
    );
    wd.write(
        "task/queries_dev.tsv",
        format!("{queries}d1\tUnemployment is down to 3.9%, the lowest since 2000.\tA\t2019-01-01\t-\t1\t-\t-\n\
                 d2\tThose militias had 100,000 fighters.\tB\t2019-06-01\t-\t2\t-\t-\n"),
    );
    wd.write(
        "task/qrels_train.tsv",
        "query_id\tvclaim_id\nt1\tv2\nt2\tv4\n",
    );
    wd.write(
        "task/qrels_dev.tsv",
        "query_id\tvclaim_id\nd1\tv1\nd2\tv3\n",
    );
}

#[test]
fn eval_scores_rankings_and_the_date_cut_decision() {
    let wd = Workdir::new("memory-eval");
    tiny_task(&wd);
    let out = wd.run(&[
        "memory",
        "eval",
        "--data",
        "task",
        "--db",
        "eval.sqlite",
        "--format",
        "json",
    ]);
    assert_success(&out);
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(report["fact_checks"], 4);
    assert_eq!(report["dev"]["queries"], 2);
    assert_eq!(report["dev"]["p_at_1"], 1.0, "{report}");
    assert_eq!(report["dev"]["map_at_5"], 1.0);
    // d2's fact-check was published after the debate: only d1 is answerable once cut.
    assert_eq!(report["dev_decision"]["answerable"], 1, "{report}");
    // The second run takes every vector from the cache.
    let out = wd.run(&["memory", "eval", "--data", "task", "--db", "eval.sqlite"]);
    assert_success(&out);
    assert!(
        stderr_of(&out).contains("0 embedded now, 4 cached"),
        "{}",
        stderr_of(&out)
    );
    assert!(
        stdout_of(&out).contains("MAP@5 1.000"),
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn eval_on_ct21_2b_when_shared_data_is_present() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/claim_matching/ct21_2b");
    if !dir.join("vclaims.tsv").is_file() || std::env::var_os("CLAIMSIFT_SLOW_TESTS").is_none() {
        eprintln!(
            "skipped: needs ../shared and CLAIMSIFT_SLOW_TESTS=1 (embeds 19,250 fact-checks)"
        );
        return;
    }
    let wd = Workdir::new("memory-ct21");
    let data = dir.to_string_lossy().into_owned();
    let out = wd.run(&["memory", "eval", "--data", &data, "--format", "json"]);
    assert_success(&out);
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert!(
        report["dev"]["map_at_5"].as_f64().unwrap() >= 0.45, // the target; measured 0.487
        "{report}"
    );
}

#[test]
fn scan_reports_remembered_claims_and_only_those() {
    let wd = Workdir::new("memory-scan");
    reviewed_sheet(&wd);
    remember(&wd);
    wd.write(
        "week2/follow-up.txt",
        "Militia strength\n\nEstimates ranged from 80,000 to 100,000 fighters, according to a \
         military spokesman. Estimates ranged from 8,000 to 10,000 fighters in the north, the \
         governor said. Exports of wheat fell 12% in March, the customs office said.\n",
    );
    let scan = |extra: &[&str]| {
        let mut args = vec![
            "scan",
            "week2",
            "-q",
            "--threshold",
            "0.05",
            "-o",
            "out.csv",
        ];
        args.extend_from_slice(extra);
        let out = wd.run(&args);
        assert_success(&out);
        parse_csv(&wd.read("out.csv"))
    };
    let (header, rows) = scan(&["--db", "mem.sqlite"]);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = |needle: &str| {
        rows.iter()
            .find(|r| r[col("sentence")].contains(needle))
            .unwrap_or_else(|| panic!("no row with {needle}: {rows:?}"))
    };
    let same = row("80,000 to 100,000");
    assert_eq!(same[col("seen_verdict")], "check");
    assert!(same[col("seen_claim")].starts_with("Estimates ranged from 80,000"));
    assert!(!same[col("seen_date")].is_empty());
    let similarity: f64 = same[col("similarity")].parse().unwrap();
    assert!((0.9..=1.0).contains(&similarity), "{similarity}");
    // Other figures, another claim: not reported as seen.
    for other in ["8,000 to 10,000", "wheat"] {
        let r = row(other);
        assert_eq!(r[col("seen_verdict")], "", "{r:?}");
        assert_eq!(r[col("similarity")], "", "{r:?}");
    }

    // --no-memory leaves the columns empty; the default memory is used when it exists.
    let (_, rows) = scan(&["--no-memory"]);
    assert!(rows.iter().all(|r| r[col("seen_verdict")].is_empty()));
    std::fs::copy(wd.path("mem.sqlite"), wd.path("memory.sqlite")).unwrap();
    let (_, rows) = scan(&[]);
    assert!(rows.iter().any(|r| r[col("seen_verdict")] == "check"));
    // A --db that is not there is an error, not a new empty memory.
    let out = wd.run(&["scan", "week2", "-q", "--db", "none.sqlite"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("none.sqlite: no memory there"));
    assert!(!wd.path("none.sqlite").exists());
}
