//! Masking: a same-length copy of a text with the punctuation that sentencex would misread
//! replaced by harmless ASCII, so that sentencex's byte offsets stay valid for the original.
//!
//! Each mask follows one principle: *punctuation that belongs to a token is not sentence
//! punctuation*.
//! - **Apostrophes inside a token.** sentencex treats `'` as an opening quote when a non-word
//!   character precedes it and a word character follows (`\B'\b`). After an abbreviation's dot
//!   that is a possessive (`U.S.'s`, `Jr.'s`, `Co.'s`), not a quote; taken for a quote it pairs
//!   with the next closing-shaped `'` and every boundary in between is lost. Likewise a `'`
//!   eliding the century (`'90s`, `'19`). Both become `x`, a letter, which reads as the word
//!   going on. Apostrophes between letters (`don't`) are never quotes to sentencex and stay.
//! - **URLs and e-mail addresses.** Dots, `?` and `!` *inside* such a token (followed by more of
//!   the token) become `_`; a terminator at the token's end still ends the sentence.
//! - **The ellipsis character** `…` becomes `...` (also three bytes), so sentencex applies its
//!   ellipsis rules to it: a boundary before a capitalised word, none before a lower-case one.
//! - **Time zone, day or date after `a.m.`/`p.m.`** (`11:58 p.m. EST on Friday`, AP style
//!   `at 3 p.m. Tuesday`, `8 p.m. Nov. 5`): the final dot becomes `_`; what a time of day is
//!   followed by belongs to the time, it does not start a sentence. Any other capitalised word
//!   after `p.m.` is left to sentencex (`at 5 p.m. The council …` splits).
//! - **Prepositive titles** (`Mr.`, `Sen.`, `Gen.`, `Lt.` …) directly before a capitalised word:
//!   the dot becomes `_`. These titles only ever precede a name, so `Sen. Will Hurd` must not
//!   split even though `Will` is a common sentence starter. Ambiguous ones (`Dr.` = Drive,
//!   `St.` = Street) are left to sentencex, which splits them only before a sentence starter.

use std::borrow::Cow;

/// Titles that always precede a name (case-sensitive, as written in news copy).
fn is_title(word: &[u8]) -> bool {
    matches!(
        word,
        b"Mr"
            | b"Mrs"
            | b"Ms"
            | b"Messrs"
            | b"Mmes"
            | b"Prof"
            | b"Sen"
            | b"Sens"
            | b"Rep"
            | b"Reps"
            | b"Gov"
            | b"Govs"
            | b"Gen"
            | b"Col"
            | b"Lt"
            | b"Sgt"
            | b"Capt"
            | b"Maj"
            | b"Adm"
            | b"Cmdr"
            | b"Cpl"
            | b"Pvt"
            | b"Pfc"
            | b"Brig"
            | b"Rev"
            | b"Hon"
            | b"Supt"
            | b"Insp"
            | b"Det"
            | b"Fr"
            | b"Msgr"
            | b"Atty"
            | b"Amb"
            | b"Pres"
            | b"Ft"
            | b"Mt"
            | b"Lt.Col"
            | b"Lt.Gen"
    )
}

