"""Scores a span model on corpus examples with the package's own encoding and decoding.

Entities (GLiNER's protocol): each sentence is prompted with all the corpus's readable types,
threshold 0.5, flat greedy selection; micro P/R/F1 over exact (start word, end word, label).
Relations (CoNLL04): heads are the gold entities or the model's own entities (end to end); the
prompt is the relation prefix + text with labels "{head text} <> {relation}"; a predicted tail
with label "h <> r" gives a triple for every head mention whose text is h. Micro F1 over exact
(head span, relation, tail span).

Sentences longer than the token budget are split into word chunks that fit; their candidates are
merged with `decoding.merge_windows` before the one greedy pass, as the pipeline does for windows.
"""

import torch

from .datasets import PREFIX_WORDS, RELATION_SEPARATOR
from .decoding import greedy_select, merge_windows, span_candidates
from .processing import batch_tensors

THRESHOLD = 0.5
MAX_LABELS_PER_CALL = 25


class Scores:
    def __init__(self):
        self.tp = self.predicted = self.gold = 0

    def add(self, predicted, gold):
        self.tp += len(predicted & gold)
        self.predicted += len(predicted)
        self.gold += len(gold)

    def to_json(self):
        p = self.tp / self.predicted if self.predicted else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f, "tp": self.tp, "predicted": self.predicted, "gold": self.gold}


def _chunks(prompt_encoder, words, labels):
    """[(first word, EncodedWindow)] covering the words, halving until each chunk fits."""
    encoded = prompt_encoder.encode_pretokenized(words, labels)
    if encoded is not None:
        return [(0, encoded)]
    if len(words) < 2:
        raise ValueError(f"a single word does not fit the token budget: {words[:1]!r}")
    middle = len(words) // 2
    return _chunks(prompt_encoder, words[:middle], labels) + \
        [(middle + offset, window) for offset, window in _chunks(prompt_encoder, words[middle:], labels)]


def predict(model, prompt_encoder, requests, flat_ner=True, multi_label=False, batch_size=16):
    """requests [(words, labels)] -> per request the accepted [(start, end, label text, p)]."""
    items = [(r, offset, window) for r, (words, labels) in enumerate(requests)
             for offset, window in _chunks(prompt_encoder, words, labels)]
    found = [[] for _ in requests]
    model.eval()
    device = next(model.parameters()).device
    with torch.no_grad():
        for i in range(0, len(items), batch_size):
            batch = items[i:i + batch_size]
            inputs = batch_tensors([window for _, _, window in batch], model.head.max_width)
            logits = model(*(inputs[name].to(device) for name in model.input_names)).float().cpu()
            for b, (r, offset, window) in enumerate(batch):
                num_labels = len(requests[r][1])
                found[r].append((offset, span_candidates(logits[b, :, :, :num_labels].numpy(), window.text_length,
                                                         THRESHOLD)))
    results = []
    for (_, labels), windows in zip(requests, found):
        accepted = greedy_select(merge_windows(windows), flat_ner, multi_label)
        results.append([(s, e, labels[c], p) for s, e, c, p in accepted])
    return results


def entity_scores(model, prompt_encoder, examples, types):
    """Micro scores of the entity task; `types` = the corpus's readable labels, all in every prompt."""
    predictions = predict(model, prompt_encoder, [(x.words, list(types)) for x in examples])
    scores = Scores()
    for example, predicted in zip(examples, predictions):
        scores.add({(s, e, label) for s, e, label, _ in predicted}, set(example.spans))
    return scores.to_json()


def relation_scores(model, prompt_encoder, examples, relations, entity_types=None):
    """Micro scores of the relation task. Heads: gold entity spans, or (entity_types given) the model's
    own entities found with those labels."""
    if entity_types:
        found = predict(model, prompt_encoder, [(x.words, list(entity_types)) for x in examples])
        heads_per_example = [sorted({(s, e) for s, e, _, _ in spans}) for spans in found]
    else:
        heads_per_example = [sorted({(s, e) for s, e, _ in x.spans}) for x in examples]
    requests, owners = [], []
    for index, (example, heads) in enumerate(zip(examples, heads_per_example)):
        texts = sorted({" ".join(example.words[s:e + 1]) for s, e in heads})
        labels = [f"{text}{RELATION_SEPARATOR}{relation}" for text in texts for relation in relations]
        for i in range(0, len(labels), MAX_LABELS_PER_CALL):
            requests.append((PREFIX_WORDS + example.words, labels[i:i + MAX_LABELS_PER_CALL]))
            owners.append(index)
    predicted = [set() for _ in examples]
    shift = len(PREFIX_WORDS)
    for index, spans in zip(owners, predict(model, prompt_encoder, requests, multi_label=True)):
        words, heads = examples[index].words, heads_per_example[index]
        for s, e, label, _ in spans:
            if s < shift:
                continue  # a span inside the prefix is no tail
            head_text, relation = label.split(RELATION_SEPARATOR, 1)
            for head in heads:
                if " ".join(words[head[0]:head[1] + 1]) == head_text:
                    predicted[index].add((head, relation, (s - shift, e - shift)))
    scores = Scores()
    for example, triples in zip(examples, predicted):
        scores.add(triples, set(example.relations))
    return scores.to_json()
