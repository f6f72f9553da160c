"""Exports a default-model checkpoint to a model folder (model.onnx, gliner_config.json,
tokenizer.json), checks the ONNX graph against PyTorch on held-back sentences, and writes MODEL_CARD.md.

Parity: the graph runs in the NumPy ONNX interpreter (training/tests/numpy_onnx.py; no onnxruntime for
Python here) on test sentences prepared as the pipeline prepares them (entity prompts and relation
prompts); every span probability must be within 1e-4 relative of PyTorch's, and the decoded entities
must be the same.

Usage:
  /usr/bin/python3 training/export_default.py --checkpoint RUN/best.pt --name NAME
        [--out sample-data/models/NAME] [--scores scores.json] [--notes notes.md] [--sentences 6]

  --notes  markdown added to the card as it is (how and where the run was trained, known limits)
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import sys

import numpy as np
import torch

from corpusgraph_train.datasets import PREFIX_WORDS, RELATION_PREFIX, RELATION_SEPARATOR, load_corpora, relation_text
from corpusgraph_train.decoding import greedy_select, sigmoid, span_candidates
from corpusgraph_train.default_setup import DATA_DIR, ROOT, TRAINING, prompt_encoder_for, run_tokenizer, \
    run_tokenizer_json
from corpusgraph_train.export import export_model_folder
from corpusgraph_train.processing import batch_tensors
from corpusgraph_train.recipe import load_checkpoint

sys.path.insert(0, os.path.join(TRAINING, "tests"))
import numpy_onnx  # noqa: E402
import calibrate_int8  # noqa: E402
import quantize  # noqa: E402

RELATIVE_TOLERANCE = 1e-4
ENCODER_LICENCES = {"all-minilm-l6-v2": "Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2)",
                    "bge-small-en-v15": "MIT (BAAI/bge-small-en-v1.5)",
                    "e5-small-v2": "MIT (intfloat/e5-small-v2)"}


def parity_requests(corpora, count):
    """(text, labels) pairs from the test splits: entity prompts and relation prompts."""
    requests = []
    for example in corpora["conll2003"].splits["test"][:count // 2]:
        requests.append((" ".join(example.words), corpora["conll2003"].types))
    for example in corpora["conll04"].splits["test"][:count - count // 2]:
        heads = sorted({" ".join(example.words[s:e + 1]) for s, e, _ in example.spans})[:3]
        labels = [f"{h}{RELATION_SEPARATOR}{r}" for h in heads for r in corpora["conll04"].types[:3]]
        requests.append((relation_text(" ".join(example.words)), labels or ["person"]))
    return requests


def _top_cut(probabilities):
    """The middle of the widest gap between neighbouring probabilities in the top 2%: a threshold that
    accepts a few spans and that no rounding difference can cross."""
    p = np.sort(probabilities.ravel())
    first = min(int(0.98 * len(p)), len(p) - 2)
    gaps = p[first + 1:] - p[first:-1]
    i = first + int(np.argmax(gaps))
    return float((p[i] + p[i + 1]) / 2)


def check_parity(model, prompt_encoder, onnx_path, requests, threshold=0.5):
    """Largest relative probability difference and whether every decision matched; raises when not.

    Decisions are compared at `threshold` and at a cut among each window's top 2% of probabilities, so that
    some spans are accepted even by a model that is not (yet) confident."""
    worst, decisions = 0.0, 0
    for text, labels in requests:
        for window in prompt_encoder.prepare(text, labels).encoded:
            inputs = batch_tensors([window], model.head.max_width)
            with torch.no_grad():
                expected = model(*(inputs[name] for name in model.input_names)).numpy()
            actual = numpy_onnx.run(onnx_path, {name: inputs[name].numpy() for name in model.input_names})["logits"]
            valid = inputs["span_mask"].view(expected.shape[:3]).numpy()[0]
            p_torch, p_onnx = sigmoid(expected[0])[valid], sigmoid(actual[0])[valid]
            relative = np.abs(p_onnx - p_torch) / np.maximum(np.abs(p_torch), 1e-12)
            worst = max(worst, float(relative.max()))
            for cut in (threshold, _top_cut(p_torch)):
                chosen = [greedy_select(span_candidates(x[0], window.text_length, cut), True, False)
                          for x in (expected, actual)]
                if [a[:3] for a in chosen[0]] != [a[:3] for a in chosen[1]]:
                    raise AssertionError(f"ONNX and PyTorch decide differently on {text!r} at {cut}: {chosen}")
                decisions += len(chosen[0])
    if worst > RELATIVE_TOLERANCE:
        raise AssertionError(f"ONNX probabilities differ from PyTorch by {worst:.2e} relative")
    return {"windows": sum(len(prompt_encoder.prepare(t, l).encoded) for t, l in requests),
            "max_relative_difference": worst, "accepted_spans": decisions}


V1_DATA = """- Training data (../shared/data, not shipped): CoNLL-2003 (Reuters; no licence stated), WNUT-17 (CC-BY 4.0),
  BC5CDR (CC-BY 4.0), NCBI-disease (CC-BY 4.0), CLUENER2020 (no licence stated; only records whose entities
  are whole words), CoNLL04 (no licence stated), WebNLG (no licence stated), SemEval-2010 task 8 (CC-BY 3.0).
  Corpora without a stated licence limit redistribution of this model: check before publishing it."""


def training_data(config):
    """The card's data paragraph: v1's as it was; for a v2 run every corpus it used with its licence
    (corpusgraph_train/label_names.py) and the warm start."""
    if config.get("data") != "v2":
        return V1_DATA
    from corpusgraph_train.label_names import CORPORA, shippable
    offered = [name for name in CORPORA if name != "wordnet_types" or config.get("wordnet")]  # an opt-in corpus
    used = [name for name in offered if not config.get("shipped", True) or shippable(name)]
    lines = [f"  - {name}: {CORPORA[name].licence}" for name in used]
    left_out = [name for name in offered if name not in used]
    return "\n".join(
        ["- Training data (../shared/data, not shipped; names and licences: training/LABELS.md):"] + lines
        + ([f"- Left out (non-commercial): {', '.join(left_out)}."] if left_out else [])
        + ["- Corpora without a stated licence limit redistribution of this model: check before publishing it.",
           f"- Warm-started from `{config['init_from']}`." if config.get("init_from") else ""]).rstrip()


def zeroshot_section(zeroshot):
    if not zeroshot:
        return ""
    from evaluate_zeroshot import markdown
    names = list(zeroshot["models"])
    return "\n## Zero-shot scores (ner-dev, never trained on; training/evaluate_zeroshot.py)\n\n" + \
        markdown(zeroshot, names, zeroshot["sets"]) + "\n"


def model_card(name, state, scores, parity, run_log, notes="", zeroshot=None):
    config = state["config"]
    rows = ["| corpus | task | P | R | F1 | target |", "|---|---|---|---|---|---|"]
    targets = {"conll2003": "≥ 88", "wnut17": "≥ 45", "bc5cdr": "≥ 80", "ncbi_disease": "≥ 80", "conll04": "≥ 55"}
    for corpus, s in (scores or {}).get("entities", {}).items():
        rows.append(f"| {corpus} | entities | {100 * s['precision']:.1f} | {100 * s['recall']:.1f} | "
                    f"{100 * s['f1']:.1f} | {targets.get(corpus, '-')} |")
    for corpus, modes in (scores or {}).get("relations", {}).items():
        for mode, s in modes.items():
            rows.append(f"| {corpus} | relations, {mode.replace('_', ' ')} | {100 * s['precision']:.1f} | "
                        f"{100 * s['recall']:.1f} | {100 * s['f1']:.1f} | {targets.get(corpus, '-')} |")
    dev = "\n".join(f"- step {r['step']}: mean {100 * r['dev_mean']:.1f} "
                    f"({', '.join(f'{k} {100 * v:.1f}' for k, v in r['dev'].items())})" for r in run_log) or "- none"
    return f"""# {name}

