//! Double quotations: where they are, so that our own cuts respect them, and where a quotation
//! of several sentences is cut between its sentences (the quotation policy of the module doc).
//!
//! Only double quotes are tracked: straight `"` toggles, `“` opens and `”` closes. Single
//! quotes are too ambiguous with apostrophes to be evidence on their own; sentencex pairs them
//! itself.

use std::ops::Range;

/// Removes from `cuts` (sorted) every offset that lies inside a double quotation of `text`.
pub fn drop_quoted(text: &str, cuts: &mut Vec<usize>) {
    let bytes = text.as_bytes();
    // An opening quote with no closing quote after it (news copy continues a quotation in the
    // next paragraph) does not protect anything: only cuts before the last closer can be
    // inside a quotation. Found once, so the filter stays linear.
    let last_closer = last_closer(bytes);
    // The quote marks in order: `"` and the lead byte E2 of `“`/`”` never occur inside another
    // character, so jumping between them sees every quote mark a byte-by-byte walk would.
    let mut marks = memchr::memchr2_iter(b'"', 0xE2, bytes)
        .filter_map(|p| quote_at(bytes, p).map(|q| (p, q)))
        .peekable();
    let mut inside = false;
    cuts.retain(|&cut| {
        while let Some((_, q)) = marks.next_if(|&(p, _)| p < cut) {
            match q {
                Quote::Straight => inside = !inside,
                Quote::Open => inside = true,
                Quote::Close => inside = false,
            }
        }
        !inside || last_closer.is_none_or(|c| c < cut)
    });
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    Straight,
    Open,
    Close,
}

/// The double quote starting at byte `p`, if any (`“` and `”` are 3 bytes, E2 80 9C/9D).
fn quote_at(bytes: &[u8], p: usize) -> Option<Quote> {
    match bytes[p] {
        b'"' => Some(Quote::Straight),
        0xE2 if bytes.get(p + 1) == Some(&0x80) => match bytes.get(p + 2) {
            Some(&0x9C) => Some(Quote::Open),
            Some(&0x9D) => Some(Quote::Close),
            _ => None,
        },
        _ => None,
    }
}

fn last_closer(bytes: &[u8]) -> Option<usize> {
    let straight = memchr::memrchr(b'"', bytes);
    // The last `”` (E2 80 9D) after it, found from its last byte without building a searcher.
    let after = straight.map_or(0, |p| p + 1);
    let curly = memchr::memrchr_iter(0x9D, &bytes[after..])
        .map(|i| after + i)
        .find(|&i| i >= 2 && bytes[i - 2] == 0xE2 && bytes[i - 1] == 0x80)
        .map(|i| i - 2);
    straight.max(curly)
}

/// The inside (between the quote marks) of every closed double quotation in `sentence`, in
/// order and not nested: straight quotes pair in turn, `“` pairs with the next `”`. A
/// quotation left open (continued in the next paragraph) yields nothing: sentencex does not
/// protect it, so it is already split.
pub fn quotations(sentence: &str, out: &mut Vec<Range<usize>>) {
    out.clear();
    let bytes = sentence.as_bytes();
    let mut open: Option<(usize, Quote)> = None;
    for p in memchr::memchr2_iter(b'"', 0xE2, bytes) {
        let Some(q) = quote_at(bytes, p) else {
            continue;
        };
        let len = if q == Quote::Straight { 1 } else { 3 };
        match (open, q) {
            (None, Quote::Straight | Quote::Open) => open = Some((p + len, q)),
            (Some((start, Quote::Straight)), Quote::Straight)
            | (Some((start, Quote::Open)), Quote::Close) => {
                out.push(start..p);
                open = None;
            }
            _ => {}
        }
    }
}

/// Sentence starts inside the quotation `text[q]` right after a nested single-quoted sentence:
/// `.`, `!` or `?`, a closing `'` or `’`, whitespace, a capital (`"I told him, 'Don't go.' He
/// went anyway," she said.`). sentencex pairs an apostrophe (`Don't`) with the opening quote
/// and misses these.
pub fn after_inner_quotes(text: &str, q: Range<usize>) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let end = q.end;
    memchr::memchr3_iter(b'.', b'!', b'?', &bytes[q.clone()]).filter_map(move |rel| {
        let p = q.start + rel + 1;
        let closer = if bytes.get(p) == Some(&b'\'') {
            1
        } else if bytes[p..end].starts_with("’".as_bytes()) {
            3
        } else {
            return None;
        };
        let after = &text[p + closer..end];
        let next = after.trim_start();
        (next.len() < after.len() && next.chars().next().is_some_and(char::is_uppercase))
            .then_some(end - next.len())
    })
}

#[cfg(test)]
mod tests {
    use super::{after_inner_quotes, drop_quoted, quotations};

    #[test]
    fn sentence_after_a_nested_quote() {
        let s = "I told him, 'Don't go.' He went, 'Go!’ She";
        let starts: Vec<usize> = after_inner_quotes(s, 0..s.len()).collect();
        assert_eq!(starts, [s.find("He").unwrap(), s.find("She").unwrap()]);
    }

    #[test]
    fn drops_cuts_inside_quotes_only() {
        let text = "A. \"B. C.\" D. “E. F.” G.";
        let mut cuts: Vec<usize> = text.match_indices(". ").map(|(i, _)| i + 1).collect();
        drop_quoted(text, &mut cuts);
        let kept: Vec<&str> = cuts.iter().map(|&c| &text[c - 2..c]).collect();
        assert_eq!(kept, ["A.", "D."]);
        let mut cuts = vec![4];
        drop_quoted("\"Un. Closed", &mut cuts);
        assert_eq!(cuts, [4]);
    }

    #[test]
    fn finds_closed_quotations() {
        let s = "\"A. B,\" he said, “C.” and \"open";
        let mut q = Vec::new();
        quotations(s, &mut q);
        let inner: Vec<&str> = q.iter().map(|r| &s[r.clone()]).collect();
        assert_eq!(inner, ["A. B,", "C."]);
    }
}
