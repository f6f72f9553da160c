"""Zero-shot scores on the ner-dev suite (GUM, HarveyNER, re3d, SciERC, WNUT-16; never trained on), for one
or several models side by side: per set (micro P/R/F1), per label, and the average over the sets.

GLiNER's protocol (corpusgraph_train/zeroshot.py): every sentence prompted with all of its set's readable
labels (zeroshot.ZEROSHOT_LABELS), threshold 0.5, flat greedy decoding, exact span and label.

Usage (from the repository root):
  /usr/bin/python3 training/evaluate_zeroshot.py --model NAME=PATH [--model NAME=PATH ...]
        [--split test|dev] [--sets gum,harveyner,re3d,scierc,wnut16] [--limit N]
        [--out scores.json] [--markdown scores.md] [--threads 2] [--device cpu|cuda]

  PATH is an exported model folder (model.onnx + gliner_config.json + tokenizer.json) or a checkpoint
  (best.pt / last.pt of a run); NAME is the column title (default: the folder's or file's name).
  --limit N takes the first N sentences of each set (quick checks; reported in the output).
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import sys
import time

import torch

from corpusgraph_train.default_setup import DATA_DIR, CachedTokenizer, prompt_encoder_for, run_tokenizer
from corpusgraph_train.export import load_model_folder
from corpusgraph_train.recipe import load_checkpoint
from corpusgraph_train.zeroshot import SETS, ZEROSHOT_LABELS, evaluate_suite


def load(path):
    """(model, prompt encoder) from a model folder or a checkpoint file."""
    if os.path.isdir(path):
        model, _, tokenizer = load_model_folder(path)
        return model, prompt_encoder_for(model, CachedTokenizer(tokenizer))
    model, state = load_checkpoint(path)
    return model, prompt_encoder_for(model, run_tokenizer(state["config"]))


def markdown(results, names, sets):
    pct = lambda x: f"{100 * x:.1f}"  # noqa: E731
    lines = [f"Zero-shot F1 (%), ner-dev {results['split']} splits"
             + (f", first {results['limit']} sentences per set" if results["limit"] else "") + ":", "",
             "| set | sentences | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    for s in sets:
        lines.append(f"| {s} | {results['models'][names[0]][s]['sentences']} | "
                     + " | ".join(pct(results["models"][n][s]["micro"]["f1"]) for n in names) + " |")
    lines.append("| **average** | | " + " | ".join(f"**{pct(results['models'][n]['average'])}**" for n in names) + " |")
    lines += ["", "Per label (F1 %; - where the label has neither gold nor predicted mentions):", "", "| set | label | gold | " + " | ".join(names) + " |",
              "|---|---|---|" + "---|" * len(names)]
    for s in sets:
        for label in sorted(set(ZEROSHOT_LABELS[s].values())):
            first = results["models"][names[0]][s]["labels"][label]
            cells = [results["models"][n][s]["labels"][label] for n in names]
            lines.append(f"| {s} | {label} | {first['gold']} | "
                         + " | ".join("-" if not c["gold"] and not c["predicted"] else pct(c["f1"]) for c in cells)
                         + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", action="append", required=True, metavar="[NAME=]PATH")
    parser.add_argument("--split", default="test", choices=["test", "dev"])
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--limit", type=int)
    parser.add_argument("--out")
    parser.add_argument("--markdown")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data-dir", default=DATA_DIR)
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    sets = args.sets.split(",")
    results = {"split": args.split, "limit": args.limit, "sets": sets, "models": {}, "paths": {}, "seconds": {}}
    names = []
    for spec in args.model:
        name, _, path = spec.rpartition("=")
        name = name or os.path.basename(os.path.normpath(path))
        started = time.time()
        model, prompt_encoder = load(path)
        model.to(args.device)
        results["models"][name] = evaluate_suite(model, prompt_encoder, args.data_dir, args.split, args.limit, sets)
        results["paths"][name], results["seconds"][name] = path, round(time.time() - started)
        names.append(name)
        print(f"{name}: average {100 * results['models'][name]['average']:.1f} ({results['seconds'][name]} s)",
              file=sys.stderr, flush=True)
    table = markdown(results, names, sets)
    print(table)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(table + "\n")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
