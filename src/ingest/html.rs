//! HTML articles: a small tolerant tag scanner, no DOM.
//!
//! * Title: the first `<title>`, else the text of the first `<h1>` (even inside a dropped
//!   `<header>`).
//! * Date, by preference: `<meta property="article:published_time">`,
//!   `itemprop="datePublished"` (`content` or `datetime`), `<meta name="date">` (and
//!   `pubdate`, `publishdate`, `dc.date`, `dcterms.created`…), the first
//!   `<time datetime=…>`.
//! * Body: the document's text. `<head>`, `<script>`, `<style>`, `<nav>`, `<header>`,
//!   `<footer>`, `<aside>`, `<noscript>`, `<template>`, `<form>`, `<svg>`, `<button>`,
//!   `<select>`, `<iframe>` and a few more are dropped with everything inside. Block tags
//!   (`p`, `div`, `h1`–`h6`, `li`, `br`, `tr`, `td`, `blockquote`, `section`, `article`,
//!   `pre`, …) end a paragraph (so headings and table cells are paragraphs of their own);
//!   other tags vanish (a link keeps its text). Character references are decoded as
//!   replacements in the offset map; whitespace holding a line break becomes one space
//!   (as HTML renders it), so that source line breaks never split a paragraph.
//!
//! Malformed input never panics: unclosed tags, quotes, comments and raw-text elements
//! run to the end of the document. Every search moves forward, so time is linear.

use std::ops::Range;

use super::{date::parse_date, entities, Extracted};
use crate::text::{fold_whitespace, CleanTextBuilder};

/// Elements dropped with their content.
const SKIP: &[&str] = &[
    "head", "nav", "header", "footer", "aside", "form", "svg", "template", "button", "select",
    "object", "canvas", "audio", "video", "math", "dialog", "menu",
];

/// Elements whose content is raw text up to the matching end tag.
const RAW: &[&str] = &[
    "script",
    "style",
    "title",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Elements that end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "br",
    "hr",
    "tr",
    "td",
    "th",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "blockquote",
    "section",
    "article",
    "main",
    "pre",
    "figure",
    "figcaption",
    "address",
    "center",
    "details",
    "summary",
    "fieldset",
    "legend",
    "body",
    "html",
    "hgroup",
    "picture",
    "img",
];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Extracts an HTML article.
pub fn extract(src: &str) -> Extracted {
    let mut s = Scanner {
        src,
        bytes: src.as_bytes(),
        b: CleanTextBuilder::new(src),
        skip: None,
        title: None,
        h1: None,
        h1_done: false,
        dates: [None, None, None, None],
        no_quote_from: [usize::MAX, usize::MAX],
    };
    s.run();
    let title = s
        .title
        .take()
        .filter(|t| !t.is_empty())
        .or_else(|| {
            s.h1.take()
                .filter(|_| s.h1_done)
                .map(|t| fold_whitespace(&t))
        })
        .filter(|t| !t.is_empty());
    let date = s.dates.iter().flatten().next().cloned();
    Extracted {
        title,
        date,
        body: s.b.finish(),
    }
}

struct Tag {
    /// Lowercased name.
    name: String,
    closing: bool,
    self_closing: bool,
    /// The attribute text (between the name and `>`).
    attrs: Range<usize>,
    /// Offset after the tag.
    end: usize,
}

struct Scanner<'a> {
    src: &'a str,
    bytes: &'a [u8],
    b: CleanTextBuilder<'a>,
    /// Dropped element being skipped: (name, nesting depth).
    skip: Option<(String, usize)>,
    title: Option<String>,
    /// Text of the first `<h1>`, while and after it is read.
    h1: Option<String>,
    h1_done: bool,
    /// Date candidates by preference.
    dates: [Option<String>; 4],
    /// Offsets from which no `"` / `'` remains (searches that failed).
    no_quote_from: [usize; 2],
}

