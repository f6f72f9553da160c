"""Builds the three tiny GLiNER test models under pipeline/src/test/resources/models/.

  tiny-span      span model (markerV0), logits [B, W, K, C]
  tiny-token     token-level model, logits [B, W, C, 3]
  tiny-token-v0  token-level model in the older layout [3, B, W, C]

Each has the real all-MiniLM-L6-v2 tokenizer (+ <<ENT>>, <<SEP>>), a 2-layer encoder whose small
word-embedding table starts from a PCA of MiniLM's, and is trained briefly on CoNLL-2003 with readable
labels and negative labels. Deterministic: fixed seeds, 2 threads.

Usage: /usr/bin/python3 training/make_test_models.py [--only tiny-span] [--steps N]
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import math
import random
import subprocess
import sys

import numpy as np
import torch

from corpusgraph_train.conll import read_bio
from corpusgraph_train.decoding import greedy_select, span_candidates, token_candidates
from corpusgraph_train.encoder import BertEncoder, EncoderConfig, onnx_encoder_weights
from corpusgraph_train.export import export_model_folder, tokenizer_with_prompt_tokens, gliner_config, token_limit
from corpusgraph_train.model import HeadConfig, build_model
from corpusgraph_train.processing import PromptEncoder, batch_tensors
from corpusgraph_train.training import make_examples, train
from corpusgraph_train.wordpiece import WordPieceTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MODELS_DIR = os.path.join(ROOT, "pipeline", "src", "test", "resources", "models")
CONLL_DIR = os.path.join(ROOT, "..", "shared", "data", "ner", "conll2003")
ENCODER = "all-minilm-l6-v2"

TYPE_NAMES = {"person": "person", "location": "location", "organisation": "organization", "misc": "miscellaneous"}
NEGATIVE_LABELS = ["date", "date of birth", "number", "color", "animal", "food", "disease", "chemical",
                   "vehicle", "musical instrument", "software", "weather"]
EMBEDDING_SIZE, HIDDEN, LAYERS, HEADS, INTERMEDIATE, EXPANSION = 32, 128, 2, 4, 256, 2
MODELS = {  # name -> (span_mode, legacy token layout, seed)
    "tiny-span": ("markerV0", False, 11),
    "tiny-token": ("token_level", False, 12),
    "tiny-token-v0": ("token_level", True, 13),
}


def encoder_files():
    folder = os.path.join(HERE, ".cache", "encoders", ENCODER)
    if not os.path.exists(os.path.join(folder, "model.onnx")):
        subprocess.run([os.path.join(HERE, "fetch_encoder.sh"), ENCODER], check=True)
    return os.path.join(folder, "model.onnx"), os.path.join(folder, "tokenizer.json")


def pca_word_embeddings(minilm_onnx, size, vocab_size):
    """MiniLM's word embeddings reduced to `size` dimensions; rows for added tokens get the mean."""
    table = onnx_encoder_weights(minilm_onnx)["embeddings.word_embeddings.weight"].astype(np.float64)
    centred = table - table.mean(0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[:size].T
    reduced /= reduced.std()  # unit scale, like a fresh embedding
    extra = np.repeat(reduced.mean(0, keepdims=True), vocab_size - len(table), axis=0)
    return torch.tensor(np.concatenate([reduced, extra]), dtype=torch.float32)


def sinusoids(positions, size):
    angle = torch.arange(positions)[:, None] * torch.exp(-math.log(10000.0) * torch.arange(0, size, 2) / size)
    table = torch.zeros(positions, size)
    table[:, 0::2], table[:, 1::2] = torch.sin(angle), torch.cos(angle)
    return table


def tiny_encoder(seed, embeddings):
    """The tiny test models' encoder: seeded, MiniLM's word embeddings reduced, sinusoidal positions."""
    torch.manual_seed(seed)
    config = EncoderConfig(vocab_size=embeddings.shape[0], hidden_size=HIDDEN, num_layers=LAYERS, num_heads=HEADS,
                           intermediate_size=INTERMEDIATE, embedding_size=EMBEDDING_SIZE, dropout=0.0)
    encoder = BertEncoder(config)
    with torch.no_grad():
        encoder.embeddings.word_embeddings.weight.copy_(embeddings)
        # Sinusoidal positions make "look at the next token" easy to learn: without them every <<ENT>>
        # token stays alike for a long time and the labels cannot be told apart.
        positions = encoder.embeddings.position_embeddings.weight
        positions.copy_(sinusoids(*positions.shape))
        encoder.embeddings.token_type_embeddings.weight.normal_(0.0, 0.02)
    return encoder


def build_tiny(span_mode, legacy, seed, embeddings, class_token_index):
    encoder = tiny_encoder(seed, embeddings)
    head = HeadConfig(span_mode=span_mode, class_token_index=class_token_index, expansion=EXPANSION, dropout=0.0,
                      legacy_token_layout=legacy)
    return build_model(encoder, head)


def evaluate(model, sentences, prompt_encoder, seed):
    """Micro P/R/F1 (exact span and label, flat greedy, threshold 0.5) on prompted sentences."""
    examples = make_examples(sentences, prompt_encoder, TYPE_NAMES, NEGATIVE_LABELS, random.Random(seed))
    tp = predicted = gold = 0
    with torch.no_grad():
        for i in range(0, len(examples), 64):
            batch = examples[i:i + 64]
            inputs = batch_tensors([e[0] for e in batch], model.head.max_width)
            output = model(*(inputs[name] for name in model.input_names))
            if model.head.legacy_token_layout:
                output = output.permute(1, 2, 3, 0)
            for b, (encoded, labels, spans) in enumerate(batch):
                if model.head.span_mode == "markerV0":
                    found = span_candidates(output[b, :, :, :len(labels)].numpy(), encoded.text_length, 0.5)
                else:
                    found = token_candidates(output[b, :, :len(labels)].numpy(), encoded.text_length, 0.5)
                predicted_spans = {(s, e, labels[c]) for s, e, c, _ in greedy_select(found, True, False)}
                gold_spans = set(spans)
                tp += len(predicted_spans & gold_spans)
                predicted += len(predicted_spans)
                gold += len(gold_spans)
    precision, recall = tp / max(predicted, 1), tp / max(gold, 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=sorted(MODELS), action="append", help="build only these models")
    parser.add_argument("--steps", type=int, default=1500, help="training steps per model")
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--positive-weight", type=float, default=3.0, help="BCE weight of the rare positive cells")
    parser.add_argument("--out", default=MODELS_DIR, help="folder for the model folders")
    args = parser.parse_args()
    torch.set_num_threads(2)

    minilm_onnx, minilm_tokenizer = encoder_files()
    with open(minilm_tokenizer, encoding="utf-8") as f:
        base_tokenizer = json.load(f)
    tokenizer = WordPieceTokenizer(tokenizer_with_prompt_tokens(base_tokenizer))
    class_token_index = tokenizer.token_id("<<ENT>>")
    embeddings = pca_word_embeddings(minilm_onnx, EMBEDDING_SIZE, class_token_index + 2)
    train_sentences = read_bio(os.path.join(CONLL_DIR, "train.txt"))
    dev_sentences = read_bio(os.path.join(CONLL_DIR, "dev.txt"))[:500]

    for name in args.only or MODELS:
        span_mode, legacy, seed = MODELS[name]
        model = build_tiny(span_mode, legacy, seed, embeddings, class_token_index)
        config = gliner_config(name, model.encoder.config, model.head)
        prompt_encoder = PromptEncoder(tokenizer, config, token_limit(config))
        print(f"== {name}: training {args.steps} steps", flush=True)
        train(model, train_sentences, prompt_encoder, TYPE_NAMES, NEGATIVE_LABELS, args.steps, seed, lr=args.lr,
              positive_weight=args.positive_weight, log=lambda line: print(line, flush=True))
        p, r, f = evaluate(model, dev_sentences, prompt_encoder, seed)
        print(f"{name}: CoNLL dev (500 sentences) P {p:.3f} R {r:.3f} F1 {f:.3f}", flush=True)
        folder = export_model_folder(model, name, base_tokenizer, os.path.join(args.out, name))
        print(f"{name}: wrote {folder} (model.onnx {os.path.getsize(os.path.join(folder, 'model.onnx'))} bytes)")


if __name__ == "__main__":
    sys.exit(main())