/// Returns `text` with the masks of the module doc applied (borrowed when nothing changes).
///
/// One scan over the bytes that can start a mask (`'`, `.`, the lead byte of `…`) does all but
/// the URL check, which only runs when a `/`, `@` or `www.` is present: sentencex is called per
/// paragraph, so a fixed cost per call matters as much as the cost per byte.
pub fn mask(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut edits: Vec<(usize, u8)> = Vec::new();
    let mut maybe_url = false;
    for p in memchr::memchr3_iter(b'\'', b'.', 0xE2, bytes) {
        match bytes[p] {
            b'\'' => apostrophe(bytes, p, &mut edits),
            b'.' => {
                // Every mask of a dot but the long-token one needs a letter before the dot (a
                // title, initials, `Cie`, a state, `p.m`, `www`), and each needs a particular
                // one: most dots are done with after a test or two.
                if p > 0 && bytes[p - 1].is_ascii_alphabetic() {
                    let prev = bytes[p - 1];
                    title(bytes, p, &mut edits);
                    if prev.is_ascii_uppercase() || prev == b'e' {
                        name_abbreviation(bytes, p, &mut edits);
                    }
                    party_state(bytes, p, &mut edits);
                    if prev.eq_ignore_ascii_case(&b'm') {
                        time_tail(bytes, p, &mut edits);
                    }
                    maybe_url |= prev.eq_ignore_ascii_case(&b'w')
                        && p >= 3
                        && bytes[p - 3..p].eq_ignore_ascii_case(b"www");
                }
                long_token(bytes, p, &mut edits);
            }
            _ => {
                if bytes[p + 1..].starts_with(&[0x80, 0xA6]) {
                    // `…` (E2 80 A6) becomes `...`.
                    edits.extend([(p, b'.'), (p + 1, b'.'), (p + 2, b'.')]);
                }
            }
        }
    }
    for p in memchr::memchr2_iter(b'!', b'?', bytes) {
        long_token(bytes, p, &mut edits);
    }
    urls(bytes, maybe_url, &mut edits);
    if edits.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = bytes.to_vec();
    for (pos, b) in edits {
        // ASCII bytes are replaced by ASCII bytes, and the three bytes of `…` all by `.`: the
        // copy stays valid UTF-8.
        out[pos] = b;
    }
    Cow::Owned(String::from_utf8(out).expect("masking keeps UTF-8 valid"))
}

/// `p` is a dot; when it ends initials (`B.C.`, `J.C.`, `W.E.B.`) or `Cie.` and a capitalised
/// word follows that is not a sentence starter, mask it: `the B.C. Wildfire Service`,
/// `J.C. Penney`, `Cie. Financiere Richemont` go on. Before a starter (`a B.A. Then`) the dot
/// is left to sentencex, which ends the sentence there.
fn name_abbreviation(bytes: &[u8], p: usize, edits: &mut Vec<(usize, u8)>) {
    // Initials: `X.` repeated, at least twice, the token starting at a word boundary.
    let mut s = p + 1;
    let mut letters = 0;
    while s >= 2 && bytes[s - 1] == b'.' && bytes[s - 2].is_ascii_uppercase() {
        s -= 2;
        letters += 1;
    }
    let cie =
        p >= 3 && &bytes[p - 3..p] == b"Cie" && (p == 3 || !bytes[p - 4].is_ascii_alphanumeric());
    // What precedes the dot is tested first: most dots end neither initials nor `Cie`.
    if letters < 2 && !cie {
        return;
    }
    let Some(next) = next_word(bytes, p + 1) else {
        return;
    };
    if !next.first().is_some_and(u8::is_ascii_uppercase) {
        return;
    }
    // `P.M.` and `A.M.` are times, not initials; a title starts a new name (`6 P.M. Mr. Smith`).
    let time = matches!(&bytes[s..=p], b"A.M." | b"P.M.");
    // After a number they are an era or a unit (`753 B.C.`, `50 A.D.`), not a name's initials.
    let after_number = s >= 2 && bytes[s - 1] == b' ' && bytes[s - 2].is_ascii_digit();
    let initials = letters >= 2
        && (s == 0 || !bytes[s - 1].is_ascii_alphanumeric())
        && !time
        && !after_number
        && !is_title(next);
    if !initials && !cie {
        return;
    }
    let word = std::str::from_utf8(next).unwrap_or("");
    if !super::is_sentence_starter(word) {
        edits.push((p, b'_'));
    }
}

/// `p` is a dot inside a hyphenated compound: the inner dot of a two-letter state after a
/// party (`D-N.Y.`, `R-N.C.`), of `then-U.S.-president`, or a dot before `-word`. sentencex
/// does not see `N.Y` as one word after a hyphen and would cut between the two.
fn party_state(bytes: &[u8], p: usize, edits: &mut Vec<(usize, u8)>) {
    let inner = p >= 2
        && bytes[p - 2] == b'-'
        && bytes[p - 1].is_ascii_uppercase()
        && bytes.get(p + 1).is_some_and(u8::is_ascii_uppercase)
        && bytes.get(p + 2) == Some(&b'.');
    // `then-U.S.-president`: a dot that a hyphen and a letter follow is inside a compound.
    let before_hyphen = bytes.get(p + 1) == Some(&b'-')
        && bytes.get(p + 2).is_some_and(u8::is_ascii_alphabetic)
        && p > 0
        && bytes[p - 1].is_ascii_alphabetic();
    if inner || before_hyphen {
        edits.push((p, b'_'));
    }
}

