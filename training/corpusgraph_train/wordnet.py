"""WordNet noun types for weak labelling (issue 15: a type inventory beyond the corpora's ~150 types).

WordNet 3.0 (Princeton; Debian's `wordnet-base`, installed by training/install.sh; its licence allows
any use with the copyright notice) is read from its own files: `index.noun` (lemma -> synsets, most
frequent first), `data.noun` (synset -> lemmas, lexicographer file, hypernym and instance-hypernym
pointers), `index.verb` / `index.adj` / `index.adv` (to skip words that are not only nouns) and
`noun.exc` (irregular plurals), `cntlist.rev` (how often each sense was tagged). Nothing is downloaded.

The labeller, as steps:
  sentence words -> longest lower-cased 1-4 word match of a noun lemma (last word singularised)
  -> kept if it is a compound, or a single word (WordNet.unambiguous) that is only a noun (or follows a
     determiner with no noun after it) and whose first sense is a safe guess (few senses, a dominant
     first sense, or all senses in one lexicographer file)
  -> its first synset (skipped if that is an instance: a name written lower-case) gives the types: up to
     MAX_HYPERNYMS hypernym names, nearest first, plus the lexicographer file's name (LEXNAME_NAMES)
A gold entity span of the source corpus is typed as a whole when its text is a WordNet instance
(`Paris` -> national capital); no other match may overlap a gold span, and a capitalised word outside
one is skipped (an unannotated name, not a common noun).
"""

import os
import re

WORDNET_DIR = "/usr/share/wordnet"
MAX_WORDS = 4
MAX_HYPERNYMS = 3
MAX_SENSES = 3
DOMINANT_SHARE = 0.6  # or its first sense has this share of the word's tagged occurrences (cntlist.rev)
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "my", "your", "his", "her", "its", "our",
               "their", "some", "any", "no", "every", "each", "many", "several", "few", "two", "three", "four",
               "five", "six", "seven", "eight", "nine", "ten", "dozens", "hundreds", "thousands", "of"}

# lexicographer file number -> readable name (WordNet's own category names; None: too vague to prompt)
LEXNAME_NAMES = {
    3: None, 4: "act", 5: "animal", 6: "artifact", 7: "attribute", 8: "body part", 9: "cognition",
    10: "communication", 11: "event", 12: "feeling", 13: "food", 14: "group", 15: "location",
    16: "motive", 17: "natural object", 18: "person", 19: "phenomenon", 20: "plant", 21: "possession",
    22: "process", 23: "quantity", 24: "relation", 25: "shape", 26: "state", 27: "substance", 28: "time",
}
# hypernyms too general to be a type anyone asks for
TOO_GENERAL = {"entity", "physical entity", "abstraction", "abstract entity", "object", "physical object",
               "whole", "unit", "matter", "thing", "causal agent", "cause", "causal agency", "psychological feature",
               "attribute", "relation", "measure", "quantity", "group", "grouping", "part", "portion", "component",
               "instrumentality", "instrumentation", "artifact", "artefact", "living thing", "animate thing",
               "organism", "being", "content", "cognitive content", "mental object", "act", "deed",
               "human action", "human activity", "event", "state", "location", "person", "individual",
               "someone", "somebody", "mortal", "soul"}
_WORD = re.compile(r"^[a-z][a-z'-]*$")


