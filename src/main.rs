use std::process::ExitCode;

use clap::Parser;

use claimsift::cli::{self, Cli, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::PartialFailure) => ExitCode::from(1),
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        Err(error) => {
            // Our errors carry their causes in their own message; anyhow's chain would repeat them.
            let error = anyhow::Error::new(error);
            eprintln!("claimsift: error: {error}");
            ExitCode::from(2)
        }
    }
}
