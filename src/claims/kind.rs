//! Claim types: Full Fact's taxonomy, in the order of the model's type head.

/// The type names, in the order of the model's `type_logits` output.
pub const CLAIM_TYPES: [&str; 7] = [
    "quantity",
    "event",
    "causal",
    "rules",
    "prediction",
    "personal",
    "other",
];

/// The type a label names (case-insensitive), as its canonical name.
pub fn parse_claim_type(label: &str) -> Option<&'static str> {
    let label = label.trim();
    CLAIM_TYPES
        .iter()
        .copied()
        .find(|t| t.eq_ignore_ascii_case(label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_known_types_only() {
        assert_eq!(parse_claim_type(" Quantity"), Some("quantity"));
        assert_eq!(parse_claim_type("rules"), Some("rules"));
        assert_eq!(parse_claim_type("opinion"), None);
    }
}
