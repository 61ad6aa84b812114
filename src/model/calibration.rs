//! Turning logits into calibrated probabilities.

/// Probability of class `positive` from raw logits, after temperature scaling.
///
/// Computed as a numerically stable softmax of `logits / temperature`.
pub fn probability(logits: &[f32], positive: usize, temperature: f32) -> f32 {
    let scaled = logits.iter().map(|l| l / temperature);
    let max = scaled.clone().fold(f32::NEG_INFINITY, f32::max);
    let denom: f32 = scaled.map(|l| (l - max).exp()).sum();
    ((logits[positive] / temperature - max).exp() / denom).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temperature_softens_without_reordering() {
        let sharp = probability(&[0.0, 2.0], 1, 1.0);
        let soft = probability(&[0.0, 2.0], 1, 2.0);
        assert!(sharp > soft && soft > 0.5);
        assert!((probability(&[1.0, 1.0], 1, 1.5) - 0.5).abs() < 1e-6);
        assert!(probability(&[1000.0, -1000.0], 1, 1.0) < 1e-6);
    }
}
