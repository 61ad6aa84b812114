//! Matching new claims against a large memory (target: 100,000 against 1,000,000 in under
//! two minutes on the 2-core development machine), with peak memory.
//!
//! Run with `cargo bench --bench memory_match` (or `-- QUERIES MEMORY` for other sizes).
//! Vectors are synthetic but shaped like sentence embeddings: unit 384-d vectors around
//! 2,000 topic centres (cosine about 0.5 between claims of a topic). Half the queries are
//! paraphrases of a remembered claim (cosine about 0.9 to it), the other half new claims
//! from the same topics. Reported: time to index the memory, time to search, how often the
//! planted claim comes first, and agreement of the first result with an exhaustive scan on
//! a sample of queries.

use std::time::Instant;

use claimsift::memory::VectorIndex;
use rayon::prelude::*;

const DIM: usize = 384;
const TOPICS: usize = 2_000;

/// SplitMix64: fast, seedable, good enough for test vectors.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Roughly normal noise (sum of uniforms), `n` values from `seed`.
fn noise(seed: u64, n: usize, out: &mut [f32], sd: f32) {
    for (i, x) in out.iter_mut().enumerate().take(n) {
        let r = mix(seed.wrapping_mul(1_000_003).wrapping_add(i as u64));
        let a = (r & 0xFFFF) as f32 + ((r >> 16) & 0xFFFF) as f32 + ((r >> 32) & 0xFFFF) as f32;
        *x += (a / 65_535.0 - 1.5) * 2.0 * sd;
    }
}

fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter_mut().for_each(|x| *x /= n);
}

fn centres() -> Vec<f32> {
    let mut c = vec![0.0f32; TOPICS * DIM];
    c.par_chunks_mut(DIM).enumerate().for_each(|(t, v)| {
        noise(1 << 40 | t as u64, DIM, v, 1.0);
        normalise(v);
    });
    c
}

/// Claim `i`: its topic centre plus noise giving cosine ≈ 0.7 to the centre.
fn claims(count: usize, salt: u64, centres: &[f32]) -> Vec<f32> {
    let mut out = vec![0.0f32; count * DIM];
    out.par_chunks_mut(DIM).enumerate().for_each(|(i, v)| {
        let topic = (mix(salt ^ i as u64) % TOPICS as u64) as usize;
        v.copy_from_slice(&centres[topic * DIM..(topic + 1) * DIM]);
        noise(salt << 32 | i as u64, DIM, v, 0.052);
        normalise(v);
    });
    out
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let queries_n = args.first().copied().unwrap_or(100_000);
    let memory_n = args.get(1).copied().unwrap_or(1_000_000);
    let started = Instant::now();
    let centres = centres();
    let memory = claims(memory_n, 1, &centres);
    // Even queries paraphrase remembered claim q * 7 (cosine ≈ 0.9); odd ones are new.
    let mut queries = claims(queries_n, 2, &centres);
    queries
        .par_chunks_mut(DIM)
        .enumerate()
        .filter(|(q, _)| q % 2 == 0)
        .for_each(|(q, v)| {
            let source = (q * 7) % memory_n;
            v.copy_from_slice(&memory[source * DIM..(source + 1) * DIM]);
            noise(3 << 32 | q as u64, DIM, v, 0.0245);
            normalise(v);
        });
    println!(
        "generated {memory_n} remembered + {queries_n} query vectors in {:.1}s",
        started.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let index = VectorIndex::build(&memory, DIM);
    let build = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let found = index.search(&queries, 5);
    let search = t.elapsed().as_secs_f64();
    let planted = (0..queries_n).step_by(2).count();
    let first = (0..queries_n)
        .step_by(2)
        .filter(|&q| found[q].first().map(|&(_, i)| i as usize) == Some((q * 7) % memory_n))
        .count();

    // Exhaustive top-1 for a sample, against the same int8 codes.
    let sample: Vec<usize> = (0..queries_n).step_by((queries_n / 400).max(1)).collect();
    let agree = sample
        .par_iter()
        .filter(|&&q| {
            let query = &queries[q * DIM..(q + 1) * DIM];
            let best = (0..memory_n as u32)
                .map(|i| (index.cosine(query, i), i))
                .fold((f32::NEG_INFINITY, 0), |a, b| if b.0 > a.0 { b } else { a });
            found[q].first().map(|&(_, i)| i) == Some(best.1)
        })
        .count();
    println!(
        "index {memory_n}: {build:.1}s ({:.0} MB); search {queries_n} queries, top 5: {search:.1}s; \
         total {:.1}s",
        index.heap_bytes() as f64 / 1e6,
        build + search
    );
    println!(
        "planted paraphrase first: {first}/{planted} ({:.1}%); first result = exhaustive scan's \
         for {agree}/{} sampled queries ({:.1}%)",
        100.0 * first as f64 / planted as f64,
        sample.len(),
        100.0 * agree as f64 / sample.len() as f64
    );
    println!(
        "peak RSS {:.0} MB (test vectors included: {:.0} MB)",
        peak_rss_mb(),
        (memory.len() + queries.len()) as f64 * 4.0 / 1e6
    );
}
