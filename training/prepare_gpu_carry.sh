#!/usr/bin/env bash
# Makes .devcarry/ (git-ignored) for training/train_on_gpu.sh on a lent GPU machine: the corpora as one
# xz archive and the encoder as fp16 encoder.pt + tokenizer.json (the ONNX file is too big to carry).
# Usage: training/prepare_gpu_carry.sh [ENCODER [--int8-embeddings]]   (default all-minilm-l6-v2)
#   --int8-embeddings: the word-embedding table as int8 rows (a 12-layer encoder is 67 MB in fp16, too big)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
encoder="${1:-all-minilm-l6-v2}"
shift || true
mkdir -p "$root/.devcarry"
grep -qx '/.devcarry/' "$root/.git/info/exclude" 2>/dev/null || echo '/.devcarry/' >> "$root/.git/info/exclude"
tar -cJf "$root/.devcarry/data.tar.xz" -C "$root/../shared/data" ner re
(cd "$root/training" && /usr/bin/python3 device_weights.py pack-encoder "$encoder" "$root/.devcarry/encoders" "$@")
du -sh "$root/.devcarry"
