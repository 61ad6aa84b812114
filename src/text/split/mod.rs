//! Sentence splitting of cleaned article text.
//!
//! [`split`] returns byte ranges of sentences. The work is layered, one job per module, and
//! sentencex (crate `sentencex`, English rules) runs last, on small pieces:
//!
//! 1. [`paragraphs`]: blank lines separate paragraphs; headings and list items arrive as their
//!    own paragraphs, so a headline without a final period is a sentence of its own. No
//!    sentence crosses a blank line. A single `\n` inside a paragraph is a wrapped line and
//!    reads as a space — unless the next line starts with a list marker (step 2).
//! 2. [`lists`]: a line that starts with a list marker (`- `, `* `, `• `, `1. `, `a) ` …)
//!    starts an item; inside a block that starts with a marker, later markers that *continue
//!    the sequence* (`1.` → `2.`, `a.` → `b.`, the same bullet glyph) start items too
//!    (Golden Rules #35–#39). The marker is kept out of sentencex's sight and glued to the
//!    item's first sentence.
//! 3. Cuts of our own, each where the evidence is positive and never inside a double-quoted
//!    quotation ([`quotes`]):
//!    - [`ellipsis`]: a period attached to a word, then a spaced `. . .` and a capital
//!      (`compounds. . . . The`) ends the sentence after the first dot; the `. . .` leads the
//!      next one (Rule #48). Every other ellipsis is left to sentencex: mid-sentence before a
//!      lower-case word (or `I`), a boundary before a capitalised word (`that.... She`,
//!      `nothing… The`).
//!    - [`abbreviations`]: company endings that close a sentence (`Apple Inc. Investors
//!      cheered`), `No.` before a word rather than a number, and a sentence in parentheses
//!      followed by a capital.
//! 4. [`mask`]: a same-length copy hides punctuation that is part of a token: possessive
//!    apostrophes after abbreviations (`U.S.'s`, `Jr.'s`, which sentencex would take for an
//!    opening quote and then swallow every boundary up to the next closing-shaped `'`), elided
//!    years (`'90s`), the inside of URLs and e-mail addresses, the dot of a title before a name
//!    (`Sen. Will Hurd`), the dot of `p.m.` before a zone, day or date; `…` is shown as `...`.
//! 5. sentencex on each piece; offsets into the masked copy are offsets into the text. It
//!    handles abbreviations (with a sentence-starter override: `Acme Co. The deal` splits,
//!    `Acme Co. at noon` does not), initials, decimals and amounts, `a.m.`/`p.m.` (`at 5 p.m.
//!    The council` splits), parentheses, `Yahoo!`, double punctuation. A piece with no
//!    terminator before its end is one sentence and skips sentencex (most headlines, list
//!    items and one-sentence paragraphs): half of the cost of a call is fixed.
//! 6. A piece without any letter (`. . .`, a bare `1.`) is not a sentence: it joins the next
//!    piece of its item, or the previous one when it is last.
//!
//! # Quotation policy
//!
//! A quotation is one unit: terminators inside a quotation never split it, however many
//! sentences it holds (`"We won. We are happy," the coach said.` is one sentence, attribution
//! included, and `'How many? I don't know.'` is one). A sentence may end right after the
//! closing quote (`… "This is great." She held …` splits after the quote), and the quote always
//! stays with the sentence it closes. This is sentencex's own policy; we keep it because its
//! test suite (all of which passes, see `tests/split_sentencex.rs`) relies on it, and because a
//! claim belongs with its attribution. A quotation left open at the end of its paragraph (news
//! copy continues quotes across paragraphs) cannot swallow anything beyond that paragraph.
//!
//! # Known limits
//!
//! A multi-dot abbreviation before a capitalised word that is not a common sentence starter
//! stays joined (`Washington, D.C. Officials said` is one sentence), as Golden Rule #16 (`the
//! U.S. Government in Virginia`) requires; telling the two apart needs a lexicon.

pub mod abbreviations;
pub mod ellipsis;
pub mod lists;
pub mod mask;
pub mod paragraphs;
pub mod quotes;

use std::ops::Range;

use sentencex::languages::{English, Language};

/// Splits cleaned text into sentence byte ranges: in order, non-overlapping, never empty, on
/// char boundaries, each trimmed of surrounding whitespace.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(text.len() / 80 + 1);
    let mut items = Vec::new();
    let mut cuts = Vec::new();
    let mut pieces = Vec::new();
    for para in paragraphs::paragraphs(text) {
        if is_single_sentence(&text[para.clone()]) {
            // Fast path: a headline or one-sentence paragraph needs none of the layers below.
            out.extend(trimmed(text, para));
            continue;
        }
        let base = para.start;
        let para_text = &text[para];
        lists::items(para_text, &mut items);
        for (i, item) in items.iter().enumerate() {
            let end = items.get(i + 1).map_or(para_text.len(), |next| next.start);
            pieces.clear();
            let body_start = item.content.min(end);
            let body = &para_text[body_start..end];
            find_cuts(body, &mut cuts);
            // When the body is the whole paragraph, the fast-path test above already failed.
            let may_be_single = items.len() > 1 || !cuts.is_empty() || body_start > 0;
            let mut seg_start = 0;
            for seg_end in cuts.iter().copied().chain(std::iter::once(body.len())) {
                let seg = seg_start..seg_end;
                segment(
                    body,
                    seg,
                    base + body_start,
                    text,
                    may_be_single,
                    &mut pieces,
                );
                seg_start = seg_end;
            }
            merge_letterless(text, &mut pieces);
            if item.content > item.start {
                // Glue the list marker to the item's first sentence.
                if let Some(marker) = trimmed(text, base + item.start..base + item.content) {
                    match pieces.first_mut() {
                        Some(first) => first.start = marker.start,
                        None => pieces.push(marker),
                    }
                }
            }
            out.append(&mut pieces);
        }
    }
    out
}

