//! `claimsift eval --details`: claim details scored against gold columns, through the binary.

mod common;

use common::{assert_success, stdout_of, Workdir};

const GOLD: &str = "id\ttext\tlabel\ttype\tquantities\tattribution\n\
    a\tPMU units numbered up to 100,000 fighters, according to US military estimates.\t1\tquantity\t100,000 fighters\tUS military estimates\n\
    b\tPolice said 40 people were arrested on Monday.\t1\tevent\t40 people|Monday\tPolice\n\
    c\tThe council met in 2019.\t1\tevent\t2019|the council\t\n\
    d\tHave a nice day.\t0\t\t\t\n";

#[test]
fn details_are_scored_on_gold_positives() {
    let wd = Workdir::new("eval-details");
    wd.write("gold.tsv", GOLD);
    let out = wd.run(&["eval", "--data", "gold.tsv", "--details"]);
    assert_success(&out);
    let text = stdout_of(&out);
    assert!(text.contains("details on gold positives (3)"), "{text}");
    // The shipped model has a type head: its types are scored on the 3 gold positives.
    assert!(text.contains("claim_type         accuracy"), "{text}");
    assert!(text.contains("of 3)"), "{text}");
    // 4 of 5 gold quantities found ("the council" has no number), no false alarm.
    assert!(
        text.contains("precision 1.0000  recall 0.8000")
            && text.contains("4 matched, 4 predicted, 5 gold"),
        "{text}"
    );
    assert!(text.contains("2 matched, 2 predicted, 2 gold"), "{text}");

    let out = wd.run(&[
        "eval",
        "--data",
        "gold.tsv",
        "--details",
        "--format",
        "json",
    ]);
    assert_success(&out);
    let value: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(value["details"]["quantities"]["matched"], 4);
    assert_eq!(value["details"]["attribution"]["f1"], 1.0);
    assert_eq!(value["details"]["claim_type"]["n"], 3);
    assert!(value["f1"].is_number(), "the usual metrics stay: {value}");
}

#[test]
fn details_from_a_separate_file_must_name_known_ids() {
    let wd = Workdir::new("eval-details-gold");
    wd.write("texts.tsv", "id\ttext\tlabel\nx\tIt cost $5.\t1\n");
    wd.write(
        "details.tsv",
        "id\tclass\tlabel\ttype\tquantities\tattribution\nx\tCFS\t1\tquantity\t$5\t\n",
    );
    let out = wd.run(&[
        "eval",
        "--data",
        "texts.tsv",
        "--details-gold",
        "details.tsv",
    ]);
    assert_success(&out);
    assert!(stdout_of(&out).contains("1 matched, 1 predicted, 1 gold"));

    wd.write(
        "details.tsv",
        "id\tclass\tlabel\ttype\tquantities\tattribution\ny\tCFS\t1\tquantity\t$5\t\n",
    );
    let out = wd.run(&[
        "eval",
        "--data",
        "texts.tsv",
        "--details-gold",
        "details.tsv",
    ]);
    // The unknown id is said, with its file and line, and left out; the figures still come.
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("details.tsv:2")
            && stderr.contains("\"y\"")
            && stderr.contains("row skipped"),
        "{stderr}"
    );
    assert!(stdout_of(&out).contains("details on gold positives (0)"));
}

#[test]
fn unreadable_rows_are_named_and_skipped_and_the_rest_is_scored() {
    let wd = Workdir::new("eval-bad-rows");
    wd.write(
        "mixed.tsv",
        "id\ttext\tlabel\n\
         1\tUnemployment rose to 7.8% in March.\t1\n\
         2\tA tab\tinside the text.\t0\n\
         3\tThe mayor said the bridge cost $4 million.\tmaybe\n\
         4\tHave a nice day.\t0\n",
    );
    let out = wd.run(&["eval", "--data", "mixed.tsv", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "rows were left out: a partial run"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("mixed.tsv:3: expected 3 tab-separated fields, found 4"),
        "{stderr}"
    );
    assert!(
        stderr.contains("mixed.tsv:4: label must be 1 or 0"),
        "{stderr}"
    );
    let value: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(value["n"], 2);
    assert_eq!(value["rows_skipped"], 2);

    // The CheckThat! originals' header names are read as they are.
    wd.write(
        "ct.tsv",
        "Sentence_id\tText\tclass_label\n7\tTaxes rose 4% last year.\tYes\n8\tThank you all.\tNo\n",
    );
    let out = wd.run(&["eval", "--data", "ct.tsv", "--format", "json"]);
    assert_success(&out);
    let value: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(
        (value["n"].as_u64(), value["positives"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(value["rows_skipped"], 0);
}

#[test]
fn details_only_scores_the_extractors_without_a_model() {
    let wd = Workdir::new("eval-details-only");
    wd.write("gold.tsv", GOLD);
    // A model directory that does not exist: --details-only never loads it.
    let out = wd.run(&[
        "eval",
        "--data",
        "gold.tsv",
        "--details-only",
        "--model",
        "no-such-model",
    ]);
    assert_success(&out);
    let text = stdout_of(&out);
    assert!(text.contains("details on gold positives (3)"), "{text}");
    assert!(text.contains("claim_type         not scored"), "{text}");
    assert!(text.contains("4 matched, 4 predicted, 5 gold"), "{text}");
    assert!(!text.contains("average_precision"), "{text}");

    let out = wd.run(&[
        "eval",
        "--data",
        "gold.tsv",
        "--details-only",
        "--format",
        "json",
        "--model",
        "no-such-model",
    ]);
    assert_success(&out);
    let value: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(value["details"]["quantities"]["matched"], 4);
    assert_eq!(value["details"]["attribution"]["f1"], 1.0);
    assert!(value["details"]["claim_type"].is_null(), "{value}");
    assert!(value.get("f1").is_none(), "no model metrics: {value}");

    // A file without positives has nothing to score.
    wd.write(
        "none.tsv",
        "id\ttext\tlabel\ttype\tquantities\tattribution\nx\tHello.\t0\t\t\t\n",
    );
    let out = wd.run(&["eval", "--data", "none.tsv", "--details-only"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no gold positives"));
}
