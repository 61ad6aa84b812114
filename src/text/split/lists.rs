//! List items: where a paragraph breaks into items, and how long each item's marker is.
//!
//! Rules (each item becomes its own sentence, or several if its text holds several):
//! - A line (after a single `\n`) that starts with a list marker starts an item. Any other single
//!   `\n` is a wrapped line and means nothing.
//! - Inline lists (Golden Rules #35–#39: `1. The first item 2. The second item`,
//!   `a. … b. … c. …`, `⁃9. … ⁃10. …`): a block that *starts* with a marker is a list, and a
//!   later marker inside it starts a new item only if it *continues the sequence* — the next
//!   number or letter in the same style, or the same bullet glyph — and stands between
//!   whitespace. Requiring the sequence keeps prose like `rose 2. The` or `a. m.` untouched.
//! - The marker itself is never shown to sentencex (it would split `1.` off as a sentence);
//!   it is glued to the front of the item's first sentence.
//!
//! Markers: bullets (`•`, `◦`, `▪`, `⁃`, `‣`, … and, followed by a space, `-`, `*`, `+`, `–`,
//! `—`), optionally followed by an enumerator; enumerators `1.`, `1)`, `1.)`, `(1)`, `a.`,
//! `a)`, `(a)`, `A)`, `ii.` — 1 to 3 digits, one letter, or a short lower-case roman numeral.
//! A capital letter with a dot (`A. Smith`, `W. Bush`) is an initial, not a marker.

/// Bullet glyphs that mark an item whether or not a space follows them.
const UNICODE_BULLETS: &[char] = &[
    '•', '◦', '▪', '▫', '■', '□', '●', '○', '⁃', '‣', '⁌', '⁍', '◆', '◇', '★', '☆', '➤', '➢', '➣',
    '▶', '▸', '►', '✓', '✔',
];

/// Bullets that are ordinary punctuation unless a space follows (and only at a line start).
const ASCII_BULLETS: &[char] = &['-', '*', '+', '–', '—'];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    Letter,
    Roman,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Enumerator {
    kind: Kind,
    value: u32,
    /// Shape of the punctuation: 0 `x.`, 1 `x)`, 2 `x.)`, 3 `(x)`.
    style: u8,
}

/// A parsed list marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    bullet: Option<char>,
    enumerator: Option<Enumerator>,
    /// Byte length of the marker (without the whitespace after it).
    pub len: usize,
}

impl Marker {
    /// True when `next` is the item that follows `self` in the same list.
    fn continued_by(&self, next: &Marker) -> bool {
        if self.bullet != next.bullet {
            return false;
        }
        match (self.enumerator, next.enumerator) {
            (None, None) => self.bullet.is_some(),
            (Some(a), Some(b)) => {
                a.style == b.style
                    && b.value == a.value + 1
                    && (a.kind == b.kind
                        // `i.` parsed as a letter may be continued by `ii.` (roman).
                        || (a.kind == Kind::Letter && b.kind == Kind::Roman && a.value == 1))
            }
            _ => false,
        }
    }
}

/// Parses a list marker at the very start of `s`. `line_start` allows the ASCII bullets, which
/// mid-line are dashes or asterisks in prose.
pub fn parse_marker(s: &str, line_start: bool) -> Option<Marker> {
    let b = s.as_bytes();
    // Quick reject for the common case, a capitalised word (`The`): never a marker.
    if b.len() >= 2 && b[0].is_ascii_uppercase() && b[1].is_ascii_lowercase() {
        return None;
    }
    let mut pos = 0;
    let mut bullet = None;
    let first = s.chars().next()?;
    if !first.is_ascii() && UNICODE_BULLETS.contains(&first) {
        bullet = Some(first);
        pos += first.len_utf8();
    } else if line_start && ASCII_BULLETS.contains(&first) {
        // `-5%` or `*Note*` are not items: an ASCII bullet needs a space after it.
        let after = &s[first.len_utf8()..];
        if !after.starts_with([' ', '\t']) {
            return None;
        }
        bullet = Some(first);
        pos += first.len_utf8();
    }
    if bullet.is_some() {
        let ws = s[pos..].len() - s[pos..].trim_start_matches([' ', '\t']).len();
        if let Some((enumerator, len)) = parse_enumerator(&s[pos + ws..]) {
            return Some(Marker {
                bullet,
                enumerator: Some(enumerator),
                len: pos + ws + len,
            });
        }
        return Some(Marker {
            bullet,
            enumerator: None,
            len: pos,
        });
    }
    let (enumerator, len) = parse_enumerator(s)?;
    Some(Marker {
        bullet: None,
        enumerator: Some(enumerator),
        len,
    })
}

/// Parses `1.`, `1)`, `1.)`, `(1)`, `a.`, `a)`, `(a)`, `A)`, `ii.` followed by whitespace.
fn parse_enumerator(s: &str) -> Option<(Enumerator, usize)> {
    let b = s.as_bytes();
    let open = b.first() == Some(&b'(');
    let body_start = usize::from(open);
    let mut end = body_start;
    while end < b.len() && b[end].is_ascii_alphanumeric() {
        end += 1;
        if end - body_start > 4 {
            // Longer than any enumerator: an ordinary word (the common case, rejected early).
            return None;
        }
    }
    let rest = &b[end..];
    let (style, punct_len) = if open {
        (rest.first() == Some(&b')')).then_some((3u8, 1))?
    } else if rest.starts_with(b".)") {
        (2, 2)
    } else if rest.starts_with(b")") {
        (1, 1)
    } else if rest.starts_with(b".") {
        (0, 1)
    } else {
        return None;
    };
    let len = end + punct_len;
    if !matches!(b.get(len), None | Some(b' ' | b'\t' | b'\n' | b'\r')) {
        return None;
    }
    let body = &s[body_start..end];
    let (kind, value) = if body.is_empty() {
        return None;
    } else if body.bytes().all(|c| c.is_ascii_digit()) {
        if body.len() > 3 {
            return None;
        }
        (Kind::Number, body.parse().ok()?)
    } else if body.len() == 1 {
        let c = body.as_bytes()[0];
        // A capital letter with a dot is an initial (`W. Bush`), not a list marker.
        if style == 0 && c.is_ascii_uppercase() {
            return None;
        }
        (Kind::Letter, u32::from(c.to_ascii_lowercase() - b'a' + 1))
    } else if let Some(v) = roman_value(body) {
        (Kind::Roman, v)
    } else {
        return None;
    };
    Some((Enumerator { kind, value, style }, len))
}

