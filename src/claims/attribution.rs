//! Who a sentence attributes its claim to: "according to US military estimates", "police
//! said", "said Colonel Chris Garver", "officials told reporters", "reported by Reuters".
//!
//! The source is found next to a reporting cue (a verb of saying or reporting, "according to",
//! "reported by") and copied exactly as written. Offsets follow the quantities' convention:
//! characters (`start`, `end`) and bytes (`start_byte`, `end_byte`) into the sentence text.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::words::{self, is_month, is_weekday, join_readable, Token};

/// One source of the sentence's claim, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribution {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub start_byte: usize,
    pub end_byte: usize,
    /// The words that mark the attribution: "said", "according to", "told".
    pub cue: String,
}

/// Every source the sentence names, in order, without overlaps.
pub fn attributions(sentence: &str) -> Vec<Attribution> {
    let tokens = tokenize(sentence);
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let found = source_at(&tokens, i);
        if let Some((first, last, cue, resume)) = found {
            if !spans.iter().any(|&(f, l, _)| first <= l && f <= last) {
                spans.push((first, last, cue));
            }
            i = resume.max(i + 1);
        } else {
            i += 1;
        }
    }
    spans.sort_by_key(|s| s.0);
    // A pronoun ("he", "they") after a named source only repeats it.
    let is_pronoun = |s: &(usize, usize, String)| s.0 == s.1 && pronoun(&tokens[s.0].lower);
    if let Some(first_named) = spans.iter().position(|s| !is_pronoun(s)) {
        let mut index = 0;
        spans.retain(|s| {
            index += 1;
            index <= first_named + 1 || !is_pronoun(s)
        });
    }
    spans
        .into_iter()
        .map(|(first, last, cue)| {
            let (start_byte, end_byte) = (tokens[first].start, tokens[last].end);
            let text = &sentence[start_byte..end_byte];
            let start = sentence[..start_byte].chars().count();
            Attribution {
                text: text.to_string(),
                start,
                end: start + text.chars().count(),
                start_byte,
                end_byte,
                cue,
            }
        })
        .collect()
}

/// The readable column: sources as written, joined by ` | `.
pub fn readable(attributions: &[Attribution]) -> String {
    join_readable(attributions.iter().map(|a| a.text.as_str()))
}

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{L}\p{N}]+(?:[.'’\-&][\p{L}\p{N}]+)*|\S").expect("token pattern")
});

fn tokenize(sentence: &str) -> Vec<Token<'_>> {
    words::tokenize(sentence, &TOKEN)
}

/// Whether token `k` ends a name: punctuation, except an apostrophe, an ampersand and the
/// full stop of an abbreviation or initial ("Col.", "U.S.", "John F. Kennedy").
fn breaks_phrase(tokens: &[Token], k: usize) -> bool {
    let t = &tokens[k];
    if t.is_word() || matches!(t.text, "'" | "’" | "&") {
        return false;
    }
    if t.text == "." && k > 0 && k + 1 < tokens.len() {
        let before = tokens[k - 1].text;
        let initial = before.len() == 1 && before.chars().all(|c| c.is_uppercase());
        return !(initial || before.contains('.') || is_abbreviation(before));
    }
    true
}

fn is_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Prof"
            | "Gen"
            | "Col"
            | "Lt"
            | "Sgt"
            | "Capt"
            | "Maj"
            | "Gov"
            | "Sen"
            | "Rep"
            | "St"
            | "Jr"
            | "Sr"
            | "Inc"
            | "Co"
            | "Corp"
            | "Ltd"
            | "Adm"
            | "Cmdr"
    )
}

