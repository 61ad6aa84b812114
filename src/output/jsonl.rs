//! JSON Lines: one JSON object per claim, for programs rather than spreadsheets.
//!
//! Each object has every CSV column, in CSV order, plus `start_byte` and `end_byte` (the
//! sentence's byte offsets in the original file) and the claim details in structured form:
//! `quantity_details` (text, offsets into `sentence`, kind, value, low/high, qualifier, scale,
//! unit) and `attribution_details` (text, offsets, cue). `claim_type` is `null` when the model
//! has no type head. and `paragraph` (its paragraph in the article,
//! from 0: `claimsift report` lays the article out again from it). Text is written exactly as it is in the
//! article: JSON is never evaluated, so there is no `'` prefix as in the CSV. `score` is a
//! number with the CSV's three decimals. `verdict` and `notes` are `null`: no reviewer has
//! seen the claim yet (an empty string would read as "reviewed, left blank").

use std::io::{self, Write};

use serde::Serialize;

use super::{format_score, ClaimRow, Destination, RowSink};
use crate::claims::{attribution, quantity, Attribution, Quantity};

/// One line of the JSONL output.
#[derive(Debug, Serialize)]
pub struct JsonClaim<'a> {
    pub claim_id: &'a str,
    pub article: &'a str,
    pub title: &'a str,
    pub date: &'a str,
    pub sentence_index: usize,
    pub start: usize,
    pub end: usize,
    pub score: f64,
    pub claim_type: Option<&'a str>,
    /// The readable form, as in the CSV.
    pub quantities: String,
    pub attribution: String,
    /// `null` below the threshold.
    pub group: Option<&'a str>,
    pub sentence: &'a str,
    pub context_before: &'a str,
    pub context_after: &'a str,
    /// The matching remembered claim, when the memory has one; `null` otherwise.
    pub seen_verdict: Option<&'a str>,
    pub seen_claim: Option<&'a str>,
    pub seen_date: Option<&'a str>,
    pub similarity: Option<f64>,
    pub verdict: Option<&'a str>,
    pub notes: Option<&'a str>,
    pub start_byte: usize,
    pub end_byte: usize,
    /// The parsed phrases, with offsets into `sentence`.
    pub quantity_details: &'a [Quantity],
    pub attribution_details: &'a [Attribution],
    pub paragraph: usize,
}

impl<'a> From<&'a ClaimRow> for JsonClaim<'a> {
    fn from(row: &'a ClaimRow) -> Self {
        JsonClaim {
            claim_id: &row.claim_id,
            article: &row.article,
            title: &row.title,
            date: &row.date,
            sentence_index: row.sentence_index,
            start: row.start,
            end: row.end,
            score: format_score(row.score).parse().unwrap_or(f64::NAN),
            claim_type: row.claim_type.as_deref(),
            quantities: quantity::readable(&row.quantities),
            attribution: attribution::readable(&row.attribution),
            group: Some(row.group.as_str()).filter(|g| !g.is_empty()),
            sentence: &row.sentence,
            context_before: &row.context_before,
            context_after: &row.context_after,
            seen_verdict: row.seen.as_ref().map(|s| s.verdict.as_str()),
            seen_claim: row.seen.as_ref().map(|s| s.claim.as_str()),
            seen_date: row.seen.as_ref().map(|s| s.date.as_str()),
            similarity: row
                .seen
                .as_ref()
                .map(|s| format_score(s.similarity).parse().unwrap_or(f64::NAN)),
            verdict: None,
            notes: None,
            start_byte: row.start_byte,
            end_byte: row.end_byte,
            quantity_details: &row.quantities,
            attribution_details: &row.attribution,
            paragraph: row.paragraph,
        }
    }
}

/// Writes [`ClaimRow`]s as JSON Lines (`\n`-terminated, UTF-8).
pub struct JsonlSink<W: Write> {
    out: W,
}

impl<W: Write> JsonlSink<W> {
    pub fn new(out: W) -> Self {
        JsonlSink { out }
    }

    fn write_claim(&mut self, row: &ClaimRow) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, &JsonClaim::from(row))?;
        self.out.write_all(b"\n")
    }
}

impl RowSink for JsonlSink<Destination> {
    fn write_row(&mut self, row: &ClaimRow) -> io::Result<()> {
        self.write_claim(row)
    }

    /// JSON Lines has no header and is written row by row, so a resumed run can append.
    fn checkpoint(&mut self) -> io::Result<Option<u64>> {
        self.out.sync()
    }

    fn finish(self: Box<Self>) -> io::Result<()> {
        self.out.commit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_have_every_column_and_raw_text() {
        let row = ClaimRow {
            claim_id: "a3f9c2d1e0-017".into(),
            article: "world/x.md".into(),
            title: "T".into(),
            date: "2024-05-02".into(),
            sentence_index: 17,
            start: 10,
            end: 20,
            score: 0.81234,
            claim_type: None,
            quantities: crate::claims::quantities("It cost $5."),
            attribution: Vec::new(),
            group: "a3f9c2d1e0-002".into(),
            sentence: "=HYPERLINK(\"http://x\",\"y\")".into(),
            context_before: String::new(),
            context_after: "After.".into(),
            seen: Some(crate::output::Seen {
                verdict: "check".into(),
                claim: "It cost $5.".into(),
                date: "2026-11-30".into(),
                similarity: 0.9012,
            }),
            start_byte: 11,
            end_byte: 22,
            paragraph: 3,
        };
        let mut sink = JsonlSink::new(Vec::new());
        sink.write_claim(&row).unwrap();
        let text = String::from_utf8(sink.out).unwrap();
        assert!(text.ends_with('\n') && text.lines().count() == 1);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let object = value.as_object().unwrap();
        for column in crate::output::CSV_COLUMNS {
            assert!(object.contains_key(column), "{column}");
        }
        assert_eq!(value["sentence"], "=HYPERLINK(\"http://x\",\"y\")");
        assert_eq!(value["score"], 0.812);
        assert_eq!(value["group"], "a3f9c2d1e0-002");
        assert_eq!(value["seen_verdict"], "check");
        assert_eq!(value["similarity"], 0.901);
        assert!(value["verdict"].is_null() && value["notes"].is_null());
        assert_eq!(value["start_byte"], 11);
        assert_eq!(value["end_byte"], 22);
        assert!(value["claim_type"].is_null());
        assert_eq!(value["quantities"], "$5");
        assert_eq!(value["quantity_details"][0]["kind"], "money");
        assert_eq!(value["quantity_details"][0]["start"], 8);
        assert_eq!(value["attribution"], "");
        assert_eq!(value["attribution_details"], serde_json::json!([]));
        assert_eq!(value["paragraph"], 3);
    }
}
