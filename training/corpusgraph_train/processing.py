"""Pre-processing shared with the Java pipeline (docs/gliner-onnx-contract.md, steps 1-6).

text -> words (code-point offsets) -> windows -> prompt + window words -> token ids, words_mask
-> padded batch tensors (input_ids, attention_mask, words_mask, text_lengths, span_idx, span_mask).
"""

import re
from dataclasses import dataclass

import torch

# GLiNER's word splitter; Python `re` semantics for str patterns are the reference.
WORD_PATTERN = re.compile(r"\w+(?:[-_]\w+)*|\S")
MIN_TEXT_BUDGET = 16
DEFAULT_WINDOW_OVERLAP = 32


def split_words(text):
    """Words of a text as (start, end) code-point offsets, end exclusive."""
    if text is None:
        raise ValueError("null text")
    return [(m.start(), m.end()) for m in WORD_PATTERN.finditer(text)]


def replace_lone_surrogates(word):
    """The Rust tokenizer cannot see unpaired surrogates: they become U+FFFD."""
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in word)


def check_labels(labels, ent_token, sep_token):
    if not labels:
        raise ValueError("labels: the list is empty")
    seen = set()
    for label in labels:
        if label is None or not label.strip():
            raise ValueError(f"labels: blank label in {labels!r}")
        if ent_token in label or sep_token in label:
            raise ValueError(f"labels: {label!r} contains a reserved token ({ent_token} or {sep_token})")
        if label in seen:
            raise ValueError(f"labels: duplicate label {label!r}")
        seen.add(label)


def prompt_words(labels, ent_token, sep_token):
    words = []
    for label in labels:
        words += [ent_token, label]
    return words + [sep_token]


def plan_windows(costs, budget, max_words, overlap):
    """Word ranges [start, end) of overlapping windows; costs[i] = tokens of word i (capped at budget)."""
    n = len(costs)
    windows, start = [], 0
    while n > 0:
        end, used = start, 0
        while end < n and end - start < max_words and used + costs[end] <= budget:
            used += costs[end]
            end += 1
        windows.append((start, end))
        if end >= n:
            break
        start = end - overlap if end - overlap > start else end
    return windows


@dataclass
class EncodedWindow:
    input_ids: list
    words_mask: list
    text_length: int


@dataclass
class PreparedDocument:
    words: list          # (start, end) code-point offsets
    windows: list        # (start word, end word) ranges
    encoded: list        # EncodedWindow per window
    word_tokens: list = None  # token ids of every word (uncut)
    budget: int = 0           # text tokens per window; a longer word keeps its first `budget` tokens


