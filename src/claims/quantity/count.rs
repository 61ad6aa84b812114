//! Whether a bare number counts something, and the noun it counts.
//!
//! A number without a unit is the hard call: "nine have died" and "40 people" are counts,
//! "Region 11" and "One official said" are not. These are word heuristics of their own, kept
//! together so they can be tuned against the labelled news without touching the number reader.

use super::lexicon::{currency_word, measure_unit, scale_word, stops_noun, time_unit};
use super::token::{atom, parse_number, Atom};
use super::{Phrase, QuantityKind};
use crate::claims::words::Token;

/// A bare number that names or numbers something rather than counting it: "Region 11",
/// "Internet Explorer 9", "section 12", "(2)", a list's "1.".
pub(super) fn numbers_a_name(tokens: &[Token], i: usize) -> bool {
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

/// The noun being counted, right after the number: "40 people", "9 Cuban airports".
pub(super) fn counted(tokens: &[Token], mut p: Phrase) -> Phrase {
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
pub(super) fn one_is_a_number(tokens: &[Token], i: usize) -> bool {
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
