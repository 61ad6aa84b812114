//! The pipeline with a scorer that is not a model: order, bounds and interruption.

use std::sync::atomic::AtomicBool;

use super::*;
use crate::ingest::{Found, WalkOptions};
use crate::model::Scored;

/// Calls a sentence a claim when it holds a digit; counts its calls.
#[derive(Default)]
struct DigitScorer {
    calls: Vec<usize>,
}

impl Scorer for DigitScorer {
    fn score(&mut self, inputs: &[ScoreInput]) -> Result<Vec<Scored>, ModelError> {
        self.calls.push(inputs.len());
        Ok(inputs
            .iter()
            .map(|i| Scored {
                score: if i.sentence.bytes().any(|b| b.is_ascii_digit()) {
                    0.9
                } else {
                    0.1
                },
                claim_type: Some("quantity".into()),
            })
            .collect())
    }
}

#[derive(Default)]
struct Collect {
    rows: Vec<(String, String, Option<String>)>,
    groups: Vec<String>,
    articles: Vec<ArticleSummary>,
}

impl RowSink for Collect {
    fn write_row(&mut self, row: &ClaimRow) -> std::io::Result<()> {
        self.rows.push((
            row.claim_id.clone(),
            row.sentence.clone(),
            row.claim_type.clone(),
        ));
        self.groups.push(row.group.clone());
        Ok(())
    }
    fn write_article(&mut self, summary: &ArticleSummary) -> std::io::Result<()> {
        self.articles.push(summary.clone());
        Ok(())
    }
    fn finish(self: Box<Self>) -> std::io::Result<()> {
        Ok(())
    }
}

fn corpus(n: usize) -> (tempfile::TempDir, Vec<Input>) {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        std::fs::write(
            dir.path().join(format!("a{i:02}.txt")),
            format!("Prices rose {i}% in May. The mayor was pleased. Nobody knows why."),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("bad.txt"), b"%PDF-1.7 not an article").unwrap();
    let inputs = list_inputs(&[dir.path().to_path_buf()], &[], &WalkOptions::default());
    (dir, inputs)
}

fn scan(inputs: &[Input], config: ScanConfig, start: StartPoint) -> (Collect, ScanSummary) {
    let mut scorer = DigitScorer::default();
    let mut sink = Collect::default();
    let summary = Scanner::new(config, &mut scorer)
        .run(
            inputs,
            start,
            &mut sink,
            None,
            &Silent,
            &AtomicBool::new(false),
        )
        .unwrap();
    (sink, summary)
}

