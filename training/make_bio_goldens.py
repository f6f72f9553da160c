#!/usr/bin/env python3
"""Goldens for the token-classification (BIO) family (docs/token-classification-contract.md §4).

The PyTorch model rebuilt from each folder's model.onnx weights (bio_export.load_bio_folder), run one
window at a time without padding, decoded by corpusgraph_train/bio.py (the contract's steps in Python):

  pipeline/src/test/resources/golden/tiny-bio-bio.json                     (models/tiny-bio, English)
  pipeline/src/test/resources/golden/corpusgraph-zh-cluener-v1-bio.json    (sample-data/models/..., Chinese)

Usage: /usr/bin/python3 training/make_bio_goldens.py [--only tiny-bio|corpusgraph-zh-cluener-v1]
Prints, per case, the smallest top-2 score margin of any token (a tie there could flip in Java).
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from corpusgraph_train import bio  # noqa: E402
from corpusgraph_train.bio_export import id2label_of, load_bio_folder  # noqa: E402
from corpusgraph_train.bio_recipe import logits_fn  # noqa: E402

GOLDEN = os.path.join(ROOT, "pipeline", "src", "test", "resources", "golden")
MODELS = {
    "tiny-bio": os.path.join(ROOT, "pipeline", "src", "test", "resources", "models", "tiny-bio"),
    "corpusgraph-zh-cluener-v1": os.path.join(ROOT, "sample-data", "models", "corpusgraph-zh-cluener-v1"),
}


def case(name, text, aggregation="first", window_tokens=512, stride=128, threshold=0.0, labels=None):
    return {"name": name, "text": text, "aggregation": aggregation, "window_tokens": window_tokens,
            "stride": stride, "threshold": threshold, "labels": labels}


EN_AGG = "Anastasiya Kuznetsova flew from Reykjavik to Wolverhampton with Aeroflot and Lufthansa."
EN_LONG = ("The European Commission in Brussels said on Monday that Germany and France had agreed a new budget. "
           "Chancellor Helmut Kohl spoke to reporters in Bonn before flying to Washington to meet President "
           "Bill Clinton. Shares of Volkswagen and Siemens rose in Frankfurt, while the Dutch airline KLM fell "
           "in Amsterdam after Reuters reported losses.")
EN_CASES = [
    case("en-news", "Barack Obama met Angela Merkel in Berlin on Tuesday, the Reuters news agency said.", "simple"),
    *[case(f"en-aggregation-{a}", EN_AGG, a) for a in bio.AGGREGATIONS],
    case("en-emoji-mixed-scripts", "🙂 Zoë Müller 🚀 moved from Zürich to São Paulo 😀 to work for Nestlé in 東京.",
         "first"),
    case("en-multi-window", EN_LONG, "first", window_tokens=16, stride=4),
    case("en-multi-window-simple", EN_LONG, "simple", window_tokens=16, stride=4),
    case("en-labels-filter", "Barack Obama met Angela Merkel in Berlin on Tuesday, the Reuters news agency said.",
         "first", labels=["person"]),
    case("en-threshold", EN_AGG, "average", threshold=0.6),
]

ZH_AGG = "苹果公司的蒂姆·库克和雷军在上海浦东新区参观了网易游戏的playstation展台。"
ZH_LONG = ("腾讯公司于1998年在深圳成立，创始人包括马化腾和张志东。公司的微信和QQ拥有大量用户，"
           "旗下的《王者荣耀》是国内最受欢迎的手机游戏之一。2004年，腾讯在香港联合交易所上市。"
           "北京大学的研究人员认为，互联网企业在广东省的发展离不开政府的支持。")
ZH_CASES = [
    case("zh-company-game", "腾讯公司董事会主席马化腾昨日在深圳市南山区出席了《王者荣耀》十周年发布会。", "first"),
    case("zh-government", "据新华社报道，国务院总理在北京人民大会堂会见了联合国秘书长古特雷斯。", "first"),
    case("zh-book-movie", "作家刘慈欣的小说《三体》被改编成电视剧，导演杨磊表示拍摄在浙江横店影视城完成。", "simple"),
    case("zh-emoji-mixed-scripts", "😀 小米集团CEO雷军在weibo上说🚀：北京海淀区的新店开业了，欢迎体验《原神》！",
         "first"),
    case("zh-multi-window", ZH_LONG, "first", window_tokens=16, stride=4),
    *[case(f"zh-aggregation-{a}", ZH_AGG, a) for a in bio.AGGREGATIONS],
    case("zh-labels-filter", "腾讯公司董事会主席马化腾昨日在深圳市南山区出席了《王者荣耀》十周年发布会。", "first",
         labels=["name", "company"]),
    case("zh-threshold", ZH_LONG, "first", threshold=0.9),
]
CASES = {"tiny-bio": EN_CASES, "corpusgraph-zh-cluener-v1": ZH_CASES}


def min_margin(model, tokenizer, c, max_positions):
    tokens = tokenizer.tokenize(c["text"])
    spans = bio.windows(len(tokens), c["window_tokens"], max_positions, c["stride"])
    inputs = [[tokenizer.cls_id] + [t[0] for t in tokens[a:b]] + [tokenizer.sep_id] for a, b in spans]
    margins = []
    for logits in logits_fn(model, tokenizer.pad_id, batch_size=1)(inputs):
        s = np.sort(bio.softmax(logits[1:-1]), axis=-1)
        margins.append(float((s[:, -1] - s[:, -2]).min()))
    return min(margins)


def goldens(name):
    folder = MODELS[name]
    model, config, tokenizer = load_bio_folder(folder)
    id2label = id2label_of(config)
    max_positions = config.get("max_position_embeddings", 512)
    run = logits_fn(model, tokenizer.pad_id, batch_size=1)  # one window per forward: no padding
    cases = []
    for c in CASES[name]:
        entities = bio.predict(c["text"], tokenizer, run, id2label, c["aggregation"], c["window_tokens"], c["stride"],
                               c["threshold"], c["labels"], max_positions)
        if c["threshold"] > 0:
            unfiltered = bio.predict(c["text"], tokenizer, run, id2label, c["aggregation"], c["window_tokens"],
                                     c["stride"], 0.0, c["labels"], max_positions)
            close = [e for e in unfiltered if abs(e["score"] - c["threshold"]) < 1e-3]
            if close or len(unfiltered) == len(entities):
                raise SystemExit(f"{c['name']}: threshold {c['threshold']} is too close to {close} or rejects nothing")
        cases.append({**c, "entities": entities})
        print(f"{name} {c['name']}: {len(entities)} entities, {len(bio.windows(len(tokenizer.tokenize(c['text'])), c['window_tokens'], max_positions, c['stride']))} windows, "
              f"min top-2 margin {min_margin(model, tokenizer, c, max_positions):.2e}: "
              + ", ".join(f"{e['text']}/{e['label']}" for e in entities), flush=True)
    out = {"model": name, "generator": "training/make_bio_goldens.py", "cases": cases}
    path = os.path.join(GOLDEN, f"{name}-bio.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {path}")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", choices=sorted(MODELS), action="append")
    args = p.parse_args(argv)
    torch.set_num_threads(2)
    for name in args.only or MODELS:
        goldens(name)


if __name__ == "__main__":
    main()
