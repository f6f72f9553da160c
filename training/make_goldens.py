"""Writes pipeline/src/test/resources/golden/<model>.json for each tiny test model and the default model.

The expected entities come from this independent Python implementation: the PyTorch model (weights
read from the model folder's ONNX initializers), the WordPiece tokenizer, processing and decoding of
training/corpusgraph_train. Java's pipeline must reproduce them through ONNX Runtime and DJL.

Each case is checked so that it is a good test:
  - no probability the decision depends on lies within 1e-3 of the case's threshold (else the threshold
    is moved and the case says so);
  - some but not all candidates are accepted (so the greedy selection matters; not required of the default
    model's realistic cases: a confident model rarely has clashing candidates there);
  - the selection stays the same when scores move by a relative 1e-5 (ONNX Runtime's rounding).
It also checks each ONNX graph with onnx.checker.

Relation goldens (<model>-relations.json, for RELATION_MODELS and the default model) come from
corpusgraph_train/relations.py on top of the NER result; their relation threshold is chosen the same way (no
relation probability within 1e-3, some relations found), and each case is checked to show what it is for
(several passes, a skipped window...).

The default model (sample-data/models/corpusgraph-bge-small-v1) gets its own short, realistic cases
(DEFAULT_MODEL_CASES); its golden files name the model folder relative to the project root ("model_dir"),
since it does not live with the tiny test models.

Usage: /usr/bin/python3 training/make_goldens.py [--only tiny-span] [--only corpusgraph-bge-small-v1]
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import re
import sys
from typing import NamedTuple

import numpy as np
import onnx
import torch

from corpusgraph_train.decoding import (greedy_select, merge_windows, sigmoid, span_candidates,
                                        to_entities, token_candidates)
from corpusgraph_train.export import load_model_folder, token_limit
from corpusgraph_train.processing import DEFAULT_WINDOW_OVERLAP, PromptEncoder, batch_tensors
from corpusgraph_train.relations import RelationReference
from golden_cases import CASES, DEFAULT_MODEL_CASES, DEFAULT_MODEL_RELATION_CASES, RELATION_CASES

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MODELS_DIR = os.path.join(ROOT, "pipeline", "src", "test", "resources", "models")
GOLDEN_DIR = os.path.join(ROOT, "pipeline", "src", "test", "resources", "golden")
MODELS = ["tiny-span", "tiny-token", "tiny-token-v0"]
RELATION_MODELS = ["tiny-span"]
DEFAULT_MODEL = "corpusgraph-bge-small-v1"
DEFAULT_MODEL_DIR = "sample-data/models/corpusgraph-bge-small-v1"   # relative to the project root
MARGIN = 1e-3


def thresholds_near(wanted, grid=None):
    """The case's threshold first, then others on a grid (default 0.05 .. 0.95 by 0.01), nearest first."""
    grid = grid or [round(0.05 + 0.01 * i, 2) for i in range(91)]
    return [wanted] + sorted((t for t in grid if t != wanted), key=lambda t: (abs(t - wanted), t))


def window_scores(model, encoded_window):
    """PyTorch scores of one window, batch of one: [W, K, C] (span) or [W, C, 3] (token)."""
    inputs = batch_tensors([encoded_window], model.head.max_width)
    with torch.no_grad():
        output = model(*(inputs[name] for name in model.input_names))
    if model.head.legacy_token_layout:
        output = output.permute(1, 2, 3, 0)
    return output[0].numpy()


def decision_probabilities(model, scores, num_words):
    """Every probability that a threshold is compared with, for the window's real words."""
    if model.head.span_mode == "markerV0":
        widths = np.arange(scores.shape[1])
        valid = (np.arange(num_words)[:, None] + widths[None, :]) < num_words
        return sigmoid(scores[:num_words])[valid].ravel()
    return sigmoid(scores[:num_words]).ravel()


def decode(model, prepared, scores, threshold, flat_ner, multi_label):
    find = span_candidates if model.head.span_mode == "markerV0" else token_candidates
    merged = merge_windows([(start, find(s, encoded.text_length, threshold))
                            for (start, _), encoded, s in zip(prepared.windows, prepared.encoded, scores)])
    return merged, greedy_select(merged, flat_ner, multi_label)


