//! Boundaries sentencex misses after abbreviations and parentheses in news copy.
//!
//! sentencex suppresses a split after a known abbreviation unless the next word is one of its
//! common sentence starters (`The`, `It`, `He` …). That is right for prepositive abbreviations
//! (`Gen. Mark Milley`), but some abbreviations *close* a phrase and are then read just as well
//! as a sentence end. We cut (before sentencex runs) where the evidence is positive:
//!
//! - **Company endings** (`Inc.`, `Corp.`, `Co.`, `Ltd.`, `Plc.`, `LLC.`, `Bros.`, `Cos.`)
//!   followed by a capitalised word that is itself followed by a lower-case word:
//!   `Apple Inc. Investors cheered` ends a sentence, while `Apple Inc. Chief Executive Tim Cook`
//!   (a run of capitalised words: a title or a name continuing) and `Acme Co. shares rose` do
//!   not.
//! - **`No.` before a word**: `No.` abbreviates *number* only before a number (`No. 5`); before
//!   a capitalised word it is the word *no* ending a sentence (`voted no. Gov. Lee …`).
//! - **`May.`** is listed among sentencex's English abbreviations, but the month is never
//!   abbreviated: before a capitalised word it ends a sentence (`rose in May. The council`).
//! - **A sentence in parentheses** (`(Officials blamed the rain.) Results are due`): terminal
//!   punctuation just inside the closing parenthesis, then a capital, ends the sentence after
//!   the parenthesis. sentencex skips everything inside parentheses and would run on.

/// State, province and district abbreviations as news copy writes them after a city
/// (`Lansing, Mich.`), without the final dot.
fn is_place_abbreviation(token: &[u8]) -> bool {
    // A party-and-state label (`D-Minn.`, `R-N.Y.`) ends like the state.
    let token = match token {
        [b'D' | b'R' | b'I', b'-', rest @ ..] => rest,
        _ => token,
    };
    matches!(
        token,
        b"Ala"
            | b"Ariz"
            | b"Ark"
            | b"Calif"
            | b"Colo"
            | b"Conn"
            | b"Del"
            | b"Fla"
            | b"Ga"
            | b"Ill"
            | b"Ind"
            | b"Kan"
            | b"Kans"
            | b"Ky"
            | b"La"
            | b"Md"
            | b"Mass"
            | b"Mich"
            | b"Minn"
            | b"Miss"
            | b"Mo"
            | b"Mont"
            | b"Neb"
            | b"Nev"
            | b"N.H"
            | b"N.J"
            | b"N.M"
            | b"N.Y"
            | b"N.C"
            | b"N.D"
            | b"Okla"
            | b"Ore"
            | b"Pa"
            | b"R.I"
            | b"S.C"
            | b"S.D"
            | b"Tenn"
            | b"Vt"
            | b"Va"
            | b"Wash"
            | b"W.Va"
            | b"Wis"
            | b"Wyo"
            | b"D.C"
            | b"B.C"
            | b"Ont"
            | b"Que"
            | b"Alta"
            | b"Man"
            | b"Sask"
            | b"N.S"
            | b"N.B"
            | b"P.E.I"
            | b"Nfld"
    )
}

fn is_company_ending(word: &[u8]) -> bool {
    matches!(
        word,
        b"Inc" | b"Corp" | b"Co" | b"Ltd" | b"Plc" | b"PLC" | b"LLC" | b"Bros" | b"Cos"
    )
}

