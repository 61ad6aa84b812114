//! What claimsift adds to a flagged sentence.

pub mod attribution;
pub mod details_eval;
pub mod enrich;
pub mod group;
pub mod id;
pub mod kind;
pub mod quantity;
mod words;

pub use attribution::{attributions, Attribution};
pub use id::claim_id;
pub use quantity::{quantities, Quantity, QuantityKind};