/// Verbs that attribute what follows (or precedes) to their subject.
fn reporting_verb(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "say"
            | "told"
            | "tells"
            | "reported"
            | "reports"
            | "stated"
            | "states"
            | "announced"
            | "announces"
            | "claimed"
            | "claims"
            | "claim"
            | "confirmed"
            | "confirms"
            | "estimated"
            | "estimates"
            | "estimate"
            | "added"
            | "adds"
            | "noted"
            | "notes"
            | "wrote"
            | "writes"
            | "tweeted"
            | "posted"
            | "explained"
            | "explains"
            | "insisted"
            | "insists"
            | "argued"
            | "argues"
            | "warned"
            | "warns"
            | "cited"
            | "cites"
            | "alleged"
            | "alleges"
            | "allege"
            | "revealed"
            | "reveals"
            | "indicated"
            | "indicates"
            | "indicate"
            | "showed"
            | "shows"
            | "show"
            | "suggest"
            | "suggests"
            | "suggested"
            | "found"
            | "finds"
            | "concluded"
            | "concludes"
            | "admitted"
            | "admits"
            | "acknowledged"
            | "denied"
            | "denies"
            | "declared"
            | "remarked"
            | "disclosed"
            | "testified"
            | "mentioned"
            | "mentions"
            | "informed"
            | "recorded"
            | "predicted"
            | "predicts"
            | "believes"
            | "believe"
            | "maintains"
            | "maintained"
            | "asserted"
            | "asserts"
            | "contends"
            | "contended"
            | "stressed"
            | "emphasised"
            | "emphasized"
            | "pointed"
            | "quoted"
            | "projected"
            | "called"
            | "issued"
            | "expressed"
            | "listed"
            | "spoke"
            | "reminds"
            | "reminded"
            | "clarified"
            | "accused"
            | "affirmed"
            | "speculated"
            | "ruled"
            | "described"
            | "wonders"
            | "discussed"
            | "urged"
            | "condemned"
            | "criticised"
            | "criticized"
            | "rejected"
            | "responded"
            | "replied"
            | "commented"
            | "observed"
            | "reiterated"
            | "conceded"
            | "assured"
            | "reporting"
            | "forecast"
            | "forecasts"
    )
}

/// Verbs that report speech only when what follows is speech ("announced that ...",
/// "confirmed: ..."); otherwise they name an act ("announced his plan", "issued a ruling").
fn names_an_act(w: &str) -> bool {
    matches!(
        w,
        "announced"
            | "announces"
            | "called"
            | "issued"
            | "declared"
            | "confirmed"
            | "confirms"
            | "ruled"
            | "showed"
            | "shows"
            | "show"
            | "recorded"
            | "alleged"
            | "alleges"
            | "allege"
            | "denied"
            | "denies"
            | "posted"
            | "cited"
            | "cites"
            | "spoke"
            | "accused"
            | "criticised"
            | "criticized"
            | "expressed"
            | "responded"
            | "discussed"
            | "disclosed"
            | "acknowledged"
            | "rejected"
            | "maintains"
            | "maintained"
            | "conceded"
            | "predicted"
            | "predicts"
            | "replied"
            | "mentioned"
            | "mentions"
            | "quoted"
            | "condemned"
            | "urged"
            | "observed"
            | "found"
            | "finds"
            | "states"
            | "listed"
            | "described"
            | "reminds"
            | "reminded"
            | "speculated"
            | "affirmed"
            | "assured"
            | "commented"
            | "reiterated"
            | "clarified"
            | "revealed"
            | "reveals"
            | "admitted"
            | "admits"
            | "warned"
            | "warns"
            | "believes"
            | "believe"
            | "informed"
            | "projected"
            | "forecast"
            | "forecasts"
            | "wonders"
            | "insisted"
            | "insists"
    )
}

/// Whether the words from `k` on are reported speech: "that ...", ": ...", a quotation,
/// or nothing more (the clause ends: "..., the ministry confirmed.").
fn introduces_speech(tokens: &[Token], mut k: usize) -> bool {
    // "police revealed on Saturday.": the time of saying is not what was said
    while tokens.get(k).is_some_and(|t| when_word(&t.lower)) {
        k += 1;
    }
    let Some(next) = tokens.get(k) else {
        return true;
    };
    matches!(next.text, ":" | "\"" | "“" | "." | "," | ";" | "‘" | "'")
        || next.is("that")
        || (matches!(
            next.lower.as_str(),
            "on" | "in" | "via" | "yesterday" | "today"
        ) && tokens[k..]
            .iter()
            .take(6)
            .any(|t| t.is("that") || t.text == ":" || t.text == "\"" || t.text == "“"))
}

