"""The token-classification (BIO) recipe: BERT encoder + dropout + Linear, cross-entropy over tags,
AdamW (encoder / head learning rates), linear warm-up then decay, dev micro-F1 (exact span and label, by
characters, decoded by bio.py with aggregation `first`) at every evaluation, best checkpoint kept,
last.pt every few minutes for `--resume`.
"""

import contextlib
import json
import math
import os
import random
import time
from dataclasses import dataclass, asdict

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from . import bio
from .encoder import BertEncoder, EncoderConfig


class TokenClassifier(nn.Module):
    """input_ids, attention_mask [B, T] -> logits [B, T, num_labels]."""

    def __init__(self, encoder, num_labels, dropout=0.1):
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(encoder.config.hidden_size, num_labels)

    def forward(self, input_ids, attention_mask):
        return self.classifier(self.dropout(self.encoder(input_ids, attention_mask)))


@dataclass
class BioConfig:
    encoder: str = "bge-small-zh-v15"
    epochs: float = 3.0
    batch_size: int = 32
    max_tokens: int = 128          # training sequences are cut there (dev decoding uses windows)
    encoder_lr: float = 1.5e-4
    head_lr: float = 1e-3
    weight_decay: float = 0.01
    warmup_fraction: float = 0.1
    max_grad_norm: float = 1.0
    dropout: float = 0.1
    evals_per_epoch: int = 1
    checkpoint_seconds: float = 240.0
    log_every: int = 20
    seed: int = 42
    bf16: bool = False             # autocast around the forward pass; the loss stays fp32
    limit_train: int = 0           # 0: all
    lowercase: bool = True         # the tokenizer's BertNormalizer lowercases (bge-small-zh's vocabulary has
                                   # no upper-case piece: cased Latin words were [UNK] without it)
    mention_replace: float = 0.0   # each epoch, each training mention is swapped for a random training
                                   # mention of its type with this probability (0: off)

    def to_json(self):
        return asdict(self)


def tokenizer_with_lowercase(tokenizer_json, lowercase):
    """A copy of a BertNormalizer tokenizer.json with its lowercase flag set (strip_accents left as it is:
    unset, it follows lowercase, as in BERT's uncased tokenizers)."""
    out = json.loads(json.dumps(tokenizer_json))
    out["normalizer"]["lowercase"] = bool(lowercase)
    return out


def replace_mentions(docs, probability, rng):
    """docs [(text, [(start, end, label)])] -> the same docs with each mention, with `probability`, replaced by
    a mention of the same label drawn from all docs' mentions (offsets moved to match; overlapping spans
    keep the doc unchanged)."""
    pool = {}
    for text, spans in docs:
        for a, b, label in spans:
            pool.setdefault(label, []).append(text[a:b])
    out = []
    for text, spans in docs:
        ordered = sorted(spans)
        if any(ordered[k][1] > ordered[k + 1][0] for k in range(len(ordered) - 1)):
            out.append((text, spans))
            continue
        pieces, new_spans, cursor, shift = [], [], 0, 0
        for a, b, label in ordered:
            mention = text[a:b]
            if rng.random() < probability:
                mention = rng.choice(pool[label])
            pieces.append(text[cursor:a])
            pieces.append(mention)
            new_spans.append((a + shift, a + shift + len(mention), label))
            shift += len(mention) - (b - a)
            cursor = b
        pieces.append(text[cursor:])
        out.append(("".join(pieces), new_spans))
    return out


def load_checkpoint(path):
    state = torch.load(path, map_location="cpu")
    model = TokenClassifier(BertEncoder(EncoderConfig(**state["encoder"])), len(state["id2label"]))
    model.load_state_dict(state["model"])
    return model.eval(), state


def logits_fn(model, pad_id=0, batch_size=64, bf16=False):
    """list of id lists -> list of numpy [T, C] float32 logits, batched by length."""
    def run(inputs):
        order = sorted(range(len(inputs)), key=lambda i: len(inputs[i]))
        out = [None] * len(inputs)
        with torch.no_grad(), _autocast(bf16):
            for k in range(0, len(order), batch_size):
                chunk = order[k:k + batch_size]
                width = max(len(inputs[i]) for i in chunk)
                ids = torch.full((len(chunk), width), pad_id, dtype=torch.long)
                mask = torch.zeros((len(chunk), width), dtype=torch.long)
                for row, i in enumerate(chunk):
                    ids[row, :len(inputs[i])] = torch.tensor(inputs[i])
                    mask[row, :len(inputs[i])] = 1
                logits = model(ids, mask).float().numpy()
                for row, i in enumerate(chunk):
                    out[i] = logits[row, :len(inputs[i])]
        return out
    return run


