//! Groups of sentences that state the same claim within one run.
//!
//! A wire story and its follow-ups repeat a claim word for word, lightly edited, or
//! paraphrased around the same figures. Two claims join a group only when their numbers
//! agree exactly ("80,000" and "8,000" are different claims however alike the words) and
//! their wording is close: the same words, mostly the same content words, or (when sentence
//! vectors are at hand) nearly the same meaning. A group is named by the `claim_id` of its
//! first member in input order, so the same input always gives the same groups.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;

/// Content-word overlap (Jaccard) that makes two claims with the same numbers one claim.
pub const WORDS_WITH_NUMBERS: f32 = 0.5;
/// The same, for claims without numbers: nothing else anchors them, so more is asked.
pub const WORDS_WITHOUT_NUMBERS: f32 = 0.7;
/// Cosine of sentence vectors that makes two claims with the same numbers one claim.
pub const COSINE_WITH_NUMBERS: f32 = 0.85;
pub const COSINE_WITHOUT_NUMBERS: f32 = 0.92;
/// Earlier claims a new one is compared with, found through its rarest words.
const MAX_CANDIDATES: usize = 400;

const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he",
    "her", "his", "i", "if", "in", "into", "is", "it", "its", "last", "more", "most", "not", "of",
    "on", "one", "or", "our", "out", "over", "said", "says", "she", "so", "some", "than", "that",
    "the", "their", "them", "there", "these", "they", "this", "those", "to", "up", "was", "we",
    "were", "what", "when", "which", "who", "will", "with", "would", "you", "your",
];

/// Lower-cased content words: stopwords dropped, digit groups joined (`80,000` → `80000`),
/// a plural `s` removed so that "estimate" and "estimates" agree.
pub fn content_words(text: &str) -> Vec<String> {
    static STOP: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let stop = STOP.get_or_init(|| STOPWORDS.iter().copied().collect());
    let joined = join_digit_groups(text);
    joined
        .split(|c: char| !c.is_alphanumeric() && c != '.')
        .map(|w| w.trim_matches('.').to_lowercase())
        .filter(|w| !w.is_empty() && !stop.contains(w.as_str()))
        .filter(|w| w.chars().count() > 1 || w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| {
            if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
                w[..w.len() - 1].to_string()
            } else {
                w
            }
        })
        .collect()
}

fn join_digit_groups(text: &str) -> String {
    static GROUPS: OnceLock<Regex> = OnceLock::new();
    let re = GROUPS.get_or_init(|| Regex::new(r"(\d),(\d{3})\b").expect("valid regex"));
    let mut out = text.to_string();
    // Twice: "1,234,567" has overlapping matches.
    for _ in 0..2 {
        out = re.replace_all(&out, "$1$2").into_owned();
    }
    out
}

/// The figures a sentence states, normalised and sorted: `80,000` → `80000`,
/// `1.5 million` → `1500000`, `3.5%` and `3.5 per cent` → `3.5%`.
pub fn numbers(text: &str) -> Vec<String> {
    static NUMBER: OnceLock<Regex> = OnceLock::new();
    let re = NUMBER.get_or_init(|| {
        Regex::new(
            r"(?i)(\d+(?:\.\d+)?)\s*(%|per\s*cent\b|percent\b|thousand\b|million\b|mn\b|m\b|billion\b|bn\b|trillion\b|tn\b)?",
        )
        .expect("valid regex")
    });
    let joined = join_digit_groups(text);
    let mut found: Vec<String> = re
        .captures_iter(&joined)
        .filter_map(|c| {
            let value: f64 = c[1].parse().ok()?;
            let unit = c.get(2).map(|m| m.as_str().to_lowercase().replace(' ', ""));
            let (scale, percent) = match unit.as_deref() {
                Some("%" | "percent" | "percent\u{0}") => (1.0, true),
                Some(u) if u.starts_with("per") => (1.0, true),
                Some("thousand") => (1e3, false),
                Some("million" | "mn" | "m") => (1e6, false),
                Some("billion" | "bn") => (1e9, false),
                Some("trillion" | "tn") => (1e12, false),
                _ => (1.0, false),
            };
            let v = value * scale;
            let text = if v.fract() == 0.0 && v.abs() < 1e15 {
                format!("{}", v as i64)
            } else {
                format!("{v}")
            };
            Some(if percent { format!("{text}%") } else { text })
        })
        .collect();
    found.sort();
    found
}

/// What [`Grouper`] needs of a claim.
pub struct GroupInput<'a> {
    pub claim_id: &'a str,
    pub text: &'a str,
    /// The claim's unit sentence vector, when the run computes them.
    pub vector: Option<&'a [f32]>,
}

/// One earlier claim, kept as hashes: a run may hold hundreds of thousands of claims, and
/// grouping must not hold their text.
struct Member {
    group: u32,
    /// Hash of the content words in order.
    normalised: u64,
    /// Hashes of the distinct content words, sorted.
    words: Vec<u64>,
    vector: Option<Vec<f32>>,
}

#[derive(Default)]
struct Bucket {
    members: Vec<Member>,
    /// Word hash → members having it, ascending.
    by_word: HashMap<u64, Vec<u32>>,
}

/// Assigns group ids to claims fed in input order; state carries over between calls, so
/// a run fed window by window groups across windows.
#[derive(Default)]
pub struct Grouper {
    /// Claims with the same numbers, keyed by a hash of them.
    buckets: HashMap<u64, Bucket>,
    group_ids: Vec<String>,
}