/// Words between a subject and its verb that are not part of the subject.
fn auxiliary(w: &str) -> bool {
    matches!(
        w,
        "has"
            | "have"
            | "had"
            | "also"
            | "further"
            | "later"
            | "previously"
            | "reportedly"
            | "publicly"
            | "recently"
            | "earlier"
            | "officially"
            | "initially"
            | "then"
            | "separately"
            | "again"
            | "already"
            | "originally"
            | "now"
            | "first"
            | "repeatedly"
            | "once"
            | "privately"
            | "subsequently"
            | "similarly"
            | "meanwhile"
            | "however"
            | "had,"
            | "would"
            | "will"
            | "did"
            | "does"
            | "do"
            | "is"
            | "was"
            | "were"
            | "are"
            | "been"
    )
}

/// Words of time between a subject and its verb: "Bruce McArthur on Tuesday admitted".
fn when_word(w: &str) -> bool {
    is_weekday(w)
        || matches!(
            w,
            "yesterday"
                | "today"
                | "on"
                | "recently"
                | "eventually"
                | "finally"
                | "last"
                | "week"
                | "night"
                | "morning"
                | "afternoon"
                | "evening"
        )
}

/// Words that end a subject when reading backwards from its verb.
fn clause_boundary(w: &str) -> bool {
    matches!(
        w,
        "that"
            | "and"
            | "but"
            | "which"
            | "who"
            | "whom"
            | "as"
            | "while"
            | "when"
            | "after"
            | "before"
            | "because"
            | "if"
            | "although"
            | "though"
            | "where"
            | "so"
            | "since"
            | "whereas"
            | "yet"
            | "or"
            | "than"
            | "what"
            | "whether"
            | "how"
            | "why"
            | "to"
            | "by"
            | "in"
            | "on"
            | "at"
            | "for"
            | "with"
            | "from"
            | "of"
            | "about"
            | "into"
            | "during"
            | "until"
            | "said"
            | "says"
            | "told"
            | "not"
    )
}

fn pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "they" | "it" | "we" | "i" | "you")
}

/// Whether token `i` stands inside a quotation: the quoted speaker's own words name no source.
fn inside_quotes(tokens: &[Token], i: usize) -> bool {
    let mut open = false;
    for t in &tokens[..i] {
        match t.text {
            "\"" => open = !open,
            "“" => open = true,
            "”" => open = false,
            _ => {}
        }
    }
    open
}

/// Words that cannot be a whole subject: "it", "there", "this" ...
fn empty_subject(w: &str) -> bool {
    matches!(
        w,
        "it" | "there" | "this" | "that" | "what" | "which" | "who" | "one" | "i" | "we" | "you"
    )
}

fn is_punctuation(t: &Token) -> bool {
    !t.is_word()
}

/// Determiners and possessives before a verb-looking word make it a noun ("the claims").
fn determiner(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "their"
            | "its"
            | "these"
            | "those"
            | "our"
            | "my"
            | "such"
            | "any"
            | "no"
            | "some"
            | "many"
            | "new"
            | "official"
            | "to"
            | "would"
            | "will"
            | "could"
            | "should"
            | "may"
            | "might"
            | "must"
            | "can"
            | "been"
    )
}

