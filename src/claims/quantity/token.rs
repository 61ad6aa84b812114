//! Tokens, and what each one says about numbers.
//!
//! Every reader asks the same questions of a token (a number? in words? a scale word, a
//! month, a name with digits in it?), so they are answered once here, as an `Atom`, and the
//! readers match on that rather than on the text.

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::{
    cardinal_word, fraction_denominator, measure_unit, ordinal_word, scale_word, time_unit,
    vague_scale_word,
};
use crate::claims::words::{self, is_month, is_weekday, Token};

pub(super) fn tokenize(sentence: &str) -> Vec<Token<'_>> {
    words::tokenize(sentence, &TOKEN)
}

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{L}\p{N}]+(?:[.,:'’\-–/][\p{L}\p{N}]+)*|\S").expect("token pattern")
});

static DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$").expect("digits"));

static DIGITS_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([a-z]+)$").expect("suffixed digits")
});

pub(super) static SLASHED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,4}/\d{1,4}(?:/\d{2}|/\d{4})?$").expect("slashed"));

static CLOCK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([01]?\d|2[0-3])[:.]([0-5]\d)(?:am|pm)?$").expect("clock"));

/// A stopwatch reading: hours, minutes and seconds ("2:01:39"), or minutes and seconds with a
/// fraction ("3:59.4"). No time of day is written either way, so it is always a duration.
static ELAPSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(\d{1,3}):([0-5]\d):([0-5]\d(?:\.\d{1,3})?)|(\d{1,2}):([0-5]\d\.\d{1,3}))$")
        .expect("elapsed")
});

/// What one token (or a hyphenated compound) says about numbers.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Atom {
    /// A plain number; `words` when written in words, `year_like` for 4-digit 1000-2099.
    Number {
        value: f64,
        words: bool,
        year_like: bool,
    },
    /// "hundred", "thousand", "million", "bn", "dozen".
    Scale(f64),
    /// "thousands", "millions", "dozens": a vague plural.
    VagueScale(f64),
    Ordinal(f64),
    Fraction(f64),
    /// A number fused with its scale or unit: "1.2bn", "5km", "10am".
    Suffixed {
        value: f64,
        suffix: String,
    },
    /// "80-100", "230-to-197".
    Span {
        low: f64,
        high: f64,
        tally: bool,
    },
    /// "40-year-old", "30-day", "3-bedroom": a number fused with its unit.
    Compound {
        value: f64,
        unit: String,
    },
    Decade(f64),
    Clock,
    /// A stopwatch reading, in seconds: "2:01:39", "3:59.4".
    Elapsed(f64),
    Month,
    Weekday,
    /// "yesterday", "today", "tonight".
    RelativeDay,
    /// A token with digits that is a name: "COVID-19", "G7".
    Name,
}

pub(super) fn atom(tokens: &[Token], i: usize) -> Option<Atom> {
    let t = tokens.get(i)?;
    let w = t.lower.as_str();
    if !t.is_word() {
        return None;
    }
    // "2017's hurricane": a possessive number
    let w = w
        .strip_suffix("'s")
        .filter(|n| DIGITS.is_match(n))
        .unwrap_or(w);
    if DIGITS.is_match(w) {
        // A digit run glued to letters or a hyphenated name ("COVID-19") never reaches here:
        // the token pattern keeps those whole.
        let value = parse_number(w)?;
        let year_like =
            w.len() == 4 && !w.contains([',', '.']) && (1800.0..2100.0).contains(&value);
        return Some(Atom::Number {
            value,
            words: false,
            year_like,
        });
    }
    if CLOCK.is_match(w) && w.contains(':') {
        return Some(Atom::Clock);
    }
    if let Some(c) = ELAPSED.captures(w) {
        let part = |k: usize| c.get(k).and_then(|m| m.as_str().parse::<f64>().ok());
        let seconds = match (part(1), part(4)) {
            (Some(h), _) => h * 3600.0 + part(2)? * 60.0 + part(3)?,
            (None, Some(m)) => m * 60.0 + part(5)?,
            (None, None) => return None,
        };
        return Some(Atom::Elapsed(seconds));
    }
    if let Some(c) = DIGITS_SUFFIX.captures(w) {
        let value = parse_number(&c[1])?;
        let suffix = &c[2];
        return Some(match suffix {
            "st" | "nd" | "rd" | "th" => Atom::Ordinal(value),
            "s" if c[1].len() == 4 || c[1].len() == 2 => Atom::Decade(value),
            "am" | "pm" | "hrs" | "gmt" | "utc" => Atom::Clock,
            _ if scale_word(suffix).is_some() || (measure_unit(suffix) && suffix != "g") => {
                Atom::Suffixed {
                    value,
                    suffix: suffix.to_string(),
                }
            }
            _ => Atom::Name,
        });
    }
    if w.contains(['-', '–']) {
        // "2019-nCoV", "Shaheen 1-A": a lone capital or a capital inside a word glued to a
        // number spells a name, where a count's noun is written as a word ("40-year-old",
        // "3-bedroom", "50-MW")
        let named = t.text.split(['-', '–']).skip(1).any(|part| {
            let letter = part.len() == 1 && part.starts_with(|c: char| c.is_ascii_uppercase());
            let inner_capital =
                part.starts_with(char::is_lowercase) && part.chars().any(char::is_uppercase);
            letter || inner_capital
        });
        if named && t.text.starts_with(|c: char| c.is_ascii_digit()) {
            return Some(Atom::Name);
        }
        return compound_atom(w);
    }
    if w.chars().any(|c| c.is_ascii_digit()) {
        return Some(Atom::Name);
    }
    if let Some(v) = cardinal_word(w) {
        return Some(Atom::Number {
            value: v,
            words: true,
            year_like: false,
        });
    }
    if let Some(v) = scale_word(w) {
        if w.len() > 2 {
            return Some(Atom::Scale(v));
        }
    }
    if let Some(v) = vague_scale_word(w) {
        return Some(Atom::VagueScale(v));
    }
    // "scores of people" is many twenties; "the scores of the students" are results
    if w == "scores"
        && tokens.get(i + 1).is_some_and(|n| n.is("of"))
        && !(i > 0
            && matches!(
                tokens[i - 1].lower.as_str(),
                "the" | "their" | "his" | "her" | "its" | "our" | "your" | "my" | "test" | "high"
            ))
    {
        return Some(Atom::VagueScale(20.0));
    }
    if let Some(v) = ordinal_word(w) {
        return Some(Atom::Ordinal(v));
    }
    if is_month(w) && t.is_capitalised() {
        return Some(Atom::Month);
    }
    if is_weekday(w) && t.is_capitalised() {
        return Some(Atom::Weekday);
    }
    if w == "yesterday" {
        return Some(Atom::RelativeDay);
    }
    None
}