fn roman_value(s: &str) -> Option<u32> {
    const ROMANS: [&str; 12] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    ROMANS
        .iter()
        .position(|r| *r == s)
        .and_then(|p| u32::try_from(p + 1).ok())
}

/// One list item (or the plain text of a paragraph): `start..` up to the next item, with its
/// marker occupying `start..content`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub start: usize,
    pub content: usize,
}

/// Splits `para` (a paragraph, possibly with leading whitespace) into items, in order, covering
/// it from its first non-whitespace byte. A paragraph without any list marker is one item with
/// no marker.
pub fn items(para: &str, out: &mut Vec<Item>) {
    out.clear();
    let bytes = para.as_bytes();
    let first = para.len() - para.trim_start().len();
    push_block(para, first, true, out);
    for nl in memchr::memchr_iter(b'\n', bytes) {
        let mut k = nl + 1;
        while k < bytes.len() && matches!(bytes[k], b' ' | b'\t' | b'\r') {
            k += 1;
        }
        if k > first && k < bytes.len() && parse_marker(&para[k..], true).is_some() {
            push_block(para, k, true, out);
        }
    }
    expand_inline(para, out);
}

fn push_block(para: &str, start: usize, line_start: bool, out: &mut Vec<Item>) {
    let content = match parse_marker(&para[start..], line_start) {
        Some(m) => {
            let after = &para[start + m.len..];
            start + m.len + (after.len() - after.trim_start().len())
        }
        None => start,
    };
    out.push(Item { start, content });
}

/// Adds inline items to every item that starts with a marker (see the module doc: only markers
/// that continue the sequence count).
fn expand_inline(para: &str, out: &mut Vec<Item>) {
    if !out.iter().any(|it| it.content > it.start) {
        return;
    }
    let mut result = Vec::with_capacity(out.len() + 4);
    for (i, item) in out.iter().enumerate() {
        result.push(*item);
        if item.content == item.start {
            continue;
        }
        let end = out.get(i + 1).map_or(para.len(), |n| n.start);
        let Some(mut last) = parse_marker(&para[item.start..], true) else {
            continue;
        };
        let bytes = para.as_bytes();
        let mut k = item.content;
        while k < end {
            // Candidates start right after whitespace.
            if bytes[k].is_ascii_whitespace() && k + 1 < end && !bytes[k + 1].is_ascii_whitespace()
            {
                let cand = k + 1;
                if let Some(m) = parse_marker(&para[cand..end], false) {
                    if last.continued_by(&m) {
                        let after = &para[cand + m.len..end];
                        let content = cand + m.len + (after.len() - after.trim_start().len());
                        if content < end {
                            result.push(Item {
                                start: cand,
                                content,
                            });
                            last = m;
                            k = content;
                            continue;
                        }
                    }
                }
            }
            k += 1;
        }
    }
    *out = result;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_items(para: &str) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        items(para, &mut out);
        let mut v = Vec::new();
        for (i, it) in out.iter().enumerate() {
            let end = out.get(i + 1).map_or(para.len(), |n| n.start);
            v.push((
                para[it.start..it.content].trim_end(),
                para[it.content..end].trim_end(),
            ));
        }
        v
    }

    #[test]
    fn markers() {
        assert!(parse_marker("1. The", true).is_some());
        assert!(parse_marker("1.) The", true).is_some());
        assert!(parse_marker("(a) The", true).is_some());
        assert!(parse_marker("- The", true).is_some());
        assert!(parse_marker("- The", false).is_none());
        assert!(parse_marker("-5%", true).is_none());
        assert!(parse_marker("W. Bush", true).is_none());
        assert!(parse_marker("2015. The", true).is_none());
        assert!(parse_marker("1.5 million", true).is_none());
        assert_eq!(parse_marker("⁃9. The", false).map(|m| m.len), Some(5));
    }

    #[test]
    fn inline_sequences() {
        assert_eq!(
            split_items("1. The first item 2. The second item"),
            [("1.", "The first item"), ("2.", "The second item")]
        );
        assert_eq!(
            split_items("a. one b. two c. three"),
            [("a.", "one"), ("b.", "two"), ("c.", "three")]
        );
        // Not a sequence: 3 does not follow 1.
        assert_eq!(split_items("1. Rose 3. Fell"), [("1.", "Rose 3. Fell")]);
        // Prose never starts a list.
        assert_eq!(
            split_items("It rose 2. Then 3. fell"),
            [("", "It rose 2. Then 3. fell")]
        );
    }

    #[test]
    fn line_items() {
        assert_eq!(
            split_items("Intro:\n- one\n- two\nwrapped"),
            [("", "Intro:"), ("-", "one"), ("-", "two\nwrapped")]
        );
    }
}
