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

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::words::{self, is_month, is_weekday, join_readable, Token};

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

fn tokenize(sentence: &str) -> Vec<Token<'_>> {
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
static SLASHED: LazyLock<Regex> =
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
enum Atom {
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

fn cardinal_word(w: &str) -> Option<f64> {
    Some(match w {
        "zero" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        _ => return None,
    })
}

fn scale_word(w: &str) -> Option<f64> {
    Some(match w {
        "hundred" => 1e2,
        "thousand" | "k" => 1e3,
        "million" | "mn" | "m" | "mln" => 1e6,
        "billion" | "bn" | "b" => 1e9,
        "trillion" | "tn" | "trn" => 1e12,
        "dozen" => 12.0,
        _ => return None,
    })
}

fn vague_scale_word(w: &str) -> Option<f64> {
    Some(match w {
        "dozens" => 12.0,
        "tens" => 10.0,
        "hundreds" => 1e2,
        "thousands" => 1e3,
        "millions" => 1e6,
        "billions" => 1e9,
        "trillions" => 1e12,
        _ => return None,
    })
}

fn ordinal_word(w: &str) -> Option<f64> {
    Some(match w {
        "first" => 1.0,
        "second" => 2.0,
        "third" => 3.0,
        "fourth" => 4.0,
        "fifth" => 5.0,
        "sixth" => 6.0,
        "seventh" => 7.0,
        "eighth" => 8.0,
        "ninth" => 9.0,
        "tenth" => 10.0,
        "eleventh" => 11.0,
        "twelfth" => 12.0,
        "thirteenth" => 13.0,
        "fifteenth" => 15.0,
        "twentieth" => 20.0,
        "hundredth" => 100.0,
        _ => return None,
    })
}

/// The denominator a fraction word stands for: "third(s)" 3, "quarter(s)" 4, "half" 2.
fn fraction_denominator(w: &str) -> Option<f64> {
    Some(match w {
        "half" | "halves" => 2.0,
        "third" | "thirds" => 3.0,
        "quarter" | "quarters" => 4.0,
        "fifth" | "fifths" => 5.0,
        "sixth" | "sixths" => 6.0,
        "tenth" | "tenths" => 10.0,
        _ => return None,
    })
}

/// Month names that are also ordinary words or names ("May", "March", "August") need a day,
/// a year or a date preposition next to them.
fn is_ambiguous_month(w: &str) -> bool {
    matches!(
        w,
        "may" | "march" | "august" | "jan" | "mar" | "jun" | "jul" | "sep" | "dec" | "oct" | "nov"
    )
}

fn time_unit(w: &str) -> bool {
    matches!(
        w,
        "second"
            | "seconds"
            | "minute"
            | "minutes"
            | "hour"
            | "hours"
            | "day"
            | "days"
            | "week"
            | "weeks"
            | "fortnight"
            | "fortnights"
            | "month"
            | "months"
            | "year"
            | "years"
            | "decade"
            | "decades"
            | "century"
            | "centuries"
            | "yr"
            | "yrs"
            | "hrs"
            | "mins"
    )
}

fn measure_unit(w: &str) -> bool {
    matches!(
        w,
        "km" | "kilometres"
            | "kilometers"
            | "kilometre"
            | "kilometer"
            | "miles"
            | "mile"
            | "metres"
            | "meters"
            | "metre"
            | "meter"
            | "m"
            | "cm"
            | "mm"
            | "feet"
            | "foot"
            | "ft"
            | "inches"
            | "inch"
            | "kg"
            | "kilograms"
            | "kilogrammes"
            | "grams"
            | "g"
            | "tonnes"
            | "tons"
            | "tonne"
            | "ton"
            | "lb"
            | "lbs"
            | "litres"
            | "liters"
            | "gallons"
            | "barrels"
            | "acres"
            | "hectares"
            | "mph"
            | "kph"
            | "km/h"
            | "knots"
            | "degrees"
            | "°c"
            | "°f"
            | "celsius"
            | "fahrenheit"
            | "magnitude"
            | "megawatts"
            | "mw"
            | "gw"
            | "kw"
            | "kwh"
            | "gigawatts"
            | "gb"
            | "tb"
            | "mb"
            | "square"
            | "sq"
            | "cubic"
    )
}

fn currency_word(w: &str) -> bool {
    matches!(
        w,
        "dollars"
            | "dollar"
            | "euros"
            | "euro"
            | "pounds"
            | "sterling"
            | "yuan"
            | "renminbi"
            | "yen"
            | "rupees"
            | "rupee"
            | "rubles"
            | "roubles"
            | "ruble"
            | "pesos"
            | "peso"
            | "francs"
            | "shekels"
            | "naira"
            | "rand"
            | "dirhams"
            | "riyals"
            | "lira"
            | "liras"
            | "won"
            | "reais"
            | "kroner"
            | "kronor"
            | "krona"
            | "zloty"
            | "zlotys"
            | "złoty"
            | "złotys"
            | "hryvnia"
            | "cents"
            | "pence"
            | "usd"
            | "eur"
            | "gbp"
            | "bitcoin"
    )
}

fn currency_sign(t: &Token) -> bool {
    matches!(t.text, "$" | "£" | "€" | "¥" | "₹" | "₦" | "₩" | "₽")
}

/// A currency code before a number: "US$", "Rs", "EUR".
fn currency_code(w: &str) -> bool {
    matches!(
        w,
        "usd" | "eur" | "gbp" | "rs" | "inr" | "cny" | "rmb" | "jpy" | "chf" | "aud" | "cad"
    )
}

/// Words before a number that make it part of a name ("Article 50", "Flight 370").
fn names_a_number(w: &str) -> bool {
    matches!(
        w,
        "article"
            | "section"
            | "chapter"
            | "flight"
            | "route"
            | "highway"
            | "interstate"
            | "boeing"
            | "airbus"
            | "apollo"
            | "windows"
            | "iphone"
            | "no"
            | "number"
            | "room"
            | "gate"
            | "terminal"
            | "proposition"
            | "prop"
            | "amendment"
            | "resolution"
            | "channel"
            | "news"
            | "formula"
            | "category"
            | "level"
            | "phase"
            | "platform"
            | "ward"
            | "district"
            | "bus"
            | "line"
            | "block"
            | "unit"
            | "version"
            | "model"
            | "covid"
            | "g"
            | "pg"
            | "channel4"
            | "radio"
            | "bbc"
            | "cnn"
            | "f"
            | "su"
            | "mig"
            | "tu"
            | "il"
            | "resolutions"
    )
}

/// Words a counted noun never is: function words, auxiliaries, common verbs of reporting.
fn stops_noun(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "of"
            | "in"
            | "on"
            | "at"
            | "to"
            | "and"
            | "or"
            | "but"
            | "for"
            | "with"
            | "by"
            | "from"
            | "as"
            | "into"
            | "than"
            | "that"
            | "this"
            | "these"
            | "those"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "where"
            | "when"
            | "while"
            | "after"
            | "before"
            | "since"
            | "until"
            | "during"
            | "about"
            | "over"
            | "under"
            | "between"
            | "per"
            | "each"
            | "every"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "have"
            | "has"
            | "had"
            | "do"
            | "does"
            | "did"
            | "will"
            | "would"
            | "could"
            | "should"
            | "may"
            | "might"
            | "must"
            | "can"
            | "not"
            | "no"
            | "said"
            | "says"
            | "say"
            | "told"
            | "also"
            | "more"
            | "most"
            | "less"
            | "fewer"
            | "them"
            | "they"
            | "their"
            | "its"
            | "his"
            | "her"
            | "he"
            | "she"
            | "it"
            | "we"
            | "you"
            | "i"
            | "there"
            | "here"
            | "out"
            | "up"
            | "down"
            | "off"
            | "against"
            | "among"
            | "including"
            | "via"
            | "ago"
            | "later"
            | "earlier"
            | "so"
            | "if"
            | "because"
            | "though"
            | "although"
            | "yet"
            | "then"
            | "now"
            | "just"
            | "only"
            | "all"
            | "both"
            | "either"
            | "neither"
            | "any"
            | "some"
            | "such"
            | "what"
            | "how"
            | "why"
            | "according"
            | "due"
            | "respectively"
            | "alone"
            | "apiece"
            | "each."
            | "across"
            | "through"
            | "within"
            | "without"
            | "toward"
            | "towards"
            | "around"
            | "near"
            | "above"
            | "below"
            | "behind"
            | "beyond"
    )
}

