import json
import os
import tempfile
import unittest

import support
from corpusgraph_train import label_names
from corpusgraph_train.datasets import NER_TYPES, V2_NER_FILES, Example, refine_other, webnlg_entities
from corpusgraph_train.zeroshot import ZEROSHOT_LABELS, read_scierc


class LabelTableTest(unittest.TestCase):
    def test_v1_corpora_keep_v1_names(self):
        for corpus, types in NER_TYPES.items():
            self.assertEqual(label_names.readable_types(corpus), types, corpus)

    def test_every_corpus_has_names_and_a_licence(self):
        for corpus in list(V2_NER_FILES) + list(NER_TYPES):
            self.assertIn(corpus, label_names.LABELS)
            self.assertIn(corpus, label_names.CORPORA)
        self.assertEqual(label_names.readable_types("multiconer2_en")["MusicalGRP"], "band")
        self.assertIn("music group", label_names.synonyms()["band"])
        self.assertEqual(label_names.readable_types("craft")["CL"], "cell type")
        self.assertEqual(label_names.LABELS["multiconer2_en"]["Medication/Vaccine"].name, "medication")
        self.assertIn("vaccine", label_names.LABELS["multiconer2_en"]["Medication/Vaccine"].synonyms)
        self.assertEqual(len(label_names.LABELS["multiconer2_en"]), 33)
        self.assertEqual(len(label_names.LABELS["bionlp13cg"]), 16)

    def test_non_commercial_corpora_are_refused_for_a_shipped_model(self):
        self.assertFalse(label_names.shippable("webnlg"))
        self.assertTrue(label_names.shippable("multiconer2_en"))
        self.assertTrue(label_names.shippable("conll2003"))  # licence not stated: allowed, listed as such
        with self.assertRaises(ValueError):
            label_names.check_shippable(["conll2003", "webnlg"])
        with self.assertRaises(ValueError):
            label_names.check_shippable(["a corpus nobody tabled"])
        label_names.check_shippable(["conll2003", "multiconer2_en", "bc2gm"])

    def test_kinds(self):
        self.assertTrue(label_names.same_kind("politician", "person"))
        self.assertTrue(label_names.same_kind("writer", "person"))
        self.assertTrue(label_names.same_kind("gene", "gene or gene product"))
        self.assertFalse(label_names.same_kind("gene", "person"))

    def test_markdown_lists_every_corpus_and_flags_non_commercial(self):
        text = label_names.markdown()
        for corpus in label_names.CORPORA:
            self.assertIn(f"| {corpus} |", text)
        self.assertIn("| webnlg | none stated in this copy; the WebNLG challenge release is CC BY-NC-SA 4.0 | "
                      "**no (non-commercial)**", text)
        self.assertIn("`MusicalGRP` → band (music group, musical group)", text)

    def test_labels_md_is_up_to_date(self):
        with open(os.path.join(support.TRAINING, "LABELS.md"), encoding="utf-8") as f:
            self.assertEqual(f.read(), label_names.markdown() + "\n",
                             "regenerate: cd training && /usr/bin/python3 -m corpusgraph_train.label_names > LABELS.md")

    def test_a_v2_model_card_lists_every_corpus_with_its_licence(self):
        import export_default
        text = export_default.training_data({"data": "v2", "shipped": True, "init_from": "v1-folder"})
        self.assertIn("  - multiconer2_en: CC BY 4.0", text)
        self.assertIn("  - anem: CC BY-SA 3.0", text)
        self.assertNotIn("  - webnlg:", text)
        self.assertIn("- Left out (non-commercial): webnlg, webnlg_entities.", text)
        self.assertIn("Warm-started from `v1-folder`", text)
        self.assertNotIn("wordnet_types", text)  # only a run with the WordNet corpus lists it
        self.assertIn("  - wordnet_types: WordNet 3.0", export_default.training_data({"data": "v2", "wordnet": True}))
        self.assertEqual(export_default.training_data({"encoder": "bge-small-en-v15"}), export_default.V1_DATA)


class DerivedTypesTest(unittest.TestCase):
    def test_webnlg_roles_type_subjects_and_objects(self):
        words = "Alan Bean wrote The Moon , a book published by Acme Press .".split()
        example = Example(words, relations=[((3, 4), "author", (0, 1)), ((3, 4), "publisher", (10, 11)),
                                            ((3, 4), "number of pages", (0, 0))], corpus="webnlg")
        derived = webnlg_entities([example], label_names.WEBNLG_ROLES)
        self.assertEqual(derived[0].spans, [(0, 1, "writer"), (3, 4, "written work"), (10, 11, "publisher")])
        self.assertEqual(derived[0].corpus, "webnlg_entities")
        dish = Example("Bakso is made with noodles .".split(), relations=[((0, 0), "ingredient", (4, 4))])
        self.assertEqual(webnlg_entities([dish], label_names.WEBNLG_ROLES)[0].spans,
                         [(0, 0, "dish"), (4, 4, "ingredient")])
        genre = Example("Aaron plays rock music .".split(), relations=[((0, 0), "genre", (2, 3))])
        self.assertEqual(webnlg_entities([genre], label_names.WEBNLG_ROLES)[0].spans, [(2, 3, "genre")])
        untyped = Example("A is B".split(), relations=[((0, 0), "precededBy", (2, 2))])
        self.assertEqual(webnlg_entities([untyped], label_names.WEBNLG_ROLES), [])

    def test_conll04_other_is_refined_by_its_surface(self):
        cases = {"April": "date", "Dec.": "date", "1988": "date", "Tuesday.": "date", "21 Feb 94": "date",
                 "Oct. 15 , 1979": "date", "4 : 45 a.m.": "time", "1700 GMT": "time", "$160 , 000": "money",
                 "12 billion Slovak crowns": "money", "42 percent": "percentage", "100 mph": "quantity",
                 "370 , 500 acres": "quantity", "Watergate": None, "Americans": None, "Ford": None}
        for text, name in cases.items():
            self.assertEqual(label_names.conll04_other_name(text), name, text)
        example = Example("Ford died in April 1988 .".split(), [(0, 0, "person"), (3, 4, "other")])
        refined, counts = refine_other([example], label_names.conll04_other_name)
        self.assertEqual(refined[0].spans, [(0, 0, "person"), (3, 4, "date"), (3, 4, "other")])
        self.assertEqual(counts, {"date": 1})


class ZeroShotReaderTest(unittest.TestCase):
    def test_scierc_document_offsets_become_sentence_offsets(self):
        document = {"sentences": [["We", "parse", "text", "."], ["A", "CRF", "tagger", "helps", "."]],
                    "ner": [[[1, 1, "Task"]], [[5, 6, "Method"], [4, 4, "Generic"]]], "doc_key": "x"}
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "test.json")
            with open(path, "w", encoding="utf-8") as f:
                f.write(json.dumps(document) + "\n")
            first, second = read_scierc(path, ZEROSHOT_LABELS["scierc"])
        self.assertEqual(first.spans, [(1, 1, "task")])
        self.assertEqual(second.spans, [(0, 0, "generic term"), (1, 2, "method")])


if __name__ == "__main__":
    unittest.main()
