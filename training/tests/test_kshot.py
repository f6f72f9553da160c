"""kshot_curves.py's sampling, the sentences a run is scored on, and its chart (no ner-dev data needed)."""

import os
import tempfile
import unittest
import xml.dom.minidom

import support  # noqa: F401  (the import path)
import kshot_curves


def sentence(*types):
    words, tags = [], []
    for i, t in enumerate(types):
        words += [f"w{i}", "and"]
        tags += [f"B-{t}" if t else "O", "O"]
    return words, tags


class KshotTest(unittest.TestCase):
    def setUp(self):
        self.train = [sentence("A"), sentence("B"), sentence("A", "B"), sentence(None), sentence("A"),
                      sentence("B"), sentence("C"), sentence("A", "C"), sentence("B"), sentence(None)]

    def test_sample_k_gives_every_type_k_sentences_or_all_it_has(self):
        for seed in (1, 2, 3):
            sample = kshot_curves.sample_k(self.train, 2, seed)
            counts = {}
            for _, tags in sample:
                for t in kshot_curves.types_in(tags):
                    counts[t] = counts.get(t, 0) + 1
            self.assertTrue(all(counts[t] >= 2 for t in "ABC"), counts)
            self.assertTrue(all(kshot_curves.types_in(tags) for _, tags in sample))  # no empty sentence
            self.assertEqual(sample, kshot_curves.sample_k(self.train, 2, seed))    # seeded

    def test_a_set_without_a_dev_split_is_scored_outside_the_sample_and_never_on_test(self):
        self.assertIsNone(kshot_curves.SETS["re3d"][1])
        sample = kshot_curves.sample_k(self.train, 1, 7)
        scored, name = kshot_curves.sentences_to_score("re3d", self.train, sample, "dev", 1, 7)
        self.assertEqual(name, "re3d-k1-s7-outside-sample-dev")
        self.assertEqual(len(scored), len(self.train) - len(sample))
        self.assertFalse({id(x) for x in scored} & {id(x) for x in sample})

    def test_the_chart_is_svg_with_a_line_per_method_and_error_bars_over_seeds(self):
        groups = {("re3d", 5, "lora"): [0.5, 0.6], ("re3d", 10, "lora"): [0.6, 0.62],
                  ("re3d", 5, "zero-shot"): [0.3, 0.3], ("re3d", 10, "zero-shot"): [0.3, 0.3]}
        with tempfile.TemporaryDirectory() as out:
            path = os.path.join(out, "kshot.svg")
            kshot_curves._draw_svg(groups, ["re3d"], ["lora", "zero-shot"], path)
            doc = xml.dom.minidom.parse(path)
        self.assertEqual(len(doc.getElementsByTagName("polyline")), 2)
        self.assertEqual(len(doc.getElementsByTagName("line")), 2)  # lora's two k with sd > 0


class KeepRulesTest(unittest.TestCase):
    def test_the_rules_compare_keep_py_scores(self):
        import compare_keep
        rules = compare_keep.rules([0.2, 0.6, 0.3, 0.5, 0.6, 0.5, 0.2])  # held-out F1 after each epoch
        self.assertEqual(rules, {"best": [1], "last": [6], "smoothed": [4], "avg3": [4, 5, 6]})


if __name__ == "__main__":
    unittest.main()
