"""Token-classification model folders (docs/token-classification-contract.md §1-2):
model.onnx (+ model_quantized.onnx) + config.json (id2label, label2id) + tokenizer.json.

`export_bio_folder` writes one from a TokenClassifier; `load_bio_folder` rebuilds the PyTorch model from
the ONNX initializers (names kept: constant folding off), so goldens come from exactly the shipped weights.
"""

import copy
import json
import os

import numpy as np
import onnx
import torch

from .bio import OffsetTokenizer
from .bio_recipe import TokenClassifier
from .encoder import BertEncoder, EncoderConfig
from .export import _check_distinct_parameters, load_onnx_weights

OPSET = 17


def round_to_fp16(model):
    """Weights rounded to fp16 values (kept fp32), so that storing them as fp16 is exact."""
    with torch.no_grad():
        for p in model.state_dict().values():
            if p.is_floating_point():
                p.copy_(p.half().float())
    return model


def set_default_threshold(folder, threshold):
    """Records in the folder's config.json the threshold the pipeline uses when extraction.threshold is not set
    (contract §1, `default_threshold`)."""
    path = os.path.join(folder, "config.json")
    with open(path, encoding="utf-8") as f:
        config = json.load(f)
    config["default_threshold"] = threshold
    with open(path, "w", encoding="utf-8") as f:
        json.dump(config, f, ensure_ascii=False, indent=2)
        f.write("\n")


def bio_config(model, id2label, model_name):
    e = model.encoder.config
    return {
        "_name_or_path": model_name,
        "architectures": ["BertForTokenClassification"],
        "model_type": "bert",
        "id2label": {str(i): l for i, l in enumerate(id2label)},
        "label2id": {l: i for i, l in enumerate(id2label)},
        "max_position_embeddings": e.max_position_embeddings,
        "hidden_size": e.hidden_size,
        "num_hidden_layers": e.num_layers,
        "num_attention_heads": e.num_heads,
        "intermediate_size": e.intermediate_size,
        "vocab_size": e.vocab_size,
        "layer_norm_eps": e.layer_norm_eps,
        "encoder_config": e.to_json(),
    }


def export_bio_folder(model, id2label, model_name, base_tokenizer_json, folder):
    """Writes model.onnx (fp32), config.json and tokenizer.json; checks the graph."""
    _check_distinct_parameters(model)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w", encoding="utf-8") as f:
        json.dump(bio_config(model, id2label, model_name), f, ensure_ascii=False, indent=2)
        f.write("\n")
    tokenizer_json = copy.deepcopy(base_tokenizer_json)
    tokenizer_json["truncation"] = None
    tokenizer_json["padding"] = None
    with open(os.path.join(folder, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_json, f, ensure_ascii=False, indent=2)
        f.write("\n")
    model.eval()
    # two rows of different lengths (right-padded) so that batch and sequence are traced as variable
    ids = torch.tensor([[101, 2000, 2001, 2002, 102], [101, 2003, 102, 0, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    path = os.path.join(folder, "model.onnx")
    with torch.no_grad():
        torch.onnx.export(model, (ids, mask), path, input_names=["input_ids", "attention_mask"],
                          output_names=["logits"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                                        "attention_mask": {0: "batch", 1: "sequence"},
                                        "logits": {0: "batch", 1: "sequence"}},
                          opset_version=OPSET, do_constant_folding=False)
    onnx.checker.check_model(onnx.load(path), full_check=True)
    return folder


def load_bio_folder(folder):
    """(TokenClassifier in eval mode, config dict, OffsetTokenizer) from a folder export_bio_folder wrote."""
    with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    id2label = [config["id2label"][str(i)] for i in range(len(config["id2label"]))]
    model = TokenClassifier(BertEncoder(EncoderConfig(**config["encoder_config"])), len(id2label))
    load_onnx_weights(model, folder)
    return model, config, OffsetTokenizer.from_file(os.path.join(folder, "tokenizer.json"))


def id2label_of(config):
    return [config["id2label"][str(i)] for i in range(len(config["id2label"]))]


def onnx_logits_fn(path, run, pad_id=0, batch_size=32):
    """list of id lists -> list of [T, C] logits from an ONNX graph, run by `run(path, feeds)`
    (tests/numpy_onnx.run); batched by length like bio_recipe.logits_fn."""
    graph = onnx.load(path)

    def logits(inputs):
        order = sorted(range(len(inputs)), key=lambda i: len(inputs[i]))
        out = [None] * len(inputs)
        for k in range(0, len(order), batch_size):
            chunk = order[k:k + batch_size]
            width = max(len(inputs[i]) for i in chunk)
            ids = np.full((len(chunk), width), pad_id, dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                ids[row, :len(inputs[i])] = inputs[i]
                mask[row, :len(inputs[i])] = 1
            result = run(graph, {"input_ids": ids, "attention_mask": mask})
            values = result.get("logits", next(iter(result.values())))
            for row, i in enumerate(chunk):
                out[i] = values[row, :len(inputs[i])]
        return out
    return logits
