"""Paths and objects the default model's scripts share: encoder files, tokenizer, prompt encoder."""

import functools
import json
import os
import subprocess

import torch

from .encoder import BertEncoder, EncoderConfig, load_onnx_encoder
from .export import gliner_config, token_limit, tokenizer_with_prompt_tokens
from .model import HeadConfig, build_model
from .processing import PromptEncoder
from .wordpiece import WordPieceTokenizer

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(TRAINING)
DATA_DIR = os.path.join(ROOT, "..", "shared", "data")
RUNS_DIR = os.path.join(TRAINING, "runs")
# CORPUSGRAPH_ENCODERS points elsewhere on a lent GPU machine, where the encoders travel as
# encoder.pt (training/device_weights.py pack-encoder) because the ONNX files are too big to carry.
ENCODERS_DIR = os.environ.get("CORPUSGRAPH_ENCODERS", os.path.join(TRAINING, ".cache", "encoders"))
PACKED_ENCODER = "encoder.pt"


def encoder_folder(name):
    """<encoders>/<name>/ with tokenizer.json and model.onnx (or encoder.pt), fetched when missing."""
    folder = os.path.join(ENCODERS_DIR, name)
    if not any(os.path.exists(os.path.join(folder, f)) for f in ("model.onnx", PACKED_ENCODER)):
        subprocess.run([os.path.join(TRAINING, "fetch_encoder.sh"), name], check=True)
    return folder


def load_encoder(name):
    """The pretrained BertEncoder: from the ONNX file, or from a packed encoder.pt (fp16 weights)."""
    folder = encoder_folder(name)
    if os.path.exists(os.path.join(folder, "model.onnx")):
        return load_onnx_encoder(os.path.join(folder, "model.onnx"))
    packed = torch.load(os.path.join(folder, PACKED_ENCODER), map_location="cpu")
    encoder = BertEncoder(EncoderConfig(**packed["config"]))
    state = {k: v.float() for k, v in packed["state"].items()}
    for k, (values, scale) in packed.get("int8", {}).items():  # device_weights.py --int8-embeddings
        state[k] = values.float() * scale.float()
    encoder.load_state_dict(state)
    return encoder


class CachedTokenizer:
    """WordPieceTokenizer with a per-word cache: training re-tokenizes the same words many times."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.cls_id, self.sep_id, self.pad_id = tokenizer.cls_id, tokenizer.sep_id, tokenizer.pad_id
        self.tokenize_word = functools.lru_cache(maxsize=500_000)(tokenizer.tokenize_word)

    def token_id(self, token):
        return self.tokenizer.token_id(token)


def base_tokenizer_json(encoder_name):
    with open(os.path.join(encoder_folder(encoder_name), "tokenizer.json"), encoding="utf-8") as f:
        return json.load(f)


def tokenizer_for(encoder_name):
    """The encoder's tokenizer with <<ENT>> and <<SEP>> added, as exported."""
    return CachedTokenizer(WordPieceTokenizer(tokenizer_with_prompt_tokens(base_tokenizer_json(encoder_name))))


def run_tokenizer_json(run_config):
    """The base tokenizer.json of a run (its config.json as a dict): the warm-start folder's (init_from, which
    already holds <<ENT>> and <<SEP>>; adding them again changes nothing), else the encoder's."""
    folder = run_config.get("init_from")
    if folder:
        folder = folder if os.path.isabs(folder) else os.path.join(ROOT, folder)
        with open(os.path.join(folder, "tokenizer.json"), encoding="utf-8") as f:
            return json.load(f)
    return base_tokenizer_json(run_config["encoder"])


def run_tokenizer(run_config):
    """The tokenizer a run's checkpoints were trained with (<<ENT>>, <<SEP>> included)."""
    return CachedTokenizer(WordPieceTokenizer(tokenizer_with_prompt_tokens(run_tokenizer_json(run_config))))


def new_span_model(encoder_name, tokenizer, max_width, head_dropout):
    """Pretrained encoder (+ rows for <<ENT>>, <<SEP>>) and a fresh markerV0 head."""
    encoder = load_encoder(encoder_name)
    encoder.resize_vocab(encoder.config.vocab_size + 2)
    head = HeadConfig(span_mode="markerV0", class_token_index=tokenizer.token_id("<<ENT>>"), max_width=max_width,
                      dropout=head_dropout)
    return build_model(encoder, head)


def warm_start(model_folder, head_dropout=None):
    """(span model, tokenizer) from an exported model folder (e.g. sample-data/models/corpusgraph-bge-small-v1):
    the weights are read from model.onnx's initializers; the head's dropout is set for training."""
    from .export import load_model_folder
    model, _, tokenizer = load_model_folder(model_folder)
    if head_dropout is not None:
        model.head.dropout = head_dropout
        encoder_modules = {id(m) for m in model.encoder.modules()}
        for module in model.modules():
            if isinstance(module, torch.nn.Dropout) and id(module) not in encoder_modules:
                module.p = head_dropout
    return model, CachedTokenizer(tokenizer)


def prompt_encoder_for(model, tokenizer, name="default"):
    config = gliner_config(name, model.encoder.config, model.head)
    return PromptEncoder(tokenizer, config, token_limit(config))
