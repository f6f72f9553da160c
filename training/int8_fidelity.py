"""How closely an int8 graph follows its fp32 graph, on dev sentences (never test): both graphs run by the
NumPy ONNX interpreter of the tests on the same batches, every candidate span x label compared.

  decisions  share of candidates kept by one graph and not the other (probability >= 0.5)
  gap        mean |p_int8 - p_fp32| over candidates either graph gives >= 0.1
  max gap    the largest |p_int8 - p_fp32|

Labels are each corpus's readable types (GLiNER's protocol, as training/evaluate.py prompts them).

Usage:
  /usr/bin/python3 training/int8_fidelity.py MODEL_DIR INT8.onnx [INT8.onnx ...] [--sentences 48] [--batch 16]
      [--corpora ncbi_disease,bc5cdr]
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import random
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tests"))

import numpy_onnx  # noqa: E402
from corpusgraph_train.datasets import load_corpora  # noqa: E402
from corpusgraph_train.decoding import sigmoid  # noqa: E402
from corpusgraph_train.default_setup import DATA_DIR  # noqa: E402
from corpusgraph_train.export import load_model_folder, token_limit  # noqa: E402
from corpusgraph_train.processing import PromptEncoder, batch_tensors  # noqa: E402
from evaluate import ENTITY_CORPORA  # noqa: E402


def batches(model_dir, sentences, batch, seed, names=ENTITY_CORPORA):
    """[feeds] of dev sentences of each entity corpus in `names`, `batch` windows per feed."""
    model, config, tokenizer = load_model_folder(model_dir)
    encoder = PromptEncoder(tokenizer, config, token_limit(config))
    corpora = load_corpora(DATA_DIR, splits=("dev",))
    rng = random.Random(seed)
    out = []
    for name in names:
        dev = corpora[name].splits.get("dev", [])
        chosen = rng.sample(dev, min(sentences, len(dev)))
        windows = [w for x in chosen for w in encoder.prepare(" ".join(x.words), list(corpora[name].types)).encoded]
        for i in range(0, len(windows), batch):
            tensors = batch_tensors(windows[i:i + batch], model.head.max_width)
            out.append({n: tensors[n].numpy() for n in model.input_names})
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model_dir")
    parser.add_argument("graphs", nargs="+")
    parser.add_argument("--sentences", type=int, default=48, help="per corpus, sampled from its dev split")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpora", default=",".join(ENTITY_CORPORA), help="comma-separated; default: all")
    args = parser.parse_args(argv)
    unknown = set(args.corpora.split(",")) - set(ENTITY_CORPORA)
    if unknown:
        parser.error(f"unknown corpora {sorted(unknown)}; known: {','.join(ENTITY_CORPORA)}")
    feeds = batches(args.model_dir, args.sentences, args.batch, args.seed, args.corpora.split(","))
    fp32 = [sigmoid(numpy_onnx.run(os.path.join(args.model_dir, "model.onnx"), f)["logits"]) for f in feeds]
    print("| graph | decisions differing | mean gap (p ≥ 0.1) | max gap | candidates |")
    print("|---|---:|---:|---:|---:|")
    for graph in args.graphs:
        flips = total = 0
        gaps, worst = [], 0.0
        for f, p32 in zip(feeds, fp32):
            p8 = sigmoid(numpy_onnx.run(graph, f)["logits"])
            # span_mask [B, W * max_width] -> [B, W, max_width, 1] against logits [B, W, max_width, C]
            valid = np.broadcast_to(f["span_mask"].reshape(p32.shape[:3])[..., None].astype(bool), p32.shape)
            a, b = p32[valid], p8[valid]
            flips += int(((a >= 0.5) != (b >= 0.5)).sum())
            total += a.size
            near = np.maximum(a, b) >= 0.1
            gaps.extend(np.abs(a - b)[near].tolist())
            worst = max(worst, float(np.abs(a - b).max()))
        print(f"| {graph} | {flips} of {total} ({100 * flips / total:.3f} %) | {np.mean(gaps):.4f} | {worst:.3f} | "
              f"{total} |", flush=True)


if __name__ == "__main__":
    main()
