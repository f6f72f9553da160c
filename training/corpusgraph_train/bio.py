"""Token classification (BIO / BIOES / IO) in plain Python: the reference for docs/token-classification-contract.md.

  OffsetTokenizer   tokenizer.json -> tokens with code-point offsets into the ORIGINAL text (contract step 1)
  windows           token windows with stride (step 2)
  decode_windows    softmax, pre-entities, aggregation, grouping, filtering, window merge (steps 3-9)

Everything follows Hugging Face's TokenClassificationPipeline (gather_pre_entities, aggregate,
aggregate_words, group_entities, aggregate_overlapping_entities), extended for BIOES as the contract says.
"""

import unicodedata

import numpy as np

from .wordpiece import WordPieceTokenizer, _is_chinese, _is_control, _is_punctuation, _is_rust_whitespace

AGGREGATIONS = ("simple", "first", "average", "max")


# ---------------------------------------------------------------------------------------------- step 1

class OffsetTokenizer(WordPieceTokenizer):
    """The WordPiece tokenizer of wordpiece.py, tracking for every normalised character the original one."""

    def __init__(self, tokenizer_json):
        super().__init__(tokenizer_json)
        self.unk_token = self.wordpiece.unk_token
        self.id_to_token = {i: t for t, i in self.vocab.items()}

    def _normalize_aligned(self, text, base):
        """BertNormalizer on (char, original index) pairs: every output char keeps its source's index."""
        n = self.normalizer
        chars = [(c, base + i) for i, c in enumerate(text)]
        if n.clean_text:
            chars = [(" " if _is_rust_whitespace(c) else c, i) for c, i in chars
                     if not (c == "\x00" or c == "\ufffd" or _is_control(c))]
        if n.handle_chinese_chars:
            out = []
            for c, i in chars:
                if _is_chinese(c):
                    out.extend(((" ", i), (c, i), (" ", i)))
                else:
                    out.append((c, i))
            chars = out
        if n.strip_accents:
            chars = [(d, i) for c, i in chars for d in unicodedata.normalize("NFD", c)
                     if unicodedata.category(d) != "Mn"]
        if n.lowercase:
            chars = [(d, i) for c, i in chars for d in c.lower()]
        return chars

    @staticmethod
    def _pre_tokenize_aligned(chars):
        pieces, current = [], []
        for c, i in chars:
            if _is_rust_whitespace(c) or _is_punctuation(c):
                if current:
                    pieces.append(current)
                    current = []
                if not _is_rust_whitespace(c):
                    pieces.append([(c, i)])
            else:
                current.append((c, i))
        if current:
            pieces.append(current)
        return pieces

    def _wordpiece_spans(self, piece):
        """[(token, start, end)] over positions of `piece` (a string); [(unk, 0, len)] when not coverable."""
        wp = self.wordpiece
        if len(piece) > wp.max_chars:
            return [(wp.unk_token, 0, len(piece))]
        out, start = [], 0
        while start < len(piece):
            end = len(piece)
            while end > start:
                candidate = piece[start:end] if start == 0 else wp.prefix + piece[start:end]
                if candidate in wp.vocab:
                    out.append((candidate, start, end))
                    break
                end -= 1
            if end == start:
                return [(wp.unk_token, 0, len(piece))]
            start = end
        return out

    def tokenize(self, text):
        """[(id, token string, start, end)] without special tokens; offsets in code points, end exclusive."""
        tokens, position = [], 0
        for part, is_added in self._split_added(text):
            if is_added:
                tokens.append((self.added[part], part, position, position + len(part)))
            else:
                for piece in self._pre_tokenize_aligned(self._normalize_aligned(part, position)):
                    string = "".join(c for c, _ in piece)
                    for token, a, b in self._wordpiece_spans(string):
                        tokens.append((self.vocab[token], token, piece[a][1], piece[b - 1][1] + 1))
            position += len(part)
        return tokens


# ---------------------------------------------------------------------------------------------- step 2

def windows(num_tokens, window_tokens, max_position_embeddings=512, stride=0):
    """[(start, end)] content-token ranges (contract step 2)."""
    length = min(window_tokens, max_position_embeddings) - 2
    if length < 1:
        raise ValueError(f"window of {window_tokens} tokens leaves no room for content")
    if not 0 <= stride < length:
        raise ValueError(f"stride {stride} must be in [0, {length})")
    if num_tokens <= length:
        return [(0, num_tokens)]
    out, start = [], 0
    while True:
        out.append((start, min(start + length, num_tokens)))
        if start + length >= num_tokens:
            return out
        start += length - stride


# ---------------------------------------------------------------------------------------------- steps 3-9

