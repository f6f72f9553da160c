"""Teaches a model folder your entity and relation types from a few gold sentences (`bin/corpusgraph finetune`).

  /usr/bin/python3 training/finetune.py --base MODEL_DIR --train FORMAT:PATH [--train ...] [--dev FORMAT:PATH]
        --output MODEL_DIR [--label-map GOLD=LABEL ...] [--method lora|full] [--lora-rank R]
        [--fusion-alpha A] [--epochs N] [--min-steps S] [--max-minutes M] [--test FORMAT:PATH [--test-limit N]]

FORMAT is one of EvaluateJob's: conll (token ... BIO tag), spert (SpERT JSON, with relations), jsonl
({text, entities, relations}, code-point offsets). Labels are the gold types lower-cased, after
--label-map (GOLD=LABEL, e.g. --label-map org=organization). Without --dev a share of --train
(--dev-share, default 0.2) is held out for dev F1 before and after. Training ends with the last epoch's
weights (--keep best: the epoch of the best dev F1). --epochs (10) is raised until training has
--min-steps (100) steps, so a small sample (30 sentences: 4 steps an epoch) still trains long enough.

The base weights are read from MODEL_DIR/model.onnx (its initializers keep the PyTorch names): any
folder this project ships or produces works (sample-data/models/*, test models, earlier finetune
outputs); public GLiNER exports (DeBERTa encoders, anonymous initializer names) do not.

The output is an ordinary model folder (model.onnx with the adapters merged, model_quantized.onnx,
gliner_config.json, tokenizer.json) plus finetune.json (base, data sha256, settings, dev F1 before and
after) and MODEL_CARD.md. ExtractJob, EvaluateJob and annotate run it unchanged:
  bin/corpusgraph extract --model OUTPUT --labels "your,types" ...
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import datetime
import hashlib
import json
import sys
import time

import torch

TRAINING = os.path.dirname(os.path.abspath(__file__))
if TRAINING not in sys.path:
    sys.path.insert(0, TRAINING)

from corpusgraph_train.datasets import relation_text, RELATION_SEPARATOR  # noqa: E402
from corpusgraph_train.default_setup import CachedTokenizer, DATA_DIR  # noqa: E402
from corpusgraph_train.evaluation import entity_scores, relation_scores  # noqa: E402
from corpusgraph_train.export import export_model_folder, load_model_folder, token_limit  # noqa: E402
from corpusgraph_train.finetuning import (KEEP_RULES, FinetuneSettings, Finetuner, TaskData, dev_score,  # noqa: E402
                                          general_dev, general_sampler, hold_out, merged_copy, prepare_model,
                                          split_to_fit)
from corpusgraph_train.gold import parse_label_map, read_gold, types_of  # noqa: E402
from corpusgraph_train.processing import PromptEncoder  # noqa: E402


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="corpusgraph finetune", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    d = FinetuneSettings()
    p.add_argument("--base", required=True, help="model folder (or its model.onnx) to adapt")
    p.add_argument("--train", action="append", required=True, metavar="FORMAT:PATH", help="gold training data (repeatable)")
    p.add_argument("--dev", action="append", metavar="FORMAT:PATH", help="gold dev data (default: a share of --train)")
    p.add_argument("--test", action="append", metavar="FORMAT:PATH",
                   help="gold test data scored before and after (finetune.json); never used for choices")
    p.add_argument("--test-limit", type=int, default=0, help="score only the first N test sentences")
    p.add_argument("--output", required=True, help="the new model folder")
    p.add_argument("--name", help="model name in gliner_config.json (default: the output folder's name)")
    p.add_argument("--label-map", action="append", default=[], metavar="GOLD=LABEL")
    p.add_argument("--method", choices=["lora", "full"], default=d.method)
    p.add_argument("--lora-rank", type=int, default=d.lora_rank)
    p.add_argument("--lora-alpha", type=float, default=d.lora_alpha)
    p.add_argument("--lora-dropout", type=float, default=d.lora_dropout)
    p.add_argument("--fusion-alpha", type=float, default=d.fusion_alpha,
                   help="word representation = A * hidden + (1 - A) * input embedding (LightNER: 0.5); 1 = off")
    p.add_argument("--epochs", type=int, default=d.epochs)
    p.add_argument("--min-steps", type=int, default=d.min_steps,
                   help="raise --epochs until training has at least this many steps (small samples; 0: off)")
    p.add_argument("--max-minutes", type=float, default=d.max_minutes, help="training stops and ends at the kept epoch")
    p.add_argument("--keep", choices=KEEP_RULES, default=d.keep,
                   help="the epoch training ends with: last (the learning rate decayed to 0), or best by dev F1")
    p.add_argument("--batch-size", type=int, default=d.batch_size)
    p.add_argument("--lr", type=float, default=d.lr, help="adapters (lora) or encoder (full); default 2e-3 / 1e-4")
    p.add_argument("--head-lr", type=float, default=d.head_lr)
    p.add_argument("--dev-share", type=float, default=d.dev_share)
    p.add_argument("--general-share", type=float, default=d.general_share,
                   help="share of each batch from the base's general data (forgetting control)")
    p.add_argument("--no-general", action="store_true", help="forgetting control off (same as --general-share 0)")
    p.add_argument("--data-dir", default=DATA_DIR, help="the general data (default ../shared/data)")
    p.add_argument("--forgetting-check", type=int, default=50,
                   help="CoNLL-2003 dev sentences scored before and after (old types); 0: off")
    p.add_argument("--parity", type=int, default=2, help="dev sentences for the ONNX/PyTorch parity check; 0: off")
    p.add_argument("--no-quantize", action="store_true", help="do not write model_quantized.onnx")
    p.add_argument("--seed", type=int, default=d.seed)
    p.add_argument("--threads", type=int, default=int(os.environ.get("CORPUSGRAPH_THREADS", "2")))
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)
    if not 0.0 <= args.fusion_alpha <= 1.0:
        p.error("--fusion-alpha must be within [0, 1]")
    if not 0.0 <= args.general_share < 1.0:
        p.error("--general-share must be within [0, 1)")
    return args


def settings_from(args):
    return FinetuneSettings(method=args.method, lora_rank=args.lora_rank, lora_alpha=args.lora_alpha,
                            lora_dropout=args.lora_dropout, fusion_alpha=args.fusion_alpha, epochs=args.epochs,
                            min_steps=args.min_steps, keep=args.keep,
                            max_minutes=args.max_minutes, batch_size=args.batch_size, lr=args.lr,
                            head_lr=args.head_lr, general_share=0.0 if args.no_general else args.general_share,
                            dev_share=args.dev_share, seed=args.seed)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_all(specs, label_map):
    files = [read_gold(spec, label_map) for spec in specs or []]
    return files, [x for f in files for x in f.examples]


def load_data(args, label_map, prompt_encoder, log):
    train_files, train = read_all(args.train, label_map)
    dev_files, dev = read_all(args.dev, label_map)
    entity_types, relation_types = types_of(train)
    if not entity_types and not relation_types:
        raise SystemExit("finetune: the --train data has no entities")
    if dev:
        note = f"dev: {len(dev)} sentences of --dev"
    else:
        train, dev = hold_out(train, args.dev_share, args.seed)
        note = (f"dev: no --dev given, so {len(dev)} of the {len(train) + len(dev)} --train sentences "
                f"({args.dev_share:.0%}, seed {args.seed}) are held out for dev F1 and not trained on")
    log(note)
    # a sentence too long for one window under the task's prompt is split (never cut inside an entity)
    labels = entity_types or ["entity"]
    fits = lambda words: prompt_encoder.encode_pretokenized(words, labels) is not None  # noqa: E731
    fitted = [part for x in train for part in split_to_fit(x, fits)]
    data = TaskData(fitted, dev, entity_types, relation_types, note)
    data.skipped = sum(1 for x in train if not split_to_fit(x, fits))
    for f in train_files + dev_files:
        if f.skipped_entities:
            log(f"{f.spec}: {f.skipped_entities} entities not on word boundaries are left out")
    return data, train_files, dev_files


def test_scores(model, prompt_encoder, examples, entity_types, relation_types):
    scores = {}
    if entity_types:
        scores["entities"] = entity_scores(model, prompt_encoder, examples, entity_types)
    with_relations = [x for x in examples if x.relations]
    if relation_types and with_relations:
        scores["relations_gold_heads"] = relation_scores(model, prompt_encoder, with_relations, relation_types)
    return scores


def parity(model, prompt_encoder, folder, data, count):
    """export_default's check on a few dev sentences (entity prompts, and relation prompts when present)."""
    from export_default import check_parity
    requests = []
    for x in data.dev[:count]:
        text = " ".join(x.words)
        if data.entity_types:
            requests.append((text, list(data.entity_types)))
        if data.relation_types and x.spans:
            heads = sorted({" ".join(x.words[s:e + 1]) for s, e, _ in x.spans})[:3]
            requests.append((relation_text(text), [f"{h}{RELATION_SEPARATOR}{r}" for h in heads
                                                   for r in data.relation_types[:3]]))
    return check_parity(model, prompt_encoder, os.path.join(folder, "model.onnx"), requests) if requests else None


