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

/// A piece of a paragraph, and whether the text runs on into the next piece: a cut that is
/// not at a sentence end does not end a sentence, and the caller joins the sentences on both
/// sides of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub range: Range<usize>,
    pub runs_on: bool,
}

/// `para` (a range of `text`) cut into pieces of at most `MAX_PIECE + SLACK` bytes. Each cut
/// goes after a sentence end (`.`, `!` or `?`, whitespace, a capital) when the slack window
/// has one; else after a line break, after whitespace, or at a character boundary, and the
/// piece runs on. The search looks only at the slack window, so the whole is linear.
pub fn bounded(text: &str, para: Range<usize>) -> impl Iterator<Item = Piece> + '_ {
    let mut start = para.start;
    std::iter::from_fn(move || {
        if start >= para.end {
            return None;
        }
        let from = start;
        if para.end - from <= MAX_PIECE + SLACK {
            start = para.end;
            return Some(Piece {
                range: from..para.end,
                runs_on: false,
            });
        }
        let window = from + MAX_PIECE..from + MAX_PIECE + SLACK;
        let (cut, runs_on) = match good_cut(text.as_bytes(), window.clone()) {
            Some(cut) => cut,
            None => (ceil_char_boundary(text, window.start), true),
        };
        start = cut;
        Some(Piece {
            range: from..cut,
            runs_on,
        })
    })
}

/// The best cut in `window`, and whether the text runs on past it.
fn good_cut(bytes: &[u8], window: Range<usize>) -> Option<(usize, bool)> {
    let w = &bytes[window.clone()];
    let sentence_end = w.windows(3).position(|t| {
        matches!(t[0], b'.' | b'!' | b'?')
            && t[1].is_ascii_whitespace()
            && t[2].is_ascii_uppercase()
    });
    if let Some(p) = sentence_end {
        return Some((window.start + p + 2, false));
    }
    let cut = memchr::memchr(b'\n', w).or_else(|| w.iter().position(u8::is_ascii_whitespace))?;
    Some((window.start + cut + 1, true))
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
        let pieces: Vec<_> = bounded(&long, 0..long.len()).map(|p| p.range).collect();
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
        let dense_pieces: Vec<Piece> = bounded(&dense, 0..dense.len()).collect();
        assert!(dense_pieces.iter().rev().skip(1).all(|p| p.runs_on));
        let pieces: Vec<_> = dense_pieces.into_iter().map(|p| p.range).collect();
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