def softmax(logits):
    logits = np.asarray(logits, dtype=np.float32)
    shifted = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return (e / e.sum(axis=-1, keepdims=True)).astype(np.float32)


def pre_entities(text, tokens, scores, unk_token="[UNK]"):
    """HF gather_pre_entities: tokens [(id, string, start, end)], scores [T, C] (content tokens only)."""
    out = []
    for (token_id, string, start, end), s in zip(tokens, scores):
        is_subword = len(string) != len(text[start:end])
        if string == unk_token:
            is_subword = False
        out.append({"scores": s, "start": start, "end": end, "is_subword": is_subword})
    return out


def _aggregate_word(group, strategy, id2label):
    if strategy == "first":
        scores = group[0]["scores"]
        index = int(scores.argmax())
        score = scores[index]
    elif strategy == "max":
        best = max(group, key=lambda e: e["scores"].max())  # first of equal maxima, as Python's max
        index = int(best["scores"].argmax())
        score = best["scores"][index]
    elif strategy == "average":
        mean = np.nanmean(np.stack([e["scores"] for e in group]), axis=0)
        index = int(mean.argmax())
        score = mean[index]
    else:
        raise ValueError(f"unknown aggregation {strategy!r} ({', '.join(AGGREGATIONS)})")
    return {"entity": id2label[index], "score": float(score), "start": group[0]["start"], "end": group[-1]["end"]}


def aggregate(pre, strategy, id2label):
    """Items {entity, score, start, end} (contract step 5)."""
    if strategy == "simple":
        out = []
        for p in pre:
            index = int(p["scores"].argmax())
            out.append({"entity": id2label[index], "score": float(p["scores"][index]),
                        "start": p["start"], "end": p["end"]})
        return out
    if strategy not in AGGREGATIONS:
        raise ValueError(f"unknown aggregation {strategy!r} ({', '.join(AGGREGATIONS)})")
    words, group = [], None
    for p in pre:
        if group is None:
            group = [p]
        elif p["is_subword"]:
            group.append(p)
        else:
            words.append(_aggregate_word(group, strategy, id2label))
            group = [p]
    if group is not None:
        words.append(_aggregate_word(group, strategy, id2label))
    return words


def scheme_of(labels):
    labels = list(labels)
    if any(l.startswith("E-") or l.startswith("S-") for l in labels):
        return "BIOES"
    if any(l.startswith("B-") for l in labels):
        return "BIO"
    return "IO"


def split_tag(label, scheme):
    """(prefix, tag); a label without a prefix of the scheme reads as I- of itself."""
    prefixes = {"BIOES": "BIES", "BIO": "BI", "IO": "I"}[scheme]
    if len(label) > 2 and label[1] == "-" and label[0] in prefixes:
        return label[0], label[2:]
    return "I", label


def group_entities(items, scheme):
    """Contract step 6 (HF group_entities, extended for BIOES)."""
    groups, current, closed = [], [], False

    def flush():
        scores = [i["score"] for i in current]
        groups.append({"label": split_tag(current[0]["entity"], scheme)[1],
                       "score": float(np.mean(np.asarray(scores, dtype=np.float64))),
                       "start": current[0]["start"], "end": current[-1]["end"]})

    for item in items:
        prefix, tag = split_tag(item["entity"], scheme)
        if current and not closed and prefix in ("I", "E") and tag == split_tag(current[0]["entity"], scheme)[1]:
            current.append(item)
        else:
            if current:
                flush()
            current = [item]
        closed = prefix in ("E", "S")
    if current:
        flush()
    return groups


def merge_overlapping(entities):
    """HF aggregate_overlapping_entities (contract step 8); a stable sort by start."""
    if not entities:
        return entities
    entities = sorted(entities, key=lambda e: e["start"])
    out, previous = [], entities[0]
    for e in entities:
        if previous["start"] <= e["start"] < previous["end"]:
            length, previous_length = e["end"] - e["start"], previous["end"] - previous["start"]
            if length > previous_length or (length == previous_length and e["score"] > previous["score"]):
                previous = e
        else:
            out.append(previous)
            previous = e
    out.append(previous)
    return out


