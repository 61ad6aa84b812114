//! The shipped model: loads, scores in the expected direction, is padding-invariant, and
//! fails with clear errors when its directory is broken.

use std::fs;
use std::path::{Path, PathBuf};

use claimsift::model::{ClaimModel, ModelError, ScoreInput, ScoreOptions};

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models/claim-minilm")
}

fn load(dir: &Path) -> Result<ClaimModel, ModelError> {
    ClaimModel::load(dir, ScoreOptions::default())
}

/// A writable copy of the shipped model directory.
fn copy_of_shipped(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("model-{name}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    for entry in fs::read_dir(shipped()).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    dir
}

#[test]
fn shipped_model_loads_with_sane_calibration() {
    let model = load(&shipped()).expect("shipped model loads");
    let config = model.config();
    assert_eq!(config.labels.len(), 2);
    assert!(config.temperature > 0.0);
    assert!(config.threshold > 0.05 && config.threshold < 0.95);
}

#[test]
fn claims_score_above_the_threshold_and_pleasantries_below() {
    let mut model = load(&shipped()).unwrap();
    let threshold = model.threshold();
    let claims = [
        "Unemployment fell to 3.5% in 2019.",
        "The company reported revenue of $4.2 billion last year, up 12% from 2022.",
        "About 12,000 residents were evacuated, according to the civil protection agency.",
    ];
    let non_claims = [
        "Thank you all for coming tonight.",
        "I hope everyone has a lovely weekend.",
        "What do you think we should do?",
    ];
    let claim_scores = model.score(&claims).unwrap();
    let other_scores = model.score(&non_claims).unwrap();
    for (s, score) in claims.iter().zip(&claim_scores) {
        assert!(*score >= threshold, "{s:?} scored {score} < {threshold}");
    }
    for (s, score) in non_claims.iter().zip(&other_scores) {
        assert!(*score < threshold, "{s:?} scored {score} >= {threshold}");
    }
}

#[test]
fn padding_does_not_change_a_score() {
    let mut model = load(&shipped()).unwrap();
    let short = "Unemployment fell to 3.5% in 2019.";
    let alone = model.score(&[short]).unwrap()[0];
    let long = "The ministry said on Tuesday that exports of manufactured goods, which had \
                fallen for three consecutive quarters because of weaker demand in Europe and \
                Asia, rose by 4.1% in the second quarter, the strongest increase since 2017, \
                led by machinery, vehicles and chemicals, while imports rose by 2.3%.";
    let mixed = model.score(&[long, short, long, long]).unwrap();
    assert!(
        (alone - mixed[1]).abs() < 1e-4,
        "alone {alone} vs batched {}",
        mixed[1]
    );
    assert!((mixed[0] - mixed[2]).abs() < 1e-6);
}

#[test]
fn a_missing_file_is_named() {
    let dir = copy_of_shipped("missing");
    fs::remove_file(dir.join("tokenizer.json")).unwrap();
    let err = load(&dir).err().expect("load fails").to_string();
    assert!(err.contains("tokenizer.json is missing"), "{err}");
}

#[test]
fn a_corrupt_onnx_file_is_detected() {
    let dir = copy_of_shipped("corrupt");
    let mut bytes = fs::read(dir.join("model.onnx")).unwrap();
    bytes.truncate(bytes.len() / 3);
    fs::write(dir.join("model.onnx"), &bytes).unwrap();
    let err = load(&dir).err().expect("load fails").to_string();
    assert!(
        err.contains("model.onnx") && err.contains("sha256"),
        "{err}"
    );

    // Without a checksum to compare, ONNX Runtime's own parse error is reported.
    let config_path = dir.join("claimsift.json");
    let mut config: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&config_path).unwrap()).unwrap();
    config.as_object_mut().unwrap().remove("onnx_sha256");
    fs::write(&config_path, config.to_string()).unwrap();
    let err = load(&dir).err().expect("load fails").to_string();
    assert!(err.contains("not a usable ONNX model"), "{err}");
}

#[test]
fn a_tokenizer_from_another_model_is_rejected() {
    let dir = copy_of_shipped("tokenizer");
    let foreign = r#"{
      "version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
      "normalizer": null, "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null,
      "decoder": null,
      "model": {"type": "WordLevel", "vocab": {"<unk>": 0, "the": 1, "economy": 2},
                "unk_token": "<unk>"}
    }"#;
    fs::write(dir.join("tokenizer.json"), foreign).unwrap();
    let err = load(&dir).err().expect("load fails").to_string();
    assert!(err.contains("does not match the model"), "{err}");

    // Without a checksum to compare, the tokenizer's own checks speak.
    remove_config_key(&dir, "tokenizer_sha256");
    let err = load(&dir).err().expect("load fails").to_string();
    assert!(err.contains("does not match the model"), "{err}");
    fs::write(dir.join("tokenizer.json"), "{ not json").unwrap();
    let err = load(&dir).err().expect("load fails").to_string();
    assert!(err.contains("not a valid tokenizer.json"), "{err}");
}

