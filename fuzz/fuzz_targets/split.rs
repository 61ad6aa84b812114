//! Arbitrary UTF-8 into the sentence splitter; checks the documented contract of
//! `claimsift::text::split::split`: ranges in order, non-overlapping, never empty, inside the
//! text, on char boundaries, trimmed of surrounding whitespace — the same checker the
//! splitter's tests use.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/fixtures/split/check.rs"]
mod check;

fuzz_target!(|text: &str| {
    check::checked_split(text);
});