impl<'a> Scanner<'a> {
    fn run(&mut self) {
        let n = self.bytes.len();
        let mut i = 0;
        while i < n {
            let next_lt = memchr::memchr(b'<', &self.bytes[i..]).map_or(n, |p| i + p);
            if next_lt > i {
                self.text(i..next_lt);
            }
            if next_lt >= n {
                break;
            }
            i = self.markup(next_lt);
        }
    }

    fn capturing_h1(&self) -> bool {
        self.h1.is_some() && !self.h1_done
    }

    fn text(&mut self, r: Range<usize>) {
        if self.capturing_h1() {
            let t = entities::decode_all(&self.src[r.clone()]);
            if let Some(h) = self.h1.as_mut() {
                h.push_str(&t);
            }
        }
        if self.skip.is_some() {
            return;
        }
        let bytes = self.bytes;
        let mut start = r.start;
        // At the start of a paragraph, leading whitespace is not worth keeping.
        let at_break = {
            let t = self.b.text();
            t.is_empty() || t.ends_with('\n') || t.ends_with(' ')
        };
        if at_break {
            while start < r.end && bytes[start].is_ascii_whitespace() {
                start += 1;
            }
        }
        let mut copy_from = start;
        let mut k = start;
        while k < r.end {
            match bytes[k] {
                b'&' => {
                    if let Some((len, with)) = entities::decode_at(&self.src[k..r.end]) {
                        self.b.copy(copy_from..k);
                        self.b
                            .replace(k..k + len, if with.is_empty() { "" } else { &with });
                        k += len;
                        copy_from = k;
                        continue;
                    }
                    k += 1;
                }
                b'\n' | b'\r' | b' ' | b'\t' => {
                    let ws_start = k;
                    let mut line_break = false;
                    while k < r.end && bytes[k].is_ascii_whitespace() {
                        line_break |= bytes[k] == b'\n' || bytes[k] == b'\r';
                        k += 1;
                    }
                    if line_break {
                        // A line break in HTML source is a space: the splitter must not
                        // take it for a paragraph break or a list item.
                        self.b.copy(copy_from..ws_start);
                        self.b.replace(ws_start..k, " ");
                        copy_from = k;
                    }
                }
                _ => k += 1,
            }
        }
        self.b.copy(copy_from..r.end);
    }

    /// Handles the markup at `i` (a `<`); returns the offset after it.
    fn markup(&mut self, i: usize) -> usize {
        let n = self.bytes.len();
        let rest = &self.bytes[i..];
        if rest.starts_with(b"<!--") {
            return memchr::memmem::find(&rest[4..], b"-->").map_or(n, |p| i + 4 + p + 3);
        }
        if rest.starts_with(b"<![CDATA[") {
            return memchr::memmem::find(rest, b"]]>").map_or(n, |p| i + p + 3);
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            return memchr::memchr(b'>', rest).map_or(n, |p| i + p + 1);
        }
        let Some(tag) = self.tag(i) else {
            // A lone `<`: text.
            self.text(i..i + 1);
            return i + 1;
        };
        if tag.closing {
            self.end_tag(i, &tag);
        } else {
            return self.start_tag(i, &tag);
        }
        tag.end
    }

