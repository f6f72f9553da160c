"""A BERT encoder in PyTorch: configurable for tiny test models, or loaded from a langchain4j ONNX file.

The langchain4j jars ship BERT-family encoders (all-MiniLM-L6-v2, bge-small, e5-small) as ONNX
graphs exported from HF transformers. Their biases and LayerNorm weights keep HF names, but the
Linear weights became anonymous `onnx::MatMul_NNN` initializers stored transposed ([in, out]).
`load_onnx_encoder` names each one by following the graph from its MatMul to the Add with the
named bias.
"""

import math
import re
from dataclasses import dataclass, asdict
from typing import Optional

import onnx
import torch
from onnx import numpy_helper
from torch import nn
from torch.nn import functional as F


@dataclass
class EncoderConfig:
    vocab_size: int
    hidden_size: int
    num_layers: int
    num_heads: int
    intermediate_size: int
    max_position_embeddings: int = 512
    type_vocab_size: int = 2
    layer_norm_eps: float = 1e-12
    # word embeddings of this width projected up to hidden_size: a small table for tiny models
    embedding_size: Optional[int] = None
    dropout: float = 0.1

    def to_json(self):
        return asdict(self)


class BertEmbeddings(nn.Module):
    def __init__(self, config):
        super().__init__()
        width = config.embedding_size or config.hidden_size
        self.word_embeddings = nn.Embedding(config.vocab_size, width)
        self.word_projection = nn.Linear(width, config.hidden_size, bias=False) if config.embedding_size else None
        self.position_embeddings = nn.Embedding(config.max_position_embeddings, config.hidden_size)
        self.token_type_embeddings = nn.Embedding(config.type_vocab_size, config.hidden_size)
        self.norm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.dropout = nn.Dropout(config.dropout)

    def forward(self, input_ids):
        words = self.word_embeddings(input_ids)
        if self.word_projection is not None:
            words = self.word_projection(words)
        positions = torch.arange(input_ids.size(1), device=input_ids.device)
        # every token has type 0: GLiNER encodes prompt and text as one sequence
        x = words + self.position_embeddings(positions).unsqueeze(0) + self.token_type_embeddings.weight[0]
        return self.dropout(self.norm(x))


class BertLayer(nn.Module):
    def __init__(self, config):
        super().__init__()
        h = config.hidden_size
        self.num_heads = config.num_heads
        self.head_size = h // config.num_heads
        self.query, self.key, self.value = nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h)
        self.attention_output = nn.Linear(h, h)
        self.attention_norm = nn.LayerNorm(h, eps=config.layer_norm_eps)
        self.intermediate = nn.Linear(h, config.intermediate_size)
        self.output = nn.Linear(config.intermediate_size, h)
        self.output_norm = nn.LayerNorm(h, eps=config.layer_norm_eps)
        self.dropout = nn.Dropout(config.dropout)

    def _heads(self, x):
        b, t, _ = x.shape
        return x.view(b, t, self.num_heads, self.head_size).transpose(1, 2)

    def forward(self, x, additive_mask):
        b, t, h = x.shape
        q, k, v = self._heads(self.query(x)), self._heads(self.key(x)), self._heads(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.head_size) + additive_mask
        context = (self.dropout(scores.softmax(-1)) @ v).transpose(1, 2).reshape(b, t, h)
        x = self.attention_norm(x + self.dropout(self.attention_output(context)))
        return self.output_norm(x + self.dropout(self.output(F.gelu(self.intermediate(x)))))


