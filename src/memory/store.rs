//! The SQLite file: opening it safely, its schema and migrations, reads and writes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension};

use super::{MemoryError, Remembered};

/// `PRAGMA application_id` of a claimsift memory ("CSmm"): tells our file from any other
/// SQLite database, which is never touched.
const APPLICATION_ID: i32 = 0x43_53_6d_6d;

/// Schema changes, in order: `MIGRATIONS[i]` takes `user_version` i to i + 1. Never edit
/// one that has shipped; add the next.
const MIGRATIONS: &[&str] = &["CREATE TABLE claims (
        claim_id     TEXT PRIMARY KEY NOT NULL,
        text         TEXT NOT NULL,
        verdict      TEXT NOT NULL,
        notes        TEXT NOT NULL DEFAULT '',
        article      TEXT NOT NULL DEFAULT '',
        title        TEXT NOT NULL DEFAULT '',
        article_date TEXT NOT NULL DEFAULT '',
        reviewed     TEXT NOT NULL,
        source       TEXT NOT NULL DEFAULT '',
        tool_version TEXT NOT NULL,
        model        TEXT NOT NULL DEFAULT '',
        embedder     TEXT NOT NULL,
        vector       BLOB NOT NULL
    ) STRICT;
    CREATE INDEX claims_verdict ON claims(verdict);
    CREATE INDEX claims_reviewed ON claims(reviewed);"];

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// What an import did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ImportCounts {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// A summary of the memory.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Stats {
    pub path: String,
    pub schema_version: i64,
    pub claims: usize,
    pub by_verdict: BTreeMap<String, usize>,
    pub by_embedder: BTreeMap<String, usize>,
    pub first_reviewed: Option<String>,
    pub last_reviewed: Option<String>,
    pub file_bytes: u64,
}

/// A SQLite memory of reviewed claims.
pub struct ClaimMemory {
    conn: Connection,
    path: PathBuf,
}

