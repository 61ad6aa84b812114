//! Cleaned text with a map back to the original.
//!
//! Extractors (plain text, Markdown, HTML) drop markup and decode entities; every byte of
//! the cleaned text still has to point at the span of the original file it came from, so
//! that a sentence found in the cleaned text can be reported with exact offsets.

use std::ops::Range;

/// One run of cleaned text and the original span it stands for.
///
/// A verbatim copy has `clean_len == orig_len` and maps byte for byte; a replacement
/// (an entity, a paragraph break standing for markup) maps as a whole onto its span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    clean: usize,
    orig: usize,
    clean_len: usize,
    orig_len: usize,
    verbatim: bool,
}

/// Text with markup removed, plus the map from its byte offsets to the original's.
#[derive(Debug, Clone, Default)]
pub struct CleanText {
    text: String,
    pieces: Vec<Piece>,
}

impl CleanText {
    /// Cleaned text that is the original itself (identity map).
    pub fn verbatim(original: &str) -> Self {
        let mut b = CleanTextBuilder::new(original);
        b.copy(0..original.len());
        b.finish()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Maps a byte range of the cleaned text to the byte range of the original it covers.
    ///
    /// A range that starts or ends inside a replacement widens to the replacement's whole
    /// original span, so the original slice always contains what the sentence was made from.
    pub fn to_original(&self, clean: Range<usize>) -> Range<usize> {
        if clean.start >= clean.end {
            let at = self.map_start(clean.start);
            return at..at;
        }
        let start = self.map_start(clean.start);
        let end = self.map_end(clean.end).max(start);
        start..end
    }

    fn piece_index(&self, clean_offset: usize) -> Option<usize> {
        if self.pieces.is_empty() {
            return None;
        }
        // Last piece whose start is <= offset.
        let idx = self.pieces.partition_point(|p| p.clean <= clean_offset);
        Some(idx.saturating_sub(1))
    }

    fn map_start(&self, offset: usize) -> usize {
        self.map(offset, offset, false)
    }

    fn map_end(&self, offset: usize) -> usize {
        // Located by its last byte, so an end on a piece boundary stays in the earlier piece.
        self.map(offset.saturating_sub(1), offset, true)
    }

    /// Maps `offset`, found in the piece holding `locate`; inside a replacement it goes to
    /// the replacement's original start, or its end when `to_end`.
    fn map(&self, locate: usize, offset: usize, to_end: bool) -> usize {
        let Some(i) = self.piece_index(locate) else {
            return 0;
        };
        let p = self.pieces[i];
        let within = offset.saturating_sub(p.clean);
        if within >= p.clean_len {
            p.orig + p.orig_len
        } else if p.verbatim {
            p.orig + within
        } else if to_end {
            p.orig + p.orig_len
        } else {
            p.orig
        }
    }
}

/// Builds a [`CleanText`] by appending copies of and replacements for original spans, in order.
#[derive(Debug)]
pub struct CleanTextBuilder<'a> {
    original: &'a str,
    text: String,
    pieces: Vec<Piece>,
}

impl<'a> CleanTextBuilder<'a> {
    pub fn new(original: &'a str) -> Self {
        CleanTextBuilder {
            original,
            text: String::with_capacity(original.len()),
            pieces: Vec::new(),
        }
    }

    pub fn original(&self) -> &'a str {
        self.original
    }

    /// The cleaned text so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Appends `original[range]` unchanged.
    pub fn copy(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        let s = &self.original[range.clone()];
        if let Some(last) = self.pieces.last_mut() {
            if last.verbatim
                && last.orig + last.orig_len == range.start
                && last.clean + last.clean_len == self.text.len()
            {
                last.clean_len += s.len();
                last.orig_len += s.len();
                self.text.push_str(s);
                return;
            }
        }
        self.pieces.push(Piece {
            clean: self.text.len(),
            orig: range.start,
            clean_len: s.len(),
            orig_len: s.len(),
            verbatim: true,
        });
        self.text.push_str(s);
    }

    /// Appends `with` as the cleaned form of `original[range]` (an entity, a break for a tag).
    pub fn replace(&mut self, range: Range<usize>, with: &str) {
        if with.is_empty() {
            return;
        }
        self.pieces.push(Piece {
            clean: self.text.len(),
            orig: range.start,
            clean_len: with.len(),
            orig_len: range.end - range.start,
            verbatim: false,
        });
        self.text.push_str(with);
    }

    /// Ends the current block with a blank line unless the text already ends with one,
    /// so that the splitter sees a paragraph break. `at` is the original offset it stands for.
    pub fn paragraph_break(&mut self, at: usize) {
        if self.text.is_empty() || self.text.ends_with("\n\n") {
            return;
        }
        let with = if self.text.ends_with('\n') {
            "\n"
        } else {
            "\n\n"
        };
        self.replace(at..at, with);
    }

    pub fn finish(self) -> CleanText {
        CleanText {
            text: self.text,
            pieces: self.pieces,
        }
    }
}

/// Converts byte offsets of one string to character offsets, fast for increasing queries.
#[derive(Debug)]
pub struct CharCounter<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCounter<'a> {
    pub fn new(text: &'a str) -> Self {
        CharCounter {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// Character offset of byte offset `byte` (which must be on a character boundary).
    pub fn chars_at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbatim_maps_identity() {
        let c = CleanText::verbatim("Hello world.");
        assert_eq!(c.text(), "Hello world.");
        assert_eq!(c.to_original(6..11), 6..11);
    }

    #[test]
    fn replacements_widen_to_their_span() {
        let orig = "A *b* &amp; c";
        let mut b = CleanTextBuilder::new(orig);
        b.copy(0..2); // "A "
        b.copy(3..4); // "b"
        b.copy(5..6); // " "
        b.replace(6..11, "&");
        b.copy(11..13); // " c"
        let c = b.finish();
        assert_eq!(c.text(), "A b & c");
        assert_eq!(c.to_original(2..3), 3..4);
        assert_eq!(c.to_original(4..5), 6..11);
        assert_eq!(c.to_original(0..7), 0..13);
        assert_eq!(&orig[c.to_original(6..7)], "c");
    }

    #[test]
    fn char_counter_counts_multibyte() {
        let s = "día – fin";
        let mut cc = CharCounter::new(s);
        let dash = s.find('–').unwrap();
        assert_eq!(cc.chars_at(dash), 4);
        assert_eq!(cc.chars_at(s.len()), 9);
        assert_eq!(cc.chars_at(0), 0);
    }
}
