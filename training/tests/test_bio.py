"""Token classification (corpusgraph_train/bio.py): offsets, tag alignment, the contract's decoding steps
on hand-made scores (expected values worked out by hand from HF's TokenClassificationPipeline), windows,
and export parity of a tiny random model."""

import json
import os
import tempfile
import unittest

import numpy as np
import onnx
import torch

import numpy_onnx
import support
from corpusgraph_train import bio
from corpusgraph_train.bio_export import export_bio_folder, load_bio_folder, round_to_fp16
import random

from corpusgraph_train.bio_recipe import TokenClassifier, logits_fn, replace_mentions, tokenizer_with_lowercase
from corpusgraph_train.encoder import BertEncoder, EncoderConfig
from corpusgraph_train.wordpiece import WordPieceTokenizer


def tokenizer_json(vocab, lowercase, chinese=True):
    return {"added_tokens": [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                              "normalized": False, "special": True}
                             for t, i in vocab.items() if t.startswith("[")],
            "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": chinese,
                           "strip_accents": None, "lowercase": lowercase},
            "pre_tokenizer": {"type": "BertPreTokenizer"},
            "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                      "max_input_chars_per_word": 100, "vocab": vocab},
            "post_processor": {"type": "TemplateProcessing",
                               "special_tokens": {"[CLS]": {"ids": [2]}, "[SEP]": {"ids": [3]}}}}


VOCAB = {t: i for i, t in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "腾", "讯", "在", "深", "圳", "cafe", "na",
                                     "##ive", ",", "tencent", "Tencent", "istanbul", "!", "ok"])}


def toks(tokenizer, text):
    return [(t, a, b) for _, t, a, b in tokenizer.tokenize(text)]


class OffsetTest(unittest.TestCase):
    def test_lowercase_and_accents_map_back_to_the_original_characters(self):
        t = bio.OffsetTokenizer(tokenizer_json(VOCAB, lowercase=True))
        text = "Café, NAÏVE!"
        self.assertEqual(toks(t, text), [("cafe", 0, 4), (",", 4, 5), ("na", 6, 8), ("##ive", 8, 11), ("!", 11, 12)])

    def test_chinese_emoji_and_latin_offsets_are_code_points(self):
        t = bio.OffsetTokenizer(tokenizer_json(VOCAB, lowercase=False))
        text = "🙂腾讯 Tencent在深圳ok😀"
        got = toks(t, text)
        # the emoji sits inside a word with no vocabulary entry: the whole word is [UNK]
        self.assertEqual(got, [("[UNK]", 0, 1), ("腾", 1, 2), ("讯", 2, 3), ("Tencent", 4, 11), ("在", 11, 12),
                               ("深", 12, 13), ("圳", 13, 14), ("[UNK]", 14, 17)])
        for _, a, b in got[1:7]:
            self.assertEqual(len(text[a:b]), b - a)

    def test_expanding_lowercase_and_removed_controls(self):
        t = bio.OffsetTokenizer(tokenizer_json(VOCAB, lowercase=True))
        # "İ" decomposes to "I" + U+0307, the mark is stripped (before lowercasing), "istanbul" keeps the
        # original span; the control character U+0007 is dropped and the word around it keeps its span
        self.assertEqual(toks(t, "İstanbul ca\x07fe"), [("istanbul", 0, 8), ("cafe", 9, 14)])

    def test_ids_match_the_plain_wordpiece_tokenizer(self):
        with open(support.TOKENIZER_JSON, encoding="utf-8") as f:
            data = json.load(f)
        plain, offsets = WordPieceTokenizer(data), bio.OffsetTokenizer(data)
        for text in ["Ada Lovelace lived in London.", "Zürich's naïve café — 東京 🙂 x", "<<ENT>> person <<SEP>> a"]:
            self.assertEqual([i for i, _, _, _ in offsets.tokenize(text)], plain.tokenize_word(text), text)
            for _, string, a, b in offsets.tokenize(text):
                self.assertTrue(0 <= a < b <= len(text))


class RecipeDataTest(unittest.TestCase):
    def test_lowercase_flag_turns_cased_latin_from_unk_into_vocabulary_pieces(self):
        vocab = {t: i for t, i in VOCAB.items() if t != "Tencent"}
        cased = tokenizer_json(vocab, lowercase=False)
        lowered = tokenizer_with_lowercase(cased, True)
        self.assertFalse(cased["normalizer"]["lowercase"])  # the input is not changed
        self.assertEqual(toks(bio.OffsetTokenizer(cased), "Tencent在"), [("[UNK]", 0, 7), ("在", 7, 8)])
        self.assertEqual(toks(bio.OffsetTokenizer(lowered), "Tencent在"), [("tencent", 0, 7), ("在", 7, 8)])

    def test_replaced_mentions_keep_their_label_and_their_spans_point_at_them(self):
        docs = [("王芳认为上海好", [(0, 2, "name"), (4, 6, "address")]),
                ("我在北京见了李四", [(2, 4, "address"), (6, 8, "name")]),
                ("重叠的不动", [(0, 2, "name"), (1, 3, "address")])]
        pool = {"name": {"王芳", "李四", "重叠"}, "address": {"上海", "北京", "叠的"}}  # every doc's mentions
        changed = False
        for seed in range(5):
            out = replace_mentions(docs, 1.0, random.Random(seed))
            self.assertEqual(out[2], docs[2])  # overlapping spans: the doc is kept as it is
            for (text, spans), (old_text, old_spans) in zip(out[:2], docs[:2]):
                self.assertEqual([l for _, _, l in spans], [l for _, _, l in old_spans])
                for a, b, label in spans:
                    self.assertIn(text[a:b], pool[label])
                changed |= text != old_text
        self.assertTrue(changed)
        self.assertEqual(replace_mentions(docs, 0.0, random.Random(0)), [(t, sorted(s)) for t, s in docs[:2]] + [docs[2]])


