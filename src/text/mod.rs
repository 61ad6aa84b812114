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
    /// Which paragraph of the cleaned body it belongs to (0-based; headings and list items
    /// count as paragraphs), so that a reader can be shown the article as written.
    #[serde(skip)]
    pub paragraph: usize,
}

/// Splits an article's cleaned body into sentences located in `original`.
pub fn sentences(original: &str, body: &CleanText) -> Vec<Sentence> {
    let mut chars = CharCounter::new(original);
    let mut paragraph = 0;
    let mut previous_end = None;
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
            if let Some(gap_start) = previous_end {
                if has_blank_line(&body.text()[gap_start..range.start]) {
                    paragraph += 1;
                }
            }
            previous_end = Some(range.end);
            let Range { start, end } = body.to_original(range);
            Sentence {
                index,
                start: chars.chars_at(start),
                end: chars.chars_at(end),
                start_byte: start,
                end_byte: end,
                text,
                paragraph,
            }
        })
        .collect()
}

/// Whether `gap` (the text between two sentences) holds a blank line: the splitter's
/// paragraph break, which no sentence crosses.
fn has_blank_line(gap: &str) -> bool {
    let mut newlines = 0;
    for c in gap.chars() {
        match c {
            '\n' => {
                newlines += 1;
                if newlines == 2 {
                    return true;
                }
            }
            c if c.is_whitespace() => {}
            _ => newlines = 0,
        }
    }
    false
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_know_their_paragraph() {
        let original = "# Title\n\nOne. Two.\n\nThree.\nStill three.\n";
        let body = CleanText::verbatim(original);
        let paragraphs: Vec<(usize, String)> = sentences(original, &body)
            .into_iter()
            .map(|s| (s.paragraph, s.text))
            .collect();
        assert_eq!(paragraphs[0], (0, "# Title".to_string()));
        assert_eq!(paragraphs[1], (1, "One.".to_string()));
        assert_eq!(paragraphs[2], (1, "Two.".to_string()));
        assert_eq!(paragraphs.last().unwrap().0, 2, "{paragraphs:?}");
    }
}
