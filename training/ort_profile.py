"""Sums an ONNX Runtime profile (the JSON a session writes with profiling on) by operator type, so that two
graphs' time can be compared op by op, e.g. fp32 against int8.

Usage: /usr/bin/python3 training/ort_profile.py PROFILE.json [PROFILE.json ...]
Java sessions write one with CORPUSGRAPH_JAVA_OPTS=-Dcorpusgraph.ort.profile=PREFIX (onnx/SessionTuning).
Prints, per file, each operator type's share of node time, its total milliseconds and node runs.
"""

import json
import sys
from collections import defaultdict


def op_times(events):
    """(op type -> [microseconds, runs]) over the kernel-time events of the profile."""
    totals = defaultdict(lambda: [0, 0])
    for event in events:
        if event.get("cat") == "Node" and event.get("name", "").endswith("_kernel_time"):
            entry = totals[event.get("args", {}).get("op_name", "?")]
            entry[0] += event.get("dur", 0)
            entry[1] += 1
    return totals


def main(paths):
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    for path in paths:
        with open(path) as f:
            totals = op_times(json.load(f))
        whole = sum(us for us, _ in totals.values()) or 1
        print(f"{path}: node time {whole / 1000:.0f} ms")
        for op, (us, runs) in sorted(totals.items(), key=lambda kv: -kv[1][0]):
            print(f"  {op:32s} {100 * us / whole:5.1f} %  {us / 1000:9.1f} ms  {runs:7d} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
