//! What `scan` asks of the memory: for each flagged claim, the remembered claim it matches.

use sha2::{Digest, Sha256};

use super::{query_vectors, ClaimMemory, MatchOptions, MatchQuery, MemoryError, MemoryIndex};
use crate::model::embed::Embedder;
use crate::model::ModelError;
use crate::output::Seen;

/// The memory, indexed, with the embedder that made its vectors.
pub struct Lookup {
    index: MemoryIndex,
    embedder: Embedder,
    fingerprint: String,
    /// Remembered claims left out because another embedder made their vectors.
    pub skipped_other_embedder: usize,
}

impl Lookup {
    /// Loads every remembered claim whose vector `embedder` made.
    pub fn load(memory: &ClaimMemory, embedder: Embedder) -> Result<Self, MemoryError> {
        let version = embedder.version();
        let all = memory.all(true)?;
        let total = all.len();
        let rows: Vec<_> = all.into_iter().filter(|r| r.embedder == version).collect();
        // What the memory said when the scan started: a resumed scan must see the same.
        let mut hasher = Sha256::new();
        for r in &rows {
            for field in [&r.claim_id, &r.text, &r.verdict, &r.reviewed] {
                hasher.update(field.as_bytes());
                hasher.update([0]);
            }
        }
        let digest = hasher.finalize();
        let fingerprint = format!(
            "{} claims sha256 {}",
            rows.len(),
            digest[..8]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        let skipped_other_embedder = total - rows.len();
        let options = MatchOptions::for_embedder(embedder.dir())?;
        let index = MemoryIndex::build(rows, embedder.dim(), options);
        Ok(Lookup {
            index,
            embedder,
            fingerprint,
            skipped_other_embedder,
        })
    }

    /// Claims in the index.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Identifies what was loaded (count and a digest of ids, texts and verdicts).
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// For each claim (with the sentence before it, when known), the remembered claim it
    /// matches, if any. The same matcher `claimsift memory eval` measures.
    pub fn seen(&mut self, queries: &[MatchQuery]) -> Result<Vec<Option<Seen>>, ModelError> {
        if queries.is_empty() || self.index.is_empty() {
            return Ok(vec![None; queries.len()]);
        }
        let vectors = query_vectors(&mut self.embedder, queries, self.index.options())?;
        Ok(self
            .index
            .best(queries, &vectors)
            .into_iter()
            .map(|m| {
                // Different figures are a different claim, however alike the words: a
                // remembered verdict on "80,000" says nothing about "8,000".
                m.map(|b| b.best)
                    .filter(|m| m.signals.numbers >= 0.0)
                    .map(|m| {
                        let row = &self.index.rows()[m.row as usize];
                        Seen {
                            verdict: row.verdict.clone(),
                            claim: row.text.clone(),
                            date: row.reviewed.clone(),
                            similarity: m.signals.cosine.clamp(0.0, 1.0),
                        }
                    })
            })
            .collect())
    }
}
