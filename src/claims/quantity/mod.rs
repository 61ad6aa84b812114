//! Number-bearing phrases of a sentence: "up to 100,000 fighters", "$3.1 billion", "last year".
//!
//! A phrase is built around one anchor (digits, a number word, a fraction, an ordinal, a month,
//! a weekday or a relative day such as "yesterday") and grows outwards: a qualifier before it
//! ("up to", "more than"), a currency sign, a range's second end ("80,000 to 100,000"), a
//! scale word ("million"), a unit ("%", "km", "days") or the noun being counted ("fighters").
//! A change by a factor ("doubled", "more than double that of") is a figure too, its value the
//! factor. Numbers that are part of a name ("COVID-19", "Article 50", "Boeing 737", "Falcon 9
//! rocket", "2019-nCoV") are left out, as a reviewer does not check them.
//!
//! Neighbouring phrases that make one figure are joined: a part of a whole ("53 out of the 54
//! plants"), a rate ("six per 100,000"), a span of dates or times ("from April 28 until May
//! 4"), a time and its date ("4 p.m. on April 13") and a time restated in another zone ("5
//! p.m. (2100 UTC)"). A measure or an amount converted in brackets ("75 mph (120 km/h)") is a
//! phrase of its own, as the news labellers list it.
//!
//! Offsets are into the sentence text as written in the output row, in characters (`start`,
//! `end`, like the row's own `start`/`end`) and in bytes (`start_byte`, `end_byte`).

use serde::Serialize;

use super::words::{is_weekday, join_readable, Token};

mod anchor;
mod calendar;
mod count;
mod lexicon;
mod number;
mod token;

use anchor::phrase_at;
use calendar::{is_day_number, is_month_token, year_at};
use lexicon::{date_only_qualifier, duration_only_qualifier, QUALIFIERS};
use number::rate;
use token::{atom, tokenize, Atom};

/// What a number measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuantityKind {
    /// A number of things: "40 people", "nine".
    Count,
    Percent,
    /// A share written as a fraction: "a third", "two-thirds".
    Fraction,
    Money,
    /// A year, a calendar date, a month, a weekday or a day relative to the article.
    Date,
    /// A time of day: "2:21 p.m.", "15:30".
    Time,
    /// A length of time, ages included: "45 days", "a decade", "40-year-old".
    Duration,
    /// An ordinal: "the third President", "116th".
    Rank,
    /// A physical measure with a unit: "90 miles", "6.4 magnitude", "2,000 km".
    Measure,
    /// A vote count or score: "230-to-197", "3-1".
    Tally,
}

impl QuantityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuantityKind::Count => "count",
            QuantityKind::Percent => "percent",
            QuantityKind::Fraction => "fraction",
            QuantityKind::Money => "money",
            QuantityKind::Date => "date",
            QuantityKind::Time => "time",
            QuantityKind::Duration => "duration",
            QuantityKind::Rank => "rank",
            QuantityKind::Measure => "measure",
            QuantityKind::Tally => "tally",
        }
    }
}

/// One number-bearing phrase, exactly as written, with its parsed form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    pub text: String,
    /// Character offsets in the sentence.
    pub start: usize,
    pub end: usize,
    /// Byte offsets in the sentence.
    pub start_byte: usize,
    pub end_byte: usize,
    pub kind: QuantityKind,
    /// The number, scale applied ("1.2 million" is 1200000); for dates, the year.
    pub value: Option<f64>,
    /// The ends of a range ("80,000 to 100,000", "between 5 and 10", "tens of thousands").
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// "up to", "more than", "about", "nearly", "at least", ... in lower case.
    pub qualifier: Option<String>,
    /// The scale word as written: "million", "bn", "dozen".
    pub scale: Option<String>,
    /// The unit or counted noun: "%", "$", "km", "days", "fighters".
    pub unit: Option<String>,
}

/// Every number-bearing phrase of `sentence`, in order, without overlaps.
pub fn quantities(sentence: &str) -> Vec<Quantity> {
    let tokens = tokenize(sentence);
    let mut found: Vec<Phrase> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some(p) = phrase_at(&tokens, i) else {
            i += 1;
            continue;
        };
        i = p.last + 1;
        if let Some(previous) = found.last_mut() {
            // A phrase that reaches back into the one before ("May 6 March", "a half a
            // year") is already read
            if p.first <= previous.last {
                continue;
            }
            // "2 years and 3 months", "1 hour 59 minutes": one length of time
            let joined = previous.last + 1 == p.first
                || (previous.last + 2 == p.first && tokens[previous.last + 1].is("and"));
            if joined && previous.kind == QuantityKind::Duration && p.kind == QuantityKind::Duration
            {
                previous.last = p.last;
                previous.value = None;
                continue;
            }
            // "six feet five inches", "8 pounds 6 ounces": one measure in two units
            if previous.last + 1 == p.first && smaller_unit(&previous.unit, &p.unit) {
                previous.last = p.last;
                previous.value = None;
                continue;
            }
            if join_with_previous(&tokens, previous, &p) {
                continue;
            }
        }
        found.push(p);
    }
    found
        .into_iter()
        .map(|p| p.into_quantity(sentence, &tokens))
        .collect()
}