    fn start_tag(&mut self, i: usize, tag: &Tag) -> usize {
        let name = tag.name.as_str();
        match name {
            "meta" => self.meta(tag.attrs.clone()),
            "time" if self.dates[3].is_none() => {
                let a = attrs(&self.src[tag.attrs.clone()]);
                if let Some(d) = get(&a, "datetime").and_then(parse_date) {
                    self.dates[3] = Some(d);
                }
                self.itemprop(&a);
            }
            _ => {
                if memchr::memmem::find(self.src[tag.attrs.clone()].as_bytes(), b"itemprop")
                    .is_some()
                {
                    let a = attrs(&self.src[tag.attrs.clone()]);
                    self.itemprop(&a);
                }
            }
        }
        if RAW.contains(&name) && !tag.self_closing {
            let (content, after) = self.raw_text(tag.end, name);
            let in_head = self.skip.as_ref().is_none_or(|(n, _)| n == "head");
            if name == "title" && self.title.is_none() && in_head {
                self.title = Some(fold_whitespace(&entities::decode_all(&self.src[content])));
            }
            return after;
        }
        if let Some((skipping, depth)) = self.skip.as_mut() {
            if skipping == name && !tag.self_closing && !VOID.contains(&name) {
                *depth += 1;
            } else if skipping == "head" && name == "body" {
                self.skip = None;
            }
        } else if SKIP.contains(&name) && !tag.self_closing {
            self.b.paragraph_break(i);
            self.skip = Some((tag.name.clone(), 1));
        } else if BLOCK.contains(&name) {
            self.b.paragraph_break(i);
        }
        if name == "h1" && self.h1.is_none() {
            self.h1 = Some(String::new());
        }
        tag.end
    }

    fn end_tag(&mut self, i: usize, tag: &Tag) {
        let name = tag.name.as_str();
        if name == "h1" && self.capturing_h1() {
            self.h1_done = true;
            if self.h1.as_deref().is_some_and(|t| t.trim().is_empty()) {
                self.h1 = None;
                self.h1_done = false;
            }
        }
        if let Some((skipping, depth)) = self.skip.as_mut() {
            if skipping == name {
                *depth -= 1;
                if *depth == 0 {
                    self.skip = None;
                }
            } else if matches!(name, "body" | "html") {
                self.skip = None;
            }
        } else if BLOCK.contains(&name) {
            self.b.paragraph_break(i);
        }
    }

    /// The content of a raw-text element starting at `from`, and the offset after its end tag.
    fn raw_text(&self, from: usize, name: &str) -> (Range<usize>, usize) {
        let n = self.bytes.len();
        let mut k = from;
        while let Some(p) = memchr::memmem::find(&self.bytes[k..], b"</") {
            let at = k + p;
            let after = at + 2 + name.len();
            if after <= n && self.bytes[at + 2..after].eq_ignore_ascii_case(name.as_bytes()) {
                let end = memchr::memchr(b'>', &self.bytes[after..]).map_or(n, |q| after + q + 1);
                return (from..at, end);
            }
            k = at + 2;
        }
        (from..n, n)
    }