def _autocast(enabled):
    return torch.autocast("cpu", dtype=torch.bfloat16) if enabled else contextlib.nullcontext()


def predict_docs(model, tokenizer, id2label, docs, aggregation="first", window_tokens=128, stride=16, bf16=False,
                 logits=None):
    """Contract entities per doc (threshold 0) and, per doc, the strict-BIO spans of the argmax tags of
    single-window docs (None for longer ones); logits: a list-of-id-lists -> list of [T, C] function (an
    ONNX graph); default: the PyTorch model."""
    if model is not None:
        model.eval()
    tokenized = [tokenizer.tokenize(text) for text, _ in docs]
    all_spans, inputs, owners = [], [], []
    for d, tokens in enumerate(tokenized):
        spans = bio.windows(len(tokens), window_tokens, 512, stride) if tokens else []
        all_spans.append(spans)
        for a, b in spans:
            inputs.append([tokenizer.cls_id] + [t[0] for t in tokens[a:b]] + [tokenizer.sep_id])
            owners.append(d)
    outputs = (logits or logits_fn(model, tokenizer.pad_id, bf16=bf16))(inputs)
    per_doc = [[] for _ in docs]
    for o, l in zip(owners, outputs):
        per_doc[o].append(l[1:-1])
    predicted, strict = [], []
    for (text, _), tokens, spans, window_logits in zip(docs, tokenized, all_spans, per_doc):
        predicted.append(bio.decode_windows(text, tokens, spans, window_logits, id2label, aggregation,
                                            unk_token=tokenizer.unk_token) if tokens else [])
        strict.append(bio.strict_bio_spans(tokens, window_logits[0], id2label) if len(spans) == 1 else
                      ([] if not tokens else None))
    return predicted, strict


def scores_of(docs, predicted, threshold=0.0):
    gold = [[tuple(s) for s in spans] for _, spans in docs]
    return bio.span_f1(gold, [[(e["start"], e["end"], e["label"]) for e in p if e["score"] >= threshold]
                              for p in predicted])


def threshold_choice(docs, predicted, grid):
    """The threshold of `grid` with the best micro F1 over all docs (ties: the lower one), its scores (micro and
    per label), and an honest estimate of what choosing it is worth: 2-fold cross-validation (even / odd docs),
    each half scored at the threshold chosen on the other, counts pooled."""
    def best(idx):
        sub = [docs[i] for i in idx]
        return max(sorted(grid), key=lambda t: (scores_of(sub, [predicted[i] for i in idx], t)["micro"]["f1"], -t))

    halves = [list(range(0, len(docs), 2)), list(range(1, len(docs), 2))]
    chosen = [best(h) for h in halves]
    # each doc kept at the threshold chosen on the half it is not in
    at = {i: chosen[1 - k] for k in (0, 1) for i in halves[k]}
    held_out = [[e for e in predicted[i] if e["score"] >= at[i]] for i in range(len(docs))]
    threshold = best(range(len(docs)))
    return {"threshold": threshold, "scores": scores_of(docs, predicted, threshold),
            "cross_validated": dict(scores_of(docs, held_out)["micro"], fold_thresholds=chosen)}


def evaluate(model, tokenizer, id2label, docs, aggregation="first", window_tokens=128, stride=16, bf16=False,
             logits=None, thresholds=None):
    """Micro / per-label P/R/F1 over docs [(text, spans)] (spans by characters, end exclusive), decoded by
    the contract at threshold 0; with `thresholds`, also "by_threshold" (micro at each) and "strict_bio"
    (the CLUENER benchmark's decoding: an I- tag that does not continue a B- of its type is dropped)."""
    predicted, strict = predict_docs(model, tokenizer, id2label, docs, aggregation, window_tokens, stride, bf16,
                                     logits)
    scores = scores_of(docs, predicted)
    if thresholds:
        scores["by_threshold"] = {str(t): scores_of(docs, predicted, t)["micro"] for t in thresholds}
        scores["threshold_choice"] = threshold_choice(docs, predicted, thresholds)
        if all(s is not None for s in strict):
            gold = [[tuple(s) for s in spans] for _, spans in docs]
            scores["strict_bio"] = bio.span_f1(gold, strict)["micro"]
    return scores


