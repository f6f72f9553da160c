"""LoRA (Hu et al. 2021) for the span model's BERT encoder, merged into plain weights at export.

`add_lora(model, rank, alpha, dropout)` freezes the encoder and wraps its attention (query, key, value,
attention_output) and feed-forward (intermediate, output) projections with low-rank adapters:

    y = W x + b + (alpha / rank) * B (A dropout(x))      A [rank, in] (Kaiming), B [out, rank] (zeros)

so training starts exactly at the base model. The span head (label FFN, span-marker FFNs) stays fully
trainable. `merge_lora(model)` folds each adapter into its Linear (W + (alpha / rank) B A) and puts a
plain nn.Linear back under the same name, so the exported graph has the base model's shape and
parameter names: the Java side loads it as any other model folder.
"""

import math

import torch
from torch import nn

# BertLayer's Linear modules (encoder.py): attention q/k/v and output, feed-forward in and out
TARGETS = ("query", "key", "value", "attention_output", "intermediate", "output")


class LoRALinear(nn.Module):
    """A frozen nn.Linear plus a trainable low-rank update."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float, dropout: float = 0.0):
        super().__init__()
        if rank < 1:
            raise ValueError(f"LoRA rank must be at least 1, got {rank}")
        self.base = base
        for p in self.base.parameters():
            p.requires_grad_(False)
        self.rank, self.alpha = rank, alpha
        self.scaling = alpha / rank
        self.lora_a = nn.Parameter(torch.empty(rank, base.in_features))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()

    def forward(self, x):
        return self.base(x) + (self.dropout(x) @ self.lora_a.t() @ self.lora_b.t()) * self.scaling

    def delta(self):
        return (self.lora_b @ self.lora_a) * self.scaling

    def merged(self):
        """A plain nn.Linear with the adapter folded in."""
        linear = nn.Linear(self.base.in_features, self.base.out_features, bias=self.base.bias is not None)
        with torch.no_grad():
            linear.weight.copy_(self.base.weight + self.delta())
            if self.base.bias is not None:
                linear.bias.copy_(self.base.bias)
        return linear


def add_lora(model, rank=8, alpha=16.0, dropout=0.05, targets=TARGETS):
    """Freezes model.encoder, wraps the target Linears of every layer; returns the wrapped names."""
    for p in model.encoder.parameters():
        p.requires_grad_(False)
    wrapped = []
    for index, layer in enumerate(model.encoder.layers):
        for name in targets:
            module = getattr(layer, name)
            if isinstance(module, LoRALinear):
                raise ValueError(f"layers.{index}.{name} has a LoRA adapter already")
            setattr(layer, name, LoRALinear(module, rank, alpha, dropout))
            wrapped.append(f"encoder.layers.{index}.{name}")
    for name, p in model.named_parameters():
        if not name.startswith("encoder."):
            p.requires_grad_(True)  # span and label heads: trained fully
    return wrapped


def merge_lora(model):
    """Folds every adapter into its Linear, in place; returns the model (no LoRALinear left)."""
    for layer in model.encoder.layers:
        for name, module in list(layer.named_children()):
            if isinstance(module, LoRALinear):
                setattr(layer, name, module.merged())
    return model


def has_lora(model):
    return any(isinstance(m, LoRALinear) for m in model.modules())


def trainable_parameters(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def total_parameters(model):
    """Parameters of the model as exported (a frozen base Linear counted once, adapters not counted)."""
    return sum(p.numel() for name, p in model.named_parameters() if ".lora_" not in name)
