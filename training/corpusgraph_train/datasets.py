"""Readers for the corpora in ../shared/data and their readable label names.

Every reader returns `Example`s: pre-split words and gold spans (start word, end word inclusive,
readable name). NER examples carry entity spans; relation examples carry (head span, relation,
tail span) triples and are turned into prompted span instances by `sampling.relation_instance`:

  words  = the prefix's words + the text's words    (the prefix is part of the TEXT, as GLiNER runs it)
  labels = "{head text} <> {relation}"              (one per head entity and relation)
  spans  = tails, shifted by the prefix's word count

Corpus-specific names (`Peop`, `OrgBased_In`, `Component-Whole(e2,e1)`) become readable names
("person", "based in", "part of") through the tables below; SYNONYMS give other surface forms
used at training time only.
"""

import json
import os
import re
import random
from dataclasses import dataclass, field

from .conll import _spans, read_bio
from .processing import split_words

RELATION_PREFIX = "Extract relationships between entities from the text: "
RELATION_SEPARATOR = " <> "


def relation_text(text):
    """What GLiNER's relation pipeline feeds the model: prefix + " \\n " + text."""
    return f"{RELATION_PREFIX} \n {text}"


PREFIX_WORDS = [relation_text("")[s:e] for s, e in split_words(relation_text(""))]


@dataclass
class Example:
    words: list
    spans: list = field(default_factory=list)      # NER: (start, end inclusive, readable type)
    relations: list = field(default_factory=list)  # RE: ((head start, head end), relation, (tail start, tail end))
    corpus: str = ""


@dataclass
class Corpus:
    name: str
    task: str         # "ner" or "re"
    types: list       # readable names of all types (entity types, or relations)
    splits: dict      # split name -> [Example]
    notes: dict = field(default_factory=dict)  # counts worth reporting (e.g. unlocated WebNLG triples)
    partial: bool = False  # not every mention of its types is annotated (derived types): no absent-type negatives
    everywhere: bool = False  # its types are common nouns any text has (WordNet): no negative elsewhere


# corpus type -> readable name, per NER corpus
NER_TYPES = {
    "conll2003": {"person": "person", "location": "location", "organisation": "organization",
                  "misc": "miscellaneous"},
    "wnut17": {"corporation": "corporation", "creative-work": "creative work", "group": "group",
               "location": "location", "person": "person", "product": "product"},
    "bc5cdr": {"Chemical": "chemical", "Disease": "disease"},
    "ncbi_disease": {"Disease": "disease"},
    "cluener2020": {"address": "address", "book": "book", "company": "company", "game": "game",
                    "government": "government", "movie": "movie", "name": "person", "organization": "organization",
                    "position": "position", "scene": "scenic spot"},
    "conll04": {"Peop": "person", "Org": "organization", "Loc": "location", "Other": "other"},
}

# readable name -> other surface forms the model should also understand (training only)
SYNONYMS = {
    "person": ["people", "person name", "human"],
    "organization": ["organisation", "organization name"],
    "location": ["place", "location name"],
    "miscellaneous": ["misc", "other named entity"],
    "corporation": ["company", "business"],
    "creative work": ["work of art", "title of creative work"],
    "group": ["team or group"],
    "product": ["product name"],
    "chemical": ["chemical compound", "drug"],
    "disease": ["disorder", "disease name"],
    "work for": ["works for", "employed by"],
    "based in": ["headquartered in", "located in city"],
    "live in": ["lives in", "resides in"],
    "located in": ["situated in"],
    "kill": ["killed", "murdered"],
}

CONLL04_RELATIONS = {"Work_For": "work for", "Kill": "kill", "OrgBased_In": "based in", "Live_In": "live in",
                     "Located_In": "located in"}

# SemEval-2010 task 8: Relation(e1,e2) holds from e1 to e2; the readable name reads head -> tail
SEMEVAL_RELATIONS = {"Cause-Effect": "causes", "Component-Whole": "part of", "Content-Container": "contained in",
                     "Entity-Destination": "moved into", "Entity-Origin": "originates from",
                     "Instrument-Agency": "instrument used by", "Member-Collection": "member of",
                     "Message-Topic": "is about", "Product-Producer": "produced by"}

NER_FILES = {  # corpus -> split -> file name
    "conll2003": {"train": "train.txt", "dev": "dev.txt", "test": "test.txt"},
    "wnut17": {"train": "wnut17train.conll", "dev": "emerging.dev.conll", "test": "emerging.test.annotated"},
    "bc5cdr": {"train": "train.tsv", "dev": "devel.tsv", "test": "test.tsv"},
    "ncbi_disease": {"train": "train.tsv", "dev": "devel.tsv", "test": "test.tsv"},
}


