"""k-shot learning curves of `finetune` on ner-dev (issue 16's evidence): zero-shot vs LoRA vs full vs LoRA + fusion.

For each set, k and seed: k sentences per type sampled from the set's TRAIN split (greedy: a type's
sentences are drawn until it has k; a sentence counts for every type it holds), written as a conll
file, fine-tuned with training/finetune.py (dev = its held-out share of the sample: a real few-shot
user has no other dev data), scored on the set's TEST split (--test-limit sentences); zero-shot = the
base model's score on the same test sentences. Never trains on a test split. To choose a recipe,
--score-on dev scores on the set's dev split instead (re3d has none: its train sentences outside the
run's sample), so the test splits stay unseen until the recipe is fixed.

  /usr/bin/python3 training/kshot_curves.py --out training/runs/kshot                 # the full grid
  /usr/bin/python3 training/kshot_curves.py --sets re3d --k 10 --seeds 1 --methods lora --test-limit 100
  /usr/bin/python3 training/kshot_curves.py --out training/runs/kdev --score-on dev --k 10 --seeds 1 --methods lora \
      --test-limit 200 -- --min-steps 100                                          # a recipe choice, on dev

  /usr/bin/python3 training/kshot_curves.py --out training/runs/kshot --rescore --test-limit 0   # whole test splits

Writes OUT/results.jsonl (one line per run, appended: a rerun skips the runs already there),
OUT/summary.md (mean ± sd per set, k, method) and OUT/kshot.png when matplotlib is installed
(otherwise OUT/kshot.svg, drawn here).
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import random
import statistics
import sys
import time

TRAINING = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, TRAINING)

from corpusgraph_train.default_setup import DATA_DIR, ROOT  # noqa: E402

NER_DEV = os.path.join(DATA_DIR, "ner-dev")
BASE = os.path.join(ROOT, "sample-data", "models", "corpusgraph-bge-small-v1")

# set -> (train file, dev file or None, test file, gold type -> readable label); a set without a dev split
# (re3d) is scored, with --score-on dev, on train sentences outside the run's sample
SETS = {
    "re3d": ("re3d/re3d-train.conll", None, "re3d/re3d-test.conll", {
        "DocumentReference": "document reference", "Location": "location", "MilitaryPlatform": "military platform",
        "Money": "money", "Nationality": "nationality", "Organisation": "organization", "Person": "person",
        "Quantity": "quantity", "Temporal": "temporal expression", "Weapon": "weapon"}),
    "harveyner": ("harveyner/tweets.train.bio", "harveyner/tweets.dev.bio", "harveyner/tweets.test.bio", {
        "POINT": "point location", "AREA": "area", "ROAD": "road", "RIVER": "river"}),
    "scierc": ("scierc/train.json", "scierc/dev.json", "scierc/test.json", {
        "Task": "task", "Method": "method", "Metric": "metric", "Material": "material",
        "OtherScientificTerm": "other scientific term", "Generic": "generic"}),
    "wnut16": ("wnut16/train", "wnut16/dev", "wnut16/test", {
        "company": "company", "facility": "facility", "geo-loc": "geographic location", "movie": "movie",
        "musicartist": "music artist", "other": "other", "person": "person", "product": "product",
        "sportsteam": "sports team", "tvshow": "tv show"}),
}
METHODS = {"lora": [], "full": ["--method", "full"], "lora+fusion": ["--fusion-alpha", "0.5"]}


def read_sentences(path):
    """[(words, tags)] from a BIO file (tag in the last column) or SciERC's DyGIE JSON lines."""
    if path.endswith(".json"):
        sentences = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                doc = json.loads(line)
                offset = 0
                for words, spans in zip(doc["sentences"], doc["ner"]):
                    tags = ["O"] * len(words)
                    for s, e, t in spans:
                        s, e = s - offset, e - offset
                        tags[s] = "B-" + t
                        for i in range(s + 1, e + 1):
                            tags[i] = "I-" + t
                    sentences.append((words, tags))
                    offset += len(words)
        return sentences
    sentences, words, tags = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in list(f) + [""]:
            fields = line.rstrip("\n").split("\t") if "\t" in line else line.split()
            if not line.strip() or fields[0] == "-DOCSTART-":
                if words:
                    sentences.append((words, tags))
                words, tags = [], []
                continue
            words.append(fields[0])
            tags.append(fields[-1])
    return sentences