/// The cut after the `.` or `)` at byte `p` of `text`, if the rules above place one there.
pub fn cut_at(text: &str, p: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes[p] == b'.' {
        if !may_end_listed_word(bytes, p) {
            return None;
        }
        if after_place(bytes, p) {
            let next = text[p + 1..].trim_start_matches([' ', '\t', '\n', '\r']);
            return (next.len() < text.len() - p - 1 && starts_sentence(next)).then_some(p + 1);
        }
        let word = word_before(bytes, p);
        if is_street_suffix(word) && names_a_street(bytes, p - word.len()) {
            let (next, _) = next_two_words(text, p + 1)?;
            return next
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
                .then_some(p + 1);
        }
        let is_company = is_company_ending(word);
        // `No.` before a word, the full word `May.` and `etc.` before a capitalised word are
        // sentence ends, not abbreviations.
        let ends_before_capital = matches!(word, b"No" | b"no" | b"Nos" | b"nos" | b"May" | b"etc");
        if !is_company && !ends_before_capital {
            return None;
        }
        let (next, after) = next_two_words(text, p + 1)?;
        if is_company && opens_quotation(next) {
            return Some(p + 1);
        }
        if !is_capitalised_word(next) {
            return None;
        }
        if ends_before_capital {
            return Some(p + 1);
        }
        // `Co. Ltd.`: a second abbreviation continues the name.
        let continues_name = next.ends_with('.');
        let after_lower = after.chars().next().is_some_and(char::is_lowercase);
        let starter = super::is_sentence_starter(next.trim_end_matches([',', ';', ':']));
        (!continues_name && (after_lower || starter)).then_some(p + 1)
    } else if bytes[p] == b')' && p > 0 && paren_closes_sentence(bytes, p) {
        let next = text[p + 1..].trim_start_matches([' ', '\t', '\n', '\r']);
        (next.len() < text.len() - p - 1 && starts_sentence(next)).then_some(p + 1)
    } else {
        None
    }
}

/// A cheap necessary condition for every rule on a dot, tested first because most dots fail
/// it: each listed word (places, street suffixes, company endings, `No`, `May`, `etc`) ends in
/// a run of 1 to 7 ASCII letters right before the dot (the longest place, `D-Calif`, has 7
/// bytes in all), and that run starts with a capital unless it is `no`, `nos` or `etc` (the
/// letters after the last `.` or `-` of a place, `N.Y` or `D-Minn`, start with one too). A dot
/// after a lower-case word, a digit or a closing quote ends no listed word.
fn may_end_listed_word(bytes: &[u8], p: usize) -> bool {
    let mut s = p;
    while s > 0 && p - s < 8 && bytes[s - 1].is_ascii_alphabetic() {
        s -= 1;
    }
    let run = &bytes[s..p];
    match run.first() {
        None => false,
        _ if run.len() > 7 => false,
        Some(b) if b.is_ascii_uppercase() => true,
        Some(_) => matches!(run, b"no" | b"nos" | b"etc"),
    }
}

/// Whether the dot at `p` ends a place abbreviation that follows a comma (`Lansing, Mich.`,
/// `Washington, D.C.`, `Rep. Ilhan Omar, D-Minn.`). AP style sets such a place off with a
/// second comma when the sentence goes on (`Lansing, Mich., said`), so a capital after it
/// starts a new sentence.
fn after_place(bytes: &[u8], p: usize) -> bool {
    let mut s = p;
    while s > 0 && p - s <= 8 && !bytes[s - 1].is_ascii_whitespace() {
        s -= 1;
    }
    s >= 2
        && bytes[s - 1].is_ascii_whitespace()
        && bytes[s - 2] == b','
        && is_place_abbreviation(&bytes[s..p])
}

fn is_street_suffix(word: &[u8]) -> bool {
    matches!(
        word,
        b"St" | b"Ave" | b"Blvd" | b"Rd" | b"Ln" | b"Pkwy" | b"Hwy"
    )
}

/// Whether the word before the street suffix starting at `s` names a street (`Elm St.`,
/// `Lincoln Ave.`, `5th St.`): capitalised, or an ordinal. A suffix that follows such a name
/// closes it, so a capital after it starts a new sentence (`lives on Elm St. Commission chair
/// Mark Ruiz said`); `St.` before a name (`in St. Louis`) follows a lower-case word.
fn names_a_street(bytes: &[u8], s: usize) -> bool {
    let mut e = s;
    while e > 0 && bytes[e - 1] == b' ' {
        e -= 1;
    }
    if e == s {
        return false;
    }
    let mut b = e;
    while b > 0 && e - b < 32 && bytes[b - 1].is_ascii_alphanumeric() {
        b -= 1;
    }
    let name = &bytes[b..e];
    let ordinal = name.first().is_some_and(u8::is_ascii_digit)
        && [&b"st"[..], b"nd", b"rd", b"th"]
            .iter()
            .any(|suffix| name.ends_with(suffix));
    (name.first().is_some_and(u8::is_ascii_uppercase) && name.len() > 1) || ordinal
}