    fn meta(&mut self, r: Range<usize>) {
        let a = attrs(&self.src[r]);
        let Some(content) = get(&a, "content") else {
            return;
        };
        let key = get(&a, "property")
            .or_else(|| get(&a, "name"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let slot = match key.as_str() {
            "article:published_time" | "og:published_time" | "published_time" => 0,
            "date"
            | "pubdate"
            | "publishdate"
            | "publish-date"
            | "publish_date"
            | "dc.date"
            | "dc.date.issued"
            | "dcterms.created"
            | "dcterms.date"
            | "article.published"
            | "sailthru.date"
            | "parsely-pub-date"
            | "citation_publication_date" => 2,
            _ => {
                self.itemprop(&a);
                return;
            }
        };
        if self.dates[slot].is_none() {
            self.dates[slot] = parse_date(content);
        }
    }

    fn itemprop(&mut self, a: &[(String, String)]) {
        if self.dates[1].is_some() {
            return;
        }
        if get(a, "itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datePublished")) {
            self.dates[1] = get(a, "content")
                .or_else(|| get(a, "datetime"))
                .and_then(parse_date);
        }
    }

    /// Parses the tag at `i` (`<name …>` or `</name …>`); `None` when `<` starts no tag.
    fn tag(&mut self, i: usize) -> Option<Tag> {
        let bytes = self.bytes;
        let n = bytes.len();
        let closing = bytes.get(i + 1) == Some(&b'/');
        let name_start = i + 1 + usize::from(closing);
        if !bytes.get(name_start)?.is_ascii_alphabetic() {
            return None;
        }
        let mut k = name_start;
        while k < n && (bytes[k].is_ascii_alphanumeric() || matches!(bytes[k], b'-' | b':' | b'_'))
        {
            k += 1;
        }
        let name = self.src[name_start..k].to_ascii_lowercase();
        let attrs_start = k;
        let end;
        loop {
            match bytes.get(k) {
                None => {
                    end = n;
                    break;
                }
                Some(b'>') => {
                    end = k + 1;
                    break;
                }
                Some(b'=') => {
                    k += 1;
                    while k < n && bytes[k].is_ascii_whitespace() {
                        k += 1;
                    }
                    if let Some(&q) = bytes.get(k).filter(|q| **q == b'"' || **q == b'\'') {
                        let qi = usize::from(q == b'\'');
                        let found = if k + 1 >= self.no_quote_from[qi] {
                            None
                        } else {
                            memchr::memchr(q, &bytes[k + 1..])
                        };
                        match found {
                            Some(p) => k = k + 1 + p + 1,
                            None => {
                                self.no_quote_from[qi] = self.no_quote_from[qi].min(k + 1);
                                // Unclosed quote: the tag ends at the next `>`.
                                end = memchr::memchr(b'>', &bytes[k..]).map_or(n, |p| k + p + 1);
                                break;
                            }
                        }
                    }
                }
                Some(_) => k += 1,
            }
        }
        let attrs_end = if end > attrs_start && bytes.get(end - 1) == Some(&b'>') {
            end - 1
        } else {
            end
        };
        let attrs_end = attrs_end.max(attrs_start);
        let self_closing = attrs_end > attrs_start && bytes[attrs_end - 1] == b'/';
        Some(Tag {
            name,
            closing,
            self_closing,
            attrs: attrs_start..attrs_end,
            end,
        })
    }
}

fn get<'v>(a: &'v [(String, String)], key: &str) -> Option<&'v str> {
    a.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// Parses attribute text (`a="x" b='y' c=z d`) into lowercased names and decoded values.
