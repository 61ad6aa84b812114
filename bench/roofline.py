#!/usr/bin/env python3
"""How many sentences/s this CPU can give MiniLM-L6 at best: the rate onnxruntime's own GEMM
reaches here at the model's shapes (fp32 and int8), divided by the model's work per sentence.

    python bench/roofline.py [--tokens 24] [--threads 2]

Needs numpy, onnx and onnxruntime (training/requirements.txt). --tokens is the mean padded
sequence length per sentence ([CLS] and [SEP] included; CT24 dev averages 22.2 tokens, 24 with
the padding of length-sorted batches).
"""
import argparse
import os
import tempfile
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from onnxruntime.quantization import QuantType, quantize_dynamic

# all-MiniLM-L6-v2: 6 layers, hidden 384, FFN 1536
LAYERS, HIDDEN, FFN = 6, 384, 1536


def gemm_rate(path, x, threads, seconds=3.0):
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    s = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
    for _ in range(20):
        s.run(None, {"x": x})
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        s.run(None, {"x": x})
        n += 1
    return (time.perf_counter() - t0) / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokens", type=float, default=24.0)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    # One FFN-intermediate GEMM over 512 tokens (e.g. 16 sentences x 32): the model's largest shape.
    m, k, n = 512, HIDDEN, FFN
    rng = np.random.default_rng(0)
    w = (rng.standard_normal((k, n)) * 0.05).astype(np.float32)
    x = rng.standard_normal((m, k)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"])], "gemm",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [m, k])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [m, n])],
        [numpy_helper.from_array(w, "w")],
    )
    with tempfile.TemporaryDirectory() as tmp:
        fp32, int8 = os.path.join(tmp, "fp32.onnx"), os.path.join(tmp, "int8.onnx")
        onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), fp32)
        quantize_dynamic(fp32, int8, weight_type=QuantType.QInt8)
        ops = 2 * m * k * n
        rates = {name: ops / gemm_rate(p, x, args.threads) / 1e9 for name, p in (("fp32", fp32), ("int8", int8))}

    per_token = 2 * LAYERS * (4 * HIDDEN * HIDDEN + 2 * HIDDEN * FFN)  # multiply-adds x 2
    per_sentence = per_token * args.tokens / 1e9
    print(f"GEMM rate here ({args.threads} threads): fp32 {rates['fp32']:.0f} GFLOP/s, int8 {rates['int8']:.0f} GOP/s")
    print(f"MiniLM-L6 work: {per_token / 1e6:.1f} MFLOP per token, {per_sentence:.3f} GFLOP per sentence of {args.tokens:g} tokens")
    print(f"ceiling: fp32 {rates['fp32'] / per_sentence:.0f} sentences/s, "
          f"all-int8 {rates['int8'] / per_sentence:.0f} sentences/s (GEMMs only, at 100% of that rate)")


if __name__ == "__main__":
    main()
