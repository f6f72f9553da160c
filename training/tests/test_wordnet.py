"""The WordNet labeller (corpusgraph_train/wordnet.py) on a tiny WordNet written in WordNet's own file
format, and the `wordnet_types` corpus built from it (datasets.wordnet_types)."""

import os
import tempfile
import unittest

import support  # noqa: F401  (import path)
from corpusgraph_train import datasets
from corpusgraph_train.datasets import Corpus, Example, wordnet_types
from corpusgraph_train.sampling import negative_candidates
from corpusgraph_train.wordnet import WordNet, label_sentence

# offset lexfile lemmas hypernyms instance-of (data.noun's fields, in that order)
SYNSETS = [
    ("00000001", 3, ["entity"], [], []),
    ("00000002", 6, ["artifact"], ["00000001"], []),
    ("00000003", 6, ["weapon", "arm"], ["00000002"], []),
    ("00000004", 6, ["gun"], ["00000003"], []),
    ("00000005", 6, ["rifle"], ["00000004"], []),
    ("00000006", 5, ["dog", "domestic_dog"], ["00000007"], []),
    ("00000007", 5, ["canine"], ["00000001"], []),
    ("00000008", 15, ["Paris", "City_of_Light"], [], ["00000009"]),
    ("00000009", 15, ["national_capital"], ["00000010"], []),
    ("00000010", 15, ["capital"], ["00000001"], []),
    ("00000011", 14, ["WHO", "World_Health_Organization"], [], ["00000012"]),
    ("00000012", 14, ["united_nations_agency"], ["00000001"], []),
    ("00000013", 11, ["water_hammer"], ["00000014"], []),
    ("00000014", 11, ["noise"], ["00000001"], []),
    ("00000015", 13, ["bank"], ["00000001"], []),   # four senses in three files: ambiguous
    ("00000016", 14, ["bank"], ["00000001"], []),
    ("00000017", 17, ["bank"], ["00000001"], []),
    ("00000018", 14, ["bank"], ["00000001"], []),
    ("00000019", 17, ["stone"], ["00000001"], []),  # four senses too, but the first is tagged most
    ("00000020", 27, ["stone"], ["00000001"], []),
    ("00000021", 23, ["stone"], ["00000001"], []),
    ("00000022", 5, ["stone"], ["00000001"], []),
]
INDEX_NOUN = {"entity": ["00000001"], "artifact": ["00000002"], "weapon": ["00000003"], "arm": ["00000003"],
              "gun": ["00000004"], "rifle": ["00000005"], "dog": ["00000006"], "canine": ["00000007"],
              "paris": ["00000008"], "national_capital": ["00000009"], "capital": ["00000010"],
              "who": ["00000011"], "united_nations_agency": ["00000012"], "water_hammer": ["00000013"],
              "noise": ["00000014"], "bank": ["00000015", "00000016", "00000017", "00000018"],
              "stone": ["00000019", "00000020", "00000021", "00000022"]}


def write_wordnet(directory):
    with open(os.path.join(directory, "data.noun"), "w", encoding="utf-8") as f:
        f.write("  1 This software and database is being provided to you, the LICENSEE ...\n")
        for offset, lexfile, lemmas, hypers, instance_of in SYNSETS:
            words = " ".join(f"{w} 0" for w in lemmas)
            pointers = [f"@ {h} n 0000" for h in hypers] + [f"@i {h} n 0000" for h in instance_of]
            f.write(f"{offset} {lexfile:02d} n {len(lemmas):02x} {words} {len(pointers):03d} {' '.join(pointers)} "
                    f"| a gloss\n")
    with open(os.path.join(directory, "index.noun"), "w", encoding="utf-8") as f:
        f.write("  1 This software and database is being provided to you, the LICENSEE ...\n")
        for lemma, offsets in INDEX_NOUN.items():
            f.write(f"{lemma} n {len(offsets)} 1 @ {len(offsets)} 0 {' '.join(offsets)}  \n")
    with open(os.path.join(directory, "index.verb"), "w", encoding="utf-8") as f:
        f.write("rifle v 1 0 1 0 00000099  \n")
    with open(os.path.join(directory, "noun.exc"), "w", encoding="utf-8") as f:
        f.write("geese goose\n")
    with open(os.path.join(directory, "cntlist.rev"), "w", encoding="utf-8") as f:
        f.write("stone%1:17:00:: 1 30\nstone%1:27:00:: 2 5\nbank%1:13:00:: 1 3\nbank%1:14:00:: 2 3\n")


class WordNetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        write_wordnet(cls.tmp.name)
        cls.wordnet = WordNet(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def label(self, text, gold=(), blocked=frozenset()):
        words = text.split()
        return [(" ".join(words[s:e + 1]), name) for s, e, name in label_sentence(self.wordnet, words, gold, blocked)]

    def test_types_are_the_nearest_specific_hypernyms_then_the_lexicographer_file(self):
        self.assertEqual(self.wordnet.types("00000005"), ["gun", "weapon", "artifact"])
        self.assertEqual(self.wordnet.types("00000006"), ["canine", "animal"])

    def test_plurals_compounds_and_the_longest_match(self):
        self.assertEqual(sorted(self.label("two dogs heard the water hammer")),
                         [("dogs", "animal"), ("dogs", "canine"), ("water hammer", "event"), ("water hammer", "noise")])

    def test_a_word_that_may_be_a_verb_counts_only_after_a_determiner(self):
        self.assertEqual(self.label("they rifle drawers"), [])
        self.assertEqual(sorted(self.label("they carried the rifles .")),
                         [("rifles", "artifact"), ("rifles", "gun"), ("rifles", "weapon")])

    def test_ambiguous_words_are_skipped_unless_their_first_sense_dominates(self):
        self.assertEqual(self.label("by the bank ."), [])
        self.assertEqual(self.label("a stone ."), [("stone", "natural object")])

    def test_names_are_typed_only_inside_gold_spans_and_never_with_blocked_names(self):
        self.assertEqual(sorted(self.label("Paris said who", gold=[(0, 0, "location")], blocked={"location"})),
                         [("Paris", "capital"), ("Paris", "national capital")])
        self.assertEqual(self.label("near Dogs Inc"), [])          # capitalised: an unannotated name
        self.assertEqual(self.label("Dogs bark"), [("Dogs", "animal"), ("Dogs", "canine")])  # sentence start
        self.assertEqual(self.label("the dog bit", gold=[(1, 1, "person")]), [])  # inside a gold span

    def test_without_common_nouns_only_the_gold_names_are_typed(self):
        words = "Paris has a dog".split()
        self.assertEqual(label_sentence(self.wordnet, words, [(0, 0, "location")], {"location"}, common_nouns=False),
                         [(0, 0, "capital"), (0, 0, "national capital")])

    def test_a_missing_wordnet_says_how_to_install_it(self):
        with self.assertRaisesRegex(FileNotFoundError, "wordnet-base"):
            WordNet(os.path.join(self.tmp.name, "nowhere"))

    def test_the_corpus_is_partial_its_names_are_negatives_only_for_itself(self):
        conll = Corpus("conll2003", "ner", ["location", "person"],
                       {"train": [Example("Paris has a dog".split(), [(0, 0, "location")], "conll2003")] * 25})
        other = Corpus("wnut17", "ner", ["product"], {"train": []})
        corpora = {"conll2003": conll, "wnut17": other}
        corpus = wordnet_types(corpora, self.wordnet, sources=("conll2003",))
        self.assertTrue(corpus.partial and corpus.everywhere)
        self.assertEqual(len(corpus.splits["train"]), 25)
        self.assertEqual(corpus.splits["train"][0].spans,
                         [(0, 0, "capital"), (0, 0, "national capital"), (3, 3, "animal"), (3, 3, "canine")])
        self.assertEqual(corpus.types, ["animal", "canine", "capital", "national capital"])  # 25 >= min count
        corpora["wordnet_types"] = corpus
        self.assertEqual(negative_candidates(corpus, corpora.values()), corpus.types)
        self.assertFalse(set(negative_candidates(other, corpora.values())) & set(corpus.types))

    def test_the_sentence_cap_keeps_a_sample_of_names(self):
        many = Corpus("conll2003", "ner", [], {"train": [Example(["dog"] * 3, [], "conll2003")]})
        old = datasets.WORDNET_MAX_NAMES
        datasets.WORDNET_MAX_NAMES = 1
        try:
            corpus = wordnet_types({"conll2003": many}, self.wordnet, sources=("conll2003",))
        finally:
            datasets.WORDNET_MAX_NAMES = old
        self.assertEqual(len({name for _, _, name in corpus.splits["train"][0].spans}), 1)


if __name__ == "__main__":
    unittest.main()
