"""Model folders in the GLiNER ONNX contract: model.onnx + gliner_config.json + tokenizer.json.

`export_model_folder` writes one; `load_model_folder` rebuilds the PyTorch model from one (the
ONNX initializers keep the PyTorch parameter names because constant folding is off), so goldens
are computed by PyTorch from exactly the weights the ONNX graph holds.
"""

import copy
import json
import os

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from .encoder import BertEncoder, EncoderConfig
from .factored_head import joined_weights
from .model import HeadConfig, build_model
from .processing import PromptEncoder, batch_tensors
from .wordpiece import WordPieceTokenizer

ENT_TOKEN, SEP_TOKEN = "<<ENT>>", "<<SEP>>"
MAX_LEN = 384
OPSET = 17


def tokenizer_with_prompt_tokens(base_tokenizer_json):
    """The encoder's tokenizer.json plus <<ENT>> and <<SEP>> (special, not normalized) after its vocab.

    Truncation and padding are cleared: windows are sized by the caller, never cut by the tokenizer."""
    tokenizer = copy.deepcopy(base_tokenizer_json)
    present = {token["content"] for token in tokenizer["added_tokens"]}
    next_id = len(tokenizer["model"]["vocab"])
    for offset, content in enumerate((ENT_TOKEN, SEP_TOKEN)):
        if content not in present:
            tokenizer["added_tokens"].append({"id": next_id + offset, "content": content, "single_word": False,
                                              "lstrip": False, "rstrip": False, "normalized": False,
                                              "special": True})
    tokenizer["truncation"] = None
    tokenizer["padding"] = None
    return tokenizer


def gliner_config(model_name, encoder_config, head):
    return {
        "model_name": model_name,
        "span_mode": head.span_mode,
        "max_width": head.max_width,
        "max_len": MAX_LEN,
        "ent_token": ENT_TOKEN,
        "sep_token": SEP_TOKEN,
        "class_token_index": head.class_token_index,
        "words_splitter_type": "whitespace",
        "hidden_size": encoder_config.hidden_size,
        "vocab_size": encoder_config.vocab_size,
        "encoder_config": encoder_config.to_json(),
        "head_config": head.to_json(),
    }


def token_limit(config):
    return config.get("encoder_config", {}).get("max_position_embeddings", 512)


def example_inputs(model, tokenizer, config):
    """Two windows of different lengths, so that every batch-dependent axis is traced as variable."""
    encoder = PromptEncoder(tokenizer, config, token_limit(config))
    windows = [encoder.prepare(text, ["person", "location"]).encoded[0]
               for text in ("Ada Lovelace lived in London .", "Paris")]
    tensors = batch_tensors(windows, config["max_width"])
    return tuple(tensors[name] for name in model.input_names)


def _dynamic_axes(model):
    axes = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
            "words_mask": {0: "batch", 1: "tokens"}, "text_lengths": {0: "batch"},
            "span_idx": {0: "batch", 1: "spans"}, "span_mask": {0: "batch", 1: "spans"}}
    axes = {name: axes[name] for name in model.input_names}
    if model.head.span_mode == "markerV0":
        axes["logits"] = {0: "batch", 1: "words", 3: "classes"}
    elif model.head.legacy_token_layout:
        axes["logits"] = {1: "batch", 2: "words", 3: "classes"}
    else:
        axes["logits"] = {0: "batch", 1: "words", 2: "classes"}
    return axes


def _check_distinct_parameters(model):
    """The exporter merges equal initializers (fresh LayerNorms, say), which would lose their names."""
    seen = {}
    for name, tensor in model.state_dict().items():
        key = (tuple(tensor.shape), tensor.sum().item())
        for other in seen.get(key, []):
            if torch.equal(tensor, model.state_dict()[other]):
                raise ValueError(f"parameters {other} and {name} are equal: train the model before exporting it")
        seen.setdefault(key, []).append(name)


def export_model_folder(model, model_name, base_tokenizer_json, folder):
    """Writes model.onnx, gliner_config.json and tokenizer.json; checks the ONNX graph."""
    _check_distinct_parameters(model)
    os.makedirs(folder, exist_ok=True)
    config = gliner_config(model_name, model.encoder.config, model.head)
    tokenizer_json = tokenizer_with_prompt_tokens(base_tokenizer_json)
    with open(os.path.join(folder, "gliner_config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    with open(os.path.join(folder, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_json, f, ensure_ascii=False, indent=2)
        f.write("\n")
    model.eval()
    path = os.path.join(folder, "model.onnx")
    with torch.no_grad():
        torch.onnx.export(model, example_inputs(model, WordPieceTokenizer(tokenizer_json), config), path,
                          input_names=model.input_names, output_names=["logits"],
                          dynamic_axes=_dynamic_axes(model), opset_version=OPSET, do_constant_folding=False)
    graph = onnx.load(path)
    if model.head.span_mode == "markerV0":
        # the exporter leaves K symbolic; it is the fixed max_width, and readers may rely on it
        graph.graph.output[0].type.tensor_type.shape.dim[2].dim_value = model.head.max_width
        onnx.save(graph, path)
    onnx.checker.check_model(graph, full_check=True)
    return folder


def _as_stored(array):
    return array.astype(np.float32) if array.dtype == np.float16 else array.copy()


def load_model_folder(folder):
    """(PyTorch model in eval mode, gliner config, tokenizer) from a folder written by export_model_folder."""
    with open(os.path.join(folder, "gliner_config.json"), encoding="utf-8") as f:
        config = json.load(f)
    encoder_config = EncoderConfig(**config["encoder_config"])
    model = build_model(BertEncoder(encoder_config), HeadConfig(**config["head_config"]))
    load_onnx_weights(model, folder)
    return model, config, WordPieceTokenizer.from_file(os.path.join(folder, "tokenizer.json"))


def load_onnx_weights(model, folder):
    """Every parameter of `model` from folder/model.onnx's initializers (by name), then eval mode."""
    graph = onnx.load(os.path.join(folder, "model.onnx")).graph
    # model.onnx may store weights as fp16 behind a Cast (training/quantize.py fp16): "<name>_fp16"
    # and its span head may be factored (factored_head.py): the halves of out_project.0.weight joined again
    stored = {name: torch.from_numpy(np.ascontiguousarray(array)) for name, array in joined_weights(
        {t.name.removesuffix("_fp16"): _as_stored(numpy_helper.to_array(t)) for t in graph.initializer}).items()}
    state = model.state_dict()
    missing = [name for name in state if name not in stored]
    if missing:
        raise ValueError(f"{folder}/model.onnx: no initializers for {missing}")
    model.load_state_dict({name: stored[name] for name in state})
    model.eval()
