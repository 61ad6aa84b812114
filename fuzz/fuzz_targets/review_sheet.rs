//! Bytes into `review`'s sheet reader: the first byte picks the name the file has (`.csv`,
//! `.xlsx`, `.jsonl`, `.tsv`) and whether a verdict column is required; the rest is the file.
//!
//! Whatever the bytes, the reader returns a sheet or an error, never panics, and a sheet it
//! returns keeps each claim once.
#![no_main]

use std::path::Path;

use claimsift::review::read_sheet_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let name = ["r.csv", "r.xlsx", "r.jsonl", "r.tsv"][usize::from(selector % 4)];
    let require_verdict = selector & 4 != 0;
    let Ok(sheet) = read_sheet_bytes(Path::new(name), bytes.to_vec(), require_verdict) else {
        return;
    };
    let mut ids = std::collections::HashSet::new();
    for row in &sheet.rows {
        assert!(!row.claim_id.is_empty());
        assert!(ids.insert(row.claim_id.as_str()), "{} twice", row.claim_id);
    }
});
