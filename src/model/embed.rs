//! Sentence vectors for claim matching: the `embed-minilm` model (all-MiniLM-L6-v2, int8).
//!
//! The ONNX graph does the pooling and normalisation itself, so a vector is ready to use:
//! the dot product of two is their cosine similarity. Quantization is static, so a
//! sentence's vector does not depend on the other sentences in its batch.

use std::path::{Path, PathBuf};

use ort::session::Session;
use ort::value::Tensor;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tokenizers::Tokenizer;

use super::batch::length_sorted_batches;
use super::{locate, ModelError};

/// Name of the embedder shipped with claimsift.
pub const DEFAULT_EMBEDDER: &str = "embed-minilm";
pub const EMBEDDER_CONFIG: &str = "embedder.json";

/// `embedder.json`, written by `training/export_embedder.py`.
#[derive(Debug, Clone, Deserialize)]
pub struct EmbedderConfig {
    pub dim: usize,
    pub max_length: usize,
    pub inputs: Vec<String>,
    pub output: String,
    pub onnx_sha256: String,
    #[serde(default)]
    pub vocab_size: Option<usize>,
}

/// A loaded sentence embedder.
pub struct Embedder {
    /// The directory it was loaded from: its `embedder.json` also carries the matching
    /// options shipped with it.
    dir: PathBuf,
    config: EmbedderConfig,
    tokenizer: Tokenizer,
    session: Session,
    batch_size: usize,
}

/// The embedder directory to use by default: `$CLAIMSIFT_EMBEDDER`, else the bundled
/// `models/embed-minilm`.
pub fn default_embedder_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CLAIMSIFT_EMBEDDER") {
        return Some(PathBuf::from(dir));
    }
    locate::bundled_dir(DEFAULT_EMBEDDER, EMBEDDER_CONFIG)
}

impl Embedder {
    /// Loads and checks an embedder directory (`model.onnx`, `tokenizer.json`, `embedder.json`).
    pub fn load(dir: &Path, threads: usize) -> Result<Self, ModelError> {
        let file_error = |path: PathBuf, problem: String| ModelError::File { path, problem };
        let config_path = dir.join(EMBEDDER_CONFIG);
        let text = crate::bounded::read_bounded(&config_path, super::MAX_CONFIG_BYTES, |_| false)
            .map_err(|e| e.to_string())
            .and_then(|b| String::from_utf8(b).map_err(|e| e.to_string()))
            .map_err(|e| ModelError::Directory {
                dir: dir.to_path_buf(),
                problem: format!("{EMBEDDER_CONFIG}: cannot read ({e}); is this an embedder directory such as models/{DEFAULT_EMBEDDER}?"),
            })?;
        let config: EmbedderConfig = serde_json::from_str(&text).map_err(|e| {
            file_error(
                config_path.clone(),
                format!("not a valid embedder configuration: {e}"),
            )
        })?;
        if config.dim == 0 || config.max_length < 8 {
            return Err(file_error(
                config_path,
                format!(
                    "implausible dim {} / max_length {}",
                    config.dim, config.max_length
                ),
            ));
        }
        let onnx_path = dir.join("model.onnx");
        let onnx = super::read_model_file(&onnx_path, super::MAX_ONNX_BYTES)?;
        let actual: String = Sha256::digest(&onnx)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if !actual.eq_ignore_ascii_case(&config.onnx_sha256) {
            return Err(file_error(
                onnx_path,
                format!(
                    "sha256 is {actual} but {EMBEDDER_CONFIG} says {}: the file is corrupt or \
                     belongs to another model",
                    config.onnx_sha256
                ),
            ));
        }
        let tokenizer_path = dir.join("tokenizer.json");
        let bytes = super::read_model_file(&tokenizer_path, super::MAX_TOKENIZER_BYTES)?;
        let tokenizer = Tokenizer::from_bytes(&bytes).map_err(|e| {
            file_error(
                tokenizer_path.clone(),
                format!("not a valid tokenizer.json: {e}"),
            )
        })?;
        if let Some(expected) = config.vocab_size {
            let have = tokenizer.get_vocab_size(true);
            if have != expected {
                return Err(ModelError::TokenizerMismatch {
                    path: tokenizer_path,
                    problem: format!("it has {have} tokens, the embedder expects {expected}"),
                });
            }
        }
        let session = super::session::build_session(&onnx, &onnx_path, threads)?;
        let mut embedder = Embedder {
            dir: dir.to_path_buf(),
            config,
            tokenizer,
            session,
            batch_size: 32,
        };
        let probe = embedder.embed(&["Unemployment fell to 3.5% in 2019."])?;
        let norm: f32 = probe[0].iter().map(|x| x * x).sum::<f32>().sqrt();
        if (norm - 1.0).abs() > 1e-3 {
            return Err(file_error(
                onnx_path,
                format!(
                    "its vectors are not unit length (norm {norm}); it is not a claimsift embedder"
                ),
            ));
        }
        Ok(embedder)
    }