fn attrs(s: &str) -> Vec<(String, String)> {
    let b = s.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        while i < n && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let ns = i;
        while i < n && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'/' | b'>') {
            i += 1;
        }
        if i == ns {
            i += 1;
            continue;
        }
        let name = s[ns..i].to_ascii_lowercase();
        while i < n && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < n && b[i] == b'=' {
            i += 1;
            while i < n && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < n && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                let ve = memchr::memchr(q, &b[vs..]).map_or(n, |p| vs + p);
                value = entities::decode_all(&s[vs..ve]);
                i = (ve + 1).min(n);
            } else {
                let vs = i;
                while i < n && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = entities::decode_all(&s[vs..i]);
            }
        }
        out.push((name, value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::tests::check_invariants;

    const DOC: &str = r##"<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Dams &amp; rivers – The Daily</title>
<meta property="article:published_time" content="2019-03-04T10:00:00Z">
<script>var s = "<p>not text</p>"; if (a < b) {}</script>
<style>p { color: red }</style>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li></ul></nav>
<header><h1>Dams and <em>rivers</em></h1></header>
<article>
<p>The dam holds <b>4&nbsp;billion</b> cubic metres, the
<a href="https://x.example/a?b=1&amp;c=2">ministry</a> said.</p>
<p>Officials said it was &ldquo;safe&rdquo; &#8212; and cost &#x20AC;2bn.</p>
<aside>Related: <a href="#">other</a></aside>
<ul><li>First item</li><li>Second<br>line</li></ul>
<!-- a comment <p>hidden</p> -->
<table><tr><td>Cell one</td><td>Cell two</td></tr></table>
</article>
<footer>© 2019</footer>
</body></html>"##;

    #[test]
    fn title_date_body() {
        let e = extract(DOC);
        assert_eq!(e.title.as_deref(), Some("Dams & rivers – The Daily"));
        assert_eq!(e.date.as_deref(), Some("2019-03-04"));
        let t = e.body.text();
        assert_eq!(
            t,
            "The dam holds 4 billion cubic metres, the ministry said.\n\nOfficials said it was “safe” — and cost €2bn.\n\nFirst item\n\nSecond\n\nline\n\nCell one\n\nCell two\n\n"
        );
        check_invariants(DOC, &e.body);
    }

    #[test]
    fn offsets_of_a_sentence_and_an_entity() {
        let e = extract(DOC);
        let t = e.body.text();
        let s = t.find("The dam").unwrap();
        let end = t.find("said.").unwrap() + 5;
        assert_eq!(
            &DOC[e.body.to_original(s..end)],
            "The dam holds <b>4&nbsp;billion</b> cubic metres, the\n<a href=\"https://x.example/a?b=1&amp;c=2\">ministry</a> said."
        );
        let q = t.find('“').unwrap();
        assert_eq!(&DOC[e.body.to_original(q..q + '“'.len_utf8())], "&ldquo;");
        let w = t.find("ministry").unwrap();
        assert_eq!(&DOC[e.body.to_original(w..w + 8)], "ministry");
    }

    #[test]
    fn title_falls_back_to_h1_and_dates() {
        let e = extract(
            "<body><h1>Big <i>news</i></h1><time datetime=\"2020-01-02\">2 Jan</time><p>Text.</p>",
        );
        assert_eq!(e.title.as_deref(), Some("Big news"));
        assert_eq!(e.date.as_deref(), Some("2020-01-02"));
        assert_eq!(e.body.text(), "Big news\n\n2 Jan\n\nText.\n\n");
        let e = extract("<meta name=\"date\" content=\"23/10/2017\"><p>x</p>");
        assert_eq!(e.date.as_deref(), Some("2017-10-23"));
        let e = extract("<span itemprop=\"datePublished\" content=\"2018-05-06\">May</span>");
        assert_eq!(e.date.as_deref(), Some("2018-05-06"));
        let e = extract("<time datetime=\"2018-02-31\">x</time>");
        assert_eq!(e.date, None);
    }

    #[test]
    fn svg_title_is_not_the_title() {
        let e = extract("<body><svg><title>icon</title></svg><h1>Real</h1><p>Text.</p>");
        assert_eq!(e.title.as_deref(), Some("Real"));
        let e = extract("<p>A line\n  - not a list\n\n2. not a number</p>");
        assert_eq!(e.body.text(), "A line - not a list 2. not a number\n\n");
    }

    #[test]
    fn head_without_end_tag_ends_at_body() {
        let e = extract("<html><head><title>T</title><body><p>Text here.</p>");
        assert_eq!(e.body.text(), "Text here.\n\n");
    }

    #[test]
    fn malformed_never_panics() {
        for doc in [
            "<",
            "<<",
            "<a",
            "<a href=\"",
            "<a href='x>",
            "</",
            "</p",
            "<!--",
            "<!",
            "<?",
            "<script>",
            "<script>x</scr",
            "&",
            "&#",
            "&#x;",
            "<p>a &amp",
            "<title>x",
            "<nav><nav></nav>",
            "<p a=>b</p>",
            "<![CDATA[x",
            "<h1>",
            "</h1>",
            "<br/>é",
        ] {
            let e = extract(doc);
            check_invariants(doc, &e.body);
        }
        assert_eq!(extract("1 < 2 and 3 > 2").body.text(), "1 < 2 and 3 > 2");
    }

    #[test]
    fn deep_nesting_and_unclosed_quotes_are_linear() {
        let deep = "<div><span>".repeat(50_000) + "text" + &"</span></div>".repeat(50_000);
        let quotes = "<a href=\"x>y ".repeat(50_000);
        let scripts = "<script>".repeat(50_000);
        let t = std::time::Instant::now();
        assert!(extract(&deep).body.text().contains("text"));
        let _ = extract(&quotes);
        let _ = extract(&scripts);
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
    }
}
