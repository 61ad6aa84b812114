//! Windows: runs of consecutive inputs read, cleaned and split together (in parallel) while
//! the model scores the previous window.
//!
//! A window is bounded by files and by bytes, so memory follows what is in flight rather than
//! how many articles there are; its bounds depend on the input list alone (never on threads or
//! timing), and a resumed run starts on one.

use std::ops::Range;
use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::Input;
use crate::ingest::{self, Article};
use crate::text::{self, Sentence};

/// How much one window may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowLimits {
    /// Files per window: enough to keep batches full.
    pub max_files: usize,
    /// Input bytes per window (a window always takes at least one file, however large).
    pub max_bytes: u64,
}

impl Default for WindowLimits {
    fn default() -> Self {
        WindowLimits {
            max_files: 64,
            max_bytes: 4 << 20,
        }
    }
}

/// The window that starts at input `first` (empty only when `first` is past the end).
pub fn next_window(inputs: &[Input], first: usize, limits: WindowLimits) -> Range<usize> {
    let mut end = first;
    let mut bytes = 0u64;
    while end < inputs.len() && end - first < limits.max_files.max(1) {
        let size = inputs[end].expected_bytes();
        if end > first && bytes.saturating_add(size) > limits.max_bytes {
            break;
        }
        bytes = bytes.saturating_add(size);
        end += 1;
    }
    first..end
}

/// An article ready for scoring, or why it is not: its path and the reason, kept apart (a
/// path may itself contain `": "`).
pub type Prepared = Result<(Article, Vec<Sentence>), (String, String)>;

/// One window of inputs, read and split, with the CPU time each stage took.
pub struct Window {
    pub inputs: Range<usize>,
    pub prepared: Vec<Prepared>,
    pub read: Duration,
    pub split: Duration,
}

/// Reads, cleans and splits the window's inputs on the current rayon pool, in input order.
pub fn prepare_window(inputs: &[Input], range: Range<usize>) -> Window {
    let prepared: Vec<(Prepared, Duration, Duration)> =
        inputs[range.clone()].par_iter().map(prepare).collect();
    Window {
        inputs: range,
        read: prepared.iter().map(|p| p.1).sum(),
        split: prepared.iter().map(|p| p.2).sum(),
        prepared: prepared.into_iter().map(|p| p.0).collect(),
    }
}

fn prepare(input: &Input) -> (Prepared, Duration, Duration) {
    let t0 = Instant::now();
    let article = match input {
        Input::Stdin => ingest::read_article(Path::new("-"), "<stdin>".into()),
        Input::File(found) => ingest::read_article(&found.path, found.display.clone()),
        Input::Unlisted(e) => {
            return (
                Err((e.path().to_string(), e.reason())),
                t0.elapsed(),
                Duration::ZERO,
            )
        }
    }
    .map_err(|e| (e.path().to_string(), e.reason()));
    let read = t0.elapsed();
    let t1 = Instant::now();
    let prepared = article.map(|article| {
        let sentences = text::sentences(&article.original, &article.body);
        (article, sentences)
    });
    (prepared, read, t1.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Found;

    fn files(dir: &Path, sizes: &[usize]) -> Vec<Input> {
        sizes
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let path = dir.join(format!("{i:03}.txt"));
                std::fs::write(&path, "a".repeat(n)).unwrap();
                Input::File(Found {
                    path,
                    display: format!("{i:03}.txt"),
                })
            })
            .collect()
    }

    fn plan(inputs: &[Input], limits: WindowLimits) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut first = 0;
        while first < inputs.len() {
            let w = next_window(inputs, first, limits);
            first = w.end;
            out.push(w);
        }
        out
    }

    #[test]
    fn windows_close_on_bytes_before_files_and_always_take_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let inputs = files(dir.path(), &[40, 40, 40, 500, 10, 10, 10, 10, 10]);
        let limits = WindowLimits {
            max_files: 4,
            max_bytes: 100,
        };
        assert_eq!(plan(&inputs, limits), vec![0..2, 2..3, 3..4, 4..8, 8..9]);
    }

    #[test]
    fn a_window_planned_from_one_of_its_starts_is_the_same_window() {
        let dir = tempfile::tempdir().unwrap();
        let inputs = files(dir.path(), &[30, 90, 5, 5, 70, 20, 20, 60]);
        let limits = WindowLimits {
            max_files: 3,
            max_bytes: 100,
        };
        let whole = plan(&inputs, limits);
        for w in &whole {
            assert_eq!(&next_window(&inputs, w.start, limits), w);
        }
    }
}
