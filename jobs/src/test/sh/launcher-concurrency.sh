#!/usr/bin/env bash
# Issue 19, item 9: bin/corpusgraph commands started together must all start. The launcher used to
# rewrite jobs/target/launcher/java.args in place on every call, and a JVM that read it while another
# call was writing it failed with "Could not find or load main class" (1 in 15 in a 3-at-once test).
# Run: jobs/src/test/sh/launcher-concurrency.sh [ROUNDS] [AT_ONCE]   (after one build; ~1 min)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
rounds="${1:-3}"
at_once="${2:-5}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

"$ROOT/bin/corpusgraph" sql --help >/dev/null  # builds when needed
failed=0
for round in $(seq "$rounds"); do
  pids=()
  for i in $(seq "$at_once"); do
    "$ROOT/bin/corpusgraph" sql --help >"$out/$round-$i.log" 2>&1 &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    if ! wait "${pids[$i]}" || ! grep -q "Usage: sql" "$out/$round-$((i + 1)).log"; then
      failed=$((failed + 1))
      echo "round $round, call $((i + 1)) failed:" >&2
      cat "$out/$round-$((i + 1)).log" >&2
    fi
  done
done
echo "launcher-concurrency: $((rounds * at_once)) calls, $failed failed"
[ "$failed" -eq 0 ]