def types_in(tags):
    return {t[2:] for t in tags if t.startswith("B-") or t.startswith("I-")}


def sample_k(sentences, k, seed):
    """k sentences per type (greedy, seeded): the usual few-shot sampling."""
    rng = random.Random(seed)
    order = list(range(len(sentences)))
    rng.shuffle(order)
    counts, chosen = {}, []
    all_types = sorted(set().union(*(types_in(t) for _, t in sentences)))
    for kind in all_types:
        for i in order:
            if counts.get(kind, 0) >= k:
                break
            if i not in chosen and kind in types_in(sentences[i][1]):
                chosen.append(i)
                for t in types_in(sentences[i][1]):
                    counts[t] = counts.get(t, 0) + 1
    return [sentences[i] for i in sorted(chosen)]


def sentences_to_score(name, train, sample, score_on, k, seed):
    """(sentences, file stem) a run is scored on: the set's test split, or with score_on="dev" its dev split,
    or, for a set without one, its train sentences outside the k, seed sample (seeded order, never trained
    on; the stem names the sample, as the split files' stems name only the set)."""
    _, dev_file, test_file, _ = SETS[name]
    if score_on == "test":
        return read_sentences(os.path.join(NER_DEV, test_file)), f"{name}-test"
    if dev_file:
        return read_sentences(os.path.join(NER_DEV, dev_file)), f"{name}-dev"
    chosen = {id(x) for x in sample}
    rest = [x for x in train if id(x) not in chosen]
    random.Random(seed).shuffle(rest)
    return rest, f"{name}-k{k}-s{seed}-outside-sample-dev"


def write_conll(sentences, path):
    with open(path, "w", encoding="utf-8") as f:
        for words, tags in sentences:
            for w, t in zip(words, tags):
                f.write(f"{w}\t{t}\n")
            f.write("\n")


def run_one(args, name, k, seed, method, work):
    import finetune
    train_file, _, _, labels = SETS[name]
    train = read_sentences(os.path.join(NER_DEV, train_file))
    sample = sample_k(train, k, seed)
    train_path = os.path.join(work, f"{name}-k{k}-s{seed}.conll")
    write_conll(sample, train_path)
    scored, stem = sentences_to_score(name, train, sample, args.score_on, k, seed)
    test_path = os.path.join(work, f"{stem}.conll")
    if not os.path.exists(test_path):
        write_conll(scored, test_path)
    argv = ["--base", args.base, "--train", f"conll:{train_path}", "--test", f"conll:{test_path}",
            "--test-limit", str(args.test_limit), "--output", os.path.join(work, f"{name}-k{k}-s{seed}-{method}"),
            "--epochs", str(args.epochs), "--max-minutes", str(args.max_minutes), "--seed", str(seed),
            "--no-quantize", "--parity", "0", "--forgetting-check", str(args.forgetting_check),
            "--threads", str(args.threads)] + METHODS[method] + args.extra
    for gold, label in labels.items():
        argv += ["--label-map", f"{gold}={label}"]
    started = time.time()
    report = finetune.main(argv)
    test = next(iter(report["test"].values()))
    return {"set": name, "k": k, "seed": seed, "method": method, "sentences": len(sample),
            "zero_shot_f1": test["before"]["entities"]["f1"], "f1": test["after"]["entities"]["f1"],
            "scored_on": args.score_on, "test_sentences": test["sentences"],
            "trainable_parameters": report["model"]["trainable_parameters"],
            "train_minutes": round(report["training"]["seconds"] / 60, 2),
            "minutes": round((time.time() - started) / 60, 2), "steps": report["training"]["steps"],
            "general_before": report["general_before"], "general_after": report["general_after"],
            "settings": report["settings"]}


def scored_examples(out, name, run, limit):
    """The gold sentences run `run` (a folder under out) was scored on, its finetune.json's --test file (a
    stored path may be relative to another directory: the file is looked up in out), with the set's readable
    labels; the first `limit` (0: all). Returns (examples, the run's entity types)."""
    from corpusgraph_train.gold import parse_label_map, read_gold
    with open(os.path.join(out, run, "finetune.json"), encoding="utf-8") as f:
        report = json.load(f)
    path = os.path.join(out, os.path.basename(next(iter(report["test"])).split(":", 1)[1]))
    labels = parse_label_map([f"{gold}={label}" for gold, label in SETS[name][3].items()])
    examples = read_gold(f"conll:{path}", labels).examples
    return (examples[:limit] if limit else examples), report["entity_types"]