class WordNet:
    """The noun part of WordNet read from `directory` (Debian's layout)."""

    def __init__(self, directory=WORDNET_DIR):
        if not os.path.exists(os.path.join(directory, "data.noun")):
            raise FileNotFoundError(f"WordNet not found in {directory}: install Debian's wordnet-base "
                                    "(training/install.sh does)")
        self.lemmas = _index(os.path.join(directory, "index.noun"))        # lemma -> [offset]
        self.other_pos = set()  # forms that may be a verb, adjective or adverb (inflected ones included)
        for pos in ("verb", "adj", "adv"):
            for name in (f"index.{pos}", f"{pos}.exc"):
                path = os.path.join(directory, name)
                if os.path.exists(path):
                    with open(path, encoding="utf-8") as f:
                        self.other_pos |= {line.split()[0] for line in f if line.strip() and not line.startswith("  ")}
        self.synsets = _data(os.path.join(directory, "data.noun"))        # offset -> (lexfile, names, hypers, inst)
        self.sense_counts = {}  # lemma -> {sense number: times tagged in WordNet's semantic concordance}
        counts = os.path.join(directory, "cntlist.rev")
        if os.path.exists(counts):
            with open(counts, encoding="utf-8") as f:
                for line in f:
                    key, number, count = line.split()
                    lemma, _, rest = key.partition("%")
                    if rest.startswith("1:"):
                        self.sense_counts.setdefault(lemma, {})[int(number)] = int(count)
        self.plurals = {}
        exc = os.path.join(directory, "noun.exc")
        if os.path.exists(exc):
            with open(exc, encoding="utf-8") as f:
                for line in f:
                    parts = line.split()
                    if len(parts) >= 2:
                        self.plurals.setdefault(parts[0], parts[1])

    def lemma_of(self, key):
        """The noun lemma a lower-cased, '_'-joined word sequence is a form of, or None."""
        if key in self.lemmas:
            return key
        head, _, last = key.rpartition("_")
        forms = [self.plurals.get(last)]
        if last.endswith("ies"):
            forms.append(last[:-3] + "y")
        if last.endswith("es"):
            forms.append(last[:-2])
        if last.endswith("s") and not last.endswith("ss"):
            forms.append(last[:-1])
        for form in forms:
            candidate = f"{head}_{form}" if head and form else form
            if candidate and candidate in self.lemmas:
                return candidate
        return None

    def unambiguous(self, lemma, word, after_determiner):
        """A compound (several words) always counts. A single word counts when its first (most frequent)
        sense is a safe guess: at most MAX_SENSES senses, a dominant first sense, or all of them in one
        lexicographer file; and it is
        nothing but a noun, unless it follows a determiner or a number and no noun follows it (`the tanks`,
        not `a separate chain`)."""
        if "_" in lemma:
            return True
        if (lemma in self.other_pos or word in self.other_pos) and not after_determiner:
            return False
        offsets = self.lemmas[lemma]
        counts = self.sense_counts.get(lemma, {})
        dominant = sum(counts.values()) >= 5 and counts.get(1, 0) >= DOMINANT_SHARE * sum(counts.values())
        return len(offsets) <= MAX_SENSES or dominant or len({self.synsets[o][0] for o in offsets}) == 1

    def types(self, offset):
        """Readable type names of a synset: hypernym names (instance hypernyms first), nearest first, at most
        MAX_HYPERNYMS, skipping TOO_GENERAL; then its lexicographer file's name when it has one."""
        names, frontier, seen = [], [offset], {offset}
        while frontier and len(names) < MAX_HYPERNYMS:
            parents = []
            for o in frontier:
                _, _, hypers, instance_of = self.synsets[o]
                parents += [p for p in instance_of + hypers if p not in seen]
            seen |= set(parents)
            for p in parents:
                name = self.synsets[p][1][0]
                if name not in TOO_GENERAL and name not in names and len(names) < MAX_HYPERNYMS:
                    names.append(name)
            frontier = parents
        lexname = LEXNAME_NAMES.get(self.synsets[offset][0])
        return names + ([lexname] if lexname and lexname not in names else [])

    def instance_synsets(self, lemma):
        return [o for o in self.lemmas.get(lemma, []) if self.synsets[o][3]]


def _index(path):
    result = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("  "):
                continue  # the licence header
            parts = line.split()
            synset_count, pointer_count = int(parts[2]), int(parts[3])
            result[parts[0]] = parts[4 + pointer_count + 2:][:synset_count]
    return result


def _data(path):
    result = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("  "):
                continue
            parts = line.split(" | ")[0].split()
            offset, lexfile, count = parts[0], int(parts[1]), int(parts[3], 16)
            names = [re.sub(r"\(.*\)$", "", w).replace("_", " ").lower() for w in parts[4:4 + 2 * count:2]]
            at = 4 + 2 * count
            pointers = int(parts[at])
            hypers, instance_of = [], []
            for i in range(pointers):
                symbol, target = parts[at + 1 + 4 * i], parts[at + 2 + 4 * i]
                if symbol == "@":
                    hypers.append(target)
                elif symbol == "@i":
                    instance_of.append(target)
            result[offset] = (lexfile, names, hypers, instance_of)
    return result


def label_sentence(wordnet, words, gold_spans=(), blocked_names=frozenset(), common_nouns=True):
    """[(start, end, type name)] for one sentence (see the module's steps). `gold_spans` [(start, end, type)]
    of the source corpus; `blocked_names`: names never given (the supervised corpora's types, which they
    annotate on names only: "the president" is no `person` there, and a name WordNet does not know would
    go untyped beside one it knows); common_nouns=False types the gold names only."""
    spans, taken = [], [False] * len(words)
    for s, e, _ in gold_spans:
        for i in range(s, e + 1):
            taken[i] = True
        lemma = wordnet.lemma_of("_".join(words[s:e + 1]).lower())
        instances = wordnet.instance_synsets(lemma) if lemma else []
        if instances:
            spans += [(s, e, name) for name in wordnet.types(instances[0]) if name not in blocked_names]
    i = 0 if common_nouns else len(words)
    while i < len(words):
        match = None
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            window = [w.lower() if k == 0 == i else w for k, w in enumerate(words[i:i + n])]
            if any(taken[i:i + n]) or not all(_WORD.match(w) for w in window):
                continue  # lower-case words only: a capitalised word outside a gold span is an unannotated name
            lemma = wordnet.lemma_of("_".join(window))
            after = (i > 0 and (words[i - 1].lower() in DETERMINERS or words[i - 1].isdigit())
                     and not (i + n < len(words) and wordnet.lemma_of(words[i + n].lower())))
            if lemma and len(lemma) >= 3 and wordnet.unambiguous(lemma, window[0], after):
                match = (n, lemma)
                break
        if match is None:
            i += 1
            continue
        n, lemma = match
        offset = wordnet.lemmas[lemma][0]
        if not wordnet.synsets[offset][3]:  # an instance is a name written lower-case (`who` -> WHO): skipped
            spans += [(i, i + n - 1, name) for name in wordnet.types(offset) if name not in blocked_names]
        i += n
    return sorted(set(spans))
