"""Which int8 rounding moves the claim decision? (issue 12, EXPERIMENTS q14)

Takes a quantized model and its fp32 source and, for each group of quantization points (the
weights of one projection, the activations feeding a layer, the word-embedding table), puts
that group back to fp32 inside the int8 graph (no recalibration) and counts the dev sentences
whose decision then differs from fp32. A group whose restoration removes flips is where the
int8 error that matters lives.

    python training/experiments/int8_sensitivity.py --out training/out/q3

OUT must hold model.fp32.onnx, model.pre.onnx (onnxruntime's pre-processed fp32 graph) and
model.int8.onnx, as `train.py --skip-train --no-ship --out OUT` leaves them. Reads ../shared.
"""
import argparse
import json
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import train as T  # noqa: E402


def session(model, threads):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.log_severity_level = 3  # restored graphs leave unused int8 initializers: not worth a warning each
    return ort.InferenceSession(model.SerializeToString(), so, providers=["CPUExecutionProvider"])


def restore(m8, pre, weights, activations, embeddings):
    """A copy of the int8 graph with the named weight DequantizeLinear nodes fed the fp32
    weights again, the named activation Quantize/Dequantize pairs bypassed and, if asked, the
    fp32 word-embedding table back."""
    import onnx
    from onnx import helper

    m = onnx.ModelProto()
    m.CopyFrom(m8)
    g = m.graph
    fp32 = {i.name: i for i in pre.graph.initializer}
    prod = {o: n for n in g.node for o in n.output}
    rename = {}
    drop = set()
    for n in g.node:
        if n.op_type != "DequantizeLinear":
            continue
        src = n.input[0]
        if src.endswith("_quantized") and src[: -len("_quantized")] in weights:
            rename[n.output[0]] = src[: -len("_quantized")]
            drop.add(n.name)
        elif src in prod and prod[src].op_type == "QuantizeLinear" and prod[src].input[0] in activations:
            rename[n.output[0]] = prod[src].input[0]
            drop.add(n.name)
    if embeddings:
        for n in g.node:
            if n.name.endswith("_dq") and n.op_type == "Mul":
                table = n.input[0][: -len("_f")]
                gather = prod[table + "_q"]
                orig = gather.input[0][: -len("_int8")]
                drop.update({gather.name, prod[n.input[1]].name, prod[n.input[0]].name, n.name})
                g.node.append(helper.make_node("Gather", [orig, gather.input[1]], [n.output[0]], axis=0))
                weights = set(weights) | {orig}
    for n in g.node:
        for k, i in enumerate(n.input):
            if i in rename:
                n.input[k] = rename[i]
    keep = [n for n in g.node if n.name not in drop]
    del g.node[:]
    g.node.extend(keep)
    have = {i.name for i in g.initializer}
    g.initializer.extend([fp32[w] for w in weights if w in fp32 and w not in have])
    # topological order: the appended Gather must precede its consumers
    from onnx import checker  # noqa: F401

    sorted_nodes, ready = [], {i.name for i in g.input} | {i.name for i in g.initializer} | {""}
    pending = list(g.node)
    while pending:
        rest = []
        for n in pending:
            if all(i in ready for i in n.input):
                sorted_nodes.append(n)
                ready.update(n.output)
            else:
                rest.append(n)
        if len(rest) == len(pending):
            raise RuntimeError("graph has a cycle or a missing input")
        pending = rest
    del g.node[:]
    g.node.extend(sorted_nodes)
    return m


def main():
    import onnx

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--data", default=os.path.join(T.REPO, "..", "shared", "data", "checkworthiness"))
    ap.add_argument("--model-dir", default=os.path.join(T.REPO, "models", "claim-minilm"),
                    help="where claimsift.json gives the temperature and threshold")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    cfg = json.load(open(os.path.join(args.model_dir, "claimsift.json")))
    temp, thr = cfg["temperature"], cfg["threshold"]
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(os.path.join(args.out, "tokenizer.json"))
    targs = T.training_defaults(data=args.data, ct24_n=0)
    _, dev, _, _ = T.load_data(targs)
    seqs = [s for n in dev for s in T.encode(tok, dev[n])]

    def scores(model):
        logits, _ = T.ort_logits(session(model, args.threads), seqs)
        return T.softmax_pos(logits, temp)

    def decisions(model):
        return scores(model) >= thr

    m8 = onnx.load(os.path.join(args.out, "model.int8.onnx"))
    pre = onnx.load(os.path.join(args.out, "model.pre.onnx"))
    p32 = scores(onnx.load(os.path.join(args.out, "model.fp32.onnx")))
    p8 = scores(m8)
    d32, d8 = p32 >= thr, p8 >= thr
    flips = d8 != d32
    delta, margin = p8 - p32, np.abs(p32 - thr)
    print(f"int8 as shipped: {int(flips.sum())} flips of {len(seqs)}; score shift int8 - fp32: mean "
          f"{delta.mean():+.4f}, mean |.| {np.abs(delta).mean():.4f}, 95th pct |.| "
          f"{np.percentile(np.abs(delta), 95):.4f}, max |.| {np.abs(delta).max():.4f}", flush=True)
    for e in (0.005, 0.01, 0.02, 0.05, 0.1):
        near = margin < e
        print(f"  fp32 score within {e} of the threshold: {int(near.sum())} sentences, {int((flips & near).sum())} of them flip")

    g = m8.graph
    prod = {o: n for n in g.node for o in n.output}
    cons = {}
    for n in g.node:
        for i in n.input:
            cons.setdefault(i, []).append(n)
    groups = {"word embeddings": (set(), set(), True)}
    for n in g.node:
        if n.op_type != "MatMul":
            continue
        w = prod.get(n.input[1])
        if w is None or w.op_type != "DequantizeLinear" or not w.input[0].endswith("_quantized"):
            continue
        name = re.sub(r"^/bert/encoder/", "", n.name).replace("/MatMul", "")
        weight = w.input[0][: -len("_quantized")]
        act_in = prod[prod[n.input[0]].input[0]].input[0]  # DQ <- Q <- fp32 activation
        out_q = [c for c in cons.get(n.output[0], []) if c.op_type == "QuantizeLinear"]
        groups[f"{name} weights"] = ({weight}, set(), False)
        if out_q:
            groups[f"{name} output"] = (set(), {n.output[0]}, False)
        layer_in = f"{name.split('/')[0]} input {act_in.split('/')[-1]}"
        groups.setdefault(layer_in, (set(), {act_in}, False))
    for layer in range(6):
        ws = set().union(*(v[0] for k, v in groups.items() if k.startswith(f"layer.{layer}/")))
        acts = set().union(*(v[1] for k, v in groups.items() if k.startswith(f"layer.{layer}")))
        groups[f"layer.{layer} everything"] = (ws, acts, False)
    for name, (ws, acts, emb) in groups.items():
        d = decisions(restore(m8, pre, ws, acts, emb))
        print(f"{name:55s} flips {int((d != d32).sum()):3d}  (fixed {int(((d8 != d32) & (d == d32)).sum())}, "
              f"new {int(((d8 == d32) & (d != d32)).sum())})", flush=True)


if __name__ == "__main__":
    main()
