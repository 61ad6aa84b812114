//! Counts, amounts, percentages, measures and durations that start at a number.
//!
//! The number is read first (digits, or words with their scale), then the phrase grows from it
//! one step at a time: a currency before it, a range's second end, a unit, a rate, the counted
//! noun. Each step is its own function so that one form of figure can change without the rest.

use super::count::{counted, one_is_a_number};
use super::lexicon::{
    currency_code, currency_sign, currency_word, fraction_denominator, measure_unit, scale_word,
    time_unit,
};
use super::token::{atom, parse_number, Atom};
use super::{simple, with_qualifier, Phrase, QuantityKind};
use crate::claims::words::Token;

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

pub(super) fn is_number_start(tokens: &[Token], i: usize) -> bool {
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

pub(super) fn currency_before(tokens: &[Token], i: usize) -> bool {
    currency_prefix_before(tokens, i).is_some()
}

/// A currency prefix starting at `i`: (index of the number after it, the prefix as written).
pub(super) fn currency_prefix_at(tokens: &[Token], i: usize) -> Option<(usize, String)> {
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

/// A count, amount, percentage, measure or duration starting at number token `i` (after a
/// currency prefix, if any).
pub(super) fn number_phrase(tokens: &[Token], i: usize) -> Option<Phrase> {
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
pub(super) fn between_prefix(tokens: &[Token], mut p: Phrase) -> Phrase {
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
pub(super) fn rate(tokens: &[Token], mut p: Phrase) -> Phrase {
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
