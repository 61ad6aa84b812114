//! `claimsift split`: an article's sentences with their offsets in the original file.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{CliError, Outcome};
use crate::ingest;
use crate::text;

#[derive(Debug, Args)]
pub struct SplitArgs {
    /// The article to split (.txt, .md, .html…); `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// `text`: one sentence per line; `jsonl`: one JSON object per sentence with offsets.
    #[arg(long, value_enum, default_value_t = SplitFormat::Text)]
    pub format: SplitFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SplitFormat {
    Text,
    Jsonl,
}

pub fn run(args: SplitArgs) -> Result<Outcome, CliError> {
    // `-` (or no file) is standard input, which `read_article` understands.
    let path = args.file.unwrap_or_else(|| PathBuf::from("-"));
    let article = ingest::read_article(&path, path.display().to_string())?;
    for warning in &article.warnings {
        eprintln!("claimsift: warning: {warning}");
    }
    let sentences = text::sentences(&article.original, &article.body);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let io_err = |source| CliError::Io {
        path: "<stdout>".into(),
        source,
    };
    for sentence in &sentences {
        match args.format {
            SplitFormat::Text => writeln!(out, "{}", sentence.text),
            SplitFormat::Jsonl => writeln!(
                out,
                "{}",
                serde_json::to_string(sentence).expect("sentence serialises")
            ),
        }
        .map_err(io_err)?;
    }
    out.flush().map_err(io_err)?;
    Ok(Outcome::Success)
}