/// Whether a measure in `small` continues one in `large`: feet and inches, pounds and ounces.
fn smaller_unit(large: &Option<String>, small: &Option<String>) -> bool {
    let (Some(large), Some(small)) = (large.as_deref(), small.as_deref()) else {
        return false;
    };
    match large {
        "feet" | "foot" | "ft" => matches!(small, "inches" | "inch" | "in"),
        "pounds" | "pound" | "lb" | "lbs" => matches!(small, "ounces" | "ounce" | "oz"),
        "stone" => matches!(small, "pounds" | "pound" | "lb" | "lbs"),
        _ => false,
    }
}

/// Joins phrase `p` onto the one before it when the two are one figure:
/// - the ends of a span of dates or times: "from April 28 until May 4", "between 10 p.m. and
///   4 a.m.";
/// - a time and its date: "4 p.m. on April 13";
/// - a part of a whole: "53 out of the 54 plants", "12 of the state's 41 delegates",
///   "94 members out of 120 members";
/// - a rate: "six per 100,000".
fn join_with_previous(tokens: &[Token], previous: &mut Phrase, p: &Phrase) -> bool {
    if previous.last + 1 > p.first || p.first - previous.last > 5 {
        return false;
    }
    let link: Vec<&str> = tokens[previous.last + 1..p.first]
        .iter()
        .map(|t| t.lower.as_str())
        .collect();
    let opened_by = |words: &[&str]| {
        previous.first > 0 && words.iter().any(|w| tokens[previous.first - 1].is(w))
            || previous
                .qualifier
                .as_deref()
                .is_some_and(|q| words.contains(&q))
    };
    // "1,015 francs ($156.82) a share", "15,000 rupees (1.2 euros) a day": a conversion
    // inside a rate belongs to it
    if link == ["("] && tokens.get(p.last + 1).is_some_and(|t| t.text == ")") {
        let mut close = simple(tokens, p.last + 1, p.last + 1, previous.kind);
        close.unit = previous.unit.clone();
        let rated = rate(tokens, close);
        if rated.last > p.last + 1 {
            previous.last = rated.last;
            previous.unit = rated.unit;
            return true;
        }
    }
    let both = |kind: QuantityKind| previous.kind == kind && p.kind == kind;
    let span_link = matches!(
        link.as_slice(),
        ["to" | "until" | "till" | "through" | "-" | "–" | "—"]
    ) || (link == ["and"] && opened_by(&["between"]));
    if (both(QuantityKind::Date) || both(QuantityKind::Time)) && span_link {
        previous.low = previous.value;
        previous.high = p.value;
        previous.value = None;
        previous.last = p.last;
        return true;
    }
    // A time, then the date it fell on: "4 p.m. on April 13" ("1pm on Sunday" stays two: a
    // weekday is read as its own date).
    if previous.kind == QuantityKind::Time
        && p.kind == QuantityKind::Date
        && matches!(link.as_slice(), ["on"] | [","])
        && !is_weekday(&tokens[p.first].lower)
        && (is_month_token(tokens, p.first) || is_day_number(tokens, p.first))
    {
        previous.kind = QuantityKind::Date;
        previous.value = p.value;
        previous.last = p.last;
        return true;
    }
    // "the last week of April", "the last 2 months of 2011": a part of a month or a year
    if matches!(previous.kind, QuantityKind::Date | QuantityKind::Duration)
        && p.kind == QuantityKind::Date
        && link == ["of"]
        && (is_month_token(tokens, p.first) || year_at(tokens, p.first).is_some())
    {
        previous.kind = QuantityKind::Date;
        previous.value = p.value;
        previous.last = p.last;
        return true;
    }
    // "won 22 points to 10", "45 goals to 24": a game's score, whose second side needs no
    // unit ("220 votes to 190" stays two counts, as the labellers list a vote)
    let scored = previous.kind == QuantityKind::Count
        && previous.value.is_some()
        && previous
            .unit
            .as_deref()
            .is_some_and(|u| matches!(u, "points" | "goals" | "runs"))
        && link == ["to"]
        && p.kind == QuantityKind::Count
        && p.qualifier.is_none()
        && matches!(
            atom(tokens, p.first),
            Some(Atom::Number { words: false, .. })
        );
    if scored {
        previous.kind = QuantityKind::Tally;
        previous.low = previous.value;
        previous.high = p.value;
        previous.value = None;
        // "22 points to 10 win": the word after the second side is the contest, not a unit
        previous.last = if p.unit == previous.unit {
            p.last
        } else {
            p.first
        };
        return true;
    }
    let counts = previous.kind == QuantityKind::Count && p.kind == QuantityKind::Count;
    let part_of = match link.as_slice() {
        ["out", "of"] | ["out", "of", "the"] => true,
        ["of", rest @ ..] if previous.unit.is_none() && previous.scale.is_none() => match rest {
            ["the" | "its" | "their" | "his" | "her"] => true,
            // "of the state's", "of South Carolina's"
            [.., owner] => rest.len() <= 3 && (owner.ends_with("'s") || owner.ends_with("s'")),
            [] => false,
        },
        ["per"] => true,
        _ => false,
    };
    if counts && part_of {
        let whole = p.value;
        if link != ["per"] {
            previous.kind = QuantityKind::Fraction;
            previous.value = match (previous.value, whole) {
                (Some(part), Some(whole)) if whole > 0.0 => Some(part / whole),
                _ => None,
            };
        }
        previous.unit = if link == ["per"] {
            // "six per 100,000 people": the rate's base
            let base: Vec<&str> = tokens[p.first..=p.last].iter().map(|t| t.text).collect();
            Some(format!("per {}", base.join(" ")))
        } else {
            p.unit.clone()
        };
        previous.last = p.last;
        return true;
    }
    false
}

