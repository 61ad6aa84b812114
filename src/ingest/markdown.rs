//! Markdown articles, and the block structure shared with the plain format.
//!
//! * Front matter: YAML (`---` … `---`/`...`, keys `title:` and `date:`) or TOML
//!   (`+++` … `+++`, `title = "…"`). A `---` block holding one line without `key:` is
//!   taken as the title, as in the plain format.
//! * Title: the front matter's, else the first level-1 heading, else the first heading.
//! * Date: the front matter's, else a line that is nothing but a date, first in the body
//!   (that line is then left out of the body).
//! * Headings (ATX `#` and setext) stay in the body, each as its own paragraph, with no
//!   final period added; the title heading is kept too.
//! * List items (`-`, `*`, `+`, `1.`, `1)`) are each their own paragraph, marker removed
//!   (task boxes `[ ]`/`[x]` too). As in CommonMark, an ordered item other than `1.` does
//!   not interrupt a paragraph, so a wrapped line starting `20. The…` stays text; and
//!   ordered markers have at most three digits, so a paragraph starting `1990. The…`
//!   stays text too.
//! * Block quotes: `>` markers removed; entering or leaving a quote ends a paragraph.
//! * Fenced code blocks, `<script>`/`<style>` blocks, HTML comments, link reference definitions, thematic breaks
//!   (`---`, `***`, `___`) are dropped. Indented code blocks are not recognised (plain
//!   articles indent paragraphs): indented text is text.
//! * Tables (a header row followed by a `|---|` separator row, or rows starting with `|`)
//!   are dropped entirely: rows of cells are not sentences.

use std::ops::Range;

use super::{date::parse_date, inline, Extracted};
use crate::text::{fold_whitespace, CleanTextBuilder};

/// Extracts a Markdown article.
pub fn extract(src: &str) -> Extracted {
    let (fm, mut start) = front_matter(src);
    let mut date = fm.date;
    if date.is_none() {
        if let Some((d, after)) = date_line(src, start) {
            date = Some(d);
            start = after;
        }
    }
    let mut b = CleanTextBuilder::new(src);
    let headings = blocks(src, start, &mut b, ListMarkers::Drop);
    Extracted {
        title: fm.title.or(headings.title()),
        date,
        body: b.finish(),
    }
}

#[derive(Debug, Default)]
struct FrontMatter {
    title: Option<String>,
    date: Option<String>,
}

/// Lines of `src` from `from`: (content range without the line ending, start of next line).
pub(crate) fn lines(src: &str, from: usize) -> impl Iterator<Item = (Range<usize>, usize)> + '_ {
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= src.len() {
            return None;
        }
        let nl = memchr::memchr(b'\n', &src.as_bytes()[pos..]).map(|p| pos + p);
        let (end, next) = match nl {
            Some(nl) => (nl, nl + 1),
            None => (src.len(), src.len()),
        };
        let end = if end > pos && src.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        let line = pos..end;
        pos = next;
        Some((line, next))
    })
}

fn front_matter(src: &str) -> (FrontMatter, usize) {
    let mut fm = FrontMatter::default();
    let mut it = lines(src, 0);
    let Some((first, mut pos)) = it.next() else {
        return (fm, 0);
    };
    let delim = src[first].trim_end();
    let (yaml, close): (bool, &[&str]) = match delim {
        "---" => (true, &["---", "..."]),
        "+++" => (false, &["+++"]),
        _ => return (fm, 0),
    };
    let mut bare: Vec<&str> = Vec::new();
    let mut keyed = false;
    let mut closed = false;
    for (line, next) in it {
        let l = src[line].trim();
        pos = next;
        if close.contains(&l) {
            closed = true;
            break;
        }
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let kv = if yaml {
            l.split_once(':')
        } else {
            l.split_once('=')
        };
        match kv {
            Some((k, v))
                if !k.trim().is_empty()
                    && k.trim()
                        .bytes()
                        .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-') =>
            {
                keyed = true;
                let v = unquote(v.trim());
                match k.trim().to_ascii_lowercase().as_str() {
                    "title" if fm.title.is_none() && !v.is_empty() => {
                        fm.title = Some(fold_whitespace(&v))
                    }
                    "date" | "published" | "pubdate" | "publishdate" if fm.date.is_none() => {
                        fm.date = parse_date(&v)
                    }
                    _ => {}
                }
            }
            _ => bare.push(l),
        }
    }
    if !closed {
        return (FrontMatter::default(), 0);
    }
    if !keyed && bare.len() == 1 {
        let t = inline::text_of(bare[0]);
        if !t.is_empty() {
            fm.title = Some(t);
        }
    }
    (fm, pos)
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    let inner = if v.len() >= 2
        && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')))
    {
        &v[1..v.len() - 1]
    } else {
        v
    };
    inner.replace("\\\"", "\"").replace("''", "'")
}

