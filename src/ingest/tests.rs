//! Tests across the ingest module: fixture files, read errors, and the offset invariants
//! over random and mutated inputs.

use std::path::{Path, PathBuf};

use super::*;
use crate::text::CleanText;

/// Checks the offset map of `body` against `original`: every char-boundary range maps
/// inside `original` onto char boundaries, single characters map monotonically, and a
/// letter or digit maps onto itself unless it came from a character reference.
pub(crate) fn check_invariants(original: &str, body: &CleanText) {
    let text = body.text();
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let ok = |r: &std::ops::Range<usize>| {
        r.start <= r.end
            && r.end <= original.len()
            && original.is_char_boundary(r.start)
            && original.is_char_boundary(r.end)
    };
    let whole = body.to_original(0..text.len());
    assert!(ok(&whole), "whole {whole:?}");
    let mut prev = 0..0;
    for w in bounds.windows(2) {
        let r = body.to_original(w[0]..w[1]);
        assert!(ok(&r), "{:?} -> {r:?} in {original:?}", w);
        assert!(
            r.start >= prev.start && r.end >= prev.end,
            "not monotonic: {prev:?} then {r:?} for {:?}",
            w
        );
        assert!(r.start >= whole.start && r.end <= whole.end);
        let c = &text[w[0]..w[1]];
        if c.chars().all(char::is_alphanumeric) {
            let o = &original[r.clone()];
            assert!(
                o == c || o.starts_with('&'),
                "{c:?} maps to {o:?} ({r:?}) in {original:?}"
            );
        }
        prev = r;
    }
    // Some longer ranges, including empty ones.
    let n = bounds.len();
    for k in 0..n.min(64) {
        let a = bounds[(k * 7919) % n];
        let b = bounds[(k * 104_729 + 13) % n];
        let (a, b) = (a.min(b), a.max(b));
        let r = body.to_original(a..b);
        assert!(ok(&r), "{a}..{b} -> {r:?}");
        let ra = body.to_original(a..a);
        assert!(ok(&ra));
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ingest")
        .join(name)
}

fn read(name: &str) -> Result<Article, IngestError> {
    read_article(&fixture(name), name.to_string())
}

#[test]
fn plain_fixture() {
    let a = read("article.txt").unwrap();
    assert_eq!(a.format, Format::Plain);
    assert_eq!(a.encoding, "UTF-8");
    assert_eq!(
        a.title.as_deref(),
        Some("Harbour authority rejects claims over new container terminal")
    );
    assert_eq!(a.date.as_deref(), Some("2021-06-14"));
    let t = a.body.text();
    assert!(t.starts_with("In a short statement,"), "{t:?}");
    assert!(t.contains("said on Monday that the terminal “will handle about 40 per cent more containers, not twice as many,” according to the statement published online."));
    assert!(t.contains("READ MORE: Valmara port expansion approved"));
    assert!(!t.contains('*') && !t.contains("](") && !t.contains("---"));
    // A sentence with emphasis and a link maps to its exact original span.
    let s = t.find("The harbour master").unwrap();
    let e = t.find("published online.").unwrap() + "published online.".len();
    let r = a.body.to_original(s..e);
    assert_eq!(
        &a.original[r],
        "The harbour master said on Monday that the terminal *“will handle about 40 per cent more containers, not twice as many,”* according to the [statement](#) published online."
    );
    check_invariants(&a.original, &a.body);
    let sentences = crate::text::sentences(&a.original, &a.body);
    assert!(sentences.len() >= 4, "{sentences:?}");
}

#[test]
fn markdown_fixture() {
    let a = read("article.md").unwrap();
    assert_eq!(a.format, Format::Markdown);
    assert_eq!(
        a.title.as_deref(),
        Some("Rainfall in the valley hits a record")
    );
    assert_eq!(a.date.as_deref(), Some("2022-09-03"));
    assert_eq!(
        a.body.text(),
        "Rainfall in the valley hits a record\n\n\
         The weather office said that 312 millimetres of rain fell in August, the highest total since records began in 1891.\n\n\
         What the data show\n\n\
         Rain fell on 24 of 31 days.\n\n\
         The previous record, set in 1954, was 287 millimetres.\n\n\
         \"We have never seen anything like it,\" said a farmer in the village.\n\n\
         See the full report for details & charts.\n\n"
    );
    check_invariants(&a.original, &a.body);
}

#[test]
fn html_fixture() {
    let a = read("article.html").unwrap();
    assert_eq!(a.format, Format::Html);
    assert_eq!(
        a.title.as_deref(),
        Some("Bridge repairs to cost £4m – City Desk")
    );
    assert_eq!(a.date.as_deref(), Some("2020-11-05"));
    let t = a.body.text();
    assert_eq!(
        crate::text::fold_whitespace(t),
        "The council said on Thursday that repairs to the Old Mill bridge will cost £4 million, twice the original estimate. “We have no choice,” the council leader said — the bridge carries 9,000 vehicles a day. Work is expected to take 18 months… according to the published plan."
    );
    assert!(!t.contains("track") && !t.contains("Home") && !t.contains("Most read"));
    check_invariants(&a.original, &a.body);
}

#[test]
fn encodings_from_files() {
    let a = read("cp1252.txt").unwrap();
    assert_eq!(a.encoding, "windows-1252");
    assert!(a
        .body
        .text()
        .contains("The minister said “the economy is growing” – by 2 per cent"));
    assert!(a.body.text().contains("déclaré que “l’économie progresse”"));
    for (name, enc) in [
        ("utf16le.txt", "UTF-16LE"),
        ("utf16be.txt", "UTF-16BE"),
        ("utf8_bom.txt", "UTF-8"),
    ] {
        let a = read(name).unwrap();
        assert_eq!(a.encoding, enc, "{name}");
        assert!(a.original.starts_with("---\nA title"), "{name}: BOM kept");
        assert_eq!(a.title.as_deref(), Some("A title"));
        assert_eq!(a.date.as_deref(), Some("2020-02-01"));
        assert_eq!(
            a.body.text(),
            "The river rose by 3 metres – “unprecedented”, officials said.\n\n"
        );
        check_invariants(&a.original, &a.body);
    }
}

#[test]
fn binary_and_empty_files() {
    let e = read("image.txt").unwrap_err().to_string();
    assert!(e.contains("image.txt"), "{e}");
    assert!(e.contains("binary file (PNG image), not text"), "{e}");
    assert!(e.contains("convert it to UTF-8"), "{e}");
    let a = read("empty.txt").unwrap();
    assert!(a.body.is_empty());
    assert_eq!(a.title, None);
    let mostly_nul = [&b"abc"[..], &[0; 20], b"def"].concat();
    let e = parse_article(&mostly_nul, Format::Plain, "-".into(), "-".into())
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("<stdin>: binary file (NUL bytes)"), "{e}");
    // A few stray NULs are removed, with a warning naming the file.
    let a = parse_article(b"abc\0\0def", Format::Plain, "x.txt".into(), "x.txt".into()).unwrap();
    assert_eq!(a.original, "abcdef");
    assert_eq!(a.warnings.len(), 1);
    assert!(
        a.warnings[0].starts_with("x.txt: 2 stray NUL bytes removed"),
        "{:?}",
        a.warnings
    );
}

