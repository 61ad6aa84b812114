//! claimsift: find check-worthy factual claims in news articles.
//!
//! The modules are the pipeline: [`ingest`] finds and reads articles, [`text`] cleans and
//! splits them, [`model`] scores sentences, [`claims`] describes flagged sentences,
//! [`output`] writes them, and [`cli`] wires the subcommands together.

pub mod bounded;
pub mod claims;
pub mod cli;
pub mod corpus;
pub mod dataset;
pub mod ingest;
pub mod memory;
pub mod model;
pub mod output;
pub mod review;
pub mod scan;
pub mod text;
