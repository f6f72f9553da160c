"""Training instances with run-time labels, and a sampler that mixes corpora in every batch.

An instance is what the span model sees: (words, labels, spans with label strings). Labels vary so
the model learns zero-shot prompting rather than a fixed type set:
  - types present in the example, sometimes left out (their spans must then get no label);
  - absent types of the same corpus (annotated, so truly absent);
  - negative labels sampled from the pool of all corpora's types, except related names
    (a corporation is an organization: "organization" is no negative for WNUT-17);
  - surface forms vary: synonyms and case ("Person", "PERSON").
Relation examples are prompted GLiNER-multitask style (see the datasets module).
"""

import random
from dataclasses import dataclass

from .datasets import NER_TYPES, PREFIX_WORDS, RELATION_SEPARATOR, SYNONYMS

# names that are no negative for each other (either direction)
RELATED = [{"organization", "corporation", "company", "group", "government"},
           {"creative work", "book", "movie", "game", "product"},
           {"location", "address", "scenic spot"}]
# catch-all names say nothing as negatives
NOT_NEGATIVES = {"miscellaneous", "other", "entity"}


@dataclass
class PromptOptions:
    drop_present: float = 0.1      # chance to leave out a type present in the example
    keep_absent: float = 0.7       # chance to include each absent type of the same corpus
    max_negatives: int = 5         # negatives from the pool: 0..max_negatives
    synonym: float = 0.15          # chance a label is shown as one of its synonyms
    case: float = 0.1              # chance a label is shown Capitalised or UPPER
    max_labels: int = 25
    max_heads: int = 4             # relation task: heads prompted per example
    relation_negatives: int = 3    # relation task: absent relations per head
    # v2 (PromptOptions.v2(); the defaults above are v1's recipe, unchanged)
    whole_pool: float = 0.0        # chance an example's negatives fill up to max_labels from the whole pool
    drop_absent: float = 0.0       # chance to leave out each absent type (random type dropping)
    kind_negatives: bool = False   # no negative of the same kind as a corpus type (label_names.same_kind);
                                   # pool = every NER type of the sampled corpora; label_names' synonyms

    @staticmethod
    def v2(**overrides):
        """v2's recipe (GLiNER's ablations): whole-pool negatives for half the examples, up to 30 labels,
        types dropped at random, kind-aware negatives, every corpus's synonyms."""
        values = dict(drop_present=0.15, keep_absent=1.0, drop_absent=0.3, max_negatives=5, synonym=0.2,
                      case=0.1, max_labels=30, whole_pool=0.5, kind_negatives=True)
        values.update(overrides)
        return PromptOptions(**values)


def related(name):
    return set().union(*(group for group in RELATED if name in group), {name})


_MERGED_SYNONYMS = {}


def _synonyms(options):
    """v1: datasets.SYNONYMS; v2: label_names' synonyms of every corpus, plus v1's."""
    if not options.kind_negatives:
        return SYNONYMS
    if not _MERGED_SYNONYMS:
        from .label_names import synonyms
        merged = synonyms()
        for name, forms in SYNONYMS.items():
            merged.setdefault(name, [])
            merged[name] += [f for f in forms if f not in merged[name]]
        _MERGED_SYNONYMS.update(merged)
    return _MERGED_SYNONYMS


def surface(name, options, rng, table=None):
    """One surface form of a readable label: itself, a synonym, or a case variant."""
    table = SYNONYMS if table is None else table
    if rng.random() < options.synonym and table.get(name):
        name = rng.choice(table[name])
    if rng.random() < options.case:
        name = rng.choice([name.capitalize(), name.upper(), name.title()])
    return name


def _shown(names, options, rng, table=None):
    """{readable name: surface form}, all distinct: a variant that is another label's name, or is
    already shown, falls back to the readable name."""
    shown, taken = {}, set(names)
    for name in names:
        form = surface(name, options, rng, table)
        if form != name and form in taken:
            form = name
        taken.add(form)
        shown[name] = form
    return shown


def ner_instance(example, corpus_types, pool, options, rng):
    """(words, labels, spans) for an entity example (v1's recipe; v2: ner_instance_v2)."""
    present = sorted({label for _, _, label in example.spans})
    chosen = [name for name in present if rng.random() >= options.drop_present]
    chosen += [name for name in corpus_types if name not in present and rng.random() < options.keep_absent]
    blocked = set().union(*(related(name) for name in corpus_types), *(SYNONYMS.get(n, []) for n in corpus_types))
    candidates = [name for name in pool if name not in blocked and name not in NOT_NEGATIVES]
    chosen += rng.sample(candidates, min(len(candidates), rng.randint(0, options.max_negatives)))
    chosen = chosen[:options.max_labels] or [rng.choice(candidates)]
    shown = _shown(chosen, options, rng)
    labels = list(shown.values())
    rng.shuffle(labels)
    spans = [(s, e, shown[label]) for s, e, label in example.spans if label in shown]
    return example.words, labels, spans


# kinds that run through any text but only some corpora annotate: no negatives where they are not annotated
EVERYWHERE_KINDS = {"date", "time", "quantity", "nationality"}


