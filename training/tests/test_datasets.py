import json
import os
import tempfile
import unittest

import support  # noqa: F401  (import path)
from corpusgraph_train.datasets import (read_bio_corpus, read_cluener, read_columns, read_semeval, read_spert,
                                        read_webnlg, readable_relation, without_handles)
from corpusgraph_train.label_names import readable_types


class CorpusReaderTest(unittest.TestCase):
    """Each reader on a small snippet written here in the corpus's format."""

    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)

    def write(self, name, text):
        path = os.path.join(self.folder.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_bio_with_readable_types(self):
        path = self.write("a.txt", "EU\tB-organisation\nrejects\tO\nGerman\tB-misc\nbeer\tO\n\n"
                                   "Peter\tB-person\nBlackburn\tI-person\n")
        examples = read_bio_corpus(path, "conll2003", {"organisation": "organization", "misc": "miscellaneous",
                                                       "person": "person"})
        self.assertEqual([x.words for x in examples], [["EU", "rejects", "German", "beer"], ["Peter", "Blackburn"]])
        self.assertEqual(examples[0].spans, [(0, 0, "organization"), (2, 2, "miscellaneous")])
        self.assertEqual(examples[1].spans, [(0, 1, "person")])

    def test_cluener_keeps_only_records_whose_entities_are_whole_words(self):
        records = [{"text": "Ada Lovelace met Babbage", "label": {"name": {"Ada Lovelace": [[0, 11]],
                                                                                "Babbage": [[17, 23]]}}},
                   # a run of Chinese characters is one regex word: the entity is inside it
                   {"text": "浙商银行企业信贷部", "label": {"company": {"浙商银行": [[0, 3]]}}}]
        path = self.write("c.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        examples, dropped = read_cluener(path, {"name": "person", "company": "company"})
        self.assertEqual(dropped, 1)
        self.assertEqual(examples[0].words, ["Ada", "Lovelace", "met", "Babbage"])
        self.assertEqual(examples[0].spans, [(0, 1, "person"), (3, 3, "person")])

    def test_spert_relations_index_entities_with_exclusive_ends(self):
        record = {"tokens": "John Smith works for Acme Corp .".split(),
                  "entities": [{"type": "Peop", "start": 0, "end": 2}, {"type": "Org", "start": 4, "end": 6}],
                  "relations": [{"type": "Work_For", "head": 0, "tail": 1}]}
        path = self.write("r.json", json.dumps([record]))
        relations, entities = read_spert(path, "conll04", {"Peop": "person", "Org": "organization"},
                                         {"Work_For": "work for"})
        self.assertEqual(relations[0].relations, [((0, 1), "work for", (4, 5))])
        self.assertEqual(entities[0].spans, [(0, 1, "person"), (4, 5, "organization")])

    def test_webnlg_locates_mentions_and_counts_the_rest(self):
        records = [{"text": "Peter Stöger is manager of 1 . FC Köln .",
                    "triple_list": [["1 . FC Köln", "manager", "Peter Stöger"],
                                    ["1 . FC Köln", "numberOfMembers", "50000"]]}]
        examples, total, unlocated = read_webnlg(self.write("w.json", json.dumps(records)))
        self.assertEqual((total, unlocated), (2, 1))
        self.assertEqual(examples[0].relations, [((5, 8), "manager", (0, 1))])

    def test_semeval_direction_and_other(self):
        path = self.write("s.txt",
                          '1\t"The <e1>configuration</e1> of antenna <e2>elements</e2>."\n'
                          'Component-Whole(e2,e1)\nComment:\n\n'
                          '2\t"The <e1>child</e1> was wrapped into the <e2>cradle</e2>."\nOther\nComment:\n\n')
        first, second = read_semeval(path)
        self.assertEqual(first.words, ["The", "configuration", "of", "antenna", "elements", "."])
        self.assertEqual(first.relations, [((4, 4), "part of", (1, 1))])  # elements is part of configuration
        self.assertEqual(second.relations, [])
        self.assertEqual(second.spans, [(1, 1, "entity"), (6, 6, "entity")])

    def test_multiconer_columns_and_id_lines(self):
        path = self.write("m.conll", "\n# id 5239d808\tdomain=en\neli _ _ B-OtherPER\nlilly _ _ I-OtherPER\n"
                                     "founder _ _ O\nof _ _ O\nthe _ _ O\nbeatles _ _ B-MusicalGRP\n\n"
                                     "# id 77\tdomain=en\n# _ _ O\naspirin _ _ B-Medication/Vaccine\n\n")
        first, second = read_columns(path, "multiconer2_en", readable_types("multiconer2_en"))
        self.assertEqual(first.words, ["eli", "lilly", "founder", "of", "the", "beatles"])
        self.assertEqual(first.spans, [(0, 1, "person"), (5, 5, "band")])
        self.assertEqual(second.words, ["#", "aspirin"])
        self.assertEqual(second.spans, [(1, 1, "medication")])

    def test_anem_takes_the_tag_from_the_last_column(self):
        path = self.write("a.train", "Ventricular\t0\t11\tB-Multi-tissue_structure\nfibrillation\t12\t24\tO\n"
                                     "in\t25\t27\tO\nT\t28\t29\tB-Cell\ncells\t30\t35\tI-Cell\n")
        [example] = read_columns(path, "anem", readable_types("anem"))
        self.assertEqual(example.spans, [(0, 0, "multi-tissue structure"), (3, 4, "cell")])

    def test_wikigold_io_tags_space_separated_and_docstart(self):
        path = self.write("w.txt", "-DOCSTART- O\n\n010 I-MISC\nis O\nby O\nJohn I-PER\nPeel I-PER\n"
                                   "in O\nLeeds I-LOC\n\n")
        [example] = read_columns(path, "wikigold", readable_types("wikigold"))
        self.assertEqual(example.words, ["010", "is", "by", "John", "Peel", "in", "Leeds"])
        self.assertEqual(example.spans, [(0, 0, "miscellaneous"), (3, 4, "person"), (6, 6, "location")])

    def test_tab_separated_bio_corpora_get_v2_names(self):
        path = self.write("c.tsv", "Intraocular\tO\ngenetically\tB-SO\nmice\tB-Taxon\nretinal\tB-CL\n"
                                   "ganglion\tI-CL\ncells\tI-CL\n")
        [example] = read_columns(path, "craft", readable_types("craft"))
        self.assertEqual(example.spans, [(1, 1, "sequence feature"), (2, 2, "taxon"), (3, 5, "cell type")])
        path = self.write("b.tsv", "The\tO\nTGF\tB-Gene_or_gene_product\n-\tI-Gene_or_gene_product\n"
                                   "beta\tI-Gene_or_gene_product\nin\tO\ntumors\tB-Cancer\n")
        [example] = read_columns(path, "bionlp13cg", readable_types("bionlp13cg"))
        self.assertEqual(example.spans, [(1, 3, "gene or gene product"), (5, 5, "cancer")])
        path = self.write("t.conll", "RT\tO\n@ThisIsGaZa\tB-ORG\nAbbas\tB-PER\nin\tO\nGaza\tB-LOC\n")
        [example] = read_columns(path, "btc", readable_types("btc"))
        self.assertEqual(example.spans, [(1, 1, "organization"), (2, 2, "person"), (4, 4, "location")])
        [kept], dropped = without_handles([example])  # BTC's handles go, as WNUT-17 does not type them
        self.assertEqual((kept.spans, dropped), ([(2, 2, "person"), (4, 4, "location")], 1))

    def test_readable_relation_names(self):
        self.assertEqual(readable_relation("birthPlace"), "birth place")
        self.assertEqual(readable_relation("3rd_runway_LengthFeet"), "3rd runway length feet")
        self.assertEqual(readable_relation("has to its north"), "has to its north")


if __name__ == "__main__":
    unittest.main()