def problems(model, prepared, scores, merged, accepted, threshold, flat_ner, multi_label, need_rejection):
    """Why a case would be a weak or fragile test at this threshold (empty list: fine)."""
    found = []
    probabilities = np.concatenate([decision_probabilities(model, s, e.text_length)
                                    for s, e in zip(scores, prepared.encoded)])
    close = probabilities[np.abs(probabilities - threshold) < MARGIN]
    if len(close):
        found.append(f"{len(close)} probabilities within {MARGIN} of {threshold}")
    if not accepted:
        found.append("no entity accepted")
    if need_rejection and len(accepted) == len(merged):
        found.append("every candidate accepted")
    # scores from ONNX Runtime differ in the last digits: the selection must not depend on them
    # (equal scores stay equal: a token model gives several spans the score of one shared cell)
    rng = np.random.default_rng(0)
    for _ in range(5):
        factors = {p: 1 + rng.uniform(-1e-5, 1e-5) for p in set(merged.values())}
        jittered = {key: p * factors[p] for key, p in merged.items()}
        if [a[:3] for a in greedy_select(jittered, flat_ner, multi_label)] != [a[:3] for a in accepted]:
            found.append("the selection changes when scores move by 1e-5 (near-equal clashing candidates)")
            break
    return found


def golden_case(model, config, tokenizer, case, need_rejection, reserved=(0, 0)):
    encoder = PromptEncoder(tokenizer, config, token_limit(config))
    max_window_words = case.get("max_window_words", 0)
    overlap = case.get("window_overlap_words", DEFAULT_WINDOW_OVERLAP)
    prepared = encoder.prepare(case["text"], case["labels"], max_window_words, overlap, *reserved)
    scores = [window_scores(model, encoded) for encoded in prepared.encoded]
    flat_ner, multi_label = case.get("flat_ner", True), case.get("multi_label", False)
    tried = []
    for threshold in thresholds_near(case.get("threshold", 0.5)):
        merged, accepted = decode(model, prepared, scores, threshold, flat_ner, multi_label)
        issues = problems(model, prepared, scores, merged, accepted, threshold, flat_ner, multi_label,
                          need_rejection)
        if not issues:
            break
        tried.append(f"{threshold} ({'; '.join(issues)})")
    else:
        raise ValueError(f"case {case['id']}: no usable threshold: {tried}")
    if tried:
        print(f"  {case['id']}: threshold {threshold}, not {tried[0]}")
    first = prepared.encoded[0]
    return {
        "id": case["id"], "text": case["text"], "labels": case["labels"], "threshold": threshold,
        "flat_ner": flat_ner, "multi_label": multi_label,
        "max_window_words": max_window_words, "window_overlap_words": overlap,
        "words": [list(w) for w in prepared.words],
        "windows": [list(w) for w in prepared.windows],
        "first_window": {"input_ids": first.input_ids, "words_mask": first.words_mask},
        "entities": to_entities(accepted, case["text"], prepared.words, case["labels"]),
    }, len(merged), (prepared, accepted)


def relation_case(model, config, tokenizer, case, need_rejection):
    reference = RelationReference(PromptEncoder(tokenizer, config, token_limit(config)), tokenizer,
                                  model.head.span_mode, memo(lambda encoded: window_scores(model, encoded)))
    golden, _, (prepared, accepted) = golden_case(model, config, tokenizer, case, need_rejection,
                                                  reference.reserved())
    entities = [(s, e, case["labels"][c], case["text"][prepared.words[s][0]:prepared.words[e][1]])
                for s, e, c, _ in accepted]
    settings = case["relations"]
    relations, schema = settings["labels"], settings["schema"]
    passes = reference.extract(prepared, entities, relations, schema, 0.0).passes
    probabilities = np.concatenate([decision_probabilities(model, reference.score(reference.encoder.encode_with_labels(
        labels, reference.prefix_tokens + [t[:prepared.budget] for t in prepared.word_tokens[slice(*prepared.windows[w])]])),
        len(reference.prefix_tokens) + prepared.windows[w][1] - prepared.windows[w][0]) for w, labels in passes])
    tried = []
    # the tiny models' relation scores are low: a finer grid that reaches further down
    for threshold in thresholds_near(settings["threshold"], [round(0.01 + 0.001 * i, 3) for i in range(941)]):
        issues = []
        close = probabilities[np.abs(probabilities - threshold) < MARGIN]
        if len(close):
            issues.append(f"{len(close)} relation probabilities within {MARGIN}")
        result = reference.extract(prepared, entities, relations, schema, threshold)
        if len(result.relations) < settings.get("min_relations", 1):
            issues.append(f"{len(result.relations)} relations")
        if not issues:
            break
        tried.append(f"{threshold} ({'; '.join(issues)})")
    else:
        raise ValueError(f"case {case['id']}: no usable relation threshold: {tried}")
    if tried:
        print(f"  {case['id']}: relation threshold {threshold}, not {tried[0]}")

    def entity(i):
        return {k: golden["entities"][i][k] for k in ("start", "end", "text", "label")}

    golden.update({
        "relations": {"labels": relations, "schema": schema, "threshold": threshold},
        "passes": [[w, len(labels)] for w, labels in result.passes],
        "first_pass": {"input_ids": result.first_pass.input_ids, "words_mask": result.first_pass.words_mask},
        "relation_results": [{"head": entity(r["head"]), "tail": entity(r["tail"]), "relation": r["relation"],
                              "score": r["score"]} for r in result.relations],
        "dropped": result.dropped,
    })
    return golden


