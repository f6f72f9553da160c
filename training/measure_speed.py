"""Training speed of the v2 recipe on this machine: steps/s for each combination of fp32 / bf16 autocast and
length bucketing on / off, warm-started from v1, on v2's mixed batches. One process; the data and v1's
weights are loaded once, each variant starts from a fresh copy of the model, skips its first `--warmup`
steps, then trains for `--seconds` in total, in `--rounds`
round-robin slices (a change in the machine's load falls on all variants alike).

Usage (from the repository root):
  /usr/bin/python3 training/measure_speed.py [--batch-size 8] [--seconds 60] [--threads 1]
        [--variants fp32,bf16,fp32-nobuckets,bf16-nobuckets] [--out speed.json]
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import copy
import json
import sys
import tempfile
import time

import torch

import train_default
from corpusgraph_train.default_setup import DATA_DIR, prompt_encoder_for
from corpusgraph_train.recipe import Trainer, TrainConfig
from train_v2 import V2_DEFAULTS

VARIANTS = {"fp32": dict(bf16=False, length_buckets=8), "bf16": dict(bf16=True, length_buckets=8),
            "fp32-nobuckets": dict(bf16=False, length_buckets=1), "bf16-nobuckets": dict(bf16=True, length_buckets=1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--out")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    values = TrainConfig().to_json()
    values.update(V2_DEFAULTS, batch_size=args.batch_size, eval_every=10 ** 9, checkpoint_every=10 ** 9,
                  dev_corpora=[], log_every=10 ** 9)
    base = TrainConfig(**values)
    corpora = train_default.load_training_corpora(base, DATA_DIR)
    model, tokenizer = train_default.build_model(base)
    results = {"batch_size": args.batch_size, "threads": args.threads, "rounds": args.rounds, "variants": {}}
    names = args.variants.split(",")
    trainers, folders = {}, []
    for name in names:
        folders.append(tempfile.TemporaryDirectory())
        fresh = copy.deepcopy(model)
        config = TrainConfig(**{**values, **VARIANTS[name]})
        trainers[name] = Trainer(config, fresh, prompt_encoder_for(fresh, tokenizer), corpora, folders[-1].name,
                                 log=lambda _: None)
        for _ in range(args.warmup):
            trainers[name].train_step()
    # round robin, so a change in the machine's load falls on every variant alike
    totals = {name: [0, 0.0] for name in names}
    load_before = os.getloadavg()[0]
    for _ in range(args.rounds):
        for name in names:
            started = time.time()
            while time.time() - started < args.seconds / args.rounds:
                trainers[name].train_step()
                totals[name][0] += 1
            totals[name][1] += time.time() - started
    results["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    for name in names:
        steps, seconds = totals[name]
        results["variants"][name] = {"steps": steps, "seconds": round(seconds, 1), "steps_per_s": round(steps / seconds, 3)}
        print(f"{name}: {steps} steps in {seconds:.0f} s = {steps / seconds:.3f} steps/s", flush=True)
    print(f"load average {load_before:.1f} -> {os.getloadavg()[0]:.1f}")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