#[test]
fn read_errors_name_the_path() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("folder.txt");
    std::fs::create_dir(&dir).unwrap();
    let e = read_article(&dir, "folder.txt".into())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("folder.txt") && e.contains("is a directory"),
        "{e}"
    );
    let missing = d.path().join("missing.txt");
    let e = read_article(&missing, "missing.txt".into()).unwrap_err();
    assert!(matches!(e, IngestError::Io { .. }));
    assert!(e.to_string().contains("missing.txt"));
    #[cfg(unix)]
    {
        let fifo = d.path().join("pipe.txt");
        let ok = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            let e = read_article(&fifo, "pipe.txt".into())
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("pipe.txt") && e.contains("not a regular file"),
                "{e}"
            );
        }
    }
}

#[test]
fn stdin_sniffing() {
    let a = parse_stdin(b"<!doctype html><p>Hello &amp; bye.</p>").unwrap();
    assert_eq!(a.format, Format::Html);
    assert_eq!(a.body.text(), "Hello & bye.\n\n");
    assert_eq!(a.display, "<stdin>");
    let a = parse_stdin(b"---\nT\n---\n\nSome *text*.\n").unwrap();
    assert_eq!(a.format, Format::Plain);
    assert_eq!(a.body.text(), "Some text.\n\n");
    assert_eq!(Format::sniff("  <HTML>"), Format::Html);
    assert_eq!(Format::sniff("text <body> here"), Format::Html);
    assert_eq!(Format::sniff("1 < 2"), Format::Plain);
    assert_eq!(Format::from_path(Path::new("a/B.HTM")), Some(Format::Html));
    assert_eq!(
        Format::from_path(Path::new("a.markdown")),
        Some(Format::Markdown)
    );
    assert_eq!(Format::from_path(Path::new("a.rst")), None);
}

