"""Activation ranges for training/quantize.py --smooth: per input channel, the largest |value| each weight
MatMul's input takes, on sentences of the training corpora's *train* splits (never dev or test), run
through the model folder's own PyTorch twin with the prompts the pipeline builds (all of a corpus's types;
CoNLL04 relation prompts with gold heads).

Usage:
  /usr/bin/python3 training/calibrate_int8.py MODEL_DIR [--out MODEL_DIR/int8-calibration.npz]
        [--sentences 64] [--threads 2]
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import random
import sys

import numpy as np
import torch

from corpusgraph_train.datasets import NER_TYPES, load_corpora
from corpusgraph_train.default_setup import DATA_DIR, CachedTokenizer, prompt_encoder_for
from corpusgraph_train.evaluation import entity_scores, relation_scores
from corpusgraph_train.export import load_model_folder
from evaluate import ENTITY_CORPORA


def channel_maxima(model, run):
    """{weight name: per-input-channel max |x|} of every nn.Linear while run() runs the model."""
    maxima, hooks = {}, []
    for name, module in model.named_modules():
        if isinstance(module, torch.nn.Linear):
            key = name + ".weight"

            def hook(_, inputs, __, key=key):
                x = inputs[0].detach().abs().reshape(-1, inputs[0].shape[-1]).amax(dim=0).float().numpy()
                maxima[key] = np.maximum(maxima[key], x) if key in maxima else x
            hooks.append(module.register_forward_hook(hook))
    try:
        with torch.no_grad():
            run()
    finally:
        for h in hooks:
            h.remove()
    return maxima


def calibrate(model_dir, data_dir=DATA_DIR, sentences=64, seed=13):
    """{weight name: per-input-channel max |x|} of the model folder's PyTorch twin on `sentences` train
    sentences per corpus (entity prompts of all its types; CoNLL04 relation prompts, gold and found heads)."""
    model, _, tokenizer = load_model_folder(model_dir)
    prompts = prompt_encoder_for(model, CachedTokenizer(tokenizer))
    corpora = load_corpora(data_dir, splits=("train",))
    rng = random.Random(seed)

    def sample(name):
        examples = corpora[name].splits.get("train", [])
        return rng.sample(examples, min(sentences, len(examples)))

    def run():
        for name in ENTITY_CORPORA:
            entity_scores(model, prompts, sample(name), corpora[name].types)
        examples = sample("conll04")
        relation_scores(model, prompts, examples, corpora["conll04"].types)
        relation_scores(model, prompts, examples, corpora["conll04"].types, sorted(set(NER_TYPES["conll04"].values())))

    return channel_maxima(model, run)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model_dir")
    parser.add_argument("--out")
    parser.add_argument("--sentences", type=int, default=64, help="per corpus, sampled from its train split")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--data-dir", default=DATA_DIR)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    maxima = calibrate(args.model_dir, args.data_dir, args.sentences, args.seed)
    out = args.out or os.path.join(args.model_dir, "int8-calibration.npz")
    np.savez_compressed(out, **maxima)
    print(f"{out}: input ranges of {len(maxima)} linear layers from {args.sentences} train sentences per corpus",
          file=sys.stderr)


if __name__ == "__main__":
    main()
