//! How well the claim details (type, quantities, attribution) match hand-labelled gold.
//!
//! Gold comes from a TSV with `type`, `quantities` and `attribution` columns (phrases as
//! written, `|`-separated), as in the news_articles data; only gold positives (label 1) carry
//! details, so only they are scored, whatever the model's score for them.
//!
//! Matching rules, one-to-one and greedy in sentence order:
//! - a gold phrase is located in the sentence by exact search, as whole words (left to right,
//!   each phrase after the previous one where possible; "he" is not found inside "The" while
//!   the word "he" is there); a phrase that cannot be found stays unmatched;
//! - a predicted quantity matches a gold one when their character spans overlap AND they share
//!   a number token: digits (thousands separators ignored), a number word ("two", "dozen",
//!   "thousands", "third", "half", "twice"), or, in a phrase without either, a word of date or
//!   time (a month, a weekday, "yesterday", "year", "week", "hour", "fortnight", ...);
//! - a predicted attribution matches a gold one when their character spans overlap.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use super::kind::parse_claim_type;
use super::words::{is_month, is_weekday};
use super::{attribution, quantity};
use crate::dataset::{self, DatasetError, RowProblem};

/// One gold positive with its details.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldDetails {
    pub id: String,
    pub text: String,
    pub claim_type: Option<&'static str>,
    pub quantities: Vec<String>,
    pub attributions: Vec<String>,
}

/// Reads gold details. `data` has `id`, `text` and `label`; the detail columns (`type`,
/// `quantities`, `attribution`) are read from `details` joined on `id` when given, otherwise
/// from `data` itself. Only label-1 rows are returned, with the rows of either file that had
/// to be left out (each names its file and line).
pub fn read_gold(
    data: &Path,
    details: Option<&Path>,
) -> Result<(Vec<GoldDetails>, Vec<RowProblem>), DatasetError> {
    const DETAILS: [&str; 5] = ["id", "label", "type", "quantities", "attribution"];
    let (mut gold, mut texts) = match details {
        Some(path) => (
            dataset::read_table(path, &DETAILS)?,
            Some(dataset::read_table(data, &["id", "text", "label"])?),
        ),
        // One file holds both: read once, its text column beside the details.
        None => (
            dataset::read_table(data, &[&DETAILS[..], &["text"]].concat())?,
            None,
        ),
    };
    let mut skipped = std::mem::take(&mut gold.skipped);
    if let Some(texts) = &mut texts {
        skipped.append(&mut texts.skipped);
    }
    let text_by_id: Option<HashMap<&str, &str>> = texts.as_ref().map(|texts| {
        texts
            .rows
            .iter()
            .map(|(_, f)| (f[texts.columns[0]].trim(), f[texts.columns[1]].trim()))
            .collect()
    });
    let [id_col, label_col, type_col, quantities_col, attribution_col] = gold.columns[..5] else {
        unreachable!("five detail columns were asked for");
    };
    let own_text_col = gold.columns.get(5).copied();
    let split = |field: &str| -> Vec<String> {
        field
            .split('|')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut out = Vec::new();
    for (line, fields) in &gold.rows {
        let row = (|| {
            if !dataset::label_of(&fields[label_col])? {
                return Ok(None);
            }
            let id = fields[id_col].trim();
            let text = match (&text_by_id, own_text_col) {
                (Some(text_by_id), _) => *text_by_id
                    .get(id)
                    .ok_or_else(|| format!("id {id:?} is not in {}", data.display()))?,
                (None, Some(col)) => fields[col].trim(),
                (None, None) => unreachable!("the text column was asked for"),
            };
            let type_field = fields[type_col].trim();
            let claim_type = if type_field.is_empty() {
                None
            } else {
                Some(
                    parse_claim_type(type_field)
                        .ok_or_else(|| format!("unknown claim type {type_field:?}"))?,
                )
            };
            Ok(Some(GoldDetails {
                id: id.to_string(),
                text: text.to_string(),
                claim_type,
                quantities: split(&fields[quantities_col]),
                attributions: split(&fields[attribution_col]),
            }))
        })();
        match row {
            Ok(Some(row)) => out.push(row),
            Ok(None) => {}
            Err(problem) => skipped.push(gold.row_problem(*line, problem)),
        }
    }
    Ok((out, skipped))
}

/// Precision, recall and F1 of phrase matching.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct SpanScores {
    pub predicted: usize,
    pub gold: usize,
    pub matched: usize,
    /// Gold phrases that are not in their sentence as written (they count as missed).
    pub gold_not_found: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl SpanScores {
    fn add(&mut self, other: SpanScores) {
        self.predicted += other.predicted;
        self.gold += other.gold;
        self.matched += other.matched;
        self.gold_not_found += other.gold_not_found;
    }

    fn finish(mut self) -> Self {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        self.precision = ratio(self.matched, self.predicted);
        self.recall = ratio(self.matched, self.gold);
        self.f1 = if self.precision + self.recall == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        };
        self
    }
}