/// xorshift64*: a tiny deterministic RNG for the property tests.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "*",
    "_",
    "**",
    "__",
    "~~",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "`",
    "```",
    "~~~",
    "\n",
    "\n\n",
    "\r\n",
    "# ",
    "## ",
    "- ",
    "* ",
    "1. ",
    "2) ",
    "> ",
    "|",
    "|---|",
    "---",
    "===",
    "\t",
    " ",
    "  ",
    "<p>",
    "</p>",
    "<br>",
    "<div>",
    "</div>",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    "<nav>",
    "</nav>",
    "<h1>",
    "</h1>",
    "<title>",
    "</title>",
    "<a href=\"",
    "\">",
    "'",
    "\"",
    "=",
    "<",
    ">",
    "</",
    "<!",
    "<![CDATA[",
    "&",
    "&amp;",
    "&#8217;",
    "&#x2019;",
    "&rsquo;",
    "&nbsp;",
    "&#",
    "&#x",
    ";",
    "é",
    "“",
    "”",
    "—",
    "😀",
    "\u{feff}",
    "word",
    "Text.",
    "Mr. Smith said 40% rose.",
    "23/10/2017",
    "2017-10-23",
    "\\",
    "^",
    "!",
    "<meta name=\"date\" content=\"",
    "<time datetime=\"",
    "[^1]",
    "[x] ",
    "+++",
    "title: x",
];

fn random_doc(rng: &mut Rng) -> String {
    let len = rng.below(120);
    (0..len).map(|_| TOKENS[rng.below(TOKENS.len())]).collect()
}

/// Inserts, deletes and duplicates pieces of `base` at char boundaries.
fn mutate(rng: &mut Rng, base: &str) -> String {
    let mut s = base.to_string();
    for _ in 0..1 + rng.below(8) {
        let mut at = rng.below(s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        match rng.below(3) {
            0 => s.insert_str(at, TOKENS[rng.below(TOKENS.len())]),
            1 => {
                let mut end = (at + rng.below(40)).min(s.len());
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                s.replace_range(at..end, "");
            }
            _ => {
                let mut end = (at + rng.below(60)).min(s.len());
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                let piece = s[at..end].to_string();
                s.insert_str(end, &piece);
            }
        }
    }
    s
}

#[test]
fn property_random_and_mutated_inputs() {
    let bases: Vec<String> = ["article.txt", "article.md", "article.html"]
        .iter()
        .map(|n| std::fs::read_to_string(fixture(n)).unwrap())
        .collect();
    // CLAIMSIFT_PROP_ROUNDS / CLAIMSIFT_PROP_SEED run longer or other searches.
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let rounds = env("CLAIMSIFT_PROP_ROUNDS").unwrap_or(400);
    let mut rng = Rng(env("CLAIMSIFT_PROP_SEED").unwrap_or(0x9E37_79B9_7F4A_7C15) | 1);
    for round in 0..rounds {
        let doc = if round % 2 == 0 {
            random_doc(&mut rng)
        } else {
            let base = &bases[rng.below(bases.len())];
            mutate(&mut rng, base)
        };
        for format in [Format::Plain, Format::Markdown, Format::Html] {
            let e = extract(&doc, format);
            check_invariants(&doc, &e.body);
            if let Some(d) = &e.date {
                assert_eq!(d.len(), 10, "{d}");
            }
            let _ = crate::text::sentences(&doc, &e.body);
        }
        // Random bytes through the decoder and the whole pipeline never panic.
        let bytes: Vec<u8> = (0..rng.below(300)).map(|_| rng.next() as u8).collect();
        if let Ok(a) = parse_bytes(&bytes, None, "-".into(), "-".into()) {
            check_invariants(&a.original, &a.body);
        }
    }
}

#[test]
fn large_input_is_linear() {
    // Linear, not quadratic: four times the input may take about four times as long, never
    // sixteen. Compared as a ratio of the best of three runs, so a loaded machine (the
    // absolute time) does not decide it.
    let para = "The council said on *Thursday* that [repairs](#) will cost &pound;4 million.\n";
    let best_of_three = |paragraphs: usize| {
        let md = para.repeat(paragraphs);
        let html = format!("<p>{}</p>", para.repeat(paragraphs));
        (0..3)
            .map(|_| {
                let t = std::time::Instant::now();
                let e = extract(&md, Format::Markdown);
                assert!(e.body.text().len() > paragraphs * 50);
                let _ = extract(&md, Format::Plain);
                let _ = extract(&html, Format::Html);
                t.elapsed()
            })
            .min()
            .unwrap()
    };
    let small = best_of_three(5_000);
    let large = best_of_three(20_000);
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    assert!(
        ratio < 9.0,
        "4x the input took {ratio:.1}x as long ({small:?} -> {large:?})"
    );
}
