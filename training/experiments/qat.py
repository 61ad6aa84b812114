"""Quantization-aware fine-tuning towards int8 = fp32 decisions (issue 12, EXPERIMENTS q15).

The shipped int8 graph (train.py `quantize`) rounds, in each of the six layers, the input of
the Q/K/V projections and of the FFN intermediate projection to uint8 (per-tensor, MinMax
ranges from the calibration sentences), those four projections' weights to int8 (symmetric,
per output channel) and their outputs before the bias to uint8; the word-embedding table is
int8 per row. This script puts the same rounding into the PyTorch model as fake quantization
(straight-through gradients) and fine-tunes a trained checkpoint briefly with

    loss = CE(fp32) + CE(int8) over 2 + type loss (fp32) + lambda * mean((d_int8 - d_fp32)^2)

where d is the claim logit margin (logit[claim] - logit[not claim]): the last term pulls
the int8 and fp32 decisions of the very same weights together, which is what the agreement
target counts. Ranges are re-observed on the calibration sentences every --recalib-every
steps, as onnxruntime's calibration will see them (real tokens only, fp32 forward).

    python training/experiments/qat.py --from training/out/run16 --out training/out/q15
    python training/train.py --skip-train --no-ship --out training/out/q15   # export, int8, figures

OUT gets best.pt (the checkpoint picked on dev: fewest fake-int8 flips among those whose fp32
selection score is within --keep of the starting one) and train_info.json, which is what
`train.py --skip-train` reads. `--check` only compares the fake int8 of --from with
OUT_FROM/model.int8.onnx (how faithful the emulation is) and exits. Reads ../shared.
"""
import argparse
import json
import os
import random
import shutil
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import train as T  # noqa: E402