#[test]
fn rows_come_in_input_order_whatever_the_windows_chunks_and_threads() {
    let (_dir, inputs) = corpus(9);
    let base = ScanConfig::new(0.5);
    let (expected, summary) = scan(&inputs, base, StartPoint::default());
    assert_eq!(expected.rows.len(), 9);
    assert_eq!(summary.totals.articles, 9);
    assert_eq!(summary.totals.failed, 1);
    assert!(!summary.interrupted);
    let small = ScanConfig {
        threads: 3,
        score_chunk: 2,
        window: WindowLimits {
            max_files: 2,
            max_bytes: 100,
        },
        ..base
    };
    let (got, _) = scan(&inputs, small, StartPoint::default());
    assert_eq!(got.rows, expected.rows);
    let paths = |c: &Collect| {
        c.articles
            .iter()
            .map(|a| a.path.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(paths(&got), paths(&expected));
}

#[test]
fn the_scorer_never_sees_more_than_a_chunk() {
    let (_dir, inputs) = corpus(5);
    let mut scorer = DigitScorer::default();
    let config = ScanConfig {
        score_chunk: 4,
        ..ScanConfig::new(0.5)
    };
    Scanner::new(config, &mut scorer)
        .run(
            &inputs,
            StartPoint::default(),
            &mut Collect::default(),
            None,
            &Silent,
            &AtomicBool::new(false),
        )
        .unwrap();
    assert!(scorer.calls.iter().all(|&n| n <= 4), "{:?}", scorer.calls);
    assert_eq!(scorer.calls.iter().sum::<usize>(), 15);
}

#[test]
fn all_rows_keeps_types_only_on_claims_and_a_skipped_file_keeps_its_place() {
    let (_dir, inputs) = corpus(2);
    let config = ScanConfig {
        all_rows: true,
        ..ScanConfig::new(0.5)
    };
    let (got, summary) = scan(&inputs, config, StartPoint::default());
    assert_eq!(got.rows.len(), 6);
    assert_eq!(summary.above_threshold, 2);
    for (_, sentence, claim_type) in &got.rows {
        let is_claim = sentence.bytes().any(|b| b.is_ascii_digit());
        assert_eq!(claim_type.is_some(), is_claim, "{sentence}");
    }
    assert!(got.articles[2].path.ends_with("bad.txt"));
    assert!(got.articles[2].error.is_some());
}

#[test]
fn a_resumed_run_writes_only_what_is_left() {
    let (_dir, inputs) = corpus(6);
    let (whole, whole_summary) = scan(&inputs, ScanConfig::new(0.5), StartPoint::default());
    let start = StartPoint {
        done: 4,
        totals: Totals {
            articles: 4,
            sentences: 12,
            claims: 4,
            failed: 0,
        },
        claims: Vec::new(),
    };
    let (rest, summary) = scan(&inputs, ScanConfig::new(0.5), start);
    assert_eq!(rest.rows, whole.rows[4..]);
    assert_eq!(summary.totals, whole_summary.totals);
    assert_eq!(summary.scored_here, 6);
}

/// Presses Ctrl-C once the first window is written.
struct InterruptAfterFirstWindow<'a>(&'a AtomicBool);

impl Progress for InterruptAfterFirstWindow<'_> {
    fn window_done(&self, _done: usize, _scored: usize) {
        self.0.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

#[test]
fn an_interrupted_run_stops_after_its_window_and_says_where() {
    let (_dir, inputs) = corpus(9);
    let mut scorer = DigitScorer::default();
    let config = ScanConfig {
        window: WindowLimits {
            max_files: 3,
            max_bytes: u64::MAX,
        },
        ..ScanConfig::new(0.5)
    };
    let mut sink = Collect::default();
    let flag = AtomicBool::new(false);
    let summary = Scanner::new(config, &mut scorer)
        .run(
            &inputs,
            StartPoint::default(),
            &mut sink,
            None,
            &InterruptAfterFirstWindow(&flag),
            &flag,
        )
        .unwrap();
    assert!(summary.interrupted);
    assert_eq!(summary.done, 3);
    assert_eq!(sink.articles.len(), 3);
    assert_eq!(sink.rows.len(), 3);
}

#[test]
fn scan_text_gives_the_claims_of_one_text() {
    let mut scorer = DigitScorer::default();
    let rows = Scanner::new(ScanConfig::new(0.5), &mut scorer)
        .scan_text("note.txt", "Unemployment rose 5% in May. It was sunny.")
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].sentence, "Unemployment rose 5% in May.");
    assert_eq!(rows[0].article, "note.txt");
}

#[test]
fn inputs_are_found_files_in_order_with_stdin_once() {
    let (dir, _) = corpus(2);
    let inputs = list_inputs(
        &["-".into(), dir.path().to_path_buf(), "-".into()],
        &[],
        &WalkOptions::default(),
    );
    assert!(matches!(inputs[0], Input::Stdin));
    let names: Vec<&str> = inputs[1..]
        .iter()
        .map(|i| match i {
            Input::File(Found { display, .. }) => display.as_str(),
            _ => "?",
        })
        .collect();
    assert_eq!(names, ["a00.txt", "a01.txt", "bad.txt"]);
}

#[test]
fn a_repeated_claim_joins_the_first_ones_group_also_after_a_resume() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        "Estimates ranged from 80,000 to 100,000 fighters, officials said.",
        "Estimates ranged from 80,000 to 100,000 fighters.",
        "Estimates ranged from 8,000 to 100,000 fighters, officials said.",
        "Officials said estimates ranged from 80,000 to 100,000 fighters.",
    ];
    for (i, text) in texts.iter().enumerate() {
        std::fs::write(dir.path().join(format!("g{i}.txt")), text).unwrap();
    }
    let inputs = list_inputs(&[dir.path().to_path_buf()], &[], &WalkOptions::default());
    let (whole, _) = scan(&inputs, ScanConfig::new(0.5), StartPoint::default());
    let ids: Vec<&str> = whole.rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(whole.groups, [ids[0], ids[0], ids[2], ids[0]]);

    let start = StartPoint {
        done: 2,
        totals: Totals::default(),
        claims: whole.rows[..2]
            .iter()
            .map(|r| (r.0.clone(), r.1.clone()))
            .collect(),
    };
    let (rest, _) = scan(&inputs, ScanConfig::new(0.5), start);
    assert_eq!(rest.groups, whole.groups[2..]);
}
