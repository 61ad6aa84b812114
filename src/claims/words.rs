//! Words of a sentence as the claim-detail extractors read them, and the word lists they share.

use regex::Regex;

/// One token with its byte span in the sentence.
pub(crate) struct Token<'a> {
    pub text: &'a str,
    /// Lower case, with typographic apostrophes made plain.
    pub lower: String,
    pub start: usize,
    pub end: usize,
    /// Whitespace (or the sentence start) separates this token from the previous one.
    pub spaced: bool,
}

impl Token<'_> {
    pub fn is(&self, word: &str) -> bool {
        self.lower == word
    }
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
    pub fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphanumeric)
    }
}

/// The tokens `pattern` finds in `sentence`, in order.
pub(crate) fn tokenize<'a>(sentence: &'a str, pattern: &Regex) -> Vec<Token<'a>> {
    let mut previous_end = 0;
    pattern
        .find_iter(sentence)
        .map(|m| {
            let token = Token {
                text: m.as_str(),
                lower: m.as_str().to_lowercase().replace('’', "'"),
                start: m.start(),
                end: m.end(),
                spaced: m.start() > previous_end || m.start() == 0,
            };
            previous_end = m.end();
            token
        })
        .collect()
}

/// A column's readable form: texts as written, joined by ` | `.
pub(crate) fn join_readable<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    texts.collect::<Vec<_>>().join(" | ")
}

/// A month name or its abbreviation, in lower case.
pub(crate) fn is_month(w: &str) -> bool {
    matches!(
        w,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
    )
}

/// A weekday name, in lower case.
pub(crate) fn is_weekday(w: &str) -> bool {
    matches!(
        w,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}
