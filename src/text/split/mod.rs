//! Sentence splitting of cleaned text.
//!
//! PROVISIONAL: paragraph split + sentencex per paragraph. Being replaced by the full
//! splitter (issue 4).

use std::ops::Range;

/// Splits cleaned text into sentence byte ranges, in order, trimmed of surrounding whitespace.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut para_start = 0;
    for (i, _) in text.match_indices("\n\n").chain(std::iter::once((text.len(), ""))) {
        if i < para_start {
            continue;
        }
        let para = &text[para_start..i];
        for b in sentencex::get_sentence_boundaries("en", para) {
            let s = para_start + b.start_byte;
            let e = para_start + b.end_byte;
            let piece = &text[s..e];
            let lead = piece.len() - piece.trim_start().len();
            let trail = piece.len() - piece.trim_end().len();
            if s + lead < e - trail {
                out.push(s + lead..e - trail);
            }
        }
        para_start = i + 2;
    }
    out
}
