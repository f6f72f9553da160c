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


def related(name):
    return set().union(*(group for group in RELATED if name in group), {name})


def surface(name, options, rng):
    """One surface form of a readable label: itself, a synonym, or a case variant."""
    if rng.random() < options.synonym and SYNONYMS.get(name):
        name = rng.choice(SYNONYMS[name])
    if rng.random() < options.case:
        name = rng.choice([name.capitalize(), name.upper(), name.title()])
    return name


def _shown(names, options, rng):
    """{readable name: surface form}, all distinct: a variant that is another label's name, or is
    already shown, falls back to the readable name."""
    shown, taken = {}, set(names)
    for name in names:
        form = surface(name, options, rng)
        if form != name and form in taken:
            form = name
        taken.add(form)
        shown[name] = form
    return shown


def ner_instance(example, corpus_types, pool, options, rng):
    """(words, labels, spans) for an entity example."""
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
        return ner_instance(example, corpus.types, self.pool, self.options, self.rng)

    def state(self):
        return self.rng.getstate()

    def restore(self, state):
        self.rng.setstate(state)
