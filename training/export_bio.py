#!/usr/bin/env python3
"""Exports a train_bio.py checkpoint to a token-classification model folder (docs/token-classification-contract.md).

  /usr/bin/python3 training/export_bio.py training/runs/zh-cluener/best.pt \\
      sample-data/models/corpusgraph-zh-cluener-v1 --name corpusgraph-zh-cluener-v1 --corpus cluener2020

Weights are rounded to fp16 first (model.onnx stores them fp16 behind a Cast, exactly), then
model_quantized.onnx is written (training/quantize.py). Checks: ONNX (NumPy interpreter) against PyTorch
logits on a few texts; dev micro F1 (aggregation `first`) of the PyTorch model (= model.onnx) and of
the int8 graph; scores.json and MODEL_CARD.md are written into the folder.
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import numpy as np
import onnx
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "tests"))
import numpy_onnx  # noqa: E402
import quantize  # noqa: E402
from corpusgraph_train import bio  # noqa: E402
from corpusgraph_train.bio_export import (export_bio_folder, load_bio_folder, id2label_of, onnx_logits_fn,  # noqa: E402
                                          round_to_fp16, set_default_threshold)
from corpusgraph_train.bio_recipe import evaluate, load_checkpoint, logits_fn  # noqa: E402
from train_bio import load_data, recipe_tokenizer_json  # noqa: E402

THRESHOLDS = [0.0, 0.3, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]
PARITY_TEXTS = ["王芳认为，上海的小公司今年发展得很快。", "Ada Lovelace lived in London.", "腾讯 Tencent 在深圳 🙂"]


def parity(folder, model, tokenizer, graph_file="model.onnx"):
    """Max |ONNX - PyTorch| over the logits of PARITY_TEXTS (one batch, right-padded)."""
    inputs = [[tokenizer.cls_id] + [t[0] for t in tokenizer.tokenize(text)] + [tokenizer.sep_id]
              for text in PARITY_TEXTS]
    torch_logits = logits_fn(model, tokenizer.pad_id)(inputs)
    onnx_logits = onnx_logits_fn(os.path.join(folder, graph_file), numpy_onnx.run, tokenizer.pad_id)(inputs)
    return max(float(np.abs(a - b).max()) for a, b in zip(torch_logits, onnx_logits))


def _table(scores):
    """Per label at threshold 0 (fp32 P/R/F1, int8 F1) and, when the folder has a default_threshold, fp32 P/R/F1
    at it."""
    fp32, int8 = scores["fp32"], scores.get("int8")
    choice = fp32.get("threshold_choice")
    at = f" at {choice['threshold']}" if choice else ""
    rows = ["| label | fp32 P | fp32 R | fp32 F1 | int8 F1 |"
            + (f" P{at} | R{at} | F1{at} |" if choice else "") + " support |",
            "|---|---|---|---|---|" + ("---|---|---|" if choice else "") + "---|"]

    def of(scores_, label):
        return (scores_["micro"] if label == "**micro**" else scores_["per_label"].get(label, {})) if scores_ else {}

    for label in list(fp32["per_label"]) + ["**micro**"]:
        v, i8 = of(fp32, label), of(int8, label)
        cells = [f"{100 * v['precision']:.1f}", f"{100 * v['recall']:.1f}", f"{100 * v['f1']:.1f}", _f1(i8)]
        if choice:
            d = of(choice["scores"], label)
            cells += [f"{100 * d['precision']:.1f}", f"{100 * d['recall']:.1f}", f"{100 * d['f1']:.1f}"] if d else ["-"] * 3
        rows.append(f"| {label} | " + " | ".join(cells) + f" | {v['support']} |")
    return "\n".join(rows)


def _f1(v):
    return f"{100 * v['f1']:.1f}" if v else "-"


def _threshold_table(scores):
    fp32, int8 = scores["fp32"], scores.get("int8") or {}
    if "by_threshold" not in fp32:
        return ""
    rows = ["Micro scores by threshold on the aggregated (group) score, the pipeline's `threshold` setting; "
            "the last row decodes the argmax tags the CLUENER benchmark's way (a stray I- dropped) for "
            "comparison with its anchors:", "",
            "| decoding | fp32 P | fp32 R | fp32 F1 | int8 F1 |", "|---|---|---|---|---|"]
    for t, v in fp32["by_threshold"].items():
        i8 = int8.get("by_threshold", {}).get(t)
        rows.append(f"| contract, threshold {t} | {100 * v['precision']:.1f} | {100 * v['recall']:.1f} | "
                    f"{100 * v['f1']:.1f} | {_f1(i8)} |")
    if "strict_bio" in fp32:
        v, i8 = fp32["strict_bio"], int8.get("strict_bio")
        rows.append(f"| strict BIO (benchmark style) | {100 * v['precision']:.1f} | {100 * v['recall']:.1f} | "
                    f"{100 * v['f1']:.1f} | {_f1(i8)} |")
    return "\n".join(rows)


def _default_threshold_text(scores):
    choice = scores["fp32"].get("threshold_choice")
    if not choice:
        return ""
    cv = choice["cross_validated"]
    return (f", `default_threshold` {choice['threshold']} (the pipeline's threshold when `extraction.threshold` is "
            f"not set: the best micro F1 of the dev thresholds below, {100 * choice['scores']['micro']['f1']:.1f}; "
            f"chosen on one half of dev and scored on the other, both ways, {100 * cv['f1']:.1f}, "
            f"thresholds {cv['fold_thresholds'][0]} / {cv['fold_thresholds'][1]})")


def model_card(folder, name, scores, notes):
    sizes = ", ".join(f"`{f}` {os.path.getsize(os.path.join(folder, f)) / 1e6:.1f} MB"
                      for f in ("model.onnx", "model_quantized.onnx", "tokenizer.json") if os.path.exists(os.path.join(folder, f)))
    history = "\n".join(f"| {h['step']} | {h['train_minutes']:.1f} | {100 * h['f1']:.2f} |" for h in scores.get("history") or [])
    c = scores["config"]
    text = f"""# {name}

