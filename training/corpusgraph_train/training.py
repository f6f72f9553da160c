"""A short supervised training loop for the span and token models on BIO sentences.

Each example is prompted with a shuffled label set: some of the corpus types (readable names) and
some negative labels that never occur, so that the scores depend on the prompt.
"""

import random
import time

import torch
from torch import nn
from torch.nn import functional as F

from .model import label_representations
from .processing import batch_tensors


def prompt_for(sentence, type_names, negatives, rng):
    """Labels for one example: every type present, others and negatives at random, shuffled."""
    # a present type is sometimes left out, so that its spans must not take another label
    present = {type_names[kind] for _, _, kind in sentence.spans if kind in type_names and rng.random() < 0.9}
    others = [name for name in type_names.values() if name not in present and rng.random() < 0.7]
    labels = sorted(present) + others + rng.sample(negatives, rng.randint(0, min(3, len(negatives))))
    rng.shuffle(labels)
    return labels or [rng.choice(negatives)]


def span_targets(examples, num_words, max_width):
    """[B, W, K, C] 0/1 targets (C = most labels in the batch)."""
    num_labels = max(len(labels) for _, labels, _ in examples)
    targets = torch.zeros(len(examples), num_words, max_width, num_labels)
    for b, (_, labels, spans) in enumerate(examples):
        for s, e, label in spans:
            if e - s < max_width:
                targets[b, s, e - s, labels.index(label)] = 1.0
    return targets


def token_targets(examples, num_words):
    """[B, W, C, 3] 0/1 targets for start, end, inside."""
    num_labels = max(len(labels) for _, labels, _ in examples)
    targets = torch.zeros(len(examples), num_words, num_labels, 3)
    for b, (_, labels, spans) in enumerate(examples):
        for s, e, label in spans:
            c = labels.index(label)
            targets[b, s, c, 0] = 1.0
            targets[b, e, c, 1] = 1.0
            targets[b, s:e + 1, c, 2] = 1.0
    return targets


def loss_for(model, inputs, examples, positive_weight=1.0):
    """Mean BCE over real (word, label) cells; the span model also skips spans past the last word."""
    logits = model(*(inputs[name] for name in model.input_names))
    if model.head.legacy_token_layout:
        logits = logits.permute(1, 2, 3, 0)
    lengths = inputs["text_lengths"][:, 0]
    batch, num_words = logits.size(0), int(lengths.max())
    label_counts = torch.tensor([len(labels) for _, labels, _ in examples])
    label_valid = torch.arange(int(label_counts.max()))[None, :] < label_counts[:, None]  # [B, C]
    word_valid = torch.arange(num_words)[None, :] < lengths[:, None]                       # [B, W]
    if model.head.span_mode == "markerV0":
        targets = span_targets(examples, num_words, model.head.max_width)
        span_valid = inputs["span_mask"].view(batch, num_words, -1)
        mask = span_valid[..., None] & label_valid[:, None, None, :]
    else:
        targets = token_targets(examples, num_words)
        mask = (word_valid[:, :, None] & label_valid[:, None, :])[..., None].expand_as(targets)
    losses = F.binary_cross_entropy_with_logits(logits, targets, reduction="none",
                                                pos_weight=torch.tensor(positive_weight))
    return (losses * mask).sum() / mask.sum()


class PromptProbe(nn.Module):
    """Training aid, not exported: names the label that follows each <<ENT>> token from that token's
    representation. A small encoder trained from scratch otherwise leaves all <<ENT>> tokens alike for
    a long time, and the model cannot tell its labels apart."""

    def __init__(self, hidden_size, label_names):
        super().__init__()
        self.label_ids = {name: i for i, name in enumerate(label_names)}
        self.classify = nn.Linear(hidden_size, len(label_names))

    def loss(self, token_reps, input_ids, class_token_index, examples):
        reps = label_representations(token_reps, input_ids, class_token_index)  # [B, C, H]
        targets = torch.full(reps.shape[:2], -100, dtype=torch.long)
        for b, (_, labels, _) in enumerate(examples):
            targets[b, :len(labels)] = torch.tensor([self.label_ids[label] for label in labels])
        return F.cross_entropy(self.classify(reps).flatten(0, 1), targets.flatten(), ignore_index=-100)


def make_examples(sentences, prompt_encoder, type_names, negatives, rng):
    examples = []
    for sentence in sentences:
        labels = prompt_for(sentence, type_names, negatives, rng)
        encoded = prompt_encoder.encode_pretokenized(sentence.words, labels)
        if encoded is None:
            continue
        spans = [(s, e, type_names[kind]) for s, e, kind in sentence.spans if type_names.get(kind) in labels]
        examples.append((encoded, labels, spans))
    return examples


def train(model, sentences, prompt_encoder, type_names, negatives, steps, seed, batch_size=32, lr=1e-3,
          positive_weight=1.0, log=print):
    """Trains for a fixed number of steps (deterministic for a given seed and thread count)."""
    rng = random.Random(seed)
    torch.manual_seed(seed)
    probe = PromptProbe(model.encoder.config.hidden_size, list(type_names.values()) + list(negatives))
    token_reps = []
    hook = model.encoder.register_forward_hook(lambda module, args, output: token_reps.append(output))
    optimizer = torch.optim.AdamW(list(model.parameters()) + list(probe.parameters()), lr=lr, weight_decay=0.01)
    # linear warm-up over the first 5% of steps, then linear decay to 10% of lr
    warmup = max(1, steps // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda i: (i + 1) / warmup if i < warmup else 1.0 - 0.9 * (i - warmup) / max(1, steps - warmup))
    model.train()
    # batches of similar lengths waste little on padding
    by_length = sorted(sentences, key=lambda s: len(s.words))
    started = time.time()
    for step in range(1, steps + 1):
        first = rng.randrange(len(by_length) - batch_size)
        batch = make_examples(by_length[first:first + batch_size], prompt_encoder, type_names, negatives, rng)
        inputs = batch_tensors([e[0] for e in batch], model.head.max_width)
        token_reps.clear()
        loss = loss_for(model, inputs, batch, positive_weight)
        loss = loss + probe.loss(token_reps[0], inputs["input_ids"], model.head.class_token_index, batch)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        if step % 100 == 0:
            log(f"step {step} loss {loss.item():.4f} ({time.time() - started:.0f}s)")
    hook.remove()
    model.eval()
