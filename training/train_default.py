"""Trains the default GLiNER-style span model (entities + prompted relations) on ../shared/data.

The recipe is in corpusgraph_train/recipe.py (TrainConfig lists every setting and its default).
A run lives in one folder: config.json, log.jsonl (dev scores), last.pt (resumable), best.pt.

Usage:
  /usr/bin/python3 training/train_default.py [--run-dir training/runs/default] [--config cfg.json]
        [--set key=JSON ...] [--resume] [--stop-after N] [--threads 2] [--device auto|cpu|cuda]
        [--time-budget SECONDS] [--stop-at-seconds SECONDS]

  --resume        continue run-dir/last.pt with its stored config (same batches as without a break)
  --stop-after N  train at most N more steps in this invocation (then checkpoint and exit)
  --device        cuda when a GPU is visible (auto), else cpu
  --stop-at-seconds S  end this invocation after S seconds (last.pt written; --resume continues): one call
                  of a lease whose calls are shorter than the run (training/train_on_gpu.sh)
  --time-budget S after 200 steps, take the speed of the latest steps and one dev evaluation, then shorten
                  max_steps so the whole schedule (warm-up, decay to 0, evaluations) ends within S
                  seconds: for a lent GPU with a fixed lease (training/train_on_gpu.sh)
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import sys
import time

import torch

from corpusgraph_train.datasets import Corpus, load_corpora, load_v2_corpora
from corpusgraph_train.wordnet import WordNet
from corpusgraph_train.default_setup import (DATA_DIR, ROOT, RUNS_DIR, new_span_model, prompt_encoder_for, tokenizer_for,
                                             warm_start)
from corpusgraph_train.recipe import Trainer, TrainConfig
from corpusgraph_train.zeroshot import ZEROSHOT_LABELS, read_set


def read_config(args, defaults=None):
    if args.resume:
        with open(os.path.join(args.run_dir, "config.json"), encoding="utf-8") as f:
            values = json.load(f)
    else:
        values = TrainConfig().to_json()
        values.update(defaults or {})
        if args.config:
            with open(args.config, encoding="utf-8") as f:
                values.update(json.load(f))
    for setting in args.set:
        key, _, value = setting.partition("=")
        if key not in values:
            raise SystemExit(f"--set {key}: no such setting (see TrainConfig in corpusgraph_train/recipe.py)")
        values[key] = json.loads(value)
    return TrainConfig(**values)


def load_training_corpora(config, data_dir):
    """v1's corpora, or v2's (datasets.load_v2_corpora) plus, for every `nerdev_<set>` in dev_corpora, that
    zero-shot set's dev split (no train split: never trained on; zeroshot.read_set)."""
    if config.data != "v2":
        return load_corpora(data_dir, splits=("train", "dev"))
    corpora = load_v2_corpora(data_dir, splits=("train", "dev"), shipped=config.shipped,
                              wordnet=WordNet() if config.wordnet else None, wordnet_nouns=config.wordnet_nouns)
    for name in config.dev_corpora:
        if name.startswith("nerdev_"):
            zs = name[len("nerdev_"):]
            corpora[name] = Corpus(name, "ner", sorted(set(ZEROSHOT_LABELS[zs].values())),
                                   {"dev": read_set(data_dir, zs, "dev")})
    return corpora


def build_model(config):
    """(model, tokenizer): warm-started from config.init_from's model folder, or a new head on the encoder."""
    if config.init_from:
        folder = config.init_from if os.path.isabs(config.init_from) else os.path.join(ROOT, config.init_from)
        return warm_start(folder, config.head_dropout)
    tokenizer = tokenizer_for(config.encoder)
    torch.manual_seed(config.seed)
    return new_span_model(config.encoder, tokenizer, config.max_width, config.head_dropout), tokenizer


def main(defaults=None, run_name="default", description=__doc__):
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run-dir", default=os.path.join(RUNS_DIR, run_name))
    parser.add_argument("--config", help="JSON file with TrainConfig settings")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=JSON",
                        help="one setting, e.g. max_steps=200 or encoder='\"bge-small-en-v15\"'")
    parser.add_argument("--resume", action="store_true")
    parser.add_argument("--stop-after", type=int)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data-dir", default=DATA_DIR)
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    parser.add_argument("--time-budget", type=float)
    parser.add_argument("--stop-at-seconds", type=float)
    parser.add_argument("--calibration-steps", type=int, default=200, help=argparse.SUPPRESS)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    device = ("cuda" if torch.cuda.is_available() else "cpu") if args.device == "auto" else args.device
    if device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True  # fp32 weights, TF32 matrix products
        torch.backends.cudnn.allow_tf32 = True
    config = read_config(args, defaults)
    log = lambda line: print(f"[{time.strftime('%H:%M:%S')}] {line}", flush=True)  # noqa: E731

    started = time.time()
    corpora = load_training_corpora(config, args.data_dir)
    for corpus in corpora.values():
        if corpus.notes:
            log(f"{corpus.name}: {corpus.notes}")
    model, tokenizer = build_model(config)
    trainer = Trainer(config, model, prompt_encoder_for(model, tokenizer), corpora, args.run_dir, log, device)
    log(f"device {device}; corpus shares per instance: {trainer.sampler.shares()} "
        f"(setup {time.time() - started:.0f}s)")
    if args.resume:
        trainer.resume()
    # a resumed run keeps the max_steps its first invocation fitted (stored in config.json)
    budget = args.time_budget - (time.time() - started) if args.time_budget and not args.resume else None
    deadline = started + args.stop_at_seconds if args.stop_at_seconds else None
    summary = trainer.run(stop_after=args.stop_after, time_budget=budget,
                          calibration_steps=args.calibration_steps, deadline=deadline)
    summary["seconds_this_invocation"] = round(time.time() - started)
    with open(os.path.join(args.run_dir, "run.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
    log(f"done: {summary}")


if __name__ == "__main__":
    sys.exit(main())
