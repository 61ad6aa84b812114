//! Inline Markdown cleaning, shared by the plain and Markdown extractors.
//!
//! One paragraph at a time: its lines (original byte ranges, block markers already left
//! out) are scanned for inline syntax, which is dropped, and the rest is copied verbatim:
//!
//! * emphasis `*x*`, `_x_`, `**x**`, `***x***`, strikethrough `~~x~~`: markers dropped
//!   (flanking rules as in CommonMark, so `5 * 3` and `snake_case` stay as they are);
//! * links `[text](url)` and `[text][ref]`: the text stays; images `![alt](src)` and
//!   footnote references `[^1]` go entirely;
//! * code spans: backticks dropped, code kept verbatim (no emphasis inside);
//! * backslash escapes: the backslash goes;
//! * inline HTML tags and comments go (autolinks `<https://…>` keep the address);
//! * character references (`&amp;`, `&#8217;`) are decoded (a replacement in the map).
//!
//! Lines are joined with `\n` (a wrapped line for the splitter). Linear time: brackets and
//! emphasis are matched with stacks, never by rescanning.

use std::ops::Range;

use super::entities;
use crate::text::CleanTextBuilder;

const GAP: u8 = 0;
const TEXT: u8 = 1;
const DROP: u8 = 2;
const LIT: u8 = 3;
const REP: u8 = 4;
const REPX: u8 = 5;