/// Qualifiers that can stand right before a number, longest first.
const QUALIFIERS: &[&[&str]] = &[
    &["no", "more", "than"],
    &["no", "fewer", "than"],
    &["no", "less", "than"],
    &["as", "many", "as"],
    &["as", "much", "as"],
    &["as", "few", "as"],
    &["as", "little", "as"],
    &["as", "high", "as"],
    &["as", "low", "as"],
    &["in", "excess", "of"],
    &["upwards", "of"],
    &["more", "than"],
    &["less", "than"],
    &["fewer", "than"],
    &["greater", "than"],
    &["higher", "than"],
    &["lower", "than"],
    &["up", "to"],
    &["at", "least"],
    &["at", "most"],
    &["close", "to"],
    &["nearly"],
    &["almost"],
    &["about"],
    &["around"],
    &["approximately"],
    &["approx"],
    &["roughly"],
    &["some"],
    &["over"],
    &["under"],
    &["above"],
    &["below"],
    &["only"],
    &["just"],
    &["estimated"],
    &["an", "estimated"],
    &["almost"],
    &["barely"],
    &["exactly"],
    &["precisely"],
    &["nearly"],
    &["circa"],
    &["c."],
    &["another"],
    &["a", "further"],
    &["a", "total", "of"],
    &["a", "record"],
    &["record"],
    &["the", "last"],
    &["the", "past"],
    &["the", "next"],
    &["the", "first"],
    &["early"],
    &["mid"],
    &["late"],
    &["since"],
    &["until"],
    &["by"],
];

/// Words that can qualify a date but not a count.
fn date_only_qualifier(q: &str) -> bool {
    matches!(q, "early" | "mid" | "late" | "since" | "until" | "by")
}

/// Words that qualify a length of time only: "the last 20 years", "the next 15 months".
fn duration_only_qualifier(q: &str) -> bool {
    matches!(q, "the last" | "the past" | "the next" | "the first")
}

