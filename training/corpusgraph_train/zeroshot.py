"""The zero-shot development suite ../shared/data/ner-dev (never trained on): readers, readable labels,
and scores per set and per label.

Sets and splits (ner-dev README): GUM, re3d (train/test), HarveyNER, WNUT-16, SciERC (train/dev/test).
Test splits are for reporting only; a "dev" split here is the set's dev file or, where it has none
(GUM, re3d), a fixed sample of its train file, for choosing checkpoints.

GLiNER's protocol: each sentence is prompted with all of its set's readable labels, threshold 0.5,
flat greedy decoding, exact (start, end, label); micro P/R/F1 per set and per label; the average is the
mean of the sets' micro F1.
"""

import json
import os
import random

from .datasets import Example, read_columns
from .evaluation import Scores, predict

# set -> raw type -> readable label (what the model is prompted with)
ZEROSHOT_LABELS = {
    "gum": {t: t for t in ["abstract", "animal", "event", "object", "organization", "person", "place", "plant",
                           "quantity", "substance", "time"]},
    "harveyner": {"POINT": "point of interest", "AREA": "area", "ROAD": "road", "RIVER": "river"},
    "re3d": {"DocumentReference": "document reference", "Location": "location",
             "MilitaryPlatform": "military platform", "Money": "money", "Nationality": "nationality",
             "Organisation": "organization", "Person": "person", "Quantity": "quantity", "Temporal": "time",
             "Weapon": "weapon"},
    "scierc": {"Task": "task", "Method": "method", "Metric": "metric", "Material": "material",
               "OtherScientificTerm": "other scientific term", "Generic": "generic term"},
    "wnut16": {"company": "company", "facility": "facility", "geo-loc": "location", "movie": "movie",
               "musicartist": "music artist", "other": "other", "person": "person", "product": "product",
               "sportsteam": "sports team", "tvshow": "tv show"},
}

FILES = {  # set -> split -> file
    "gum": {"train": "gum-train.conll", "test": "gum-test.conll"},
    "harveyner": {"train": "tweets.train.bio", "dev": "tweets.dev.bio", "test": "tweets.test.bio"},
    "re3d": {"train": "re3d-train.conll", "test": "re3d-test.conll"},
    "scierc": {"train": "train.json", "dev": "dev.json", "test": "test.json"},
    "wnut16": {"train": "train", "dev": "dev", "test": "test"},
}
SETS = list(FILES)


def read_scierc(path, type_names):
    """DyGIE JSON lines: one document per line, `sentences` (token lists) and per sentence `ner` spans
    `[start, end, type]` with document-level token indices, end inclusive -> one example per sentence."""
    examples = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            document, offset = json.loads(line), 0
            for words, spans in zip(document["sentences"], document["ner"]):
                examples.append(Example(list(words), sorted((s - offset, e - offset, type_names[t]) for s, e, t in spans),
                                        corpus="scierc"))
                offset += len(words)
    return examples


def read_set(data_dir, name, split, dev_sample=200, seed=42):
    """Examples of one ner-dev set's split ("dev" falls back to a fixed train sample, see above)."""
    files, types = FILES[name], ZEROSHOT_LABELS[name]
    file_split = split if split in files else "train"
    path = os.path.join(data_dir, "ner-dev", name, files[file_split])
    examples = read_scierc(path, types) if name == "scierc" else read_columns(path, name, types)
    if split == "dev" and file_split == "train":
        examples = random.Random(seed).sample(examples, min(dev_sample, len(examples)))
    return examples


def scores_per_label(model, prompt_encoder, examples, labels):
    """{"micro": scores, "labels": {label: scores}} with all `labels` in every prompt."""
    predictions = predict(model, prompt_encoder, [(x.words, list(labels)) for x in examples])
    micro, per_label = Scores(), {label: Scores() for label in labels}
    for example, found in zip(examples, predictions):
        predicted = {(s, e, label) for s, e, label, _ in found}
        gold = set(example.spans)
        micro.add(predicted, gold)
        for label in labels:
            per_label[label].add({x for x in predicted if x[2] == label}, {x for x in gold if x[2] == label})
    return {"micro": micro.to_json(), "labels": {label: s.to_json() for label, s in per_label.items()}}


def evaluate_suite(model, prompt_encoder, data_dir, split="test", limit=None, sets=SETS):
    """{set: scores_per_label} plus "average" (mean micro F1 over the sets)."""
    results = {}
    for name in sets:
        examples = read_set(data_dir, name, split)[:limit]
        labels = sorted(set(ZEROSHOT_LABELS[name].values()))
        results[name] = scores_per_label(model, prompt_encoder, examples, labels)
        results[name]["sentences"] = len(examples)
    results["average"] = sum(results[name]["micro"]["f1"] for name in sets) / len(sets)
    return results