def rescore(args):
    """Scores the runs of --sets and --k in OUT/results.jsonl again, and each set's base model once, on the
    run's scored split at --test-limit (0: the whole split), with no training: OUT/rescored-{limit}.jsonl
    (resumable) and its summary and chart in OUT/rescored-{limit}/. A run's first scoring may have read only
    the split's first sentences; this gives the figures for the whole split from the same models."""
    from corpusgraph_train.default_setup import CachedTokenizer
    from corpusgraph_train.evaluation import entity_scores
    from corpusgraph_train.export import load_model_folder, token_limit
    from corpusgraph_train.processing import PromptEncoder
    import torch
    torch.set_num_threads(max(1, args.threads))
    tag = f"rescored-{args.test_limit or 'all'}"
    path = os.path.join(args.out, f"{tag}.jsonl")
    results = [json.loads(line) for line in open(os.path.join(args.out, "results.jsonl"), encoding="utf-8")]
    done = [json.loads(line) for line in open(path, encoding="utf-8")] if os.path.exists(path) else []
    keys = {(r["set"], r["k"], r["seed"], r["method"]) for r in done}
    zero_shot = {}

    def f1(folder, examples, types):
        model, config, tokenizer = load_model_folder(folder)
        encoder = PromptEncoder(CachedTokenizer(tokenizer), config, token_limit(config))
        return entity_scores(model, encoder, examples, types)["f1"]

    for r in results:
        key = (r["set"], r["k"], r["seed"], r["method"])
        if key in keys or r["set"] not in args.sets.split(",") or str(r["k"]) not in args.k.split(","):
            continue
        run = f"{r['set']}-k{r['k']}-s{r['seed']}-{r['method']}"
        examples, types = scored_examples(args.out, r["set"], run, args.test_limit)
        base_key = (r["set"], len(examples), tuple(types))
        if base_key not in zero_shot:
            zero_shot[base_key] = f1(args.base, examples, types)
        line = dict(r, zero_shot_f1=zero_shot[base_key], f1=f1(os.path.join(args.out, run), examples, types),
                    test_sentences=len(examples))
        print(json.dumps(line), flush=True)
        done.append(line)
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(line) + "\n")
    os.makedirs(os.path.join(args.out, tag), exist_ok=True)
    print(summarize(done, os.path.join(args.out, tag)))


