//! The 48 English "Golden Rules" of sentence segmentation (pragmatic_segmenter / pySBD), read
//! from `../shared/data/segmentation/golden_rules_en.json` when that checkout is present.
//!
//! Comparison: each produced sentence and each expected sentence has its whitespace runs folded
//! to one space (the caller shows sentences that way; a few inputs wrap lines), then they must be
//! equal, in order, with the same count.

#[path = "fixtures/split/check.rs"]
mod check;

use std::path::PathBuf;

#[test]
fn golden_rules() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/segmentation/golden_rules_en.json");
    let Ok(raw) = std::fs::read_to_string(&path) else {
        println!(
            "SKIP golden rules: {} not found (no ../shared checkout)",
            path.display()
        );
        return;
    };
    let rules: Vec<serde_json::Value> = serde_json::from_str(&raw).expect("golden rules JSON");
    let mut passed = 0;
    let mut failures = Vec::new();
    for rule in &rules {
        let id = rule["id"].as_u64().unwrap_or(0);
        let name = rule["name"].as_str().unwrap_or("");
        let input = rule["input"].as_str().expect("input");
        let expected: Vec<String> = rule["expected"]
            .as_array()
            .expect("expected[]")
            .iter()
            .map(|v| check::fold(v.as_str().expect("expected string")))
            .collect();
        let got = check::sentences(input);
        if got == expected {
            passed += 1;
        } else {
            failures.push(format!(
                "#{id} {name}\n  input:    {input:?}\n  expected: {expected:?}\n  got:      {got:?}"
            ));
        }
    }
    println!("golden rules: {passed}/{} passed", rules.len());
    for f in &failures {
        println!("FAIL {f}");
    }
    assert!(
        passed >= 47,
        "only {passed}/{} golden rules pass",
        rules.len()
    );
}