fn compound_atom(w: &str) -> Option<Atom> {
    let parts: Vec<&str> = w.split(['-', '–']).collect();
    let number = |p: &str| -> Option<f64> {
        if DIGITS.is_match(p) {
            parse_number(p)
        } else {
            cardinal_word(p)
        }
    };
    let has_digit = |p: &str| p.chars().any(|c| c.is_ascii_digit());
    match parts.as_slice() {
        // "twenty-five"
        [tens, ones]
            if cardinal_word(tens).is_some_and(|v| v >= 20.0)
                && cardinal_word(ones).is_some_and(|v| v < 10.0) =>
        {
            Some(Atom::Number {
                value: cardinal_word(tens)? + cardinal_word(ones)?,
                words: true,
                year_like: false,
            })
        }
        // "two-thirds", "one-quarter"
        [n, d] if cardinal_word(n).is_some() && fraction_denominator(d).is_some() => {
            Some(Atom::Fraction(cardinal_word(n)? / fraction_denominator(d)?))
        }
        // "80-100", "3-1"
        [a, b] if DIGITS.is_match(a) && DIGITS.is_match(b) => {
            let (low, high) = (parse_number(a)?, parse_number(b)?);
            Some(Atom::Span {
                low,
                high,
                tally: low > high || (low == high && low < 20.0),
            })
        }
        // "230-to-197"
        [a, "to", b] if DIGITS.is_match(a) && DIGITS.is_match(b) => Some(Atom::Span {
            low: parse_number(a)?,
            high: parse_number(b)?,
            tally: true,
        }),
        // "mid-2019", "late-1990s"
        [q, rest] if matches!(*q, "mid" | "early" | "late" | "pre" | "post") && has_digit(rest) => {
            let digits = rest.trim_end_matches('s');
            DIGITS
                .is_match(digits)
                .then(|| Atom::Decade(parse_number(digits).unwrap_or(0.0)))
        }
        // "40-year-old", "30-day", "3-bedroom", "six-month"
        [n, rest @ ..]
            if number(n).is_some()
                && rest.iter().all(|p| !has_digit(p) && !p.is_empty())
                && (DIGITS.is_match(n)
                    || time_unit(rest[0])
                    || measure_unit(rest[0])
                    || matches!(
                        rest[0],
                        "member"
                            | "seat"
                            | "point"
                            | "storey"
                            | "story"
                            | "page"
                            | "man"
                            | "person"
                            | "lane"
                            | "mile"
                            | "percent"
                            | "nation"
                            | "party"
                            | "judge"
                            | "week"
                            | "stage"
                    )) =>
        {
            Some(Atom::Compound {
                value: number(n)?,
                unit: rest.join("-"),
            })
        }
        _ if parts.iter().any(|p| has_digit(p)) => Some(Atom::Name),
        _ => None,
    }
}

pub(super) fn parse_number(s: &str) -> Option<f64> {
    s.replace(',', "").parse().ok()
}
