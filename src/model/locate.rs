//! Finding the default model directory and the ONNX Runtime library without configuration.
//!
//! Users run the binary from the repository (`target/release/claimsift`), from an install
//! directory with `models/` beside it, or through `cargo run`; each of these must work with
//! no flags and no environment variables.

use std::path::{Path, PathBuf};

/// Name of the model shipped with claimsift.
pub const DEFAULT_MODEL: &str = "claim-minilm";

/// Directories that may hold `models/` or `.ort/lib`, most specific first: beside the
/// executable and up to three levels above it (covers `target/release/`), then the source
/// tree the binary was built from.
fn anchor_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Ok(exe) = std::env::current_exe() {
        let exe = exe.canonicalize().unwrap_or(exe);
        let mut dir = exe.parent().map(Path::to_path_buf);
        for _ in 0..4 {
            let Some(d) = dir else { break };
            dirs.push(d.clone());
            dir = d.parent().map(Path::to_path_buf);
        }
    }
    dirs.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    dirs.dedup();
    dirs
}

/// The model directory to use when `--model` is not given: `$CLAIMSIFT_MODEL`, else the
/// first `models/claim-minilm` found near the executable or in the source tree.
pub fn default_model_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CLAIMSIFT_MODEL") {
        return Some(PathBuf::from(dir));
    }
    anchor_dirs()
        .into_iter()
        .map(|d| d.join("models").join(DEFAULT_MODEL))
        .find(|d| d.join(super::config::CONFIG_FILE).is_file())
}

/// The first `models/NAME` near the executable or in the source tree that holds `marker`.
pub fn bundled_dir(name: &str, marker: &str) -> Option<PathBuf> {
    anchor_dirs()
        .into_iter()
        .map(|d| d.join("models").join(name))
        .find(|d| d.join(marker).is_file())
}

/// Candidate paths of the ONNX Runtime shared library, in the order they are tried.
pub fn runtime_library_candidates() -> Vec<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(path) = std::env::var_os("ORT_DYLIB_PATH") {
        candidates.push(PathBuf::from(path));
    }
    let name = library_file_name();
    for dir in anchor_dirs() {
        candidates.push(dir.join(name));
        candidates.push(dir.join("lib").join(name));
        candidates.push(dir.join(".ort").join("lib").join(name));
    }
    candidates
}

pub fn library_file_name() -> &'static str {
    if cfg!(target_os = "windows") {
        "onnxruntime.dll"
    } else if cfg!(target_os = "macos") {
        "libonnxruntime.dylib"
    } else {
        "libonnxruntime.so"
    }
}
