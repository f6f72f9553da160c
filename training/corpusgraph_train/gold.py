"""Gold files in EvaluateJob's formats (jobs/src/main/java/io/corpusgraph/jobs/evaluate), as training data.

`read_gold("conll:/data/train.txt", label_map)` -> [datasets.Example] with lower-cased, label-mapped types:

  conll  one token per line, the BIO tag in the LAST column (tab-separated, or whitespace when a line has
         no tab), blank line between sentences, -DOCSTART- lines ignored; an I- tag that does not continue
         an entity of its type starts one (ConllReader.java, conll.py)
  spert  JSON list of {tokens, entities: [{type, start, end (exclusive)}], relations: [{type, head, tail}]}
         (SpertReader.java)
  jsonl  one {text, entities: [{start, end (exclusive), label|type}], relations: [{head, tail, label|type}]}
         per line, code-point offsets; words by GLiNER's regex; an entity not on word boundaries cannot be
         learnt by a word-level model and is skipped (counted; EvaluateJob counts it as missed)
"""

import hashlib
import json
from dataclasses import dataclass, field

from .conll import _spans
from .datasets import Example
from .processing import split_words

FORMATS = ("conll", "spert", "jsonl")


def lower(label):
    return label.strip().lower()


def parse_label_map(pairs):
    """["GOLD=LABEL", ...] -> {gold (lower): label (lower)}, as EvaluateJob's LabelMapping."""
    mapping = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise ValueError(f"--label-map {pair!r}: expected GOLD=LABEL")
        gold, label = pair.split("=", 1)
        if not gold.strip() or not label.strip():
            raise ValueError(f"--label-map {pair!r}: expected GOLD=LABEL")
        mapping[lower(gold)] = lower(label)
    return mapping


@dataclass
class GoldFile:
    spec: str
    format: str
    path: str
    examples: list = field(default_factory=list)
    skipped_entities: int = 0   # jsonl entities off word boundaries

    def sha256(self):
        digest = hashlib.sha256()
        with open(self.path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()


def split_spec(spec):
    """"conll:/data/x.txt" -> ("conll", "/data/x.txt")."""
    fmt, _, path = spec.partition(":")
    fmt = fmt.strip().lower()
    if fmt not in FORMATS or not path.strip():
        raise ValueError(f"{spec!r}: expected FORMAT:PATH with FORMAT one of {', '.join(FORMATS)}, "
                         "e.g. conll:data/train.txt")
    return fmt, path.strip()


def read_gold(spec, label_map=None):
    fmt, path = split_spec(spec)
    rename = lambda t: (label_map or {}).get(lower(t), lower(t))  # noqa: E731
    gold = GoldFile(spec, fmt, path)
    with open(path, encoding="utf-8") as f:
        if fmt == "conll":
            gold.examples = _read_conll(f, rename)
        elif fmt == "spert":
            gold.examples = _read_spert(f, rename)
        else:
            gold.examples, gold.skipped_entities = _read_jsonl(f, rename)
    return gold


def _read_conll(lines, rename):
    examples, words, tags = [], [], []

    def flush():
        if words:
            examples.append(Example(list(words), [(s, e, rename(t)) for s, e, t in _spans(list(tags))]))
        words.clear()
        tags.clear()

    for number, line in enumerate(lines, 1):
        line = line.rstrip("\n")
        fields = line.split("\t") if "\t" in line else line.split()
        if not line.strip() or fields[0] == "-DOCSTART-":
            flush()
            continue
        if len(fields) < 2:
            raise ValueError(f"line {number}: expected a token and a BIO tag, got {line!r}")
        tag = fields[-1].strip()
        if tag != "O" and not tag.startswith(("B-", "I-")):
            raise ValueError(f"line {number}: tag {tag!r} is not O, B-type or I-type")
        words.append(fields[0])
        tags.append(tag)
    flush()
    return examples


def _relations(record, entities, rename):
    relations = []
    for r in record.get("relations") or []:
        head, tail = entities[r["head"]], entities[r["tail"]]
        relations.append(((head[0], head[1]), rename(r.get("type", r.get("label"))), (tail[0], tail[1])))
    return relations


def _read_spert(f, rename):
    examples = []
    for record in json.load(f):
        words = [str(t) for t in record["tokens"]]
        entities = [(e["start"], e["end"] - 1, rename(e["type"])) for e in record.get("entities") or []]
        for s, e, _ in entities:
            if not 0 <= s <= e < len(words):
                raise ValueError(f"entity [{s}, {e + 1}) is not within the {len(words)} tokens")
        examples.append(Example(words, entities, _relations(record, entities, rename)))
    return examples


def _read_jsonl(f, rename):
    examples, skipped = [], 0
    for line in f:
        if not line.strip():
            continue
        record = json.loads(line)
        text = record["text"]
        offsets = split_words(text)
        starts = {s: i for i, (s, _) in enumerate(offsets)}
        ends = {e: i for i, (_, e) in enumerate(offsets)}
        entities, aligned = [], []
        for entity in record.get("entities") or []:
            label = rename(entity.get("label", entity.get("type")))
            if entity["start"] in starts and entity["end"] in ends:
                span = (starts[entity["start"]], ends[entity["end"]], label)
                aligned.append(span)
            else:
                span = None
                skipped += 1
            entities.append(span)
        relations = [r for r in _relations(record, [e or (-1, -1, "") for e in entities], rename)
                     if r[0][0] >= 0 and r[2][0] >= 0]
        examples.append(Example([text[s:e] for s, e in offsets], aligned, relations))
    return examples, skipped


def types_of(examples):
    """(entity types, relation types), sorted, as found in the examples."""
    entity_types = sorted({t for x in examples for _, _, t in x.spans})
    relation_types = sorted({r for x in examples for _, r, _ in x.relations})
    return entity_types, relation_types
