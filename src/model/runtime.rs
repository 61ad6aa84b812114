//! Loading the ONNX Runtime shared library once per process.

use std::sync::OnceLock;

use ort::environment::Environment;

use super::{locate, ModelError};

/// The onnxruntime release `scripts/setup-ort.sh` installs and this build is tested with.
pub const ORT_VERSION: &str = "1.32.0";

static ENVIRONMENT: OnceLock<Result<Environment, ModelError>> = OnceLock::new();

/// The process-wide ONNX Runtime environment, loading the library on first use.
pub fn environment() -> Result<&'static Environment, ModelError> {
    ENVIRONMENT.get_or_init(load).as_ref().map_err(Clone::clone)
}

fn load() -> Result<Environment, ModelError> {
    let candidates = locate::runtime_library_candidates();
    let Some(path) = candidates.iter().find(|p| p.is_file()) else {
        let searched = candidates
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(ModelError::RuntimeMissing {
            searched,
            version: ORT_VERSION,
        });
    };
    let builder = ort::init_from(path).map_err(|e| ModelError::RuntimeLoad {
        path: path.clone(),
        problem: e.to_string(),
    })?;
    builder
        .with_name("claimsift")
        .build()
        .map_err(|e| ModelError::RuntimeLoad {
            path: path.clone(),
            problem: e.to_string(),
        })
}