/// The ASCII letters (and apostrophes) of the word after the whitespace at `from`.
fn next_word(bytes: &[u8], from: usize) -> Option<&[u8]> {
    let mut k = from;
    while k < bytes.len() && matches!(bytes[k], b' ' | b'\t' | b'\n' | b'\r') {
        k += 1;
    }
    if k == from {
        return None;
    }
    let len = bytes[k..]
        .iter()
        .take_while(|b| b.is_ascii_alphabetic() || **b == b'\'')
        .count();
    Some(&bytes[k..k + len])
}

/// A run without whitespace longer than this is not a word of prose.
const LONG_TOKEN: usize = 64;

/// `p` is a terminator inside (not at the end of) a run of more than [`LONG_TOKEN`] bytes
/// without whitespace (`!(!(!(…`, a base64 blob, a dotted path): mask it. sentencex looks back
/// over the whole word before every terminator, so each of them would cost the length of the
/// run, and splitting such a run is meaningless anyway.
fn long_token(bytes: &[u8], p: usize, edits: &mut Vec<(usize, u8)>) {
    if bytes.get(p + 1).is_none_or(u8::is_ascii_whitespace) || p < LONG_TOKEN {
        return;
    }
    if !bytes[p - LONG_TOKEN..p].iter().any(u8::is_ascii_whitespace) {
        edits.push((p, b'_'));
    }
}

/// Words that continue a time of day: zones, weekdays, months (as news copy writes them).
fn continues_time(word: &[u8]) -> bool {
    matches!(
        word,
        b"ET"
            | b"EST"
            | b"EDT"
            | b"CT"
            | b"CST"
            | b"CDT"
            | b"MT"
            | b"MST"
            | b"MDT"
            | b"PT"
            | b"PST"
            | b"PDT"
            | b"AKST"
            | b"AKDT"
            | b"HST"
            | b"GMT"
            | b"UTC"
            | b"BST"
            | b"CET"
            | b"CEST"
            | b"EET"
            | b"EEST"
            | b"WET"
            | b"MSK"
            | b"IST"
            | b"JST"
            | b"KST"
            | b"AEST"
            | b"AEDT"
            | b"NZST"
            | b"NZDT"
            | b"SGT"
            | b"HKT"
            | b"Monday"
            | b"Tuesday"
            | b"Wednesday"
            | b"Thursday"
            | b"Friday"
            | b"Saturday"
            | b"Sunday"
            | b"Mon"
            | b"Tue"
            | b"Tues"
            | b"Wed"
            | b"Thu"
            | b"Thurs"
            | b"Fri"
            | b"Sat"
            | b"Sun"
            | b"January"
            | b"February"
            | b"March"
            | b"April"
            | b"May"
            | b"June"
            | b"July"
            | b"August"
            | b"September"
            | b"October"
            | b"November"
            | b"December"
            | b"Jan"
            | b"Feb"
            | b"Mar"
            | b"Apr"
            | b"Jun"
            | b"Jul"
            | b"Aug"
            | b"Sep"
            | b"Sept"
            | b"Oct"
            | b"Nov"
            | b"Dec"
    )
}

/// `p` is a dot; when it ends `a.m.`/`p.m.` (any case) and a zone, day or month follows, mask it.
fn time_tail(bytes: &[u8], p: usize, edits: &mut Vec<(usize, u8)>) {
    let is_time = p >= 3
        && bytes[p - 1].eq_ignore_ascii_case(&b'm')
        && bytes[p - 2] == b'.'
        && matches!(bytes[p - 3].to_ascii_lowercase(), b'a' | b'p');
    if !is_time || bytes.get(p + 1) != Some(&b' ') {
        return;
    }
    let rest = &bytes[p + 1..];
    let ws = rest.iter().take_while(|b| **b == b' ').count();
    let word_len = rest[ws..]
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let word = &rest[ws..ws + word_len];
    let ends = !rest
        .get(ws + word_len)
        .is_some_and(|b| b.is_ascii_alphanumeric());
    if ends && continues_time(word) {
        edits.push((p, b'_'));
    }
}