def model_card(report):
    s, base = report["settings"], report["base"]
    rows = [f"| dev F1 (mean) | {report['dev_before']['mean']:.4f} | {report['dev_after']['mean']:.4f} |"]
    for key in ("entities", "relations"):
        if key in report["dev_after"]:
            rows.append(f"| dev F1 {key} | {report['dev_before'].get(key, 0):.4f} | {report['dev_after'][key]:.4f} |")
    if report.get("general_before") is not None:
        rows.append(f"| CoNLL-2003 dev F1 (old types, {report['forgetting_check_sentences']} sentences) | "
                    f"{report['general_before']:.4f} | {report['general_after']:.4f} |")
    for name, t in report.get("test", {}).items():
        for key in ("entities", "relations_gold_heads"):
            if key in t["after"]:
                rows.append(f"| test F1 {key} ({name}) | {t['before'][key]['f1']:.4f} | {t['after'][key]['f1']:.4f} |")
    data = "\n".join(f"- `{f['spec']}`: {f['sentences']} sentences, sha256 `{f['sha256']}`" for f in report["data"])
    return f"""# {report['name']}

Fine-tuned by `bin/corpusgraph finetune` (training/finetune.py) on {report['finished_at']}, from
`{base['model_name']}` (`{base['folder']}`, model.onnx sha256 `{base['model_onnx_sha256']}`).

- Entity types: {', '.join(report['entity_types']) or '-'}
- Relation types: {', '.join(report['relation_types']) or '-'}
- Method: {report['model']['trained']} ({report['model']['trainable_parameters']:,} trainable of
  {report['model']['total_parameters']:,} parameters); fusion alpha {s['fusion_alpha']:g}; general data share
  {s['general_share']:g}; {report['training']['steps']} steps, kept epoch {report['training']['kept']['epoch']}
  (--keep {s['keep']}), {report['training']['seconds'] / 60:.1f} min of training
- {report['dev_note']}

| score | base | fine-tuned |
|---|---|---|
{chr(10).join(rows)}

Data:
{data}

Prompt the model with the types above (lower case, as trained). Settings and the per-epoch log:
`finetune.json`. The model inherits the base model's licence and limits (its MODEL_CARD.md).
"""


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(max(1, args.threads))
    log = (lambda _: None) if args.quiet else (lambda line: print(line, flush=True))
    started = time.time()
    settings = settings_from(args)
    base_folder = os.path.dirname(args.base) if args.base.endswith(".onnx") else args.base
    label_map = parse_label_map(args.label_map)

    model, config, tokenizer = load_model_folder(base_folder)
    with open(os.path.join(base_folder, "tokenizer.json"), encoding="utf-8") as f:
        tokenizer_json = json.load(f)
    if model.head.span_mode != "markerV0":
        raise SystemExit(f"finetune: {base_folder} is a {model.head.span_mode} model; only span (markerV0) models "
                         "can be fine-tuned")
    prompt_encoder = PromptEncoder(CachedTokenizer(tokenizer), config, token_limit(config))
    data, train_files, dev_files = load_data(args, label_map, prompt_encoder, log)
    log(f"base {config.get('model_name')} ({base_folder}); {len(data.train)} training sentences; "
        f"entity types {data.entity_types}; relation types {data.relation_types}")

    general = None
    if settings.general_share > 0:
        general = general_sampler(args.data_dir, bool(data.relation_types), args.seed)
        if general is None:
            log(f"forgetting control off: no general data under {args.data_dir}")
            settings.general_share = 0.0
        else:
            log(f"forgetting control: {settings.general_share:.0%} of each batch from {sorted(general.shares())}")
    forgetting = general_dev(args.data_dir, args.forgetting_check, args.seed)

    test_examples = {}
    for spec in args.test or []:
        examples = read_gold(spec, label_map).examples
        test_examples[spec] = examples[:args.test_limit] if args.test_limit else examples

    dev_before = dev_score(model, prompt_encoder, data)
    general_before = entity_scores(model, prompt_encoder, *forgetting)["f1"] if forgetting else None
    tests = {spec: {"sentences": len(x), "before": test_scores(model, prompt_encoder, x, data.entity_types,
                                                               data.relation_types)}
             for spec, x in test_examples.items()}
    log(f"base model: dev F1 {dev_before['mean']:.4f}"
        + (f", CoNLL-2003 dev F1 {general_before:.4f}" if forgetting else "")
        + "".join(f", test entity F1 {t['before']['entities']['f1']:.4f} ({spec})" for spec, t in tests.items()
                  if "entities" in t["before"]))

    model_info = prepare_model(model, settings)
    log(f"training {model_info['trained']}: {model_info['trainable_parameters']:,} trainable of "
        f"{model_info['total_parameters']:,} parameters; fusion alpha {settings.fusion_alpha:g}")
    training = Finetuner(model, prompt_encoder, data, settings, general, log).run()

    exported = merged_copy(model)
    dev_after = dev_score(exported, prompt_encoder, data)
    general_after = entity_scores(exported, prompt_encoder, *forgetting)["f1"] if forgetting else None
    for spec, t in tests.items():
        t["after"] = test_scores(exported, prompt_encoder, test_examples[spec], data.entity_types, data.relation_types)
    name = args.name or os.path.basename(os.path.normpath(args.output))
    export_model_folder(exported, name, tokenizer_json, args.output)
    gliner_path = os.path.join(args.output, "gliner_config.json")
    with open(gliner_path, encoding="utf-8") as f:
        gliner = json.load(f)
    gliner["fusion_alpha"] = settings.fusion_alpha
    gliner["finetuned_from"] = config.get("model_name")
    with open(gliner_path, "w", encoding="utf-8") as f:
        json.dump(gliner, f, indent=2)
        f.write("\n")
    quantized = None
    if not args.no_quantize:
        import quantize
        quantized = quantize.write_shipped_graphs(args.output)
    # on the graph as shipped (fp16 storage, factored span head)
    parity_result = parity(exported, prompt_encoder, args.output, data, args.parity) if args.parity else None

    report = {
        "name": name,
        "finished_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "base": {"folder": os.path.abspath(base_folder), "model_name": config.get("model_name"),
                 "model_onnx_sha256": sha256(os.path.join(base_folder, "model.onnx"))},
        "data": [{"spec": f.spec, "role": role, "sentences": len(f.examples), "sha256": f.sha256(),
                  "entities_off_word_boundaries": f.skipped_entities}
                 for role, files in (("train", train_files), ("dev", dev_files)) for f in files],
        "label_map": label_map, "entity_types": data.entity_types, "relation_types": data.relation_types,
        "dev_note": data.dev_note, "train_sentences": len(data.train), "dev_sentences": len(data.dev),
        "settings": settings.to_json(), "model": model_info,
        "dev_before": dev_before, "dev_after": dev_after,
        "general_before": general_before, "general_after": general_after,
        "forgetting_check_sentences": len(forgetting[0]) if forgetting else 0,
        "test": tests, "training": training, "parity": parity_result, "quantized": quantized,
        "minutes": round((time.time() - started) / 60, 2), "threads": torch.get_num_threads(),
    }
    with open(os.path.join(args.output, "finetune.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    with open(os.path.join(args.output, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write(model_card(report))
    log(f"dev F1 {dev_before['mean']:.4f} -> {dev_after['mean']:.4f}"
        + (f"; CoNLL-2003 dev F1 {general_before:.4f} -> {general_after:.4f}" if forgetting else "")
        + f"; wrote {args.output} in {report['minutes']:.1f} min")
    return report


if __name__ == "__main__":
    main()
