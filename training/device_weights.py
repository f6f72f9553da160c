"""Moves weights to and from a lent GPU machine, whose transfers are limited (64 MiB a call, 16 MiB a file).

  pack-encoder NAME DIR      the pretrained encoder NAME as DIR/NAME/encoder.pt (fp16) + tokenizer.json:
                             what training needs there instead of the 91-133 MB ONNX file
  pack CHECKPOINT DIR        a run's best.pt as fp16 parts DIR/weights.partNN (<= --part-mib each) and
                             DIR/weights.json (step, dev scores, config, architecture, sha256)
  unpack DIR [DIR ...] CHECKPOINT
                             the parts (from one or more calls' folders: a 12-layer model is over one
                             transfer) back into a best.pt that evaluate.py and export_default.py read
                             (fp32 tensors holding the fp16 values: the shipped model is the fp16-rounded one)

Usage: /usr/bin/python3 training/device_weights.py {pack-encoder,pack,unpack} ...
"""

import argparse
import hashlib
import io
import json
import os
import shutil
import sys

import torch

from corpusgraph_train.default_setup import PACKED_ENCODER, encoder_folder
from corpusgraph_train.encoder import load_onnx_encoder

MANIFEST = "weights.json"
WORD_EMBEDDINGS = "embeddings.word_embeddings.weight"


def packed_encoder(encoder, int8_embeddings=False):
    """{config, state (fp16)}; with int8_embeddings the word-embedding table (a third of a small encoder)
    is stored as int8 rows with one fp16 scale each, so a 12-layer encoder fits one transfer too."""
    state = {k: v.half() for k, v in encoder.state_dict().items()}
    packed = {"config": encoder.config.to_json(), "state": state}
    if int8_embeddings:
        table = state.pop(WORD_EMBEDDINGS).float()
        scale = table.abs().amax(dim=1, keepdim=True).clamp(min=1e-8) / 127
        packed["int8"] = {WORD_EMBEDDINGS: ((table / scale).round().to(torch.int8), scale.half())}
    return packed


def pack_encoder(name, out_dir, int8_embeddings=False):
    folder = encoder_folder(name)
    encoder = load_onnx_encoder(os.path.join(folder, "model.onnx"))
    target = os.path.join(out_dir, name)
    os.makedirs(target, exist_ok=True)
    torch.save(packed_encoder(encoder, int8_embeddings), os.path.join(target, PACKED_ENCODER))
    shutil.copy(os.path.join(folder, "tokenizer.json"), target)
    print(f"{target}: {os.path.getsize(os.path.join(target, PACKED_ENCODER)) / 2**20:.1f} MiB")


def pack(checkpoint, out_dir, part_mib):
    state = torch.load(checkpoint, map_location="cpu")
    buffer = io.BytesIO()
    torch.save({k: v.half() if v.is_floating_point() else v for k, v in state["model"].items()}, buffer)
    data = buffer.getvalue()
    os.makedirs(out_dir, exist_ok=True)
    size = int(part_mib * 2**20)
    parts = []
    for index, start in enumerate(range(0, len(data), size)):
        name = f"weights.part{index:02d}"
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data[start:start + size])
        parts.append(name)
    manifest = {key: state.get(key) for key in ("step", "dev", "config", "architecture")}
    manifest.update(parts=parts, sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
    with open(os.path.join(out_dir, MANIFEST), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
    print(f"{checkpoint} (step {manifest['step']}) -> {len(parts)} parts, {len(data) / 2**20:.1f} MiB in {out_dir}")


def _find(in_dirs, name):
    for in_dir in in_dirs:
        if os.path.exists(os.path.join(in_dir, name)):
            return os.path.join(in_dir, name)
    raise SystemExit(f"{name}: in none of {', '.join(in_dirs)} (fetch the remaining parts first)")


def unpack(in_dirs, checkpoint):
    with open(_find(in_dirs, MANIFEST), encoding="utf-8") as f:
        manifest = json.load(f)
    data = b"".join(open(_find(in_dirs, name), "rb").read() for name in manifest["parts"])
    if hashlib.sha256(data).hexdigest() != manifest["sha256"]:
        raise SystemExit(f"{', '.join(in_dirs)}: the parts do not match {MANIFEST} (missing or damaged part)")
    model = torch.load(io.BytesIO(data), map_location="cpu")
    state = {key: manifest[key] for key in ("step", "dev", "config", "architecture")}
    state["model"] = {k: v.float() if v.is_floating_point() else v for k, v in model.items()}
    os.makedirs(os.path.dirname(os.path.abspath(checkpoint)), exist_ok=True)
    torch.save(state, checkpoint)
    print(f"{', '.join(in_dirs)} -> {checkpoint} (step {state['step']}, dev {state['dev']})")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("pack-encoder")
    p.add_argument("name")
    p.add_argument("dir")
    p.add_argument("--int8-embeddings", action="store_true")
    p = commands.add_parser("pack")
    p.add_argument("checkpoint")
    p.add_argument("dir")
    p.add_argument("--part-mib", type=float, default=15)
    p = commands.add_parser("unpack")
    p.add_argument("dir", nargs="+")
    p.add_argument("checkpoint")
    args = parser.parse_args()
    if args.command == "pack-encoder":
        pack_encoder(args.name, args.dir, args.int8_embeddings)
    elif args.command == "pack":
        pack(args.checkpoint, args.dir, args.part_mib)
    else:
        unpack(args.dir, args.checkpoint)


if __name__ == "__main__":
    sys.exit(main())
