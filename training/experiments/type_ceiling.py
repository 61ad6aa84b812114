"""How far can the claim-type head go with this encoder and this data? (issue 13, EXPERIMENTS t1-t2)

  t1  refit: a multinomial logistic regression on the shipped checkpoint's pooled output (the
      type head's own input), fitted on news_articles train positives, scored on dev positives.
  t2  type-only fine-tune: all-MiniLM-L6-v2 fine-tuned on the type of news_articles train
      positives alone (no claim loss), dev type accuracy every half epoch.

    python training/experiments/type_ceiling.py refit --ckpt training/out/run16/best.pt
    python training/experiments/type_ceiling.py finetune --epochs 4

Needs training/requirements.txt plus scikit-learn (refit only). Reads ../shared.
"""
import argparse
import os
import random
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import train as T  # noqa: E402

DATA = os.path.join(T.REPO, "..", "shared", "data", "checkworthiness", "news_articles")


def typed(split, tok):
    arts = T.read_articles(os.path.join(DATA, "articles.jsonl"))
    items = [it for it in T.news_items(T.read_rows(os.path.join(DATA, f"{split}.tsv")), arts, False) if it.type >= 0]
    return T.encode(tok, items), np.array([it.type for it in items])


def pooled(model, seqs):
    model.eval()
    out = np.zeros((len(seqs), model.bert.config.hidden_size), dtype=np.float32)
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i][0]))
    with torch.no_grad():
        for s in range(0, len(order), 64):
            b = order[s:s + 64]
            ids, mask, tt = map(torch.from_numpy, T.pad_batch([seqs[i] for i in b]))
            out[b] = model.bert(input_ids=ids, attention_mask=mask, token_type_ids=tt).pooler_output.numpy()
    return out


def refit(args, tok):
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    model = T.ClaimTypeModel(T.find_base(None))
    model.load_state_dict(torch.load(args.ckpt, map_location="cpu"))
    (trs, ytr), (dvs, ydv) = typed("train", tok), typed("dev", tok)
    xtr, xdv = pooled(model, trs), pooled(model, dvs)
    with torch.no_grad():
        head = model.type_classifier(torch.from_numpy(xdv)).numpy().argmax(1)
    print(f"trained head: dev type accuracy {(head == ydv).mean():.4f}")
    for c in (0.1, 1.0):
        for cw in (None, "balanced"):
            sc = StandardScaler().fit(xtr)
            lr = LogisticRegression(C=c, max_iter=5000, class_weight=cw).fit(sc.transform(xtr), ytr)
            print(f"refit C={c} class_weight={cw}: dev type accuracy {(lr.predict(sc.transform(xdv)) == ydv).mean():.4f}")


def finetune(args, tok):
    from transformers import get_linear_schedule_with_warmup

    T.set_seed(args.seed)
    rng = random.Random(args.seed)
    model = T.ClaimTypeModel(T.find_base(None))
    (trs, ytr), (dvs, ydv) = typed("train", tok), typed("dev", tok)
    per_epoch = len(trs) // args.batch_size + 1
    total = int(per_epoch * args.epochs)
    opt = torch.optim.AdamW(T.param_groups(model, args.lr), lr=args.lr)
    sched = get_linear_schedule_with_warmup(opt, int(0.06 * total), total)
    lossf = torch.nn.CrossEntropyLoss()
    lengths = [len(s[0]) for s in trs]
    step, t0 = 0, time.time()
    model.train()
    while step < total:
        for b in T.bucket_batches(len(trs), lengths, args.batch_size, rng):
            _, tout = T.forward(model, [trs[i] for i in b])
            T.optimizer_step(lossf(tout, torch.from_numpy(ytr[b])), model, opt, sched)
            step += 1
            if step % (per_epoch // 2) == 0 or step == total:
                _, tl = T.torch_logits(model, dvs)
                print(f"epoch {step / per_epoch:.2f}: dev type accuracy {(tl.argmax(1) == ydv).mean():.4f} ({time.time() - t0:.0f}s)", flush=True)
                model.train()
            if step >= total:
                break


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["refit", "finetune"])
    ap.add_argument("--ckpt", default=os.path.join(T.REPO, "training", "out", "run16", "best.pt"))
    ap.add_argument("--tokenizer", default=os.path.join(T.REPO, "models", "claim-minilm", "tokenizer.json"))
    ap.add_argument("--epochs", type=float, default=4)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(2)
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(args.tokenizer)
    (refit if args.mode == "refit" else finetune)(args, tok)


if __name__ == "__main__":
    main()