fn apostrophe(bytes: &[u8], p: usize, edits: &mut Vec<(usize, u8)>) {
    let prev = p.checked_sub(1).map(|i| bytes[i]);
    let next = bytes.get(p + 1).copied();
    let possessive_after_dot = prev == Some(b'.') && next.is_some_and(|b| b.is_ascii_alphabetic());
    let elision =
        !prev.is_some_and(|b| b.is_ascii_alphanumeric()) && is_elided_year(&bytes[p + 1..]);
    if possessive_after_dot || elision {
        edits.push((p, b'x'));
    }
}

/// `90s`, `19`, `90s'` … : two digits, an optional `s`, then the token ends.
fn is_elided_year(rest: &[u8]) -> bool {
    if rest.len() < 2 || !rest[0].is_ascii_digit() || !rest[1].is_ascii_digit() {
        return false;
    }
    let mut k = 2;
    if rest.get(k) == Some(&b's') {
        k += 1;
    }
    !rest.get(k).is_some_and(|b| b.is_ascii_alphanumeric())
}

/// `p` is a dot; when it ends a title (`Sen.`) and a capitalised word follows, mask it.
fn title(bytes: &[u8], p: usize, edits: &mut Vec<(usize, u8)>) {
    // Every title ends in a letter: most dots (after a digit, a quote, a dot) stop here.
    if p == 0 || !bytes[p - 1].is_ascii_alphabetic() {
        return;
    }
    let mut k = p + 1;
    while k < bytes.len() && matches!(bytes[k], b' ' | b'\t' | b'\n' | b'\r') {
        k += 1;
    }
    if k == p + 1 || !bytes.get(k).is_some_and(|b| b.is_ascii_uppercase()) {
        return;
    }
    let mut s = p;
    while s > 0 && p - s <= 6 && (bytes[s - 1].is_ascii_alphabetic() || bytes[s - 1] == b'.') {
        s -= 1;
    }
    if s > 0 && bytes[s - 1].is_ascii_alphanumeric() {
        return;
    }
    // Every title is capitalised: most words before a dot are not, so test that first.
    if bytes[s].is_ascii_uppercase() && is_title(&bytes[s..p]) {
        edits.push((p, b'_'));
    }
}

/// Masks the terminators inside every URL-like token. Such a token holds `://`, `www.`, an `@`
/// or a `/`, so only the tokens around a `/`, an `@` or (when `maybe_www`: `www` was seen before
/// a dot) a `www.` are looked at, each once: prose without them costs one `memchr`.
fn urls(bytes: &[u8], maybe_www: bool, edits: &mut Vec<(usize, u8)>) {
    // `done`: the end of the last token handled (whitespace, or 0); `from`: where to look on.
    let (mut done, mut from) = (0, 0);
    while from < bytes.len() {
        let rest = &bytes[from..];
        let found = if maybe_www {
            memchr::memchr3(b'/', b'@', b'.', rest)
        } else {
            memchr::memchr2(b'/', b'@', rest)
        };
        let Some(i) = found else {
            break;
        };
        let mark = from + i;
        from = mark + 1;
        if bytes[mark] == b'.' && !(mark >= 3 && bytes[mark - 3..mark].eq_ignore_ascii_case(b"www"))
        {
            continue;
        }
        let start = bytes[done..mark]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(done, |k| done + k + 1);
        let end = bytes[mark..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |k| mark + k);
        url_token(bytes, start..end, edits);
        (done, from) = (end, end);
    }
}