{notes.strip()}

## Files

{sizes}. `model.onnx`: fp32 graph, weights rounded to fp16 and stored fp16 behind a Cast; inputs
`input_ids`, `attention_mask` (int64 `[batch, sequence]`; no `token_type_ids`), output `logits`
`[batch, sequence, {len(json.load(open(os.path.join(folder, "config.json")))["id2label"])}]`. `model_quantized.onnx`: every weight MatMul int8
(training/quantize.py, DynamicQuantizeMatMul, symmetric per output column, 7-bit weights in [-63, 63] so that
x86 CPUs without VNNI do not saturate: with 8-bit weights ONNX Runtime on an AVX2 CPU lost 3 dev F1). `config.json`: `id2label`,
`label2id`, `max_position_embeddings`{_default_threshold_text(scores)}. Decoding: docs/token-classification-contract.md.

## Recipe (training/train_bio.py, training/corpusgraph_train/bio_recipe.py)

Encoder + dropout {c['dropout']} + Linear over the BIO tags; cross-entropy over every content token
(B- on the first token of an entity, I- on the rest, O elsewhere); AdamW (encoder lr {c['encoder_lr']},
head lr {c['head_lr']}, weight decay {c['weight_decay']}), linear warm-up over {100 * c['warmup_fraction']:.0f}% of the
steps then linear decay to 0, gradient clipping {c['max_grad_norm']}; batch {c['batch_size']}, at most {c['max_tokens']} tokens,
{c['epochs']} epochs = {scores['max_steps']} steps, seed {c['seed']}, bf16 autocast around the forward pass: {bool(c['bf16'])}
(loss in fp32). Dev micro F1 at every evaluation (below); the best checkpoint is kept (step
{scores['checkpoint_step']}). CPU training time: **{scores['train_minutes']:.1f} minutes** of training steps
(excluding evaluations) on a shared 2-core AMD EPYC machine.

| step | training minutes | dev micro F1 |
|---|---|---|
{history}

## Dev scores ({scores['dev_documents']} documents; exact span and label by characters; aggregation `first`)

{_table(scores)}

{_threshold_table(scores)}

