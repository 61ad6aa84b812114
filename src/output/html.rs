//! The HTML report: one self-contained page with the whole run at a glance and every article
//! with its sentences highlighted by score.
//!
//! The page is data plus a small script: the articles and every scored sentence are embedded
//! once as JSON (`<script type="application/json">`, never executed), and the script draws the
//! overview and, on demand, one article at a time. A run of 10,000 articles therefore costs
//! one `JSON.parse` and a page of table rows when opened, not 10,000 articles of DOM.
//!
//! Safety: article text, titles and paths reach the page only as JSON strings (with `<`, `>`
//! and `&` escaped, so no `</script>` can end the data block) that the script puts into the
//! DOM as text nodes, or, in the static summary, HTML-escaped. A Content-Security-Policy meta
//! tag allows nothing but the page's own style and script, by hash: no network, no other
//! script, no inline event handler.

use std::io::{self, Write};

use base64::Engine;
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::{format_score, ArticleSummary, ClaimRow, Destination, RowSink, RunInfo};

const STYLE: &str = include_str!("html/report.css");
const SCRIPT: &str = include_str!("html/report.js");

/// Row fields that the report shows in their own place; every other field of a row
/// (claim type, quantities, attribution, group, an earlier verdict…) is listed as a detail.
/// Deliberately not `CSV_COLUMNS`: a column added there for a new detail must still show.
const LAID_OUT_FIELDS: [&str; 16] = [
    "claim_id",
    "article",
    "title",
    "date",
    "sentence_index",
    "start",
    "end",
    "start_byte",
    "end_byte",
    "score",
    "sentence",
    "context_before",
    "context_after",
    "paragraph",
    "verdict",
    "notes",
];

/// One article of the report, with every sentence the scan scored.
#[derive(Debug, Clone, Default)]
pub struct ReportArticle {
    pub path: String,
    pub title: String,
    pub date: String,
    /// Why the file could not be read, for a skipped file.
    pub error: Option<String>,
    pub sentences: Vec<ReportSentence>,
}

/// One scored sentence.
#[derive(Debug, Clone)]
pub struct ReportSentence {
    pub claim_id: String,
    pub paragraph: usize,
    pub score: f32,
    pub text: String,
    /// Whatever else the row says about the sentence, by field name.
    pub details: Map<String, Value>,
}

impl ReportSentence {
    /// The sentence as a row of the scan describes it.
    pub fn from_row(row: &ClaimRow) -> Self {
        // The same fields, in the same form, as the scan's JSONL row, so that a report made
        // by `claimsift report` from that JSONL shows exactly what this one shows.
        let details = match serde_json::to_value(super::jsonl::JsonClaim::from(row)) {
            Ok(Value::Object(fields)) => details_of(fields),
            _ => Map::new(),
        };
        ReportSentence {
            claim_id: row.claim_id.clone(),
            paragraph: row.paragraph,
            score: row.score,
            text: row.sentence.clone(),
            details,
        }
    }
}

/// The fields of a row that are details: all but those laid out, and none that is empty.
pub fn details_of(fields: Map<String, Value>) -> Map<String, Value> {
    fields
        .into_iter()
        .filter(|(name, value)| {
            !LAID_OUT_FIELDS.contains(&name.as_str())
                && match value {
                    Value::Null => false,
                    Value::String(s) => !s.is_empty(),
                    Value::Array(a) => !a.is_empty(),
                    Value::Object(o) => !o.is_empty(),
                    _ => true,
                }
        })
        .collect()
}

/// The report's embedded data. Sentences are arrays, not objects: at 10,000 articles the
/// repeated key names would be a third of the file.
#[derive(Serialize)]
struct Data<'a> {
    threshold: f64,
    articles: Vec<ArticleData<'a>>,
}

#[derive(Serialize)]
struct ArticleData<'a> {
    path: &'a str,
    title: &'a str,
    date: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    sentences: Vec<SentenceData<'a>>,
}

/// `[score, paragraph, text, claim_id, details or null]`, as the page's script reads it.
type SentenceData<'a> = (f64, usize, &'a str, &'a str, Option<&'a Map<String, Value>>);

fn rounded(score: f32) -> f64 {
    format_score(score).parse().unwrap_or(0.0)
}

