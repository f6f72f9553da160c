import unittest

import numpy as np

import support
from corpusgraph_train.processing import PromptEncoder
from corpusgraph_train.relations import LABEL_RESERVE, RelationReference, label_text, match
from corpusgraph_train.wordpiece import WordPieceTokenizer

CONFIG = {"ent_token": "<<ENT>>", "sep_token": "<<SEP>>", "max_len": 384, "max_width": 4}
TEXT = "Ada Lovelace met Charles Babbage in London and Ada Lovelace wrote in Paris ."
NER_LABELS = ["person", "location"]
# (start word, end word, label, text) as the NER pass would give them
ENTITIES = [(0, 1, "person", "Ada Lovelace"), (3, 4, "person", "Charles Babbage"), (6, 6, "location", "London"),
            (8, 9, "person", "Ada Lovelace"), (12, 12, "location", "Paris")]


class FakeModel:
    """Scores that depend only on (label text, tail words), never on the other labels of the prompt,
    so that one pass and several passes must agree. Logits [W, K, C] as a span model gives them."""

    def __init__(self, tokenizer, tails, prefix_words):
        self.tokenizer, self.tails, self.prefix = tokenizer, tails, prefix_words
        self.calls = 0

    def labels_of(self, input_ids):
        ent, sep = self.tokenizer.token_id("<<ENT>>"), self.tokenizer.token_id("<<SEP>>")
        labels, current = [], None
        for token in input_ids[1:input_ids.index(sep) + 1]:
            if token in (ent, sep):
                if current is not None:
                    labels.append(tuple(current))
                current = []
            else:
                current.append(token)
        return labels

    def __call__(self, encoded):
        self.calls += 1
        known = {tuple(self.tokenizer.tokenize_word(label)): label for label in self.tails}
        labels = [known.get(ids) for ids in self.labels_of(encoded.input_ids)]
        logits = np.full((encoded.text_length, CONFIG["max_width"], len(labels)), -9.0, dtype=np.float32)
        for c, label in enumerate(labels):
            for (s, e), p in self.tails.get(label, {}).items():
                logits[s + self.prefix, e - s, c] = np.log(p / (1 - p))
        return logits


class RelationReferenceTest(unittest.TestCase):
    def setUp(self):
        self.tokenizer = WordPieceTokenizer.from_file(support.TOKENIZER_JSON)

    def reference(self, token_limit, tails):
        encoder = PromptEncoder(self.tokenizer, CONFIG, token_limit)
        probe = RelationReference(encoder, self.tokenizer, "markerV0", None)
        model = FakeModel(self.tokenizer, tails, len(probe.prefix_tokens))
        return RelationReference(encoder, self.tokenizer, "markerV0", model), model

    def run_case(self, token_limit, tails, relations=("met", "lives in"), schema=()):
        reference, model = self.reference(token_limit, tails)
        prepared = reference.encoder.prepare(TEXT, NER_LABELS, reserved_tokens=reference.reserved()[0],
                                             reserved_words=reference.reserved()[1])
        return reference.extract(prepared, ENTITIES, list(relations), list(schema), 0.5), model

    def test_prefix_is_the_eight_words_of_gliners_prompt(self):
        reference, _ = self.reference(512, {})
        self.assertEqual(len(reference.prefix_tokens), 8)

    def test_heads_are_unique_texts_relation_major(self):
        result, _ = self.run_case(512, {})
        labels = result.passes[0][1]
        self.assertEqual(labels[:4], ["Ada Lovelace <> met", "Charles Babbage <> met", "London <> met", "Paris <> met"])
        self.assertEqual(len(labels), 8)

    def test_tail_matched_to_entity_and_head_to_nearest_mention(self):
        tails = {label_text("Ada Lovelace", "lives in"): {(12, 12): 0.9},   # Paris: the second Ada is nearer
                 label_text("Charles Babbage", "met"): {(0, 1): 0.8}}
        result, _ = self.run_case(512, tails)
        self.assertEqual([(r["head"], r["tail"], r["relation"]) for r in result.relations],
                         [(1, 0, "met"), (3, 4, "lives in")])
        self.assertEqual(result.dropped, 0)

    def test_tail_without_entity_is_dropped_and_counted(self):
        result, _ = self.run_case(512, {label_text("London", "met"): {(2, 2): 0.9}})   # "met" is no entity
        self.assertEqual(result.relations, [])
        self.assertEqual(result.dropped, 1)

    def test_entity_is_never_its_own_head(self):
        result, _ = self.run_case(512, {label_text("London", "met"): {(6, 6): 0.9}})
        self.assertEqual((result.relations, result.dropped), ([], 1))

    def test_schema_limits_heads_and_filters_pairs_without_counting(self):
        tails = {label_text("London", "met"): {(0, 1): 0.9}, label_text("Ada Lovelace", "met"): {(3, 4): 0.9}}
        result, _ = self.run_case(512, tails, schema=[("person", "location")])
        self.assertTrue(all(not label.startswith(("London", "Paris")) for _, labels in result.passes for label in labels))
        self.assertEqual((result.relations, result.dropped), ([], 0))   # person -> person is not allowed

    def test_tails_in_the_prefix_are_dropped(self):
        reference, model = self.reference(512, {})
        model.prefix = 0                      # the fake now scores prefix words 0..1
        model.tails = {label_text("London", "met"): {(0, 1): 0.9}}
        prepared = reference.encoder.prepare(TEXT, NER_LABELS, reserved_tokens=reference.reserved()[0])
        result = reference.extract(prepared, ENTITIES, ["met"], [], 0.5)
        self.assertEqual((result.relations, result.dropped), ([], 0))

    def test_labels_that_overflow_split_into_passes_with_the_same_result(self):
        relations = [f"relation number {i}" for i in range(12)]
        tails = {label_text("Ada Lovelace", relations[11]): {(6, 6): 0.9},
                 label_text("Paris", relations[0]): {(3, 4): 0.7}}
        whole, one = self.run_case(512, tails, relations)
        split, several = self.run_case(LABEL_RESERVE + 40, tails, relations)
        self.assertEqual(len(whole.passes), 1)
        self.assertGreater(len(split.passes), 2)
        self.assertEqual(sum(len(labels) for _, labels in split.passes), 48)
        self.assertEqual(whole.relations, split.relations)
        self.assertEqual(len(split.relations), 2)
        self.assertEqual(several.calls, len(split.passes))

    def test_match_prefers_the_earlier_head_on_equal_gaps(self):
        entities = [(0, 0, "a", "X"), (2, 2, "b", "Y"), (4, 4, "a", "X")]
        self.assertEqual(match(entities, (2, 2), "X", []), (0, 1))
        self.assertIsNone(match(entities, (3, 3), "X", []))


if __name__ == "__main__":
    unittest.main()