class AlignTest(unittest.TestCase):
    def test_b_on_the_first_token_i_on_the_rest(self):
        labels = bio.bio_labels(["LOC", "PER"])
        l2i = {l: i for i, l in enumerate(labels)}
        tokens = [(0, "Ad", 0, 2), (0, "##a", 2, 3), (0, "in", 4, 6), (0, "Par", 7, 10), (0, "##is", 10, 12)]
        tags = bio.align_tags(tokens, [(0, 3, "PER"), (8, 12, "LOC")], l2i)
        self.assertEqual([labels[t] for t in tags], ["B-PER", "I-PER", "O", "B-LOC", "I-LOC"])

    def test_cluener_reader_makes_the_end_exclusive(self):
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
            f.write(json.dumps({"text": "王芳认为上海", "label": {"name": {"王芳": [[0, 1]]},
                                                                  "address": {"上海": [[4, 5]]}}}) + "\n")
        try:
            self.assertEqual(bio.read_cluener(f.name), [("王芳认为上海", [(0, 2, "name"), (4, 6, "address")])])
        finally:
            os.unlink(f.name)


LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]
TEXT = "Ada in Paris"
TOKENS = [(0, "Ad", 0, 2), (0, "##a", 2, 3), (0, "in", 4, 6), (0, "Par", 7, 10), (0, "##is", 10, 12)]
SCORES = np.array([[0.1, 0.7, 0.1, 0.05, 0.05],
                   [0.1, 0.1, 0.6, 0.1, 0.1],
                   [0.9, 0.025, 0.025, 0.025, 0.025],
                   [0.2, 0.05, 0.05, 0.4, 0.3],
                   [0.1, 0.05, 0.05, 0.1, 0.7]], dtype=np.float32)


def decode(aggregation, **kw):
    found = bio.decode_windows(TEXT, TOKENS, [(0, 5)], [np.log(SCORES)], LABELS, aggregation, **kw)
    return [(e["text"], e["label"], round(e["score"], 5)) for e in found]


class AggregationTest(unittest.TestCase):
    def test_simple(self):
        self.assertEqual(decode("simple"), [("Ada", "PER", 0.65), ("Paris", "LOC", 0.55)])

    def test_first(self):
        self.assertEqual(decode("first"), [("Ada", "PER", 0.7), ("Paris", "LOC", 0.4)])

    def test_average(self):
        # Ada: mean [.1 .4 .35 .075 .075] -> B-PER .4; Paris: mean [.15 .05 .05 .25 .5] -> I-LOC .5 (opens a group)
        self.assertEqual(decode("average"), [("Ada", "PER", 0.4), ("Paris", "LOC", 0.5)])

    def test_max(self):
        self.assertEqual(decode("max"), [("Ada", "PER", 0.7), ("Paris", "LOC", 0.7)])

    def test_threshold_and_labels(self):
        self.assertEqual(decode("first", threshold=0.5), [("Ada", "PER", 0.7)])
        self.assertEqual(decode("first", labels=["LOC"]), [("Paris", "LOC", 0.4)])
        with self.assertRaisesRegex(ValueError, "MISC"):
            decode("first", labels=["MISC"])

    def test_unknown_token_is_never_a_subword(self):
        pre = bio.pre_entities("x abc", [(1, "[UNK]", 2, 5), (0, "##c", 4, 5)], SCORES[:2])
        self.assertEqual([p["is_subword"] for p in pre], [False, True])
        pre = bio.pre_entities("東京", [(0, "東", 0, 1), (0, "京", 1, 2)], SCORES[:2])
        self.assertEqual([p["is_subword"] for p in pre], [False, False])


def items(*labels):
    return [{"entity": l, "score": 0.1 * (i + 1), "start": i, "end": i + 1} for i, l in enumerate(labels)]


def spans(groups):
    return [(g["label"], g["start"], g["end"]) for g in groups]