def readable_relation(name):
    """`birthPlace` -> "birth place", `3rd_runway_LengthFeet` -> "3rd runway length feet"."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name.replace("_", " "))
    return " ".join(spaced.lower().split())


# ---------------------------------------------------------------------------------------------- NER

def read_bio_corpus(path, corpus, type_names):
    """CoNLL-style `token<TAB>BIO` file -> examples with readable types."""
    return [Example(s.words, [(a, b, type_names[t]) for a, b, t in s.spans], corpus=corpus)
            for s in read_bio(path)]


def read_cluener(path, type_names):
    """CLUENER JSONL (char offsets, end inclusive) -> examples over GLiNER's regex words.

    The regex keeps a run of Chinese characters as ONE word, so many entities do not start and end at
    word boundaries; a record with any such entity is dropped (a missed gold span would teach "no").
    Returns (examples, number of records dropped)."""
    examples, dropped = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            text = record["text"]
            words = split_words(text)
            word_at_start = {s: i for i, (s, _) in enumerate(words)}
            word_at_end = {e: i for i, (_, e) in enumerate(words)}
            spans, aligned = [], True
            for kind, mentions in record["label"].items():
                for offsets in mentions.values():
                    for start, end in offsets:
                        if start in word_at_start and end + 1 in word_at_end:
                            spans.append((word_at_start[start], word_at_end[end + 1], type_names[kind]))
                        else:
                            aligned = False
            if aligned and words:
                examples.append(Example([text[s:e] for s, e in words], sorted(spans), corpus="cluener2020"))
            else:
                dropped += 1
    return examples, dropped


def read_columns(path, corpus, type_names):
    """Column files with the token first and its BIO (or IO) tag last, split on tabs when the line has
    one, else on spaces: `token<TAB>BIO`, `token _ _ BIO` (MultiCoNER II, whose `# id ...` lines are
    skipped), `token<TAB>start<TAB>end<TAB>BIO` (AnEM), `token BIO` with IO tags (wikigold: `I-X` starts
    an entity too, so two adjacent entities of one type read as one). `-DOCSTART-` lines are skipped."""
    examples, words, tags = [], [], []

    def flush():
        if words:
            examples.append(Example(list(words), [(a, b, type_names[t]) for a, b, t in _bio_spans(tags)],
                                    corpus=corpus))
        words.clear()
        tags.clear()

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                flush()
                continue
            if line.startswith("# id ") or line.startswith("-DOCSTART-"):
                continue
            fields = line.split("\t") if "\t" in line else line.split()
            words.append(fields[0])
            tags.append(fields[-1])
    flush()
    return examples


def _bio_spans(tags):
    return _spans(tags)


# ----------------------------------------------------------------------------------------------- RE

def read_spert(path, corpus, entity_names, relation_names):
    """SpERT JSON (CoNLL04): entities (end exclusive) and relations indexing into them.

    Each record gives one RE example (entities kept as candidate heads) and one NER example, so the
    model can also find the heads it is later prompted with."""
    relation_examples, entity_examples = [], []
    with open(path, encoding="utf-8") as f:
        for record in json.load(f):
            entities = [(e["start"], e["end"] - 1) for e in record["entities"]]
            relations = [(entities[r["head"]], relation_names[r["type"]], entities[r["tail"]])
                         for r in record["relations"]]
            words = record["tokens"]
            spans = [(s, e, entity_names[x["type"]]) for (s, e), x in zip(entities, record["entities"])]
            relation_examples.append(Example(words, spans, relations, corpus=corpus))
            entity_examples.append(Example(words, spans, corpus=corpus))
    return relation_examples, entity_examples


def find_words(words, mention_words, used=()):
    """First (start, end inclusive) where mention_words occur in words, preferring spans not in used."""
    n = len(mention_words)
    found = [(i, i + n - 1) for i in range(len(words) - n + 1) if n and words[i:i + n] == mention_words]
    fresh = [span for span in found if span not in used]
    return (fresh or found or [None])[0]


def read_webnlg(path):
    """WebNLG triples (mentions as strings) -> examples with the mentions located in the text's words.

    Returns (examples, triples seen, triples whose subject or object is not in the text)."""
    with open(path, encoding="utf-8") as f:
        records = json.load(f)
    examples, total, unlocated = [], 0, 0
    for record in records:
        text = record["text"]
        words = [text[s:e] for s, e in split_words(text)]
        relations = []
        for subject, relation, obj in record["triple_list"]:
            total += 1
            head = find_words(words, _words(subject))
            tail = find_words(words, _words(obj), used={head})
            if head is None or tail is None:
                unlocated += 1
                continue
            relations.append((head, readable_relation(relation), tail))
        if relations:
            examples.append(Example(words, relations=relations, corpus="webnlg"))
    return examples, total, unlocated


def _words(text):
    return [text[s:e] for s, e in split_words(text)]


_SEMEVAL_TAG = re.compile(r"</?e[12]>")


def read_semeval(path):
    """SemEval-2010 task 8 (`N<TAB>"... <e1>x</e1> ... <e2>y</e2> ..."`, then the relation line).

    `Rel(e2,e1)` is turned around so the head is always the relation's first argument; `Other`
    gives an example with no relation (the model must say no to every label). The two marked
    mentions are kept as spans of type "entity": the candidate heads."""
    examples = []
    with open(path, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f]
    for i, line in enumerate(lines):
        match = re.match(r'^\d+\t"(.*)"$', line)
        if not match:
            continue
        tagged, relation = match.group(1), lines[i + 1].strip()
        # spaces around the tags keep the tagged mentions separate words
        words = _words(re.sub(r"(</?e[12]>)", r" \1 ", tagged))
        spans, clean = {}, []
        for word in _tag_scan(words):
            if word in ("<e1>", "<e2>"):
                spans[word[2]] = [len(clean), None]
            elif word in ("</e1>", "</e2>"):
                spans[word[3]][1] = len(clean) - 1
            else:
                clean.append(word)
        head_tail = _semeval_direction(relation)
        relations = []
        if head_tail:
            name, head, tail = head_tail
            relations.append((tuple(spans[head]), name, tuple(spans[tail])))
        mentions = [(start, end, "entity") for start, end in spans.values()]
        examples.append(Example(clean, mentions, relations, corpus="semeval2010_task8"))
    return examples


def _tag_scan(words):
    """Re-joins the `<`, `e1`, `>` pieces the word regex makes of a tag."""
    i = 0
    while i < len(words):
        for size in (4, 3):  # "<", "/", "e1", ">"  or  "<", "e1", ">"
            joined = "".join(words[i:i + size])
            if _SEMEVAL_TAG.fullmatch(joined):
                yield joined
                i += size
                break
        else:
            yield words[i]
            i += 1


def _semeval_direction(relation):
    """"Cause-Effect(e2,e1)" -> ("causes", "2", "1"); "Other" -> None."""
    match = re.match(r"^([A-Za-z-]+)\(e([12]),e([12])\)$", relation)
    if not match:
        return None
    return SEMEVAL_RELATIONS[match.group(1)], match.group(2), match.group(3)


# ----------------------------------------------------------------------------------------- loading

def load_corpora(data_dir, splits=("train", "dev", "test")):
    """All corpora of ../shared/data as {name: Corpus}."""
    corpora = {}
    for name, files in NER_FILES.items():
        types = NER_TYPES[name]
        corpora[name] = Corpus(name, "ner", sorted(set(types.values())), {
            split: read_bio_corpus(os.path.join(data_dir, "ner", name, files[split]), name, types)
            for split in splits if split in files})
    cluener = Corpus("cluener2020", "ner", sorted(set(NER_TYPES["cluener2020"].values())), {})
    for split in splits:
        path = os.path.join(data_dir, "ner", "cluener2020", f"{split}.jsonl")
        if os.path.exists(path):
            cluener.splits[split], dropped = read_cluener(path, NER_TYPES["cluener2020"])
            cluener.notes[f"{split} records dropped (entity inside a word)"] = dropped
    corpora["cluener2020"] = cluener

    conll04 = Corpus("conll04", "re", sorted(CONLL04_RELATIONS.values()), {})
    conll04_entities = Corpus("conll04_entities", "ner", sorted(set(NER_TYPES["conll04"].values())), {})
    for split in splits:
        path = os.path.join(data_dir, "re", "conll04", f"conll04_{split}.json")
        conll04.splits[split], conll04_entities.splits[split] = read_spert(
            path, "conll04", NER_TYPES["conll04"], CONLL04_RELATIONS)
    corpora["conll04"], corpora["conll04_entities"] = conll04, conll04_entities

    webnlg = Corpus("webnlg", "re", [], {})
    for split, file in (("train", "train_triples.json"), ("dev", "val_triples.json")):
        if split in splits:
            webnlg.splits[split], total, unlocated = read_webnlg(os.path.join(data_dir, "re", "webnlg", file))
            webnlg.notes[f"{split} triples not located in the text"] = f"{unlocated} of {total}"
    with open(os.path.join(data_dir, "re", "webnlg", "rel2id.json"), encoding="utf-8") as f:
        webnlg.types = sorted({readable_relation(name) for name in json.load(f)[0]})
    corpora["webnlg"] = webnlg

    semeval = Corpus("semeval2010_task8", "re", sorted(SEMEVAL_RELATIONS.values()), {})
    for split, file in (("train", "TRAIN_FILE.TXT"), ("test", "TEST_FILE_FULL.TXT")):
        if split in splits:
            semeval.splits[split] = read_semeval(os.path.join(data_dir, "re", "semeval2010_task8", file))
    corpora["semeval2010_task8"] = semeval
    return corpora


# ------------------------------------------------------------------------------- v2: all corpora

# corpus -> split -> file names (concatenated), for the corpora v2 adds
V2_NER_FILES = {
    "multiconer2_en": {"train": ["en-train90.conll", "en-train10.conll"], "dev": ["en-dev.conll"]},
    "bionlp13cg": {"train": ["train.tsv"], "dev": ["devel.tsv"], "test": ["test.tsv"]},
    "bionlp13pc": {"train": ["train.tsv"], "dev": ["devel.tsv"], "test": ["test.tsv"]},
    "craft": {"train": ["train.tsv"], "dev": ["devel.tsv"], "test": ["test.tsv"]},
    "linnaeus": {"train": ["train.tsv"], "dev": ["devel.tsv"], "test": ["test.tsv"]},
    "bc2gm": {"train": ["train.tsv"], "dev": ["devel.tsv"], "test": ["test.tsv"]},
    "anatem": {"train": ["train.tsv"], "dev": ["devel.tsv"], "test": ["test.tsv"]},
    "anem": {"train": ["AnEM.train"], "test": ["AnEM.test"]},
    "btc": {"train": ["a.conll", "b.conll", "e.conll", "f.conll", "g.conll", "h.conll"]},  # no split given
    "wikigold": {"train": ["wikigold.conll.txt"]},                                         # no split given
}


def webnlg_entities(examples, roles):
    """NER examples from located WebNLG triples: the subject and object typed by the relation's DBpedia
    domain and range (`roles`: relation -> (subject name, object name), None for no type). A mention
    typed by several triples keeps every name (a writer is also a person). Partial annotation: other
    mentions in the text are not typed. Relations are matched by their readable form."""
    by_readable = {readable_relation(name): names for name, names in roles.items()}
    result = []
    for example in examples:
        spans = set()
        for head, relation, tail in example.relations:
            subject, obj = by_readable.get(relation, (None, None))
            if subject:
                spans.add((head[0], head[1], subject))
            if obj:
                spans.add((tail[0], tail[1], obj))
        if spans:
            result.append(Example(example.words, sorted(spans), corpus="webnlg_entities"))
    return result


def refine_other(examples, name_of):
    """CoNLL04 entity examples with every `other` mention also typed by `name_of(text)` (money, date, ...)
    when a rule says; the `other` span stays. Returns (examples, {name: count})."""
    counts, result = {}, []
    for example in examples:
        spans = list(example.spans)
        for s, e, label in example.spans:
            name = name_of(" ".join(example.words[s:e + 1])) if label == "other" else None
            if name:
                spans.append((s, e, name))
                counts[name] = counts.get(name, 0) + 1
        result.append(Example(example.words, sorted(spans), corpus=example.corpus))
    return result, counts


# the corpora whose train text the WordNet labeller reads: general English, every one shippable
WORDNET_SOURCES = ("conll2003", "wnut17", "multiconer2_en", "btc", "wikigold", "conll04_entities",
                   "semeval2010_task8")
WORDNET_MAX_NAMES = 20  # names per sentence at most (a prompt holds up to 30 labels)
WORDNET_MIN_COUNT = 20  # a name this frequent is also drawn as an absent type (a negative) for the corpus


def wordnet_types(corpora, wordnet, sources=WORDNET_SOURCES, seed=0, common_nouns=True):
    """Corpus `wordnet_types`: the train sentences of `sources` labelled by `wordnet.label_sentence` (gold
    names of the source typed as WordNet instances, common nouns by their hypernyms unless
    common_nouns=False). Names the supervised corpora use are never given, except date / time / quantity / nationality (sampling.EVERYWHERE_KINDS),
    which those annotate on any expression. A sentence with more than WORDNET_MAX_NAMES names keeps
    a random WORDNET_MAX_NAMES of them (seeded). Partial and `everywhere`; its types are the names seen at
    least WORDNET_MIN_COUNT times, which its sentences draw as absent types."""
    from .label_names import kind_of
    from .sampling import EVERYWHERE_KINDS
    from .wordnet import label_sentence
    rng = random.Random(seed)
    blocked = {t for c in corpora.values() if c.task == "ner" for t in c.types if not kind_of(t) & EVERYWHERE_KINDS}
    examples, counts = [], {}
    for source in sources:
        if source not in corpora:
            continue
        for example in corpora[source].splits.get("train", []):
            gold = example.spans if corpora[source].task == "ner" else []
            spans = label_sentence(wordnet, example.words, gold, blocked, common_nouns)
            names = sorted({name for _, _, name in spans})
            if len(names) > WORDNET_MAX_NAMES:
                keep = set(rng.sample(names, WORDNET_MAX_NAMES))
                spans = [x for x in spans if x[2] in keep]
            if spans:
                examples.append(Example(example.words, spans, corpus="wordnet_types"))
                for name in {x[2] for x in spans}:
                    counts[name] = counts.get(name, 0) + 1
    frequent = sorted(name for name, n in counts.items() if n >= WORDNET_MIN_COUNT)
    return Corpus("wordnet_types", "ner", frequent, {"train": examples},
                  notes={"names": len(counts), "frequent names": len(frequent), "sentences": len(examples)},
                  partial=True, everywhere=True)


def without_handles(examples):
    """Examples with no span that is a user handle (`@name`): BTC types handles as person or organization,
    WNUT-17 (a supervised target, 6 of its 1950 handles typed) and WNUT-16 do not. Returns (examples, count
    of spans dropped)."""
    dropped, result = 0, []
    for example in examples:
        spans = [x for x in example.spans if not all(w.startswith("@") for w in example.words[x[0]:x[1] + 1])]
        dropped += len(example.spans) - len(spans)
        result.append(Example(example.words, spans, corpus=example.corpus))
    return result, dropped


def load_v2_corpora(data_dir, splits=("train", "dev", "test"), shipped=True, wordnet=None, wordnet_nouns=True):
    """Every corpus v2 trains on, as {name: Corpus}: v1's corpora (load_corpora), the NER corpora of
    V2_NER_FILES with label_names' readable names (BTC without handle spans), CoNLL04's `other` refined,
    WebNLG's derived types (`webnlg_entities`, partial), and with a `wordnet` (wordnet.WordNet) the
    WordNet-typed corpus (`wordnet_types`; wordnet_nouns=False: gold names only). shipped=True leaves out
    non-commercial corpora (label_names.CORPORA)."""
    from . import label_names
    corpora = load_corpora(data_dir, splits)
    for name, files in V2_NER_FILES.items():
        types = label_names.readable_types(name)
        corpora[name] = Corpus(name, "ner", sorted(set(types.values())), {
            split: [x for file in files[split] for x in read_columns(os.path.join(data_dir, "ner", name, file),
                                                                   name, types)]
            for split in splits if split in files})
    for split, examples in corpora["btc"].splits.items():
        corpora["btc"].splits[split], dropped = without_handles(examples)
        corpora["btc"].notes[f"{split} handle spans dropped"] = dropped
    entities = corpora["conll04_entities"]
    for split, examples in entities.splits.items():
        entities.splits[split], counts = refine_other(examples, label_names.conll04_other_name)
        entities.notes[f"{split} other mentions refined"] = counts
    entities.types = sorted(set(entities.types) | {name for name, _ in label_names.CONLL04_OTHER})
    derived = Corpus("webnlg_entities", "ner", sorted({n for pair in label_names.WEBNLG_ROLES.values()
                                                       for n in pair if n}), {}, partial=True)
    for split, examples in corpora["webnlg"].splits.items():
        derived.splits[split] = webnlg_entities(examples, label_names.WEBNLG_ROLES)
    corpora["webnlg_entities"] = derived
    if wordnet is not None and "train" in splits:
        corpora["wordnet_types"] = wordnet_types(corpora, wordnet, common_nouns=wordnet_nouns)
    if shipped:
        corpora = {name: c for name, c in corpora.items() if label_names.shippable(name)}
        label_names.check_shippable(corpora)
    return corpora
