//! Evaluation metrics for the positive (check-worthy) class.

use serde::Serialize;

/// What `claimsift eval` reports. Field names are part of the `--format json` contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    pub n: usize,
    pub positives: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub average_precision: f64,
    pub roc_auc: f64,
    pub threshold: f64,
    pub best_f1: f64,
    pub best_threshold: f64,
}

/// Precision, recall and F1 of the positive class when `score >= threshold` predicts positive.
pub fn precision_recall_f1(scores: &[f32], labels: &[bool], threshold: f32) -> (f64, f64, f64) {
    let mut tp = 0usize;
    let mut fp = 0usize;
    let mut fn_ = 0usize;
    for (&s, &y) in scores.iter().zip(labels) {
        match (s >= threshold, y) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            (false, false) => {}
        }
    }
    prf(tp, fp, fn_)
}

fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fn_);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Groups of equal scores, highest first, as (score, positives, negatives).
fn score_groups(scores: &[f32], labels: &[bool]) -> Vec<(f32, usize, usize)> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut groups: Vec<(f32, usize, usize)> = Vec::new();
    for i in order {
        let (pos, neg) = if labels[i] { (1, 0) } else { (0, 1) };
        match groups.last_mut() {
            Some(g) if g.0 == scores[i] => {
                g.1 += pos;
                g.2 += neg;
            }
            _ => groups.push((scores[i], pos, neg)),
        }
    }
    groups
}

/// Computes every metric `claimsift eval` prints.
pub fn evaluate(scores: &[f32], labels: &[bool], threshold: f32) -> Metrics {
    assert_eq!(scores.len(), labels.len());
    let positives = labels.iter().filter(|&&y| y).count();
    let negatives = labels.len() - positives;
    let (precision, recall, f1) = precision_recall_f1(scores, labels, threshold);

    // One pass over thresholds, from the highest score down: every distinct score is a
    // candidate cut-off (ties move together, as in scikit-learn).
    let groups = score_groups(scores, labels);
    let (mut tp, mut fp) = (0usize, 0usize);
    let mut average_precision = 0.0;
    let mut auc_twice = 0.0; // trapezoid areas times two, in count units
    let mut best = (0.0f64, 1.0f64);
    for &(score, pos, neg) in &groups {
        let prev_tp = tp;
        let prev_fp = fp;
        tp += pos;
        fp += neg;
        let (p, _, f) = prf(tp, fp, positives - tp);
        if positives > 0 {
            average_precision += p * (tp - prev_tp) as f64 / positives as f64;
        }
        auc_twice += (fp - prev_fp) as f64 * (tp + prev_tp) as f64;
        if f > best.0 {
            best = (f, shortest_f64(score));
        }
    }
    let roc_auc = if positives > 0 && negatives > 0 {
        auc_twice / (2.0 * positives as f64 * negatives as f64)
    } else {
        f64::NAN
    };
    Metrics {
        n: labels.len(),
        positives,
        precision,
        recall,
        f1,
        average_precision,
        roc_auc,
        threshold: shortest_f64(threshold),
        best_f1: best.0,
        best_threshold: best.1,
    }
}

/// The f64 that prints like the f32 (0.47, not 0.4699999988079071).
fn shortest_f64(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn perfect_ranking() {
        let m = evaluate(&[0.9, 0.8, 0.2, 0.1], &[true, true, false, false], 0.5);
        assert!(close(m.f1, 1.0) && close(m.average_precision, 1.0) && close(m.roc_auc, 1.0));
        assert!(close(m.best_f1, 1.0));
        assert!(close(m.best_threshold, 0.8));
        assert_eq!(m.threshold, 0.5);
    }

    #[test]
    fn matches_scikit_learn_on_a_small_case() {
        // sklearn: average_precision_score([1,0,1,0,1],[.9,.8,.7,.6,.2]) = 0.7555…,
        // roc_auc_score(...) = 0.5
        let labels = [true, false, true, false, true];
        let scores = [0.9, 0.8, 0.7, 0.6, 0.2];
        let m = evaluate(&scores, &labels, 0.65);
        assert!((m.average_precision - (1.0 + 2.0 / 3.0 + 3.0 / 5.0) / 3.0).abs() < 1e-9);
        assert!((m.roc_auc - 3.0 / 6.0).abs() < 1e-9);
        // At 0.65: predicted 3 positives, 2 correct.
        assert!(close(m.precision, 2.0 / 3.0) && close(m.recall, 2.0 / 3.0));
    }

    #[test]
    fn ties_count_as_one_cut_off() {
        let m = evaluate(&[0.5, 0.5], &[true, false], 0.5);
        assert!(close(m.average_precision, 0.5));
        assert!(close(m.roc_auc, 0.5));
    }
}