fn remove_config_key(dir: &Path, key: &str) {
    let config_path = dir.join("claimsift.json");
    let mut config: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&config_path).unwrap()).unwrap();
    config.as_object_mut().unwrap().remove(key);
    fs::write(&config_path, config.to_string()).unwrap();
}

#[test]
fn a_same_size_tokenizer_with_another_vocabulary_is_rejected() {
    // Two ordinary words swap ids: same size, same special tokens, plausible but wrong scores.
    let dir = copy_of_shipped("permuted");
    let path = dir.join("tokenizer.json");
    let mut tokenizer: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    let vocab = tokenizer["model"]["vocab"].as_object_mut().unwrap();
    let (a, b) = (vocab["economy"].clone(), vocab["weather"].clone());
    vocab.insert("economy".into(), b);
    vocab.insert("weather".into(), a);
    fs::write(&path, tokenizer.to_string()).unwrap();
    let err = load(&dir).err().expect("load fails").to_string();
    assert!(
        err.contains("does not match the model") && err.contains("sha256"),
        "{err}"
    );
}

#[test]
fn a_model_that_outputs_nan_is_an_error_not_a_score() {
    let dir = copy_of_shipped("nan");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/models/nan-logits.onnx");
    fs::copy(fixture, dir.join("model.onnx")).unwrap();
    let config_path = dir.join("claimsift.json");
    let mut config: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&config_path).unwrap()).unwrap();
    let config = config.as_object_mut().unwrap();
    for key in ["onnx_sha256", "type_output", "types"] {
        config.remove(key);
    }
    fs::write(
        &config_path,
        serde_json::Value::Object(config.clone()).to_string(),
    )
    .unwrap();
    let err = load(&dir).err().expect("load fails").to_string();
    assert!(err.contains("non-finite"), "{err}");
}

#[test]
fn context_is_read_when_the_model_was_trained_with_it() {
    let mut model = load(&shipped()).unwrap();
    if model.config().context.is_none() {
        eprintln!("skipped: the shipped model reads sentences alone");
        return;
    }
    let sentence = "The same applied to Hispanics.";
    let alone = model.score_inputs(&[ScoreInput::alone(sentence)]).unwrap()[0].score;
    let with_numbers = ScoreInput {
        sentence,
        previous: Some("Turnout among Black voters fell by 7 points in 2016, census data show."),
        title: Some("Census: turnout fell in 2016"),
    };
    let in_context = model.score_inputs(&[with_numbers]).unwrap()[0].score;
    assert!(
        in_context > alone,
        "context should make the sentence a claim: alone {alone}, in context {in_context}"
    );
}

#[test]
fn claims_get_a_type_from_the_same_pass() {
    let mut model = load(&shipped()).unwrap();
    if model.config().types.is_empty() {
        eprintln!("skipped: the shipped model has no type head");
        return;
    }
    let inputs = [
        ScoreInput::alone("Unemployment fell to 3.5% in 2019, from 4.1% a year earlier."),
        ScoreInput::alone("The new law bans the sale of disposable vapes to anyone under 21."),
    ];
    let scored = model.score_inputs(&inputs).unwrap();
    let types: Vec<_> = scored.iter().map(|s| s.claim_type.as_deref()).collect();
    assert_eq!(types, [Some("quantity"), Some("rules")]);
}

#[test]
fn a_broken_configuration_is_explained() {
    let dir = copy_of_shipped("config");
    fs::write(dir.join("claimsift.json"), r#"{"name": "x"}"#).unwrap();
    let err = load(&dir).err().expect("load fails").to_string();
    assert!(
        err.contains("claimsift.json") && err.contains("missing field"),
        "{err}"
    );
}

#[test]
fn max_length_beyond_the_models_positions_fails_at_load() {
    let dir = copy_of_shipped("max-length-positions");
    let path = dir.join("claimsift.json");
    let mut config: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    // MiniLM has 512 positions.
    config["max_length"] = 1024.into();
    fs::write(&path, config.to_string()).unwrap();
    let err = load(&dir).err().expect("refused at load").to_string();
    assert!(
        err.contains("claimsift.json")
            && err.contains("max_length 1024 is more than the model accepts"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn model_files_that_never_end_or_are_huge_are_refused_unread() {
    for file in ["model.onnx", "tokenizer.json", "claimsift.json"] {
        let dir = copy_of_shipped(&format!("endless-{file}"));
        fs::remove_file(dir.join(file)).unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.join(file)).unwrap();
        let err = load(&dir).err().expect("load fails").to_string();
        assert!(
            err.contains(file) && err.contains("not a regular file"),
            "{err}"
        );

        let dir = copy_of_shipped(&format!("huge-{file}"));
        let f = fs::File::create(dir.join(file)).unwrap();
        f.set_len(2 << 30).unwrap();
        let started = std::time::Instant::now();
        let err = load(&dir).err().expect("load fails").to_string();
        assert!(err.contains(file) && err.contains("larger than"), "{err}");
        assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    }
}