/// A source found at token `i`: (first, last, cue, where to resume).
fn source_at(tokens: &[Token], i: usize) -> Option<(usize, usize, String, usize)> {
    let t = &tokens[i];
    if t.is("according") && tokens.get(i + 1).is_some_and(|n| n.is("to")) {
        let (first, last) = phrase_after(tokens, i + 2)?;
        return Some((first, last, "according to".into(), last + 1));
    }
    if matches!(
        t.lower.as_str(),
        "reported"
            | "claimed"
            | "cited"
            | "quoted"
            | "estimated"
            | "confirmed"
            | "announced"
            | "stated"
            | "said"
    ) && tokens.get(i + 1).is_some_and(|n| n.is("by"))
    {
        let (first, last) = phrase_after(tokens, i + 2)?;
        return Some((first, last, format!("{} by", t.lower), last + 1));
    }
    if !reporting_verb(&t.lower)
        || (i > 0 && t.text.starts_with(char::is_uppercase))
        || inside_quotes(tokens, i)
    {
        // A capitalised word inside a sentence is a name: "the United States".
        return None;
    }
    if i > 0 && determiner(&tokens[i - 1].lower) {
        return None;
    }
    if t.is("pointed") && !tokens.get(i + 1).is_some_and(|n| n.is("out")) {
        return None;
    }
    if t.lower.ends_with("ed")
        && tokens
            .get(i + 1)
            .is_some_and(|n| matches!(n.lower.as_str(), "at" | "as"))
    {
        // "forces now estimated at 100,000": a participle, its source unnamed
        return None;
    }
    if names_an_act(&t.lower) && !introduces_speech(tokens, i + 1) {
        // "the court issued a ruling", "Biden announced his plan": an act, not a source
        return None;
    }
    let cue = t.lower.clone();
    // Subject before the verb: "police said", "the ministry has confirmed"
    let mut end = i;
    while end > 0 && (auxiliary(&tokens[end - 1].lower) || when_word(&tokens[end - 1].lower)) {
        end -= 1;
        if matches!(
            tokens[end].lower.as_str(),
            "is" | "was" | "were" | "are" | "been"
        ) && t.lower != "quoted"
        {
            // "39 are confirmed dead", "has been reported": a passive, with no source here
            return None;
        }
    }
    if end > 0 && !is_punctuation(&tokens[end - 1]) {
        if let Some(first) = subject_start(tokens, end) {
            let lone = first + 1 == end;
            let it_reports = tokens[first].is("it")
                && matches!(
                    t.lower.as_str(),
                    "said" | "added" | "reported" | "stated" | "noted" | "says"
                )
                && introduces_speech(tokens, i + 1);
            if !(lone && empty_subject(&tokens[first].lower) && !it_reports) {
                return Some((first, end - 1, cue, i + 1));
            }
            return None;
        }
    }
    if end == 0 || !is_punctuation(&tokens[end - 1]) {
        return None;
    }
    // "..., said Colonel Chris Garver." / "“...” said the spokesman"
    if matches!(
        t.lower.as_str(),
        "said"
            | "says"
            | "added"
            | "told"
            | "wrote"
            | "stated"
            | "explained"
            | "noted"
            | "reported"
            | "warned"
            | "insisted"
            | "argued"
            | "confirmed"
            | "announced"
            | "tweeted"
            | "claimed"
    ) {
        if let Some((first, last)) = phrase_after(tokens, i + 1) {
            // Only a phrase that ends the clause is an inverted subject ("..., said the
            // mayor."); "..., said the road would reopen" is a reported clause.
            if last + 1 == tokens.len() || breaks_phrase(tokens, last + 1) {
                return Some((first, last, cue, last + 1));
            }
        }
    }
    // "Bruno Parrilla, the foreign minister, said": a name and its apposition before the verb
    if tokens[end - 1].text == "," {
        let appos_end = end - 1;
        let mut k = appos_end;
        while k > 0 && !is_punctuation(&tokens[k - 1]) && appos_end - k < 12 {
            k -= 1;
        }
        if k > 0 && tokens[k - 1].text == "," && k < appos_end {
            if let Some(first) = subject_start(tokens, k - 1) {
                return Some((first, appos_end - 1, cue, i + 1));
            }
        }
    }
    None
}

/// The start of the noun phrase that ends right before token `end`.
fn subject_start(tokens: &[Token], end: usize) -> Option<usize> {
    let mut k = end;
    while k > 0 {
        let t = &tokens[k - 1];
        if breaks_phrase(tokens, k - 1) {
            break;
        }
        if clause_boundary(&t.lower)
            && !(t.is("of") && k < end && k >= 2 && !is_punctuation(&tokens[k - 2]))
            && !(t.is("for") && k >= 2 && !is_punctuation(&tokens[k - 2]) && k < end)
        {
            break;
        }
        if end - k >= 10 {
            return None;
        }
        k -= 1;
    }
    // Leading words that introduce rather than name: "Earlier", "Yesterday" ...
    while k < end
        && matches!(
            tokens[k].lower.as_str(),
            "yesterday"
                | "today"
                | "earlier"
                | "later"
                | "meanwhile"
                | "however"
                | "also"
                | "now"
                | "then"
                | "but"
                | "and"
                | "indeed"
                | "moreover"
                | "separately"
                | "previously"
                | "finally"
        )
    {
        k += 1;
    }
    (k < end && tokens[k..end].iter().any(|t| t.is_word())).then_some(k)
}

