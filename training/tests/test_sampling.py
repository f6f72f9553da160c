import random
import unittest

import support  # noqa: F401  (import path)
from corpusgraph_train.datasets import PREFIX_WORDS, Corpus, Example, relation_text
from corpusgraph_train.processing import split_words
from corpusgraph_train.sampling import MixedSampler, PromptOptions, ner_instance, related, relation_instance

NO_VARIANTS = PromptOptions(synonym=0.0, case=0.0, drop_present=0.0, keep_absent=1.0)


class RelationInstanceTest(unittest.TestCase):
    def test_prefix_is_part_of_the_text(self):
        text = "Ada works for Acme ."
        words = [relation_text(text)[s:e] for s, e in split_words(relation_text(text))]
        self.assertEqual(PREFIX_WORDS, ["Extract", "relationships", "between", "entities", "from", "the", "text", ":"])
        self.assertEqual(words, PREFIX_WORDS + text.split())

    def test_tails_shift_by_the_prefix_and_labels_name_the_head(self):
        example = Example("Ada Lovelace works for Acme in Paris".split(),
                          [(0, 1, "person"), (4, 4, "organization"), (6, 6, "location")],
                          [((0, 1), "work for", (4, 4)), ((4, 4), "based in", (6, 6))])
        words, labels, spans = relation_instance(example, ["work for", "based in", "live in"], NO_VARIANTS,
                                                 random.Random(3))
        shift = len(PREFIX_WORDS)
        self.assertEqual(words[shift:], example.words)
        self.assertIn((4 + shift, 4 + shift, "Ada Lovelace <> work for"), spans)
        self.assertIn((6 + shift, 6 + shift, "Acme <> based in"), spans)
        self.assertEqual(len(spans), 2)
        self.assertTrue(all(label in labels for _, _, label in spans))
        self.assertEqual(len(labels), len(set(labels)))
        # negatives: the same heads with relations that do not hold
        self.assertIn("Ada Lovelace <> live in", labels)


class NerInstanceTest(unittest.TestCase):
    def test_negatives_exclude_related_types_and_spans_follow_surface_forms(self):
        example = Example(["Acme", "hired", "Ada"], [(0, 0, "corporation"), (2, 2, "person")])
        pool = ["organization", "company", "disease", "chemical", "corporation", "person", "miscellaneous"]
        options = PromptOptions(synonym=0.5, case=0.5, max_negatives=5)
        for seed in range(30):
            _, labels, spans = ner_instance(example, ["corporation", "person"], pool, options, random.Random(seed))
            lowered = {label.lower() for label in labels}
            self.assertFalse(lowered & {"organization", "miscellaneous"})  # related / catch-all: never negatives
            self.assertTrue(all(label in labels for _, _, label in spans))
        self.assertIn("organization", related("corporation"))


class MixedSamplerTest(unittest.TestCase):
    def test_restored_state_gives_the_same_instances(self):
        corpora = {"a": Corpus("a", "ner", ["person"], {"train": [Example(["Ada"], [(0, 0, "person")])]}),
                   "b": Corpus("b", "re", ["work for"], {"train": [Example(["Ada", "at", "Acme"], [],
                                                                            [((0, 0), "work for", (2, 2))])]})}
        sampler = MixedSampler(corpora, PromptOptions(), seed=5)
        state = sampler.state()
        first = [sampler.instance() for _ in range(10)]
        sampler.restore(state)
        self.assertEqual([sampler.instance() for _ in range(10)], first)
        self.assertEqual({len(words) > 1 for words, _, _ in first}, {True, False})  # both corpora drawn


if __name__ == "__main__":
    unittest.main()
