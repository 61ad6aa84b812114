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

/// Longest piece handed on whole. Real paragraphs are far shorter; a longer one (a scraped
/// page whose paragraphs are single lines, or text that is not prose) is cut into pieces of
/// about this size, so that no cost the later layers pay per piece can grow with the file.
pub const MAX_PIECE: usize = 8 * 1024;

/// How far past [`MAX_PIECE`] a piece may run to end at a good place.
const SLACK: usize = 2 * 1024;

/// `para` (a range of `text`) cut into pieces of at most `MAX_PIECE + SLACK` bytes. Each cut
/// goes, in order of preference, after a sentence end (`.`, `!` or `?`, whitespace, a
/// capital), after a line break, after whitespace, or at a character boundary; the search looks only
/// at the slack window, so the whole is linear.
pub fn bounded(text: &str, para: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = para.start;
    std::iter::from_fn(move || {
        if start >= para.end {
            return None;
        }
        let from = start;
        if para.end - from <= MAX_PIECE + SLACK {
            start = para.end;
            return Some(from..para.end);
        }
        let window = from + MAX_PIECE..from + MAX_PIECE + SLACK;
        let cut = good_cut(text.as_bytes(), window.clone())
            .unwrap_or_else(|| ceil_char_boundary(text, window.start));
        start = cut;
        Some(from..cut)
    })
}

fn good_cut(bytes: &[u8], window: Range<usize>) -> Option<usize> {
    let w = &bytes[window.clone()];
    let sentence_end = w.windows(3).position(|t| {
        matches!(t[0], b'.' | b'!' | b'?')
            && t[1].is_ascii_whitespace()
            && t[2].is_ascii_uppercase()
    });
    let cut = sentence_end
        .map(|p| p + 2)
        .or_else(|| memchr::memchr(b'\n', w).map(|p| p + 1))
        .or_else(|| w.iter().position(u8::is_ascii_whitespace).map(|p| p + 1))?;
    Some(window.start + cut)
}

fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
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
    fn long_paragraphs_are_bounded_and_covered() {
        let sentence = "The council met on Monday and voted again. ";
        let long = sentence.repeat(1000);
        let pieces: Vec<_> = bounded(&long, 0..long.len()).collect();
        assert!(pieces.len() > 1);
        assert_eq!(pieces[0].start, 0);
        assert_eq!(pieces.last().unwrap().end, long.len());
        for w in pieces.windows(2) {
            assert_eq!(w[0].end, w[1].start);
            // Cut after a sentence end, before the next sentence.
            assert!(long[w[1].clone()].starts_with("The council"));
        }
        assert!(pieces.iter().all(|p| p.len() <= MAX_PIECE + SLACK));
        let dense = "é".repeat(20_000);
        let pieces: Vec<_> = bounded(&dense, 0..dense.len()).collect();
        assert!(pieces.iter().all(|p| dense.is_char_boundary(p.start)));
        assert_eq!(pieces.last().unwrap().end, dense.len());
    }

    #[test]
    fn splits_on_blank_lines_only() {
        assert_eq!(paras("a\nb\n\nc"), ["a\nb", "c"]);
        assert_eq!(paras("a\n \t\n\n\nc\n"), ["a", "c\n"]);
        assert_eq!(paras("\n\n  \n"), Vec::<&str>::new());
        assert_eq!(paras("x"), ["x"]);
    }
}
