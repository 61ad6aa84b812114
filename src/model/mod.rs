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
