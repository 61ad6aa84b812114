//! The words the readers know: number words, scales, units, currencies, name words, qualifiers.
//!
//! Kept apart from the code that builds phrases so that a missed word is fixed by adding it to
//! a list, without touching how a phrase is read; most lists serve several readers.

use crate::claims::words::Token;

pub(super) fn cardinal_word(w: &str) -> Option<f64> {
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

pub(super) fn scale_word(w: &str) -> Option<f64> {
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

pub(super) fn vague_scale_word(w: &str) -> Option<f64> {
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

pub(super) fn ordinal_word(w: &str) -> Option<f64> {
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
pub(super) fn fraction_denominator(w: &str) -> Option<f64> {
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
pub(super) fn is_ambiguous_month(w: &str) -> bool {
    matches!(
        w,
        "may" | "march" | "august" | "jan" | "mar" | "jun" | "jul" | "sep" | "dec" | "oct" | "nov"
    )
}

pub(super) fn time_unit(w: &str) -> bool {
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

pub(super) fn measure_unit(w: &str) -> bool {
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

pub(super) fn currency_word(w: &str) -> bool {
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

pub(super) fn currency_sign(t: &Token) -> bool {
    matches!(t.text, "$" | "£" | "€" | "¥" | "₹" | "₦" | "₩" | "₽")
}

/// A currency code before a number: "US$", "Rs", "EUR".
pub(super) fn currency_code(w: &str) -> bool {
    matches!(
        w,
        "usd" | "eur" | "gbp" | "rs" | "inr" | "cny" | "rmb" | "jpy" | "chf" | "aud" | "cad"
    )
}

/// Words before a number that make it part of a name ("Article 50", "Flight 370").
pub(super) fn names_a_number(w: &str) -> bool {
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
pub(super) fn stops_noun(w: &str) -> bool {
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
pub(super) const QUALIFIERS: &[&[&str]] = &[
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
pub(super) fn date_only_qualifier(q: &str) -> bool {
    matches!(q, "early" | "mid" | "late" | "since" | "until" | "by")
}

/// Words that qualify a length of time only: "the last 20 years", "the next 15 months".
pub(super) fn duration_only_qualifier(q: &str) -> bool {
    matches!(q, "the last" | "the past" | "the next" | "the first")
}
