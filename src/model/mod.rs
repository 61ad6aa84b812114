//! The claim model: tokenizer, length-sorted batching, ONNX session and calibration.
//!
//! A model directory holds `model.onnx`, `tokenizer.json` and `claimsift.json` (labels,
//! max length, calibration temperature, default threshold, checksum). [`ClaimModel`] loads
//! it and turns sentences into calibrated probabilities of being a check-worthy claim.

mod batch;
pub mod calibration;
pub mod config;
pub mod context;
pub mod embed;
pub mod locate;
pub mod metrics;
mod runtime;
mod scorer;
mod session;
mod tokenize;

use std::path::PathBuf;

pub use batch::{length_sorted_batches, Batch};
pub use config::ModelConfig;
pub use context::{ContextSpec, ScoreInput};
pub use scorer::Scorer;
pub use session::{available_cores, ClaimModel, ScoreOptions, ScoreTimings, Scored};

/// Largest model graph read (the shipped ones are under 40 MB).
pub(crate) const MAX_ONNX_BYTES: u64 = 1 << 30;
/// Largest tokenizer.json read (a BERT vocabulary's is under 1 MB).
pub(crate) const MAX_TOKENIZER_BYTES: u64 = 64 << 20;
/// Largest JSON configuration read.
pub(crate) const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Reads a file of a model directory whole, refusing one over `limit` bytes (a wrong path
/// such as `/dev/zero` or a huge file must not fill memory).
pub(crate) fn read_model_file(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, ModelError> {
    // A regular file says its size: refuse before reading any of it.
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.is_file() && meta.len() > limit {
            return Err(ModelError::File {
                path: path.to_path_buf(),
                problem: format!("larger than {} MB; not a claimsift model file", limit >> 20),
            });
        }
    }
    crate::bounded::read_bounded(path, limit, |_| true).map_err(|e| ModelError::File {
        path: path.to_path_buf(),
        problem: e.to_string(),
    })
}

/// A JSON configuration of a model directory, as text (at most [`MAX_CONFIG_BYTES`]).
pub(crate) fn read_config_text(path: &std::path::Path) -> Result<String, ModelError> {
    let bytes = read_model_file(path, MAX_CONFIG_BYTES)?;
    String::from_utf8(bytes).map_err(|e| ModelError::File {
        path: path.to_path_buf(),
        problem: format!("not UTF-8 text: {e}"),
    })
}

/// What can go wrong loading or running the model. Each message says what to do next.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ModelError {
    #[error("model directory {dir}: {problem}")]
    Directory { dir: PathBuf, problem: String },
    #[error("{path}: {problem}")]
    File { path: PathBuf, problem: String },
    #[error(
        "ONNX Runtime library not found (looked in: {searched}).\n  \
         Run `scripts/setup-ort.sh` in the claimsift repository to fetch it (onnxruntime {version}, \
         about 35 MB), or set ORT_DYLIB_PATH to an existing libonnxruntime.so"
    )]
    RuntimeMissing {
        searched: String,
        version: &'static str,
    },
    #[error("ONNX Runtime library {path} could not be loaded: {problem}")]
    RuntimeLoad { path: PathBuf, problem: String },
    #[error("tokenizer {path} does not match the model: {problem}")]
    TokenizerMismatch { path: PathBuf, problem: String },
    #[error("inference failed: {0}")]
    Inference(String),
}
