//! Whole labelled articles for evaluation: an `articles.jsonl` file (one JSON object a line
//! with `id`, `title` and `text`, the shape of the news_articles data) and the context scan
//! would give each labelled sentence of them.
//!
//! Labelled rows point into the articles by `article` and `start` (a character offset into
//! the article's `text`). Each article goes through the reader and splitter scan uses for a
//! `.txt` file; a row's context is that of the split sentence it starts in, so a figure from
//! `claimsift eval --articles` is a figure of what scan would do on those articles.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::dataset::{DatasetError, Labelled};
use crate::ingest::{self, Format};
use crate::text::{self, Sentence};

/// One article as read and split by scan.
pub struct SplitArticle {
    pub title: Option<String>,
    pub sentences: Vec<Sentence>,
}

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The file cannot be read, or a line is not an article.
    #[error(transparent)]
    Data(#[from] DatasetError),
    #[error("{path}: {problem}")]
    Missing { path: PathBuf, problem: String },
}

#[derive(Deserialize)]
struct JsonArticle {
    id: String,
    #[serde(default)]
    title: Option<String>,
    text: String,
}

/// Reads `articles.jsonl`, keeping only the articles `wanted` names, each split as scan splits
/// a plain-text article.
pub fn read_articles(
    path: &Path,
    wanted: &std::collections::HashSet<&str>,
) -> Result<HashMap<String, SplitArticle>, CorpusError> {
    let file = std::fs::File::open(path).map_err(|source| DatasetError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = HashMap::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| DatasetError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let article: JsonArticle =
            serde_json::from_str(&line).map_err(|e| DatasetError::Malformed {
                path: path.to_path_buf(),
                line: i + 1,
                problem: format!("not an article object with id, title and text: {e}"),
            })?;
        if !wanted.contains(article.id.as_str()) {
            continue;
        }
        let extracted = ingest::extract(&article.text, Format::Plain);
        let sentences = text::sentences(&article.text, &extracted.body);
        let title = article
            .title
            .filter(|t| !t.trim().is_empty())
            .or(extracted.title);
        out.insert(article.id, SplitArticle { title, sentences });
    }
    Ok(out)
}

/// A row's previous sentence and its article's title, as scan has them.
pub type RowContext<'a> = (Option<&'a str>, Option<&'a str>);

/// For each labelled row, the previous sentence and the title scan would give it; rows
/// without `article`/`start`, or whose article is not in `articles`, are an error naming them.
pub fn row_contexts<'a>(
    rows: &[Labelled],
    articles: &'a HashMap<String, SplitArticle>,
    articles_path: &Path,
) -> Result<Vec<RowContext<'a>>, CorpusError> {
    rows.iter()
        .map(|row| {
            let (Some(article_id), Some(start)) = (row.article.as_deref(), row.start) else {
                return Err(CorpusError::Missing {
                    path: articles_path.to_path_buf(),
                    problem: format!(
                        "row {} has no article/start columns; --articles needs data with \
                         `article` and `start` (character offset) columns",
                        row.id
                    ),
                });
            };
            let article = articles
                .get(article_id)
                .ok_or_else(|| CorpusError::Missing {
                    path: articles_path.to_path_buf(),
                    problem: format!("no article {article_id:?} (needed by row {})", row.id),
                })?;
            // The split sentence the row starts in (or the first one after it).
            let k = article
                .sentences
                .iter()
                .position(|s| s.end > start)
                .unwrap_or(article.sentences.len());
            let previous = k
                .checked_sub(1)
                .and_then(|p| article.sentences.get(p))
                .map(|s| s.text.as_str());
            Ok((previous, article.title.as_deref()))
        })
        .collect()
}
