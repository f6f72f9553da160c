#!/usr/bin/env bash
# Trains the default model on a lent GPU machine, whose calls last at most 10 minutes and bring back at
# most 64 MiB: a run spans several calls (resumed from last.pt, which stays on that machine while it is
# held), then the best run's weights are evaluated there and come back as fp16 parts over one or more calls.
#
# Runs there, from the repository root, with .devcarry/ carried on the first call (made here by
# training/prepare_gpu_carry.sh):
#   training/train_on_gpu.sh train OUT CALL_SECONDS TOTAL_SECONDS NAME 'KEY=JSON ...' [NAME 'KEY=JSON ...' ...]
#       starts (or resumes) each named run at once on the one GPU; this call trains for CALL_SECONDS, the
#       whole run's schedule is fitted to TOTAL_SECONDS of training (train_default.py --time-budget)
#   training/train_on_gpu.sh finish OUT
#       once every run has finished: packs the best run's best.pt (by dev mean F1) as fp16 parts, scores
#       those fp16-rounded weights on the test splits (evaluate.py --device cuda -> OUT/test-scores.json),
#       and sends the parts not sent yet, up to 60 MiB; repeat `finish` until it says all parts are sent
# Back here: /usr/bin/python3 training/device_weights.py unpack OUT_1 [OUT_2 ...] training/runs/gpu/best.pt
# A dry run on this machine: DEVICE=cpu EVAL_LIMIT=5 training/train_on_gpu.sh train ... with tiny settings.
set -euo pipefail
device="${DEVICE:-cuda}" limit=()
[ -n "${EVAL_LIMIT:-}" ] && limit=(--limit "$EVAL_LIMIT")
mode="$1" out="$2"
shift 2
runs="$PWD/training/runs/device"   # git-ignored; kept between the calls of one lease
export CORPUSGRAPH_ENCODERS="$runs/encoders" PYTHONUNBUFFERED=1 OMP_WAIT_POLICY=PASSIVE
mkdir -p "$runs/encoders" "$out"

train() {
  local call="$1" total="$2" names=() name settings resume
  shift 2
  [ -d "$runs/data" ] || { mkdir -p "$runs/data"; tar -xJf .devcarry/data.tar.xz -C "$runs/data"; }
  [ -d .devcarry/encoders ] && cp -r .devcarry/encoders/. "$runs/encoders/"
  [ "$device" = cpu ] || python3 -c 'import torch; print("torch", torch.__version__, torch.cuda.get_device_name(0))'
  while [ $# -ge 2 ]; do
    name="$1" settings=() resume=()
    for kv in $2; do settings+=(--set "$kv"); done
    shift 2
    names+=("$name")
    [ -f "$runs/$name/last.pt" ] && resume=(--resume) settings=()
    (cd training && python3 train_default.py --run-dir "$runs/$name" --data-dir "$runs/data" --device "$device" \
        --threads 3 --time-budget "$total" --stop-at-seconds "$call" "${resume[@]}" "${settings[@]}") \
        >> "$runs/$name.log" 2>&1 &
  done
  local failed=0
  wait || failed=1
  for name in "${names[@]}"; do
    echo "== $name"
    grep -E "eval step|time budget|deadline|resumed|done:|Error|error" "$runs/$name.log" | tail -n 12 || true
  done
  (cd "$runs" && tar -czf "$out/logs.tar.gz" ./*.log ./*/log.jsonl ./*/config.json ./*/run.json 2>/dev/null || true)
  return $failed
}

finish() {
  local packed="$runs/packed"
  if [ ! -f "$packed/weights.json" ]; then
    local best
    best=$(python3 - "$runs" <<'PY'
import glob, json, os, sys
scores = {}
for path in glob.glob(os.path.join(sys.argv[1], "*", "run.json")):
    run = json.load(open(path))
    if not run["finished"]:
        sys.exit(f"{os.path.dirname(path)} has not finished: run `train` again")
    scores[os.path.basename(os.path.dirname(path))] = run["best_dev_mean"]
if not scores:
    sys.exit("no run found")
print(max(scores, key=scores.get))
PY
    )
    echo "best run: $best"
    (cd training && python3 device_weights.py pack "$runs/$best/best.pt" "$packed")
    echo "$best" > "$packed/best_run.txt"
  fi
  if [ ! -f "$packed/test-scores.json" ]; then
    (cd training && python3 device_weights.py unpack "$packed" "$packed/best16.pt" \
      && python3 evaluate.py --checkpoint "$packed/best16.pt" --data-dir "$runs/data" --device "$device" \
           --threads 3 "${limit[@]}" --out "$packed/test-scores.json")
  fi
  cp "$packed/weights.json" "$packed/best_run.txt" "$packed/test-scores.json" "$out/"
  # the parts not sent yet, up to 60 MiB in this call
  local budget=$((60 * 1024 * 1024)) part size
  touch "$packed/sent.txt"
  for part in "$packed"/weights.part*; do
    part=$(basename "$part")
    grep -qx "$part" "$packed/sent.txt" && continue
    size=$(stat -c %s "$packed/$part")
    [ "$size" -le "$budget" ] || break
    cp "$packed/$part" "$out/" && echo "$part" >> "$packed/sent.txt"
    budget=$((budget - size))
  done
  local total sent
  total=$(ls "$packed"/weights.part* | wc -l) sent=$(wc -l < "$packed/sent.txt")
  echo "sent $sent of $total parts$([ "$sent" -lt "$total" ] && echo ': run finish again for the rest' || echo ': all sent')"
}

case "$mode" in
  train) train "$@" ;;
  finish) finish ;;
  *) echo "usage: train_on_gpu.sh {train OUT CALL_SECONDS TOTAL_SECONDS NAME SETTINGS ...|finish OUT}" >&2; exit 2 ;;
esac
