"""Render models/claim-minilm/MODEL_CARD.md from claimsift.json + the run's report.json.

Called by train.py at the end of a shipping run; can also be run by hand:
    python training/card.py --report training/out/report.json --model-dir models/claim-minilm
"""
import argparse
import json
import os

SET_NAMES = {"news_articles_dev": "news_articles dev", "news_dev": "news_dev", "ct24_dev": "CT24 dev"}


def render(meta, rep):
    m = meta["metrics"]
    sp = rep.get("speed_sentences_per_s", {})
    a = rep.get("args", {})
    size_mb = rep.get("int8_size_bytes", 0) / 1e6
    best = rep.get("best", {})
    ctx = meta.get("context")
    cites = "\n".join(f"- {c}" for c in meta["training_data"])

    def row(key):
        d = m[key]
        return (f"| {SET_NAMES[key]} | {d['n']} ({d['positives']} pos) | {d['precision']:.3f} | {d['recall']:.3f} | "
                f"**{d['f1']:.3f}** | {d['fp32']['precision']:.3f} / {d['fp32']['recall']:.3f} / {d['fp32']['f1']:.3f} | "
                f"{100 * d['int8_fp32_decision_agreement']:.2f}% |")

    types = ", ".join(f"`{t}`" for t in meta.get("types", []))
    recall_types = ", ".join(f"{t} {r:.3f}" for t, r in m.get("recall_by_type", {}).items())
    if ctx:
        input_text = (f"one English sentence and its article context as a second segment: the previous sentence of the\n"
                      f"  article (the title for the first sentence), cut to its first {ctx['max_words']} words "
                      "(`[CLS] sentence [SEP] context [SEP]`,\n  token type 1 on the context). claimsift builds it "
                      "(`src/model/context.rs`) exactly as training did (`train.py:context_text`).")
    else:
        input_text = "one English sentence, alone."
    evals = "\n".join(f"| {e['step']} | {e['epoch']} | {e['f1'].get('news_articles_dev', 0):.4f} | {e['f1'].get('news_dev', 0):.4f} | "
                      f"{e['f1_other_at_thr'].get('ct24_dev', 0):.4f} | {e['score']:.4f} | {e.get('type_acc') or 0:.4f} |"
                      for e in rep.get("evals", []))
    return f"""# claim-minilm — check-worthy claim classifier with claim types (int8 ONNX)

A sentence classifier used by claimsift to find check-worthy factual claims in news articles.
Fine-tuned from all-MiniLM-L6-v2 (6 layers, hidden 384, uncased WordPiece) with two heads on
the pooled [CLS] state — claim / not claim, and the claim's type (Full Fact's taxonomy) —
exported to ONNX (opset 17) and quantized to static int8 QDQ. One encoder pass gives both.

## Intended use

- Input: {input_text}
- Outputs: `logits` `[batch, 2]`; the score is `softmax(logits / temperature)[1]` (temperature
  {meta['temperature']:.4f}), a calibrated probability that the sentence is a check-worthy factual claim.
  `type_logits` `[batch, {len(meta.get('types', []))}]` over {types}: the claim type is the argmax
  (meaningful for sentences at or above the threshold).
- Default decision: claim if the calibrated probability ≥ **{meta['threshold']}**.
- Use it to *rank and shortlist* sentences for a human fact-checker. It does not check facts,
  and it does not judge truth.
- Not intended for: languages other than English, deciding what is true, moderation or any
  automated decision about people.

## Files

| file | what |
|---|---|
| `model.onnx` | int8 static QDQ model ({size_mb:.1f} MB), sha256 in `claimsift.json` |
| `tokenizer.json` | all-MiniLM-L6-v2 WordPiece tokenizer, padding disabled, truncation `LongestFirst` at {meta['max_length']} tokens (sentence + context, [CLS]/[SEP] included); sha256 in `claimsift.json` |
| `claimsift.json` | labels, types, context, threshold, temperature, input/output names, metrics, provenance |

Inputs `input_ids`, `attention_mask`, `token_type_ids` (all int64, shape `[batch, sequence]`,
both axes dynamic; pad with id 0 / mask 0 / type 0). A sentence's score does not depend on
its batch-mates: quantization is static (fixed activation scales), and padding is masked
(checked: max |single − padded batch| logit difference = {rep.get('padding_invariance_max_abs_diff', float('nan')):.1e}).

## Training data, terms, citations

{cites}

The news_articles texts are Wikinews (CC BY 2.5) and Global Voices (CC BY 3.0) articles; the
sentence labels, types and spans were made for claimsift. The CT24 data are sentences from US
presidential debates (1960–2016). news_dev comes from news-commentary and WSJ text (WSJ text is
LDC-licensed: development only, not part of this repository or of the model files).

## Recipe

`{meta['training_command']}`

- base: {meta['base_model']}
- training mix: news_articles train ({rep['news_train_n']:,} sentences, every sentence of 355 articles{', with context' if ctx else ''}) × {a.get('news_oversample', '?')} + {rep['ct24_train_n']:,} CT24 train sentences (random, seed {a.get('seed', '?')}; no context);
  {rep['mix_n']:,} in all. {a.get('epochs', '?')} epoch(s) scheduled, lr {a.get('lr', '?')} (AdamW, linear warm-up
  {a.get('warmup', '?')} / decay), batch {a.get('batch_size', '?')}, max length {a.get('max_length', '?')}, seed {a.get('seed', '?')}; dynamic padding with
  length-bucketed batches; `torch.set_num_threads({a.get('threads', 2)})`.
- loss: cross-entropy(claim) + {a.get('type_weight', '?')} × cross-entropy(type) on the news rows labelled CFS.
- checkpoint selection (dev only): every 1/{a.get('evals_per_epoch', '?')} epoch, the weighted mean F1 —
  news_articles dev ×2, news_dev ×1 — at its best threshold; kept: step {best.get('step', '?')} (epoch {best.get('epoch', '?')}).
  CT24 dev is reported, never selected on.
- calibration: one temperature fitted on the logits of the two news dev sets (NLL minimised);
  threshold on the calibrated probability maximising the same weighted mean F1.
- quantization: {meta['quantization']}.

Training wall time on this 2-core machine: **{meta['training_wall_time_s'] / 60:.1f} min**
(fine-tuning loop including dev evaluations, shared with other jobs).

| step | epoch | news_articles dev F1 | news_dev F1 | CT24 dev F1 | selection score | type accuracy |
|---|---|---|---|---|---|---|
{evals}

(fp32, temperature 1, at each evaluation's best threshold.)

## Metrics (dev, at threshold {meta['threshold']}, temperature {meta['temperature']:.4f})

| dev set | n | P (int8) | R (int8) | F1 (int8) | fp32 P / R / F1 | int8 = fp32 decision |
|---|---|---|---|---|---|---|
{row('news_articles_dev')}
{row('news_dev')}
{row('ct24_dev')}

int8 vs fp32 decision agreement over all three dev sets: {100 * m['int8_fp32_decision_agreement_all_dev']:.2f}%.
Claim type accuracy on news_articles dev gold positives (int8): **{m.get('type_accuracy_gold_positives', 0):.3f}**.
Recall by gold claim type on news_articles dev (int8): {recall_types}.

These are dev numbers (the sets took part in selection). `claimsift eval --data
../shared/data/checkworthiness/news_articles/dev.tsv --articles
../shared/data/checkworthiness/news_articles/articles.jsonl` reproduces the news_articles figures
through the product (context built by claimsift's own reader and splitter; see the README).

## Speed (python onnxruntime {rep.get('ort_version', '')}, CPU, intra_op_num_threads=2, length-sorted batches of 16, the {sp.get('bench_sentences', '?')} sentences of {sp.get('bench', '?')}, best of {sp.get('reps', 1)})

| model | sentences/s |
|---|---|
| fp32 | {sp.get('fp32', 'n/a')} |
| int8 static QDQ (shipped) | {sp.get('int8_static_qdq', 'n/a')} |

Model only (no tokenizing), measured while other jobs shared the machine. End-to-end
`claimsift scan` figures are in the README.

## Limits

- English news and debate text; sentence-level with one sentence of context; max {meta['max_length']} tokens
  (longer inputs are truncated, the longer segment first).
- Labels follow ClaimBuster's CFS definition of "check-worthy"; that judgement is subjective
  (news_articles dev: two passes agreed on 96–98% of sentences, κ 0.92–0.95; types 92–95%).
- Rare types (prediction, personal) have few training examples (34 and 33): their type and
  recall figures are noisy.
- Small dev sets: differences of ±0.01–0.02 F1 are within noise.
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--report", required=True)
    ap.add_argument("--model-dir", required=True)
    args = ap.parse_args()
    with open(os.path.join(args.model_dir, "claimsift.json")) as f:
        meta = json.load(f)
    with open(args.report) as f:
        rep = json.load(f)
    with open(os.path.join(args.model_dir, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write(render(meta, rep))


if __name__ == "__main__":
    main()