def decode_windows(text, tokens, spans, window_logits, id2label, aggregation="simple", threshold=0.0,
                   labels=None, unk_token="[UNK]"):
    """Entities from the logits of each window (content tokens only, [CLS]/[SEP] removed): steps 3-9.

    id2label: a list (index -> label). Returns [{start, end, text, label, score}] in code points."""
    scheme = scheme_of(id2label)
    tags = {split_tag(l, scheme)[1] for l in id2label}
    if labels is not None:
        unknown = [l for l in labels if l not in tags or l == "O"]
        if unknown:
            raise ValueError(f"labels {unknown} not in the model's labels {sorted(tags - {'O'})}")
    found = []
    for (start, end), logits in zip(spans, window_logits):
        scores = softmax(logits)
        assert scores.shape[0] == end - start, (scores.shape, start, end)
        items = aggregate(pre_entities(text, tokens[start:end], scores, unk_token), aggregation, id2label)
        for g in group_entities(items, scheme):
            if g["label"] == "O" or g["score"] < threshold:
                continue
            if labels is not None and g["label"] not in labels:
                continue
            found.append(g)
    if len(spans) > 1:
        found = merge_overlapping(found)
    return [{"start": g["start"], "end": g["end"], "text": text[g["start"]:g["end"]], "label": g["label"],
             "score": g["score"]} for g in found]


def predict(text, tokenizer, logits_fn, id2label, aggregation="simple", window_tokens=512, stride=0,
            threshold=0.0, labels=None, max_position_embeddings=512):
    """The whole contract for one text. logits_fn: list of id lists (with [CLS]/[SEP]) -> list of [T, C]."""
    tokens = tokenizer.tokenize(text)
    if not tokens:
        return None  # quarantined: empty text
    spans = windows(len(tokens), window_tokens, max_position_embeddings, stride)
    inputs = [[tokenizer.cls_id] + [t[0] for t in tokens[a:b]] + [tokenizer.sep_id] for a, b in spans]
    window_logits = [np.asarray(l)[1:-1] for l in logits_fn(inputs)]
    return decode_windows(text, tokens, spans, window_logits, id2label, aggregation, threshold, labels,
                          tokenizer.unk_token)


# ---------------------------------------------------------------------------------------------- training data

def bio_labels(types):
    out = ["O"]
    for t in sorted(types):
        out += [f"B-{t}", f"I-{t}"]
    return out


def align_tags(tokens, entities, label2id):
    """Tag ids per token: B- on the first token overlapping an entity, I- on the rest of it, O elsewhere.

    entities: [(start, end exclusive, type)] in code points; a token already tagged keeps its tag."""
    tags = [label2id["O"]] * len(tokens)
    for start, end, kind in sorted(entities):
        first = True
        for k, (_, _, a, b) in enumerate(tokens):
            if a < end and b > start:
                if tags[k] == label2id["O"]:
                    tags[k] = label2id[("B-" if first else "I-") + kind]
                first = False
    return tags


def read_cluener(path):
    """[(text, [(start, end exclusive, type)])] from CLUENER2020 jsonl (end inclusive in the file)."""
    import json
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            spans = []
            for kind, surfaces in (row.get("label") or {}).items():
                for surface, positions in surfaces.items():
                    for start, end in positions:
                        spans.append((start, end + 1, kind))
            out.append((row["text"], sorted(spans)))
    return out


def read_conll(path):
    """[(text, spans)]: CoNLL words joined by single spaces, spans by characters."""
    from .conll import read_bio
    out = []
    for sentence in read_bio(path):
        starts, position = [], 0
        for w in sentence.words:
            starts.append(position)
            position += len(w) + 1
        text = " ".join(sentence.words)
        spans = [(starts[a], starts[b] + len(sentence.words[b]), kind) for a, b, kind in sentence.spans]
        out.append((text, spans))
    return out


def strict_bio_spans(tokens, logits, id2label):
    """Spans of the argmax tags decoded strictly (B-X opens, I-X continues only a span of X, anything else
    closes; a stray I- is dropped): the decoding of the CLUENER benchmark's BERT + softmax baseline."""
    tags = [id2label[i] for i in np.asarray(logits).argmax(-1)]
    out, current = [], None
    for k, tag in enumerate(tags + ["O"]):
        if tag.startswith("I-") and current is not None and current[2] == tag[2:]:
            current[1] = tokens[k][3]
            continue
        if current is not None:
            out.append(tuple(current))
            current = None
        if tag.startswith("B-"):
            current = [tokens[k][2], tokens[k][3], tag[2:]]
    return out


def span_f1(gold, predicted):
    """Micro and per-label P/R/F1 over (doc, start, end, label) sets; inputs: lists of span lists per doc."""
    counts = {}
    for d, (g, p) in enumerate(zip(gold, predicted)):
        g, p = set(g), set(p)
        for s in g | p:
            c = counts.setdefault(s[2], [0, 0, 0])  # tp, gold, predicted
            c[0] += s in g and s in p
            c[1] += s in g
            c[2] += s in p

    def prf(tp, ng, np_):
        precision = tp / np_ if np_ else 0.0
        recall = tp / ng if ng else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1, "support": ng}

    per = {k: prf(*v) for k, v in sorted(counts.items())}
    total = [sum(v[i] for v in counts.values()) for i in range(3)]
    return {"micro": prf(*total), "per_label": per}
