"""Scores a default-model checkpoint or exported model folder on the corpora's test (or dev) splits.

  entities:  micro P/R/F1 per NER corpus, GLiNER's protocol (all the corpus's readable types in the
             prompt, exact span and label, threshold 0.5, flat)
  relations: CoNLL04 micro P/R/F1 over exact (head span, relation, tail span), end to end (heads are
             the model's own entities) and with the gold entities as heads

Writes a markdown table to stdout and, with --out, the JSON the model card is filled from.

Usage:
  /usr/bin/python3 training/evaluate.py (--checkpoint RUN/best.pt | --model-folder DIR)
        [--split test] [--limit N] [--out scores.json] [--threads 2] [--device cpu|cuda]
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import sys
import time

import torch

from corpusgraph_train.datasets import NER_TYPES, load_corpora
from corpusgraph_train.default_setup import DATA_DIR, CachedTokenizer, prompt_encoder_for, run_tokenizer
from corpusgraph_train.evaluation import THRESHOLD, entity_scores, relation_scores
from corpusgraph_train.export import load_model_folder
from corpusgraph_train.recipe import load_checkpoint

ENTITY_CORPORA = ["conll2003", "wnut17", "bc5cdr", "ncbi_disease", "conll04_entities"]
TARGETS = {"conll2003": 0.88, "wnut17": 0.45, "bc5cdr": 0.80, "ncbi_disease": 0.80, "conll04": 0.55}


def load(args):
    """(model, prompt encoder, description)"""
    if args.checkpoint:
        model, state = load_checkpoint(args.checkpoint)
        tokenizer = run_tokenizer(state["config"])
        return model, prompt_encoder_for(model, tokenizer), f"{args.checkpoint} (step {state['step']})"
    model, _, tokenizer = load_model_folder(args.model_folder)
    return model, prompt_encoder_for(model, CachedTokenizer(tokenizer)), args.model_folder


def evaluate(model, prompt_encoder, corpora, split, limit=None):
    results = {"split": split, "threshold": THRESHOLD, "entities": {}, "relations": {}}
    for name in ENTITY_CORPORA:
        examples = corpora[name].splits.get(split, [])[:limit]
        if examples:
            results["entities"][name] = entity_scores(model, prompt_encoder, examples, corpora[name].types)
    examples = corpora["conll04"].splits.get(split, [])[:limit]
    if examples:
        relations = corpora["conll04"].types
        entity_types = sorted(set(NER_TYPES["conll04"].values()))
        results["relations"]["conll04"] = {
            "end_to_end": relation_scores(model, prompt_encoder, examples, relations, entity_types),
            "gold_entities": relation_scores(model, prompt_encoder, examples, relations)}
    return results


def markdown(results):
    lines = ["| task | corpus | P | R | F1 | target F1 | gold |", "|---|---|---|---|---|---|---|"]
    row = "| {} | {} | {:.1f} | {:.1f} | {:.1f} | {} | {} |"
    for name, s in results["entities"].items():
        target = f"≥ {TARGETS[name] * 100:.0f}" if name in TARGETS else "-"
        lines.append(row.format("entities", name, 100 * s["precision"], 100 * s["recall"], 100 * s["f1"], target,
                                s["gold"]))
    for name, modes in results["relations"].items():
        for mode, s in modes.items():
            lines.append(row.format(f"relations ({mode.replace('_', ' ')})", name, 100 * s["precision"],
                                    100 * s["recall"], 100 * s["f1"], f"≥ {TARGETS[name] * 100:.0f}", s["gold"]))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--checkpoint", help="best.pt or last.pt of a run")
    source.add_argument("--model-folder", help="an exported model folder")
    parser.add_argument("--split", default="test", choices=["test", "dev"])
    parser.add_argument("--limit", type=int, help="first N sentences per corpus (quick checks)")
    parser.add_argument("--out", help="write the scores as JSON here")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data-dir", default=DATA_DIR)
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"],
                        help="cuda: ~15 s on an H100 instead of ~1 h here (fp32 products: TF32 stays off)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    started = time.time()
    model, prompt_encoder, description = load(args)
    model.to(args.device)
    corpora = load_corpora(args.data_dir, splits=(args.split,))
    results = evaluate(model, prompt_encoder, corpora, args.split, args.limit)
    results.update(model=description, limit=args.limit, seconds=round(time.time() - started), device=args.device)
    print(markdown(results))
    print(f"\n{description}, split {args.split}, {results['seconds']} s")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
