//! Nearest remembered vectors: an exact blocked scan, or an inverted-file index for large
//! memories.
//!
//! Vectors are unit length, so the dot product is the cosine. They are kept as int8 with one
//! scale per vector (a quarter of f32's memory: 1,000,000 remembered claims take 390 MB) and
//! turned back into f32 a block at a time for a matrix product against f32 queries, which is
//! where the speed comes from. Below [`IVF_MIN`] vectors every query is compared with every
//! vector. Above it, k-means splits the memory into about 1,000 lists and each query is
//! compared only with the lists of its [`IVF_PROBES`] nearest centroids: `bench/memory_match`
//! measures the speed and how often the true nearest neighbour is still found.

use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, ArrayView2};
use rayon::prelude::*;

/// Memories smaller than this are scanned exhaustively.
pub const IVF_MIN: usize = 100_000;
/// Lists each query looks in.
pub const IVF_PROBES: usize = 24;
const KMEANS_ITERATIONS: usize = 8;
/// Sample points per centroid used to train k-means.
const KMEANS_SAMPLE_PER_LIST: usize = 40;
const QUERY_TILE: usize = 512;
const MEMORY_BLOCK: usize = 2048;

/// The best `k` (score, index) pairs, best first; ties by smaller index.
pub type TopK = Vec<(f32, u32)>;

/// Remembered vectors, searchable by dot product.
pub struct VectorIndex {
    dim: usize,
    codes: Vec<i8>,
    scales: Vec<f32>,
    ivf: Option<Ivf>,
}

struct Ivf {
    centroids: Array2<f32>,
    /// Vector indices of each list, ascending.
    lists: Vec<Vec<u32>>,
}

impl VectorIndex {
    /// Indexes `vectors` (row-major, `dim` floats each). Deterministic: the same vectors
    /// give the same index and the same answers.
    pub fn build(vectors: &[f32], dim: usize) -> Self {
        assert!(
            dim > 0 && vectors.len().is_multiple_of(dim),
            "vectors must be whole rows"
        );
        let (codes, scales): (Vec<Vec<i8>>, Vec<f32>) =
            vectors.par_chunks(dim).map(quantise).unzip();
        Self::finish(dim, codes.concat(), scales)
    }

    /// Indexes vectors one at a time, each dropped once coded, so that a large memory is
    /// never held twice in f32. The same index as [`build`](Self::build) of their
    /// concatenation.
    pub fn build_from(vectors: impl IntoIterator<Item = Vec<f32>>, dim: usize) -> Self {
        assert!(dim > 0, "vectors must have a dimension");
        let mut codes = Vec::new();
        let mut scales = Vec::new();
        for v in vectors {
            assert_eq!(v.len(), dim, "vectors must be whole rows");
            let (c, scale) = quantise(&v);
            codes.extend_from_slice(&c);
            scales.push(scale);
        }
        Self::finish(dim, codes, scales)
    }

    fn finish(dim: usize, codes: Vec<i8>, scales: Vec<f32>) -> Self {
        let n = scales.len();
        let mut index = VectorIndex {
            dim,
            codes,
            scales,
            ivf: None,
        };
        if n >= IVF_MIN {
            index.ivf = Some(index.train_ivf());
        }
        index
    }

    pub fn len(&self) -> usize {
        self.scales.len()
    }