class PromptEncoder:
    """Turns labels and a document into model-ready windows, for one tokenizer and model config."""

    def __init__(self, tokenizer, config, token_limit):
        self.tokenizer = tokenizer
        self.ent_token = config["ent_token"]
        self.sep_token = config["sep_token"]
        self.max_len = config["max_len"]
        self.token_limit = token_limit

    def prepare(self, text, labels, max_window_words=0, window_overlap_words=DEFAULT_WINDOW_OVERLAP,
                reserved_tokens=0, reserved_words=0):
        """A document split into words and windows, each window encoded with the prompt.

        reserved_tokens / reserved_words: room every window leaves free of the model's token limit and
        max_len (the relation pass adds its prefix and labels to the window's words)."""
        prompt_ids, budget = self._prompt(labels)
        budget = min(budget, self.token_limit - reserved_tokens)
        if budget < MIN_TEXT_BUDGET:
            raise ValueError(f"labels and relations take {self.token_limit - budget} of the model's "
                             f"{self.token_limit} tokens")
        words = split_words(text)
        if not words:
            raise ValueError("empty text")
        word_tokens = [self.tokenizer.tokenize_word(replace_lone_surrogates(text[s:e])) for s, e in words]
        costs = [min(len(tokens), budget) for tokens in word_tokens]
        max_len = self.max_len - reserved_words
        max_words = min(max_len, max_window_words) if max_window_words > 0 else max_len
        overlap = min(max(window_overlap_words, 0), max_words - 1)
        windows = plan_windows(costs, budget, max_words, overlap)
        encoded = [self._encode(prompt_ids, word_tokens[s:e], budget) for s, e in windows]
        return PreparedDocument(words, windows, encoded, word_tokens, budget)

    def encode_with_labels(self, labels, word_tokens):
        """One input of already tokenized (and already cut) words under a prompt of labels, with no
        budget check: the caller sized the labels to fit."""
        check_labels(labels, self.ent_token, self.sep_token)
        prompt = [replace_lone_surrogates(w) for w in prompt_words(labels, self.ent_token, self.sep_token)]
        prompt_ids = [t for word in prompt for t in self.tokenizer.tokenize_word(word)]
        return self._encode(prompt_ids, word_tokens, self.token_limit)

    def encode_pretokenized(self, words, labels):
        """One window of already split words (training data); None when it does not fit the token limit."""
        prompt_ids, budget = self._prompt(labels)
        word_tokens = [self.tokenizer.tokenize_word(w) for w in words]
        if len(words) > self.max_len or sum(len(t) for t in word_tokens) > budget:
            return None
        return self._encode(prompt_ids, word_tokens, budget)

    def _prompt(self, labels):
        """Token ids of the prompt words and the token budget left for text words."""
        check_labels(labels, self.ent_token, self.sep_token)
        prompt = [replace_lone_surrogates(w) for w in prompt_words(labels, self.ent_token, self.sep_token)]
        prompt_ids = [t for word in prompt for t in self.tokenizer.tokenize_word(word)]
        prompt_tokens = len(prompt_ids) + 2  # with [CLS] and [SEP]
        budget = self.token_limit - prompt_tokens
        if budget < MIN_TEXT_BUDGET:
            raise ValueError(f"labels take {prompt_tokens} of the model's {self.token_limit} tokens")
        return prompt_ids, budget

    def _encode(self, prompt_ids, window_word_tokens, budget):
        """[CLS] prompt tokens, text tokens [SEP]: what HF gives for the pre-split words with special tokens."""
        ids = [self.tokenizer.cls_id] + prompt_ids
        words_mask = [0] * len(ids)
        for index, tokens in enumerate(window_word_tokens):
            tokens = tokens[:budget]
            ids += tokens
            words_mask += [index + 1] + [0] * (len(tokens) - 1) if tokens else []
        ids.append(self.tokenizer.sep_id)
        words_mask.append(0)
        return EncodedWindow(ids, words_mask, len(window_word_tokens))


def span_tensors(text_lengths, max_width):
    """span_idx [B, W*K, 2] and span_mask [B, W*K] for windows of the given word counts."""
    batch, num_words = len(text_lengths), max(text_lengths)
    starts = torch.arange(num_words).repeat_interleave(max_width)
    ends = starts + torch.arange(max_width).repeat(num_words)
    span_idx = torch.zeros(batch, num_words * max_width, 2, dtype=torch.long)
    span_mask = torch.zeros(batch, num_words * max_width, dtype=torch.bool)
    for b, n in enumerate(text_lengths):
        valid = ends <= n - 1
        span_mask[b] = valid
        span_idx[b, valid, 0] = starts[valid]
        span_idx[b, valid, 1] = ends[valid]
    return span_idx, span_mask


def batch_tensors(encoded_windows, max_width, pad_id=0):
    """Pads windows into the model's input tensors (span tensors included)."""
    length = max(len(w.input_ids) for w in encoded_windows)
    batch = len(encoded_windows)
    input_ids = torch.full((batch, length), pad_id, dtype=torch.long)
    attention_mask = torch.zeros(batch, length, dtype=torch.long)
    words_mask = torch.zeros(batch, length, dtype=torch.long)
    for b, w in enumerate(encoded_windows):
        input_ids[b, :len(w.input_ids)] = torch.tensor(w.input_ids)
        attention_mask[b, :len(w.input_ids)] = 1
        words_mask[b, :len(w.words_mask)] = torch.tensor(w.words_mask)
    text_lengths = torch.tensor([[w.text_length] for w in encoded_windows], dtype=torch.long)
    span_idx, span_mask = span_tensors([w.text_length for w in encoded_windows], max_width)
    return {"input_ids": input_ids, "attention_mask": attention_mask, "words_mask": words_mask,
            "text_lengths": text_lengths, "span_idx": span_idx, "span_mask": span_mask}
