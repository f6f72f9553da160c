"""Relation extraction with GLiNER's prompted method (gliner/multitask/relation_extraction.py), per window.

GLiNER runs its span model a second time on "Extract relationships between entities from the text: " +
" \\n " + text, with one label "{head text} <> {relation}" per unique entity text and relation (relation-major);
every predicted span is a tail, the text before "<>" its head. This reference does the same for each NER
window of a document (docs/gliner-onnx-contract.md, "Windows"), so that long documents work too:

  1. NER windows leave room for the relation pass: their text budget is at most
     token_limit - (3 special tokens + prefix tokens + LABEL_RESERVE) and their words at most
     max_len - prefix words.
  2. Per window, heads = the unique texts of the document's entities lying inside the window, in order of
     first appearance there (with a schema, only entities whose label is a head label of it; texts with a
     marker token cannot be labels and are left out). No heads: no pass for that window.
  3. Labels "{head} <> {relation}", relation-major, are packed in order into passes: a pass takes labels
     while [CLS] + labels + <<SEP>> + prefix + window words + [SEP] fits the token limit (each label
     costs <<ENT>> plus its tokens); a label too long for any pass of its window is left out.
  4. Each pass: the prefix words ("Extract", ..., ":") then the window's words (each cut as in NER) under
     that pass's labels. Span candidates above the relation threshold; a span touching the prefix is
     dropped; the rest shift to document words.
  5. All passes and windows merged, highest score per (tail start, tail end, relation, head); one greedy pass
     over the document, flat and single-label (GLiNER's run() defaults); ties by (start, end, relation index,
     head index), head index = order of first appearance in the document.
  6. A tail is the entity with exactly its words; its head the entity with the head text nearest to it
     (word gap; not the tail itself; ties: earlier head, then earlier tail entity), among pairs the schema
     allows. No tail entity or no head entity: the relation is dropped and counted; entities found but no
     pair allowed by the schema: filtered, not counted.
"""

from dataclasses import dataclass, field

from corpusgraph_train.decoding import greedy_select, merge_windows, span_candidates, token_candidates
from corpusgraph_train.processing import replace_lone_surrogates, split_words

PREFIX = "Extract relationships between entities from the text: "
LABEL_RESERVE = 128
SEPARATOR = " <> "


@dataclass
class RelationResult:
    relations: list                                   # dicts: head, tail (entity indexes), relation, score
    dropped: int = 0
    passes: list = field(default_factory=list)        # per pass: (window index, labels)
    first_pass: object = None                         # EncodedWindow of the first pass


def label_text(head, relation):
    return f"{head}{SEPARATOR}{relation}"


class RelationReference:
    """Relations of one document, for one model: `score(encoded_window)` gives that window's raw scores."""

    def __init__(self, encoder, tokenizer, span_mode, score):
        self.encoder = encoder
        self.tokenizer = tokenizer
        self.find = span_candidates if span_mode != "token_level" else token_candidates
        self.score = score
        self.prefix_tokens = [tokenizer.tokenize_word(PREFIX[s:e]) for s, e in split_words(PREFIX)]
        prefix_cost = sum(len(t) for t in self.prefix_tokens)
        # [CLS], <<SEP>>, [SEP] and the prefix: what every pass costs before its labels and words
        self.overhead = 2 + len(tokenizer.tokenize_word(encoder.sep_token)) + prefix_cost

    def reserved(self):
        """(tokens, words) an NER window must leave free for its relation pass (step 1)."""
        return self.overhead + LABEL_RESERVE, len(self.prefix_tokens)

    def head_texts(self, entities, window, schema):
        """Step 2: entities are (start word, end word, label, text) in document order."""
        head_labels = {h for h, _ in schema}
        texts = []
        for s, e, label, text in entities:
            inside = window[0] <= s and e < window[1]
            usable = self.encoder.ent_token not in text and self.encoder.sep_token not in text
            if inside and usable and (not schema or label in head_labels) and text not in texts:
                texts.append(text)
        return texts

    def passes(self, labels, window_tokens):
        """Step 3: labels packed in order into passes that fit the token limit."""
        budget = self.encoder.token_limit - self.overhead - window_tokens
        passes, current, used = [], [], 0
        for label in labels:
            cost = 1 + len(self.tokenizer.tokenize_word(replace_lone_surrogates(label)))
            if cost > budget:
                continue
            if used + cost > budget:
                passes.append(current)
                current, used = [], 0
            current.append(label)
            used += cost
        return passes + ([current] if current else [])

    def extract(self, prepared, entities, relations, schema, threshold):
        """prepared: the NER PreparedDocument; entities: (start word, end word, label, text) accepted by NER."""
        schema = [tuple(pair) for pair in schema]
        first_seen = {}
        for s, e, label, text in entities:
            first_seen.setdefault(text, len(first_seen))
        result = RelationResult([])
        found = []
        for index, (start, end) in enumerate(prepared.windows):
            heads = self.head_texts(entities, (start, end), schema)
            if not heads:
                continue
            words = [t[:prepared.budget] for t in prepared.word_tokens[start:end]]
            labels = [(r, h) for r in range(len(relations)) for h in heads]
            by_text = {label_text(h, relations[r]): (r, h) for r, h in labels}
            for pass_labels in self.passes([label_text(h, relations[r]) for r, h in labels],
                                           sum(len(t) for t in words)):
                encoded = self.encoder.encode_with_labels(pass_labels, self.prefix_tokens + words)
                result.passes.append((index, pass_labels))
                result.first_pass = result.first_pass or encoded
                tails = {}
                for (s, e, c), p in self.find(self.score(encoded), encoded.text_length, threshold).items():
                    if s >= len(self.prefix_tokens):
                        r, h = by_text[pass_labels[c]]
                        tails[(s, e, (r, first_seen[h]))] = p
                found.append((start - len(self.prefix_tokens), tails))
        accepted = greedy_select(merge_windows(found), flat_ner=True, multi_label=False)
        head_of = {i: text for text, i in first_seen.items()}
        for s, e, (r, h), p in accepted:
            relation = match(entities, (s, e), head_of[h], schema)
            if relation is None:
                result.dropped += 1
            elif relation != "filtered":
                result.relations.append({"head": relation[0], "tail": relation[1],
                                         "relation": relations[r], "score": p})
        return result


def gap(a, b):
    """Words between two inclusive word ranges; 0 when they overlap."""
    return max(a[0] - b[1], b[0] - a[1], 0)


def match(entities, tail_span, head_text, schema):
    """Step 6: (head index, tail index), None when an entity is missing, "filtered" when the schema says no."""
    tails = [i for i, ent in enumerate(entities) if (ent[0], ent[1]) == tail_span]
    heads = [i for i, ent in enumerate(entities) if ent[3] == head_text]
    pairs = [(h, t) for t in tails for h in heads if h != t]
    if not pairs:
        return None
    if schema:
        pairs = [(h, t) for h, t in pairs if (entities[h][2], entities[t][2]) in schema]
        if not pairs:
            return "filtered"
    return min(pairs, key=lambda ht: (gap(entities[ht[0]][:2], entities[ht[1]][:2]), ht[0], ht[1]))
