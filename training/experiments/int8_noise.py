"""How far the int8 model's claim probability strays from fp32 on the dev sets (EXPERIMENTS q16).

Flip counts are a noisy figure (a flip needs a sentence near the threshold), so this also
prints the size of the int8 error itself: mean, 95th percentile and max |P_int8 - P_fp32|
and the mean error of the logit margin, with the T and threshold of OUT/report.json.

    python training/experiments/int8_noise.py training/out/q3 training/out/q16 ...

Each OUT must hold model.fp32.onnx, model.int8.onnx, tokenizer.json and report.json, as
`train.py --no-ship --out OUT` leaves them. Reads ../shared.
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import train as T  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outs", nargs="+")
    ap.add_argument("--data", default=os.path.join(T.REPO, "..", "shared", "data", "checkworthiness"))
    args = ap.parse_args()
    from tokenizers import Tokenizer

    data = T.training_defaults(data=args.data, ct24_n=0)
    _, dev, _, _ = T.load_data(data)
    for out in args.outs:
        with open(os.path.join(out, "report.json")) as f:
            rep = json.load(f)
        temp, thr = rep["temperature"], rep["threshold"]
        tok = Tokenizer.from_file(os.path.join(out, "tokenizer.json"))
        s32 = T.ort_session(os.path.join(out, "model.fp32.onnx"))
        s8 = T.ort_session(os.path.join(out, "model.int8.onnx"))
        dp, dm, flips, near = [], [], 0, 0
        for items in dev.values():
            seqs = T.encode(tok, items)
            o32, o8 = T.ort_logits(s32, seqs)[0], T.ort_logits(s8, seqs)[0]
            p32, p8 = T.softmax_pos(o32, temp), T.softmax_pos(o8, temp)
            dp.append(np.abs(p8 - p32))
            dm.append(np.abs((o8[:, 1] - o8[:, 0]) - (o32[:, 1] - o32[:, 0])))
            flips += int(((p32 >= thr) != (p8 >= thr)).sum())
            near += int((np.abs(p32 - thr) < 0.1).sum())
        dp, dm = np.concatenate(dp), np.concatenate(dm)
        print(f"{out}: flips {flips} of {len(dp)} (agreement {1 - flips / len(dp):.4f}); |dP| mean {dp.mean():.4f} "
              f"p95 {np.percentile(dp, 95):.4f} max {dp.max():.4f}; |d margin| mean {dm.mean():.4f}; "
              f"{near} sentences within 0.1 of the threshold {thr}")


if __name__ == "__main__":
    main()