def summarize(results, out):
    groups = {}
    for r in results:
        groups.setdefault((r["set"], r["k"], "zero-shot"), []).append(r["zero_shot_f1"])
        groups.setdefault((r["set"], r["k"], r["method"]), []).append(r["f1"])
    lines = ["| set | k | method | test F1 (mean ± sd) | runs |", "|---|---|---|---|---|"]
    for (name, k, method), values in sorted(groups.items()):
        sd = statistics.stdev(values) if len(values) > 1 else 0.0
        lines.append(f"| {name} | {k} | {method} | {100 * statistics.mean(values):.1f} ± {100 * sd:.1f} | {len(values)} |")
    with open(os.path.join(out, "summary.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    draw(groups, out)
    return "\n".join(lines)


def draw(groups, out):
    """One panel per set: mean F1 against k per method (matplotlib, or a plain SVG without it)."""
    sets = sorted({s for s, _, _ in groups})
    methods = sorted({m for _, _, m in groups})
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return _draw_svg(groups, sets, methods, os.path.join(out, "kshot.svg"))
    fig, axes = plt.subplots(1, len(sets), figsize=(4 * len(sets), 3.2), squeeze=False)
    for ax, name in zip(axes[0], sets):
        for method in methods:
            ks = sorted(k for s, k, m in groups if s == name and m == method)
            means = [100 * statistics.mean(groups[(name, k, method)]) for k in ks]
            sds = [100 * statistics.stdev(groups[(name, k, method)]) if len(groups[(name, k, method)]) > 1 else 0
                   for k in ks]
            ax.errorbar(ks, means, yerr=sds, marker="o", capsize=3, label=method)
        ax.set_title(name)
        ax.set_xlabel("k (examples per type)")
        ax.set_ylabel("test F1")
        ax.set_xscale("log")
    axes[0][0].legend()
    fig.tight_layout()
    fig.savefig(os.path.join(out, "kshot.png"), dpi=120)


def _draw_svg(groups, sets, methods, path):
    colors = ["#444444", "#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
    width, height, pad = 260, 200, 35
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * len(sets)}" height="{height + 40}" '
             'font-family="sans-serif" font-size="10">']
    all_k = sorted({k for _, k, _ in groups})
    xs = {k: pad + i * (width - 2 * pad) / max(1, len(all_k) - 1) for i, k in enumerate(all_k)}

    def to_y(f1):  # an F1 in [0, 1] (clipped) to the panel's y coordinate
        return 20 + (height - 40) * (1 - min(1.0, max(0.0, f1)))
    for p, name in enumerate(sets):
        x0 = p * width
        parts.append(f'<text x="{x0 + width / 2}" y="12" text-anchor="middle">{name} (test F1 vs k)</text>')
        parts.append(f'<rect x="{x0 + pad}" y="20" width="{width - 2 * pad}" height="{height - 40}" fill="none" stroke="#999"/>')
        for k, x in xs.items():
            parts.append(f'<text x="{x0 + x}" y="{height - 8}" text-anchor="middle">{k}</text>')
        for tick in (0, 50, 100):
            parts.append(f'<text x="{x0 + pad - 4}" y="{to_y(tick / 100) + 3}" text-anchor="end">{tick}</text>')
        for c, method in enumerate(methods):
            values = [(k, groups[(s, k, m)]) for s, k, m in sorted(groups) if s == name and m == method]
            pts = [(x0 + xs[k], to_y(statistics.mean(v))) for k, v in values]
            for k, v in values:  # ± one standard deviation over the seeds
                mean, sd = statistics.mean(v), statistics.stdev(v) if len(v) > 1 else 0.0
                if sd > 0:
                    parts.append(f'<line x1="{x0 + xs[k]:.1f}" x2="{x0 + xs[k]:.1f}" y1="{to_y(mean - sd):.1f}" '
                                 f'y2="{to_y(mean + sd):.1f}" stroke="{colors[c % len(colors)]}"/>')
            if pts:
                parts.append(f'<polyline fill="none" stroke="{colors[c % len(colors)]}" stroke-width="1.5" points="'
                             + " ".join(f"{x:.1f},{y:.1f}" for x, y in pts) + '"/>')
                parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colors[c % len(colors)]}"/>' for x, y in pts]
    for c, method in enumerate(methods):
        parts.append(f'<text x="{10 + 120 * c}" y="{height + 30}" fill="{colors[c % len(colors)]}">■ {method}</text>')
    parts.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default=os.path.join(TRAINING, "runs", "kshot"))
    p.add_argument("--base", default=BASE)
    p.add_argument("--sets", default=",".join(SETS))
    p.add_argument("--k", default="5,10,20,50")
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--methods", default="lora,full,lora+fusion")
    p.add_argument("--test-limit", type=int, default=0, help="first N test sentences (0: all)")
    p.add_argument("--score-on", choices=["test", "dev"], default="test",
                   help="dev: score on the set's dev split (re3d: train sentences outside the sample), to choose "
                        "a recipe without looking at test")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--max-minutes", type=float, default=10.0)
    p.add_argument("--forgetting-check", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rescore", action="store_true",
                   help="train nothing: score OUT's runs (and the base) again at --test-limit (rescore())")
    p.add_argument("extra", nargs="*", help="more finetune.py options, after --")
    args = p.parse_args()
    if args.rescore:
        return rescore(args)
    os.makedirs(args.out, exist_ok=True)
    results_path = os.path.join(args.out, "results.jsonl")
    results = [json.loads(line) for line in open(results_path, encoding="utf-8")] if os.path.exists(results_path) else []
    done = {(r["set"], r["k"], r["seed"], r["method"]) for r in results}
    for name in args.sets.split(","):
        for k in [int(x) for x in args.k.split(",")]:
            for seed in range(1, args.seeds + 1):
                for method in args.methods.split(","):
                    if (name, k, seed, method) in done:
                        continue
                    result = run_one(args, name, k, seed, method, args.out)
                    print(json.dumps(result), flush=True)
                    results.append(result)
                    with open(results_path, "a", encoding="utf-8") as f:
                        f.write(json.dumps(result) + "\n")
    print(summarize(results, args.out))


if __name__ == "__main__":
    main()
