//! The scan's progress bar, and the per-file messages printed above it.

use std::io::IsTerminal;
use std::time::Instant;

use crate::scan::Progress;

/// The progress bar on a terminal, and the per-file messages printed above it.
pub struct Bar {
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
}

impl Bar {
    /// A bar over `total` files when `show` and standard error is a terminal.
    pub fn new(show: bool, total: usize) -> Bar {
        let bar = (show && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40.cyan/blue} {pos}/{len} files  {msg}  [{elapsed_precise}]",
                )
                .expect("valid template"),
            );
            bar
        });
        Bar {
            bar,
            started: Instant::now(),
        }
    }

    fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn window_done(&self, done: usize, scored: usize) {
        if let Some(bar) = &self.bar {
            bar.set_position(done as u64);
            let rate = scored as f64 / self.started.elapsed().as_secs_f64().max(1e-9);
            bar.set_message(format!("{rate:.0} sentences/s"));
        }
    }

    fn skipped(&self, path: &str, reason: &str) {
        self.say(&format!("claimsift: skipped {path}: {reason}"));
    }

    fn warning(&self, message: &str) {
        self.say(&format!("claimsift: warning: {message}"));
    }
}
