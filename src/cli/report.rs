//! `claimsift report`: the HTML report of an earlier scan's JSON Lines, without scoring again.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;

use clap::Args;
use serde_json::Value;

use super::{parse_threshold, CliError, Outcome};
use crate::model::config::{ModelConfig, CONFIG_FILE};
use crate::model::locate;
use crate::output::html::{details_of, render, ReportArticle, ReportSentence};
use crate::output::{self, Destination, RunInfo};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// JSON Lines from `claimsift scan --all -f jsonl` (without `--all` the report has only
    /// the sentences above the scan's threshold); `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// The HTML file to write; `-` or no option writes to standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Threshold the report opens with (default: the model's own).
    #[arg(long, value_name = "T", value_parser = parse_threshold)]
    pub threshold: Option<f32>,
    /// Model directory the scan used, for its name and default threshold (default: the
    /// bundled model, or $CLAIMSIFT_MODEL).
    #[arg(long, value_name = "DIR")]
    pub model: Option<PathBuf>,
}

pub fn run(args: ReportArgs) -> Result<Outcome, CliError> {
    let started = output::utc_now_iso8601();
    let input_name = args.input.display().to_string();
    let reader: Box<dyn Read> = if args.input.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(
            std::fs::File::open(&args.input).map_err(|source| CliError::Io {
                path: input_name.clone(),
                source,
            })?,
        )
    };
    let (articles, bad_lines) = read_rows(BufReader::new(reader), &input_name)?;

    let model_dir = args.model.clone().or_else(locate::default_model_dir);
    let config = match &model_dir {
        Some(dir) => Some(ModelConfig::load(&dir.join(CONFIG_FILE))?),
        None => None,
    };
    let threshold = match (args.threshold, &config) {
        (Some(t), _) => t,
        (None, Some(config)) => config.threshold,
        (None, None) => {
            return Err(CliError::Usage(
                "no model found to take the threshold from: pass --threshold T or --model DIR"
                    .into(),
            ))
        }
    };
    let model = match (&config, &model_dir) {
        (Some(config), Some(dir)) => format!("{} ({})", config.name, dir.display()),
        _ => "not given".into(),
    };
    let run = RunInfo {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        model,
        threshold,
        started,
        command_line: std::env::args().collect::<Vec<_>>().join(" "),
    };

    let output_name = args
        .output
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "<stdout>".into());
    let output_error = |source| CliError::Io {
        path: output_name.clone(),
        source,
    };
    let mut destination = Destination::open(args.output.as_deref()).map_err(output_error)?;
    destination
        .write_all(render(&articles, &run).as_bytes())
        .map_err(output_error)?;
    destination.commit().map_err(output_error)?;
    eprintln!(
        "claimsift: report of {} articles, {} sentences{}",
        articles.len(),
        articles.iter().map(|a| a.sentences.len()).sum::<usize>(),
        if bad_lines > 0 {
            format!(", {bad_lines} unreadable lines skipped")
        } else {
            String::new()
        }
    );
    Ok(if bad_lines > 0 {
        Outcome::PartialFailure
    } else {
        Outcome::Success
    })
}

/// The articles of a scan's JSON Lines, in file order (a scan writes an article's rows
/// together), and how many lines could not be read.
fn read_rows(input: impl BufRead, name: &str) -> Result<(Vec<ReportArticle>, usize), CliError> {
    let mut articles: Vec<ReportArticle> = Vec::new();
    let mut bad_lines = 0;
    for (number, line) in input.lines().enumerate() {
        let line = line.map_err(|source| CliError::Io {
            path: name.to_string(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let row = match row_of(&line) {
            Ok(row) => row,
            Err(problem) => {
                eprintln!("claimsift: {name}:{}: skipped: {problem}", number + 1);
                bad_lines += 1;
                continue;
            }
        };
        let (path, title, date, sentence) = row;
        match articles.last_mut() {
            Some(last) if last.path == path => last.sentences.push(sentence),
            _ => articles.push(ReportArticle {
                path,
                title,
                date,
                error: None,
                sentences: vec![sentence],
            }),
        }
    }
    Ok((articles, bad_lines))
}

type Row = (String, String, String, ReportSentence);

fn row_of(line: &str) -> Result<Row, String> {
    let Value::Object(mut fields) =
        serde_json::from_str::<Value>(line).map_err(|e| format!("not JSON: {e}"))?
    else {
        return Err("not a JSON object".into());
    };
    let mut text = |name: &str| -> Result<String, String> {
        match fields.remove(name) {
            Some(Value::String(s)) => Ok(s),
            Some(Value::Null) | None => Ok(String::new()),
            Some(other) => Err(format!("`{name}` is {other}, not text")),
        }
    };
    let article = text("article")?;
    let title = text("title")?;
    let date = text("date")?;
    let claim_id = text("claim_id")?;
    let sentence = text("sentence")?;
    if article.is_empty() {
        return Err("no `article`".into());
    }
    let score = fields
        .get("score")
        .and_then(Value::as_f64)
        .filter(|s| (0.0..=1.0).contains(s))
        .ok_or("`score` is missing or not a number between 0 and 1")? as f32;
    let paragraph = fields.get("paragraph").and_then(Value::as_u64).unwrap_or(0) as usize;
    let sentence = ReportSentence {
        claim_id,
        paragraph,
        score,
        text: sentence,
        details: details_of(fields),
    };
    Ok((article, title, date, sentence))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_group_into_articles_and_bad_lines_are_counted() {
        let input = concat!(
            r#"{"claim_id":"a-000","article":"a.txt","title":"A","date":"","score":0.9,"sentence":"One.","paragraph":0,"claim_type":"statistic"}"#,
            "\n",
            r#"{"claim_id":"a-001","article":"a.txt","title":"A","date":"","score":0.1,"sentence":"Two.","paragraph":1}"#,
            "\nnot json\n",
            r#"{"claim_id":"b-000","article":"b.txt","title":"","date":"","score":2,"sentence":"x"}"#,
            "\n",
            r#"{"claim_id":"b-000","article":"b.txt","title":"B","date":"2024-01-01","score":0.5,"sentence":"Three."}"#,
            "\n"
        );
        let (articles, bad) = read_rows(input.as_bytes(), "x.jsonl").unwrap();
        assert_eq!(bad, 2);
        assert_eq!(articles.len(), 2);
        assert_eq!(articles[0].sentences.len(), 2);
        assert_eq!(articles[0].sentences[1].paragraph, 1);
        assert_eq!(articles[0].sentences[0].details["claim_type"], "statistic");
        assert_eq!(articles[1].title, "B");
    }
}
