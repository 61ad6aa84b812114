//! Bytes into the whole read path: decode (any encoding or binary), extract (plain, Markdown,
//! HTML or sniffed), clean, split, map offsets back. The first byte picks the format.
//!
//! Checks every sentence against the decoded original: `start_byte..end_byte` is a
//! char-boundary range of `original` with `start_byte <= end_byte`, `start`/`end` are the
//! character counts at those bytes, sentences are in order and do not overlap, indexes count
//! up from 0, and the text is non-empty with whitespace folded.
#![no_main]

use std::path::PathBuf;

use claimsift::ingest::{parse_bytes, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let format = match selector % 4 {
        0 => Some(Format::Plain),
        1 => Some(Format::Markdown),
        2 => Some(Format::Html),
        _ => None,
    };
    let Ok(article) = parse_bytes(bytes, format, PathBuf::from("fuzz.txt"), "fuzz.txt".into())
    else {
        return;
    };
    let original = article.original.as_str();
    assert!(article.body.text().len() <= 4 * original.len() + 16);
    let sentences = claimsift::text::sentences(original, &article.body);
    let mut last_end = 0;
    for (i, s) in sentences.iter().enumerate() {
        assert_eq!(s.index, i);
        assert!(s.start_byte <= s.end_byte, "{s:?}");
        assert!(
            s.end_byte <= original.len(),
            "{s:?} past {}",
            original.len()
        );
        assert!(
            original.is_char_boundary(s.start_byte) && original.is_char_boundary(s.end_byte),
            "{s:?} not on char boundaries"
        );
        assert!(
            last_end <= s.start_byte,
            "{s:?} overlaps the previous sentence ({last_end})"
        );
        last_end = s.end_byte;
        assert_eq!(s.start, original[..s.start_byte].chars().count(), "{s:?}");
        assert_eq!(s.end, original[..s.end_byte].chars().count(), "{s:?}");
        assert!(!s.text.is_empty());
        assert_eq!(s.text, claimsift::text::fold_whitespace(&s.text), "{s:?}");
    }
});
