"""Shared test setup: the import path, thread settings and the committed tiny model folders."""

import os
import sys

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(TRAINING)
MODELS = os.path.join(ROOT, "pipeline", "src", "test", "resources", "models")
TOKENIZER_JSON = os.path.join(MODELS, "tiny-span", "tokenizer.json")
MINILM_ONNX = os.path.join(TRAINING, ".cache", "encoders", "all-minilm-l6-v2", "model.onnx")

if TRAINING not in sys.path:
    sys.path.insert(0, TRAINING)

import torch  # noqa: E402

torch.set_num_threads(2)
