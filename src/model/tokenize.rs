//! The model's tokenizer, set up for dynamic padding.

use std::path::Path;

use tokenizers::{
    EncodeInput, Tokenizer, TruncationDirection, TruncationParams, TruncationStrategy,
};

use super::{config::ModelConfig, ModelError};

/// Token ids of one sentence, special tokens included, already truncated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    pub ids: Vec<i64>,
    pub type_ids: Vec<i64>,
}

pub struct SentenceTokenizer {
    inner: Tokenizer,
    /// Longest text, in bytes, worth tokenizing: beyond it every token is truncated anyway.
    max_bytes: usize,
}

impl SentenceTokenizer {
    pub fn load(path: &Path, config: &ModelConfig) -> Result<Self, ModelError> {
        let bytes = super::read_model_file(path, super::MAX_TOKENIZER_BYTES)?;
        let mut inner = Tokenizer::from_bytes(&bytes).map_err(|e| ModelError::File {
            path: path.to_path_buf(),
            problem: format!("not a valid tokenizer.json: {e}"),
        })?;
        // Padding happens per batch (to the longest sentence in it), never to a fixed length.
        inner.with_padding(None);
        inner
            .with_truncation(Some(TruncationParams {
                max_length: config.max_length,
                strategy: TruncationStrategy::LongestFirst,
                stride: 0,
                direction: TruncationDirection::Right,
            }))
            .map_err(|e| ModelError::File {
                path: path.to_path_buf(),
                problem: format!("cannot set truncation: {e}"),
            })?;
        let tokenizer = SentenceTokenizer {
            inner,
            // A WordPiece token covers at most a word; 64 bytes per token is ample margin.
            max_bytes: config.max_length * 64,
        };
        tokenizer.check_matches(path, config)?;
        Ok(tokenizer)
    }

    /// A tokenizer from another model family fails here rather than producing silent garbage.
    fn check_matches(&self, path: &Path, config: &ModelConfig) -> Result<(), ModelError> {
        let mismatch = |problem: String| ModelError::TokenizerMismatch {
            path: path.to_path_buf(),
            problem,
        };
        let vocab = self.inner.get_vocab_size(true);
        if let Some(expected) = config.vocab_size {
            if vocab != expected {
                return Err(mismatch(format!(
                    "it has {vocab} tokens, the model expects {expected}"
                )));
            }
        }
        for special in ["[CLS]", "[SEP]", "[PAD]"] {
            if self.inner.token_to_id(special).is_none() {
                return Err(mismatch(format!(
                    "it lacks the {special} token the model was trained with"
                )));
            }
        }
        let probe = self.encode(&["Unemployment fell to 3.5% in 2019."])?;
        let first = probe[0].ids.first().copied();
        if first != self.inner.token_to_id("[CLS]").map(i64::from) {
            return Err(mismatch(
                "it does not start sentences with [CLS]; its post-processor is not BERT's".into(),
            ));
        }
        Ok(())
    }

    pub fn pad_id(&self) -> i64 {
        self.inner.token_to_id("[PAD]").map(i64::from).unwrap_or(0)
    }

    pub fn encode(&self, sentences: &[&str]) -> Result<Vec<Encoded>, ModelError> {
        let pairs: Vec<(&str, Option<&str>)> = sentences.iter().map(|&s| (s, None)).collect();
        self.encode_pairs(&pairs)
    }

    /// Sentences with an optional second segment (the article context): `[CLS] sentence
    /// [SEP] context [SEP]`, token type 1 on the context, truncated longest-first to the
    /// model's max length as in training.
    pub fn encode_pairs(
        &self,
        inputs: &[(&str, Option<&str>)],
    ) -> Result<Vec<Encoded>, ModelError> {
        // A megabyte-long "sentence" would cost seconds to tokenize only to be truncated.
        let cut: Vec<EncodeInput> = inputs
            .iter()
            .map(|&(sentence, context)| {
                let sentence = prefix_at_char_boundary(sentence, self.max_bytes);
                match context {
                    Some(context) => {
                        let context = prefix_at_char_boundary(context, self.max_bytes);
                        EncodeInput::Dual(sentence.into(), context.into())
                    }
                    None => EncodeInput::Single(sentence.into()),
                }
            })
            .collect();
        let encodings = self
            .inner
            .encode_batch(cut, true)
            .map_err(|e| ModelError::Inference(format!("tokenization failed: {e}")))?;
        Ok(encodings
            .into_iter()
            .map(|e| Encoded {
                ids: e.get_ids().iter().map(|&i| i64::from(i)).collect(),
                type_ids: e.get_type_ids().iter().map(|&i| i64::from(i)).collect(),
            })
            .collect())
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub(super) fn prefix_at_char_boundary(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::prefix_at_char_boundary;

    #[test]
    fn prefixes_end_on_char_boundaries() {
        assert_eq!(prefix_at_char_boundary("héllo", 2), "h");
        assert_eq!(prefix_at_char_boundary("héllo", 3), "hé");
        assert_eq!(prefix_at_char_boundary("abc", 10), "abc");
    }
}
