//! Scoring sentences with the ONNX model.

use std::path::{Path, PathBuf};

use ort::session::{builder::GraphOptimizationLevel, Session};
use ort::value::Tensor;
use sha2::{Digest, Sha256};

use super::batch::length_sorted_batches;
use super::calibration::probability;
use super::config::{ModelConfig, CONFIG_FILE, ONNX_FILE, TOKENIZER_FILE};
use super::context::ScoreInput;
use super::tokenize::{Encoded, SentenceTokenizer};
use super::{runtime, ModelError};

/// How inference is run. None of these change a score, only speed.
#[derive(Debug, Clone, Copy)]
pub struct ScoreOptions {
    /// Most sentences in one batch.
    pub batch_size: usize,
    /// Most padded tokens in one batch (bounds memory for long sentences).
    pub max_batch_tokens: usize,
    /// ONNX Runtime intra-op threads; 0 = one per available core.
    pub threads: usize,
}

impl Default for ScoreOptions {
    fn default() -> Self {
        ScoreOptions {
            batch_size: 32,
            max_batch_tokens: 32 * 64,
            threads: 0,
        }
    }
}

/// Time spent in each stage of scoring, summed over calls.
#[derive(Debug, Default, Clone, Copy)]
pub struct ScoreTimings {
    pub tokenize: std::time::Duration,
    pub infer: std::time::Duration,
}

/// What the model says of one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// Calibrated probability of being a check-worthy factual claim.
    pub score: f32,
    /// The most likely claim type, when the model has a type head.
    pub claim_type: Option<String>,
}

/// A loaded claim model: scores sentences as calibrated probabilities of being a
/// check-worthy factual claim.
pub struct ClaimModel {
    dir: PathBuf,
    config: ModelConfig,
    tokenizer: SentenceTokenizer,
    session: Session,
    options: ScoreOptions,
    timings: ScoreTimings,
}

impl ClaimModel {
    /// Loads and checks a model directory (`model.onnx`, `tokenizer.json`, `claimsift.json`).
    pub fn load(dir: &Path, options: ScoreOptions) -> Result<Self, ModelError> {
        if !dir.is_dir() {
            return Err(ModelError::Directory {
                dir: dir.to_path_buf(),
                problem: "not found or not a directory; pass --model DIR pointing at a model \
                          directory such as models/claim-minilm"
                    .into(),
            });
        }
        for file in [CONFIG_FILE, ONNX_FILE, TOKENIZER_FILE] {
            if dir.join(file).exists() && !dir.join(file).is_file() {
                return Err(ModelError::File {
                    path: dir.join(file),
                    problem: "not a regular file (a device, FIFO or folder); restore the model \
                              file there"
                        .into(),
                });
            }
            if !dir.join(file).is_file() {
                return Err(ModelError::Directory {
                    dir: dir.to_path_buf(),
                    problem: format!(
                        "{file} is missing; a model directory needs {CONFIG_FILE}, \
                         {ONNX_FILE} and {TOKENIZER_FILE}"
                    ),
                });
            }
        }
        let config = ModelConfig::load(&dir.join(CONFIG_FILE))?;
        let onnx_path = dir.join(ONNX_FILE);
        let onnx = super::read_model_file(&onnx_path, super::MAX_ONNX_BYTES)?;
        if let Some(expected) = &config.onnx_sha256 {
            let actual = hex(&Sha256::digest(&onnx));
            if !actual.eq_ignore_ascii_case(expected) {
                return Err(ModelError::File {
                    path: onnx_path,
                    problem: format!(
                        "sha256 is {actual} but {CONFIG_FILE} says {expected}: the file is \
                         corrupt or belongs to another model; restore it (git checkout -- {})",
                        dir.join(ONNX_FILE).display()
                    ),
                });
            }
        }
        let tokenizer_path = dir.join(TOKENIZER_FILE);
        if let Some(expected) = &config.tokenizer_sha256 {
            let bytes = super::read_model_file(&tokenizer_path, super::MAX_TOKENIZER_BYTES)?;
            let actual = hex(&Sha256::digest(&bytes));
            if !actual.eq_ignore_ascii_case(expected) {
                return Err(ModelError::TokenizerMismatch {
                    path: tokenizer_path,
                    problem: format!(
                        "its sha256 is {actual} but {CONFIG_FILE} says {expected}: it was not \
                         trained with this model; restore the model's own tokenizer.json"
                    ),
                });
            }
        }
        let tokenizer = SentenceTokenizer::load(&tokenizer_path, &config)?;
        let session = build_session(&onnx, &onnx_path, options.threads)?;
        check_signature(&session, &config, &onnx_path)?;
        let mut model = ClaimModel {
            dir: dir.to_path_buf(),
            config,
            tokenizer,
            session,
            options,
            timings: ScoreTimings::default(),
        };
        // A tokenizer whose ids overflow the embedding table only fails when run.
        model
            .score(&["The economy grew by 2% last year."])
            .map_err(|e| ModelError::TokenizerMismatch {
                path: dir.join(TOKENIZER_FILE),
                problem: format!("a test sentence could not be scored: {e}"),
            })?;
        // A max_length beyond the model's position table would only fail at the first long
        // sentence of a run: try one of exactly max_length tokens now.
        let longest = "word ".repeat(model.config.max_length);
        model
            .score(&[longest.as_str()])
            .map_err(|e| ModelError::File {
                path: dir.join(CONFIG_FILE),
                problem: format!(
                    "max_length {} is more than the model accepts (a sentence of that many \
                     tokens fails: {e}); set it to the model's maximum",
                    model.config.max_length
                ),
            })?;
        model.timings = ScoreTimings::default();
        Ok(model)
    }