    pub fn is_empty(&self) -> bool {
        self.scales.is_empty()
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Bytes held by the index (codes, scales, centroids, lists).
    pub fn heap_bytes(&self) -> usize {
        self.codes.len()
            + self.scales.len() * 4
            + self.ivf.as_ref().map_or(0, |ivf| {
                ivf.centroids.len() * 4 + ivf.lists.iter().map(|l| l.len() * 4).sum::<usize>()
            })
    }

    /// Cosine of a unit query vector with remembered vector `row`.
    pub fn cosine(&self, query: &[f32], row: u32) -> f32 {
        let row = row as usize;
        let codes = &self.codes[row * self.dim..(row + 1) * self.dim];
        codes
            .iter()
            .zip(query)
            .map(|(&c, q)| f32::from(c) * q)
            .sum::<f32>()
            * self.scales[row]
    }

    /// Cosine of two remembered vectors.
    pub fn row_cosine(&self, a: u32, b: u32) -> f32 {
        let (a, b) = (a as usize, b as usize);
        let dot: i32 = self.codes[a * self.dim..(a + 1) * self.dim]
            .iter()
            .zip(&self.codes[b * self.dim..(b + 1) * self.dim])
            .map(|(&x, &y)| i32::from(x) * i32::from(y))
            .sum();
        dot as f32 * self.scales[a] * self.scales[b]
    }

    /// The `k` best remembered vectors for each query (row-major, `dim` floats each).
    pub fn search(&self, queries: &[f32], k: usize) -> Vec<TopK> {
        let nq = queries.len() / self.dim;
        if self.is_empty() || k == 0 {
            return vec![Vec::new(); nq];
        }
        match &self.ivf {
            None => self.search_exact(queries, k),
            Some(ivf) => self.search_ivf(ivf, queries, k),
        }
    }

    fn rows(&self, ids: impl Iterator<Item = u32>, out: &mut Vec<f32>) {
        out.clear();
        for i in ids {
            let i = i as usize;
            let scale = self.scales[i];
            out.extend(
                self.codes[i * self.dim..(i + 1) * self.dim]
                    .iter()
                    .map(|&c| f32::from(c) * scale),
            );
        }
    }

    fn search_exact(&self, queries: &[f32], k: usize) -> Vec<TopK> {
        let n = self.len() as u32;
        queries
            .par_chunks(QUERY_TILE * self.dim)
            .flat_map_iter(|tile| {
                let q = view(tile, self.dim);
                let mut tops: Vec<TopK> = vec![Vec::with_capacity(k + 1); q.nrows()];
                let mut block = Vec::new();
                let mut start = 0u32;
                while start < n {
                    let end = (start + MEMORY_BLOCK as u32).min(n);
                    self.rows(start..end, &mut block);
                    let scores = product(q, view(&block, self.dim));
                    for (row, top) in scores.rows().into_iter().zip(&mut tops) {
                        for (j, &s) in row.iter().enumerate() {
                            push_top(top, k, s, start + j as u32);
                        }
                    }
                    start = end;
                }
                tops
            })
            .collect()
    }

    fn search_ivf(&self, ivf: &Ivf, queries: &[f32], k: usize) -> Vec<TopK> {
        let nq = queries.len() / self.dim;
        let probes = IVF_PROBES.min(ivf.lists.len());
        // Which lists each query probes, then which queries each list serves.
        let probed: Vec<TopK> = queries
            .par_chunks(QUERY_TILE * self.dim)
            .flat_map_iter(|tile| {
                let scores = product(view(tile, self.dim), ivf.centroids.view());
                scores
                    .rows()
                    .into_iter()
                    .map(|row| {
                        let mut top = Vec::with_capacity(probes + 1);
                        for (c, &s) in row.iter().enumerate() {
                            push_top(&mut top, probes, s, c as u32);
                        }
                        top
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut served: Vec<Vec<u32>> = vec![Vec::new(); ivf.lists.len()];
        for (q, lists) in probed.iter().enumerate() {
            for &(_, list) in lists {
                served[list as usize].push(q as u32);
            }
        }
        // One matrix product per list against all the queries that probe it.
        let partial: Vec<Vec<(u32, TopK)>> = served
            .par_iter()
            .enumerate()
            .filter(|(_, qs)| !qs.is_empty())
            .map(|(list, qs)| {
                let members = &ivf.lists[list];
                if members.is_empty() {
                    return Vec::new();
                }
                let mut block = Vec::new();
                self.rows(members.iter().copied(), &mut block);
                let mut out = Vec::with_capacity(qs.len());
                for chunk in qs.chunks(QUERY_TILE) {
                    let mut qbuf = Vec::with_capacity(chunk.len() * self.dim);
                    for &q in chunk {
                        let q = q as usize;
                        qbuf.extend_from_slice(&queries[q * self.dim..(q + 1) * self.dim]);
                    }
                    let scores = product(view(&qbuf, self.dim), view(&block, self.dim));
                    for (row, &q) in scores.rows().into_iter().zip(chunk) {
                        let mut top = Vec::with_capacity(k + 1);
                        for (j, &s) in row.iter().enumerate() {
                            push_top(&mut top, k, s, members[j]);
                        }
                        out.push((q, top));
                    }
                }
                out
            })
            .collect();
        let mut tops: Vec<TopK> = vec![Vec::with_capacity(k + 1); nq];
        for (q, top) in partial.into_iter().flatten() {
            for (s, i) in top {
                push_top(&mut tops[q as usize], k, s, i);
            }
        }
        tops
    }

    /// Spherical k-means on a deterministic sample, then every vector to its nearest
    /// centroid.
    fn train_ivf(&self) -> Ivf {
        let n = self.len();
        let nlist = ((n as f64).sqrt() as usize).clamp(1, 4096);
        let sample_n = (nlist * KMEANS_SAMPLE_PER_LIST).min(n);
        // Evenly spaced sample: deterministic and independent of insertion clustering.
        let sample: Vec<u32> = (0..sample_n).map(|i| (i * n / sample_n) as u32).collect();
        let mut data = Vec::new();
        self.rows(sample.iter().copied(), &mut data);
        let step = sample_n / nlist;
        let mut centroids = Vec::with_capacity(nlist * self.dim);
        for c in 0..nlist {
            centroids.extend_from_slice(&data[c * step * self.dim..(c * step + 1) * self.dim]);
        }
        let mut centroids = Array2::from_shape_vec((nlist, self.dim), centroids).expect("shape");
        for _ in 0..KMEANS_ITERATIONS {
            let assign = nearest(&data, self.dim, centroids.view());
            let mut sums = Array2::<f32>::zeros((nlist, self.dim));
            let mut counts = vec![0usize; nlist];
            for (p, &c) in assign.iter().enumerate() {
                counts[c as usize] += 1;
                let mut row = sums.row_mut(c as usize);
                for (s, x) in row.iter_mut().zip(&data[p * self.dim..(p + 1) * self.dim]) {
                    *s += x;
                }
            }
            for (c, count) in counts.iter().enumerate() {
                let mut row = sums.row_mut(c);
                let norm = row.iter().map(|x| x * x).sum::<f32>().sqrt();
                if *count == 0 || norm == 0.0 {
                    row.assign(&centroids.row(c)); // an empty cluster keeps its centroid
                } else {
                    row.mapv_inplace(|x| x / norm);
                }
            }
            centroids = sums;
        }
        let mut all = Vec::new();
        let mut lists = vec![Vec::new(); nlist];
        let chunk = 65_536;
        for start in (0..n).step_by(chunk) {
            let end = (start + chunk).min(n);
            self.rows(start as u32..end as u32, &mut all);
            for (j, c) in nearest(&all, self.dim, centroids.view())
                .into_iter()
                .enumerate()
            {
                lists[c as usize].push((start + j) as u32);
            }
        }
        Ivf { centroids, lists }
    }
}

/// int8 codes of a vector with its scale (largest magnitude → ±127).
fn quantise(v: &[f32]) -> (Vec<i8>, f32) {
    let max = v.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
    (v.iter().map(|x| (x / scale).round() as i8).collect(), scale)
}

/// Index of the best-scoring centroid for each row of `data`.
fn nearest(data: &[f32], dim: usize, centroids: ArrayView2<f32>) -> Vec<u32> {
    data.par_chunks(QUERY_TILE * dim)
        .flat_map_iter(|tile| {
            let scores = product(view(tile, dim), centroids);
            scores
                .rows()
                .into_iter()
                .map(|row| {
                    let mut best = (f32::NEG_INFINITY, 0u32);
                    for (c, &s) in row.iter().enumerate() {
                        if s > best.0 {
                            best = (s, c as u32);
                        }
                    }
                    best.1
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn view(rows: &[f32], dim: usize) -> ArrayView2<'_, f32> {
    ArrayView2::from_shape((rows.len() / dim, dim), rows).expect("whole rows")
}

/// `a · bᵀ`.
fn product(a: ArrayView2<f32>, b: ArrayView2<f32>) -> Array2<f32> {
    let mut out = Array2::<f32>::zeros((a.nrows(), b.nrows()));
    general_mat_mul(1.0, &a, &b.t(), 0.0, &mut out);
    out
}

/// Keeps `top` the best `k` entries, best first, ties by smaller index.
pub(crate) fn push_top(top: &mut TopK, k: usize, score: f32, index: u32) {
    if top.len() == k {
        let (worst, worst_index) = top[k - 1];
        if score < worst || (score == worst && index > worst_index) {
            return;
        }
    }
    let at = top.partition_point(|&(s, i)| s > score || (s == score && i < index));
    top.insert(at, (score, index));
    top.truncate(k);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(seed: u64, dim: usize) -> Vec<f32> {
        let mut x = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut v: Vec<f32> = (0..dim)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((x >> 33) as f32 / (1u64 << 31) as f32) - 0.5
            })
            .collect();
        let norm = v.iter().map(|a| a * a).sum::<f32>().sqrt();
        v.iter_mut().for_each(|a| *a /= norm);
        v
    }

    #[test]
    fn exact_search_finds_each_vector_itself_first() {
        let dim = 16;
        let data: Vec<f32> = (0..300).flat_map(|i| unit(i, dim)).collect();
        let index = VectorIndex::build(&data, dim);
        let queries: Vec<f32> = [7u64, 250, 0].iter().flat_map(|&i| unit(i, dim)).collect();
        let tops = index.search(&queries, 3);
        assert_eq!(
            tops.iter().map(|t| t[0].1).collect::<Vec<_>>(),
            vec![7, 250, 0]
        );
        assert!(tops
            .iter()
            .all(|t| t.len() == 3 && (t[0].0 - 1.0).abs() < 0.02));
        assert!(tops[0][0].0 >= tops[0][1].0 && tops[0][1].0 >= tops[0][2].0);
    }

    #[test]
    fn building_row_by_row_gives_the_same_index() {
        let dim = 8;
        let rows: Vec<Vec<f32>> = (0..50).map(|i| unit(i, dim)).collect();
        let a = VectorIndex::build(&rows.concat(), dim);
        let b = VectorIndex::build_from(rows.clone(), dim);
        assert_eq!(a.codes, b.codes);
        assert_eq!(a.scales, b.scales);
        assert!((a.row_cosine(3, 3) - 1.0).abs() < 0.02);
        assert!((a.row_cosine(3, 7) - a.cosine(&rows[7], 3)).abs() < 0.02);
    }

    #[test]
    fn top_k_keeps_the_best_in_order() {
        let mut top = Vec::new();
        for (s, i) in [(0.1, 0), (0.9, 1), (0.5, 2), (0.9, 3), (0.2, 4)] {
            push_top(&mut top, 3, s, i);
        }
        assert_eq!(top, vec![(0.9, 1), (0.9, 3), (0.5, 2)]);
    }
}
