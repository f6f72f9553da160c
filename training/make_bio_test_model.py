#!/usr/bin/env python3
"""Builds the tiny BIO token-classification test model pipeline/src/test/resources/models/tiny-bio/.

The real all-MiniLM-L6-v2 tokenizer, a 2-layer encoder whose small word-embedding table starts from a PCA
of MiniLM's (as make_test_models.py does for the tiny GLiNER models), a linear classifier over the
CoNLL-2003 BIO tags (PER, ORG, LOC, MISC), trained for a few minutes on CoNLL-2003 train with the
recipe of train_bio.py. Weights rounded to fp16 and stored fp16 (model.onnx only, no int8 graph).
Deterministic: fixed seed, 2 threads, fp32.

Usage: /usr/bin/python3 training/make_bio_test_model.py [--steps 1500] [--out DIR]
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import sys
import tempfile

import onnx
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import quantize  # noqa: E402
from corpusgraph_train import bio  # noqa: E402
from corpusgraph_train.bio_export import export_bio_folder, load_bio_folder, round_to_fp16  # noqa: E402
from corpusgraph_train.bio_recipe import BioConfig, BioTrainer, evaluate  # noqa: E402
from make_test_models import MODELS_DIR, encoder_files, pca_word_embeddings, tiny_encoder  # noqa: E402
from train_bio import load_data  # noqa: E402

NAME = "tiny-bio"
SEED = 21


def build_encoder(embeddings):
    return tiny_encoder(SEED, embeddings)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--steps", type=int, default=1500)
    p.add_argument("--out", default=os.path.join(MODELS_DIR, NAME))
    args = p.parse_args(argv)
    torch.set_num_threads(2)
    minilm_onnx, minilm_tokenizer = encoder_files()
    with open(minilm_tokenizer, encoding="utf-8") as f:
        base_tokenizer = json.load(f)
    tokenizer = bio.OffsetTokenizer(base_tokenizer)
    embeddings = pca_word_embeddings(minilm_onnx, EMBEDDING_SIZE, len(base_tokenizer["model"]["vocab"]))
    train, dev, types = load_data("conll2003")
    dev = dev[:500]
    steps_per_epoch = -(-len(train) // 32)
    config = BioConfig(encoder="all-minilm-l6-v2", epochs=args.steps / steps_per_epoch, batch_size=32,
                       max_tokens=64, encoder_lr=2e-3, head_lr=2e-3, dropout=0.0, evals_per_epoch=1,
                       checkpoint_seconds=1e9, log_every=100, seed=SEED, bf16=False)
    with tempfile.TemporaryDirectory() as run_dir:
        trainer = BioTrainer(config, build_encoder(embeddings), tokenizer, train, dev, types, run_dir,
                             log=lambda line: print(line, flush=True))
        trainer.run()
        model = trainer.model
    round_to_fp16(model)
    export_bio_folder(model, trainer.id2label, NAME, base_tokenizer, args.out)
    path = os.path.join(args.out, "model.onnx")
    graph = onnx.load(path)
    quantize.store_fp16(graph)
    onnx.save(graph, path)
    reloaded, config_json, tok = load_bio_folder(args.out)
    scores = evaluate(reloaded, tok, trainer.id2label, dev)
    print(f"{NAME}: CoNLL dev (500 sentences) aggregation first: P {scores['micro']['precision']:.3f} "
          f"R {scores['micro']['recall']:.3f} F1 {scores['micro']['f1']:.3f}; "
          f"model.onnx {os.path.getsize(path)} bytes", flush=True)


if __name__ == "__main__":
    main()