/// The whole report page for `articles` (in input order) from the run `run`.
pub fn render(articles: &[ReportArticle], run: &RunInfo) -> String {
    let data = Data {
        threshold: rounded(run.threshold),
        articles: articles
            .iter()
            .map(|a| ArticleData {
                path: &a.path,
                title: &a.title,
                date: &a.date,
                error: a.error.as_deref(),
                sentences: a
                    .sentences
                    .iter()
                    .map(|s| {
                        let details = (!s.details.is_empty()).then_some(&s.details);
                        (
                            rounded(s.score),
                            s.paragraph,
                            s.text.as_str(),
                            s.claim_id.as_str(),
                            details,
                        )
                    })
                    .collect(),
            })
            .collect(),
    };
    let json = serde_json::to_string(&data).expect("report data serialises");
    let json = script_safe_json(&json);

    let read = articles.iter().filter(|a| a.error.is_none()).count();
    let failed = articles.len() - read;
    let sentences: usize = articles.iter().map(|a| a.sentences.len()).sum();
    let claims = articles
        .iter()
        .flat_map(|a| &a.sentences)
        .filter(|s| rounded(s.score) >= rounded(run.threshold))
        .count();
    let text = |s: &str| html_escape::encode_text(s).into_owned();
    let attribute = |s: &str| html_escape::encode_double_quoted_attribute(s).into_owned();

    let mut page = String::with_capacity(json.len() + STYLE.len() + SCRIPT.len() + 4096);
    page.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n",
        attribute(&content_security_policy())
    ));
    page.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str(&format!(
        "<title>claimsift report: {} articles, {} claims</title>\n",
        read, claims
    ));
    page.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    page.push_str(&format!(
        "<header id=\"bar\">\n<h1><a href=\"#\" data-target=\"-1\">claimsift report</a></h1>\n\
         <label>Threshold <input id=\"threshold\" type=\"range\" min=\"0\" max=\"1\" \
         step=\"0.001\" value=\"{threshold}\"> <output id=\"threshold-value\">{threshold}</output>\
         </label>\n<label id=\"type-filter\" hidden>Type <select id=\"type\">\
         <option value=\"\">all</option></select></label>\n\
         <span class=\"keys\"><kbd>j</kbd>/<kbd>k</kbd> next/previous claim</span>\n</header>\n",
        threshold = format_score(run.threshold)
    ));
    page.push_str("<main>\n<section id=\"overview\">\n<h2>Run</h2>\n<dl id=\"summary\">\n");
    let mut fact = |name: &str, value: &str, id: Option<&str>| {
        let id = id.map(|id| format!(" id=\"{id}\"")).unwrap_or_default();
        page.push_str(&format!(
            "<dt>{}</dt><dd{id}>{}</dd>\n",
            text(name),
            text(value)
        ));
    };
    fact("Articles", &read.to_string(), Some("count-articles"));
    if failed > 0 {
        fact("Files skipped", &failed.to_string(), Some("count-failed"));
    }
    fact("Sentences", &sentences.to_string(), Some("count-sentences"));
    fact("Claims", &claims.to_string(), Some("count-claims"));
    fact(
        "Threshold",
        &format_score(run.threshold),
        Some("run-threshold"),
    );
    fact("Model", &run.model, None);
    fact("Date", &run.started, None);
    fact("claimsift", &run.tool_version, None);
    fact("Command", &run.command_line, None);
    page.push_str(
        "</dl>\n<noscript><p>The histogram, the article table and the articles need \
         JavaScript.</p></noscript>\n\
         <h2>Scores</h2>\n<div id=\"histogram\"></div>\n\
         <div id=\"types\" hidden><h2>Claims per type</h2><table><thead><tr><th>Type</th>\
         <th class=\"num\">Claims</th></tr></thead><tbody id=\"types-body\"></tbody></table></div>\n\
         <h2>Articles</h2>\n<p class=\"tools\"><label>Find <input id=\"find\" type=\"search\" \
         placeholder=\"path or title\"></label> <span id=\"pager\"></span></p>\n\
         <table id=\"articles\"><thead><tr>\
         <th class=\"num\"><button data-sort=\"index\">#</button></th>\
         <th><button data-sort=\"path\">Article</button></th>\
         <th><button data-sort=\"date\">Date</button></th>\
         <th class=\"num\"><button data-sort=\"sentences\">Sentences</button></th>\
         <th class=\"num\"><button data-sort=\"claims\">Claims</button></th>\
         <th class=\"num\"><button data-sort=\"top\">Top score</button></th>\
         </tr></thead><tbody id=\"articles-body\"></tbody></table>\n</section>\n\
         <section id=\"reader\" hidden></section>\n</main>\n\
         <div id=\"tip\" role=\"tooltip\" hidden></div>\n",
    );
    page.push_str("<script type=\"application/json\" id=\"report-data\">");
    page.push_str(&json);
    page.push_str("</script>\n<script>");
    page.push_str(SCRIPT);
    page.push_str("</script>\n</body>\n</html>\n");
    page
}