/// Appends the cleaned text of the paragraph made of `segs` (original ranges, in order,
/// not overlapping) to `b`.
pub fn clean(src: &str, segs: &[Range<usize>], b: &mut CleanTextBuilder) {
    let Some(first) = segs.first() else { return };
    let base = first.start;
    let end = segs.last().map_or(base, |s| s.end).max(base);
    let bytes = &src.as_bytes()[base..end];
    let n = bytes.len();
    let mut mark = vec![GAP; n];
    for s in segs {
        mark[s.start - base..s.end - base].fill(TEXT);
    }
    let at = |mark: &[u8], i: usize, c: u8| i < n && mark[i] == TEXT && bytes[i] == c;
    let mut reps: Vec<(usize, usize, String)> = Vec::new();

    // Code spans: pair backtick runs of equal length, left to right.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        if at(&mark, i, b'`') {
            let s = i;
            while at(&mark, i, b'`') {
                i += 1;
            }
            runs.push((s, i - s));
        } else {
            i += 1;
        }
    }
    if runs.len() > 1 {
        let mut next_same = vec![usize::MAX; runs.len()];
        let mut last_of_len: std::collections::HashMap<usize, usize> = Default::default();
        for k in (0..runs.len()).rev() {
            if let Some(&j) = last_of_len.get(&runs[k].1) {
                next_same[k] = j;
            }
            last_of_len.insert(runs[k].1, k);
        }
        let mut k = 0;
        while k < runs.len() {
            let j = next_same[k];
            if j == usize::MAX {
                k += 1;
                continue;
            }
            let (os, ol) = runs[k];
            let (cs, cl) = runs[j];
            mark[os..os + ol].fill(DROP);
            mark[cs..cs + cl].fill(DROP);
            for m in &mut mark[os + ol..cs] {
                if *m == TEXT {
                    *m = LIT;
                }
            }
            k = j + 1;
        }
    }

    // Backslash escapes.
    let mut i = 0;
    while i + 1 < n {
        if at(&mark, i, b'\\') && mark[i + 1] == TEXT && bytes[i + 1].is_ascii_punctuation() {
            mark[i] = DROP;
            mark[i + 1] = LIT;
            i += 2;
        } else {
            i += 1;
        }
    }

    // Inline HTML comments and tags, autolinks; character references.
    let mut no_gt_from = usize::MAX;
    let mut i = 0;
    while i < n {
        if at(&mark, i, b'<') {
            let rest = &bytes[i..];
            if rest.starts_with(b"<!--") {
                let close = memchr::memmem::find(&rest[4..], b"-->").map_or(n, |p| i + 4 + p + 3);
                drop_text(&mut mark[i..close]);
                i = close;
                continue;
            }
            let tagish = rest.get(1).is_some_and(|c| c.is_ascii_alphabetic())
                || (rest.get(1) == Some(&b'/')
                    && rest.get(2).is_some_and(|c| c.is_ascii_alphabetic()));
            if tagish && i < no_gt_from {
                if let Some(p) = memchr::memchr(b'>', rest) {
                    let inner = &rest[1..p];
                    let close = i + p + 1;
                    let auto = !inner.contains(&b' ')
                        && (memchr::memmem::find(inner, b"://").is_some()
                            || (inner.contains(&b'@') && !inner.contains(&b'/')));
                    if auto {
                        mark[i] = DROP;
                        mark[close - 1] = DROP;
                        for m in &mut mark[i + 1..close - 1] {
                            if *m == TEXT {
                                *m = LIT;
                            }
                        }
                    } else {
                        drop_text(&mut mark[i..close]);
                    }
                    i = close;
                    continue;
                }
                no_gt_from = i;
            }
        } else if at(&mark, i, b'&') {
            // `end` bounds the reference to this paragraph.
            let s = &src[base + i..base + n];
            if let Some((len, text)) = entities::decode_at(s) {
                if mark[i..i + len].iter().all(|&m| m == TEXT) {
                    mark[i] = REP;
                    mark[i + 1..i + len].fill(REPX);
                    reps.push((i, i + len, text));
                    i += len;
                    continue;
                }
            }
        }
        i += 1;
    }

    // Links and images: match brackets and parentheses with stacks.
    let mut bracket_close = vec![usize::MAX; 0];
    let mut paren_close: Vec<usize> = Vec::new();
    {
        let mut bstack = Vec::new();
        let mut pstack = Vec::new();
        let mut pairs_b = Vec::new();
        let mut pairs_p = Vec::new();
        for i in 0..n {
            if mark[i] != TEXT {
                continue;
            }
            match bytes[i] {
                b'[' => bstack.push(i),
                b']' => {
                    if let Some(o) = bstack.pop() {
                        pairs_b.push((o, i));
                    }
                }
                b'(' => pstack.push(i),
                b')' => {
                    if let Some(o) = pstack.pop() {
                        pairs_p.push((o, i));
                    }
                }
                _ => {}
            }
        }
        if !pairs_b.is_empty() {
            bracket_close = vec![usize::MAX; n];
            for (o, c) in &pairs_b {
                bracket_close[*o] = *c;
            }
            paren_close = vec![usize::MAX; n];
            for (o, c) in &pairs_p {
                paren_close[*o] = *c;
            }
        }
    }
    if !bracket_close.is_empty() {
        for o in 0..n {
            let c = bracket_close[o];
            if c == usize::MAX || mark[o] != TEXT || mark[c] != TEXT {
                continue;
            }
            let image = o > 0 && mark[o - 1] == TEXT && bytes[o - 1] == b'!';
            if bytes.get(o + 1) == Some(&b'^') {
                drop_text(&mut mark[o..=c]);
                continue;
            }
            let after = c + 1;
            let tail_end = if after < n && mark[after] == TEXT && bytes[after] == b'(' {
                paren_close[after]
            } else if after < n && mark[after] == TEXT && bytes[after] == b'[' {
                bracket_close[after]
            } else {
                usize::MAX
            };
            if tail_end == usize::MAX {
                continue;
            }
            if image {
                drop_text(&mut mark[o - 1..=tail_end]);
            } else {
                mark[o] = DROP;
                drop_text(&mut mark[c..=tail_end]);
            }
        }
    }

    literal_tokens(bytes, &mut mark);
    emphasis(src, base, bytes, &mut mark);

    // Emit.
    // Replacements are in order; some may have been dropped since (inside a link target).
    let mut reps = reps.into_iter();
    let mut run: Option<usize> = None;
    let mut i = 0;
    while i < n {
        match mark[i] {
            TEXT | LIT => {
                run.get_or_insert(i);
                i += 1;
                continue;
            }
            _ => {}
        }
        if let Some(s) = run.take() {
            b.copy(base + s..base + i);
        }
        match mark[i] {
            REP => match reps.find(|r| r.0 >= i) {
                Some((s, e, text)) if s == i => {
                    b.replace(base + s..base + e, &text);
                    i = e;
                }
                _ => i += 1,
            },
            GAP => {
                let s = i;
                while i < n && mark[i] == GAP {
                    i += 1;
                }
                let gap = base + s..base + i;
                if &src[gap.clone()] == "\n" {
                    b.copy(gap);
                } else {
                    b.replace(gap, "\n");
                }
            }
            _ => i += 1,
        }
    }
    if let Some(s) = run {
        b.copy(base + s..base + n);
    }
}

