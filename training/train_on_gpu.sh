#!/usr/bin/env bash
# Trains the default model on a lent GPU machine: several recipes at once on the one GPU (a MiniLM
# model at batch 8-32 leaves most of an H100 idle), each fitted to the same time budget; packs the
# best run's best.pt (highest dev mean F1) as fp16 parts for the trip back.
#
# Runs there, from the repository root, with .devcarry/ carried (made here by training/prepare_gpu_carry.sh):
#   training/train_on_gpu.sh OUT_DIR BUDGET_SECONDS NAME 'KEY=JSON ...' [NAME 'KEY=JSON ...' ...]
# Back here: /usr/bin/python3 training/device_weights.py unpack OUT_DIR training/runs/gpu/best.pt
set -euo pipefail
out="$1" budget="$2"
shift 2
export CORPUSGRAPH_ENCODERS="$PWD/.devcarry/encoders" PYTHONUNBUFFERED=1 OMP_WAIT_POLICY=PASSIVE
data=/tmp/corpusgraph-data runs=/tmp/corpusgraph-runs
mkdir -p "$data" "$runs" "$out"
tar -xJf .devcarry/data.tar.xz -C "$data"
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.cuda.is_available(), torch.cuda.get_device_name(0))'
names=()
while [ $# -ge 2 ]; do
  name="$1" settings=()
  for kv in $2; do settings+=(--set "$kv"); done
  shift 2
  names+=("$name")
  (cd training && python3 train_default.py --run-dir "$runs/$name" --data-dir "$data" --device cuda --threads 3 \
      --time-budget "$budget" "${settings[@]}") > "$runs/$name.log" 2>&1 &
done
failed=0
wait || failed=1
for name in "${names[@]}"; do echo "== $name"; grep -E "eval step|time budget|done:|Error|error" "$runs/$name.log" | tail -n 20 || true; done
best=$(python3 - "$runs" "${names[@]}" <<'PY'
import json, os, sys
runs, names = sys.argv[1], sys.argv[2:]
scores = {}
for name in names:
    path = os.path.join(runs, name, "run.json")
    if os.path.exists(path):
        scores[name] = json.load(open(path))["best_dev_mean"]
print(max(scores, key=scores.get) if scores else "")
PY
)
(cd "$runs" && tar -czf "$out/logs.tar.gz" ./*.log ./*/log.jsonl ./*/config.json ./*/run.json 2>/dev/null || true)
if [ -z "$best" ]; then echo "train_on_gpu.sh: no run finished" >&2; exit 1; fi
echo "best run: $best"
(cd training && python3 device_weights.py pack "$runs/$best/best.pt" "$out")
echo "$best" > "$out/best_run.txt"
exit $failed