class BertEncoder(nn.Module):
    """input_ids, attention_mask [B, T] -> last hidden state [B, T, H]."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.embeddings = BertEmbeddings(config)
        self.layers = nn.ModuleList(BertLayer(config) for _ in range(config.num_layers))

    def forward(self, input_ids, attention_mask):
        # padding keys get the lowest float: exp() makes them exactly 0, whatever the batch padding
        additive_mask = (1.0 - attention_mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        x = self.embeddings(input_ids)
        for layer in self.layers:
            x = layer(x, additive_mask)
        return x

    def resize_vocab(self, vocab_size):
        """Adds rows for added tokens (GLiNER's <<ENT>>, <<SEP>>), initialised to the mean embedding."""
        old = self.embeddings.word_embeddings
        table = nn.Embedding(vocab_size, old.embedding_dim)
        with torch.no_grad():
            table.weight[:old.num_embeddings] = old.weight
            table.weight[old.num_embeddings:] = old.weight.mean(0)
        self.embeddings.word_embeddings = table
        self.config.vocab_size = vocab_size


# HF BERT names (as in the ONNX file) -> this module's names
_HF_NAMES = [
    (r"^embeddings\.LayerNorm\.", "embeddings.norm."),
    (r"^encoder\.layer\.(\d+)\.attention\.self\.(query|key|value)\.", r"layers.\1.\2."),
    (r"^encoder\.layer\.(\d+)\.attention\.output\.dense\.", r"layers.\1.attention_output."),
    (r"^encoder\.layer\.(\d+)\.attention\.output\.LayerNorm\.", r"layers.\1.attention_norm."),
    (r"^encoder\.layer\.(\d+)\.intermediate\.dense\.", r"layers.\1.intermediate."),
    (r"^encoder\.layer\.(\d+)\.output\.dense\.", r"layers.\1.output."),
    (r"^encoder\.layer\.(\d+)\.output\.LayerNorm\.", r"layers.\1.output_norm."),
]


def _to_module_name(hf_name):
    for pattern, replacement in _HF_NAMES:
        if re.match(pattern, hf_name):
            return re.sub(pattern, replacement, hf_name)
    return hf_name


def onnx_encoder_weights(path):
    """HF-named weights of a BERT ONNX export, Linear weights un-transposed to torch's [out, in]."""
    graph = onnx.load(path).graph
    initializers = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    weights = {name: array for name, array in initializers.items() if not name.startswith("onnx::")}
    for node in graph.node:
        anonymous = [i for i in node.input if i.startswith("onnx::MatMul")]
        if node.op_type != "MatMul" or not anonymous:
            continue
        adds = [n for n in consumers.get(node.output[0], []) if n.op_type == "Add"]
        biases = [i for n in adds for i in n.input if i.endswith(".bias") and i in initializers]
        if len(biases) != 1:
            raise ValueError(f"{path}: cannot name MatMul weight {anonymous[0]} (bias candidates {biases})")
        weights[biases[0][:-len("bias")] + "weight"] = initializers[anonymous[0]].T
    return weights


def infer_config(weights, num_heads):
    word = weights["embeddings.word_embeddings.weight"]
    layers = {int(m.group(1)) for name in weights if (m := re.match(r"encoder\.layer\.(\d+)\.", name))}
    return EncoderConfig(
        vocab_size=word.shape[0], hidden_size=word.shape[1], num_layers=len(layers), num_heads=num_heads,
        intermediate_size=weights["encoder.layer.0.intermediate.dense.bias"].shape[0],
        max_position_embeddings=weights["embeddings.position_embeddings.weight"].shape[0],
        type_vocab_size=weights["embeddings.token_type_embeddings.weight"].shape[0])


def _num_heads(path):
    """Heads from the attention reshape constant [B, T, heads, head_size] of layer 0."""
    graph = onnx.load(path).graph
    for node in graph.node:
        if node.op_type == "Constant" and node.output[0] == "/encoder/layer.0/attention/self/Constant_2_output_0":
            return int(numpy_helper.to_array(node.attribute[0].t).reshape(-1)[0])
    raise ValueError(f"{path}: cannot find the number of attention heads")


def load_onnx_encoder(path, num_heads=None):
    """A BertEncoder with the weights of a langchain4j/HF BERT ONNX export."""
    weights = onnx_encoder_weights(path)
    config = infer_config(weights, num_heads or _num_heads(path))
    encoder = BertEncoder(config)
    state = {}
    for hf_name, array in weights.items():
        name = _to_module_name(hf_name)
        if name in encoder.state_dict():
            state[name] = torch.from_numpy(array.copy())
    missing = set(encoder.state_dict()) - set(state)
    if missing:
        raise ValueError(f"{path}: no weights for {sorted(missing)}")
    encoder.load_state_dict(state)
    return encoder
