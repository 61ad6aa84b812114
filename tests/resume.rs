//! Interrupted runs: a killed scan leaves no truncated output, and `--resume` finishes it
//! with exactly the bytes of an uninterrupted run.

mod common;

use std::time::{Duration, Instant};

use common::{assert_success, stderr_of, Workdir};

fn write_corpus(wd: &Workdir, articles: usize) {
    for i in 0..articles {
        let body = format!(
            "---\nReport {i}\n---\n01/02/2024\n\n\
             The agency said {i} households lost power on Monday, up {p}% from last year.\n\n\
             Officials expect repairs to cost about ${c} million, according to the utility.\n\n\
             Thanks for reading.\n",
            p = i % 40 + 1,
            c = i % 90 + 3
        );
        wd.write(&format!("corpus/{:02}/article-{i:04}.txt", i % 7), body);
    }
}

/// Starts `scan corpus --all -o claims.csv` and SIGKILLs it after two checkpoints.
fn kill_mid_run(wd: &Workdir) {
    let journal = wd.path(".claims.csv.journal");
    let mut killed_mid_run = false;
    for _attempt in 0..3 {
        let _ = std::fs::remove_file(&journal);
        let mut child = wd
            .command(&["scan", "corpus", "--all", "-o", "claims.csv"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn claimsift");
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let checkpoints = std::fs::read_to_string(&journal)
                .map(|j| j.lines().count().saturating_sub(1))
                .unwrap_or(0);
            if checkpoints >= 2 || Instant::now() > deadline {
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        if !finished {
            killed_mid_run = true;
            break;
        }
        std::fs::remove_file(wd.path("claims.csv")).ok();
    }
    assert!(
        killed_mid_run,
        "the run always finished before it could be killed"
    );
    assert!(
        !wd.path("claims.csv").exists(),
        "no output appears before the run ends"
    );
    assert!(wd.path(".claims.csv.partial").exists());
}

#[test]
fn a_killed_run_resumes_to_identical_bytes() {
    let wd = Workdir::new("resume_kill");
    write_corpus(&wd, 500);

    let reference = wd.run(&["scan", "corpus", "--all", "-o", "reference.csv"]);
    assert_success(&reference);

    kill_mid_run(&wd);
    let journal = wd.path(".claims.csv.journal");

    let resumed = wd.run(&["scan", "corpus", "--all", "-o", "claims.csv", "--resume"]);
    assert_success(&resumed);
    assert!(
        stderr_of(&resumed).contains("resuming"),
        "{}",
        stderr_of(&resumed)
    );
    assert_eq!(
        std::fs::read(wd.path("claims.csv")).unwrap(),
        std::fs::read(wd.path("reference.csv")).unwrap(),
        "resumed output differs from an uninterrupted run"
    );
    assert!(!journal.exists() && !wd.path(".claims.csv.partial").exists());
}

#[test]
fn resume_refuses_other_settings_and_stdout() {
    let wd = Workdir::new("resume_settings");
    write_corpus(&wd, 3);
    wd.write(
        ".claims.csv.journal",
        "{\"claimsift_journal\":3,\"settings\":\"something else\"}\n",
    );
    let out = wd.run(&["scan", "corpus", "-o", "claims.csv", "--resume"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("other settings"),
        "{}",
        stderr_of(&out)
    );
    let out = wd.run(&["scan", "corpus", "--resume"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--resume needs an output file"));
    // Without --resume a stale journal is simply replaced.
    assert_success(&wd.run(&["scan", "corpus", "-o", "claims.csv"]));
}

#[test]
fn a_damaged_journal_or_partial_file_never_breaks_the_resumed_output() {
    let wd = Workdir::new("resume_damaged");
    write_corpus(&wd, 500);
    let reference = wd.run(&["scan", "corpus", "--all", "-o", "reference.csv"]);
    assert_success(&reference);
    let journal = wd.path(".claims.csv.journal");
    let partial = wd.path(".claims.csv.partial");
    type Damage = fn(&std::path::Path, &std::path::Path);
    let damages: [(&str, Damage); 3] = [
        ("a byte of the partial output changed", |_, partial| {
            let mut bytes = std::fs::read(partial).unwrap();
            let middle = bytes.len() / 4;
            bytes[middle] = b'"';
            std::fs::write(partial, bytes).unwrap();
        }),
        ("the partial output cut short", |_, partial| {
            let bytes = std::fs::read(partial).unwrap();
            std::fs::write(partial, &bytes[..bytes.len() / 3]).unwrap();
        }),
        ("a journal offset edited", |journal, _| {
            let text = std::fs::read_to_string(journal).unwrap();
            let edited = text.replacen("\"offset\":", "\"offset\":1", 2);
            std::fs::write(journal, edited).unwrap();
        }),
    ];
    for (what, damage) in damages {
        kill_mid_run(&wd);
        damage(&journal, &partial);
        let resumed = wd.run(&["scan", "corpus", "--all", "-o", "claims.csv", "--resume"]);
        assert_success(&resumed);
        assert_eq!(
            std::fs::read(wd.path("claims.csv")).unwrap(),
            std::fs::read(wd.path("reference.csv")).unwrap(),
            "{what}: the resumed output differs from an uninterrupted run"
        );
        assert!(
            stderr_of(&resumed).contains("checkpoint"),
            "{what}: {}",
            stderr_of(&resumed)
        );
        std::fs::remove_file(wd.path("claims.csv")).unwrap();
    }
}
