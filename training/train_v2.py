"""Trains v2 of the default model: every corpus (datasets.load_v2_corpora), v2's prompts
(sampling.PromptOptions.v2), warm-started from v1's weights, resumable. The recipe is train_default.py's
(corpusgraph_train/recipe.py); only these defaults differ (V2_DEFAULTS; --set overrides any of them).

Usage (from the repository root):
  /usr/bin/python3 training/train_v2.py [--run-dir training/runs/v2] [--set key=JSON ...] [--threads 2]
        [--resume] [--stop-after N] [--stop-at-seconds S] [--device auto|cpu|cuda]

  --resume             continue run-dir/last.pt with its stored config.json (same batches as without a break)
  --stop-at-seconds S  end this invocation after S seconds with last.pt written (resume later)
  --set bf16=false     fp32 instead of bf16 autocast (see training/README.md "v2" for the speeds measured)
  --set wordnet=true   add the WordNet-typed corpus (datasets.wordnet_types; Debian's wordnet-base; off by
                       default until it beats the plain recipe: training/README.md "WordNet types")
  --set wordnet_nouns=false   with wordnet=true: type the gold names only, no common nouns
  --time-budget S      fit max_steps so that the whole schedule ends within S seconds (first invocation)
  last.pt is also written every `checkpoint_minutes` (30) minutes, so a lost session loses at most that.
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import sys

import train_default

V2_DEFAULTS = {
    "data": "v2",
    "shipped": True,                 # no non-commercial corpus (label_names.CORPORA)
    "init_from": "sample-data/models/corpusgraph-bge-small-v1",
    "batch_size": 8,                 # CPU: small batches; lrs scaled down from v1's batch 96 / 6e-5 / 2.5e-4
    "encoder_lr": 1e-5,
    "head_lr": 5e-5,
    "warmup_steps": 500,             # warm start: a short warm-up keeps v1's weights from a jolt
    "max_steps": 20000,              # ~16 h here at the measured 0.34 steps/s (training/README.md "v2")
    "bf16": True,                    # 2x fp32's steps/s on this CPU (avx512_bf16), measured
    "length_buckets": 8,
    "eval_every": 2000,
    "dev_per_corpus": 100,
    # supervised targets (v1's dev set) and the zero-shot dev splits that pick best.pt
    "dev_corpora": ["conll2003", "wnut17", "bc5cdr", "ncbi_disease", "conll04",
                    "nerdev_gum", "nerdev_harveyner", "nerdev_re3d", "nerdev_scierc", "nerdev_wnut16"],
    "patience": 6,
    "checkpoint_every": 1000,
    "checkpoint_minutes": 30.0,
    "corpus_weights": {"conll04": 4.0, "semeval2010_task8": 1.0, "webnlg": 1.0},
}

if __name__ == "__main__":
    sys.exit(train_default.main(V2_DEFAULTS, run_name="v2", description=__doc__))
