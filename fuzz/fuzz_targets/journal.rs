//! Bytes into the `--resume` journal reader: up to the first 0xFF byte is the journal, the
//! rest the partial output it describes. Inputs and settings are fixed.
//!
//! Whatever the bytes, the reader never panics, never keeps more inputs than exist, never
//! claims more output than the partial file holds, and counts only forward.
#![no_main]

use claimsift::output::journal::{read_journal, Fingerprint};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0xFF).unwrap_or(data.len());
    let (journal, partial) = data.split_at(split);
    let mut partial = partial.get(1..).unwrap_or_default();
    let partial_len = partial.len() as u64;
    let inputs: Vec<Fingerprint> = ["a", "b", "c"]
        .iter()
        .map(|p| Fingerprint {
            path: p.to_string(),
            len: 10,
            modified_ns: 1,
        })
        .collect();
    let Ok(point) = read_journal(journal, &mut partial, "s1", &inputs, "fuzz.journal") else {
        return;
    };
    assert!(point.done <= inputs.len());
    assert!(point.offset <= partial_len, "{point:?}");
    assert!(point.done > 0 || point.offset == 0, "{point:?}");
});