/// The first non-blank line from `from`, when it is nothing but a date: (ISO date, offset
/// after the line).
pub(crate) fn date_line(src: &str, from: usize) -> Option<(String, usize)> {
    for (line, next) in lines(src, from) {
        let l = src[line].trim();
        if l.is_empty() {
            continue;
        }
        return parse_date(l).map(|d| (d, next));
    }
    None
}

/// Headings seen while building the body.
#[derive(Debug, Default)]
pub(crate) struct Headings {
    pub first_h1: Option<String>,
    pub first_any: Option<String>,
}

impl Headings {
    /// The title they suggest: the first level-1 heading, else the first heading.
    pub fn title(&self) -> Option<String> {
        self.first_h1.clone().or_else(|| self.first_any.clone())
    }

    fn saw(&mut self, level: usize, text: String) {
        if text.is_empty() {
            return;
        }
        if level == 1 && self.first_h1.is_none() {
            self.first_h1 = Some(text.clone());
        }
        if self.first_any.is_none() {
            self.first_any = Some(text);
        }
    }
}

#[derive(Default)]
struct Para {
    segs: Vec<Range<usize>>,
    item: bool,
    quoted: bool,
}

impl Para {
    fn flush(&mut self, src: &str, b: &mut CleanTextBuilder) {
        if let Some(last) = self.segs.last() {
            let end = last.end;
            inline::clean(src, &self.segs, b);
            b.paragraph_break(end);
        }
        self.segs.clear();
        self.item = false;
        self.quoted = false;
    }

    /// Emits the open paragraph as a heading, returning its text.
    fn flush_heading(&mut self, src: &str, b: &mut CleanTextBuilder) -> String {
        let before = b.text().len();
        self.flush(src, b);
        fold_whitespace(&b.text()[before.min(b.text().len())..])
    }
}

/// What becomes of a list item's marker (`- `, `1. `, `[x] `).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListMarkers {
    /// Dropped, as Markdown markup.
    Drop,
    /// Kept in the text (the plain format: the marker is part of what the author wrote, and
    /// the splitter glues it to the item's first sentence).
    Keep,
}

/// Builds the body from the block structure of `src[from..]`; returns the headings seen.
pub(crate) fn blocks(
    src: &str,
    from: usize,
    b: &mut CleanTextBuilder,
    markers: ListMarkers,
) -> Headings {
    let mut heads = Headings::default();
    let mut para = Para::default();
    let mut fence: Option<(u8, usize)> = None;
    let mut in_comment = false;
    let mut in_table = false;
    let mut in_raw: Option<&'static str> = None;
    for (line, _) in lines(src, from) {
        if in_comment {
            if memchr::memmem::find(src[line].as_bytes(), b"-->").is_some() {
                in_comment = false;
            }
            continue;
        }
        if let Some(close) = in_raw {
            if contains_ci(&src[line], close) {
                in_raw = None;
            }
            continue;
        }
        let (cstart, quoted) = strip_quote(src, line.clone());
        let content = cstart..cstart + src[cstart..line.end].trim_end().len();
        let t = &src[content.clone()];
        if let Some((c, len)) = fence {
            if is_fence_close(t, c, len) {
                fence = None;
            }
            continue;
        }
        if t.is_empty() {
            para.flush(src, b);
            in_table = false;
            continue;
        }
        if !para.segs.is_empty() && quoted != para.quoted {
            para.flush(src, b);
        }
        if in_table {
            if t.contains('|') {
                continue;
            }
            in_table = false;
        }
        if let Some(f) = fence_open(t) {
            para.flush(src, b);
            fence = Some(f);
            continue;
        }
        if let Some(close) = raw_html_start(t) {
            para.flush(src, b);
            if !contains_ci(t, close) {
                in_raw = Some(close);
            }
            continue;
        }
        if t.starts_with("<!--") {
            match memchr::memmem::find(t.as_bytes(), b"-->") {
                Some(p) if !t[p + 3..].trim().is_empty() => {}
                Some(_) => {
                    para.flush(src, b);
                    continue;
                }
                None => {
                    para.flush(src, b);
                    in_comment = true;
                    continue;
                }
            }
        }
        let open_text = !para.segs.is_empty() && !para.item;
        if open_text && is_rule(t, b'=', false) {
            let h = para.flush_heading(src, b);
            heads.saw(1, h);
            continue;
        }
        if open_text && is_rule(t, b'-', false) {
            let h = para.flush_heading(src, b);
            heads.saw(2, h);
            continue;
        }
        if is_rule(t, b'-', true) || is_rule(t, b'*', true) || is_rule(t, b'_', true) {
            para.flush(src, b);
            continue;
        }
        if is_table_separator(t) {
            if let Some(last) = para.segs.last() {
                if src[last.clone()].contains('|') {
                    para.segs.pop();
                }
            }
            para.flush(src, b);
            in_table = true;
            continue;
        }
        if t.starts_with('|') && t.len() > 1 && t[1..].contains('|') {
            para.flush(src, b);
            in_table = true;
            continue;
        }
        if let Some((level, inner)) = atx_heading(t) {
            para.flush(src, b);
            let inner = content.start + inner.start..content.start + inner.end;
            if !inner.is_empty() {
                para.segs.push(inner);
                let h = para.flush_heading(src, b);
                heads.saw(level, h);
            }
            continue;
        }
        if let Some((ordinal, after)) = list_marker(t) {
            let rest = t[after..].trim();
            let interrupts = para.segs.is_empty()
                || para.item
                || (ordinal.is_none_or(|n| n == 1) && !rest.is_empty());
            if interrupts {
                para.flush(src, b);
                if markers == ListMarkers::Keep {
                    para.item = true;
                    para.quoted = quoted;
                    para.segs.push(content);
                    continue;
                }
                let mut s = content.start + after;
                s += src[s..content.end].len() - src[s..content.end].trim_start().len();
                let body = &src[s..content.end];
                for boxed in ["[ ] ", "[x] ", "[X] "] {
                    if body.starts_with(boxed) {
                        s += boxed.len();
                        break;
                    }
                }
                para.item = true;
                para.quoted = quoted;
                if s < content.end {
                    para.segs.push(s..content.end);
                }
                continue;
            }
        }
        if para.segs.is_empty() && !para.item && is_reference_definition(t) {
            continue;
        }
        if para.segs.is_empty() {
            para.quoted = quoted;
        }
        para.segs.push(content);
    }
    para.flush(src, b);
    heads
}

