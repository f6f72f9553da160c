"""Decoding shared with the Java pipeline (docs/gliner-onnx-contract.md, steps 7-8).

model scores per window -> candidates (start word, end word, label index) -> p
-> merged across windows (highest p per key) -> one greedy pass -> entities with code-point offsets.
"""

import numpy as np


def sigmoid(x):
    """In float32, as the logits are; exp() overflows to inf for very negative logits, giving 0."""
    x = np.asarray(x, dtype=np.float32)
    with np.errstate(over="ignore"):
        return (np.float32(1) / (np.float32(1) + np.exp(-x))).astype(np.float32)


def span_candidates(logits, num_words, threshold):
    """logits [W, K, C] of one window -> {(start, end, label): p} with p > threshold and end < num_words."""
    probs = sigmoid(logits)
    found = {}
    for s, w, c in zip(*np.nonzero(probs > threshold)):
        if s + w < num_words:
            found[(int(s), int(s + w), int(c))] = float(probs[s, w, c])
    return found


def token_candidates(scores, num_words, threshold):
    """scores [W, C, 3] (start, end, inside logits) of one window -> {(start, end, label): p}.

    A span needs start and end above the threshold and every inside score at or above it;
    its score is the lowest of those."""
    probs = sigmoid(scores)[:num_words]
    p_start, p_end, p_in = probs[..., 0], probs[..., 1], probs[..., 2]
    found = {}
    for c in range(probs.shape[1]):
        starts = np.nonzero(p_start[:, c] > threshold)[0]
        ends = np.nonzero(p_end[:, c] > threshold)[0]
        for s in starts:
            for e in ends[ends >= s]:
                inside = p_in[s:e + 1, c]
                if np.all(inside >= threshold):
                    found[(int(s), int(e), c)] = float(min(inside.min(), p_start[s, c], p_end[e, c]))
    return found


def merge_windows(window_candidates):
    """[(first word of window, {key: p})] -> document-level {key: p}, keeping the highest p per key."""
    merged = {}
    for offset, found in window_candidates:
        for (s, e, c), p in found.items():
            key = (s + offset, e + offset, c)
            if p > merged.get(key, -1.0):
                merged[key] = p
    return merged


def clashes(a, b, flat_ner, multi_label):
    """a, b = (start, end) inclusive word ranges of two candidates."""
    if a == b:
        return not multi_label
    disjoint = a[1] < b[0] or b[1] < a[0]
    if flat_ner:
        return not disjoint
    nested = (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])
    return not (disjoint or nested)


def greedy_select(candidates, flat_ner, multi_label):
    """{(start, end, label): p} -> accepted [(start, end, label, p)], sorted by start word (stable)."""
    ordered = sorted(candidates.items(), key=lambda kv: (-np.float32(kv[1]), kv[0]))
    accepted = []
    for (s, e, c), p in ordered:
        if not any(clashes((s, e), (a[0], a[1]), flat_ner, multi_label) for a in accepted):
            accepted.append((s, e, c, p))
    return sorted(accepted, key=lambda a: a[0])


def to_entities(accepted, text, words, labels):
    """Accepted spans -> entity dicts with code-point offsets (end exclusive)."""
    entities = []
    for s, e, c, p in accepted:
        start, end = words[s][0], words[e][1]
        entities.append({"start": start, "end": end, "text": text[start:end], "label": labels[c], "score": p})
    return entities