impl ClaimMemory {
    /// Opens the memory at `path`, creating it (and its folder) if there is no file yet.
    pub fn open(path: &Path) -> Result<Self, MemoryError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| MemoryError::Io {
                path: parent.to_path_buf(),
                source: e,
            })?;
        }
        Self::open_with(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )
    }

    /// Opens an existing memory; `None` when there is no file at `path`.
    pub fn open_existing(path: &Path) -> Result<Option<Self>, MemoryError> {
        if !path.exists() {
            return Ok(None);
        }
        Self::open_with(path, OpenFlags::SQLITE_OPEN_READ_WRITE).map(Some)
    }

    fn open_with(path: &Path, flags: OpenFlags) -> Result<Self, MemoryError> {
        let flags = flags | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| sql(path, e))?;
        let memory = ClaimMemory {
            conn,
            path: path.to_path_buf(),
        };
        memory.check_and_migrate()?;
        Ok(memory)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Refuses files that are not ours before anything is written to them, then brings
    /// the schema up to date.
    fn check_and_migrate(&self) -> Result<(), MemoryError> {
        let path = &self.path;
        // A busy writer (a review importing while a scan reads) is waited for, not failed on.
        self.conn
            .busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| sql(path, e))?;
        // The first read of the header is where a corrupt or non-SQLite file shows itself.
        let pragma = |name: &str| -> Result<i64, MemoryError> {
            self.conn
                .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
                .map_err(|e| sql(path, e))
        };
        let app_id = pragma("application_id")? as i32;
        let version = pragma("user_version")?;
        let objects: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| sql(path, e))?;
        if app_id != APPLICATION_ID && !(app_id == 0 && objects == 0) {
            return Err(MemoryError::Foreign { path: path.clone() });
        }
        if version > SCHEMA_VERSION {
            return Err(MemoryError::Newer {
                path: path.clone(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(|e| sql(path, e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(MemoryError::Sql {
                path: path.clone(),
                message: format!("cannot switch to WAL journal mode (got {mode})"),
            });
        }
        self.conn
            .execute_batch("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")
            .map_err(|e| sql(path, e))?;
        for (from, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let to = from + 1;
            let batch = format!(
                "BEGIN IMMEDIATE; {migration}; PRAGMA application_id = {APPLICATION_ID}; \
                 PRAGMA user_version = {to}; COMMIT;"
            );
            if let Err(e) = self.conn.execute_batch(&batch) {
                let _ = self.conn.execute_batch("ROLLBACK");
                return Err(sql(path, e));
            }
        }
        Ok(())
    }

    /// Inserts or updates claims by `claim_id`. A row whose text, verdict and notes are
    /// already stored is left exactly as it is (its dates included), so importing the same
    /// sheet twice changes nothing.
    pub fn upsert(&mut self, rows: &[Remembered]) -> Result<ImportCounts, MemoryError> {
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| sql(&path, e))?;
        let mut counts = ImportCounts::default();
        {
            let mut find = tx
                .prepare_cached("SELECT text, verdict, notes FROM claims WHERE claim_id = ?1")
                .map_err(|e| sql(&path, e))?;
            let mut write = tx
                .prepare_cached(
                    "INSERT INTO claims (claim_id, text, verdict, notes, article, title, \
                     article_date, reviewed, source, tool_version, model, embedder, vector) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) \
                     ON CONFLICT(claim_id) DO UPDATE SET text = excluded.text, \
                     verdict = excluded.verdict, notes = excluded.notes, article = excluded.article, \
                     title = excluded.title, article_date = excluded.article_date, \
                     reviewed = excluded.reviewed, source = excluded.source, \
                     tool_version = excluded.tool_version, model = excluded.model, \
                     embedder = excluded.embedder, vector = excluded.vector",
                )
                .map_err(|e| sql(&path, e))?;
            for row in rows {
                let stored: Option<(String, String, String)> = find
                    .query_row([&row.claim_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .optional()
                    .map_err(|e| sql(&path, e))?;
                match stored {
                    Some((text, verdict, notes))
                        if text == row.text && verdict == row.verdict && notes == row.notes =>
                    {
                        counts.unchanged += 1;
                        continue;
                    }
                    Some(_) => counts.updated += 1,
                    None => counts.added += 1,
                }
                write
                    .execute(params![
                        row.claim_id,
                        row.text,
                        row.verdict,
                        row.notes,
                        row.article,
                        row.title,
                        row.article_date,
                        row.reviewed,
                        row.source,
                        row.tool_version,
                        row.model,
                        row.embedder,
                        vector_bytes(&row.vector),
                    ])
                    .map_err(|e| sql(&path, e))?;
            }
        }
        tx.commit().map_err(|e| sql(&path, e))?;
        Ok(counts)
    }

    /// What is stored for these claim ids (text, verdict, notes), to skip re-embedding
    /// unchanged rows.
    pub fn stored_texts(
        &self,
        ids: &[&str],
    ) -> Result<BTreeMap<String, (String, String, String)>, MemoryError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT text, verdict, notes FROM claims WHERE claim_id = ?1")
            .map_err(|e| sql(&self.path, e))?;
        let mut found = BTreeMap::new();
        for id in ids {
            if let Some(row) = stmt
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()
                .map_err(|e| sql(&self.path, e))?
            {
                found.insert((*id).to_string(), row);
            }
        }
        Ok(found)
    }

    /// Every remembered claim, in `claim_id` order; vectors included when `with_vectors`.
    pub fn all(&self, with_vectors: bool) -> Result<Vec<Remembered>, MemoryError> {
        self.query(
            "SELECT claim_id, text, verdict, notes, article, title, article_date, reviewed, \
             source, tool_version, model, embedder, CASE WHEN ?1 THEN vector ELSE x'' END \
             FROM claims ORDER BY claim_id",
            params![with_vectors],
        )
    }

    /// The most recently reviewed claims, newest first (ties by `claim_id`).
    pub fn recent(
        &self,
        limit: usize,
        verdict: Option<&str>,
    ) -> Result<Vec<Remembered>, MemoryError> {
        self.query(
            "SELECT claim_id, text, verdict, notes, article, title, article_date, reviewed, \
             source, tool_version, model, embedder, x'' FROM claims \
             WHERE ?1 IS NULL OR verdict = ?1 ORDER BY reviewed DESC, claim_id LIMIT ?2",
            params![verdict, limit as i64],
        )
    }

    fn query(
        &self,
        statement: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<Remembered>, MemoryError> {
        let mut stmt = self
            .conn
            .prepare(statement)
            .map_err(|e| sql(&self.path, e))?;
        let rows = stmt
            .query_map(params, |r| {
                let blob: Vec<u8> = r.get(12)?;
                Ok(Remembered {
                    claim_id: r.get(0)?,
                    text: r.get(1)?,
                    verdict: r.get(2)?,
                    notes: r.get(3)?,
                    article: r.get(4)?,
                    title: r.get(5)?,
                    article_date: r.get(6)?,
                    reviewed: r.get(7)?,
                    source: r.get(8)?,
                    tool_version: r.get(9)?,
                    model: r.get(10)?,
                    embedder: r.get(11)?,
                    vector: blob
                        .chunks_exact(4)
                        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                        .collect(),
                })
            })
            .map_err(|e| sql(&self.path, e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| sql(&self.path, e))
    }

    /// Removes claims by id; returns how many were there.
    pub fn forget(&mut self, ids: &[String]) -> Result<usize, MemoryError> {
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| sql(&path, e))?;
        let mut removed = 0;
        {
            let mut stmt = tx
                .prepare_cached("DELETE FROM claims WHERE claim_id = ?1")
                .map_err(|e| sql(&path, e))?;
            for id in ids {
                removed += stmt.execute([id]).map_err(|e| sql(&path, e))?;
            }
        }
        tx.commit().map_err(|e| sql(&path, e))?;
        Ok(removed)
    }

    /// Removes claims reviewed before `date` (an ISO date, compared as text).
    pub fn forget_before(&mut self, date: &str) -> Result<usize, MemoryError> {
        self.conn
            .execute("DELETE FROM claims WHERE reviewed < ?1", [date])
            .map_err(|e| sql(&self.path, e))
    }

    pub fn stats(&self) -> Result<Stats, MemoryError> {
        let path = &self.path;
        let count_by = |column: &str| -> Result<BTreeMap<String, usize>, MemoryError> {
            let mut stmt = self
                .conn
                .prepare(&format!(
                    "SELECT {column}, count(*) FROM claims GROUP BY {column}"
                ))
                .map_err(|e| sql(path, e))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
                })
                .map_err(|e| sql(path, e))?;
            rows.collect::<Result<_, _>>().map_err(|e| sql(path, e))
        };
        let by_verdict = count_by("verdict")?;
        let by_embedder = count_by("embedder")?;
        let (first, last): (Option<String>, Option<String>) = self
            .conn
            .query_row("SELECT min(reviewed), max(reviewed) FROM claims", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map_err(|e| sql(path, e))?;
        Ok(Stats {
            path: path.display().to_string(),
            schema_version: SCHEMA_VERSION,
            claims: by_verdict.values().sum(),
            by_verdict,
            by_embedder,
            first_reviewed: first,
            last_reviewed: last,
            file_bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        })
    }
}

fn vector_bytes(vector: &[f32]) -> Vec<u8> {
    vector.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// SQLite's error, in words that say what to do about this file.
fn sql(path: &Path, e: rusqlite::Error) -> MemoryError {
    if let rusqlite::Error::SqliteFailure(failure, _) = &e {
        match failure.code {
            ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => {
                return MemoryError::Corrupt {
                    path: path.to_path_buf(),
                    message: e.to_string(),
                }
            }
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                return MemoryError::Sql {
                    path: path.to_path_buf(),
                    message: format!(
                        "{e}: another claimsift is writing to it; try again when it is done"
                    ),
                }
            }
            _ => {}
        }
    }
    MemoryError::Sql {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}