/// The readable column: phrases as written, joined by ` | `.
pub fn readable(quantities: &[Quantity]) -> String {
    join_readable(quantities.iter().map(|q| q.text.as_str()))
}

/// A phrase found at a token position: token span and parsed parts.
struct Phrase {
    first: usize,
    last: usize,
    kind: QuantityKind,
    value: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    qualifier: Option<String>,
    scale: Option<String>,
    unit: Option<String>,
}

impl Phrase {
    fn into_quantity(self, sentence: &str, tokens: &[Token]) -> Quantity {
        let (start_byte, end_byte) = (tokens[self.first].start, tokens[self.last].end);
        let start = sentence[..start_byte].chars().count();
        let text = &sentence[start_byte..end_byte];
        Quantity {
            text: text.to_string(),
            start,
            end: start + text.chars().count(),
            start_byte,
            end_byte,
            kind: self.kind,
            value: self.value,
            low: self.low,
            high: self.high,
            qualifier: self.qualifier,
            scale: self.scale,
            unit: self.unit,
        }
    }
}

/// The qualifier ending right before token `i`: (first token, text).
fn qualifier_before(tokens: &[Token], i: usize) -> Option<(usize, String)> {
    QUALIFIERS
        .iter()
        .filter(|q| q.len() <= i)
        .filter(|q| {
            let from = i - q.len();
            q.iter().enumerate().all(|(k, w)| tokens[from + k].is(w))
        })
        .max_by_key(|q| q.len())
        .map(|q| (i - q.len(), q.join(" ")))
}

fn simple(_tokens: &[Token], first: usize, last: usize, kind: QuantityKind) -> Phrase {
    Phrase {
        first,
        last,
        kind,
        value: None,
        low: None,
        high: None,
        qualifier: None,
        scale: None,
        unit: None,
    }
}

/// Adds a qualifier that stands right before the phrase: "up to" for counts, "since" or
/// "late" only for dates.
fn with_qualifier(tokens: &[Token], mut p: Phrase) -> Phrase {
    if p.qualifier.is_some() && p.low.is_some() && p.value.is_none() {
        // "between 5 and 10": the range's own word is the qualifier
        return p;
    }
    if let Some((from, q)) = qualifier_before(tokens, p.first) {
        let date_like = matches!(p.kind, QuantityKind::Date | QuantityKind::Time);
        let fits = if duration_only_qualifier(&q) {
            p.kind == QuantityKind::Duration
        } else if date_like {
            date_only_qualifier(&q)
                || matches!(
                    q.as_str(),
                    "around" | "about" | "nearly" | "almost" | "circa" | "c."
                )
        } else {
            !date_only_qualifier(&q)
        };
        if fits {
            p.qualifier = Some(match p.qualifier.take() {
                Some(after) => format!("{q} … {after}"),
                None => q,
            });
            p.first = from;
        }
    }
    p
}

#[cfg(test)]
mod tests;