def fake_uint8(x, lo, hi):
    """onnxruntime's asymmetric uint8 QuantizeLinear -> DequantizeLinear for range [lo, hi]."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = max((hi - lo) / 255.0, 1e-12)
    zp = int(min(255, max(0, round(-lo / scale))))
    return torch.fake_quantize_per_tensor_affine(x, scale, zp, 0, 255)


def fake_int8_rows(w):
    """Symmetric int8 per row of w (scale = max|row| / 127), straight-through gradient."""
    s = (w.detach().abs().amax(dim=-1, keepdim=True) / 127.0).clamp_min(1e-12)
    return w + (torch.clamp(torch.round(w.detach() / s), -127, 127) * s - w.detach())


class Switch:
    """Shared state of every wrapped module: fake int8 on/off, range observation, token mask."""

    def __init__(self):
        self.quantize = False
        self.observe = False
        self.mask = None


class FakeQuantLinear(torch.nn.Module):
    def __init__(self, lin, sw):
        super().__init__()
        self.lin, self.sw = lin, sw
        self.ranges = {"in": [np.inf, -np.inf], "out": [np.inf, -np.inf]}

    def _see(self, key, t):
        real = t[self.sw.mask] if self.sw.mask is not None and t.dim() == 3 else t
        r = self.ranges[key]
        r[0] = min(r[0], float(real.min()))
        r[1] = max(r[1], float(real.max()))

    def forward(self, x):
        w = self.lin.weight
        if self.sw.observe:
            self._see("in", x.detach())
        if self.sw.quantize:
            x = fake_uint8(x, *self.ranges["in"])
            w = fake_int8_rows(w)
        y = F.linear(x, w)
        if self.sw.observe:
            self._see("out", y.detach())
        if self.sw.quantize:
            y = fake_uint8(y, *self.ranges["out"])
        return y + self.lin.bias


class FakeQuantEmbedding(torch.nn.Module):
    def __init__(self, emb, sw):
        super().__init__()
        self.emb, self.sw = emb, sw

    def forward(self, ids):
        e = self.emb(ids)
        return fake_int8_rows(e) if self.sw.quantize else e


def wrap(model):
    sw = Switch()
    lins = []
    for layer in model.bert.encoder.layer:
        att = layer.attention.self
        for name in ("query", "key", "value"):
            q = FakeQuantLinear(getattr(att, name), sw)
            setattr(att, name, q)
            lins.append(q)
        q = FakeQuantLinear(layer.intermediate.dense, sw)
        layer.intermediate.dense = q
        lins.append(q)
    model.bert.embeddings.word_embeddings = FakeQuantEmbedding(model.bert.embeddings.word_embeddings, sw)
    return sw, lins


def unwrap_state(model):
    """State dict with the original parameter names (what train.py's export loads)."""
    sd = {}
    for k, v in model.state_dict().items():
        sd[k.replace(".lin.", ".").replace("word_embeddings.emb.", "word_embeddings.")] = v
    return sd


def run(model, sw, seqs, quantize):
    sw.quantize = quantize
    ids, mask, tt = T.pad_batch(seqs)
    sw.mask = torch.from_numpy(mask).bool()
    return model(torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(tt))


def observe(model, sw, lins, calib_seqs, bs=64):
    for q in lins:
        q.ranges = {"in": [np.inf, -np.inf], "out": [np.inf, -np.inf]}
    model.eval()
    sw.observe = True
    with torch.no_grad():
        for s in range(0, len(calib_seqs), bs):
            run(model, sw, calib_seqs[s : s + bs], False)
    sw.observe = False


def logits(model, sw, seqs, quantize, bs=64):
    model.eval()
    out = np.zeros((len(seqs), 2), dtype=np.float32)
    with torch.no_grad():
        for b in T.length_batches(seqs, bs):
            out[b] = run(model, sw, [seqs[i] for i in b], quantize)[0].numpy()
    return out


def evaluate(model, sw, dev_seqs, dev_items):
    """fp32 selection score at its best threshold (T = 1), and how many dev decisions the fake
    int8 of the same weights changes at that threshold."""
    lg32 = {n: logits(model, sw, s, False) for n, s in dev_seqs.items()}
    lg8 = {n: logits(model, sw, s, True) for n, s in dev_seqs.items()}
    y = {n: np.array([it.label for it in dev_items[n]]) for n in dev_seqs}
    thr, score, fs = T.best_threshold({n: (lg32[n], y[n]) for n in T.SELECTION_WEIGHTS})
    flips = {n: int(((T.softmax_pos(lg32[n]) >= thr) != (T.softmax_pos(lg8[n]) >= thr)).sum()) for n in dev_seqs}
    dp = np.concatenate([np.abs(T.softmax_pos(lg32[n]) - T.softmax_pos(lg8[n])) for n in dev_seqs])
    return {"score": round(score, 4), "thr": thr, "f1": {n: round(f, 4) for n, f in fs.items()},
            "flips": flips, "flips_total": sum(flips.values()), "mean_abs_dp": round(float(dp.mean()), 5)}, lg8


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(T.REPO, "..", "shared", "data", "checkworthiness"))
    ap.add_argument("--from", dest="src", required=True, help="train.py OUT dir holding best.pt and train_info.json")
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=400)
    ap.add_argument("--lr", type=float, default=1e-5)
    ap.add_argument("--lam", type=float, default=10.0, help="weight of the int8-vs-fp32 margin term")
    ap.add_argument("--recalib-every", type=int, default=100)
    ap.add_argument("--eval-every", type=int, default=100)
    ap.add_argument("--keep", type=float, default=0.003, help="fp32 selection score may fall this much")
    ap.add_argument("--calib-n", type=int, default=1000, help="as train.py's --calib-n")
    ap.add_argument("--calib-news", type=float, default=1.0, help="as train.py's --calib-news")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    with open(os.path.join(args.src, "train_info.json")) as f:
        src_info = json.load(f)
    targs = T.training_defaults(**{**src_info["args"], "data": args.data})
    base_dir = T.find_base(None)
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(os.path.join(args.src, "tokenizer.json"))
    mix, dev, news_train, ct_mix = T.load_data(targs)
    mix_seqs = T.encode(tok, mix)
    dev_seqs = {n: T.encode(tok, items) for n, items in dev.items()}
    # the calibration sentences train.py will give onnxruntime (same seed, same draw)
    rng = random.Random(targs.seed + 1)
    n_news = round(args.calib_n * args.calib_news)
    calib_seqs = T.encode(tok, rng.sample(news_train, n_news) + rng.sample(ct_mix, args.calib_n - n_news))

    model = T.ClaimTypeModel(base_dir)
    model.load_state_dict(torch.load(os.path.join(args.src, "best.pt"), map_location="cpu"))
    sw, lins = wrap(model)
    observe(model, sw, lins, calib_seqs)
    row, lg8 = evaluate(model, sw, dev_seqs, dev)
    T.log("start", json.dumps(row))

    if args.check:
        s8 = T.ort_session(os.path.join(args.src, "model.int8.onnx"), args.threads)
        s32 = T.ort_session(os.path.join(args.src, "model.fp32.onnx"), args.threads)
        for n in dev_seqs:
            o8, o32 = T.ort_logits(s8, dev_seqs[n])[0], T.ort_logits(s32, dev_seqs[n])[0]
            d_ort = (o8[:, 1] - o8[:, 0]) - (o32[:, 1] - o32[:, 0])
            d_fq = (lg8[n][:, 1] - lg8[n][:, 0]) - (o32[:, 1] - o32[:, 0])
            T.log(f"{n}: margin error ort int8 mean|.| {np.abs(d_ort).mean():.4f}, fake int8 {np.abs(d_fq).mean():.4f}, "
                  f"correlation {np.corrcoef(d_ort, d_fq)[0, 1]:.3f}, mean|ort - fake| {np.abs(o8 - lg8[n]).mean():.4f}")
        return

    os.makedirs(args.out, exist_ok=True)
    labels = np.array([it.label for it in mix], dtype=np.int64)
    types = np.array([it.type for it in mix], dtype=np.int64)
    lengths = [len(s[0]) for s in mix_seqs]
    opt = torch.optim.AdamW(T.param_groups(model, args.lr), lr=args.lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 20) * max(0.0, 1 - s / args.steps))
    ce = torch.nn.CrossEntropyLoss()
    rows = [{"step": 0, **row}]
    start_score = row["score"]
    best = None
    batches = []
    brng = random.Random(targs.seed + 7)
    t0 = time.time()
    for step in range(1, args.steps + 1):
        if not batches:
            batches = T.bucket_batches(len(mix_seqs), lengths, targs.batch_size, brng)
        b = batches.pop()
        model.eval()  # no dropout: both passes must see the same network
        seqs = [mix_seqs[i] for i in b]
        yb = torch.from_numpy(labels[b])
        o32, t32 = run(model, sw, seqs, False)
        o8, _ = run(model, sw, seqs, True)
        m32, m8 = o32[:, 1] - o32[:, 0], o8[:, 1] - o8[:, 0]
        gap = ((m8 - m32) ** 2).mean()
        loss = (ce(o32, yb) + ce(o8, yb)) / 2 + args.lam * gap
        loss = loss + targs.type_weight * T.masked_mean_ce(t32, torch.from_numpy(types[b]))
        T.optimizer_step(loss, model, opt, sched)
        if step % 25 == 0:
            el = time.time() - t0
            T.log(f"step {step}/{args.steps} loss {loss.item():.4f} gap {gap.item():.5f} {step / el:.2f} steps/s")
        if step % args.recalib_every == 0:
            observe(model, sw, lins, calib_seqs)
        if step % args.eval_every == 0 or step == args.steps:
            row, _ = evaluate(model, sw, dev_seqs, dev)
            row = {"step": step, **row, "elapsed_s": round(time.time() - t0, 1)}
            rows.append(row)
            T.log("eval", json.dumps(row))
            ok = row["score"] >= start_score - args.keep
            if ok and (best is None or (row["flips_total"], -row["score"]) < (best["flips_total"], -best["score"])):
                best = row
                torch.save(unwrap_state(model), os.path.join(args.out, "best.pt"))
                T.log("  new best -> saved")
    if best is None:
        T.log("no checkpoint kept the selection score; nothing saved")
        return
    info = {"args": {**src_info["args"], "out": args.out}, "qat": vars(args),
            "training_wall_time_s": round(src_info["training_wall_time_s"] + time.time() - t0, 1),
            "best": best, "evals": src_info.get("evals", []), "qat_evals": rows}
    with open(os.path.join(args.out, "train_info.json"), "w") as f:
        json.dump(info, f, indent=1)
    shutil.copyfile(os.path.join(args.src, "tokenizer.json"), os.path.join(args.out, "tokenizer.json"))
    T.log("best", json.dumps(best))


if __name__ == "__main__":
    main()