class GroupingTest(unittest.TestCase):
    def test_schemes(self):
        self.assertEqual(bio.scheme_of(["O", "B-X", "I-X", "E-X", "S-X"]), "BIOES")
        self.assertEqual(bio.scheme_of(["O", "B-X", "I-X"]), "BIO")
        self.assertEqual(bio.scheme_of(["O", "I-X", "Y"]), "IO")

    def test_bio_ill_formed(self):
        got = bio.group_entities(items("I-X", "I-X", "B-X", "I-Y", "O", "I-X", "O", "O"), "BIO")
        self.assertEqual(spans(got), [("X", 0, 2), ("X", 2, 3), ("Y", 3, 4), ("O", 4, 5), ("X", 5, 6), ("O", 6, 8)])
        self.assertAlmostEqual(got[0]["score"], 0.15)

    def test_bioes(self):
        got = bio.group_entities(items("B-X", "I-X", "E-X", "I-X", "S-X", "S-X", "E-X", "E-Y", "I-Y"), "BIOES")
        self.assertEqual(spans(got), [("X", 0, 3), ("X", 3, 4), ("X", 4, 5), ("X", 5, 6), ("X", 6, 7), ("Y", 7, 8),
                                      ("Y", 8, 9)])

    def test_io_labels_without_prefix(self):
        got = bio.group_entities(items("O", "PER", "I-PER", "LOC", "O"), "IO")
        self.assertEqual(spans(got), [("O", 0, 1), ("PER", 1, 3), ("LOC", 3, 4), ("O", 4, 5)])


class WindowTest(unittest.TestCase):
    def test_windows(self):
        self.assertEqual(bio.windows(4, 6, 512, 1), [(0, 4)])
        self.assertEqual(bio.windows(10, 6, 512, 1), [(0, 4), (3, 7), (6, 10)])
        self.assertEqual(bio.windows(7, 6, 512, 0), [(0, 4), (4, 7)])
        self.assertEqual(bio.windows(1000, 1024, 512, 0), [(0, 510), (510, 1000)])
        with self.assertRaises(ValueError):
            bio.windows(10, 6, 512, 4)

    def test_merge(self):
        e = lambda s, t, score: {"start": s, "end": t, "score": score}
        merged = bio.merge_overlapping([e(0, 3, 0.9), e(10, 12, 0.5), e(1, 5, 0.2), e(10, 12, 0.6), e(11, 12, 0.99),
                                        e(20, 22, 0.1)])
        self.assertEqual(merged, [e(1, 5, 0.2), e(10, 12, 0.6), e(20, 22, 0.1)])

    def test_predict_stitches_windows(self):
        """Every token predicted B-PER by a fake model: each window gives its own entity per token."""
        t = bio.OffsetTokenizer(tokenizer_json(VOCAB, lowercase=False))
        text = "腾讯在深圳腾讯在深圳"

        def fake(inputs):
            out = []
            for ids in inputs:
                logits = np.zeros((len(ids), 3), np.float32)
                logits[:, 1] = 5.0
                out.append(logits)
            return out
        found = bio.predict(text, t, fake, ["O", "B-PER", "I-PER"], "simple", window_tokens=6, stride=2)
        self.assertEqual([(e["start"], e["end"]) for e in found], [(i, i + 1) for i in range(10)])
        self.assertIsNone(bio.predict("  ", t, fake, ["O", "B-PER", "I-PER"]))


class ExportParityTest(unittest.TestCase):
    def test_tiny_random_model(self):
        with open(support.TOKENIZER_JSON, encoding="utf-8") as f:
            base = json.load(f)
        torch.manual_seed(0)
        encoder = BertEncoder(EncoderConfig(vocab_size=30524, hidden_size=32, num_layers=1, num_heads=2,
                                            intermediate_size=64, embedding_size=8, dropout=0.0))
        model = TokenClassifier(encoder, 5, dropout=0.0)
        with torch.no_grad():
            for name, p in model.named_parameters():
                p.add_(torch.randn_like(p) * 0.02)  # fresh LayerNorms are equal: the exporter would merge them
        round_to_fp16(model.eval())
        with tempfile.TemporaryDirectory() as folder:
            export_bio_folder(model, LABELS, "test", base, folder)
            graph = onnx.load(os.path.join(folder, "model.onnx")).graph
            self.assertEqual([i.name for i in graph.input], ["input_ids", "attention_mask"])
            self.assertEqual([o.name for o in graph.output], ["logits"])
            reloaded, config, tokenizer = load_bio_folder(folder)
            self.assertEqual(config["id2label"]["1"], "B-PER")
            self.assertEqual(config["label2id"]["I-LOC"], 4)
            inputs = [[2] + [i for i, _, _, _ in tokenizer.tokenize(text)] + [3]
                      for text in ["Ada Lovelace lived in London.", "Paris"]]
            width = max(map(len, inputs))
            ids = np.array([x + [0] * (width - len(x)) for x in inputs], dtype=np.int64)
            mask = (np.arange(width)[None, :] < np.array([[len(x)] for x in inputs])).astype(np.int64)
            got = numpy_onnx.run(os.path.join(folder, "model.onnx"), {"input_ids": ids, "attention_mask": mask})
            expected = logits_fn(reloaded)(inputs)
            for row, x in enumerate(inputs):
                np.testing.assert_allclose(got["logits"][row, :len(x)], expected[row], atol=1e-5)


if __name__ == "__main__":
    unittest.main()
