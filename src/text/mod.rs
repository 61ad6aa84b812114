//! Text: cleaned article text with its offset map, and sentence splitting.

pub mod clean;
pub mod split;

use std::ops::Range;

use serde::Serialize;

pub use clean::{CharCounter, CleanText, CleanTextBuilder};

/// One sentence, located both in the cleaned text and in the original file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub index: usize,
    /// Character offsets in the original (decoded) file.
    pub start: usize,
    pub end: usize,
    /// Byte offsets in the original (decoded, UTF-8) file.
    pub start_byte: usize,
    pub end_byte: usize,
    /// The sentence as cleaned text (markup removed, whitespace runs folded to one space).
    pub text: String,
}

/// Splits an article's cleaned body into sentences located in `original`.
pub fn sentences(original: &str, body: &CleanText) -> Vec<Sentence> {
    let mut chars = CharCounter::new(original);
    split::split(body.text())
        .into_iter()
        .filter_map(|range| {
            let text = fold_whitespace(&body.text()[range.clone()]);
            if text.is_empty() {
                return None;
            }
            Some((range, text))
        })
        .enumerate()
        .map(|(index, (range, text))| {
            let Range { start, end } = body.to_original(range);
            Sentence {
                index,
                start: chars.chars_at(start),
                end: chars.chars_at(end),
                start_byte: start,
                end_byte: end,
                text,
            }
        })
        .collect()
}

/// Trims and folds every run of whitespace (line breaks of wrapped text included) to one space.
pub fn fold_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
