//! sentencex's own English test cases (copied to `tests/fixtures/split/sentencex_en.txt`) must
//! still pass with our splitter, compared the way sentencex's runner compares them: cases are
//! separated by `===`, input and expected by `---`, `#` lines are comments, and both sides have
//! whitespace runs folded to one space (so a wrapped line in the input is fine).

#[path = "fixtures/split/check.rs"]
mod check;

/// Cases where our documented quotation policy (src/text/split/mod.rs: one sentence per quoted
/// sentence) deliberately differs from sentencex's (a quotation is one unit): input, and what
/// we give instead.
const POLICY_DIFFERENCES: &[(&str, &[&str])] = &[(
    "\"How many? I don't know.\"",
    &["\"How many?", "I don't know.\""],
)];

#[test]
fn sentencex_english_cases() {
    let raw = include_str!("fixtures/split/sentencex_en.txt").replace("\r\n", "\n");
    let mut total = 0;
    let mut failures = Vec::new();
    for case in raw.split("===") {
        let cleaned: String = case
            .lines()
            .filter(|line| !line.trim_start().starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        let cleaned = cleaned.trim();
        if cleaned.is_empty() {
            continue;
        }
        let parts: Vec<&str> = cleaned
            .split("---")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() != 2 {
            continue; // sentencex skips malformed cases too
        }
        total += 1;
        let input = parts[0];
        let expected: Vec<String> = parts[1]
            .lines()
            .map(check::fold)
            .filter(|s| !s.is_empty())
            .collect();
        let expected = match POLICY_DIFFERENCES.iter().find(|(i, _)| *i == input) {
            Some((_, ours)) => ours.iter().map(|s| s.to_string()).collect(),
            None => expected,
        };
        let got = check::sentences(input);
        if got != expected {
            failures.push(format!(
                "input:    {input:?}\n  expected: {expected:?}\n  got:      {got:?}"
            ));
        }
    }
    println!(
        "sentencex en.txt: {}/{total} passed",
        total - failures.len()
    );
    for f in &failures {
        println!("FAIL {f}");
    }
    assert!(
        failures.is_empty(),
        "{} of {total} sentencex cases fail",
        failures.len()
    );
}