int8 scores computed with the NumPy ONNX interpreter of training/tests (batches of up to 32 windows,
the activation scale is per batch, as in ONNX Runtime's DynamicQuantizeMatMul).
ONNX/PyTorch parity: max |logit difference| {scores['parity_max_abs_logit_diff']:.1e}.
"""
    with open(os.path.join(folder, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write(text)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint")
    p.add_argument("folder")
    p.add_argument("--name", required=True)
    p.add_argument("--corpus", default="cluener2020")
    p.add_argument("--no-int8-eval", action="store_true")
    p.add_argument("--dev-limit", type=int, default=0, help="score only the first N dev documents")
    p.add_argument("--notes", help="markdown file: the model card's opening (data, licence, limits)")
    p.add_argument("--card-only", action="store_true", help="rewrite MODEL_CARD.md from scores.json")
    args = p.parse_args(argv)
    torch.set_num_threads(2)

    notes = open(args.notes, encoding="utf-8").read() if args.notes else ""
    if args.card_only:
        with open(os.path.join(args.folder, "scores.json"), encoding="utf-8") as f:
            model_card(args.folder, args.name, json.load(f), notes)
        return
    model, state = load_checkpoint(args.checkpoint)
    id2label = state["id2label"]
    base_tokenizer = recipe_tokenizer_json(state["config"])
    round_to_fp16(model)
    export_bio_folder(model, id2label, args.name, base_tokenizer, args.folder)
    reloaded, config, tokenizer = load_bio_folder(args.folder)
    fp32_diff = parity(args.folder, reloaded, tokenizer)
    print(f"parity model.onnx (fp32 storage) vs PyTorch: max |logit diff| {fp32_diff:.2e}", flush=True)
    # 7-bit weights: with 8, ONNX Runtime on x86 CPUs without VNNI lost 3 dev F1 to 16-bit saturation
    print(quantize.write_shipped_graphs(args.folder, bits=7), flush=True)
    reloaded, config, tokenizer = load_bio_folder(args.folder)
    fp16_diff = parity(args.folder, reloaded, tokenizer)
    print(f"parity model.onnx (fp16 storage) vs PyTorch: max |logit diff| {fp16_diff:.2e}", flush=True)
    if fp16_diff > 1e-3:
        raise SystemExit(f"export_bio.py: ONNX and PyTorch disagree by {fp16_diff}")

    _, dev, _ = load_data(args.corpus)
    dev = dev[:args.dev_limit] if args.dev_limit else dev
    t0 = time.time()
    fp32 = evaluate(reloaded, tokenizer, id2label_of(config), dev, thresholds=THRESHOLDS)
    print(f"dev fp32 micro F1 {fp32['micro']['f1']:.4f} ({time.time() - t0:.0f} s)", flush=True)
    choice = fp32["threshold_choice"]
    set_default_threshold(args.folder, choice["threshold"])
    print(f"default_threshold {choice['threshold']}: dev micro F1 {choice['scores']['micro']['f1']:.4f}, "
          f"2-fold cross-validated {choice['cross_validated']['f1']:.4f}", flush=True)
    scores = {"fp32": fp32, "parity_max_abs_logit_diff": fp16_diff, "checkpoint_step": state["step"],
              "max_steps": state.get("max_steps"), "train_minutes": state.get("train_seconds", 0) / 60,
              "history": state.get("history"), "config": state["config"], "dev_documents": len(dev)}
    if not args.no_int8_eval:
        t0 = time.time()
        int8_logits = onnx_logits_fn(os.path.join(args.folder, "model_quantized.onnx"), numpy_onnx.run,
                                     tokenizer.pad_id)
        int8 = evaluate(None, tokenizer, id2label_of(config), dev, logits=int8_logits, thresholds=THRESHOLDS)
        print(f"dev int8 micro F1 {int8['micro']['f1']:.4f} ({time.time() - t0:.0f} s)", flush=True)
        scores["int8"] = int8
    with open(os.path.join(args.folder, "scores.json"), "w", encoding="utf-8") as f:
        json.dump(scores, f, indent=1)
        f.write("\n")
    model_card(args.folder, args.name, scores, notes)
    print(f"wrote {args.folder}", flush=True)


if __name__ == "__main__":
    main()