GLiNER-style span model (markerV0 head, max width 12) for zero-shot entities and prompted relations,
in the GLiNER ONNX model-folder contract (`model.onnx`, `gliner_config.json`, `tokenizer.json`).
Built by `training/` of corpusgraph; see training/README.md to retrain or re-evaluate.

## Use
- Entities: labels are natural-language type names given at run time ("person", "disease").
- Relations: text = `"{RELATION_PREFIX} \\n " + text` (GLiNER multitask's relation prompt),
  labels `"{{head text}} <> {{relation}}"` (e.g. "Acme Corp <> based in"); predicted spans are the tails
  (their word indices include the prefix's {len(PREFIX_WORDS)} words).

## Encoder and licences
- Encoder: `{config['encoder']}` from `dev.langchain4j:langchain4j-embeddings-{config['encoder']}:1.0.0-beta1`,
  licence {ENCODER_LICENCES.get(config['encoder'], 'see the encoder')}.
{training_data(config)}

## Recipe
Focal loss (alpha {config['focal_alpha']}, gamma {config['focal_gamma']}), AdamW with learning rates
{config['encoder_lr']} (encoder) and {config['head_lr']} (rest), {config['warmup_steps']} warm-up steps then linear
decay over {config['max_steps']}, gradient clipping {config['max_grad_norm']}, batch {config['batch_size']} of
mixed corpora (probability ~ size^{config['corpus_temperature']}, weights {config['corpus_weights']}),
negative labels from the pool of all types, synonyms and case variants; dev evaluation every
{config['eval_every']} steps on {config['dev_per_corpus']} sentences per corpus, early-stopping patience
{config['patience']}. Full settings: `config` below.

Kept checkpoint: step {state['step']}.

{notes.strip()}

## Dev scores during training
{dev}

## Test scores (threshold 0.5, flat; exact span and label)
{chr(10).join(rows)}

{'Limited to the first ' + str(scores['limit']) + ' sentences per corpus.' if scores and scores.get('limit') else ''}
{zeroshot_section(zeroshot)}
## ONNX parity
{parity['windows']} windows of held-back test sentences (entity and relation prompts): largest relative
probability difference ONNX vs PyTorch {parity['max_relative_difference']:.1e} (limit 1e-4), identical
decisions at threshold 0.5 and at a cut among each window's top 2% of probabilities ({parity['accepted_spans']} accepted
spans in all).

## Config
```json
{json.dumps(config, indent=2)}
```
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--out", help="model folder (default sample-data/models/NAME)")
    parser.add_argument("--scores", help="evaluate.py --out JSON for the model card")
    parser.add_argument("--notes", help="markdown file added to the model card")
    parser.add_argument("--zeroshot", help="evaluate_zeroshot.py --out JSON for the model card")
    parser.add_argument("--sentences", type=int, default=6, help="held-back sentences for the parity check")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data-dir", default=DATA_DIR)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    folder = args.out or os.path.join(ROOT, "sample-data", "models", args.name)

    model, state = load_checkpoint(args.checkpoint)
    export_model_folder(model, args.name, run_tokenizer_json(state["config"]), folder)
    prompt_encoder = prompt_encoder_for(model, run_tokenizer(state["config"]), args.name)
    corpora = load_corpora(args.data_dir, splits=("test",))
    print(quantize.write_shipped_graphs(folder, calibrate_int8.calibrate(folder, args.data_dir)))
    # on the graph as shipped (fp16 storage, factored span head)
    parity = check_parity(model, prompt_encoder, os.path.join(folder, "model.onnx"),
                          parity_requests(corpora, args.sentences))
    print(f"parity: {parity}")
    scores = None
    if args.scores:
        with open(args.scores, encoding="utf-8") as f:
            scores = json.load(f)
    log_path = os.path.join(os.path.dirname(os.path.abspath(args.checkpoint)), "log.jsonl")
    run_log = [json.loads(line) for line in open(log_path, encoding="utf-8")] if os.path.exists(log_path) else []
    with open(os.path.join(folder, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        notes = open(args.notes, encoding="utf-8").read() if args.notes else ""
        zeroshot = json.load(open(args.zeroshot, encoding="utf-8")) if args.zeroshot else None
        f.write(model_card(args.name, state, scores, parity, run_log, notes, zeroshot))
    print(f"wrote {folder}")


if __name__ == "__main__":
    sys.exit(main())