/// Cleans a standalone piece of inline Markdown (a title) to a one-line string.
pub fn text_of(s: &str) -> String {
    let mut b = CleanTextBuilder::new(s);
    let whole = 0..s.len();
    clean(s, std::slice::from_ref(&whole), &mut b);
    crate::text::fold_whitespace(b.text())
}

fn drop_text(marks: &mut [u8]) {
    for m in marks {
        if *m != GAP {
            *m = DROP;
        }
    }
}

fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// Marks as literal (never emphasis) the text tokens where `_` and `*` are part of a name:
/// handles and hashtags (`@__hope_`, `#snake_case`) and URLs (`https://a.b/x_y_`,
/// `www.a_b.com`). One pass over the bytes.
fn literal_tokens(bytes: &[u8], mark: &mut [u8]) {
    // Only `_` and `*` can be taken for emphasis; most paragraphs have neither.
    if memchr::memchr2(b'_', b'*', bytes).is_none() {
        return;
    }
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        if mark[i] != TEXT || bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && mark[i] == TEXT && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let tok = &bytes[start..i];
        let url = memchr::memchr(b':', tok).is_some() && tok.windows(3).any(|w| w == b"://")
            || tok
                .get(..4)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"www."));
        if url {
            mark[start..i].fill(LIT);
            continue;
        }
        let mut k = 0;
        while k < tok.len() {
            let sigil = matches!(tok[k], b'@' | b'#')
                && tok
                    .get(k + 1)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_');
            if !sigil {
                k += 1;
                continue;
            }
            let end = k
                + 1
                + tok[k + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                    .count();
            mark[start + k..start + end].fill(LIT);
            k = end;
        }
    }
}

/// Characters after which a `_` run may open emphasis: `_` emphasis starts a word.
fn opens_word(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | '[' | '{' | '"' | '\'' | '“' | '‘' | '*' | '~')
}

/// Whether a `_` run may close emphasis given the two characters after it: `_` emphasis ends
/// a word (`_done_.` closes; `__init__.py` and `a_b_c` do not).
fn closes_word(next: char, after: char) -> bool {
    next.is_whitespace()
        || matches!(next, ')' | ']' | '}' | '"' | '\'' | '”' | '’' | '*' | '~')
        || (matches!(next, '.' | ',' | ';' | ':' | '!' | '?') && !after.is_alphanumeric())
}

