//! A local memory of reviewed claims, so a claim is checked once.
//!
//! `claimsift review --remember` stores every judged claim with its sentence vector in a
//! SQLite file ([`ClaimMemory`]); `claimsift scan` looks each flagged claim up in it
//! ([`MemoryIndex`], [`query_vectors`], [`lookup`]) and reports the closest remembered claim
//! when its confidence clears the threshold shipped with the embedder
//! ([`MatchOptions::for_embedder`]). How well that matching works is measured by
//! `claimsift memory eval` ([`eval`]).

pub mod eval;
mod index;
mod lexical;
pub mod lookup;
mod matcher;
mod store;

use std::path::PathBuf;

pub use index::{TopK, VectorIndex};
pub use lexical::LexicalIndex;
pub use matcher::{
    figure_agreement, query_vectors, sort_matches, BestMatch, Match, MatchOptions, MatchQuery,
    MemoryIndex, Signals, DUPLICATE_COSINE, MAX_LEAD,
};
pub use store::{ClaimMemory, ImportCounts, Stats, SCHEMA_VERSION};

/// File name of the default memory inside the user's data directory.
pub const DEFAULT_FILE: &str = "memory.sqlite";

/// One remembered claim: what was judged, how, when, and with which tools.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Remembered {
    pub claim_id: String,
    pub text: String,
    pub verdict: String,
    pub notes: String,
    pub article: String,
    pub title: String,
    /// The article's own date, as the scan wrote it.
    pub article_date: String,
    /// When the verdict was given (the reviewed sheet's modification date, `YYYY-MM-DD`).
    pub reviewed: String,
    /// The sheet the verdict came from.
    pub source: String,
    pub tool_version: String,
    /// The claim model that flagged it, when the sheet says.
    pub model: String,
    /// The embedder that made `vector`; vectors of different embedders are not compared.
    pub embedder: String,
    #[serde(skip)]
    pub vector: Vec<f32>,
}

/// Why the memory cannot be used. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum MemoryError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{}: not a readable claimsift memory ({message}); it was left untouched. Move it \
         away (claimsift then starts a new memory there) or pass --db PATH to use another",
        path.display()
    )]
    Corrupt { path: PathBuf, message: String },
    #[error(
        "{}: an SQLite database that is not a claimsift memory; it was left untouched. \
         Pass --db PATH to name a claimsift memory file",
        path.display()
    )]
    Foreign { path: PathBuf },
    #[error(
        "{}: written by a newer claimsift (schema version {found}, this one reads up to \
         {supported}); upgrade claimsift or pass --db PATH",
        path.display()
    )]
    Newer {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{}: {message}", path.display())]
    Sql { path: PathBuf, message: String },
    #[error("{}: {message}", path.display())]
    Data { path: PathBuf, message: String },
}

/// Where the memory lives when `--db` is not given: `$CLAIMSIFT_DB`, else
/// `claimsift/memory.sqlite` in the user's data directory (`$XDG_DATA_HOME` or
/// `~/.local/share` on Linux).
pub fn default_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CLAIMSIFT_DB") {
        return Some(PathBuf::from(path));
    }
    dirs::data_dir().map(|d| d.join("claimsift").join(DEFAULT_FILE))
}

/// Stores `rows`, embedding only those whose text is not already stored under their
/// `claim_id` (vectors of unchanged claims are kept), in chunks so that an interrupted
/// import keeps what it did. Progress goes to `progress` after each chunk.
pub fn remember(
    memory: &mut ClaimMemory,
    mut rows: Vec<Remembered>,
    embedder: &mut crate::model::embed::Embedder,
    mut progress: impl FnMut(usize, usize),
) -> Result<ImportCounts, RememberError> {
    const CHUNK: usize = 512;
    let mut counts = ImportCounts::default();
    let total = rows.len();
    let mut done = 0;
    while !rows.is_empty() {
        let rest = rows.split_off(rows.len().min(CHUNK));
        let mut chunk = std::mem::replace(&mut rows, rest);
        let ids: Vec<&str> = chunk.iter().map(|r| r.claim_id.as_str()).collect();
        let stored = memory.stored_texts(&ids)?;
        let (same, mut changed): (Vec<Remembered>, Vec<Remembered>) =
            chunk.drain(..).partition(|r| {
                stored
                    .get(&r.claim_id)
                    .is_some_and(|(text, verdict, notes)| {
                        *text == r.text && *verdict == r.verdict && *notes == r.notes
                    })
            });
        counts.unchanged += same.len();
        let texts: Vec<&str> = changed.iter().map(|r| r.text.as_str()).collect();
        let vectors = embedder.embed(&texts)?;
        for (row, vector) in changed.iter_mut().zip(vectors) {
            row.vector = vector;
            row.embedder = embedder.version();
        }
        let c = memory.upsert(&changed)?;
        counts.added += c.added;
        counts.updated += c.updated;
        counts.unchanged += c.unchanged;
        done += same.len() + changed.len();
        progress(done, total);
    }
    Ok(counts)
}

/// Why [`remember`] failed.
#[derive(Debug, thiserror::Error)]
pub enum RememberError {
    #[error(transparent)]
    Memory(#[from] MemoryError),
    #[error(transparent)]
    Model(#[from] crate::model::ModelError),
}
