use std::process::ExitCode;

use clap::Parser;

use claimsift::cli::{self, Cli, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::PartialFailure) => ExitCode::from(1),
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        // `claimsift scan … | head`: the reader has what it wanted; like ripgrep, stop quietly.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // Our errors carry their causes in their own message; anyhow's chain would repeat them.
            let error = anyhow::Error::new(error);
            eprintln!("claimsift: error: {error}");
            ExitCode::from(2)
        }
    }
}

/// Whether a broken pipe (the reader of our output went away) is anywhere in the error's chain.
fn is_broken_pipe(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(e) = next {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::BrokenPipe {
                return true;
            }
            // An io::Error wrapping another error hides it from `source()`.
            if io.get_ref().is_some_and(|inner| is_broken_pipe(inner)) {
                return true;
            }
        }
        next = e.source();
    }
    false
}
