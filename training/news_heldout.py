"""Writes the held-out half of news_dev (the part never trained on) as a TSV for `claimsift eval`.

Usage: python training/news_heldout.py [--data ../shared/data/checkworthiness] [--heldout half] OUT.tsv

--heldout must match the model's training run (`news_heldout` in models/claim-minilm/claimsift.json
metrics note; train.py --news-heldout).

The split rule lives in train.py (`news_split`); this script only applies it, so the reported
news F1 is always measured on exactly the sentences the model did not see.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train import NEWS_HELDOUT, REPO, news_split, read_tsv  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.path.join(REPO, "..", "shared", "data", "checkworthiness"))
    ap.add_argument("--heldout", choices=NEWS_HELDOUT, default="half",
                    help="the --news-heldout the model was trained with")
    ap.add_argument("out")
    args = ap.parse_args()
    rows = read_tsv(os.path.join(args.data, "news_dev", "dev.tsv"))
    _, held = news_split(rows, args.heldout)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("id\ttext\tlabel\n")
        for r in held:
            f.write(f"{r[0]}\t{r[1]}\t{r[2]}\n")
    print(f"{len(held)} held-out news sentences ({sum(r[2] for r in held)} positive) -> {args.out}")


if __name__ == "__main__":
    main()
