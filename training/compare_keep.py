"""Which epoch should a few-shot finetune keep? Compares --keep rules on ner-dev's DEV splits (never test).

One k-shot LoRA run per set and seed (kshot_curves.run_one with --score-on dev: HarveyNER, SciERC and
WNUT-16 dev splits, re3d's train sentences outside the sample; first --limit sentences), with every epoch's
trainable weights kept in memory; then the dev split is scored at the epoch (or weights) each rule picks,
all from the same training trajectory:
  best      the highest held-out dev F1 (the held-out share of the sample: 6-16 sentences), earlier on ties
  last      the last epoch (the learning rate has decayed to 0)
  smoothed  the highest mean of an epoch's held-out F1 and its neighbours', later on ties
  avg3      the mean of the last three epochs' weights

  /usr/bin/python3 training/compare_keep.py --out training/runs/kdev-select --sets re3d,harveyner,scierc,wnut16 \
      --seeds 1,2

Appends one line per run to OUT/keep.jsonl (a rerun skips the runs there) and prints the mean per rule.
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import statistics
import sys

import torch

TRAINING = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, TRAINING)

import finetune  # noqa: E402
import kshot_curves  # noqa: E402
from corpusgraph_train import finetuning  # noqa: E402
from corpusgraph_train.evaluation import entity_scores  # noqa: E402


class EpochRecorder:
    """Stands in for dev_score, which the Finetuner calls once after every epoch and finetune.main before
    training and on the exported copy after: keeps the trained model and each call's weights."""

    def __init__(self):
        self.calls, self.original = [], finetuning.dev_score

    def __call__(self, model, prompt_encoder, data):
        self.calls.append((model, prompt_encoder, data, finetuning.trainable_state(model)))
        return self.original(model, prompt_encoder, data)

    def epochs(self):
        """(trained model, prompt encoder, task data, [weights after each epoch])."""
        model, prompt_encoder, data, _ = self.calls[1]
        return model, prompt_encoder, data, [state for _, _, _, state in self.calls[1:-1]]


def rules(held_out):
    """rule -> the epochs whose weights (averaged) it keeps."""
    n = len(held_out)

    def mean(i):
        window = held_out[max(0, i - 1):i + 2]
        return sum(window) / len(window)
    return {"best": [finetuning.chosen_epoch(held_out, "best")], "last": [finetuning.chosen_epoch(held_out, "last")],
            "smoothed": [max(range(n), key=lambda i: (round(mean(i), 9), i))], "avg3": list(range(max(0, n - 3), n))}


def compare(name, seed, args):
    run = f"{name}-k{args.k}-s{seed}-lora"
    recorder = EpochRecorder()
    finetuning.dev_score = finetune.dev_score = recorder
    try:
        run_args = argparse.Namespace(base=kshot_curves.BASE, score_on="dev", test_limit=args.limit, epochs=10,
                                      max_minutes=args.max_minutes, forgetting_check=0, threads=args.threads,
                                      extra=["--keep", "last"], out=args.out)
        kshot_curves.run_one(run_args, name, args.k, seed, "lora", args.out)
    finally:
        finetuning.dev_score = finetune.dev_score = recorder.original
    model, prompt_encoder, data, states = recorder.epochs()
    with open(os.path.join(args.out, run, "finetune.json"), encoding="utf-8") as f:
        held_out = [epoch["dev"]["mean"] for epoch in json.load(f)["training"]["history"]]
    assert len(held_out) == len(states), (len(held_out), len(states))
    examples, _ = kshot_curves.scored_examples(args.out, name, run, args.limit)
    scores = {}
    for rule, epochs in rules(held_out).items():
        with torch.no_grad():
            for key, p in model.named_parameters():
                if key in states[0]:
                    p.copy_(sum(states[i][key] for i in epochs) / len(epochs))
        scores[rule] = {"epochs": [i + 1 for i in epochs],
                        "f1": round(100 * entity_scores(model, prompt_encoder, examples, data.entity_types)["f1"], 1)}
    return {"set": name, "k": args.k, "seed": seed, "held_out_f1": held_out, "dev_split_f1": scores}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default=os.path.join(TRAINING, "runs", "kdev-select"))
    p.add_argument("--sets", default=",".join(kshot_curves.SETS))
    p.add_argument("--seeds", default="1,2")
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--limit", type=int, default=200, help="dev sentences scored")
    p.add_argument("--max-minutes", type=float, default=10.0)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "keep.jsonl")
    rows = [json.loads(line) for line in open(path, encoding="utf-8")] if os.path.exists(path) else []
    done = {(r["set"], r["k"], r["seed"]) for r in rows}
    for name in args.sets.split(","):
        for seed in [int(s) for s in args.seeds.split(",")]:
            if (name, args.k, seed) in done:
                continue
            row = compare(name, seed, args)
            print(json.dumps(row), flush=True)
            rows.append(row)
            with open(path, "a", encoding="utf-8") as f:
                f.write(json.dumps(row) + "\n")
    for rule in rules([0.0]):
        values = [r["dev_split_f1"][rule]["f1"] for r in rows if r["k"] == args.k]
        print(f"{rule}: mean dev-split F1 {statistics.mean(values):.1f} over {len(values)} runs")


if __name__ == "__main__":
    main()