/// Type accuracy on gold positives that have a type.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TypeScores {
    pub n: usize,
    pub correct: usize,
    pub accuracy: f64,
    /// Per gold type: (n, correct).
    pub by_type: BTreeMap<String, (usize, usize)>,
}

/// Everything `claimsift eval --details` reports.
#[derive(Debug, Clone, Serialize)]
pub struct DetailsReport {
    pub positives: usize,
    /// `None` when the model has no type head.
    pub claim_type: Option<TypeScores>,
    pub quantities: SpanScores,
    pub attribution: SpanScores,
}

/// Scores the extractors on `gold`; `predicted_types[i]` is the model's type for `gold[i]`.
pub fn evaluate(gold: &[GoldDetails], predicted_types: Option<&[&str]>) -> DetailsReport {
    let mut quantities = SpanScores::default();
    let mut attribution = SpanScores::default();
    for g in gold {
        quantities.add(score_quantities(g).0);
        attribution.add(score_attribution(g).0);
    }
    let claim_type = predicted_types.map(|types| {
        let mut scores = TypeScores::default();
        for (g, predicted) in gold.iter().zip(types) {
            let Some(want) = g.claim_type else { continue };
            let entry = scores.by_type.entry(want.to_string()).or_default();
            entry.0 += 1;
            scores.n += 1;
            if *predicted == want {
                entry.1 += 1;
                scores.correct += 1;
            }
        }
        scores.accuracy = if scores.n == 0 {
            0.0
        } else {
            scores.correct as f64 / scores.n as f64
        };
        scores
    });
    DetailsReport {
        positives: gold.len(),
        claim_type,
        quantities: quantities.finish(),
        attribution: attribution.finish(),
    }
}

fn score_quantities(g: &GoldDetails) -> (SpanScores, Vec<String>) {
    let predicted: Vec<(usize, usize, String)> = quantity::quantities(&g.text)
        .into_iter()
        .map(|q| (q.start, q.end, q.text))
        .collect();
    let scores = match_spans(&g.text, &predicted, &g.quantities, share_a_number);
    (scores, predicted.into_iter().map(|p| p.2).collect())
}

/// Whether two quantity phrases name the same figure: they share a number token.
fn share_a_number(predicted: &str, gold: &str) -> bool {
    let (a, b) = (number_tokens(predicted), number_tokens(gold));
    a.iter().any(|t| b.contains(t))
}

fn score_attribution(g: &GoldDetails) -> (SpanScores, Vec<String>) {
    let predicted: Vec<(usize, usize, String)> = attribution::attributions(&g.text)
        .into_iter()
        .map(|a| (a.start, a.end, a.text))
        .collect();
    let scores = match_spans(&g.text, &predicted, &g.attributions, |_, _| true);
    (scores, predicted.into_iter().map(|p| p.2).collect())
}

/// One-to-one greedy matching of predicted spans to gold phrases located in `text`.
fn match_spans(
    text: &str,
    predicted: &[(usize, usize, String)],
    gold: &[String],
    compatible: impl Fn(&str, &str) -> bool,
) -> SpanScores {
    match_pairs(text, predicted, gold, compatible).0
}