/// Our own boundaries in `body` (steps 2–3 of the module doc, and [`abbreviations`]), sorted,
/// without those inside a quotation. One scan serves all rules: every cut follows a `.` or `)`.
fn find_cuts(body: &str, cuts: &mut Vec<usize>) {
    cuts.clear();
    for p in memchr::memchr2_iter(b'.', b')', body.as_bytes()) {
        cuts.extend(ellipsis::cut_at(body, p).or_else(|| abbreviations::cut_at(body, p)));
    }
    if !cuts.is_empty() {
        cuts.sort_unstable();
        cuts.dedup();
        quotes::drop_quoted(body, cuts);
    }
}

/// Runs sentencex on `body[seg]` (masked) and pushes the trimmed, non-empty sentences as
/// ranges into the full text (`base` is the offset of `body` in it).
fn segment(
    body: &str,
    seg: Range<usize>,
    base: usize,
    text: &str,
    may_be_single: bool,
    out: &mut Vec<Range<usize>>,
) {
    let seg_text = &body[seg.clone()];
    if seg_text.trim().is_empty() {
        return;
    }
    if may_be_single && is_single_sentence(seg_text) {
        out.extend(trimmed(text, base + seg.start..base + seg.end));
        return;
    }
    let masked = mask::mask(seg_text);
    let origin = masked.as_ptr() as usize;
    let sentences = English {}.segment(&masked);
    for sentence in sentences {
        let offset = sentence.as_ptr() as usize - origin;
        let start = base + seg.start + offset;
        // The masked copy shows `…` as `...`, and sentencex may cut between those dots; such a
        // cut moves to the end of the `…`. Every sentence moves the same way, so they still
        // tile the piece.
        let start = ceil_char_boundary(text, start);
        let end = ceil_char_boundary(text, start.max(base + seg.start + offset + sentence.len()));
        if start < end {
            out.extend(trimmed(text, start..end));
        }
    }
}

fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Cheap test for a piece that sentencex could only return whole: ASCII text whose only
/// terminators before its final run of `.`/`!`/`?` are dots inside a token (`4.5`, `a.m`,
/// `example.com`: a dot directly followed by a digit or lower-case letter never ends a
/// sentence for sentencex), with nothing that sentencex reads as a list marker without a
/// terminator (`)`, a line break). Headlines, list items and one-sentence paragraphs — much of
/// a news article — skip sentencex's fixed cost per call this way.
fn is_single_sentence(seg: &str) -> bool {
    let bytes = seg.trim_end().as_bytes();
    let body_end = bytes.len()
        - bytes
            .iter()
            .rev()
            .take_while(|b| matches!(b, b'.' | b'!' | b'?'))
            .count();
    let body = &bytes[..body_end];
    let inside_token = |p: usize| {
        body[p] == b'.'
            && body
                .get(p + 1)
                .is_some_and(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
    };
    memchr::memchr3_iter(b'.', b'!', b'?', body).all(inside_token)
        && memchr::memchr2(b')', b'\n', body).is_none()
        && bytes.is_ascii()
}

/// `range` shrunk to exclude surrounding whitespace; `None` when nothing is left.
fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let s = &text[range.clone()];
    let t = s.trim_start();
    let start = range.start + (s.len() - t.len());
    let end = start + t.trim_end().len();
    (start < end).then_some(start..end)
}

/// Folds every piece without a letter into its neighbour (see step 6 of the module doc).
fn merge_letterless(text: &str, pieces: &mut Vec<Range<usize>>) {
    if pieces.len() < 2 || pieces.iter().all(|p| has_letter(&text[p.clone()])) {
        return;
    }
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(pieces.len());
    let mut pending: Option<Range<usize>> = None;
    for p in pieces.drain(..) {
        let start = pending.take().map_or(p.start, |q| q.start);
        if has_letter(&text[p.clone()]) {
            merged.push(start..p.end);
        } else {
            pending = Some(start..p.end);
        }
    }
    if let Some(rest) = pending {
        match merged.last_mut() {
            Some(last) => last.end = rest.end,
            None => merged.push(rest),
        }
    }
    *pieces = merged;
}

fn has_letter(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}
