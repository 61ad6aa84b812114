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
//!      cheered`), a state or province after a comma (`based in Lansing, Mich. It`), `No.`
//!      and `etc.` before a capitalised word, and a sentence in parentheses followed by a
//!      capital.
//! 4. [`mask`]: a same-length copy hides punctuation that is part of a token: possessive
//!    apostrophes after abbreviations (`U.S.'s`, `Jr.'s`, which sentencex would take for an
//!    opening quote and then swallow every boundary up to the next closing-shaped `'`), elided
//!    years (`'90s`), the inside of URLs and e-mail addresses, the dot of a title before a name
//!    (`Sen. Will Hurd`, `Ft. Meade`), the dot of initials or `Cie.` before a capitalised
//!    word that is not a sentence starter (`the B.C. Wildfire Service`, `J.C. Penney`), the
//!    dot of `p.m.` before a zone, day or date, terminators inside a long run without
//!    whitespace; `…` is shown as `...`.
//! 5. sentencex on each piece; offsets into the masked copy are offsets into the text. It
//!    handles abbreviations (with a sentence-starter override: `Acme Co. The deal` splits,
//!    `Acme Co. at noon` does not), initials, decimals and amounts, `a.m.`/`p.m.` (`at 5 p.m.
//!    The council` splits), parentheses, `Yahoo!`, double punctuation. A piece with no
//!    terminator before its end is one sentence and skips sentencex (most headlines, list
//!    items and one-sentence paragraphs): half of the cost of a call is fixed.
//!    Inside each sentence it returns, every double quotation holding more than one sentence
//!    is split by sentencex again (the quotation policy below).
//! 6. A piece without any letter (`. . .`, a bare `1.`) is not a sentence: it joins the next
//!    piece of its item, or the previous one when it is last.
//!
//! # Quotation policy
//!
//! A reviewer judges one claim per row, so a quotation is split like any other text, with one
//! rule for where the quote marks and the attribution go:
//!
//! - A quotation of several sentences yields one sentence per quoted sentence. The opening
//!   quote mark stays with the first, the closing one with the last, and so does whatever
//!   follows the quotation up to the end of the sentence: the attribution
//!   (`"The bridge was closed. Nobody was hurt," the mayor said.` gives `"The bridge was
//!   closed.` and `Nobody was hurt," the mayor said.`).
//! - A quotation that is one sentence stays whole with its attribution, even when it ends in
//!   `?` or `!` (`"Is this it?" she asked.` is one sentence); a sentence may end right after a
//!   closing quote (`… "This is great." She held …` splits after the quote).
//! - Double quotes only (straight `"`, curly `“ ”`): they pair within the sentence sentencex
//!   found, and sentences inside a pair are found by sentencex itself (masked), so a quoted
//!   `Ft. Meade` or `U.S.` is no more a boundary than outside quotes. Single quotes are too
//!   ambiguous with apostrophes; a single-quoted quotation nested in a double-quoted one is
//!   split with it. Our own cuts of step 3 still never fall inside a quotation.
//! - A quotation left open at the end of its paragraph (news copy continues quotes across
//!   paragraphs, reopening each one) protects nothing: its sentences split as usual, and it
//!   cannot swallow anything beyond that paragraph.
//!
//! # Linear time
//!
//! Every step is linear in the text. sentencex is not, on some inputs: before each terminator
//! it looks back over the whole word (quadratic on `!(!(!(…`), and it checks each terminator
//! against each quote or parenthesis range when ranges overlap. So it is never given more than
//! about 10 KB at once ([`paragraphs::bounded`] cuts a longer paragraph at a sentence end, else
//! at a line break or a space, and the sentences either side of such a cut are joined again)
//! nor a terminator inside a run of more than 64 bytes without whitespace
//! ([`mask`]); `benches/split.rs` times 5 MB worst cases.
//!
//! # Known limits
//!
//! A multi-dot abbreviation before a capitalised word that is not a common sentence starter
//! stays joined (`in the U.S. Officials said` is one sentence), as Golden Rule #16 (`the
//! U.S. Government in Virginia`) requires; telling the two apart needs a lexicon. After a
//! comma, a state or province (`Washington, D.C. Officials said`, `Lansing, Mich. It`) does
//! end the sentence: news style sets a place off with a second comma when the sentence goes on.

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
    let mut scratch = Scratch::default();
    // Where a piece of a long paragraph continues the sentence the previous piece ended with.
    let mut joins: Vec<usize> = Vec::new();
    let mut runs_on = false;
    let pieces_of_paragraphs =
        paragraphs::paragraphs(text).flat_map(|p| paragraphs::bounded(text, p));
    for paragraphs::Piece {
        range: para,
        runs_on: next_runs_on,
    } in pieces_of_paragraphs
    {
        if std::mem::replace(&mut runs_on, next_runs_on) && !out.is_empty() {
            joins.push(out.len());
        }
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
                    &mut scratch,
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
    join_across_cuts(&mut out, &joins);
    out
}