fn atom(tokens: &[Token], i: usize) -> Option<Atom> {
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

fn parse_number(s: &str) -> Option<f64> {
    s.replace(',', "").parse().ok()
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

/// A number read from `i` on: digits or words with their scale ("1.2 million", "twenty three",
/// "a few hundred", "tens of thousands"). Returns (value, low/high of a vague number, scale
/// text, last token, written in words).
struct Reading {
    value: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    scale: Option<String>,
    last: usize,
    words: bool,
    year_like: bool,
    fraction: bool,
}

fn read_number(tokens: &[Token], i: usize) -> Option<Reading> {
    let mut r = match atom(tokens, i)? {
        Atom::Number {
            value,
            words,
            year_like,
        } => Reading {
            value: Some(value),
            low: None,
            high: None,
            scale: None,
            last: i,
            words,
            year_like,
            fraction: false,
        },
        Atom::Suffixed { value, suffix } if scale_word(&suffix).is_some() => {
            return Some(Reading {
                value: Some(value * scale_word(&suffix)?),
                low: None,
                high: None,
                scale: Some(suffix),
                last: i,
                words: false,
                year_like: false,
                fraction: false,
            })
        }
        Atom::VagueScale(s) => {
            // "thousands", "tens of thousands", "hundreds of millions"
            let mut scale = s;
            let mut last = i;
            if let (Some(of), Some(Atom::VagueScale(s2))) = (
                tokens.get(i + 1),
                tokens.get(i + 2).and_then(|_| atom(tokens, i + 2)),
            ) {
                if of.is("of") {
                    scale *= s2;
                    last = i + 2;
                }
            }
            return Some(Reading {
                value: None,
                low: Some(2.0 * scale),
                high: Some(10.0 * scale),
                scale: Some(tokens[i].lower.clone()),
                last,
                words: true,
                year_like: false,
                fraction: false,
            });
        }
        Atom::Scale(s) if tokens[i].lower.len() > 2 => {
            // "a dozen", "a hundred": only reached through read_number_after_article
            Reading {
                value: Some(s),
                low: None,
                high: None,
                scale: Some(tokens[i].lower.clone()),
                last: i,
                words: true,
                year_like: false,
                fraction: false,
            }
        }
        Atom::Fraction(f) => {
            return Some(Reading {
                value: Some(f),
                low: None,
                high: None,
                scale: None,
                last: i,
                words: true,
                year_like: false,
                fraction: true,
            })
        }
        _ => return None,
    };
    // "19 000 000", "126 000": thousands grouped with spaces
    if !r.words && tokens[i].text.len() <= 3 && tokens[i].text.chars().all(|c| c.is_ascii_digit()) {
        while let Some(group) = tokens.get(r.last + 1) {
            let three = group.text.len() == 3 && group.text.chars().all(|c| c.is_ascii_digit());
            if !(three && group.spaced) {
                break;
            }
            r.value = r
                .value
                .map(|v| v * 1000.0 + parse_number(group.text).unwrap_or(0.0));
            r.last += 1;
        }
    }
    // "twenty three", "one hundred and fifty", "1.2 million", "two dozen"
    let mut j = r.last + 1;
    while j < tokens.len() {
        match atom(tokens, j) {
            Some(Atom::Number {
                value: v,
                words: true,
                ..
            }) if r.words
                && v < 10.0
                && r.value
                    .is_some_and(|x| x >= 20.0 && x % 10.0 == 0.0 && x < 100.0) =>
            {
                r.value = r.value.map(|x| x + v);
                r.last = j;
            }
            Some(Atom::Scale(s)) => {
                r.value = r.value.map(|x| x * s);
                r.scale = Some(match r.scale.take() {
                    Some(prev) => format!("{prev} {}", tokens[j].lower),
                    None => tokens[j].lower.clone(),
                });
                r.year_like = false;
                r.last = j;
            }
            Some(Atom::Number {
                value: v,
                words: true,
                ..
            }) if r.words && tokens[j - 1].is("and") && r.scale.is_some() => {
                r.value = r.value.map(|x| x + v);
                r.last = j;
            }
            _ if tokens[j].is("and")
                && r.words
                && r.scale.is_some()
                && matches!(
                    atom(tokens, j + 1).or(None),
                    Some(Atom::Number { words: true, .. })
                )
                && j + 1 < tokens.len() =>
            {
                j += 1;
                continue;
            }
            _ => break,
        }
        j += 1;
    }
    // "two and a half"
    if r.words
        && tokens.get(r.last + 1).is_some_and(|t| t.is("and"))
        && tokens.get(r.last + 2).is_some_and(|t| t.is("a"))
        && tokens.get(r.last + 3).is_some_and(|t| t.is("half"))
    {
        r.value = r.value.map(|x| x + 0.5);
        r.last += 3;
    }
    // "two-thirds" is an atom; "two thirds" is read here
    if r.words {
        if let Some(d) = tokens
            .get(r.last + 1)
            .and_then(|t| fraction_denominator(&t.lower))
        {
            if r.value.is_some_and(|v| (1.0..10.0).contains(&v))
                && r.scale.is_none()
                && !tokens[r.last + 1].is("second")
            {
                r.value = r.value.map(|v| v / d);
                r.fraction = true;
                r.last += 1;
            }
        }
    }
    Some(r)
}

fn is_number_start(tokens: &[Token], i: usize) -> bool {
    matches!(
        atom(tokens, i),
        Some(
            Atom::Number { .. }
                | Atom::Suffixed { .. }
                | Atom::VagueScale(_)
                | Atom::Fraction(_)
                | Atom::Span { .. }
                | Atom::Compound { .. }
        )
    )
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

fn phrase_at(tokens: &[Token], i: usize) -> Option<Phrase> {
    let t = &tokens[i];
    // A number glued to a name on its left ("News 12", "Article 50") or a list marker.
    let after_name =
        i > 0 && names_a_number(&tokens[i - 1].lower) && tokens[i - 1].is_capitalised();
    match atom(tokens, i) {
        Some(Atom::Month) => return date_from_month(tokens, i),
        Some(Atom::Weekday) => return weekday(tokens, i),
        Some(Atom::RelativeDay) => return Some(simple(tokens, i, i, QuantityKind::Date)),
        Some(Atom::Name) if !after_name => {
            if let Some(p) = slashed(tokens, i) {
                return Some(with_qualifier(tokens, p));
            }
        }
        Some(Atom::Name) | None => {}
        // "a category 1 hurricane", "world ranking number 27": a place on a scale
        Some(Atom::Number {
            value,
            words: false,
            ..
        }) if i > 0 && matches!(tokens[i - 1].lower.as_str(), "category" | "number") => {
            let mut p = simple(tokens, i - 1, i, QuantityKind::Rank);
            p.value = Some(value);
            p.unit = Some(tokens[i - 1].lower.clone());
            return Some(p);
        }
        Some(_) if after_name => return None,
        Some(Atom::Clock) => return clock(tokens, i),
        Some(Atom::Elapsed(seconds)) => {
            let mut p = simple(tokens, i, i, QuantityKind::Duration);
            p.value = Some(seconds);
            p.unit = Some("seconds".into());
            return Some(with_qualifier(tokens, p));
        }
        Some(Atom::Number {
            value,
            words: false,
            ..
        }) if hour_before_marker(tokens, i, value) => return clock(tokens, i),
        Some(Atom::Decade(v)) => {
            let mut p = simple(tokens, i, i, QuantityKind::Date);
            p.value = Some(v);
            return Some(with_qualifier(tokens, p));
        }
        Some(Atom::Ordinal(v)) => return ordinal(tokens, i, v),
        Some(Atom::Number { words: false, .. }) if month_after_days(tokens, i).is_some() => {
            let month = month_after_days(tokens, i)?;
            let mut d = date_from_month(tokens, month)?;
            d.first = i;
            return Some(d);
        }
        Some(Atom::Number { .. } | Atom::Span { tally: false, .. })
            if is_month_token(tokens, i + 1)
                && date_from_month(tokens, i + 1).is_some_and(|d| d.first == i) =>
        {
            return date_from_month(tokens, i + 1)
        }
        Some(Atom::Number { words: false, .. }) if numbers_a_name(tokens, i) => return None,
        // "World War Two", "Marine One", "the Group of Seven": a number word capitalised
        // inside a sentence is part of a name
        Some(Atom::Number { words: true, .. })
            if t.is_capitalised() && i > 0 && tokens[i - 1].is_word() =>
        {
            return None
        }
        // "the March of the Millions", "the \"Million Man March\"": so is a scale word in
        // capitals without a number
        Some(Atom::Scale(_) | Atom::VagueScale(_))
            if t.is_capitalised()
                && i > 0
                && (tokens[i - 1].is_word()
                    || tokens
                        .get(i + 1)
                        .is_some_and(|n| n.is_word() && n.is_capitalised())) =>
        {
            return None
        }
        Some(Atom::Number {
            value,
            year_like: true,
            ..
        }) if !currency_before(tokens, i) => return year(tokens, i, value),
        Some(_) => return number_phrase(tokens, i),
    }
    // "#19", "#2 browser": a place in a ranking
    if t.text == "#" {
        if let Some(Atom::Number {
            value,
            words: false,
            ..
        }) = atom(tokens, i + 1)
        {
            if !tokens[i + 1].spaced {
                let mut p = simple(tokens, i, i + 1, QuantityKind::Rank);
                p.value = Some(value);
                return Some(p);
            }
        }
    }
    // A currency prefix before a number: "$3.1 billion", "US$2", "£40", "Rs 500".
    if let Some((n, _)) = currency_prefix_at(tokens, i) {
        if is_number_start(tokens, n) {
            return number_phrase(tokens, n);
        }
    }
    // "a dozen", "a third", "a decade", "a year", "half a million", "one in five"
    if t.is("a") || t.is("an") {
        let next = tokens.get(i + 1)?;
        if next.is("dozen")
            || next.is("hundred")
            || next.is("thousand")
            || next.is("million")
            || next.is("billion")
        {
            let mut p = number_phrase(tokens, i + 1)?;
            p.first = i;
            return Some(with_qualifier(tokens, p));
        }
        if let Some(d) = fraction_denominator(&next.lower) {
            if next.is("second") {
                return None;
            }
            // "a quarter million video clips": a fraction of a scale is a count
            if let Some(Atom::Scale(s)) = tokens.get(i + 2).and_then(|_| atom(tokens, i + 2)) {
                let mut p = simple(tokens, i, i + 2, QuantityKind::Count);
                p.value = Some(s / d);
                p.scale = Some(tokens[i + 2].lower.clone());
                return Some(with_qualifier(tokens, counted(tokens, p)));
            }
            let mut p = simple(tokens, i, i + 1, QuantityKind::Fraction);
            p.value = Some(1.0 / d);
            return Some(with_qualifier(tokens, p));
        }
        if let Some(p) = one_unit_of_time(tokens, i) {
            return Some(p);
        }
        if next.is("few") || next.is("couple") {
            // "a few hundred", "a couple of thousand"
            let mut k = i + 2;
            if tokens.get(k).is_some_and(|t| t.is("of")) {
                k += 1;
            }
            if let Some(Atom::Scale(s)) = tokens.get(k).and_then(|_| atom(tokens, k)) {
                let mut p = counted(tokens, simple(tokens, i, k, QuantityKind::Count));
                p.low = Some(2.0 * s);
                p.high = Some(9.0 * s);
                p.scale = Some(tokens[k].lower.clone());
                return Some(with_qualifier(tokens, p));
            }
        }
        return None;
    }
    if t.is("half") && tokens.get(i + 1).is_some_and(|n| n.is("a")) {
        if let Some(Atom::Scale(s)) = tokens.get(i + 2).and_then(|_| atom(tokens, i + 2)) {
            let mut p = counted(tokens, simple(tokens, i, i + 2, QuantityKind::Count));
            p.value = Some(s / 2.0);
            p.scale = Some(tokens[i + 2].lower.clone());
            return Some(with_qualifier(tokens, p));
        }
    }
    if t.is("half") && tokens.get(i + 1).is_some_and(|n| n.is("of")) {
        let mut p = simple(tokens, i, i, QuantityKind::Fraction);
        p.value = Some(0.5);
        return Some(with_qualifier(tokens, p));
    }
    if (t.is("several") || t.is("few"))
        && matches!(
            tokens.get(i + 1).and_then(|_| atom(tokens, i + 1)),
            Some(Atom::Scale(_))
        )
    {
        let s = scale_word(&tokens[i + 1].lower)?;
        let mut p = counted(tokens, simple(tokens, i, i + 1, QuantityKind::Count));
        p.low = Some(2.0 * s);
        p.high = Some(9.0 * s);
        p.scale = Some(tokens[i + 1].lower.clone());
        return Some(p);
    }
    if t.is("twice") || t.is("thrice") || (t.is("once") && frequency_after(tokens, i)) {
        let mut p = simple(tokens, i, i, QuantityKind::Count);
        p.value = Some(match t.lower.as_str() {
            "once" => 1.0,
            "twice" => 2.0,
            _ => 3.0,
        });
        p.unit = Some("times".into());
        if frequency_after(tokens, i) {
            // "once a year", "twice per day", "once in a decade"
            p.last = if tokens[i + 1].is("in") { i + 3 } else { i + 2 };
        }
        return Some(with_qualifier(tokens, p));
    }
    if let Some(p) = multiple(tokens, i) {
        return Some(p);
    }
    relative_date(tokens, i)
}

/// A change by a factor, which the labellers count as a figure: "doubled", "halving its
/// staff", "more than double that of", "to double the number". "double"/"triple" standing
/// before a noun ("a double announcement") describe a kind of thing, and "profits to double"
/// gives no amount, so the bare word counts only after a qualifier or before the quantity it
/// multiplies ("double the number").
fn multiple(tokens: &[Token], i: usize) -> Option<Phrase> {
    let t = &tokens[i];
    let (factor, verb) = match t.lower.as_str() {
        "doubled" | "doubles" | "doubling" => (2.0, true),
        "tripled" | "triples" | "tripling" | "trebled" => (3.0, true),
        "quadrupled" | "quadruples" | "quadrupling" => (4.0, true),
        "halved" | "halving" => (0.5, true),
        "double" => (2.0, false),
        "triple" | "treble" => (3.0, false),
        "quadruple" => (4.0, false),
        _ => return None,
    };
    if !t.is_word() || (t.is_capitalised() && i > 0) {
        return None;
    }
    let mut p = simple(tokens, i, i, QuantityKind::Count);
    p.value = Some(factor);
    p.unit = Some("times".into());
    let p = with_qualifier(tokens, p);
    let compared = p.qualifier.as_deref().is_some_and(|q| {
        matches!(
            q,
            "more than"
                | "less than"
                | "almost"
                | "nearly"
                | "about"
                | "around"
                | "roughly"
                | "approximately"
                | "at least"
                | "close to"
        )
    });
    if verb || compared {
        return Some(p);
    }
    let multiplies = tokens.get(i + 1).is_some_and(|n| {
        matches!(
            n.lower.as_str(),
            "the" | "that" | "those" | "its" | "their" | "his" | "her" | "what"
        )
    });
    multiplies.then_some(p)
}

/// Numbers written with slashes: a date ("15/5", "12/05/2012"), a fiscal year ("2019/20"), a
/// fraction ("3/4") or "24/7". "9/11" is left out: both ways of reading it are a date, and it
/// mostly names the attacks.
fn slashed(tokens: &[Token], i: usize) -> Option<Phrase> {
    let t = &tokens[i];
    if t.text == "24/7" {
        let mut p = simple(tokens, i, i, QuantityKind::Duration);
        p.unit = Some("24/7".into());
        return Some(p);
    }
    if !SLASHED.is_match(t.text) {
        return None;
    }
    let parts: Vec<&str> = t.text.split('/').collect();
    let n: Vec<f64> = parts
        .iter()
        .map(|p| parse_number(p))
        .collect::<Option<_>>()?;
    let year = |k: usize| match parts[k].len() {
        4 if (1800.0..2100.0).contains(&n[k]) => Some(n[k]),
        2 => Some(2000.0 + n[k]),
        _ => None,
    };
    let day_month = |a: f64, b: f64| {
        (1.0..=31.0).contains(&a) && (1.0..=31.0).contains(&b) && (a <= 12.0) != (b <= 12.0)
    };
    let mut p = simple(tokens, i, i, QuantityKind::Date);
    match n.as_slice() {
        [a, b] if parts[0].len() == 4 && year(0).is_some() => {
            // "2019/20": a season or a fiscal year across two calendar years
            let high = if parts[1].len() == 2 {
                (a / 100.0).floor() * 100.0 + b
            } else {
                *b
            };
            if high != a + 1.0 {
                return None;
            }
            p.low = Some(*a);
            p.high = Some(high);
        }
        [a, b] if *a < *b && *b <= 10.0 && parts[0].len() == 1 => {
            p.kind = QuantityKind::Fraction;
            p.value = Some(a / b);
        }
        [a, b] if day_month(*a, *b) => {}
        [a, b, _] if (1.0..=31.0).contains(a) && (1.0..=31.0).contains(b) => {
            p.value = Some(year(2)?);
        }
        _ => return None,
    }
    Some(p)
}

/// "a year", "an hour and a half", "half an hour", "a week ago", "a decade later": one unit of
/// time after "a"/"an" at `i` ("a day of mourning" names a day and is left out).
fn one_unit_of_time(tokens: &[Token], i: usize) -> Option<Phrase> {
    let next = tokens.get(i + 1)?;
    if !matches!(
        next.lower.as_str(),
        "decade" | "century" | "year" | "month" | "week" | "day" | "fortnight" | "hour" | "minute"
    ) || (tokens.get(i + 2).is_some_and(|t| t.is("of"))
        && !(i > 0 && tokens[i - 1].is("half"))
        && qualifier_before(tokens, i).is_none())
        // "rose 5% in a year", "within a month": the span a change happened in
        || (i > 0 && matches!(tokens[i - 1].lower.as_str(), "in" | "within"))
        || (i > 0 && (tokens[i - 1].is("per") || is_frequency_word(&tokens[i - 1])))
    {
        return None;
    }
    let mut p = simple(tokens, i, i + 1, QuantityKind::Duration);
    p.value = Some(1.0);
    p.unit = Some(next.lower.clone());
    let is = |k: usize, w: &str| tokens.get(k).is_some_and(|t| t.is(w));
    if is(i + 2, "and") && is(i + 3, "a") && is(i + 4, "half") {
        p.last = i + 4;
        p.value = Some(1.5);
    } else if i > 0 && tokens[i - 1].is("half") {
        p.first = i - 1;
        p.value = Some(0.5);
    }
    if is(p.last + 1, "ago") {
        p.kind = QuantityKind::Date;
        p.last += 1;
    } else if tokens
        .get(p.last + 1)
        .is_some_and(|t| matches!(t.lower.as_str(), "later" | "earlier" | "apart"))
    {
        p.last += 1;
    }
    Some(with_qualifier(tokens, p))
}

/// "once", "twice", "thrice": how often.
fn is_frequency_word(t: &Token) -> bool {
    matches!(t.lower.as_str(), "once" | "twice" | "thrice")
}

/// A unit of time that makes "once"/"twice" at `i` a frequency: "a year", "per day", "in a
/// decade".
fn frequency_after(tokens: &[Token], i: usize) -> bool {
    let unit = |k: usize| tokens.get(k).is_some_and(|t| time_unit(&t.lower));
    match tokens.get(i + 1).map(|t| t.lower.as_str()) {
        Some("a" | "an" | "per" | "every" | "each") => unit(i + 2),
        Some("in") => tokens.get(i + 2).is_some_and(|t| t.is("a")) && unit(i + 3),
        _ => false,
    }
}

/// A bare number that names or numbers something rather than counting it: "Region 11",
/// "Internet Explorer 9", "section 12", "(2)", a list's "1.".
fn numbers_a_name(tokens: &[Token], i: usize) -> bool {
    let next = tokens.get(i + 1);
    let before = i.checked_sub(1).map(|b| &tokens[b]);
    // "(2) the prosecution ...", "16(1)", "2)" and a list marker "1." at the start; "Ethiopia
    // (83), Tanzania (58)" gives figures in brackets
    if next.is_some_and(|n| n.text == ")") {
        let Some(b) = before else {
            return true;
        };
        if b.text == "[" || b.text == "…" {
            return true;
        }
        if b.text == "(" {
            let glued = i >= 2 && !b.spaced;
            let item_follows = tokens.get(i + 2).is_none_or(|t| t.is_word())
                && parse_number(&tokens[i].lower).is_some_and(|v| v < 10.0);
            return glued || i == 1 || item_follows;
        }
    }
    if i == 0 && next.is_some_and(|n| n.text == "." || n.text == ")") {
        return true;
    }
    let small = parse_number(&tokens[i].lower).is_some_and(|v| v < 100.0);
    if small
        && next.is_some_and(|n| n.text == "." && !n.spaced)
        && tokens.get(i + 2).is_some_and(|t| t.is_capitalised())
    {
        // "... martial law 2. Hanged a prime minister": a numbered list run together
        return true;
    }
    let Some(before) = before else {
        return false;
    };
    if !before.spaced && before.text == "(" {
        return false;
    }
    // "74 Street", "10 Downing Street"
    if next.is_some_and(|n| {
        matches!(
            n.text,
            "Street" | "St" | "Avenue" | "Ave" | "Road" | "Rd" | "Square" | "Boulevard" | "Lane"
        )
    }) {
        return true;
    }
    let value = parse_number(&tokens[i].lower).unwrap_or(0.0);
    // The noun after a count agrees with it: "Iraq 14 soldiers", "Texas 40 people", but
    // "Falcon 9 rocket", "Voskhod 2 mission", "Bell 206 came down" name a thing.
    let counted_after = next.is_some_and(|n| {
        n.text == "%"
            || (n.is_word()
                && !n.is_capitalised()
                && !stops_noun(&n.lower)
                && (value <= 1.0
                    || looks_plural(&n.lower)
                    || scale_word(&n.lower).is_some()
                    || measure_unit(&n.lower)
                    || time_unit(&n.lower)
                    || currency_word(&n.lower)
                    || matches!(n.lower.as_str(), "percent" | "per" | "times")))
    });
    // "Articles 165 and 166": the second number of a name's list
    if matches!(before.text, "and" | "or" | "," | "&")
        && i >= 2
        && matches!(atom(tokens, i - 2), Some(Atom::Number { words: false, .. }))
        && !counted_after
        && numbers_a_name(tokens, i - 2)
    {
        return true;
    }
    let lower = before.lower.as_str();
    if matches!(
        lower,
        "section"
            | "sections"
            | "article"
            | "articles"
            | "resolution"
            | "canon"
            | "decree"
            | "posts"
            | "post"
            | "region"
            | "coronavirus"
            | "no"
            | "no."
            | "number"
            | "clause"
            | "rule"
            | "paragraph"
            | "chapter"
            | "route"
            | "bill"
            | "act"
            | "directive"
            | "version"
            | "level"
            | "phase"
            | "episode"
            | "season"
            | "volume"
            | "vol"
            | "page"
            | "room"
            | "gate"
            | "flight"
            | "category"
            | "grade"
            | "class"
            | "type"
            | "stage"
            | "road"
            | "highway"
            | "interstate"
            | "channel"
            | "iphone"
            | "windows"
            | "explorer"
            | "ios"
            | "android"
            | "world"
            | "war"
    ) {
        return true;
    }
    // A capitalised word that is not the sentence's first, a month or a weekday: a name
    // ("Vostok 1", "PalFest 2012", "Bell 206"), unless a unit or a counted noun follows ("In
    // Iraq 14 soldiers died"; "Ebola 2014" is not a count).
    before.is_capitalised()
        && before.is_word()
        && !before.lower.ends_with("'s")
        && i >= 2
        && !matches!(atom(tokens, i - 1), Some(Atom::Month | Atom::Weekday))
        && !names_a_number_exempt(lower)
        && !counted_after
}

/// Capitalised words that stand before real counts: "About 40", "Only 3".
fn names_a_number_exempt(w: &str) -> bool {
    stops_noun(w)
        || matches!(
            w,
            "nearly"
                | "almost"
                | "approximately"
                | "roughly"
                | "some"
                | "over"
                | "under"
                | "just"
                | "only"
                | "another"
                | "record"
                | "estimated"
                | "total"
                | "us"
                | "u.s"
                | "uk"
                | "eu"
        )
}

fn currency_before(tokens: &[Token], i: usize) -> bool {
    currency_prefix_before(tokens, i).is_some()
}

/// A currency prefix starting at `i`: (index of the number after it, the prefix as written).
fn currency_prefix_at(tokens: &[Token], i: usize) -> Option<(usize, String)> {
    let t = tokens.get(i)?;
    let upper_code =
        t.is_word() && t.text.chars().all(|c| c.is_ascii_uppercase()) && t.text.len() <= 3;
    let next = tokens.get(i + 1)?;
    if currency_sign(t) && !next.spaced {
        return Some((i + 1, t.text.to_string()));
    }
    if upper_code && currency_sign(next) && !next.spaced {
        // "US$", "A$", "HK$"
        let number = tokens.get(i + 2)?;
        return (!number.spaced).then(|| (i + 2, format!("{}{}", t.text, next.text)));
    }
    if upper_code && currency_code(&t.lower) || t.text == "Rs" || t.text == "Rs." {
        return Some((i + 1, t.text.to_string()));
    }
    None
}

/// The currency prefix ending right before number token `n`: (its first token, as written).
fn currency_prefix_before(tokens: &[Token], n: usize) -> Option<(usize, String)> {
    (n.saturating_sub(2)..n)
        .filter_map(|start| currency_prefix_at(tokens, start).map(|(at, unit)| (start, at, unit)))
        .find(|&(_, at, _)| at == n)
        .map(|(start, _, unit)| (start, unit))
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

/// A count, amount, percentage, measure or duration starting at number token `i` (after a
/// currency prefix, if any).
fn number_phrase(tokens: &[Token], i: usize) -> Option<Phrase> {
    let currency = currency_prefix_before(tokens, i);
    let mut p = simple(tokens, i, i, QuantityKind::Count);
    if let Some((first, _)) = &currency {
        p.first = *first;
    }
    match atom(tokens, i)? {
        Atom::Span { low, high, tally } => {
            p.low = Some(low);
            p.high = Some(high);
            if tally {
                p.kind = QuantityKind::Tally;
                return Some(p);
            }
            let years = 1800.0..2100.0;
            if years.contains(&low) && years.contains(&high) && high > low {
                p.kind = QuantityKind::Date;
                return Some(with_qualifier(tokens, p));
            }
            // "15–25 million dollars": the scale applies to both ends
            if let Some(Atom::Scale(s)) = tokens.get(i + 1).and_then(|_| atom(tokens, i + 1)) {
                p.low = Some(low * s);
                p.high = Some(high * s);
                p.scale = Some(tokens[i + 1].lower.clone());
                p.last = i + 1;
            }
        }
        Atom::Compound { value, unit } => {
            p.value = Some(value);
            p.kind = if unit.contains("year")
                || unit.contains("month")
                || unit.contains("day")
                || unit.contains("week")
                || unit.contains("hour")
                || unit.contains("minute")
            {
                QuantityKind::Duration
            } else {
                QuantityKind::Count
            };
            p.unit = Some(unit);
            return Some(with_qualifier(tokens, p));
        }
        Atom::Suffixed { value, suffix } if scale_word(&suffix).is_none() => {
            p.value = Some(value);
            p.kind = QuantityKind::Measure;
            p.unit = Some(suffix);
            return Some(with_qualifier(tokens, p));
        }
        _ => {
            let r = read_number(tokens, i)?;
            // A bare "one" is a pronoun more often than a number ("one of the", "no one").
            if tokens[i].is("one") && r.last == i && !one_is_a_number(tokens, i) {
                return None;
            }
            p.value = r.value;
            p.low = r.low;
            p.high = r.high;
            p.scale = r.scale;
            p.last = r.last;
            if r.fraction {
                p.kind = QuantityKind::Fraction;
                return Some(with_qualifier(tokens, p));
            }
            // "one in five children", "one out of every thousand children"
            if let Some(whole) = ratio_denominator(tokens, r.last) {
                let of = read_number(tokens, whole)?;
                p.kind = QuantityKind::Fraction;
                p.value = match (r.value, of.value) {
                    (Some(part), Some(whole)) if whole > 0.0 => Some(part / whole),
                    _ => None,
                };
                p.last = of.last;
                p.scale = None;
                let p = counted(tokens, p);
                return Some(with_qualifier(tokens, p));
            }
            // A range: "80,000 to 100,000", "between 5 and 10", "5-10", "two or three"
            if let Some(end) = range_end(tokens, &p) {
                let high = read_number(tokens, end)?;
                let scale = high.scale.clone();
                let factor = match (&p.scale, &scale) {
                    (None, Some(s)) => scale_factor(s),
                    _ => 1.0,
                };
                p.low = p.value.map(|v| v * factor);
                p.high = high.value;
                p.value = None;
                p.scale = p.scale.or(scale);
                p.last = high.last;
            }
        }
    }
    let mut p = unit_after(tokens, p);
    // "from 6% to 11%", "2–3 percent": a range whose ends both carry the unit
    if p.kind == QuantityKind::Percent && p.value.is_some() {
        let link = tokens.get(p.last + 1);
        let is_percent = |k: usize| {
            tokens
                .get(k)
                .is_some_and(|t| t.text == "%" || t.is("percent"))
        };
        if link.is_some_and(|l| matches!(l.lower.as_str(), "to" | "-" | "–"))
            && matches!(
                tokens
                    .get(p.last + 2)
                    .and_then(|_| atom(tokens, p.last + 2)),
                Some(Atom::Number { words: false, .. })
            )
            && is_percent(p.last + 3)
        {
            p.low = p.value;
            p.high = parse_number(&tokens[p.last + 2].lower);
            p.value = None;
            p.last += 3;
        }
    }
    if let Some((_, unit)) = currency {
        if p.kind == QuantityKind::Count {
            p.kind = QuantityKind::Money;
            p.unit = Some(unit);
            p = rate(tokens, p);
        }
    }
    if p.kind == QuantityKind::Count && p.unit.is_none() {
        p = counted(tokens, p);
        if p.unit.is_some() {
            // "1,600 reports a week", "40 flights per day"
            p = rate(tokens, p);
        }
    }
    // "107 or more", "50 or so"
    if tokens.get(p.last + 1).is_some_and(|t| t.is("or"))
        && tokens
            .get(p.last + 2)
            .is_some_and(|t| matches!(t.lower.as_str(), "more" | "so" | "less" | "fewer"))
    {
        p.qualifier = Some(format!("or {}", tokens[p.last + 2].lower));
        p.last += 2;
    }
    let p = with_qualifier(tokens, p);
    Some(between_prefix(tokens, p))
}

/// Where the whole of "N in M" / "N out of (every) M" starts, after the part ending at `last`.
fn ratio_denominator(tokens: &[Token], last: usize) -> Option<usize> {
    let mut k = last + 1;
    match tokens.get(k)?.lower.as_str() {
        "in" => k += 1,
        "out" if tokens.get(k + 1)?.is("of") => k += 2,
        _ => return None,
    }
    if tokens.get(k)?.is("every") {
        k += 1;
    }
    matches!(
        atom(tokens, k)?,
        Atom::Number {
            year_like: false,
            ..
        } | Atom::Scale(_)
    )
    .then_some(k)
}

fn scale_factor(scale: &str) -> f64 {
    scale.split(' ').filter_map(scale_word).product()
}

/// "between" or "from" before a range takes its place in the phrase.
fn between_prefix(tokens: &[Token], mut p: Phrase) -> Phrase {
    if p.low.is_some()
        && p.high.is_some()
        && p.value.is_none()
        && p.first > 0
        && p.qualifier.is_none()
    {
        let before = &tokens[p.first - 1];
        // "between 5 and 10" reads as one phrase; in "from 80,000 to 100,000" the figures are
        // the phrase and "from" only its qualifier.
        if before.is("between") {
            p.first -= 1;
        }
        if before.is("between") || before.is("from") {
            p.qualifier = Some(before.lower.clone());
        }
    }
    p
}

/// Where the second end of a range starts, if the phrase continues as one.
fn range_end(tokens: &[Token], p: &Phrase) -> Option<usize> {
    let link = tokens.get(p.last + 1)?;
    let between =
        p.first > 0 && (tokens[p.first - 1].is("between") || tokens[p.first - 1].is("from"));
    let ok = match link.lower.as_str() {
        "to" | "-" | "–" | "—" => true,
        "and" => between,
        "or" => true,
        _ => false,
    };
    if !ok {
        return None;
    }
    let mut next = p.last + 2;
    if tokens.get(next).is_some_and(currency_sign) {
        next += 1;
    }
    let n = tokens.get(next)?;
    if !matches!(
        atom(tokens, next),
        Some(Atom::Number { .. } | Atom::Suffixed { .. })
    ) {
        return None;
    }
    if link.is("or") && !(n.lower.chars().all(char::is_alphabetic) || tokens[p.first].is_word()) {
        return None;
    }
    Some(next)
}

/// A unit right after the number: "%", "percent", "km", "days", "dollars", "years ago".
fn unit_after(tokens: &[Token], mut p: Phrase) -> Phrase {
    let Some(next) = tokens.get(p.last + 1) else {
        return p;
    };
    let w = next.lower.as_str();
    if next.text == "%" || w == "percent" || w == "pc" {
        p.kind = QuantityKind::Percent;
        p.unit = Some("%".into());
        p.last += 1;
    } else if w == "per" && tokens.get(p.last + 2).is_some_and(|t| t.is("cent")) {
        p.kind = QuantityKind::Percent;
        p.unit = Some("%".into());
        p.last += 2;
    } else if w == "percentage"
        && tokens
            .get(p.last + 2)
            .is_some_and(|t| t.is("points") || t.is("point"))
    {
        p.kind = QuantityKind::Percent;
        p.unit = Some("percentage points".into());
        p.last += 2;
    } else if currency_word(w) {
        p.kind = QuantityKind::Money;
        p.unit = Some(w.into());
        p.last += 1;
        p = rate(tokens, p);
    } else if time_unit(w) {
        p.kind = QuantityKind::Duration;
        p.unit = Some(w.into());
        p.last += 1;
        if tokens.get(p.last + 1).is_some_and(|t| t.is("ago")) {
            p.kind = QuantityKind::Date;
            p.last += 1;
        } else if tokens
            .get(p.last + 1)
            .is_some_and(|t| matches!(t.lower.as_str(), "old" | "earlier" | "later" | "apart"))
        {
            // "19 years old", "eight years earlier", "two days later"
            p.last += 1;
        }
    } else if let Some(len) = measure_unit_len(tokens, p.last + 1) {
        p.kind = QuantityKind::Measure;
        let words: Vec<&str> = tokens[p.last + 1..=p.last + len]
            .iter()
            .map(|t| t.lower.as_str())
            .collect();
        p.unit = Some(words.join(" "));
        p.last += len;
        p = rate(tokens, p);
    } else if w == "times" {
        p.unit = Some("times".into());
        p.last += 1;
    }
    p
}

/// How many tokens a measure unit at `k` takes: "km" 1, "square miles" 2.
fn measure_unit_len(tokens: &[Token], k: usize) -> Option<usize> {
    let w = tokens.get(k)?.lower.as_str();
    if matches!(w, "square" | "cubic" | "sq") {
        return tokens
            .get(k + 1)
            .is_some_and(|t| measure_unit(&t.lower))
            .then_some(2);
    }
    (measure_unit(w) && w != "g").then_some(1)
}

/// "9.5 dollars an hour", "8 kilometers per hour": the rate's denominator.
fn rate(tokens: &[Token], mut p: Phrase) -> Phrase {
    let (a, b) = (tokens.get(p.last + 1), tokens.get(p.last + 2));
    if let (Some(a), Some(b)) = (a, b) {
        if matches!(a.lower.as_str(), "per" | "a" | "an" | "each")
            && (time_unit(&b.lower)
                || matches!(
                    b.lower.as_str(),
                    "person"
                        | "head"
                        | "capita"
                        | "barrel"
                        | "litre"
                        | "liter"
                        | "gallon"
                        | "ounce"
                        | "share"
                        | "month"
                        | "kilo"
                ))
        {
            p.last += 2;
            if let Some(u) = p.unit.take() {
                p.unit = Some(format!("{u} {} {}", a.lower, b.lower));
            }
        }
    }
    p
}

/// The noun being counted, right after the number: "40 people", "9 Cuban airports".
fn counted(tokens: &[Token], mut p: Phrase) -> Phrase {
    let mut k = p.last + 1;
    // "thousands of Iraqis", "dozens of people", "a third of voters"
    let vague = p.value.is_none() && p.low.is_some() || p.kind == QuantityKind::Fraction;
    if vague
        && tokens.get(k).is_some_and(|t| t.is("of"))
        && tokens
            .get(k + 1)
            .is_some_and(|t| t.is_word() && !stops_noun(&t.lower))
    {
        k += 1;
    }
    let mut taken = Vec::new();
    // "32,000 more deaths", "eight more people", "thousands more"
    if tokens.get(k).is_some_and(|t| t.is("more") && t.spaced)
        && tokens.get(k + 1).is_none_or(|n| {
            !n.is_word() || (!stops_noun(&n.lower) && atom(tokens, k + 1).is_none())
        })
    {
        taken.push(k);
        k += 1;
    }
    while k < tokens.len() && taken.len() < 3 {
        let t = &tokens[k];
        if !t.is_word()
            || !t.spaced
            || stops_noun(&t.lower)
            || atom(tokens, k).is_some()
            || t.lower.chars().any(|c| c.is_ascii_digit())
        {
            break;
        }
        if is_verb_like(&t.lower) && taken.is_empty() && !t.lower.ends_with("ed") {
            break;
        }
        taken.push(k);
        k += 1;
        if looks_plural(&t.lower) && !t.lower.ends_with("ed") {
            // The head of a counted noun phrase is its plural: "40 people", "9 Cuban airports".
            break;
        }
    }
    // A participle or gerund cannot end a noun phrase ("migrants crossing", "people killed").
    while let Some(&last) = taken.last() {
        let w = tokens[last].lower.as_str();
        if (w.ends_with("ing")
            && w.len() > 4
            && !matches!(
                w,
                "building"
                    | "buildings"
                    | "meeting"
                    | "meetings"
                    | "sibling"
                    | "siblings"
                    | "offering"
                    | "offerings"
                    | "evening"
                    | "morning"
                    | "killings"
                    | "bombings"
                    | "shootings"
                    | "earnings"
                    | "savings"
                    | "dwellings"
                    | "beings"
                    | "proceedings"
                    | "hearings"
                    | "listings"
                    | "rulings"
            ))
            || (w.ends_with("ed")
                && w.len() > 3
                && !matches!(
                    w,
                    "hundred" | "bed" | "beds" | "seed" | "seeds" | "shed" | "sheds" | "red"
                ))
            || is_verb_like(w)
        {
            taken.pop();
        } else {
            break;
        }
    }
    if let Some(&last) = taken.last() {
        if !tokens[last].is("more") {
            p.unit = Some(tokens[last].lower.clone());
        }
        p.last = last;
    }
    p
}

fn looks_plural(w: &str) -> bool {
    (w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !matches!(
            w,
            "crisis"
                | "analysis"
                | "basis"
                | "thesis"
                | "axis"
                | "emphasis"
                | "diagnosis"
                | "this"
                | "has"
                | "was"
                | "does"
                | "gas"
                | "plus"
        )
        && w.len() > 3)
        || matches!(
            w,
            "people"
                | "children"
                | "men"
                | "women"
                | "police"
                | "staff"
                | "personnel"
                | "cattle"
                | "troops"
                | "feet"
                | "teeth"
                | "mice"
                | "geese"
        )
}

/// Common verbs and adverbs that follow a bare number ("nine have died", "three were killed").
fn is_verb_like(w: &str) -> bool {
    matches!(
        w,
        "died"
            | "dead"
            | "killed"
            | "injured"
            | "wounded"
            | "remain"
            | "remained"
            | "remains"
            | "went"
            | "came"
            | "voted"
            | "won"
            | "lost"
            | "left"
            | "took"
            | "got"
            | "made"
            | "became"
            | "joined"
            | "rose"
            | "fell"
            | "reported"
            | "according"
            | "percent"
            | "times"
            | "times."
            | "apiece"
            | "respectively"
            | "ago"
            | "old"
            | "later"
            | "earlier"
            | "each"
            | "altogether"
            | "overall"
            | "combined"
            | "total"
            | "again"
            | "too"
            | "were"
            | "had"
            | "being"
    )
}

/// "one" counts only before a noun ("one vote"), in "one in five", or with a scale.
fn one_is_a_number(tokens: &[Token], i: usize) -> bool {
    if i > 0
        && matches!(
            tokens[i - 1].lower.as_str(),
            "no" | "the" | "any" | "every" | "each" | "another" | "this" | "that" | "which"
        )
    {
        return false;
    }
    let Some(next) = tokens.get(i + 1) else {
        return false;
    };
    if matches!(next.lower.as_str(), "in" | "out") {
        return true;
    }
    // "as one moves away", "if one prefers": one thing takes a singular noun, so a word in -s
    // right after it is the verb of a pronoun
    if next.is_word()
        && !next.is_capitalised()
        && looks_plural(&next.lower)
        && !next.lower.ends_with("ies")
        && !matches!(
            next.lower.as_str(),
            "news" | "means" | "headquarters" | "times" | "percent" | "lens" | "crossroads"
        )
    {
        return false;
    }
    let before_noun = next.is_word()
        && next.spaced
        && !stops_noun(&next.lower)
        && !matches!(
            next.lower.as_str(),
            "another"
                | "thing"
                | "day"
                | "way"
                | "hand"
                | "point"
                | "side"
                | "time"
                | "person"
                | "man"
                | "woman"
                | "particular"
                | "occasion"
                | "form"
        );
    if !before_noun {
        return false;
    }
    // A sentence that opens on "One study ...", "One MP told ...", "One video that ..." picks
    // out one of many ("a certain"); it counts when its noun phrase is what was counted ("One
    // child was injured", "One other person was hurt").
    let opens_sentence = i == 0 || !tokens[i - 1].is_word() && i == 1;
    if opens_sentence && !time_unit(&next.lower) && scale_word(&next.lower).is_none() {
        // What follows the noun phrase: a comma, a relative or a place ("One study in the
        // journal", "One video that appeared", "One news site, Znak.com,") or a verb of
        // saying ("One MP told", "One poster admitted") introduces the one; anything else
        // ("One vote separated them", "One child was hurt") counts it.
        let after = tokens[i + 2..]
            .iter()
            .take(3)
            .find(|t| !t.is_word() || !looks_like_noun_word(t));
        return !after.is_some_and(|t| {
            matches!(
                t.lower.as_str(),
                "," | "that" | "who" | "which" | "in" | "from" | "at" | "on"
            ) || introduces_one(&t.lower)
        });
    }
    true
}

/// A word that can continue a noun phrase after "One": a noun or an adjective, not a verb of
/// its own nor a function word.
fn looks_like_noun_word(t: &Token) -> bool {
    let w = t.lower.as_str();
    let verb = introduces_one(w)
        || is_verb_like(w)
        || matches!(w, "was" | "were" | "is" | "has" | "had")
        || (w.ends_with("ed") && w.len() > 4);
    !(stops_noun(w) || verb)
}

/// Verbs of saying or showing after "One X": the one is a source, not a count.
fn introduces_one(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "told"
            | "tells"
            | "spoke"
            | "admitted"
            | "claims"
            | "claimed"
            | "noted"
            | "notes"
            | "wrote"
            | "writes"
            | "showed"
            | "shows"
            | "found"
            | "finds"
            | "reported"
            | "reports"
            | "suggested"
            | "suggests"
            | "recalled"
            | "described"
            | "explained"
            | "argued"
            | "warned"
            | "added"
            | "posted"
            | "tweeted"
            | "asked"
            | "replied"
            | "calls"
            | "called"
    )
}

fn year(tokens: &[Token], i: usize, value: f64) -> Option<Phrase> {
    // A four-digit number with a unit or counted noun after it is a count ("2000 km", "1500 people").
    if let Some(next) = tokens.get(i + 1) {
        let w = next.lower.as_str();
        if next.text == "%"
            || measure_unit(w) && w != "m"
            || currency_word(w)
            || matches!(
                w,
                "percent"
                    | "people"
                    | "persons"
                    | "soldiers"
                    | "troops"
                    | "cases"
                    | "deaths"
                    | "votes"
                    | "residents"
                    | "workers"
                    | "employees"
                    | "students"
                    | "children"
                    | "families"
                    | "homes"
                    | "houses"
                    | "jobs"
                    | "members"
                    | "km"
                    | "square"
                    | "times"
            )
        {
            return number_phrase(tokens, i);
        }
        // "1990 to 2000", "2005-2010" keep the range
    }
    let mut p = simple(tokens, i, i, QuantityKind::Date);
    p.value = Some(value);
    // "between 2005 and 2010", "from 2007 until 2011", "2019 to 2021"
    if let (
        Some(link),
        Some(Atom::Number {
            value: v2,
            year_like: true,
            ..
        }),
    ) = (
        tokens.get(i + 1),
        tokens.get(i + 2).and_then(|_| atom(tokens, i + 2)),
    ) {
        let between = i > 0 && (tokens[i - 1].is("between") || tokens[i - 1].is("from"));
        if matches!(link.lower.as_str(), "to" | "-" | "–" | "until" | "through")
            || (link.is("and") && between)
        {
            p.value = None;
            p.low = Some(value);
            p.high = Some(v2);
            p.last = i + 2;
            return Some(between_prefix(tokens, with_qualifier(tokens, p)));
        }
    }
    Some(with_qualifier(tokens, p))
}

/// "a.m", "pm" after an hour.
fn is_meridiem(w: &str) -> bool {
    matches!(w, "a.m" | "p.m" | "am" | "pm")
}

/// A time zone written after a time: "UTC", "GMT", "BST", "EDT", "ET" (upper case only).
fn is_time_zone(t: &Token) -> bool {
    t.text.chars().all(|c| c.is_ascii_uppercase())
        && matches!(
            t.text,
            "UTC"
                | "GMT"
                | "BST"
                | "CET"
                | "CEST"
                | "EET"
                | "EEST"
                | "EST"
                | "EDT"
                | "CST"
                | "CDT"
                | "MST"
                | "MDT"
                | "PST"
                | "PDT"
                | "ET"
                | "PT"
                | "IST"
                | "JST"
                | "KST"
                | "AEST"
                | "AEDT"
                | "WIB"
                | "MSK"
        )
}

/// A bare hour or a 24-hour "hhmm" that a meridiem or a time zone makes a time of day:
/// "5 p.m.", "1922 UTC", "0300 GMT".
fn hour_before_marker(tokens: &[Token], i: usize, value: f64) -> bool {
    let Some(next) = tokens.get(i + 1) else {
        return false;
    };
    let digits = tokens[i].text;
    if is_meridiem(&next.lower) {
        return (1.0..=12.0).contains(&value) && value.fract() == 0.0;
    }
    let hhmm = digits.len() == 4
        && digits.chars().all(|c| c.is_ascii_digit())
        && value < 2400.0
        && value % 100.0 < 60.0;
    is_time_zone(next) && (hhmm || ((0.0..24.0).contains(&value) && value.fract() == 0.0))
}

/// A time of day from token `i`: its meridiem, its zone or "local time", and the same time
/// in another zone written in brackets right after it ("3 a.m. local time (1000 UTC)"), which
/// restates the time rather than adding a figure.
fn clock(tokens: &[Token], i: usize) -> Option<Phrase> {
    let mut p = simple(tokens, i, i, QuantityKind::Time);
    p.last = time_suffix(tokens, i);
    let open = p.last + 1;
    if tokens.get(open).is_some_and(|t| t.text == "(") {
        let inner = open + 1;
        let restated = match tokens.get(inner).and_then(|_| atom(tokens, inner)) {
            Some(Atom::Clock) => true,
            Some(Atom::Number {
                value,
                words: false,
                ..
            }) => hour_before_marker(tokens, inner, value),
            _ => false,
        };
        if restated {
            let end = time_suffix(tokens, inner);
            // "(0300 UTC Monday morning)": a weekday and part of the day may follow
            let close = (end + 1..tokens.len().min(end + 4)).find(|&k| tokens[k].text == ")");
            if let Some(close) = close {
                let between_ok = tokens[end + 1..close].iter().all(|t| {
                    t.is_word()
                        && (is_weekday(&t.lower)
                            || matches!(
                                t.lower.as_str(),
                                "morning" | "afternoon" | "evening" | "night"
                            ))
                });
                if between_ok {
                    p.last = close;
                }
            }
        }
    }
    Some(with_qualifier(tokens, p))
}

/// The last token of a time starting at `i`: "5 p.m.", "2:49 a.m. local time", "10:30 BST".
fn time_suffix(tokens: &[Token], i: usize) -> usize {
    let mut last = i;
    if let Some(n) = tokens.get(i + 1) {
        if is_meridiem(&n.lower) {
            last = i + 1;
            if tokens
                .get(i + 2)
                .is_some_and(|t| t.text == "." && !t.spaced)
                && n.lower.contains('.')
            {
                last = i + 2;
            }
        }
    }
    if tokens.get(last + 1).is_some_and(is_time_zone) {
        last += 1;
    } else if tokens.get(last + 1).is_some_and(|t| t.is("local"))
        && tokens.get(last + 2).is_some_and(|t| t.is("time"))
    {
        last += 2;
    }
    last
}

fn ordinal(tokens: &[Token], i: usize, value: f64) -> Option<Phrase> {
    let t = &tokens[i];
    // "second" is also a unit of time ("a second", "30 seconds"), "first" mostly a discourse word.
    if t.is_word() && t.lower.chars().all(char::is_alphabetic) {
        let next = tokens.get(i + 1);
        let before = i.checked_sub(1).map(|b| tokens[b].lower.as_str());
        if t.is("first") {
            // "the first time", "the first woman": a record claim, but labellers do not
            // count it as a number.
            return None;
        }
        if t.is("second") {
            let determined = matches!(
                before,
                Some("the" | "its" | "his" | "her" | "their" | "a" | "our")
            );
            let nominal = next.is_some_and(|n| n.is_word() && n.spaced && !stops_noun(&n.lower));
            // "came in second", "finished second", "second place", "a second term": a place in
            // an order
            let placed = i >= 2
                && matches!(
                    tokens[i - 2].lower.as_str(),
                    "came" | "come" | "comes" | "coming" | "finished" | "finishing" | "placed"
                )
                || matches!(
                    before,
                    Some("finished" | "finishing" | "placed" | "ranked" | "ranks")
                );
            let standing = next.is_some_and(|n| {
                matches!(
                    n.lower.as_str(),
                    "place" | "term" | "round" | "spot" | "position"
                )
            });
            if placed {
                let mut p = simple(tokens, i, i, QuantityKind::Rank);
                p.value = Some(value);
                return Some(p);
            }
            if !(determined && nominal || standing) {
                return None;
            }
        }
        if i == 0 && tokens.get(1).is_some_and(|n| n.text == ",") {
            // "Third, ..." counts arguments, not things
            return None;
        }
        if t.is_capitalised() && i > 0 {
            // "Third Reich", "Second World War": a name
            return None;
        }
    }
    let mut p = simple(tokens, i, i, QuantityKind::Rank);
    p.value = Some(value);
    // "the 36th", "27th" and a following noun: "third term", "116th Congress"
    if let Some(n) = tokens.get(i + 1) {
        if n.is_word() && n.spaced && !stops_noun(&n.lower) && atom(tokens, i + 1).is_none() {
            p.last = i + 1;
            p.unit = Some(n.lower.clone());
        } else if n.is("of") || is_month_token(tokens, i + 1) {
            // "the 5th of April", "5th April": a date
            let m = if n.is("of") { i + 2 } else { i + 1 };
            if is_month_token(tokens, m) {
                p.kind = QuantityKind::Date;
                p.value = None;
                p.last = m;
                let y = if tokens.get(m + 1).is_some_and(|t| t.text == ",") {
                    m + 2
                } else {
                    m + 1
                };
                if let Some(value) = year_at(tokens, y) {
                    p.last = y;
                    p.value = Some(value);
                }
            }
        }
    }
    Some(with_qualifier(tokens, p))
}

fn is_month_token(tokens: &[Token], i: usize) -> bool {
    i < tokens.len() && matches!(atom(tokens, i), Some(Atom::Month))
}

fn is_day_number(tokens: &[Token], i: usize) -> bool {
    match tokens.get(i).and_then(|_| atom(tokens, i)) {
        Some(Atom::Number {
            value,
            words: false,
            ..
        }) => (1.0..=31.0).contains(&value) && value.fract() == 0.0,
        Some(Atom::Ordinal(v)) => (1.0..=31.0).contains(&v),
        _ => false,
    }
}

fn year_at(tokens: &[Token], i: usize) -> Option<f64> {
    match tokens.get(i).and_then(|_| atom(tokens, i)) {
        Some(Atom::Number {
            year_like: true,
            value,
            ..
        }) => Some(value),
        _ => None,
    }
}

/// "March 4, 2011", "25 February", "December 2014", "late August", "May 12".
fn date_from_month(tokens: &[Token], i: usize) -> Option<Phrase> {
    let mut p = simple(tokens, i, i, QuantityKind::Date);
    // A day before the month: "25 February", "18-19 May"; "the 5th of April" is read by
    // `ordinal`.
    let days_before = matches!(atom(tokens, i.wrapping_sub(1)), Some(Atom::Span { low, high, tally: false }) if high <= 31.0 && low >= 1.0);
    if i > 0 && (is_day_number(tokens, i - 1) || days_before) {
        p.first = i - 1;
    }
    let mut has_detail = p.first < i;
    // "Nov. 2": an abbreviated month's full stop
    let mut day_at = i + 1;
    if tokens
        .get(day_at)
        .is_some_and(|t| t.text == "." && !t.spaced)
        && tokens[i].lower.len() <= 4
    {
        day_at += 1;
    }
    if is_day_number(tokens, day_at)
        && !(tokens
            .get(day_at + 1)
            .is_some_and(|t| t.is("%") || time_unit(&t.lower)))
    {
        p.last = day_at;
        has_detail = true;
        // More days of the same month: "May 2, 3, and 4", "July 13 to 17", "June 10 and 17"
        loop {
            let mut k = p.last + 1;
            let mut linked = false;
            while tokens
                .get(k)
                .is_some_and(|t| matches!(t.lower.as_str(), "," | "and" | "to" | "-" | "–" | "or"))
            {
                linked = true;
                k += 1;
            }
            if linked && k <= p.last + 3 && is_day_number(tokens, k) && year_at(tokens, k).is_none()
            {
                p.last = k;
            } else {
                break;
            }
        }
    } else if matches!(atom(tokens, i + 1), Some(Atom::Span { low, high, tally: false }) if high <= 31.0 && low >= 1.0)
    {
        // "June 28-29, 2011"
        p.last = i + 1;
        has_detail = true;
    }
    // ", 2011" or " 2011"
    let mut k = p.last + 1;
    if tokens.get(k).is_some_and(|t| t.text == ",") {
        k += 1;
    }
    if let Some(y) = year_at(tokens, k) {
        p.value = Some(y);
        p.last = k;
        has_detail = true;
    } else if tokens.get(k).is_some_and(|t| t.text == ",") && p.first < i {
        // "14 May, 2012"
        if let Some(y) = year_at(tokens, k + 1) {
            p.value = Some(y);
            p.last = k + 1;
            has_detail = true;
        }
    }
    if is_ambiguous_month(&tokens[i].lower) && !has_detail {
        let before = i.checked_sub(1).map(|b| tokens[b].lower.as_str());
        if !matches!(
            before,
            Some(
                "in" | "since"
                    | "until"
                    | "by"
                    | "last"
                    | "next"
                    | "this"
                    | "early"
                    | "late"
                    | "mid"
                    | "of"
                    | "during"
                    | "from"
                    | "through"
                    | "till"
                    | "before"
                    | "after"
            )
        ) {
            return None;
        }
    }
    // "last December", "this May"
    if p.first == i
        && i > 0
        && matches!(
            tokens[i - 1].lower.as_str(),
            "last" | "next" | "this" | "early" | "late" | "mid"
        )
    {
        p.first = i - 1;
        p.qualifier = Some(tokens[i - 1].lower.clone());
    }
    // "March 20 last year", "December 22, last year", "January of last year"
    let mut k = p.last + 1;
    if tokens.get(k).is_some_and(|t| t.text == "," || t.is("of")) {
        k += 1;
    }
    if tokens
        .get(k)
        .is_some_and(|t| matches!(t.lower.as_str(), "last" | "next" | "this"))
        && tokens.get(k + 1).is_some_and(|t| t.is("year"))
    {
        p.last = k + 1;
    }
    Some(p)
}

/// Where the month is after a list or span of days starting at `i`: "9 to 11 May", "12 and
/// 15 May", "2, 3 and 4 June".
fn month_after_days(tokens: &[Token], i: usize) -> Option<usize> {
    if !is_day_number(tokens, i) || year_at(tokens, i).is_some() {
        return None;
    }
    let mut k = i + 1;
    for _ in 0..4 {
        let link = k;
        while tokens.get(k).is_some_and(|t| {
            matches!(
                t.lower.as_str(),
                "," | "and" | "to" | "-" | "–" | "or" | "&"
            )
        }) && k < link + 2
        {
            k += 1;
        }
        if k == link || !is_day_number(tokens, k) {
            return None;
        }
        if is_month_token(tokens, k + 1) {
            return Some(k + 1);
        }
        k += 1;
    }
    None
}

/// "Monday", "last Friday", "Monday morning".
fn weekday(tokens: &[Token], i: usize) -> Option<Phrase> {
    let mut p = simple(tokens, i, i, QuantityKind::Date);
    if i > 0
        && matches!(
            tokens[i - 1].lower.as_str(),
            "last" | "next" | "this" | "past"
        )
    {
        p.first = i - 1;
        p.qualifier = Some(tokens[i - 1].lower.clone());
    }
    if let Some(n) = tokens.get(i + 1) {
        if matches!(
            n.lower.as_str(),
            "morning" | "afternoon" | "evening" | "night"
        ) {
            p.last = i + 1;
        }
    }
    // "Monday, March 4", "Friday 4 May", "Sunday 20 May, 2012" read as one date
    let comma = tokens.get(p.last + 1).is_some_and(|t| t.text == ",");
    let at = p.last + 1 + usize::from(comma);
    let month = if is_month_token(tokens, at) {
        Some(at)
    } else if is_day_number(tokens, at) && is_month_token(tokens, at + 1) {
        Some(at + 1)
    } else {
        None
    };
    if let Some(d) = month.and_then(|m| date_from_month(tokens, m)) {
        if d.first == at {
            p.last = d.last;
            p.value = d.value;
        }
    }
    Some(p)
}

/// "last year", "this week", "next month", "yesterday" (as an atom), "the past decade".
fn relative_date(tokens: &[Token], i: usize) -> Option<Phrase> {
    let t = &tokens[i];
    // "this week", "today" and "earlier this year" place a report in time rather than state
    // a checkable date; news labellers leave them out, so they are not extracted.
    if !matches!(t.lower.as_str(), "last" | "next" | "past" | "coming") {
        return None;
    }
    let next = tokens.get(i + 1)?;
    if !matches!(
        next.lower.as_str(),
        "year"
            | "week"
            | "month"
            | "night"
            | "weekend"
            | "decade"
            | "century"
            | "summer"
            | "winter"
            | "spring"
            | "autumn"
            | "fall"
            | "season"
            | "morning"
            | "evening"
    ) {
        return None;
    }
    if (t.is("past") || t.is("coming")) && !(i > 0 && tokens[i - 1].is("the")) {
        return None;
    }
    let mut p = simple(tokens, i, i + 1, QuantityKind::Date);
    p.qualifier = Some(t.lower.clone());
    if i > 0 && matches!(tokens[i - 1].lower.as_str(), "earlier" | "later") {
        p.first = i - 1;
    } else if i > 0 && tokens[i - 1].is("the") {
        // "the past year", "the last week of April"
        p.first = i - 1;
    }
    Some(p)
}

#[cfg(test)]
mod tests;
