//! The article context a model reads beside each sentence.
//!
//! Many sentences are claims only in context ("The same applied to Hispanics."). A model
//! trained with context (`context` in `claimsift.json`) reads a second segment after the
//! sentence: the previous sentence of the article, or the title for the first sentence, cut
//! to its first `max_words` words. `training/train.py` (`context_text`) builds the same text,
//! so what the model saw in training is what scan and eval give it.

use serde::Deserialize;

use crate::text::Sentence;

/// Which context a model was trained with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContextKind {
    /// The previous sentence, or the article title for the first sentence.
    PreviousOrTitle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct ContextSpec {
    pub kind: ContextKind,
    /// Words of the context kept (whitespace-separated, from its start).
    pub max_words: usize,
}

impl ContextSpec {
    /// The second segment for a sentence, or `None` when there is nothing to give.
    pub fn text(&self, previous: Option<&str>, title: Option<&str>) -> Option<String> {
        let base = match self.kind {
            ContextKind::PreviousOrTitle => previous.or(title)?,
        };
        let mut out = String::new();
        for word in base.split_whitespace().take(self.max_words) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        (!out.is_empty()).then_some(out)
    }
}

/// One sentence to score, with the article context scan has for it.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScoreInput<'a> {
    pub sentence: &'a str,
    /// The sentence before it in the same article.
    pub previous: Option<&'a str>,
    pub title: Option<&'a str>,
}

impl<'a> ScoreInput<'a> {
    /// A sentence with no article around it.
    pub fn alone(sentence: &'a str) -> Self {
        ScoreInput {
            sentence,
            ..ScoreInput::default()
        }
    }
}

/// What scan gives the model for each sentence of an article: the sentence, the one before
/// it, and the title. The one place that decides an article's context, for scan and eval.
pub fn article_inputs<'a>(
    sentences: &'a [Sentence],
    title: Option<&'a str>,
) -> Vec<ScoreInput<'a>> {
    sentences
        .iter()
        .enumerate()
        .map(|(i, s)| ScoreInput {
            sentence: &s.text,
            previous: i.checked_sub(1).map(|p| sentences[p].text.as_str()),
            title,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: ContextSpec = ContextSpec {
        kind: ContextKind::PreviousOrTitle,
        max_words: 4,
    };

    #[test]
    fn previous_sentence_wins_over_title_and_is_cut_to_max_words() {
        let got = SPEC.text(
            Some("Turnout  rose to\n61% among Black voters."),
            Some("Title"),
        );
        assert_eq!(got.as_deref(), Some("Turnout rose to 61%"));
    }

    #[test]
    fn first_sentence_reads_the_title() {
        assert_eq!(
            SPEC.text(None, Some("Storm hits coast")).as_deref(),
            Some("Storm hits coast")
        );
    }

    #[test]
    fn nothing_to_give_is_none() {
        assert_eq!(SPEC.text(None, None), None);
        assert_eq!(SPEC.text(Some("   "), Some("Title")), None);
    }
}
