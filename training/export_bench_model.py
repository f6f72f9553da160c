"""Exports a MiniLM-size GLiNER span model for speed benchmarks (not committed; untrained head).

The encoder is all-MiniLM-L6-v2 from the langchain4j jar (6 layers, hidden 384), extended with
<<ENT>> and <<SEP>>; the markerV0 head has GLiNER's sizes and random weights, so the graph costs
what a real GLiNER-small-class model costs, but its entities mean nothing.

Usage: /usr/bin/python3 training/export_bench_model.py DIR     (e.g. target/bench-model)
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import sys

import torch

from corpusgraph_train.encoder import load_onnx_encoder
from corpusgraph_train.export import export_model_folder
from corpusgraph_train.model import HeadConfig, build_model
from make_test_models import ENCODER, encoder_files


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", help="where to write the model folder")
    args = parser.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(7)
    onnx_path, tokenizer_path = encoder_files()
    with open(tokenizer_path, encoding="utf-8") as f:
        base_tokenizer = json.load(f)
    encoder = load_onnx_encoder(onnx_path)
    encoder.resize_vocab(encoder.config.vocab_size + 2)
    class_token_index = encoder.config.vocab_size - 2
    model = build_model(encoder, HeadConfig(span_mode="markerV0", class_token_index=class_token_index))
    folder = export_model_folder(model, f"bench-{ENCODER}-span", base_tokenizer, args.folder)
    size = os.path.getsize(os.path.join(folder, "model.onnx"))
    print(f"wrote {folder} (model.onnx {size / 1e6:.1f} MB, untrained head: for speed only)")


if __name__ == "__main__":
    sys.exit(main())