/// Masks the terminators inside `bytes[token]` if it is URL-like.
fn url_token(bytes: &[u8], token: std::ops::Range<usize>, edits: &mut Vec<(usize, u8)>) {
    let (start, end) = (token.start, token.end);
    if is_url_like(&bytes[start..end]) {
        // A terminator continues the token when anything but closing punctuation follows
        // it; the last such byte is found once, so a token of many dots stays linear.
        let last_going_on = bytes[start..end]
            .iter()
            .rposition(|b| !is_closing(*b))
            .map_or(start, |i| start + i);
        edits.extend(
            (start..last_going_on)
                .filter(|&k| matches!(bytes[k], b'.' | b'?' | b'!'))
                .map(|k| (k, b'_')),
        );
    }
}

/// A token that is a URL (`scheme://`, `www.`, `host.tld/path`) or an e-mail address.
fn is_url_like(tok: &[u8]) -> bool {
    if tok.windows(3).any(|w| w == b"://")
        || tok.windows(4).any(|w| w.eq_ignore_ascii_case(b"www."))
    {
        return true;
    }
    if let Some(at) = memchr::memchr(b'@', tok) {
        // name@host.tld: something before, and a dot with letters after the `@`.
        return at > 0
            && tok[at + 1..]
                .windows(2)
                .any(|w| w[0] == b'.' && w[1].is_ascii_alphabetic());
    }
    // host.tld/path: a dot between letters before the first slash.
    if let Some(slash) = memchr::memchr(b'/', tok) {
        let host = &tok[..slash];
        return host.len() >= 4
            && host.windows(3).any(|w| {
                w[0].is_ascii_alphanumeric() && w[1] == b'.' && w[2].is_ascii_alphabetic()
            })
            && host.iter().all(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'(' | b'"' | b'<')
            });
    }
    false
}

/// Punctuation that may close a token after its last terminator.
fn is_closing(b: u8) -> bool {
    matches!(
        b,
        b'.' | b'?' | b'!' | b')' | b']' | b'"' | b'\'' | b',' | b';' | b':' | b'>'
    )
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masks_what_it_should() {
        assert_eq!(mask("The U.S.'s debt"), "The U.S.xs debt");
        assert_eq!(mask("in the '90s, a"), "in the x90s, a");
        assert_eq!(mask("don't 'quote'"), "don't 'quote'");
        assert_eq!(mask("Sen. Will Hurd"), "Sen_ Will Hurd");
        assert_eq!(mask("the Sen. is"), "the Sen. is");
        assert_eq!(mask("Mail j.doe@x.org. Then"), "Mail j_doe@x_org. Then");
        assert_eq!(mask("See example.com/a.b now"), "See example_com/a_b now");
        assert_eq!(mask("Go to https://a.b/C?D=1."), "Go to https://a_b/C_D=1.");
        assert_eq!(mask("and/or. Then"), "and/or. Then");
        assert_eq!(mask("plain text."), "plain text.");
        assert_eq!(mask("nothing… The"), "nothing... The");
        assert_eq!(mask("at 9 p.m. EST on"), "at 9 p.m_ EST on");
        assert_eq!(mask("at 9 p.m. ESTONIA"), "at 9 p.m. ESTONIA");
        assert_eq!(mask("at 3 p.m. Tuesday"), "at 3 p.m_ Tuesday");
        assert_eq!(mask("at 5 p.m. The"), "at 5 p.m. The");
        assert_eq!(mask("the B.C. Wildfire"), "the B.C_ Wildfire");
        assert_eq!(mask("a B.A. Then"), "a B.A. Then");
        assert_eq!(mask("W.E.B. Du Bois"), "W.E.B_ Du Bois");
        assert_eq!(mask("Cie. Financiere"), "Cie_ Financiere");
        assert_eq!(mask("Ft. Meade"), "Ft_ Meade");
        assert_eq!(mask("Cortez, D-N.Y. The"), "Cortez, D-N_Y. The");
        assert_eq!(mask("at 6 P.M. Mr. Smith"), "at 6 P.M. Mr_ Smith");
        assert_eq!(mask("by then-U.S.-president"), "by then-U_S_-president");
        let run = "!(".repeat(40);
        assert_eq!(mask(&run), "!(".repeat(32) + &"_(".repeat(8));
    }
}
