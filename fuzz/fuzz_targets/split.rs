//! Arbitrary UTF-8 into the sentence splitter; checks the documented contract of
//! `claimsift::text::split::split`: ranges in order, non-overlapping, never empty, inside the
//! text, on char boundaries, trimmed of surrounding whitespace.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let ranges = claimsift::text::split::split(text);
    let mut last_end = 0;
    for r in &ranges {
        assert!(r.start < r.end, "empty range {r:?}");
        assert!(
            last_end <= r.start,
            "range {r:?} overlaps or precedes {last_end}"
        );
        assert!(
            r.end <= text.len(),
            "range {r:?} past the text ({})",
            text.len()
        );
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "range {r:?} not on char boundaries"
        );
        let s = &text[r.clone()];
        assert_eq!(s, s.trim(), "range {r:?} not trimmed");
        last_end = r.end;
    }
});
