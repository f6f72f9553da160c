import random
import unittest

import support  # noqa: F401  (import path)
from corpusgraph_train.datasets import PREFIX_WORDS, Corpus, Example, relation_text
from corpusgraph_train.processing import split_words
from corpusgraph_train.label_names import kind_of
from corpusgraph_train.sampling import (MixedSampler, PromptOptions, negative_candidates, ner_instance, related,
                                        relation_instance)

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


def v2_corpora():
    """Several small corpora as load_v2_corpora names them (their domains come from label_names)."""
    ner = lambda name, types, examples: Corpus(name, "ner", types, {"train": examples})  # noqa: E731
    people = Example(["Ada", "met", "Alan", "in", "Paris"], [(0, 0, "person"), (2, 2, "person"), (4, 4, "location")])
    return {
        "conll2003": ner("conll2003", ["location", "miscellaneous", "organization", "person"], [people]),
        "multiconer2_en": ner("multiconer2_en", ["band", "politician", "musical work", "city", "food", "medication"],
                              [Example(["obama", "ate", "pizza"], [(0, 0, "politician"), (2, 2, "food")])]),
        "bc2gm": ner("bc2gm", ["gene"], [Example(["p53", "binds", "DNA"], [(0, 0, "gene")])]),
        "bc5cdr": ner("bc5cdr", ["chemical", "disease"], [Example(["aspirin", "cures", "flu"],
                                                                    [(0, 0, "chemical"), (2, 2, "disease")])]),
        "craft": ner("craft", ["cell type", "taxon"], [Example(["mouse", "neurons"], [(0, 0, "taxon"), (1, 1, "cell type")])]),
        "webnlg_entities": Corpus("webnlg_entities", "ner", ["writer", "written work", "dish", "genre"],
                                  {"train": [Example(["Bean", "wrote", "Moon"], [(0, 0, "writer"), (2, 2, "written work")])]},
                                  partial=True),
        "conll04": Corpus("conll04", "re", ["work for", "live in"],
                          {"train": [Example(["Ada", "at", "Acme"], [(0, 0, "person"), (2, 2, "organization")],
                                             [((0, 0), "work for", (2, 2))])]}),
    }


class V2SamplerTest(unittest.TestCase):
    def setUp(self):
        self.corpora = v2_corpora()
        self.sampler = MixedSampler(self.corpora, PromptOptions.v2(max_labels=12), seed=7)
        self.draws = [(self.sampler.corpora[i].name, x) for i, x in self._draw(3000)]

    def _draw(self, n):
        for _ in range(n):
            index = self.sampler.rng.choices(range(len(self.sampler.corpora)), weights=self.sampler.weights)[0]
            corpus, example = self.sampler.corpora[index], self.sampler.rng.choice(self.sampler.examples[index])
            if corpus.task == "re":
                yield index, relation_instance(example, corpus.types, self.sampler.options, self.sampler.rng)
            else:
                from corpusgraph_train.sampling import ner_instance_v2
                yield index, ner_instance_v2(example, corpus.types, self.sampler.candidates[corpus.name],
                                             self.sampler.options, self.sampler.rng, corpus.partial)

    def test_v1_options_are_unchanged(self):
        v1 = PromptOptions()
        self.assertEqual((v1.drop_present, v1.keep_absent, v1.max_negatives, v1.synonym, v1.case, v1.max_labels),
                         (0.1, 0.7, 5, 0.15, 0.1, 25))
        self.assertFalse(v1.kind_negatives)
        self.assertEqual(v1.whole_pool, 0.0)
        self.assertFalse(hasattr(MixedSampler(self.corpora, v1, seed=1), "candidates"))

    def test_labels_are_bounded_distinct_and_hold_every_span(self):
        for _, (words, labels, spans) in self.draws:
            self.assertLessEqual(len(labels), 12)
            self.assertEqual(len(labels), len(set(labels)))
            self.assertTrue(all(label in labels for _, _, label in spans))

    def test_about_half_the_examples_take_many_negatives_from_the_whole_pool(self):
        counts = [len(labels) for name, (_, labels, _) in self.draws if name == "bc2gm"]
        many = sum(n > 6 for n in counts) / len(counts)  # 1 type + 0..5 negatives can never exceed 6
        self.assertGreater(many, 0.25)
        self.assertLess(many, 0.5)
        self.assertEqual(max(counts), 12)

    def test_label_order_is_shuffled_and_types_are_dropped(self):
        orders, dropped = set(), 0
        for name, (_, labels, spans) in self.draws:
            if name == "conll2003":
                orders.add(tuple(label.lower() for label in labels if label.lower() in ("person", "location")))
                dropped += "location" not in {label.lower() for label in labels}
        self.assertIn(("person", "location"), orders)
        self.assertIn(("location", "person"), orders)
        self.assertGreater(dropped, 0)

    def test_negatives_are_never_of_a_kind_the_corpus_annotates(self):
        candidates = negative_candidates(self.corpora["conll2003"], self.corpora.values())
        self.assertNotIn("politician", candidates)  # a politician is a person
        self.assertNotIn("musical work", candidates)  # miscellaneous covers works
        self.assertIn("gene", candidates)
        bio = negative_candidates(self.corpora["bc2gm"], self.corpora.values())
        self.assertNotIn("disease", bio)            # biomedical texts hold each other's unannotated types
        self.assertNotIn("taxon", bio)
        self.assertIn("band", bio)
        for name, (_, labels, spans) in self.draws:
            if name == "multiconer2_en":
                negatives = {label for label in labels if label not in {l for _, _, l in spans}}
                for label in negatives:
                    self.assertFalse({"person"} & kind_of(label.lower()), label)

    def test_a_partial_corpus_gets_no_absent_types_of_its_own(self):
        for name, (_, labels, _) in self.draws:
            if name == "webnlg_entities":
                self.assertFalse({"dish", "genre"} & {label.lower() for label in labels})

    def test_batches_mix_corpora_and_keep_relation_prompts(self):
        names = [name for name, _ in self.draws]
        for i in range(0, 800, 32):
            self.assertGreaterEqual(len(set(names[i:i + 32])), 4)
        self.assertGreater(names.count("conll04"), 100)
        relation_labels = [labels for name, (_, labels, _) in self.draws if name == "conll04"]
        self.assertTrue(all(" <> " in label for labels in relation_labels for label in labels))

    def test_the_sampler_draws_v2_instances_and_resumes(self):
        state = self.sampler.state()
        first = [self.sampler.instance() for _ in range(20)]
        self.sampler.restore(state)
        self.assertEqual([self.sampler.instance() for _ in range(20)], first)


if __name__ == "__main__":
    unittest.main()