/// `<script`, `<style` at the start of a line: the end tag that closes it.
fn raw_html_start(t: &str) -> Option<&'static str> {
    let head = t.as_bytes().get(..7)?;
    if head.eq_ignore_ascii_case(b"<script") {
        Some("</script")
    } else if head[..6].eq_ignore_ascii_case(b"<style") {
        Some("</style")
    } else {
        None
    }
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Skips indentation and block-quote markers: (content start, inside a quote).
fn strip_quote(src: &str, line: Range<usize>) -> (usize, bool) {
    let bytes = src.as_bytes();
    let mut i = line.start;
    let mut quoted = false;
    loop {
        while i < line.end && (bytes[i] == b' ' || bytes[i] == b'\t') {
            i += 1;
        }
        if i < line.end && bytes[i] == b'>' {
            quoted = true;
            i += 1;
        } else {
            return (i, quoted);
        }
    }
}

fn fence_open(t: &str) -> Option<(u8, usize)> {
    let c = *t.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let len = t.bytes().take_while(|&x| x == c).count();
    if len < 3 || (c == b'`' && t[len..].contains('`')) {
        return None;
    }
    Some((c, len))
}

fn is_fence_close(t: &str, c: u8, len: usize) -> bool {
    t.len() >= len && t.bytes().all(|x| x == c)
}

/// A line made only of `c` (at least three; spaces allowed between when `spaced`).
fn is_rule(t: &str, c: u8, spaced: bool) -> bool {
    let mut count = 0;
    for x in t.bytes() {
        if x == c {
            count += 1;
        } else if !(spaced && (x == b' ' || x == b'\t')) {
            return false;
        }
    }
    count >= 3 || (!spaced && count >= 1 && c == b'=')
}

fn is_table_separator(t: &str) -> bool {
    let mut dashes = 0;
    let mut pipes = 0;
    for x in t.bytes() {
        match x {
            b'-' => dashes += 1,
            b'|' => pipes += 1,
            b':' | b' ' | b'\t' => {}
            _ => return false,
        }
    }
    dashes >= 3 && pipes >= 1
}

