"""Writes the counts EvaluateJob must report, in jobs/src/test/resources/evaluate/:

expected-tiny-span.json (entities of gold-bio.tsv) and expected-tiny-span-relations.json (entities and
relations of the SpERT file gold-relations.json).

Independent of the Java code: the gold file is read with corpusgraph_train.conll, the tiny span model
runs in PyTorch (weights read from its model.onnx), and evaluation.predict decodes (GLiNER's protocol:
gold tokens as words, lower-cased types mapped to prompt labels, flat, one decode per threshold).
Counts per label and threshold: tp, fp, fn over exact (start word, end word, label).

Relations, end to end as EvaluateJob scores them: the sentence (gold tokens joined by spaces; each token is
one word of the regex, checked) goes through the NER reference with the room the relation pass needs, the
accepted entities are the heads and tails of corpusgraph_train.relations (relation labels = the gold relation
types, lower-cased and mapped, sorted; no schema), and a predicted relation is right when its head span, tail
span and type are a gold relation's. Counts per relation label: tp, fp, fn.

The cases are checked to be good tests: no span probability (entity or relation) lies within 1e-3 of its
threshold (ONNX Runtime and PyTorch differ by ~1e-6), and some spans (and relations) are predicted.

Usage: /usr/bin/python3 training/make_eval_golden.py
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import json
import sys

import numpy as np
import torch

from corpusgraph_train import evaluation
from corpusgraph_train.conll import read_bio
from corpusgraph_train.decoding import sigmoid
from corpusgraph_train.export import load_model_folder, token_limit
from corpusgraph_train.processing import PromptEncoder, batch_tensors, split_words
from corpusgraph_train.relations import RelationReference
from make_goldens import decision_probabilities, decode, memo, window_scores

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MODEL = os.path.join(ROOT, "pipeline", "src", "test", "resources", "models", "tiny-span")
GOLD_DIR = os.path.join(ROOT, "jobs", "src", "test", "resources", "evaluate")
GOLD = os.path.join(GOLD_DIR, "gold-bio.tsv")
OUT = os.path.join(GOLD_DIR, "expected-tiny-span.json")
LABEL_MAP = {"organisation": "organization", "misc": "miscellaneous"}
THRESHOLDS = [0.25, 0.4, 0.5]
MARGIN = 1e-3
RELATION_GOLD = os.path.join(GOLD_DIR, "gold-relations.json")
RELATION_OUT = os.path.join(GOLD_DIR, "expected-tiny-span-relations.json")
RELATION_LABEL_MAP = {"peop": "person", "org": "organization", "loc": "location", "work_for": "works for"}
ENTITY_THRESHOLD = 0.3
RELATION_THRESHOLD = 0.16


def probabilities(model, prompt_encoder, words, labels):
    """Every valid span probability of one sentence (a single window: the sentences are short)."""
    window = prompt_encoder.encode_pretokenized(words, labels)
    inputs = batch_tensors([window], model.head.max_width)
    with torch.no_grad():
        logits = model(*(inputs[name] for name in model.input_names))[0, :, :, :len(labels)].numpy()
    n = len(words)
    return [float(p) for s in range(n) for w in range(logits.shape[1]) if s + w < n
            for p in sigmoid(logits[s, w]).astype(np.float32)]


def add_counts(per_label, predicted, gold, label_of):
    """Adds one sentence's exact-match counts (sets of items) under each item's label."""
    for item in predicted | gold:
        c = per_label[label_of(item)]
        c["tp" if item in predicted and item in gold else "fp" if item in predicted else "fn"] += 1


def write(path, golden):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


def entity_golden(model, config, tokenizer):
    prompt_encoder = PromptEncoder(tokenizer, config, token_limit(config))
    sentences = read_bio(GOLD)
    gold = [{(s, e, LABEL_MAP.get(t.lower(), t.lower())) for s, e, t in x.spans} for x in sentences]
    labels = sorted({label for spans in gold for _, _, label in spans})

    for x in sentences:
        for p in probabilities(model, prompt_encoder, x.words, labels):
            near = [t for t in THRESHOLDS if abs(p - t) < MARGIN]
            if near:
                sys.exit(f"probability {p} is within {MARGIN} of threshold {near[0]}: choose other thresholds")

    results = {}
    for threshold in THRESHOLDS:
        evaluation.THRESHOLD = threshold  # predict() decodes at the module's threshold
        found = evaluation.predict(model, prompt_encoder, [(x.words, labels) for x in sentences])
        per_label = {label: {"tp": 0, "fp": 0, "fn": 0} for label in labels}
        for predicted, expected in zip(found, gold):
            add_counts(per_label, {(s, e, label) for s, e, label, _ in predicted}, expected, lambda x: x[2])
        if not any(c["tp"] + c["fp"] for c in per_label.values()):
            sys.exit(f"nothing predicted at threshold {threshold}: not a useful test")
        results[str(threshold)] = per_label

    write(OUT, {"model": "tiny-span", "generator": "training/make_eval_golden.py", "gold": "gold-bio.tsv",
                "label_map": LABEL_MAP, "labels": labels, "mode": "flat", "thresholds": results})
    print(json.dumps(results, indent=1))


def mapped(gold_type):
    return RELATION_LABEL_MAP.get(gold_type.lower(), gold_type.lower())


def read_spert(path):
    """(words, gold entities {(start, end, type)}, gold relations {((start, end), type, (start, end))}), ends inclusive."""
    with open(path, encoding="utf-8") as f:
        records = json.load(f)
    sentences = []
    for r in records:
        spans = [(e["start"], e["end"] - 1, mapped(e["type"])) for e in r["entities"]]
        relations = {(spans[x["head"]][:2], mapped(x["type"]), spans[x["tail"]][:2]) for x in r["relations"]}
        sentences.append((r["tokens"], set(spans), relations))
    return sentences


def check_margin(probabilities, threshold, words):
    probabilities = np.concatenate(probabilities)
    close = probabilities[np.abs(probabilities - threshold) < MARGIN]
    if len(close):
        sys.exit(f"{' '.join(words)}: probability {close[0]} is within {MARGIN} of {threshold}: choose another threshold")


def relation_probabilities(model, reference, prepared, entities, relation_labels):
    """Every tail probability of every relation pass (the passes do not depend on the threshold)."""
    found = []
    for w, pass_labels in reference.extract(prepared, entities, relation_labels, [], 0.0).passes:
        start, end = prepared.windows[w]
        words = reference.prefix_tokens + [t[:prepared.budget] for t in prepared.word_tokens[start:end]]
        scores = reference.score(reference.encoder.encode_with_labels(pass_labels, words))
        found.append(decision_probabilities(model, scores, len(words)))
    return found


def relation_golden(model, config, tokenizer):
    """Entities at ENTITY_THRESHOLD, then relations between them at RELATION_THRESHOLD, counted per label."""
    reference = RelationReference(PromptEncoder(tokenizer, config, token_limit(config)), tokenizer,
                                  model.head.span_mode, memo(lambda encoded: window_scores(model, encoded)))
    sentences = read_spert(RELATION_GOLD)
    labels = sorted({label for _, spans, _ in sentences for _, _, label in spans})
    relation_labels = sorted({relation for _, _, relations in sentences for _, relation, _ in relations})
    entity_counts = {label: {"tp": 0, "fp": 0, "fn": 0} for label in labels}
    relation_counts = {label: {"tp": 0, "fp": 0, "fn": 0} for label in relation_labels}
    predicted_relations = 0  # the gold file's first record has one relation the tiny model predicts (see its note)
    dropped = 0  # relations whose head or tail is none of the sentence's entities (not written by the pipeline)
    for words, gold_spans, gold_relations in sentences:
        # EvaluateJob reads the tokens joined by spaces: each must be one word of the regex
        text = " ".join(words)
        if [text[s:e] for s, e in split_words(text)] != words:
            sys.exit(f"{words}: a token is not one word of the word regex")
        prepared = reference.encoder.prepare(text, labels, reserved_tokens=reference.reserved()[0],
                                             reserved_words=reference.reserved()[1])
        scores = [reference.score(encoded) for encoded in prepared.encoded]
        check_margin([decision_probabilities(model, s, e.text_length) for s, e in zip(scores, prepared.encoded)],
                     ENTITY_THRESHOLD, words)
        _, accepted = decode(model, prepared, scores, ENTITY_THRESHOLD, True, False)
        entities = [(s, e, labels[c], text[prepared.words[s][0]:prepared.words[e][1]]) for s, e, c, _ in accepted]
        add_counts(entity_counts, {entity[:3] for entity in entities}, gold_spans, lambda x: x[2])

        check_margin(relation_probabilities(model, reference, prepared, entities, relation_labels),
                     RELATION_THRESHOLD, words)
        result = reference.extract(prepared, entities, relation_labels, [], RELATION_THRESHOLD)
        predicted = {(entities[r["head"]][:2], r["relation"], entities[r["tail"]][:2]) for r in result.relations}
        predicted_relations += len(predicted)
        dropped += result.dropped
        add_counts(relation_counts, predicted, gold_relations, lambda x: x[1])

    if not predicted_relations or not any(c["tp"] for c in relation_counts.values()):
        sys.exit(f"no relation (or no right one) predicted at {RELATION_THRESHOLD}: not a useful test")
    write(RELATION_OUT, {"model": "tiny-span", "generator": "training/make_eval_golden.py",
                         "gold": os.path.basename(RELATION_GOLD), "label_map": RELATION_LABEL_MAP,
                         "labels": labels, "relation_labels": relation_labels, "mode": "flat",
                         "threshold": ENTITY_THRESHOLD, "relation_threshold": RELATION_THRESHOLD,
                         "entities": entity_counts, "relations": relation_counts, "dropped_relations": dropped})
    print(json.dumps({"entities": entity_counts, "relations": relation_counts, "dropped_relations": dropped}, indent=1))


def main():
    torch.set_num_threads(2)
    model, config, tokenizer = load_model_folder(MODEL)
    entity_golden(model, config, tokenizer)
    relation_golden(model, config, tokenizer)


if __name__ == "__main__":
    main()