/// `"Investors`, `“We`: an opening quote then a capital.
fn opens_quotation(word: &str) -> bool {
    let rest = word.trim_start_matches(['"', '“']);
    rest.len() < word.len() && rest.chars().next().is_some_and(char::is_uppercase)
}

/// The ASCII letters directly before `p`, if they form a whole word (preceded by a space or the
/// start of the text).
fn word_before(bytes: &[u8], p: usize) -> &[u8] {
    let mut s = p;
    while s > 0 && bytes[s - 1].is_ascii_alphabetic() {
        s -= 1;
    }
    if s > 0 && !bytes[s - 1].is_ascii_whitespace() {
        return &[];
    }
    &bytes[s..p]
}

/// The two whitespace-separated words after `from` (the first must follow whitespace). The
/// second may be empty at the end of the text.
fn next_two_words(text: &str, from: usize) -> Option<(&str, &str)> {
    let rest = &text[from..];
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() || trimmed.is_empty() {
        return None;
    }
    let mut words = trimmed.split_whitespace();
    let first = words.next()?;
    Some((first, words.next().unwrap_or("")))
}

/// `Investors`, `Gov.`: a capital then at least one lower-case letter (not `CEO`, not `I`).
fn is_capitalised_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_some_and(char::is_lowercase)
}

/// `.)`, `?)`, `!)`, also with a closing quote between (`.")`).
fn paren_closes_sentence(bytes: &[u8], p: usize) -> bool {
    let mut k = p;
    while k > 0 && matches!(bytes[k - 1], b'"' | b'\'') {
        k -= 1;
    }
    // Curly closing quotes (3 bytes each).
    while k >= 3 && (&bytes[k - 3..k] == "”".as_bytes() || &bytes[k - 3..k] == "’".as_bytes()) {
        k -= 3;
    }
    k > 0 && matches!(bytes[k - 1], b'.' | b'?' | b'!')
}

/// A capital letter, possibly behind an opening quote or parenthesis.
fn starts_sentence(s: &str) -> bool {
    s.trim_start_matches(['"', '\'', '“', '‘', '('])
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::cut_at;

    fn c(text: &str) -> Vec<usize> {
        memchr::memchr2_iter(b'.', b')', text.as_bytes())
            .filter_map(|p| cut_at(text, p))
            .collect()
    }

    #[test]
    fn company_endings() {
        assert_eq!(c("at Apple Inc. Investors cheered"), vec![13]);
        assert!(c("Apple Inc. Chief Executive Tim Cook said").is_empty());
        assert!(c("Acme Co. shares rose").is_empty());
        assert!(c("Acme Co.").is_empty());
    }

    #[test]
    fn places_after_a_comma() {
        assert_eq!(c("based in Lansing, Mich. It employs"), vec![23]);
        assert_eq!(c("in Washington, D.C. Officials"), vec![19]);
        assert_eq!(c("Rep. Ilhan Omar, D-Minn. A chart"), vec![24]);
        assert!(c("in Lansing, Mich., on Monday").is_empty());
        assert!(c("on Md. 175").is_empty());
        assert!(c("the B.C. Wildfire Service").is_empty());
    }

    #[test]
    fn company_endings_before_a_starter_or_a_quote() {
        assert_eq!(c("Lockheed Martin Corp. The company's"), vec![21]);
        assert_eq!(c("Acme Corp. \"We"), vec![10]);
        assert!(c("Kline & Co. Ltd. shares rose").is_empty());
    }

    #[test]
    fn street_suffix_after_a_street_name() {
        assert_eq!(c("lives on Elm St. Commission chair"), vec![16]);
        assert_eq!(c("on W. 5th St. The"), vec![13]);
        assert!(c("flew to St. Louis").is_empty());
        assert!(c("Downing St. said").is_empty());
    }

    #[test]
    fn etc_before_a_capital() {
        assert_eq!(c("rent, etc. Economists expect"), vec![10]);
        assert!(c("rent, etc. and more").is_empty());
    }

    #[test]
    fn number_abbreviation() {
        assert_eq!(c("voted no. Gov. Lee"), vec![9]);
        assert!(c("ranked No. 5 in").is_empty());
    }

    #[test]
    fn parenthesised_sentence() {
        assert_eq!(c("(It rained.) Results"), vec![12]);
        assert!(c("(It rained.) at noon").is_empty());
        assert!(c("(Smith 55). Next").is_empty());
    }
}
