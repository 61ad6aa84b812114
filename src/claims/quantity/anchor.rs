//! Where a phrase starts: which reader the token at a position belongs to.
//!
//! `phrase_at` is the one place that tells a month from a clock time, a year from a count, and
//! a number in a name from a figure, so the readers need not guard against each other. The few
//! figures anchored on a word rather than a number ("a dozen", "half a million", "twice",
//! "doubled") and numbers written with slashes are read here as well: each is a single check.

use super::calendar::{
    clock, date_from_month, hour_before_marker, is_month_token, month_after_days, ordinal,
    relative_date, weekday, year,
};
use super::count::{counted, numbers_a_name};
use super::lexicon::{fraction_denominator, names_a_number, scale_word, time_unit};
use super::number::{currency_before, currency_prefix_at, is_number_start, number_phrase};
use super::token::{atom, parse_number, Atom, SLASHED};
use super::{qualifier_before, simple, with_qualifier, Phrase, QuantityKind};
use crate::claims::words::Token;

pub(super) fn phrase_at(tokens: &[Token], i: usize) -> Option<Phrase> {
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
