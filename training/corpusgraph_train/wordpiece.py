"""A BERT WordPiece tokenizer read from a HuggingFace tokenizer.json, in plain Python.

It re-implements what the Rust `tokenizers` library (used by the Java side through DJL) does for
BERT-style tokenizers, so that token ids can be computed without that library:

  added tokens (matched on the raw text, leftmost-longest)  ->  BertNormalizer  ->
  BertPreTokenizer  ->  WordPiece  ->  TemplateProcessing ([CLS] $A [SEP])

Unicode caveat: the Rust library takes character categories from the `unicode_categories` crate
(old Unicode tables), Python from `unicodedata` (Unicode 14 here). Characters assigned in recent
Unicode versions (newer emoji, for instance) may therefore be classified differently; test texts
should stick to long-established characters.
"""

import json
import unicodedata

_CHINESE_RANGES = (
    (0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F), (0x2B920, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F),
)


def _is_rust_whitespace(ch):
    """Rust's char::is_whitespace (the Unicode White_Space property)."""
    return ch in "\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" or "\u2000" <= ch <= "\u200a"


def _is_control(ch):
    """Any 'Other' category (Cc, Cf, Cs, Co, Cn) except the tab/newline/return that count as whitespace."""
    return ch not in "\t\n\r" and unicodedata.category(ch).startswith("C")


def _is_chinese(ch):
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _CHINESE_RANGES)


def _is_punctuation(ch):
    return (ch.isascii() and not ch.isalnum() and ch.isprintable() and ch != " ") \
        or unicodedata.category(ch).startswith("P")


class BertNormalizer:
    def __init__(self, config):
        self.clean_text = config.get("clean_text", True)
        self.handle_chinese_chars = config.get("handle_chinese_chars", True)
        self.lowercase = config.get("lowercase", True)
        strip = config.get("strip_accents")
        # tokenizers: an unset strip_accents follows lowercase
        self.strip_accents = self.lowercase if strip is None else strip

    def normalize(self, text):
        if self.clean_text:
            text = "".join(" " if _is_rust_whitespace(c) else c for c in text
                           if not (c == "\x00" or c == "\ufffd" or _is_control(c)))
        if self.handle_chinese_chars:
            text = "".join(f" {c} " if _is_chinese(c) else c for c in text)
        if self.strip_accents:
            text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
        if self.lowercase:
            # per character, as the Rust library does (so no final-sigma rule)
            text = "".join(c.lower() for c in text)
        return text


def bert_pre_tokenize(text):
    """Splits on whitespace (dropped) and isolates every punctuation character."""
    pieces, current = [], []
    for ch in text:
        if _is_rust_whitespace(ch) or _is_punctuation(ch):
            if current:
                pieces.append("".join(current))
                current = []
            if not _is_rust_whitespace(ch):
                pieces.append(ch)
        else:
            current.append(ch)
    if current:
        pieces.append("".join(current))
    return pieces


class WordPiece:
    def __init__(self, config):
        self.vocab = config["vocab"]
        self.unk_token = config["unk_token"]
        self.prefix = config.get("continuing_subword_prefix", "##")
        self.max_chars = config.get("max_input_chars_per_word", 100)

    def tokenize(self, piece):
        """Greedy longest-match-first; a piece that cannot be covered entirely becomes [UNK]."""
        if len(piece) > self.max_chars:
            return [self.unk_token]
        tokens, start = [], 0
        while start < len(piece):
            end = len(piece)
            while end > start:
                candidate = piece[start:end] if start == 0 else self.prefix + piece[start:end]
                if candidate in self.vocab:
                    tokens.append(candidate)
                    break
                end -= 1
            if end == start:
                return [self.unk_token]
            start = end
        return tokens


class WordPieceTokenizer:
    """Encodes pre-split words the way HF `tokenizer(words, is_split_into_words=True)` does."""

    def __init__(self, tokenizer_json):
        model = tokenizer_json["model"]
        if model.get("type") != "WordPiece":
            raise ValueError(f"tokenizer.json model type {model.get('type')!r} is not WordPiece")
        normalizer = tokenizer_json.get("normalizer") or {}
        if normalizer.get("type") != "BertNormalizer":
            raise ValueError(f"tokenizer.json normalizer {normalizer.get('type')!r} is not BertNormalizer")
        self.normalizer = BertNormalizer(normalizer)
        self.wordpiece = WordPiece(model)
        self.vocab = dict(model["vocab"])
        self.added = {}
        for token in tokenizer_json.get("added_tokens", []):
            if token.get("single_word") or token.get("lstrip") or token.get("rstrip") or token.get("normalized"):
                raise ValueError(f"added token {token['content']!r}: only plain non-normalized tokens are supported")
            self.added[token["content"]] = token["id"]
            self.vocab.setdefault(token["content"], token["id"])
        special = tokenizer_json["post_processor"]["special_tokens"]
        self.cls_id = special["[CLS]"]["ids"][0]
        self.sep_id = special["[SEP]"]["ids"][0]
        self.pad_id = 0

    @classmethod
    def from_file(cls, path):
        with open(path, encoding="utf-8") as f:
            return cls(json.load(f))

    def token_id(self, token):
        return self.vocab[token]

    def _split_added(self, word):
        """Splits a word into (text, is_added_token) parts, matching added tokens leftmost-longest."""
        parts, plain_start, i = [], 0, 0
        while i < len(word):
            match = max((t for t in self.added if word.startswith(t, i)), key=len, default=None)
            if match is None:
                i += 1
                continue
            if plain_start < i:
                parts.append((word[plain_start:i], False))
            parts.append((match, True))
            i += len(match)
            plain_start = i
        if plain_start < len(word):
            parts.append((word[plain_start:], False))
        return parts

    def tokenize_word(self, word):
        """Token ids of one pre-split word, without special tokens (may be empty)."""
        ids = []
        for part, is_added in self._split_added(word):
            if is_added:
                ids.append(self.added[part])
                continue
            for piece in bert_pre_tokenize(self.normalizer.normalize(part)):
                ids.extend(self.vocab[t] for t in self.wordpiece.tokenize(piece))
        return ids

    def encode_words(self, words):
        """[CLS] + tokens of every word + [SEP]; returns (ids, word_ids), word_ids None for specials."""
        ids, word_ids = [self.cls_id], [None]
        for index, word in enumerate(words):
            tokens = self.tokenize_word(word)
            ids.extend(tokens)
            word_ids.extend([index] * len(tokens))
        ids.append(self.sep_id)
        word_ids.append(None)
        return ids, word_ids