/// [`match_spans`], with which predicted spans and which gold phrases found a partner.
fn match_pairs(
    text: &str,
    predicted: &[(usize, usize, String)],
    gold: &[String],
    compatible: impl Fn(&str, &str) -> bool,
) -> (SpanScores, Vec<bool>, Vec<bool>) {
    let located = locate(text, gold);
    let mut used = vec![false; predicted.len()];
    let mut found = vec![false; gold.len()];
    let mut scores = SpanScores {
        predicted: predicted.len(),
        gold: gold.len(),
        ..SpanScores::default()
    };
    for (g, (phrase, span)) in gold.iter().zip(&located).enumerate() {
        let Some((gs, ge)) = *span else {
            scores.gold_not_found += 1;
            continue;
        };
        let hit = predicted.iter().enumerate().position(|(i, (ps, pe, pt))| {
            !used[i] && *ps < ge && gs < *pe && compatible(pt, phrase)
        });
        if let Some(i) = hit {
            used[i] = true;
            found[g] = true;
            scores.matched += 1;
        }
    }
    (scores, used, found)
}

/// Character spans of `phrases` in `text`, searched left to right. A phrase is a run of whole
/// words, so an occurrence inside a longer word ("he" in "The", "2" in "2012") is passed over
/// while a whole-word one exists.
fn locate(text: &str, phrases: &[String]) -> Vec<Option<(usize, usize)>> {
    let mut from = 0;
    phrases
        .iter()
        .map(|p| {
            let p = p.as_str();
            let at = find_whole(text, p, from)
                .or_else(|| find_whole(text, p, 0))
                .or_else(|| text[from..].find(p).map(|i| i + from))
                .or_else(|| text.find(p))?;
            from = at + p.len();
            let start = text[..at].chars().count();
            Some((start, start + p.chars().count()))
        })
        .collect()
}

/// The first byte offset at or after `from` where `phrase` stands as whole words: no letter or
/// digit touches it on either side.
fn find_whole(text: &str, phrase: &str, from: usize) -> Option<usize> {
    if phrase.is_empty() {
        return None;
    }
    let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut start = from;
    while let Some(i) = text.get(start..)?.find(phrase) {
        let at = start + i;
        let end = at + phrase.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        let first = phrase.chars().next();
        let last = phrase.chars().next_back();
        // Only a phrase that itself starts (ends) with a word character can be glued on that side.
        let glued =
            (word_char(first) && word_char(before)) || (word_char(last) && word_char(after));
        if !glued {
            return Some(at);
        }
        start = at + first.map_or(1, char::len_utf8);
    }
    None
}

/// The tokens a phrase's number is written with, normalised: digit runs without separators,
/// number words; date words only when the phrase has no number.
fn number_tokens(phrase: &str) -> Vec<String> {
    let mut numbers = Vec::new();
    let mut dates = Vec::new();
    for word in phrase.split(|c: char| !(c.is_alphanumeric() || c == ',' || c == '.')) {
        let word = word
            .trim_matches(|c: char| c == ',' || c == '.')
            .to_lowercase();
        if word.is_empty() {
            continue;
        }
        if word.chars().any(|c| c.is_ascii_digit()) {
            let digits: String = word
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            numbers.push(digits);
        } else if NUMBER_WORDS.contains(&word.as_str()) {
            numbers.push(word);
        } else if DATE_WORDS.contains(&word.as_str()) || is_month(&word) || is_weekday(&word) {
            dates.push(word);
        }
    }
    if numbers.is_empty() {
        dates
    } else {
        numbers
    }
}

const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
    "trillion",
    "dozen",
    "dozens",
    "scores",
    "hundreds",
    "thousands",
    "millions",
    "billions",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "half",
    "thirds",
    "quarter",
    "quarters",
    "twice",
    "once",
    "thrice",
    // a change by a factor ("doubled", "more than double"), which the gold lists as a figure
    "double",
    "doubled",
    "doubles",
    "doubling",
    "triple",
    "tripled",
    "triples",
    "tripling",
    "treble",
    "trebled",
    "quadruple",
    "quadrupled",
    "quadruples",
    "quadrupling",
    "halved",
    "halving",
];

