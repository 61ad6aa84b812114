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
    // Set by hand, it says which library to use: falling back to another would be a surprise.
    if let Some(path) = std::env::var_os("ORT_DYLIB_PATH").map(std::path::PathBuf::from) {
        if !path.is_file() {
            return Err(ModelError::RuntimeLoad {
                problem: "ORT_DYLIB_PATH names no such file; point it at libonnxruntime or \
                          unset it to use the bundled one"
                    .into(),
                path,
            });
        }
    }
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
