import unittest

import support
from corpusgraph_train.wordpiece import BertNormalizer, WordPieceTokenizer, bert_pre_tokenize


class WordPieceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tokenizer = WordPieceTokenizer.from_file(support.TOKENIZER_JSON)

    def ids(self, *tokens):
        return [self.tokenizer.token_id(t) for t in tokens]

    def test_known_bert_ids(self):
        self.assertEqual(self.tokenizer.encode_words(["Hello", "world"])[0], [101, 7592, 2088, 102])

    def test_word_pieces_use_the_continuation_prefix(self):
        self.assertEqual(self.tokenizer.tokenize_word("unaffable"), self.ids("una", "##ffa", "##ble"))

    def test_lowercases_and_strips_accents(self):
        self.assertEqual(self.tokenizer.tokenize_word("ZÜRICH"), self.tokenizer.tokenize_word("zurich"))
        self.assertEqual(self.tokenizer.tokenize_word("Jose\u0301"), self.tokenizer.tokenize_word("jose"))

    def test_punctuation_is_split_off(self):
        self.assertEqual(self.tokenizer.tokenize_word("U.S."), self.ids("u", ".", "s", "."))

    def test_chinese_characters_are_single_pieces(self):
        self.assertEqual(self.tokenizer.tokenize_word("北京"), self.ids("北", "京"))

    def test_control_characters_and_replacement_character_are_removed(self):
        self.assertEqual(self.tokenizer.tokenize_word("\x07"), [])
        self.assertEqual(self.tokenizer.tokenize_word("\ufffd"), [])
        self.assertEqual(self.tokenizer.tokenize_word("\u200b"), [])
        self.assertEqual(self.tokenizer.tokenize_word("ab\x00c"), self.tokenizer.tokenize_word("abc"))

    def test_combining_mark_alone_yields_no_token(self):
        self.assertEqual(self.tokenizer.tokenize_word("\u0301"), [])

    def test_unknown_and_overlong_words_become_unk(self):
        self.assertEqual(self.tokenizer.tokenize_word("\u2603\u2603"), [100])
        self.assertEqual(self.tokenizer.tokenize_word("a" * 101), [100])
        self.assertNotEqual(self.tokenizer.tokenize_word("a" * 100), [100])

    def test_added_tokens_are_matched_before_normalization(self):
        self.assertEqual(self.tokenizer.tokenize_word("<<ENT>>"), [30522])
        self.assertEqual(self.tokenizer.tokenize_word("<<SEP>>"), [30523])
        self.assertEqual(self.tokenizer.tokenize_word("x<<ENT>>y"), self.ids("x") + [30522] + self.ids("y"))
        self.assertEqual(self.tokenizer.tokenize_word("<<ent>>"), self.ids("<", "<", "en", "##t", ">", ">"))

    def test_multi_word_label_is_one_word_with_several_tokens(self):
        ids, word_ids = self.tokenizer.encode_words(["<<ENT>>", "date of birth", "<<SEP>>", "Paris"])
        self.assertEqual(ids, [101, 30522] + self.ids("date", "of", "birth") + [30523] + self.ids("paris") + [102])
        self.assertEqual(word_ids, [None, 0, 1, 1, 1, 2, 3, None])

    def test_normalizer_maps_whitespace_and_keeps_final_sigma_rule_out(self):
        normalizer = BertNormalizer({"clean_text": True, "handle_chinese_chars": True, "lowercase": True})
        self.assertEqual(normalizer.normalize("A\u00a0B\tC"), "a b c")
        self.assertEqual(normalizer.normalize("ΟΔΟΣ"), "οδοσ")

    def test_pre_tokenizer_isolates_punctuation(self):
        self.assertEqual(bert_pre_tokenize("don't stop-now"), ["don", "'", "t", "stop", "-", "now"])


if __name__ == "__main__":
    unittest.main()