    pub fn dim(&self) -> usize {
        self.config.dim
    }

    /// The directory this embedder was loaded from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A short name of this exact model, stored with every remembered vector.
    pub fn version(&self) -> String {
        format!(
            "{DEFAULT_EMBEDDER}@{}",
            &self.config.onnx_sha256[..12.min(self.config.onnx_sha256.len())]
        )
    }

    /// One unit-length vector per sentence, in input order.
    pub fn embed(&mut self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, ModelError> {
        // A WordPiece token covers at most a word: 64 bytes a token is ample, and a
        // megabyte-long "sentence" is not tokenized only to be truncated.
        let cap = self.config.max_length * 64;
        let cut: Vec<&str> = sentences
            .iter()
            .map(|s| super::tokenize::prefix_at_char_boundary(s, cap))
            .collect();
        let encodings = self
            .tokenizer
            .encode_batch(cut, true)
            .map_err(|e| ModelError::Inference(format!("tokenization failed: {e}")))?;
        let max_length = self.config.max_length;
        let ids: Vec<Vec<i64>> = encodings
            .iter()
            .map(|e| {
                e.get_ids()
                    .iter()
                    .take(max_length)
                    .map(|&i| i64::from(i))
                    .collect()
            })
            .collect();
        let lengths: Vec<usize> = ids.iter().map(Vec::len).collect();
        let mut vectors = vec![Vec::new(); sentences.len()];
        for batch in length_sorted_batches(&lengths, self.batch_size, self.batch_size * 64) {
            let rows = batch.members.len();
            let width = batch.padded_len.max(1);
            let mut flat = vec![0i64; rows * width];
            let mut mask = vec![0i64; rows * width];
            for (row, &member) in batch.members.iter().enumerate() {
                let at = row * width;
                flat[at..at + ids[member].len()].copy_from_slice(&ids[member]);
                mask[at..at + ids[member].len()].fill(1);
            }
            let out = self.run_batch(rows, width, flat, mask)?;
            for (row, &member) in batch.members.iter().enumerate() {
                vectors[member] = out[row * self.config.dim..(row + 1) * self.config.dim].to_vec();
            }
        }
        Ok(vectors)
    }

    fn run_batch(
        &mut self,
        rows: usize,
        width: usize,
        ids: Vec<i64>,
        mask: Vec<i64>,
    ) -> Result<Vec<f32>, ModelError> {
        let shape = [rows as i64, width as i64];
        let fail = |e: ort::Error| ModelError::Inference(e.to_string());
        let types = vec![0i64; rows * width];
        let mut inputs = Vec::with_capacity(3);
        for (name, data) in [
            ("input_ids", ids),
            ("attention_mask", mask),
            ("token_type_ids", types),
        ] {
            if self.config.inputs.iter().any(|n| n == name) {
                inputs.push((name, Tensor::from_array((shape, data)).map_err(fail)?));
            }
        }
        let outputs = self.session.run(inputs).map_err(fail)?;
        let output = outputs
            .get(&self.config.output)
            .ok_or_else(|| ModelError::Inference(format!("no output {}", self.config.output)))?;
        let (out_shape, data) = output.try_extract_tensor::<f32>().map_err(fail)?;
        if out_shape.len() != 2
            || out_shape[0] as usize != rows
            || out_shape[1] as usize != self.config.dim
        {
            return Err(ModelError::Inference(format!(
                "output {} has shape {out_shape:?}, expected [{rows}, {}]",
                self.config.output, self.config.dim
            )));
        }
        Ok(data.to_vec())
    }
}