def memo(score):
    cache = {}

    def cached(encoded):
        key = tuple(encoded.input_ids)
        if key not in cache:
            cache[key] = score(encoded)
        return cache[key]
    return cached


def to_json(golden):
    """Indented JSON with number lists on one line; ASCII escapes keep lone surrogates (\\ud800) and
    control characters intact for any JSON parser."""
    text = json.dumps(golden, ensure_ascii=True, indent=1)
    return re.sub(r"\[[\d\s,.\-\[\]]*\]", lambda m: re.sub(r"\s+", "", m.group(0)).replace(",", ", "), text) + "\n"


class Target(NamedTuple):
    name: str
    folder: str
    extras: dict             # more keys of the golden files' header
    cases: list
    relation_cases: list
    need_rejection: bool     # see the module doc


def targets(models_dir):
    for name in MODELS:
        yield Target(name, os.path.join(models_dir, name), {}, CASES,
                     RELATION_CASES if name in RELATION_MODELS else [], True)
    yield Target(DEFAULT_MODEL, os.path.join(ROOT, DEFAULT_MODEL_DIR), {"model_dir": DEFAULT_MODEL_DIR},
                 DEFAULT_MODEL_CASES, DEFAULT_MODEL_RELATION_CASES, False)


def write_golden(path, name, extras, config, cases):
    golden = {"model": name, **extras, "generator": "training/make_goldens.py", "token_limit": token_limit(config),
              "cases": cases}
    with open(path, "w", encoding="ascii") as f:
        f.write(to_json(golden))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=MODELS + [DEFAULT_MODEL], action="append", help="only these models")
    parser.add_argument("--models", default=MODELS_DIR, help="folder of the tiny models")
    parser.add_argument("--out", default=GOLDEN_DIR)
    args = parser.parse_args()
    torch.set_num_threads(2)
    os.makedirs(args.out, exist_ok=True)
    for target in targets(args.models):
        name = target.name
        if args.only and name not in args.only:
            continue
        onnx.checker.check_model(onnx.load(os.path.join(target.folder, "model.onnx")), full_check=True)
        model, config, tokenizer = load_model_folder(target.folder)
        print(f"== {name}")
        cases, candidates, _ = zip(*(golden_case(model, config, tokenizer, case, target.need_rejection)
                                     for case in target.cases))
        path = os.path.join(args.out, f"{name}.json")
        write_golden(path, name, target.extras, config, list(cases))
        summary = ", ".join(f"{c['id']} {len(c['entities'])}/{n}" for c, n in zip(cases, candidates))
        print(f"{name}: wrote {path}: {summary}")
        if target.relation_cases:
            cases = [relation_case(model, config, tokenizer, case, target.need_rejection)
                     for case in target.relation_cases]
            path = os.path.join(args.out, f"{name}-relations.json")
            write_golden(path, name, target.extras, config, cases)
            summary = ", ".join(f"{c['id']} {len(c['relation_results'])} relations ({c['dropped']} dropped, "
                                f"{len(c['passes'])} passes / {len(c['windows'])} windows)" for c in cases)
            print(f"{name}: wrote {path}: {summary}")


if __name__ == "__main__":
    sys.exit(main())
