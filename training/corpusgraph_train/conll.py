"""Reads `token<TAB>BIO-tag` corpora (CoNLL-2003 as in ../shared/data/ner) into sentences with entity spans."""

from dataclasses import dataclass


@dataclass
class Sentence:
    words: list
    spans: list  # (start word, end word inclusive, type)


def read_bio(path):
    sentences, words, tags = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if words:
                    sentences.append(Sentence(words, _spans(tags)))
                words, tags = [], []
                continue
            token, tag = line.split("\t")
            words.append(token)
            tags.append(tag)
    if words:
        sentences.append(Sentence(words, _spans(tags)))
    return sentences


def _spans(tags):
    spans, start, kind = [], None, None
    for i, tag in enumerate(tags + ["O"]):
        inside = tag.startswith("I-") and kind == tag[2:]
        if start is not None and not inside:
            spans.append((start, i - 1, kind))
            start, kind = None, None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, kind = i, tag[2:]
    return spans
