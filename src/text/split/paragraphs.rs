//! Paragraphs: the cleaner separates paragraphs (and headings, list items) with blank lines.
//!
//! Splitting here first, rather than handing sentencex a whole article, keeps every sentencex
//! call small: sentencex is fast per paragraph (55–78 MB/s) but slows to well under 1 MB/s on a
//! multi-megabyte text, and a stray quote can then swallow boundaries far beyond its paragraph.
//! No sentence ever spans a blank line.

use std::ops::Range;

/// Byte ranges of the paragraphs of `text`: the stretches between lines that are empty or hold
/// only whitespace. Ranges may carry leading/trailing whitespace; empty ones are skipped.
pub fn paragraphs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut cursor = 0;
    let mut done = false;
    std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        // Find the next blank line: "\n", optional horizontal whitespace, "\n".
        let Some(rel) = memchr::memchr(b'\n', &bytes[cursor..]) else {
            done = true;
            let range = start..bytes.len();
            if has_content(&bytes[range.clone()]) {
                return Some(range);
            }
            return None;
        };
        let nl = cursor + rel;
        let mut k = nl + 1;
        while k < bytes.len() && matches!(bytes[k], b' ' | b'\t' | b'\r') {
            k += 1;
        }
        if k < bytes.len() && bytes[k] == b'\n' {
            // Blank line: the paragraph ends at `nl`; swallow any further blank lines.
            let range = start..nl;
            let mut next = k + 1;
            while next < bytes.len() && bytes[next].is_ascii_whitespace() {
                next += 1;
            }
            start = next;
            cursor = next;
            if has_content(&bytes[range.clone()]) {
                return Some(range);
            }
        } else {
            cursor = nl + 1;
        }
    })
}

fn has_content(bytes: &[u8]) -> bool {
    // Non-ASCII bytes count as content; Unicode-only whitespace paragraphs are trimmed later.
    bytes.iter().any(|b| !b.is_ascii_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<&str> {
        paragraphs(text).map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_on_blank_lines_only() {
        assert_eq!(paras("a\nb\n\nc"), ["a\nb", "c"]);
        assert_eq!(paras("a\n \t\n\n\nc\n"), ["a", "c\n"]);
        assert_eq!(paras("\n\n  \n"), Vec::<&str>::new());
        assert_eq!(paras("x"), ["x"]);
    }
}