/// Merges `ranges[i - 1]` and `ranges[i]` for every `i` in `joins` (sorted), in one pass.
fn join_across_cuts(ranges: &mut Vec<Range<usize>>, joins: &[usize]) {
    if joins.is_empty() {
        return;
    }
    let mut joins = joins.iter().copied().peekable();
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for (i, range) in ranges.drain(..).enumerate() {
        let mut join = false;
        while joins.next_if(|&j| j <= i).is_some_and(|j| j == i) {
            join = true;
        }
        match merged.last_mut() {
            Some(last) if join => last.end = range.end,
            _ => merged.push(range),
        }
    }
    *ranges = merged;
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

/// Buffers reused across [`segment`] calls, so that a call allocates nothing of its own.
#[derive(Default)]
struct Scratch {
    /// The sentences sentencex found in a segment.
    sentences: Vec<Range<usize>>,
    /// The sentences sentencex found inside one quotation.
    quoted_sentences: Vec<Range<usize>>,
    /// The closed double quotations of one sentence.
    quoted: Vec<Range<usize>>,
    /// Where one quotation is cut.
    inner: Vec<usize>,
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
    scratch: &mut Scratch,
) {
    let seg_text = &body[seg.clone()];
    if seg_text.trim().is_empty() {
        return;
    }
    if may_be_single && is_single_sentence(seg_text) {
        out.extend(trimmed(text, base + seg.start..base + seg.end));
        return;
    }
    let Scratch {
        sentences,
        quoted_sentences,
        quoted,
        inner,
    } = scratch;
    sentencex(text, base + seg.start..base + seg.end, sentences);
    // A sentence can only hold a quotation when the segment has a double quote at all (`"`,
    // or `“`/`”`, whose first byte is E2): most segments have none, and skip the search.
    let has_quotes = memchr::memchr2(b'"', 0xE2, seg_text.as_bytes()).is_some();
    for sentence in sentences.iter().cloned() {
        let mut from = sentence.start;
        if has_quotes {
            // A quotation of several sentences is cut between them (see the quotation policy).
            quotes::quotations(&text[sentence.clone()], quoted);
            for q in quoted.iter() {
                let q = sentence.start + q.start..sentence.start + q.end;
                if !may_hold_two_sentences(&text[q.clone()]) {
                    continue;
                }
                sentencex(text, q.clone(), quoted_sentences);
                inner.clear();
                inner.extend(quoted_sentences.iter().skip(1).map(|piece| piece.start));
                inner.extend(quotes::after_inner_quotes(text, q));
                inner.sort_unstable();
                inner.dedup();
                for &start in inner.iter() {
                    out.extend(trimmed(text, from..start));
                    from = start;
                }
            }
        }
        out.extend(trimmed(text, from..sentence.end));
    }
}

/// sentencex on `text[range]` (masked), as ranges into `text` that tile `range`, in `out`
/// (cleared first).
fn sentencex(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    out.clear();
    let masked = mask::mask(&text[range.clone()]);
    #[cfg(test)]
    work::record(&masked);
    let origin = masked.as_ptr() as usize;
    out.extend(English {}.segment(&masked).into_iter().filter_map(|s| {
        let (offset, len) = (s.as_ptr() as usize - origin, s.len());
        // The masked copy shows `…` as `...`, and sentencex may cut between those dots; such a
        // cut moves to the end of the `…`. Every sentence moves the same way, so they still
        // tile the piece.
        let start = ceil_char_boundary(text, range.start + offset);
        let end = ceil_char_boundary(text, start.max(range.start + offset + len));
        (start < end).then_some(start..end)
    }));
}

/// A terminator followed by whitespace (perhaps behind a closing single quote): the least a
/// second sentence needs.
fn may_hold_two_sentences(s: &str) -> bool {
    let bytes = s.as_bytes();
    memchr::memchr3_iter(b'.', b'!', b'?', bytes).any(|p| {
        let rest = &bytes[p + 1..];
        let rest = rest
            .strip_prefix(b"'")
            .or_else(|| rest.strip_prefix("’".as_bytes()))
            .unwrap_or(rest);
        rest.first().is_some_and(u8::is_ascii_whitespace)
    }) || s.contains("… ")
}

/// One of the words sentencex takes as a sentence start even after an abbreviation (`The`,
/// `It`, `He` …). Our own rules use the same list so the layers agree.
pub(crate) fn is_sentence_starter(word: &str) -> bool {
    English {}.get_sentence_starters().contains(word)
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

/// What sentencex is given, recorded in tests to check the bounds that keep it linear.
#[cfg(test)]
mod work {
    use std::cell::Cell;

    thread_local! {
        static LONGEST: Cell<usize> = const { Cell::new(0) };
        static BYTES: Cell<usize> = const { Cell::new(0) };
        static LOOK_BACK: Cell<usize> = const { Cell::new(0) };
    }

    /// Records one input: its length, and the work sentencex does looking back from each
    /// terminator run to the start of its word (what made `!(!(…` quadratic).
    pub fn record(piece: &str) {
        let bytes = piece.as_bytes();
        let mut look_back = 0;
        let mut word_start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if b.is_ascii_whitespace() {
                word_start = i + 1;
            } else if matches!(b, b'.' | b'!' | b'?')
                && !(i > 0 && matches!(bytes[i - 1], b'.' | b'!' | b'?'))
            {
                look_back += i - word_start;
            }
        }
        LONGEST.with(|c| c.set(c.get().max(bytes.len())));
        BYTES.with(|c| c.set(c.get() + bytes.len()));
        LOOK_BACK.with(|c| c.set(c.get() + look_back));
    }

    /// (longest input, total bytes, total look-back) since the last call.
    pub fn take() -> (usize, usize, usize) {
        (
            LONGEST.with(|c| c.replace(0)),
            BYTES.with(|c| c.replace(0)),
            LOOK_BACK.with(|c| c.replace(0)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Linear time, checked by counting rather than timing: on inputs built to be slow, every
    /// piece sentencex sees is bounded, and its look-back work is a bounded multiple of the
    /// bytes it is given (quadratic inputs give a multiple that grows with the input).
    #[test]
    fn sentencex_work_is_linear_on_worst_cases() {
        let units = [
            "!(",
            "?)",
            "a.B",
            "(\"a. b\" c. ",
            "(a. B ",
            "\"A. B\" ",
            "http://a.",
            "abcdefgh",
            "The council met. ",
            "x\n",
        ];
        for unit in units {
            let text = unit.repeat((1 << 20) / unit.len());
            work::take();
            let ranges = split(&text);
            let (longest, bytes, look_back) = work::take();
            assert!(
                longest <= paragraphs::MAX_PIECE + 2 * 1024 + 64,
                "{unit:?}: sentencex was given {longest} bytes at once"
            );
            assert!(
                look_back <= 64 * bytes.max(1),
                "{unit:?}: look-back work {look_back} for {bytes} bytes"
            );
            let mut end = 0;
            for r in &ranges {
                assert!(r.start >= end && r.start < r.end && r.end <= text.len());
                end = r.end;
            }
        }
    }
}
