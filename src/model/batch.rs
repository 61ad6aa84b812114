//! Length-sorted batching with dynamic padding.
//!
//! Sorting sentences by token count before batching keeps padding small, which is most of
//! the speed-up over fixed-length padding. The composition of batches depends only on the
//! sentences themselves (never on thread count or timing), so scores are reproducible.

use std::ops::Range;

/// A group of sentences padded to the same length: positions into the caller's slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// Indices of the sentences in this batch, into the slice given to
    /// [`length_sorted_batches`].
    pub members: Vec<usize>,
    /// Length every member is padded to.
    pub padded_len: usize,
}

/// Splits sentences of the given token lengths into batches of at most `max_batch`
/// sentences and at most `max_tokens` padded tokens, shortest first. Ties keep input order.
pub fn length_sorted_batches(lengths: &[usize], max_batch: usize, max_tokens: usize) -> Vec<Batch> {
    let max_batch = max_batch.max(1);
    let mut order: Vec<usize> = (0..lengths.len()).collect();
    order.sort_by_key(|&i| (lengths[i], i));
    let mut batches = Vec::new();
    let mut current: Range<usize> = 0..0;
    for (pos, &i) in order.iter().enumerate() {
        let len = lengths[i].max(1);
        let count = current.len() + 1;
        if !current.is_empty() && (count > max_batch || count * len > max_tokens) {
            batches.push(make_batch(&order[current.clone()], lengths));
            current = pos..pos;
        }
        current.end = pos + 1;
    }
    if !current.is_empty() {
        batches.push(make_batch(&order[current], lengths));
    }
    batches
}

fn make_batch(members: &[usize], lengths: &[usize]) -> Batch {
    Batch {
        members: members.to_vec(),
        padded_len: members.iter().map(|&i| lengths[i]).max().unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_cover_every_sentence_once_sorted_by_length() {
        let lengths = [5, 30, 7, 7, 100, 2, 64];
        let batches = length_sorted_batches(&lengths, 3, 10_000);
        let mut seen: Vec<usize> = batches.iter().flat_map(|b| b.members.clone()).collect();
        assert_eq!(seen, vec![5, 0, 2, 3, 1, 6, 4]);
        seen.sort();
        assert_eq!(seen, (0..lengths.len()).collect::<Vec<_>>());
        assert!(batches.iter().all(|b| b.members.len() <= 3));
        assert_eq!(batches[0].padded_len, 7);
    }

    #[test]
    fn token_budget_limits_long_batches() {
        let lengths = [128; 10];
        let batches = length_sorted_batches(&lengths, 32, 512);
        assert!(batches.iter().all(|b| b.members.len() * 128 <= 512));
        assert_eq!(batches.iter().map(|b| b.members.len()).sum::<usize>(), 10);
    }

    #[test]
    fn empty_input_gives_no_batches() {
        assert!(length_sorted_batches(&[], 8, 100).is_empty());
    }
}