/// A fixed-key hash, so that grouping never depends on the process.
fn hash_of<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

impl Grouper {
    pub fn new() -> Self {
        Self::default()
    }

    /// The group of this claim: an earlier claim's group if one states the same claim,
    /// else a new group named by this claim's id.
    pub fn assign(&mut self, claim: &GroupInput) -> String {
        let key = numbers(claim.text);
        let has_numbers = !key.is_empty();
        let content = content_words(claim.text);
        let normalised = hash_of(&content);
        let mut words: Vec<u64> = content.iter().map(|w| hash_of(w.as_str())).collect();
        words.sort_unstable();
        words.dedup();
        let bucket = self.buckets.entry(hash_of(&key)).or_default();

        let mut found = None;
        for m in candidates(bucket, &words) {
            let member = &bucket.members[m as usize];
            if member.normalised == normalised
                || same_claim(member, &words, claim.vector, has_numbers)
            {
                found = Some(member.group);
                break;
            }
        }
        let group = found.unwrap_or_else(|| {
            self.group_ids.push(claim.claim_id.to_string());
            (self.group_ids.len() - 1) as u32
        });
        let index = bucket.members.len() as u32;
        for w in &words {
            bucket.by_word.entry(*w).or_default().push(index);
        }
        bucket.members.push(Member {
            group,
            normalised,
            words,
            vector: claim.vector.map(<[f32]>::to_vec),
        });
        self.group_ids[group as usize].clone()
    }
}

/// Earlier members sharing a word with the claim, through its rarest words first, earliest
/// member first.
fn candidates(bucket: &Bucket, words: &[u64]) -> Vec<u32> {
    let mut lists: Vec<&Vec<u32>> = words.iter().filter_map(|w| bucket.by_word.get(w)).collect();
    lists.sort_by_key(|l| l.len());
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for list in lists {
        for &m in list {
            if seen.insert(m) {
                out.push(m);
            }
        }
        if out.len() >= MAX_CANDIDATES {
            break;
        }
    }
    if words.is_empty() {
        // Numbers only ("2019: 3.5%"): the bucket itself is the evidence.
        out.extend(
            bucket
                .members
                .iter()
                .enumerate()
                .filter(|(_, m)| m.words.is_empty())
                .map(|(i, _)| i as u32),
        );
    }
    out.sort_unstable();
    out
}

/// Elements two sorted, distinct lists share.
fn shared_count(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn same_claim(member: &Member, words: &[u64], vector: Option<&[f32]>, has_numbers: bool) -> bool {
    let shared = shared_count(&member.words, words);
    let union = member.words.len() + words.len() - shared;
    let jaccard = if union == 0 {
        1.0
    } else {
        shared as f32 / union as f32
    };
    let (word_bar, cosine_bar) = if has_numbers {
        (WORDS_WITH_NUMBERS, COSINE_WITH_NUMBERS)
    } else {
        (WORDS_WITHOUT_NUMBERS, COSINE_WITHOUT_NUMBERS)
    };
    if jaccard >= word_bar {
        return true;
    }
    match (vector, &member.vector) {
        (Some(a), Some(b)) => a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>() >= cosine_bar,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group_all(texts: &[&str]) -> Vec<String> {
        let mut grouper = Grouper::new();
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                grouper.assign(&GroupInput {
                    claim_id: &format!("c{i}"),
                    text: t,
                    vector: None,
                })
            })
            .collect()
    }

    #[test]
    fn numbers_are_normalised() {
        assert_eq!(
            numbers("from 80,000 to 100,000 fighters"),
            vec!["100000", "80000"]
        );
        assert_eq!(numbers("up 3.5% or 3.5 per cent"), vec!["3.5%", "3.5%"]);
        assert_eq!(
            numbers("1.5 million people and $2bn"),
            vec!["1500000", "2000000000"]
        );
        assert_ne!(numbers("80,000 troops"), numbers("8,000 troops"));
    }

    #[test]
    fn repeated_and_edited_claims_group_but_other_figures_never_do() {
        let groups = group_all(&[
            "Estimates ranged from 80,000 to 100,000 fighters, according to a military spokesman.",
            "The harbour reopened on Monday.",
            "Estimates ranged from 80,000 to 100,000 fighters, a military spokesman said.",
            "Estimates ranged from 8,000 to 100,000 fighters, according to a military spokesman.",
            "The harbour reopened on Monday.",
            "estimates ranged from 80,000 to 100,000 fighters according to a military spokesman",
        ]);
        assert_eq!(groups, vec!["c0", "c1", "c0", "c3", "c1", "c0"]);
    }

    #[test]
    fn paraphrases_group_through_vectors_when_numbers_agree() {
        let mut grouper = Grouper::new();
        let v = [0.6f32, 0.8, 0.0];
        let near = [0.64f32, 0.768, 0.0];
        let a = grouper.assign(&GroupInput {
            claim_id: "a",
            text: "Unemployment fell to 3.9% in April, the lowest rate since 2000.",
            vector: Some(&v),
        });
        let b = grouper.assign(&GroupInput {
            claim_id: "b",
            text: "At 3.9%, joblessness in April was at its lowest since 2000.",
            vector: Some(&near),
        });
        let c = grouper.assign(&GroupInput {
            claim_id: "c",
            text: "At 4.9%, joblessness in April was at its lowest since 2000.",
            vector: Some(&near),
        });
        assert_eq!((a.as_str(), b.as_str(), c.as_str()), ("a", "a", "c"));
    }
}
