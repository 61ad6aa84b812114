//! Test helpers: a scratch directory and the real `claimsift` binary (xsv-style `Workdir`).
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The reviewer CSV's columns, in the documented order (the contract the tests pin).
pub const COLUMNS: [&str; 21] = [
    "claim_id",
    "article",
    "title",
    "date",
    "sentence_index",
    "start",
    "end",
    "score",
    "claim_type",
    "quantities",
    "attribution",
    "group",
    "sentence",
    "context_before",
    "context_after",
    "seen_verdict",
    "seen_claim",
    "seen_date",
    "similarity",
    "verdict",
    "notes",
];

/// Position of a column in [`COLUMNS`], so tests name columns rather than count them.
pub fn col(name: &str) -> usize {
    COLUMNS
        .iter()
        .position(|c| *c == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// A fresh directory under the target dir, with helpers to write files and run the binary in it.
pub struct Workdir {
    root: PathBuf,
}

impl Workdir {
    pub fn new(name: &str) -> Workdir {
        let id = NEXT_ID.fetch_add(1, Ordering::SeqCst);
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("workdirs")
            .join(format!("{name}-{}-{id}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).expect("create workdir");
        Workdir { root }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create parent");
        }
        fs::write(&path, contents).expect("write fixture");
        path
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root.join(rel)).expect("read output")
    }

    /// Copies a fixture tree (relative to the crate root) into the workdir under `rel`.
    pub fn copy_tree(&self, from: &str, rel: &str) {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(from);
        copy_dir(&src, &self.root.join(rel));
    }

    /// The binary, run in this directory.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_claimsift"));
        // Never the user's memory of reviewed claims: one inside the workdir, when a test
        // makes it.
        cmd.current_dir(&self.root)
            .args(args)
            .env("CLAIMSIFT_DB", self.root.join("memory.sqlite"));
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run claimsift")
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: &[u8]) -> Output {
        use std::io::Write;
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn claimsift");
        child.stdin.take().unwrap().write_all(stdin).unwrap();
        child.wait_with_output().expect("wait claimsift")
    }
}

fn copy_dir(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).expect("create dir");
    for entry in fs::read_dir(src).expect("read fixture dir") {
        let entry = entry.unwrap();
        let target = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy fixture");
        }
    }
}

/// Output with a readable panic message on failure.
pub fn stdout_of(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "claimsift failed ({:?})\nstderr:\n{}",
        out.status.code(),
        stderr_of(out)
    );
}

/// Parses CSV output into a header and records.
pub fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("valid CSV row").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// The character slice `start..end` of a string.
pub fn char_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}
