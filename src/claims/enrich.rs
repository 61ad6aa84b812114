//! From a scored sentence to a claim row: where it came from, and what the claim holds.

use crate::ingest::Article;
use crate::model::Scored;
use crate::output::ClaimRow;
use crate::text::Sentence;

use super::{attributions, claim_id, quantities};

/// The row for sentence `i` of an article. The claim type describes a claim, so a sentence
/// below `threshold` (written only with `--all`) gets none.
pub fn claim_row(
    article: &Article,
    sentences: &[Sentence],
    i: usize,
    scored: Scored,
    threshold: f32,
) -> ClaimRow {
    let s = &sentences[i];
    let neighbour = |j: Option<usize>| {
        j.and_then(|j| sentences.get(j))
            .map(|n| n.text.clone())
            .unwrap_or_default()
    };
    let Scored { score, claim_type } = scored;
    ClaimRow {
        claim_id: claim_id(&article.display, s.index),
        article: article.display.clone(),
        title: article.title.clone().unwrap_or_default(),
        date: article.date.clone().unwrap_or_default(),
        sentence_index: s.index,
        start: s.start,
        end: s.end,
        score,
        claim_type: claim_type.filter(|_| score >= threshold),
        quantities: quantities(&s.text),
        attribution: attributions(&s.text),
        // Filled in by the pipeline, which sees the claims before this one.
        group: String::new(),
        sentence: s.text.clone(),
        context_before: neighbour(i.checked_sub(1)),
        context_after: neighbour(Some(i + 1)),
        seen: None,
        start_byte: s.start_byte,
        end_byte: s.end_byte,
        paragraph: s.paragraph,
    }
}
