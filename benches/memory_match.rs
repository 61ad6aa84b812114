//! Matching new claims against a large memory (target: 100,000 against 1,000,000 in under
//! two minutes on the 2-core development machine), with peak memory.
//!
//! Run with `cargo bench --bench memory_match` (or `-- QUERIES MEMORY` for other sizes;
//! `-- QUERIES MEMORY full` for the whole matcher).
//! Vectors are synthetic but shaped like sentence embeddings: unit 384-d vectors around
//! 2,000 topic centres (cosine about 0.5 between claims of a topic). Half the queries are
//! paraphrases of a remembered claim (cosine about 0.9 to it), the other half new claims
//! from the same topics. Reported: time to index the memory, time to search, how often the
//! planted claim comes first, and agreement of the first result with an exhaustive scan on
//! a sample of queries.
//!
//! `full` measures what scan does instead: [`MemoryIndex`] over remembered claims with
//! text (vector index, BM25, figures) and [`MemoryIndex::rank`] of claims with a context
//! sentence, then the confidence of each best candidate. The texts are synthetic too: words
//! of the claim's topic and common words drawn with Zipf-like frequencies, a figure in a
//! third of them; paraphrases keep most of their source's words. Figures are in
//! `bench/README.md`.

use std::time::Instant;

use claimsift::memory::{MatchOptions, MatchQuery, MemoryIndex, Remembered, VectorIndex};
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

fn topic_of(salt: u64, i: usize) -> usize {
    (mix(salt ^ i as u64) % TOPICS as u64) as usize
}

/// A synthetic claim of topic `topic`: 5 topic words, 6 common words (log-uniform over
/// 5,000, so a few are very frequent), a figure in a third of them.
fn claim_text(seed: u64, topic: usize) -> String {
    let mut words = Vec::with_capacity(14);
    for j in 0..5u64 {
        words.push(format!("t{}x{}", topic, mix(seed ^ (j << 56)) % 25));
    }
    for j in 5..11u64 {
        let u = (mix(seed ^ (j << 56)) % 1_000_000) as f64 / 1e6;
        words.push(format!("w{}", (5000f64.powf(u) as u64).saturating_sub(1)));
    }
    if mix(seed ^ 0xF1).is_multiple_of(3) {
        words.push(format!("{}", mix(seed ^ 0xF2) % 2000));
    }
    format!("the {} of {}.", words[..6].join(" "), words[6..].join(" "))
}

/// Keeps about 70% of a claim's words and adds two common ones.
fn paraphrase(text: &str, seed: u64) -> String {
    let mut out: Vec<String> = text
        .trim_end_matches('.')
        .split(' ')
        .enumerate()
        .filter(|(j, _)| mix(seed ^ *j as u64) % 10 < 7)
        .map(|(_, w)| w.to_string())
        .collect();
    out.push(format!("w{}", mix(seed ^ 0xA1) % 300));
    out.push(format!("w{}", mix(seed ^ 0xA2) % 3000));
    out.join(" ") + "."
}

fn full(memory: Vec<f32>, queries: Vec<f32>, memory_n: usize, queries_n: usize) {
    let t = Instant::now();
    let mut vectors = memory;
    let mut rows: Vec<Remembered> = Vec::with_capacity(memory_n);
    // Rows take their vectors from the end, so the flat buffer shrinks as they are made.
    for i in (0..memory_n).rev() {
        let vector = vectors.split_off(i * DIM);
        rows.push(Remembered {
            claim_id: format!("m{i}"),
            text: claim_text(1 << 50 | i as u64, topic_of(1, i)),
            verdict: "check".into(),
            notes: String::new(),
            article: String::new(),
            title: String::new(),
            article_date: String::new(),
            reviewed: "2024-01-01".into(),
            source: String::new(),
            tool_version: String::new(),
            model: String::new(),
            embedder: String::new(),
            vector,
        });
        if i % 65_536 == 0 {
            vectors.shrink_to_fit();
        }
    }
    rows.reverse();
    let texts: Vec<String> = (0..queries_n)
        .map(|q| {
            if q % 2 == 0 {
                paraphrase(&rows[(q * 7) % memory_n].text, 3 << 50 | q as u64)
            } else {
                claim_text(2 << 50 | q as u64, topic_of(2, q))
            }
        })
        .collect();
    let contexts: Vec<String> = (0..queries_n)
        .map(|q| claim_text(4 << 50 | q as u64, topic_of(4, q)))
        .collect();
    println!(
        "texts: {memory_n} remembered + {queries_n} queries with context in {:.1}s",
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let options = MatchOptions::default();
    let index = MemoryIndex::build(rows, DIM, options);
    let build = t.elapsed().as_secs_f64();
    let asked: Vec<MatchQuery> = texts
        .iter()
        .zip(&contexts)
        .map(|(text, context)| MatchQuery::with_context(text, context))
        .collect();
    let t = Instant::now();
    // Scan would embed each claim alone and with its context; here the query vector stands
    // for that mix.
    let ranked = index.rank(&asked, &queries);
    let assessed: Vec<_> = ranked.par_iter().map(|r| index.assess(r)).collect();
    let search = t.elapsed().as_secs_f64();
    let planted = (0..queries_n).step_by(2).count();
    let first = (0..queries_n)
        .step_by(2)
        .filter(|&q| assessed[q].is_some_and(|b| b.best.row as usize == (q * 7) % memory_n))
        .count();
    let matched = assessed.iter().flatten().filter(|b| b.matched).count();
    println!(
        "full matcher: index {memory_n} claims {build:.1}s; rank + assess {queries_n} queries \
         {search:.1}s; total {:.1}s",
        build + search
    );
    println!(
        "planted paraphrase first: {first}/{planted} ({:.1}%); {matched} queries over the \
         shipped threshold",
        100.0 * first as f64 / planted as f64
    );
    println!(
        "peak RSS {:.0} MB (query vectors included: {:.0} MB)",
        peak_rss_mb(),
        queries.len() as f64 * 4.0 / 1e6
    );
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let whole_matcher = std::env::args().skip(1).any(|a| a == "full");
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
    if whole_matcher {
        drop(centres);
        full(memory, queries, memory_n, queries_n);
        return;
    }

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