/// Only this page's own style and script run; nothing is fetched, framed or submitted.
fn content_security_policy() -> String {
    format!(
        "default-src 'none'; script-src '{}'; style-src '{}'; img-src data:; base-uri 'none'; \
         form-action 'none'",
        sha256_source(SCRIPT),
        sha256_source(STYLE)
    )
}

fn sha256_source(inline: &str) -> String {
    let digest = Sha256::digest(inline.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// JSON that can sit inside a `<script>` element: no `<` (so no `</script>` or `<!--`), and
/// `>` and `&` escaped too. Outside strings JSON never holds these characters, so escaping
/// them everywhere keeps the JSON equal.
fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Collects the scan's rows article by article and writes the report when the run is done.
pub struct HtmlSink {
    out: Destination,
    run: RunInfo,
    articles: Vec<ReportArticle>,
    pending: Vec<ReportSentence>,
}

impl HtmlSink {
    pub fn new(out: Destination, run: RunInfo) -> Self {
        HtmlSink {
            out,
            run,
            articles: Vec::new(),
            pending: Vec::new(),
        }
    }
}

impl RowSink for HtmlSink {
    fn write_row(&mut self, row: &ClaimRow) -> io::Result<()> {
        self.pending.push(ReportSentence::from_row(row));
        Ok(())
    }

    fn write_article(&mut self, summary: &ArticleSummary) -> io::Result<()> {
        self.articles.push(ReportArticle {
            path: summary.path.clone(),
            title: summary.title.clone(),
            date: summary.date.clone(),
            error: summary.error.clone(),
            sentences: std::mem::take(&mut self.pending),
        });
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        let page = render(&self.articles, &self.run);
        self.out.write_all(page.as_bytes())?;
        self.out.commit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_info() -> RunInfo {
        RunInfo {
            tool_version: "0.1.0".into(),
            model: "claim-minilm (<models>)".into(),
            threshold: 0.5,
            started: "2026-01-02T03:04:05Z".into(),
            command_line: "claimsift scan a -o r.html".into(),
        }
    }

    fn sentence(text: &str, score: f32) -> ReportSentence {
        ReportSentence {
            claim_id: "abc-000".into(),
            paragraph: 0,
            score,
            text: text.into(),
            details: Map::new(),
        }
    }

    #[test]
    fn article_text_cannot_leave_the_data_block() {
        let article = ReportArticle {
            path: "x/<img src=x onerror=alert(1)>.txt".into(),
            title: "</script><script>alert(1)</script>".into(),
            sentences: vec![sentence(
                "<!-- </script><script>window.pwned=1</script>",
                0.9,
            )],
            ..ReportArticle::default()
        };
        let page = render(&[article], &run_info());
        assert_eq!(page.matches("<script").count(), 2, "only our two blocks");
        assert_eq!(page.matches("</script>").count(), 2);
        assert!(!page.contains("<img"));
        assert!(!page.contains("<!--"));
        let start = page.find("id=\"report-data\">").unwrap() + "id=\"report-data\">".len();
        let end = start + page[start..].find("</script>").unwrap();
        let data: Value = serde_json::from_str(&page[start..end]).unwrap();
        assert_eq!(
            data["articles"][0]["title"],
            "</script><script>alert(1)</script>"
        );
        assert_eq!(data["articles"][0]["sentences"][0][0], 0.9);
    }

    #[test]
    fn summary_is_escaped_and_policy_hashes_the_inline_code() {
        let page = render(&[], &run_info());
        assert!(page.contains("claim-minilm (&lt;models&gt;)"));
        let policy = content_security_policy();
        assert!(!policy.contains("unsafe"));
        assert!(policy.contains(&sha256_source(SCRIPT)));
        assert!(page.contains(&format!("<script>{SCRIPT}</script>")));
        assert!(page.contains(&format!("<style>{STYLE}</style>")));
    }

    #[test]
    fn details_are_the_fields_not_laid_out() {
        let fields = serde_json::json!({
            "claim_id": "a", "score": 0.5, "sentence": "s", "claim_type": "statistic",
            "quantities": ["3%"], "group": null, "attribution": "", "verdict": null
        });
        let Value::Object(fields) = fields else {
            unreachable!()
        };
        let details = details_of(fields);
        let names: Vec<&str> = details.keys().map(String::as_str).collect();
        assert_eq!(names, ["claim_type", "quantities"]);
    }

    #[test]
    fn claims_are_counted_at_the_run_threshold() {
        let article = ReportArticle {
            path: "a.txt".into(),
            // The page compares the scores it shows (three decimals): 0.4996 shows as 0.500.
            sentences: vec![sentence("Yes.", 0.4996), sentence("No.", 0.4994)],
            ..ReportArticle::default()
        };
        let page = render(&[article], &run_info());
        assert!(page.contains("<dd id=\"count-claims\">1</dd>"), "{page}");
    }
}