    pub fn config(&self) -> &ModelConfig {
        &self.config
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Default decision threshold on the calibrated score.
    pub fn threshold(&self) -> f32 {
        self.config.threshold
    }

    /// Calibrated probability that each sentence, read alone, is a check-worthy claim, in
    /// input order.
    pub fn score(&mut self, sentences: &[&str]) -> Result<Vec<f32>, ModelError> {
        let inputs: Vec<ScoreInput> = sentences.iter().map(|s| ScoreInput::alone(s)).collect();
        Ok(self
            .score_inputs(&inputs)?
            .into_iter()
            .map(|s| s.score)
            .collect())
    }

    /// Scores sentences with their article context (used when the model was trained with
    /// context) and, when the model has a type head, their claim type; in input order.
    pub fn score_inputs(&mut self, inputs: &[ScoreInput]) -> Result<Vec<Scored>, ModelError> {
        let started = std::time::Instant::now();
        let contexts: Vec<Option<String>> = match &self.config.context {
            Some(spec) => inputs
                .iter()
                .map(|i| spec.text(i.previous, i.title))
                .collect(),
            None => vec![None; inputs.len()],
        };
        let pairs: Vec<(&str, Option<&str>)> = inputs
            .iter()
            .zip(&contexts)
            .map(|(i, c)| (i.sentence, c.as_deref()))
            .collect();
        let encoded = self.tokenizer.encode_pairs(&pairs)?;
        self.timings.tokenize += started.elapsed();
        let started = std::time::Instant::now();
        let scored = self.score_encoded(&encoded);
        self.timings.infer += started.elapsed();
        scored
    }

    /// Time spent tokenizing and running the model so far.
    pub fn timings(&self) -> ScoreTimings {
        self.timings
    }

    fn score_encoded(&mut self, encoded: &[Encoded]) -> Result<Vec<Scored>, ModelError> {
        let lengths: Vec<usize> = encoded.iter().map(|e| e.ids.len()).collect();
        let batches = length_sorted_batches(
            &lengths,
            self.options.batch_size,
            self.options.max_batch_tokens,
        );
        let mut scored = vec![
            Scored {
                score: 0.0,
                claim_type: None,
            };
            encoded.len()
        ];
        let pad = self.tokenizer.pad_id();
        for batch in batches {
            let rows = batch.members.len();
            let width = batch.padded_len.max(1);
            let mut ids = vec![pad; rows * width];
            let mut mask = vec![0i64; rows * width];
            let mut types = vec![0i64; rows * width];
            for (row, &member) in batch.members.iter().enumerate() {
                let e = &encoded[member];
                let at = row * width;
                ids[at..at + e.ids.len()].copy_from_slice(&e.ids);
                mask[at..at + e.ids.len()].fill(1);
                types[at..at + e.type_ids.len()].copy_from_slice(&e.type_ids);
            }
            let outputs = self.run_batch(rows, width, ids, mask, types)?;
            let classes = self.config.labels.len();
            for (row, &member) in batch.members.iter().enumerate() {
                let l = &outputs.logits[row * classes..(row + 1) * classes];
                scored[member].score =
                    probability(l, self.config.positive_index, self.config.temperature);
                if let Some(type_logits) = &outputs.type_logits {
                    let n = self.config.types.len();
                    let t = &type_logits[row * n..(row + 1) * n];
                    scored[member].claim_type = argmax(t).map(|k| self.config.types[k].clone());
                }
            }
        }
        Ok(scored)
    }

    fn run_batch(
        &mut self,
        rows: usize,
        width: usize,
        ids: Vec<i64>,
        mask: Vec<i64>,
        types: Vec<i64>,
    ) -> Result<BatchOutputs, ModelError> {
        let shape = [rows as i64, width as i64];
        let tensor = |data: Vec<i64>| {
            Tensor::from_array((shape, data)).map_err(|e| ModelError::Inference(e.to_string()))
        };
        let mut inputs = Vec::with_capacity(3);
        let mut by_name = [
            ("input_ids", Some(ids)),
            ("attention_mask", Some(mask)),
            ("token_type_ids", Some(types)),
        ];
        for name in &self.config.inputs {
            if let Some((key, data)) = by_name.iter_mut().find(|(n, _)| n == name) {
                if let Some(data) = data.take() {
                    inputs.push((*key, tensor(data)?));
                }
            }
        }
        let outputs = self
            .session
            .run(inputs)
            .map_err(|e| ModelError::Inference(e.to_string()))?;
        let extract = |name: &str, columns: usize| -> Result<Vec<f32>, ModelError> {
            let output = outputs
                .get(name)
                .ok_or_else(|| ModelError::Inference(format!("no output {name}")))?;
            let (out_shape, data) = output
                .try_extract_tensor::<f32>()
                .map_err(|e| ModelError::Inference(e.to_string()))?;
            if out_shape.len() != 2
                || out_shape[0] as usize != rows
                || out_shape[1] as usize != columns
            {
                return Err(ModelError::Inference(format!(
                    "output {name} has shape {out_shape:?}, expected [{rows}, {columns}]"
                )));
            }
            // A broken model (or runtime) that returns NaN or infinity would otherwise flag
            // every sentence, or none, and look like a normal run.
            if let Some(bad) = data.iter().find(|v| !v.is_finite()) {
                return Err(ModelError::Inference(format!(
                    "output {name} holds a non-finite value ({bad}); the model file is broken \
                     or does not match this runtime: restore models/claim-minilm or retrain"
                )));
            }
            Ok(data.to_vec())
        };
        let logits = extract(&self.config.output, self.config.labels.len())?;
        let type_logits = match &self.config.type_output {
            Some(name) => Some(extract(name, self.config.types.len())?),
            None => None,
        };
        Ok(BatchOutputs {
            logits,
            type_logits,
        })
    }
}

/// Raw outputs of one batch, row-major.
struct BatchOutputs {
    logits: Vec<f32>,
    type_logits: Option<Vec<f32>>,
}

/// Index of the largest value (the first on ties); `None` for an empty slice.
fn argmax(values: &[f32]) -> Option<usize> {
    values
        .iter()
        .enumerate()
        .fold(None, |best: Option<(usize, f32)>, (i, &v)| match best {
            Some((_, b)) if b >= v => best,
            _ => Some((i, v)),
        })
        .map(|(i, _)| i)
}

pub(super) fn build_session(
    onnx: &[u8],
    path: &Path,
    threads: usize,
) -> Result<Session, ModelError> {
    let env = runtime::environment()?;
    // More intra-op threads than cores only cost memory.
    let threads = if threads == 0 {
        available_cores()
    } else {
        threads.min(available_cores())
    };
    let fail = |e: String| ModelError::File {
        path: path.to_path_buf(),
        problem: format!("not a usable ONNX model: {e}"),
    };
    Session::builder(env)
        .map_err(|e| fail(e.to_string()))?
        .with_optimization_level(GraphOptimizationLevel::All)
        .map_err(|e| fail(e.to_string()))?
        .with_intra_threads(threads)
        .map_err(|e| fail(e.to_string()))?
        .commit_from_memory(onnx)
        .map_err(|e| fail(e.to_string()))
}

fn check_signature(session: &Session, config: &ModelConfig, path: &Path) -> Result<(), ModelError> {
    let inputs: Vec<&str> = session.inputs().iter().map(|o| o.name()).collect();
    let outputs: Vec<&str> = session.outputs().iter().map(|o| o.name()).collect();
    let mut wanted: Vec<&str> = config.inputs.iter().map(String::as_str).collect();
    wanted.sort_unstable();
    let mut have = inputs.clone();
    have.sort_unstable();
    let type_output_missing = config
        .type_output
        .as_deref()
        .is_some_and(|name| !outputs.contains(&name));
    if wanted != have || !outputs.contains(&config.output.as_str()) || type_output_missing {
        return Err(ModelError::File {
            path: path.to_path_buf(),
            problem: format!(
                "its inputs {inputs:?} / outputs {outputs:?} do not match {CONFIG_FILE} \
                 (inputs {:?}, output {:?}, type output {:?})",
                config.inputs, config.output, config.type_output
            ),
        });
    }
    Ok(())
}

/// Cores this process may use (cgroup limits included).
pub fn available_cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .max(1)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
