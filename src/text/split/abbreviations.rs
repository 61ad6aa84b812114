//! Boundaries sentencex misses after abbreviations and parentheses in news copy.
//!
//! sentencex suppresses a split after a known abbreviation unless the next word is one of its
//! common sentence starters (`The`, `It`, `He` …). That is right for prepositive abbreviations
//! (`Gen. Mark Milley`), but some abbreviations *close* a phrase and are then read just as well
//! as a sentence end. We cut (before sentencex runs) where the evidence is positive:
//!
//! - **Company endings** (`Inc.`, `Corp.`, `Co.`, `Ltd.`, `Plc.`, `LLC.`, `Bros.`, `Cos.`)
//!   followed by a capitalised word that is itself followed by a lower-case word:
//!   `Apple Inc. Investors cheered` ends a sentence, while `Apple Inc. Chief Executive Tim Cook`
//!   (a run of capitalised words: a title or a name continuing) and `Acme Co. shares rose` do
//!   not.
//! - **`No.` before a word**: `No.` abbreviates *number* only before a number (`No. 5`); before
//!   a capitalised word it is the word *no* ending a sentence (`voted no. Gov. Lee …`).
//! - **`May.`** is listed among sentencex's English abbreviations, but the month is never
//!   abbreviated: before a capitalised word it ends a sentence (`rose in May. The council`).
//! - **A sentence in parentheses** (`(Officials blamed the rain.) Results are due`): terminal
//!   punctuation just inside the closing parenthesis, then a capital, ends the sentence after
//!   the parenthesis. sentencex skips everything inside parentheses and would run on.

fn is_company_ending(word: &[u8]) -> bool {
    matches!(
        word,
        b"Inc" | b"Corp" | b"Co" | b"Ltd" | b"Plc" | b"PLC" | b"LLC" | b"Bros" | b"Cos"
    )
}

/// The cut after the `.` or `)` at byte `p` of `text`, if the rules above place one there.
pub fn cut_at(text: &str, p: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes[p] == b'.' {
        let word = word_before(bytes, p);
        let is_company = is_company_ending(word);
        // `No.` before a word and the full word `May.` are sentence ends, not abbreviations.
        let is_number_abbrev = matches!(word, b"No" | b"no" | b"Nos" | b"nos") || word == b"May";
        if !is_company && !is_number_abbrev {
            return None;
        }
        let (next, after) = next_two_words(text, p + 1)?;
        if !is_capitalised_word(next) {
            return None;
        }
        let after_lower = after.chars().next().is_some_and(char::is_lowercase);
        (is_number_abbrev || after_lower).then_some(p + 1)
    } else if bytes[p] == b')' && p > 0 && paren_closes_sentence(bytes, p) {
        let next = text[p + 1..].trim_start_matches([' ', '\t', '\n', '\r']);
        (next.len() < text.len() - p - 1 && starts_sentence(next)).then_some(p + 1)
    } else {
        None
    }
}

/// The ASCII letters directly before `p`, if they form a whole word (preceded by a space or the
/// start of the text).
fn word_before(bytes: &[u8], p: usize) -> &[u8] {
    let mut s = p;
    while s > 0 && bytes[s - 1].is_ascii_alphabetic() {
        s -= 1;
    }
    if s > 0 && !bytes[s - 1].is_ascii_whitespace() {
        return &[];
    }
    &bytes[s..p]
}

/// The two whitespace-separated words after `from` (the first must follow whitespace). The
/// second may be empty at the end of the text.
fn next_two_words(text: &str, from: usize) -> Option<(&str, &str)> {
    let rest = &text[from..];
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() || trimmed.is_empty() {
        return None;
    }
    let mut words = trimmed.split_whitespace();
    let first = words.next()?;
    Some((first, words.next().unwrap_or("")))
}

/// `Investors`, `Gov.`: a capital then at least one lower-case letter (not `CEO`, not `I`).
fn is_capitalised_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_some_and(char::is_lowercase)
}

/// `.)`, `?)`, `!)`, also with a closing quote between (`.")`).
fn paren_closes_sentence(bytes: &[u8], p: usize) -> bool {
    let mut k = p;
    while k > 0 && matches!(bytes[k - 1], b'"' | b'\'') {
        k -= 1;
    }
    // Curly closing quotes (3 bytes each).
    while k >= 3 && (&bytes[k - 3..k] == "”".as_bytes() || &bytes[k - 3..k] == "’".as_bytes()) {
        k -= 3;
    }
    k > 0 && matches!(bytes[k - 1], b'.' | b'?' | b'!')
}

/// A capital letter, possibly behind an opening quote or parenthesis.
fn starts_sentence(s: &str) -> bool {
    s.trim_start_matches(['"', '\'', '“', '‘', '('])
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::cut_at;

    fn c(text: &str) -> Vec<usize> {
        memchr::memchr2_iter(b'.', b')', text.as_bytes())
            .filter_map(|p| cut_at(text, p))
            .collect()
    }

    #[test]
    fn company_endings() {
        assert_eq!(c("at Apple Inc. Investors cheered"), vec![13]);
        assert!(c("Apple Inc. Chief Executive Tim Cook said").is_empty());
        assert!(c("Acme Co. shares rose").is_empty());
        assert!(c("Acme Co.").is_empty());
    }

    #[test]
    fn number_abbreviation() {
        assert_eq!(c("voted no. Gov. Lee"), vec![9]);
        assert!(c("ranked No. 5 in").is_empty());
    }

    #[test]
    fn parenthesised_sentence() {
        assert_eq!(c("(It rained.) Results"), vec![12]);
        assert!(c("(It rained.) at noon").is_empty());
        assert!(c("(Smith 55). Next").is_empty());
    }
}