/// Emphasis and strikethrough markers, matched with one stack per marker character.
fn emphasis(src: &str, base: usize, bytes: &[u8], mark: &mut [u8]) {
    let n = bytes.len();
    // Stacks of openers: (start, len) of the still unmatched part of the run.
    let mut stacks: [Vec<(usize, usize)>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let mut i = 0;
    while i < n {
        let c = bytes[i];
        let kind = match c {
            b'*' => 0,
            b'_' => 1,
            b'~' => 2,
            _ => {
                i += 1;
                continue;
            }
        };
        if mark[i] != TEXT {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && bytes[i] == c && mark[i] == TEXT {
            i += 1;
        }
        let len = i - start;
        if kind == 2 && len != 2 {
            continue;
        }
        let prev = if start == 0 || mark[start - 1] == GAP {
            ' '
        } else {
            src[..base + start].chars().next_back().unwrap_or(' ')
        };
        let next = if i >= n || mark[i] == GAP {
            ' '
        } else {
            src[base + i..].chars().next().unwrap_or(' ')
        };
        let left =
            !next.is_whitespace() && (!is_punct(next) || prev.is_whitespace() || is_punct(prev));
        let right =
            !prev.is_whitespace() && (!is_punct(prev) || next.is_whitespace() || is_punct(next));
        let (can_open, can_close) = if kind == 1 {
            let j = i + next.len_utf8();
            let after = if i >= n || j >= n || mark[i] == GAP || mark[j] == GAP {
                ' '
            } else {
                src[base + j..].chars().next().unwrap_or(' ')
            };
            (
                left && (!right || is_punct(prev)) && opens_word(prev),
                right && (!left || is_punct(next)) && closes_word(next, after),
            )
        } else if kind == 0 && prev.is_alphanumeric() && next.is_alphanumeric() {
            // `*` inside a word (`un*real*ly`, `a*b*c`) is not emphasis.
            (false, false)
        } else {
            (left, right)
        };
        let (mut cs, mut cl) = (start, len);
        if can_close {
            let stack = &mut stacks[kind];
            while cl > 0 {
                let Some(top) = stack.last_mut() else { break };
                let k = top.1.min(cl);
                let oe = top.0 + top.1;
                mark[oe - k..oe].fill(DROP);
                mark[cs..cs + k].fill(DROP);
                top.1 -= k;
                if top.1 == 0 {
                    stack.pop();
                }
                cs += k;
                cl -= k;
            }
        }
        if cl > 0 && can_open {
            stacks[kind].push((cs, cl));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::CleanText;

    fn run(src: &str) -> (String, CleanText) {
        let mut b = CleanTextBuilder::new(src);
        let segs: Vec<Range<usize>> = {
            let mut v = Vec::new();
            let mut s = 0;
            for (i, _) in src.match_indices('\n') {
                v.push(s..i);
                s = i + 1;
            }
            v.push(s..src.len());
            v
        };
        clean(src, &segs, &mut b);
        let c = b.finish();
        (c.text().to_string(), c)
    }

    #[test]
    fn emphasis_markers_go() {
        assert_eq!(run("a *b* c").0, "a b c");
        assert_eq!(run("a **b** c").0, "a b c");
        assert_eq!(run("a ***b*** c").0, "a b c");
        assert_eq!(run("a _b_ c").0, "a b c");
        assert_eq!(run("a __b__ c").0, "a b c");
        assert_eq!(run("a ~~b~~ c").0, "a b c");
        assert_eq!(run("*“No party,”* the").0, "“No party,” the");
        assert_eq!(run("**bold *both* bold**").0, "bold both bold");
    }

    #[test]
    fn non_emphasis_stays() {
        assert_eq!(run("5 * 3 = 15").0, "5 * 3 = 15");
        assert_eq!(run("snake_case_name").0, "snake_case_name");
        assert_eq!(run("user (@__hope_) said").0, "user (@__hope_) said");
        assert_eq!(run("tag #my_new_tag_ now").0, "tag #my_new_tag_ now");
        assert_eq!(
            run("see https://a.b/_x_/y_ now").0,
            "see https://a.b/_x_/y_ now"
        );
        assert_eq!(
            run("run __init__.py and file_name.txt").0,
            "run __init__.py and file_name.txt"
        );
        assert_eq!(run("a*b*c and 2*3*4").0, "a*b*c and 2*3*4");
        assert_eq!(run("it was _done_. Then").0, "it was done. Then");
        assert_eq!(run("a *b").0, "a *b");
        assert_eq!(run("a \\*b\\* c").0, "a *b* c");
    }

    #[test]
    fn links_images_code() {
        assert_eq!(run("the [statement](#) posted").0, "the statement posted");
        assert_eq!(run("[READ MORE: x](http://a.b/c_(d))").0, "READ MORE: x");
        assert_eq!(run("see [it][1] now").0, "see it now");
        assert_eq!(run("pic ![alt](a.png) end").0, "pic  end");
        assert_eq!(run("note[^1] end").0, "note end");
        assert_eq!(run("[*x*](#)").0, "x");
        assert_eq!(run("use `a_b*c*` now").0, "use a_b*c* now");
        assert_eq!(run("plain [brackets] stay").0, "plain [brackets] stay");
    }

    #[test]
    fn html_and_entities() {
        assert_eq!(run("a <em>b</em> c").0, "a b c");
        assert_eq!(run("a <!-- x --> c").0, "a  c");
        assert_eq!(
            run("mail <https://a.b/x_y_z> now").0,
            "mail https://a.b/x_y_z now"
        );
        assert_eq!(run("A &amp; B").0, "A & B");
        assert_eq!(run("1 < 2 and 3 > 2").0, "1 < 2 and 3 > 2");
    }

    #[test]
    fn lines_join_and_map() {
        let src = "one *two\nthree* four";
        let (t, c) = run(src);
        assert_eq!(t, "one two\nthree four");
        let r = t.find("three").unwrap();
        assert_eq!(&src[c.to_original(r..r + 5)], "three");
    }

    #[test]
    fn pathological_is_fast() {
        let s = "[(*_`<".repeat(20_000);
        let start = std::time::Instant::now();
        let _ = run(&s);
        let s = "<a ".repeat(20_000);
        let _ = run(&s);
        assert!(start.elapsed().as_secs() < 5);
    }
}
