import unittest

import numpy as np

import support  # noqa: F401
from corpusgraph_train.decoding import (greedy_select, merge_windows, span_candidates, to_entities,
                                        token_candidates)


def logit(p):
    return float(np.log(p / (1 - p)))


class SpanCandidatesTest(unittest.TestCase):
    def test_threshold_is_strict_and_spans_past_the_last_word_are_dropped(self):
        logits = np.full((3, 2, 1), -10.0, dtype=np.float32)
        logits[0, 0, 0] = logit(0.9)
        logits[1, 1, 0] = logit(0.8)   # words 1..2: past the last of 2 words
        logits[1, 0, 0] = 0.0          # p exactly 0.5: not above the threshold
        self.assertEqual(list(span_candidates(logits, num_words=2, threshold=0.5)), [(0, 0, 0)])


class TokenCandidatesTest(unittest.TestCase):
    def test_span_needs_start_end_and_every_inside_score(self):
        scores = np.full((4, 1, 3), -10.0, dtype=np.float32)
        scores[0, 0, 0] = logit(0.9)                          # start at 0
        scores[2, 0, 1] = logit(0.7)                          # end at 2
        scores[3, 0, 1] = logit(0.95)                         # end at 3
        scores[0:3, 0, 2] = [logit(0.8), logit(0.6), logit(0.85)]
        found = token_candidates(scores, num_words=4, threshold=0.5)
        self.assertEqual(list(found), [(0, 2, 0)])            # 0..3 fails: inside score of word 3
        self.assertAlmostEqual(found[(0, 2, 0)], 0.6, places=6)


class MergeAndGreedyTest(unittest.TestCase):
    def test_windows_shift_and_keep_highest_score(self):
        merged = merge_windows([(0, {(2, 3, 0): 0.6}), (2, {(0, 1, 0): 0.7, (1, 1, 1): 0.55})])
        self.assertEqual(merged, {(2, 3, 0): 0.7, (3, 3, 1): 0.55})

    CANDIDATES = {(0, 2, 0): 0.9, (1, 1, 1): 0.8, (2, 3, 0): 0.7, (0, 2, 1): 0.6, (5, 5, 0): 0.55}

    def selected(self, flat_ner, multi_label):
        return [(s, e, c) for s, e, c, _ in greedy_select(self.CANDIDATES, flat_ner, multi_label)]

    def test_flat_rejects_any_overlap(self):
        self.assertEqual(self.selected(True, False), [(0, 2, 0), (5, 5, 0)])

    def test_nested_allows_containment_not_partial_overlap(self):
        self.assertEqual(self.selected(False, False), [(0, 2, 0), (1, 1, 1), (5, 5, 0)])

    def test_multi_label_accepts_the_same_span_again(self):
        self.assertEqual(self.selected(True, True), [(0, 2, 0), (0, 2, 1), (5, 5, 0)])
        self.assertEqual(self.selected(False, True), [(0, 2, 0), (0, 2, 1), (1, 1, 1), (5, 5, 0)])

    def test_ties_go_to_the_smaller_start_end_label(self):
        accepted = greedy_select({(1, 2, 0): 0.7, (0, 1, 1): 0.7, (0, 1, 0): 0.7}, True, False)
        self.assertEqual([a[:3] for a in accepted], [(0, 1, 0)])

    def test_entities_use_code_point_offsets(self):
        text = "\U0001F600 Ada Lovelace"
        words = [(0, 1), (2, 5), (6, 14)]
        self.assertEqual(to_entities([(1, 2, 0, 0.9)], text, words, ["person"]),
                         [{"start": 2, "end": 14, "text": "Ada Lovelace", "label": "person", "score": 0.9}])


if __name__ == "__main__":
    unittest.main()
