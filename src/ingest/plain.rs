//! The plain article format (`.txt`).
//!
//! ```text
//! ---
//! A title line
//! ---
//! 23/10/2017
//!
//! Body paragraphs, separated by blank lines, with *Markdown-ish* inline markup
//! and [links](#).
//! ```
//!
//! The title block (a `---` line, one to five title lines, a `---` line; blank lines
//! allowed between) and the date line (any form [`parse_date`] accepts, alone on its line)
//! are optional and are not part of the body. The body goes through the same block and
//! inline cleaning as Markdown ([`super::markdown`]): each blank-line-separated block is a
//! paragraph, standalone `---` lines are dropped, emphasis markers and link targets go.
//! List items are paragraphs of their own too, but unlike Markdown their markers (`- `,
//! `1. `, `a) `) stay in the text: a reviewer reading "2. The second item" needs the 2.
//! Without a title block, a `#` heading gives the title.

use super::date::parse_date;
use super::markdown::{blocks, date_line, lines, ListMarkers};
use super::{inline, Extracted};
use crate::text::CleanTextBuilder;

/// Extracts a plain-format article.
pub fn extract(src: &str) -> Extracted {
    let (title, mut start) = title_block(src);
    let mut date = None;
    if let Some((d, after)) = date_line(src, start) {
        date = Some(d);
        start = after;
    }
    let mut b = CleanTextBuilder::new(src);
    let heads = blocks(src, start, &mut b, ListMarkers::Keep);
    Extracted {
        title: title.or_else(|| heads.title()),
        date,
        body: b.finish(),
    }
}

/// `---` / title lines / `---` at the start (after blank lines): (title, offset after it).
fn title_block(src: &str) -> (Option<String>, usize) {
    let mut it = lines(src, 0).filter(|(l, _)| !src[l.clone()].trim().is_empty());
    match it.next() {
        Some((l, _)) if src[l.clone()].trim() == "---" => {}
        _ => return (None, 0),
    }
    let mut parts: Vec<&str> = Vec::new();
    for (l, next) in it.take(6) {
        let t = src[l].trim();
        if t == "---" {
            if parts.is_empty() {
                return (None, 0);
            }
            let title = inline::text_of(&parts.join(" "));
            return ((!title.is_empty()).then_some(title), next);
        }
        if parse_date(t).is_some() {
            break;
        }
        parts.push(t);
    }
    (None, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::tests::check_invariants;

    const SRC: &str = "\n\n---\n\nDams: the *river* question\n\n---\n\n04/03/2019\n\n\n\nThe dam holds *“4 billion cubic metres,”* the [ministry](#) said.\n\nA second paragraph that wraps\nonto a second line.\n\n[READ MORE: other dams](#)\n\n---\n";

    #[test]
    fn title_date_and_body() {
        let e = extract(SRC);
        assert_eq!(e.title.as_deref(), Some("Dams: the river question"));
        assert_eq!(e.date.as_deref(), Some("2019-03-04"));
        assert_eq!(
            e.body.text(),
            "The dam holds “4 billion cubic metres,” the ministry said.\n\nA second paragraph that wraps\nonto a second line.\n\nREAD MORE: other dams\n\n"
        );
        check_invariants(SRC, &e.body);
    }

    #[test]
    fn sentence_offsets_are_exact() {
        let e = extract(SRC);
        let t = e.body.text();
        let s = t.find("The dam").unwrap();
        let end = t.find("said.").unwrap() + 5;
        let r = e.body.to_original(s..end);
        assert_eq!(
            &SRC[r],
            "The dam holds *“4 billion cubic metres,”* the [ministry](#) said."
        );
        // A verbatim run maps byte for byte.
        let w = t.find("ministry").unwrap();
        let r = e.body.to_original(w..w + 8);
        assert_eq!(&SRC[r], "ministry");
        // The quote without its emphasis markers.
        let q = t.find('“').unwrap();
        let qe = t.find('”').unwrap() + '”'.len_utf8();
        assert_eq!(&SRC[e.body.to_original(q..qe)], "“4 billion cubic metres,”");
    }

    #[test]
    fn no_title_block() {
        let e = extract("Just a body line.\n\nAnother.\n");
        assert_eq!(e.title, None);
        assert_eq!(e.date, None);
        assert_eq!(e.body.text(), "Just a body line.\n\nAnother.\n\n");
        let e = extract("October 23, 2017\nBody.\n");
        assert_eq!(e.date.as_deref(), Some("2017-10-23"));
        assert_eq!(e.body.text(), "Body.\n\n");
        let e = extract("---\n---\nBody.\n");
        assert_eq!(e.title, None);
        assert_eq!(e.body.text(), "Body.\n\n");
    }

    #[test]
    fn bad_date_is_none_and_stays_text() {
        let e = extract("---\nT\n---\n31/02/2019\nBody.\n");
        assert_eq!(e.title.as_deref(), Some("T"));
        assert_eq!(e.date, None);
        assert_eq!(e.body.text(), "31/02/2019\nBody.\n\n");
    }

    #[test]
    fn empty_and_blank() {
        assert_eq!(extract("").body.text(), "");
        assert_eq!(extract("  \n\n \n").body.text(), "");
        assert_eq!(extract("---\nOnly a title\n---\n").body.text(), "");
    }
}
