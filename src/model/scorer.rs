//! What the scan pipeline needs of a model: scores for sentences in their article context.

use super::{ClaimModel, ModelError, ScoreInput, Scored};

/// Scores sentences, in input order. A sentence's score must not depend on the other
/// sentences of the call (the shipped model is batch-invariant), so callers may split work
/// into calls however they like.
pub trait Scorer {
    fn score(&mut self, inputs: &[ScoreInput]) -> Result<Vec<Scored>, ModelError>;
}

impl Scorer for ClaimModel {
    fn score(&mut self, inputs: &[ScoreInput]) -> Result<Vec<Scored>, ModelError> {
        self.score_inputs(inputs)
    }
}