/// `#`–`######` heading: (level, content range within `t` without closing `#`s).
fn atx_heading(t: &str) -> Option<(usize, Range<usize>)> {
    let level = t.bytes().take_while(|&c| c == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &t[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let start = level + (rest.len() - rest.trim_start().len());
    let mut end = t.len();
    let trimmed = t[start..].trim_end_matches('#');
    if trimmed.is_empty() || trimmed.ends_with([' ', '\t']) {
        end = start + trimmed.trim_end().len();
    }
    Some((level, start..end.max(start)))
}

/// A list marker at the start of `t`: (number for ordered items, offset after the marker).
fn list_marker(t: &str) -> Option<(Option<u64>, usize)> {
    let b = t.as_bytes();
    let spaced = |i: usize| i == b.len() || b[i] == b' ' || b[i] == b'\t';
    match b.first()? {
        b'-' | b'*' | b'+' if spaced(1) => Some((None, 1)),
        c if c.is_ascii_digit() => {
            let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if d > 3 || d >= b.len() || !matches!(b[d], b'.' | b')') || !spaced(d + 1) {
                return None;
            }
            Some((t[..d].parse().ok(), d + 1))
        }
        _ => None,
    }
}

/// `[label]: destination`.
fn is_reference_definition(t: &str) -> bool {
    if !t.starts_with('[') {
        return false;
    }
    match t.find("]:") {
        Some(p) => p > 1 && !t[p + 2..].trim().is_empty(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::tests::check_invariants;

    fn body(src: &str) -> String {
        extract(src).body.text().to_string()
    }

    #[test]
    fn front_matter_title_and_date() {
        let src = "---\ntitle: \"Dams and *rivers*\"\ndate: 2019-03-04\ntags: [a]\n---\n\n# Heading One\n\nThe dam holds 4 billion cubic metres.\n";
        let e = extract(src);
        assert_eq!(e.title.as_deref(), Some("Dams and *rivers*"));
        assert_eq!(e.date.as_deref(), Some("2019-03-04"));
        assert_eq!(
            e.body.text(),
            "Heading One\n\nThe dam holds 4 billion cubic metres.\n\n"
        );
        check_invariants(src, &e.body);
    }

    #[test]
    fn title_from_first_h1_and_headings_kept() {
        let src = "Intro line.\n\n## Sub\n\n# Main title #\n\nText.\n";
        let e = extract(src);
        assert_eq!(e.title.as_deref(), Some("Main title"));
        assert_eq!(
            e.body.text(),
            "Intro line.\n\nSub\n\nMain title\n\nText.\n\n"
        );
        let setext = extract("Big title\n=========\n\nBody text.\n");
        assert_eq!(setext.title.as_deref(), Some("Big title"));
        assert_eq!(setext.body.text(), "Big title\n\nBody text.\n\n");
    }

    #[test]
    fn lists_each_a_paragraph() {
        let src = "Items:\n- first item\n* second *item*\n+ third\n1. one\n2) two\n- [x] done\n";
        assert_eq!(
            body(src),
            "Items:\n\nfirst item\n\nsecond item\n\nthird\n\none\n\ntwo\n\ndone\n\n"
        );
        // An ordered marker other than 1 does not interrupt a paragraph.
        assert_eq!(
            body("Fighting began in\n2014. Then it stopped.\n"),
            "Fighting began in\n2014. Then it stopped.\n\n"
        );
        assert_eq!(
            body("1990. The year it began.\n"),
            "1990. The year it began.\n\n"
        );
        assert_eq!(body("Text\n20. Then.\n"), "Text\n20. Then.\n\n");
    }

    #[test]
    fn code_comments_tables_rules_dropped() {
        let src = "Before.\n\n```rust\nlet x = 1;\n```\n\n<!-- hidden\ncomment -->\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nx | y\n--|--\n1 | 2\n\n***\n\n[1]: http://example.com\n\nAfter.\n";
        assert_eq!(body(src), "Before.\n\nAfter.\n\n");
        check_invariants(src, &extract(src).body);
    }

    #[test]
    fn script_blocks_dropped() {
        let src = "Before.\n\n<script>\nvar a = 1;\n</script>\n<style>p {}</style>\n\nAfter <em>this</em>.\n";
        assert_eq!(body(src), "Before.\n\nAfter this.\n\n");
    }

    #[test]
    fn block_quotes() {
        let src = "He said:\n> Prices rose by\n> 5 per cent.\n\nEnd.\n";
        let e = extract(src);
        assert_eq!(
            e.body.text(),
            "He said:\n\nPrices rose by\n5 per cent.\n\nEnd.\n\n"
        );
        let t = e.body.text();
        let r = t.find("Prices").unwrap()..t.find("cent.").unwrap() + 5;
        assert_eq!(&src[e.body.to_original(r)], "Prices rose by\n> 5 per cent.");
        check_invariants(src, &e.body);
    }

    #[test]
    fn date_line_in_body() {
        let e = extract("# T\n");
        assert_eq!(e.date, None);
        let e = extract("\n23 October 2017\n\nText.\n");
        assert_eq!(e.date.as_deref(), Some("2017-10-23"));
        assert_eq!(e.body.text(), "Text.\n\n");
    }

    #[test]
    fn crlf_lines() {
        let src = "# Title\r\n\r\nOne *two*\r\nthree.\r\n";
        let e = extract(src);
        assert_eq!(e.body.text(), "Title\n\nOne two\nthree.\n\n");
        check_invariants(src, &e.body);
    }
}