class BioTrainer:
    def __init__(self, config, encoder, tokenizer, train_docs, dev_docs, types, run_dir, log=print):
        self.config, self.tokenizer, self.run_dir, self.log = config, tokenizer, run_dir, log
        self.id2label = bio.bio_labels(types)
        self.label2id = {l: i for i, l in enumerate(self.id2label)}
        torch.manual_seed(config.seed)
        self.model = TokenClassifier(encoder, len(self.id2label), config.dropout)
        self.dev_docs = dev_docs
        # docs without a token are left out (one tokenization each: the example keeps it)
        kept = [(doc, example) for doc in train_docs for example in [self._example(*doc)] if example]
        self.train_docs = [doc for doc, _ in kept]
        self.examples = [example for _, example in kept]
        self.steps_per_epoch = math.ceil(len(self.examples) / config.batch_size)
        self.max_steps = max(1, int(round(config.epochs * self.steps_per_epoch)))
        self.warmup = max(1, int(config.warmup_fraction * self.max_steps))
        self.eval_every = max(1, self.steps_per_epoch // max(1, config.evals_per_epoch))
        no_decay = lambda n: n.endswith(".bias") or "norm" in n
        groups = []
        for part, lr in ((self.model.encoder, config.encoder_lr), (self.model.classifier, config.head_lr)):
            named = list(part.named_parameters())
            groups.append({"params": [p for n, p in named if not no_decay(n)], "lr": lr,
                           "weight_decay": config.weight_decay})
            groups.append({"params": [p for n, p in named if no_decay(n)], "lr": lr, "weight_decay": 0.0})
        self.optimizer = torch.optim.AdamW(groups)
        self.scheduler = torch.optim.lr_scheduler.LambdaLR(self.optimizer, self._factor)
        self.step, self.best_f1, self.history = 0, -1.0, []
        self.train_seconds = 0.0
        os.makedirs(run_dir, exist_ok=True)

    def _example(self, text, spans):
        """(ids, tags) of one doc: [CLS] tokens [SEP], cut at max_tokens; tags -100 on the special tokens. None
        when the text has no token."""
        tokens = self.tokenizer.tokenize(text)[:self.config.max_tokens - 2]
        if not tokens:
            return None
        tags = bio.align_tags(tokens, spans, self.label2id)
        return ([self.tokenizer.cls_id] + [t[0] for t in tokens] + [self.tokenizer.sep_id], [-100] + tags + [-100])

    def _start_epoch(self, epoch):
        """The epoch's examples (mentions replaced afresh when mention_replace > 0, seeded by the epoch, so a
        resumed run sees the same data) and its batches."""
        if self.config.mention_replace > 0:
            rng = random.Random(self.config.seed * 7919 + epoch)
            # a replaced mention is never empty, so every doc keeps a token
            self.examples = [self._example(*doc) for doc in
                             replace_mentions(self.train_docs, self.config.mention_replace, rng)]
        return self._epoch_batches(epoch)

    def _factor(self, step):
        if step < self.warmup:
            return (step + 1) / self.warmup
        return max(0.0, (self.max_steps - step) / max(1, self.max_steps - self.warmup))

    def _epoch_batches(self, epoch):
        """Batches of one epoch: shuffled, grouped by length within chunks of 20 batches, shuffled again."""
        rng = random.Random(self.config.seed * 1000 + epoch)
        order = list(range(len(self.examples)))
        rng.shuffle(order)
        b = self.config.batch_size
        batches = []
        for k in range(0, len(order), 20 * b):
            chunk = sorted(order[k:k + 20 * b], key=lambda i: len(self.examples[i][0]))
            batches += [chunk[j:j + b] for j in range(0, len(chunk), b)]
        rng.shuffle(batches)
        return batches

    def _tensors(self, batch):
        width = max(len(self.examples[i][0]) for i in batch)
        ids = torch.full((len(batch), width), self.tokenizer.pad_id, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        tags = torch.full((len(batch), width), -100, dtype=torch.long)
        for row, i in enumerate(batch):
            x, y = self.examples[i]
            ids[row, :len(x)] = torch.tensor(x)
            mask[row, :len(x)] = 1
            tags[row, :len(y)] = torch.tensor(y)
        return ids, mask, tags

    def train_step(self, batch):
        self.model.train()
        ids, mask, tags = self._tensors(batch)
        with _autocast(self.config.bf16):
            logits = self.model(ids, mask)
        loss = F.cross_entropy(logits.float().reshape(-1, logits.size(-1)), tags.reshape(-1), ignore_index=-100)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.config.max_grad_norm)
        self.optimizer.step()
        self.scheduler.step()
        self.step += 1
        return float(loss)

    def _payload(self, full):
        payload = {"model": self.model.state_dict(), "encoder": self.model.encoder.config.to_json(),
                   "id2label": self.id2label, "config": self.config.to_json(), "step": self.step,
                   "best_f1": self.best_f1, "history": self.history, "train_seconds": self.train_seconds,
                   "max_steps": self.max_steps}
        if full:
            payload.update(optimizer=self.optimizer.state_dict(), scheduler=self.scheduler.state_dict(),
                           torch_rng=torch.get_rng_state())
        return payload

    def _save(self, name, full):
        path = os.path.join(self.run_dir, name)
        torch.save(self._payload(full), path + ".tmp")
        os.replace(path + ".tmp", path)

    def resume(self):
        path = os.path.join(self.run_dir, "last.pt")
        state = torch.load(path, map_location="cpu")
        self.model.load_state_dict(state["model"])
        self.optimizer.load_state_dict(state["optimizer"])
        self.scheduler.load_state_dict(state["scheduler"])
        torch.set_rng_state(state["torch_rng"])
        self.step, self.best_f1, self.history = state["step"], state["best_f1"], state["history"]
        self.train_seconds = state.get("train_seconds", 0.0)
        self.log(f"resumed at step {self.step} (best dev F1 {self.best_f1:.4f})")

    def evaluate(self):
        t0 = time.time()
        scores = evaluate(self.model, self.tokenizer, self.id2label, self.dev_docs, bf16=self.config.bf16)
        f1 = scores["micro"]["f1"]
        self.history.append({"step": self.step, "f1": f1, "precision": scores["micro"]["precision"],
                             "recall": scores["micro"]["recall"], "train_minutes": self.train_seconds / 60})
        self.log(f"eval step {self.step}: dev micro P {scores['micro']['precision']:.4f} "
                 f"R {scores['micro']['recall']:.4f} F1 {f1:.4f} ({time.time() - t0:.0f} s)")
        if f1 > self.best_f1:
            self.best_f1 = f1
            self._save("best.pt", full=False)
            with open(os.path.join(self.run_dir, "best_scores.json"), "w") as f:
                json.dump({"step": self.step, "scores": scores}, f, indent=1)
            self.log(f"new best {f1:.4f} saved")
        return scores

    def run(self, stop_after=None):
        c = self.config
        with open(os.path.join(self.run_dir, "config.json"), "w") as f:
            json.dump({"config": c.to_json(), "id2label": self.id2label, "max_steps": self.max_steps,
                       "steps_per_epoch": self.steps_per_epoch, "train_examples": len(self.examples)}, f, indent=1)
        self.log(f"{len(self.examples)} examples, {self.steps_per_epoch} steps/epoch, {self.max_steps} steps, "
                 f"warm-up {self.warmup}, bf16 {c.bf16}")
        last_save, window_start, window_steps, losses = time.time(), time.time(), 0, []
        started = self.step
        while self.step < self.max_steps:
            epoch = self.step // self.steps_per_epoch
            if getattr(self, "_batches", (None,))[0] != epoch:
                self._batches = (epoch, self._start_epoch(epoch))
            batches = self._batches[1]
            batch = batches[self.step - epoch * self.steps_per_epoch]
            t0 = time.time()
            losses.append(self.train_step(batch))
            self.train_seconds += time.time() - t0
            window_steps += 1
            if self.step % c.log_every == 0:
                rate = window_steps / (time.time() - window_start)
                eta = (self.max_steps - self.step) / rate / 60
                self.log(f"step {self.step}/{self.max_steps} epoch {self.step / self.steps_per_epoch:.2f} "
                         f"loss {np.mean(losses):.4f} {rate:.2f} steps/s ETA {eta:.1f} min "
                         f"(trained {self.train_seconds / 60:.1f} min)")
                window_start, window_steps, losses = time.time(), 0, []
            if self.step % self.eval_every == 0 or self.step == self.max_steps:
                self.evaluate()
                self._save("last.pt", full=True)
                last_save = time.time()
                window_start, window_steps = time.time(), 0
            elif time.time() - last_save > c.checkpoint_seconds:
                self._save("last.pt", full=True)
                last_save = time.time()
            if stop_after is not None and self.step - started >= stop_after:
                break
        return self.best_f1