def negative_candidates(corpus, corpora):
    """Names that may be shown as absent types in an example of `corpus` (a Corpus), from the types of the
    NER `corpora`: not of the same kind as one of the corpus's types (a politician is a person), no
    synonym of one, no catch-all, no kind the corpus covers under a catch-all (miscellaneous covers works
    and products); for a biomedical corpus no type of another biomedical corpus (those texts are full of
    each other's unannotated genes, chemicals and diseases) nor of its kind; no date, time, quantity or nationality,
    which any text has and few corpora annotate."""
    from .label_names import CATCH_ALL, CORPORA, kind_of
    if corpus.everywhere:  # WordNet's names: its own frequent names, absent under its labeller
        return sorted(corpus.types)
    types = set(corpus.types)
    domain = CORPORA[corpus.name].domain if corpus.name in CORPORA else "general"
    pool, same_domain = set(), set()
    for other in corpora:
        if other.task != "ner" or other.everywhere:
            continue
        pool |= set(other.types)
        if other.name in CORPORA and CORPORA[other.name].domain == domain == "bio":
            same_domain |= set(other.types)
    blocked_kinds = set().union(*(kind_of(name) for name in types | same_domain)) | EVERYWHERE_KINDS
    for name in types:
        blocked_kinds |= CATCH_ALL.get(name, set())
    table = _synonyms(PromptOptions(kind_negatives=True))
    blocked = set(types) | same_domain
    blocked = blocked.union(*(related(n) for n in types), *(table.get(n, []) for n in types))
    return sorted(name for name in pool if name not in blocked and name not in NOT_NEGATIVES
                  and name not in CATCH_ALL and not (kind_of(name) & blocked_kinds))


def ner_instance_v2(example, corpus_types, candidates, options, rng, partial=False):
    """v2: present types (each dropped with drop_present), absent types of the corpus (none for a partial
    corpus; each dropped with drop_absent), then negatives from `candidates` (negative_candidates): for
    `whole_pool` of the examples as many as fill a random count up to max_labels, else 0..max_negatives.
    Labels shuffled."""
    present = sorted({label for _, _, label in example.spans})
    chosen = [name for name in present if rng.random() >= options.drop_present]
    if not partial:
        chosen += [name for name in corpus_types if name not in present
                   and rng.random() < options.keep_absent and rng.random() >= options.drop_absent]
    chosen = chosen[:options.max_labels]
    if rng.random() < options.whole_pool:
        count = rng.randint(0, max(0, options.max_labels - len(chosen)))
    else:
        count = rng.randint(0, options.max_negatives)
    count = min(count, len(candidates), options.max_labels - len(chosen))
    chosen += rng.sample(candidates, count)
    chosen = chosen or [rng.choice(candidates)]
    shown = _shown(chosen, options, rng, _synonyms(options))
    labels = list(shown.values())
    rng.shuffle(labels)
    spans = [(s, e, shown[label]) for s, e, label in example.spans if label in shown]
    return example.words, labels, spans


def relation_label(head_text, relation):
    return f"{head_text}{RELATION_SEPARATOR}{relation}"


def relation_instance(example, corpus_relations, options, rng):
    """(words, labels, spans) for a relation example: prefix words + text, "{head} <> {relation}" labels,
    tails as spans shifted by the prefix."""
    words = example.words
    text_of = lambda span: " ".join(words[span[0]:span[1] + 1])  # noqa: E731
    heads = sorted({head for head, _, _ in example.relations})
    others = sorted({(s, e) for s, e, _ in example.spans} - set(heads))
    rng.shuffle(others)
    heads = (heads + others)[:options.max_heads]
    shown = _shown(sorted({r for _, r, _ in example.relations} | set(corpus_relations)), options, rng)
    positives = {}
    for head, relation, tail in example.relations:
        if head in heads:
            positives.setdefault(relation_label(text_of(head), shown[relation]), []).append(tail)
    labels = set(positives)
    for head in heads:
        absent = [r for r in corpus_relations if relation_label(text_of(head), shown[r]) not in labels]
        for relation in rng.sample(absent, min(len(absent), options.relation_negatives)):
            labels.add(relation_label(text_of(head), shown[relation]))
    labels = sorted(labels)
    rng.shuffle(labels)
    labels = labels[:options.max_labels]
    shift = len(PREFIX_WORDS)
    spans = [(s + shift, e + shift, label) for label in labels for s, e in positives.get(label, [])]
    return PREFIX_WORDS + words, labels, spans


class MixedSampler:
    """Draws each instance from a corpus chosen with probability ~ size ** temperature (times an
    optional weight), so every batch mixes corpora and small corpora are not drowned out.

    Its whole state is one random.Random: `state()` / `restore()` make resumed runs continue exactly."""

    def __init__(self, corpora, options, seed, temperature=0.5, weights=None, split="train"):
        self.corpora = [c for c in corpora.values() if c.splits.get(split)]
        self.examples = [c.splits[split] for c in self.corpora]
        weights = weights or {}
        self.weights = [len(x) ** temperature * weights.get(c.name, 1.0) for c, x in zip(self.corpora, self.examples)]
        self.pool = sorted({name for types in NER_TYPES.values() for name in types.values()})
        if options.kind_negatives:  # v2: per corpus, the types of the sampled NER corpora it may be prompted with
            self.candidates = {c.name: negative_candidates(c, self.corpora) for c in self.corpora if c.task == "ner"}
        self.options = options
        self.rng = random.Random(seed)

    def shares(self):
        total = sum(self.weights)
        return {c.name: round(w / total, 3) for c, w in zip(self.corpora, self.weights)}

    def instance(self):
        index = self.rng.choices(range(len(self.corpora)), weights=self.weights)[0]
        corpus, example = self.corpora[index], self.rng.choice(self.examples[index])
        if corpus.task == "re":
            return relation_instance(example, corpus.types, self.options, self.rng)
        if self.options.kind_negatives:
            return ner_instance_v2(example, corpus.types, self.candidates[corpus.name], self.options, self.rng,
                                   corpus.partial)
        return ner_instance(example, corpus.types, self.pool, self.options, self.rng)

    def state(self):
        return self.rng.getstate()

    def restore(self, state):
        self.rng.setstate(state)