/// Words that carry a date or a length of time when a phrase has no number ("last year",
/// "an hour later", "a fortnight ago"); months and weekdays too.
const DATE_WORDS: &[&str] = &[
    "yesterday",
    "today",
    "tonight",
    "tomorrow",
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
    "decade",
    "decades",
    "century",
    "day",
    "days",
    "hour",
    "hours",
    "minute",
    "minutes",
    "fortnight",
    "night",
    "weekend",
    "morning",
    "afternoon",
    "evening",
    "summer",
    "winter",
    "spring",
    "autumn",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(text: &str, quantities: &[&str], attributions: &[&str]) -> GoldDetails {
        GoldDetails {
            id: "x".into(),
            text: text.into(),
            claim_type: Some("quantity"),
            quantities: quantities.iter().map(|s| s.to_string()).collect(),
            attributions: attributions.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn overlapping_phrases_sharing_the_number_match() {
        let g = gold(
            "PMU units numbered up to 100,000 fighters, according to US military estimates dated last year.",
            &["100,000 fighters", "last year"],
            &["US military estimates"],
        );
        let report = evaluate(&[g], None);
        assert_eq!(report.quantities.matched, 2);
        assert_eq!(report.quantities.f1, 1.0);
        assert_eq!(report.attribution.f1, 1.0);
        assert!(report.claim_type.is_none());
    }

    #[test]
    fn a_shared_span_without_the_same_number_does_not_match() {
        // Overlapping, but the prediction's number is "5" and the gold phrase's is "year".
        let scores = match_spans(
            "Prices rose 5% last year.",
            &[(12, 19, "5% last".into())],
            &["last year".into()],
            share_a_number,
        );
        assert_eq!(scores.matched, 0);
        let scores = match_spans(
            "Fifty people came, police said.",
            &[(0, 5, "Fifty".into())],
            &["Fifty people".into(), "ten".into()],
            share_a_number,
        )
        .finish();
        assert_eq!((scores.matched, scores.gold_not_found), (1, 1));
        assert_eq!((scores.precision, scores.recall), (1.0, 0.5));
    }

    #[test]
    fn gold_phrases_are_located_as_whole_words() {
        // "he" first occurs inside "The"; the gold phrase is the pronoun at the end.
        let text = "The toll rose to 12, he said.";
        assert_eq!(locate(text, &["he".into()]), [Some((21, 23))]);
        let scores = match_spans(text, &[(21, 23, "he".into())], &["he".into()], |_, _| true);
        assert_eq!(scores.matched, 1);
        // "2" inside "2012" is passed over for the standalone "2".
        assert_eq!(
            locate("In 2012, 2 people died.", &["2".into()]),
            [Some((9, 10))]
        );
        // A phrase found only inside a word is still located there.
        assert_eq!(locate("Theft.", &["he".into()]), [Some((1, 3))]);
        // Punctuation at a phrase's edge cannot be glued to a word.
        assert_eq!(
            locate("Costs rose (12%).", &["(12%)".into()]),
            [Some((11, 16))]
        );
    }

    #[test]
    fn number_tokens_ignore_separators_and_fall_back_to_date_words() {
        assert_eq!(number_tokens("up to 100,000 fighters"), ["100000"]);
        assert_eq!(number_tokens("last year"), ["year"]);
        assert_eq!(number_tokens("A fortnight ago"), ["fortnight"]);
        assert_eq!(number_tokens("less than an hour"), ["hour"]);
        assert_eq!(number_tokens("two years ago"), ["two"]);
        assert_eq!(number_tokens("$3.1 billion"), ["3.1", "billion"]);
        assert_eq!(number_tokens("more than doubled"), ["doubled"]);
    }

    #[test]
    fn type_accuracy_counts_gold_types() {
        let g = vec![
            gold("Prices rose 3%.", &["3%"], &[]),
            gold("It rained.", &[], &[]),
        ];
        let report = evaluate(&g, Some(&["quantity", "event"]));
        let types = report.claim_type.unwrap();
        assert_eq!((types.n, types.correct), (2, 1));
        assert_eq!(types.accuracy, 0.5);
    }

    #[test]
    fn reads_details_from_the_data_or_a_joined_file() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("dev.tsv");
        std::fs::write(
            &data,
            "id\ttext\tlabel\ttype\tquantities\tattribution\n\
             a\tPolice said 40 people were arrested.\t1\tquantity\t40 people\tPolice\n\
             b\tHello.\t0\t\t\t\n",
        )
        .unwrap();
        let (rows, skipped) = read_gold(&data, None).unwrap();
        assert_eq!(rows.len(), 1);
        assert!(skipped.is_empty());
        assert_eq!(rows[0].quantities, ["40 people"]);
        assert_eq!(rows[0].attributions, ["Police"]);

        let texts = dir.path().join("texts.tsv");
        std::fs::write(&texts, "id\ttext\tlabel\na\tIt cost $5.\t1\n").unwrap();
        let details = dir.path().join("details.tsv");
        std::fs::write(
            &details,
            "id\tclass\tlabel\ttype\tquantities\tattribution\na\tCFS\t1\tquantity\t$5\t\n",
        )
        .unwrap();
        let (rows, _) = read_gold(&texts, Some(&details)).unwrap();
        assert_eq!(rows[0].text, "It cost $5.");
        assert_eq!(rows[0].claim_type, Some("quantity"));

        std::fs::write(
            &details,
            "id\tclass\tlabel\ttype\tquantities\tattribution\nzz\tCFS\t1\tquantity\t$5\t\n",
        )
        .unwrap();
        let (rows, skipped) = read_gold(&texts, Some(&details)).unwrap();
        assert!(rows.is_empty());
        let problem = skipped[0].to_string();
        assert!(
            problem.contains("details.tsv:2") && problem.contains("\"zz\""),
            "{problem}"
        );
    }

    /// The split the ignored dumps below read: news_articles train, or the file
    /// CLAIMSIFT_DETAILS_DATA names (to check, never to tune); `None`, said, when it is missing.
    fn split_under_study() -> Option<std::path::PathBuf> {
        let shared = std::env::var("CLAIMSIFT_SHARED")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared").into());
        let path = Path::new(&shared).join("data/checkworthiness/news_articles/train.tsv");
        let path = std::env::var("CLAIMSIFT_DETAILS_DATA").map_or(path, Into::into);
        if path.exists() {
            Some(path)
        } else {
            eprintln!("skipped: {} is missing", path.display());
            None
        }
    }

    /// Prints the scores on the news_articles training split, for tuning the extractors
    /// (`cargo test --lib details_eval -- --ignored --nocapture`). Dev is never looked at here.
    #[test]
    #[ignore]
    fn train_split_report() {
        let Some(path) = split_under_study() else {
            return;
        };
        let (gold, _) = read_gold(&path, None).unwrap();
        let report = evaluate(&gold, None);
        // Every sentence with both sides, for looking at what the extractors get wrong.
        for g in &gold {
            let quantities: Vec<String> = quantity::quantities(&g.text)
                .into_iter()
                .map(|q| q.text)
                .collect();
            let found = attribution::attributions(&g.text);
            let sources: Vec<&str> = found.iter().map(|a| a.text.as_str()).collect();
            let cues: Vec<&str> = found.iter().map(|a| a.cue.as_str()).collect();
            eprintln!("{} cues {cues:?}", g.id);
            eprintln!(
                "{} quantities\n  {}\n  pred {quantities:?}\n  gold {:?}",
                g.id, g.text, g.quantities
            );
            eprintln!(
                "{} attribution\n  {}\n  pred {sources:?}\n  gold {:?}",
                g.id, g.text, g.attributions
            );
        }
        eprintln!("{report:#?}");
    }

    /// Lists every predicted quantity phrase (matched or not) and every gold phrase left unmatched on a split, one a line:
    /// `TP|FP|FN <tab> id <tab> phrase <tab> sentence` (`cargo test --release --lib
    /// quantity_misses -- --ignored --nocapture`; CLAIMSIFT_DETAILS_DATA picks the file).
    #[test]
    #[ignore]
    fn quantity_misses() {
        let Some(path) = split_under_study() else {
            return;
        };
        for g in &read_gold(&path, None).unwrap().0 {
            let predicted: Vec<(usize, usize, String)> = quantity::quantities(&g.text)
                .into_iter()
                .map(|q| (q.start, q.end, q.text))
                .collect();
            let (_, used, found) = match_pairs(&g.text, &predicted, &g.quantities, share_a_number);
            for (p, hit) in predicted.iter().zip(used) {
                let mark = if hit { "TP" } else { "FP" };
                println!("{mark}\t{}\t{}\t{}", g.id, p.2, g.text);
            }
            for (q, hit) in g.quantities.iter().zip(found) {
                if !hit {
                    println!("FN\t{}\t{}\t{}", g.id, q, g.text);
                }
            }
        }
    }
}
