//! `claimsift.json`: what the runtime needs to know about a trained model.

use std::path::Path;

use serde::Deserialize;

use super::context::ContextSpec;
use super::ModelError;

/// File names inside a model directory.
pub const CONFIG_FILE: &str = "claimsift.json";
pub const ONNX_FILE: &str = "model.onnx";
pub const TOKENIZER_FILE: &str = "tokenizer.json";

/// Longest `max_length` accepted: above any encoder's position table, and small enough that
/// sizes derived from it (bytes per sentence, tokens per batch) cannot overflow.
pub const MAX_SEQUENCE: usize = 1 << 16;

#[derive(Debug, Clone, Deserialize)]
pub struct ModelConfig {
    pub name: String,
    pub labels: Vec<String>,
    /// Index of the "check-worthy claim" logit.
    pub positive_index: usize,
    /// Longest input, in tokens, the model was trained on; longer sentences are truncated.
    pub max_length: usize,
    /// Default decision threshold on the calibrated probability.
    pub threshold: f32,
    /// Softmax temperature fitted on dev so scores behave as probabilities.
    pub temperature: f32,
    pub inputs: Vec<String>,
    pub output: String,
    /// Size of the embedding table; a tokenizer producing larger ids belongs to another model.
    #[serde(default)]
    pub vocab_size: Option<usize>,
    /// sha256 of `model.onnx`, checked at load time to catch corrupt or swapped files.
    #[serde(default)]
    pub onnx_sha256: Option<String>,
    /// sha256 of `tokenizer.json`: a tokenizer that does not belong to the model (another
    /// vocabulary of the same size, say) gives plausible but wrong scores, so it is refused.
    #[serde(default)]
    pub tokenizer_sha256: Option<String>,
    #[serde(default)]
    pub base_model: Option<String>,
    /// Claim types, in the order of the `type_output` logits (empty: the model has no type head).
    #[serde(default)]
    pub types: Vec<String>,
    /// Name of the claim-type output, when the model has one.
    #[serde(default)]
    pub type_output: Option<String>,
    /// The article context the model reads as a second segment; `None`: the sentence alone.
    #[serde(default)]
    pub context: Option<ContextSpec>,
}

impl ModelConfig {
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        let text = super::read_config_text(path)?;
        let config: ModelConfig = serde_json::from_str(&text).map_err(|e| ModelError::File {
            path: path.to_path_buf(),
            problem: format!("not a valid model configuration: {e}"),
        })?;
        config.validate().map_err(|problem| ModelError::File {
            path: path.to_path_buf(),
            problem,
        })?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), String> {
        if self.positive_index >= self.labels.len() {
            return Err(format!(
                "positive_index {} is outside labels {:?}",
                self.positive_index, self.labels
            ));
        }
        if !(self.temperature.is_finite() && self.temperature > 0.0) {
            return Err(format!("temperature must be > 0, got {}", self.temperature));
        }
        if !(0.0..=1.0).contains(&self.threshold) {
            return Err(format!(
                "threshold must be within 0..1, got {}",
                self.threshold
            ));
        }
        if !(8..=MAX_SEQUENCE).contains(&self.max_length) {
            return Err(format!(
                "max_length {} is outside 8..={MAX_SEQUENCE}",
                self.max_length
            ));
        }
        for name in &self.inputs {
            if !matches!(
                name.as_str(),
                "input_ids" | "attention_mask" | "token_type_ids"
            ) {
                return Err(format!("unsupported model input {name:?}"));
            }
        }
        if self.type_output.is_some() && self.types.is_empty() {
            return Err("type_output is set but types is empty".into());
        }
        if let Some(context) = &self.context {
            if context.max_words == 0 {
                return Err("context.max_words must be at least 1".into());
            }
            if !self.inputs.iter().any(|n| n == "token_type_ids") {
                return Err("a model with context needs the token_type_ids input".into());
            }
        }
        if !self.inputs.iter().any(|n| n == "input_ids") {
            return Err("inputs must include input_ids".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_max_length(max_length: u64) -> Result<(), String> {
        let config: ModelConfig = serde_json::from_value(serde_json::json!({
            "name": "m", "labels": ["no", "yes"], "positive_index": 1,
            "max_length": max_length, "threshold": 0.5, "temperature": 1.0,
            "inputs": ["input_ids"], "output": "logits"
        }))
        .unwrap();
        config.validate()
    }

    #[test]
    fn max_length_that_would_overflow_is_refused() {
        assert!(with_max_length(96).is_ok());
        assert!(with_max_length(MAX_SEQUENCE as u64).is_ok());
        for bad in [4, MAX_SEQUENCE as u64 + 1, 1 << 58, u64::MAX] {
            let err = with_max_length(bad).unwrap_err();
            assert!(err.contains("max_length"), "{err}");
        }
    }
}
