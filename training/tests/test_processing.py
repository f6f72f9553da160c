import unittest

import support
from corpusgraph_train.processing import (PromptEncoder, check_labels, plan_windows, span_tensors, split_words,
                                          batch_tensors)
from corpusgraph_train.wordpiece import WordPieceTokenizer

CONFIG = {"ent_token": "<<ENT>>", "sep_token": "<<SEP>>", "max_len": 384, "max_width": 12}


def words_of(text):
    return [text[s:e] for s, e in split_words(text)]


class SplitWordsTest(unittest.TestCase):
    def test_hyphens_and_underscores_join_words_other_punctuation_splits(self):
        self.assertEqual(words_of("Saint-Denis New_York don't U.S. a--b"),
                         ["Saint-Denis", "New_York", "don", "'", "t", "U", ".", "S", ".", "a", "-", "-", "b"])

    def test_offsets_are_code_points(self):
        text = "\U0001F600 Paris"
        self.assertEqual(split_words(text), [(0, 1), (2, 7)])

    def test_combining_marks_are_words_of_their_own(self):
        self.assertEqual(words_of("Jose\u0301 Zoe\u0308"), ["Jose", "\u0301", "Zoe", "\u0308"])

    def test_cjk_run_is_one_word_and_punctuation_splits(self):
        self.assertEqual(words_of("李明在北京。Tokyo"), ["李明在北京", "。", "Tokyo"])

    def test_python_whitespace_includes_information_separators(self):
        self.assertEqual(words_of("a\x1fb\x07c\u200bd"), ["a", "b", "\x07", "c", "\u200b", "d"])

    def test_lone_surrogate_is_one_word(self):
        self.assertEqual(split_words("a \ud800b"), [(0, 1), (2, 3), (3, 4)])

    def test_null_text_is_an_error(self):
        with self.assertRaisesRegex(ValueError, "null text"):
            split_words(None)


class LabelsTest(unittest.TestCase):
    def test_bad_label_lists_are_errors(self):
        for labels, message in [([], "empty"), (["a", " "], "blank"), (["a", "a"], "duplicate"),
                                (["x <<ENT>>"], "reserved"), (["<<SEP>>"], "reserved")]:
            with self.assertRaisesRegex(ValueError, message):
                check_labels(labels, "<<ENT>>", "<<SEP>>")


class WindowsTest(unittest.TestCase):
    def test_single_window_when_everything_fits(self):
        self.assertEqual(plan_windows([1] * 5, budget=100, max_words=10, overlap=3), [(0, 5)])

    def test_word_limit_with_overlap(self):
        self.assertEqual(plan_windows([1] * 10, budget=100, max_words=4, overlap=2),
                         [(0, 4), (2, 6), (4, 8), (6, 10)])

    def test_token_budget_limits_windows(self):
        self.assertEqual(plan_windows([3, 3, 3, 3], budget=7, max_words=10, overlap=1), [(0, 2), (1, 3), (2, 4)])

    def test_overlap_never_stalls(self):
        # a word that fills the budget alone: the next window starts after it
        self.assertEqual(plan_windows([1, 5, 1], budget=5, max_words=10, overlap=3), [(0, 1), (1, 2), (2, 3)])

    def test_no_words_no_windows(self):
        self.assertEqual(plan_windows([], budget=5, max_words=10, overlap=3), [])


class PromptEncoderTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tokenizer = WordPieceTokenizer.from_file(support.TOKENIZER_JSON)

    def encoder(self, token_limit=512):
        return PromptEncoder(self.tokenizer, CONFIG, token_limit)

    def test_words_mask_marks_first_sub_token_of_each_text_word(self):
        doc = self.encoder().prepare("Lovelace \x07 Paris", ["person"])
        window = doc.encoded[0]
        ids = self.tokenizer.encode_words(["<<ENT>>", "person", "<<SEP>>", "Lovelace", "\x07", "Paris"])[0]
        self.assertEqual(window.input_ids, ids)
        lovelace = len(self.tokenizer.tokenize_word("Lovelace"))
        self.assertEqual(window.words_mask, [0, 0, 0, 0, 1] + [0] * (lovelace - 1) + [3, 0])
        self.assertEqual(window.text_length, 3)

    def test_prompt_too_long_for_the_model_is_an_error(self):
        with self.assertRaisesRegex(ValueError, r"labels take 9 of the model's 20 tokens"):
            self.encoder(token_limit=20).prepare("Paris", ["person", "location", "city"])

    def test_word_longer_than_budget_is_cut_and_alone_in_its_window(self):
        text = "Paris " + "-".join(["x"] * 40) + " Rome"
        doc = self.encoder(token_limit=32).prepare(text, ["city"])  # prompt 5 tokens, budget 27
        self.assertEqual(doc.windows, [(0, 1), (1, 2), (2, 3)])
        self.assertEqual(len(doc.encoded[1].input_ids), 32)

    def test_empty_text_is_an_error(self):
        with self.assertRaisesRegex(ValueError, "empty text"):
            self.encoder().prepare(" \n ", ["person"])


class TensorsTest(unittest.TestCase):
    def test_span_rows_and_mask(self):
        span_idx, span_mask = span_tensors([3, 1], max_width=2)
        self.assertEqual(span_idx.shape, (2, 6, 2))
        self.assertEqual(span_idx[0].tolist(), [[0, 0], [0, 1], [1, 1], [1, 2], [2, 2], [0, 0]])
        self.assertEqual(span_mask[0].tolist(), [True, True, True, True, True, False])
        self.assertEqual(span_mask[1].tolist(), [True, False, False, False, False, False])
        self.assertEqual(span_idx[1].tolist(), [[0, 0]] * 6)

    def test_batch_is_padded_with_zeros(self):
        tokenizer = WordPieceTokenizer.from_file(support.TOKENIZER_JSON)
        encoder = PromptEncoder(tokenizer, CONFIG, 512)
        windows = [encoder.prepare(t, ["city"]).encoded[0] for t in ("Paris and Rome", "Oslo")]
        tensors = batch_tensors(windows, max_width=12)
        self.assertEqual(tensors["attention_mask"].sum(1).tolist(), [len(w.input_ids) for w in windows])
        padding = tensors["input_ids"].shape[1] - len(windows[1].input_ids)
        self.assertGreater(padding, 0)
        self.assertEqual(tensors["input_ids"][1, -padding:].tolist(), [0] * padding)
        self.assertEqual(tensors["text_lengths"].tolist(), [[3], [1]])
        self.assertEqual(tensors["span_idx"].shape, (2, 36, 2))


if __name__ == "__main__":
    unittest.main()
