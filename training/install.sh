#!/usr/bin/env bash
# Installs the Debian packages the training code needs (PyTorch 1.13, ONNX, NumPy, a fast BLAS, WordNet 3.0).
# Idempotent: does nothing when they are already present. Run as root (CI and dev machines are).
set -euo pipefail
PKGS="python3-torch python3-onnx python3-numpy libopenblas0-pthread wordnet-base"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "training/install.sh: installing$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
/usr/bin/python3 -c "import torch, onnx, numpy" 
