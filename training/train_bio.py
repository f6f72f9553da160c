#!/usr/bin/env python3
"""Fine-tunes a langchain4j BERT encoder for token classification (BIO tags).

  /usr/bin/python3 training/train_bio.py --run training/runs/zh-cluener              # CLUENER2020, bge-small-zh-v1.5
  /usr/bin/python3 training/train_bio.py --run training/runs/zh-cluener --resume     # continues from last.pt
  /usr/bin/python3 training/train_bio.py --bench 20                                  # steps/s fp32 vs bf16

The run folder gets config.json, train.log, best.pt (best dev micro F1), best_scores.json, last.pt.
Export with training/export_bio.py.
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from corpusgraph_train import bio  # noqa: E402
from corpusgraph_train.bio_recipe import BioConfig, BioTrainer, tokenizer_with_lowercase  # noqa: E402
from corpusgraph_train.encoder import load_onnx_encoder  # noqa: E402

DATA = os.path.join(HERE, "..", "..", "shared", "data", "ner")


def load_data(corpus):
    if corpus == "cluener2020":
        train = bio.read_cluener(os.path.join(DATA, "cluener2020", "train.jsonl"))
        dev = bio.read_cluener(os.path.join(DATA, "cluener2020", "dev.jsonl"))
    elif corpus == "conll2003":
        train = bio.read_conll(os.path.join(DATA, "conll2003", "train.txt"))
        dev = bio.read_conll(os.path.join(DATA, "conll2003", "dev.txt"))
    else:
        raise SystemExit(f"unknown corpus {corpus!r}")
    types = sorted({s[2] for _, spans in train for s in spans})
    return train, dev, types


def encoder_files(name):
    folder = os.path.join(HERE, ".cache", "encoders", name)
    if not os.path.exists(os.path.join(folder, "model.onnx")):
        raise SystemExit(f"run training/fetch_encoder.sh {name} first")
    return os.path.join(folder, "model.onnx"), os.path.join(folder, "tokenizer.json")


def recipe_tokenizer_json(config):
    """The encoder's tokenizer.json with the recipe's normalizer settings (config: a BioConfig's json):
    what training reads and what export ships, so both tokenize alike."""
    with open(encoder_files(config["encoder"])[1], encoding="utf-8") as f:
        return tokenizer_with_lowercase(json.load(f), config.get("lowercase", False))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", default=os.path.join(HERE, "runs", "zh-cluener"))
    p.add_argument("--corpus", default="cluener2020")
    p.add_argument("--resume", action="store_true")
    p.add_argument("--bench", type=int, default=0, help="time this many steps in fp32 and bf16, then stop")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--dev-limit", type=int, default=0)
    for name, value in BioConfig().to_json().items():
        p.add_argument("--" + name.replace("_", "-"), type=type(value) if not isinstance(value, bool) else int,
                       default=value)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    config = BioConfig(**{k: (bool(v) if isinstance(BioConfig().to_json()[k], bool) else v)
                          for k, v in vars(args).items() if k in BioConfig().to_json()})
    train, dev, types = load_data(args.corpus)
    if config.limit_train:
        train = train[:config.limit_train]
    if args.dev_limit:
        dev = dev[:args.dev_limit]
    onnx_path, _ = encoder_files(config.encoder)
    tokenizer = bio.OffsetTokenizer(recipe_tokenizer_json(config.to_json()))
    os.makedirs(args.run, exist_ok=True)
    log_file = open(os.path.join(args.run, "train.log"), "a", encoding="utf-8")

    def log(message):
        line = time.strftime("%H:%M:%S ") + message
        print(line, flush=True)
        log_file.write(line + "\n")
        log_file.flush()

    if args.bench:
        for bf16 in (False, True):
            config.bf16 = bf16
            trainer = BioTrainer(config, load_onnx_encoder(onnx_path), tokenizer, train, dev, types, args.run, log)
            batches = trainer._epoch_batches(0)
            trainer.train_step(batches[0])  # warm-up
            t0 = time.time()
            for b in batches[1:args.bench + 1]:
                loss = trainer.train_step(b)
            rate = args.bench / (time.time() - t0)
            t0 = time.time()
            scores = None
            if args.dev_limit:
                scores = trainer.evaluate()["micro"]["f1"]
            log(f"bench bf16={bf16}: {rate:.2f} steps/s (batch {config.batch_size}), last loss {loss:.3f}"
                + (f", dev F1 {scores:.4f} on {len(dev)} ({time.time() - t0:.0f} s)" if scores is not None else ""))
        return
    trainer = BioTrainer(config, load_onnx_encoder(onnx_path), tokenizer, train, dev, types, args.run, log)
    if args.resume:
        trainer.resume()
    best = trainer.run()
    log(f"done: best dev micro F1 {best:.4f}, {trainer.train_seconds / 60:.1f} training minutes")


if __name__ == "__main__":
    main()