/// The noun phrase starting at `start` and running to the next clause break.
fn phrase_after(tokens: &[Token], start: usize) -> Option<(usize, usize)> {
    let mut k = start;
    while k < tokens.len() {
        let t = &tokens[k];
        if breaks_phrase(tokens, k) {
            break;
        }
        if matches!(
            t.lower.as_str(),
            "that"
                | "which"
                | "who"
                | "dated"
                | "published"
                | "released"
                | "issued"
                | "as"
                | "when"
                | "while"
                | "there"
                | "because"
                | "since"
                | "after"
                | "before"
                | "but"
                | "if"
                | "said"
                | "says"
                | "told"
                | "reported"
                | "is"
                | "was"
                | "were"
                | "are"
                | "has"
                | "have"
                | "had"
                | "will"
                | "would"
                | "last"
                | "this"
                | "yesterday"
                | "today"
                | "earlier"
                | "later"
                | "to"
        ) {
            break;
        }
        // "on Saturday", "in 2012": a date ends the source
        if matches!(t.lower.as_str(), "on" | "in" | "at" | "from" | "during")
            && tokens.get(k + 1).is_some_and(|n| starts_date(n))
        {
            break;
        }
        if k - start >= 12 {
            break;
        }
        k += 1;
    }
    (k > start && tokens[start..k].iter().any(|t| t.is_word())).then(|| (start, k - 1))
}

fn starts_date(t: &Token) -> bool {
    t.text.chars().next().is_some_and(|c| c.is_ascii_digit())
        || is_weekday(&t.lower)
        || is_month(&t.lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sentence: &str) -> Vec<String> {
        attributions(sentence).into_iter().map(|a| a.text).collect()
    }

    #[test]
    fn finds_sources_as_written() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Though there are no official statistics, at some point PMU units numbered up to 100,000 fighters, according to US military estimates dated last year.",
                &["US military estimates"],
            ),
            (
                "The forces' estimates ranged from 80,000 to 100,000, according to military spokesman Colonel Chris Garver.",
                &["military spokesman Colonel Chris Garver"],
            ),
            ("Police said 40 people were arrested.", &["Police"]),
            ("Forty people were arrested, police said.", &["police"]),
            (
                "\"We will not back down,\" said Maria Lopez, the union's president.",
                &["Maria Lopez"],
            ),
            (
                "A total of 39 are confirmed dead, officials told state media on Tuesday.",
                &["officials"],
            ),
            (
                "The ministry has confirmed that three soldiers died.",
                &["The ministry"],
            ),
            (
                "Turnout fell to 41%, as reported by the electoral commission.",
                &["the electoral commission"],
            ),
            (
                "According to the World Health Organization, cases rose by a third.",
                &["the World Health Organization"],
            ),
            (
                "76 villages were affected according to the disaster agency report on Saturday.",
                &["the disaster agency report"],
            ),
            (
                "The UN estimates that 2.3 million people have fled.",
                &["The UN"],
            ),
            (
                "Indeed, the local paper reported, only buildings next to the break lost water.",
                &["the local paper"],
            ),
            ("The bridge was closed for repairs in 2019.", &[]),
            ("The claims were dismissed by the court.", &[]),
            ("It said nothing about the deal.", &[]),
            (
                "The study, published in Nature, found that sea levels rose 20 cm.",
                &["The study, published in Nature"],
            ),
            (
                "Jane Smith, a spokeswoman for the council, said the road would reopen.",
                &["Jane Smith, a spokeswoman for the council"],
            ),
        ];
        for (sentence, want) in cases {
            assert_eq!(texts(sentence), *want, "{sentence}");
        }
    }

    #[test]
    fn offsets_point_at_the_text() {
        let s = "«Enough», Zoë Brandt said — she counted 12 boats.";
        let found = attributions(s);
        assert_eq!(found.len(), 1);
        let a = &found[0];
        assert_eq!(&s[a.start_byte..a.end_byte], "Zoë Brandt");
        let by_chars: String = s.chars().skip(a.start).take(a.end - a.start).collect();
        assert_eq!(by_chars, "Zoë Brandt");
        assert_eq!(a.cue, "said");
    }
}
