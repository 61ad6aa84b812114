//! The 48 English "Golden Rules" of sentence segmentation (pragmatic_segmenter / pySBD), read
//! from `../shared/data/segmentation/golden_rules_en.json` when that checkout is present, run
//! the way a user runs them: each input written to a `.txt` file and split by the built binary
//! (`claimsift split --format jsonl`), so the plain-text reader and its cleaning are part of
//! the test.
//!
//! Comparison: the `text` fields printed (whitespace runs already folded to one space) against
//! the expected sentences with their whitespace runs folded the same way (a few inputs wrap
//! lines): equal, in order, with the same count.

#[path = "fixtures/split/product.rs"]
mod product;

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn golden_rules_through_the_binary() {
    let path = product::shared_dir().join("data/segmentation/golden_rules_en.json");
    let Ok(raw) = std::fs::read_to_string(&path) else {
        println!(
            "SKIP golden rules: {} not found (no ../shared checkout)",
            path.display()
        );
        return;
    };
    let rules: Vec<serde_json::Value> = serde_json::from_str(&raw).expect("golden rules JSON");
    let dir = product::scratch("golden");
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
            .map(|v| fold(v.as_str().expect("expected string")))
            .collect();
        let got = product::texts(&product::split_text(
            dir.path(),
            &format!("rule{id}.txt"),
            input,
        ));
        if got == expected {
            passed += 1;
        } else {
            failures.push(format!(
                "#{id} {name}\n  input:    {input:?}\n  expected: {expected:?}\n  got:      {got:?}"
            ));
        }
    }
    println!(
        "golden rules through the binary: {passed}/{} passed",
        rules.len()
    );
    for f in &failures {
        println!("FAIL {f}");
    }
    assert!(
        failures.is_empty(),
        "only {passed}/{} golden rules pass",
        rules.len()
    );
}
