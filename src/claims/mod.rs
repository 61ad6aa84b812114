//! What claimsift adds to a flagged sentence.

pub mod group;
pub mod id;

pub use id::claim_id;
