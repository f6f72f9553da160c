"""Writes jobs/src/test/resources/evaluate/expected-tiny-span.json: the counts EvaluateJob must report.

Independent of the Java code: the gold file is read with corpusgraph_train.conll, the tiny span model
runs in PyTorch (weights read from its model.onnx), and evaluation.predict decodes (GLiNER's protocol:
gold tokens as words, lower-cased types mapped to prompt labels, flat, one decode per threshold).
Counts per label and threshold: tp, fp, fn over exact (start word, end word, label).

The case is checked to be a good test: no span probability lies within 1e-3 of a threshold (ONNX
Runtime and PyTorch differ by ~1e-6), and some spans are predicted at every threshold.

Usage: /usr/bin/python3 training/make_eval_golden.py
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import json
import sys

import numpy as np
import torch

from corpusgraph_train import evaluation
from corpusgraph_train.conll import read_bio
from corpusgraph_train.decoding import sigmoid
from corpusgraph_train.export import load_model_folder, token_limit
from corpusgraph_train.processing import PromptEncoder, batch_tensors

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MODEL = os.path.join(ROOT, "pipeline", "src", "test", "resources", "models", "tiny-span")
GOLD_DIR = os.path.join(ROOT, "jobs", "src", "test", "resources", "evaluate")
GOLD = os.path.join(GOLD_DIR, "gold.conll")
OUT = os.path.join(GOLD_DIR, "expected-tiny-span.json")
LABEL_MAP = {"organisation": "organization", "misc": "miscellaneous"}
THRESHOLDS = [0.25, 0.4, 0.5]
MARGIN = 1e-3


def probabilities(model, prompt_encoder, words, labels):
    """Every valid span probability of one sentence (a single window: the sentences are short)."""
    window = prompt_encoder.encode_pretokenized(words, labels)
    inputs = batch_tensors([window], model.head.max_width)
    with torch.no_grad():
        logits = model(*(inputs[name] for name in model.input_names))[0, :, :, :len(labels)].numpy()
    n = len(words)
    return [float(p) for s in range(n) for w in range(logits.shape[1]) if s + w < n
            for p in sigmoid(logits[s, w]).astype(np.float32)]


def counts(predicted, gold):
    labels = {label for _, _, label in predicted | gold}
    return {label: {"tp": len({x for x in predicted & gold if x[2] == label}),
                     "fp": len({x for x in predicted - gold if x[2] == label}),
                     "fn": len({x for x in gold - predicted if x[2] == label})} for label in labels}


def main():
    torch.set_num_threads(2)
    model, config, tokenizer = load_model_folder(MODEL)
    prompt_encoder = PromptEncoder(tokenizer, config, token_limit(config))
    sentences = read_bio(GOLD)
    gold = [{(s, e, LABEL_MAP.get(t.lower(), t.lower())) for s, e, t in x.spans} for x in sentences]
    labels = sorted({label for spans in gold for _, _, label in spans})

    for x in sentences:
        for p in probabilities(model, prompt_encoder, x.words, labels):
            near = [t for t in THRESHOLDS if abs(p - t) < MARGIN]
            if near:
                sys.exit(f"probability {p} is within {MARGIN} of threshold {near[0]}: choose other thresholds")

    results = {}
    for threshold in THRESHOLDS:
        evaluation.THRESHOLD = threshold  # predict() decodes at the module's threshold
        found = evaluation.predict(model, prompt_encoder, [(x.words, labels) for x in sentences])
        per_label = {label: {"tp": 0, "fp": 0, "fn": 0} for label in labels}
        for predicted, expected in zip(found, gold):
            for label, c in counts({(s, e, label) for s, e, label, _ in predicted}, expected).items():
                for key in c:
                    per_label[label][key] += c[key]
        if not any(c["tp"] + c["fp"] for c in per_label.values()):
            sys.exit(f"nothing predicted at threshold {threshold}: not a useful test")
        results[str(threshold)] = per_label

    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"model": "tiny-span", "generator": "training/make_eval_golden.py", "gold": "gold.conll",
                   "label_map": LABEL_MAP, "labels": labels, "mode": "flat", "thresholds": results}, f, indent=1)
        f.write("\n")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
