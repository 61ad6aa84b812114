//! Years, dates, clock times, ordinals, weekdays and days relative to the article.
//!
//! Calendar figures follow rules of their own (an ambiguous month such as "May" needs a day or
//! a year beside it, a bare hour needs a meridiem or a time zone), and a number that is a date
//! must not also be read as a count, so these readers are kept together.

use super::lexicon::{currency_word, is_ambiguous_month, measure_unit, stops_noun, time_unit};
use super::number::{between_prefix, number_phrase};
use super::token::{atom, Atom};
use super::{simple, with_qualifier, Phrase, QuantityKind};
use crate::claims::words::{is_weekday, Token};

pub(super) fn year(tokens: &[Token], i: usize, value: f64) -> Option<Phrase> {
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
pub(super) fn hour_before_marker(tokens: &[Token], i: usize, value: f64) -> bool {
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
pub(super) fn clock(tokens: &[Token], i: usize) -> Option<Phrase> {
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

pub(super) fn ordinal(tokens: &[Token], i: usize, value: f64) -> Option<Phrase> {
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

pub(super) fn is_month_token(tokens: &[Token], i: usize) -> bool {
    i < tokens.len() && matches!(atom(tokens, i), Some(Atom::Month))
}

pub(super) fn is_day_number(tokens: &[Token], i: usize) -> bool {
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

pub(super) fn year_at(tokens: &[Token], i: usize) -> Option<f64> {
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
pub(super) fn date_from_month(tokens: &[Token], i: usize) -> Option<Phrase> {
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
pub(super) fn month_after_days(tokens: &[Token], i: usize) -> Option<usize> {
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
pub(super) fn weekday(tokens: &[Token], i: usize) -> Option<Phrase> {
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
pub(super) fn relative_date(tokens: &[Token], i: usize) -> Option<Phrase> {
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
