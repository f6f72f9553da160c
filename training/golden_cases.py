"""The fixed inputs of the golden files (see make_goldens.py).

Texts are written for these tests (no corpus text is copied). Characters stay within long-established
Unicode (see wordpiece.py) so that Python's and the Rust tokenizer's character tables agree.
"""

import random

NEWS_LABELS = ["person", "location", "organization"]

_PEOPLE = ["Bill Clinton", "Helmut Kohl", "Boris Yeltsin", "Jacques Chirac", "Nelson Mandela", "John Major",
           "Yasser Arafat", "Romano Prodi", "Alan Greenspan", "Kofi Annan", "Pete Sampras", "Steffi Graf"]
_PLACES = ["Germany", "Bonn", "Moscow", "Paris", "South Africa", "London", "Jerusalem", "Rome", "Washington",
           "New York", "Brussels", "Tokyo", "Sydney", "Kenya"]
_ORGS = ["the United Nations", "NATO", "the European Union", "Reuters", "the World Bank", "Microsoft",
         "the Federal Reserve", "Manchester United", "the IMF", "General Motors"]
_TEMPLATES = [
    "{person} met {person2} in {place} on Tuesday .",
    "Officials from {org} said {person} would travel to {place} next week .",
    "{org} reported that prices in {place} rose 2.5 percent in July .",
    "{person} told {org} that talks with {place} had failed .",
    "Shares of {org} fell 40 cents to 12.50 dollars in {place} trading .",
    "The delegation from {place} arrived in {place2} , a spokesman for {org} said .",
    "{person} won the final 6-4 6-3 against {person2} in {place} .",
]


def news_text(sentences, seed, dated=False):
    """Deterministic news-like sentences built from the lists above; `dated` prefixes each with a
    date line (many sub-tokens per word, so windows are cut by the token budget, not the word count)."""
    rng = random.Random(seed)
    out = []
    for day in range(sentences):
        people, places = rng.sample(_PEOPLE, 2), rng.sample(_PLACES, 2)
        if dated:
            out.append(f"{places[0].upper()} 1996-08-{day % 28 + 1:02d} ref-{day * 37 + 1001}-wx-{day % 9}")
        out.append(rng.choice(_TEMPLATES).format(person=people[0], person2=people[1], place=places[0],
                                                 place2=places[1], org=rng.choice(_ORGS)))
    return " ".join(out)


def _long_word(pieces):
    """One regex word (a hyphen chain) whose sub-tokens exceed the model's token budget."""
    return "-".join(["x"] * pieces)


MULTI_LABEL_TEXT = ("Manchester United beat Real Madrid in Tokyo while the New York Times Square office of Reuters "
                    "and the BBC reported from Washington .")

CASES = [
    {"id": "news-basic",
     "text": "Bill Clinton met Helmut Kohl in Bonn on Tuesday , the Reuters news agency said .",
     "labels": NEWS_LABELS},
    {"id": "label-order-reversed",
     "text": "Bill Clinton met Helmut Kohl in Bonn on Tuesday , the Reuters news agency said .",
     "labels": list(reversed(NEWS_LABELS))},
    {"id": "hyphens-underscores-apostrophes",
     "text": "The Franco-German summit near Saint-Denis (France) ended; NATO's envoy met New_York "
             "officials -- and Smith's aide didn't attend!",
     "labels": NEWS_LABELS + ["miscellaneous"]},
    {"id": "digits-and-punctuation",
     "text": "In 1996, 3,500 troops from Germany joined U.N. forces; on 12/08 the IMF paid $1.5bn "
             "(about 40%) to Kenya.",
     "labels": NEWS_LABELS, "threshold": 0.4},
    {"id": "emoji-and-supplementary",
     "text": "Nelson Mandela \U0001F600 visited Paris \U0001F680 with \U0001D401\U0001D428\U0001D425\U0001D41D "
             "friends from \U00020000\U0002000B and Tokyo \U0001F44D.",
     "labels": NEWS_LABELS},
    {"id": "combining-marks",
     "text": "Jose\u0301 Mari\u0301a Aznar and Zoe\u0308 met in Besanc\u0327on with Gonc\u0327alves of "
             "Unio\u0301n Fenosa.",
     "labels": NEWS_LABELS},
    {"id": "accented-latin",
     "text": "Ségolène Royal visited Zürich and São Paulo before talks with Lech Wałęsa in Gdańsk.",
     "labels": NEWS_LABELS},
    {"id": "cjk-without-spaces",
     "text": "李明在北京大学工作。他说Microsoft在上海有办公室，Tokyo也有。",
     "labels": NEWS_LABELS, "threshold": 0.3},
    {"id": "control-characters",
     "text": "Peter\x07 Blackburn\u200b works for\tthe European\x00 Commission\r\nin Brussels\x1f and \x7fLondon.",
     "labels": NEWS_LABELS},
    {"id": "lone-surrogate",
     "text": "Officials in Lisbon \ud800 said Portugal and Spain \udc00signed the deal with NATO.",
     "labels": NEWS_LABELS},
    {"id": "multi-word-labels",
     "text": "Alan Greenspan , born in New York , spoke at the Federal Reserve about the World Bank .",
     "labels": ["person", "date of birth", "financial institution", "city"], "threshold": 0.3},
    {"id": "nested-allowed",
     "text": "Officials of the University of California in Los Angeles and the Bank of England met "
             "the New York Stock Exchange .",
     "labels": NEWS_LABELS, "flat_ner": False, "threshold": 0.3},
    {"id": "nested-flat",
     "text": "Officials of the University of California in Los Angeles and the Bank of England met "
             "the New York Stock Exchange .",
     "labels": NEWS_LABELS, "flat_ner": True, "threshold": 0.3},
    {"id": "multi-label",
     "text": MULTI_LABEL_TEXT,
     "labels": ["organization", "location", "miscellaneous"], "multi_label": True, "threshold": 0.2},
    {"id": "multi-label-nested",
     "text": MULTI_LABEL_TEXT,
     "labels": ["organization", "location", "miscellaneous"], "multi_label": True, "flat_ner": False,
     "threshold": 0.2},
    {"id": "high-threshold",
     "text": news_text(4, seed=1), "labels": NEWS_LABELS, "threshold": 0.8},
    {"id": "low-threshold",
     "text": news_text(4, seed=2), "labels": NEWS_LABELS + ["date"], "threshold": 0.25},
    {"id": "windows-40-overlap-12",
     "text": news_text(14, seed=3), "labels": NEWS_LABELS,
     "max_window_words": 40, "window_overlap_words": 12},
    {"id": "windows-default-long-document",
     "text": news_text(60, seed=4), "labels": NEWS_LABELS},
    {"id": "windows-cut-by-token-budget",
     "text": news_text(40, seed=5, dated=True), "labels": NEWS_LABELS + ["date"]},
    {"id": "word-longer-than-budget",
     "text": "Helmut Kohl " + _long_word(300) + " Bonn and Paris", "labels": NEWS_LABELS},
]

# Relation cases (make_goldens.py writes <model>-relations.json). `relations.threshold` is where the search
# for an unambiguous relation threshold starts; the tiny models' relation scores are low.
TWICE_TEXT = ("Bill Clinton met Helmut Kohl in Bonn on Tuesday . Later Bill Clinton flew from Bonn to Paris "
              "with officials of the World Bank .")
FILLER = " ".join(["and then it was said that so much of it would be there again"] * 3)
RELATION_CASES = [
    {"id": "several-relations",
     "text": "Bill Clinton met Helmut Kohl in Bonn on Tuesday , the Reuters news agency said .",
     "labels": NEWS_LABELS, "threshold": 0.3,
     "relations": {"labels": ["met with", "located in", "works for"], "schema": [], "threshold": 0.1,
                   "min_relations": 2}},
    {"id": "entity-twice",
     "text": TWICE_TEXT, "labels": NEWS_LABELS, "threshold": 0.3,
     "relations": {"labels": ["met with", "traveled to"], "schema": [], "threshold": 0.1, "min_relations": 2}},
    {"id": "schema-filtering",
     "text": TWICE_TEXT, "labels": NEWS_LABELS, "threshold": 0.3,
     "relations": {"labels": ["met with", "traveled to"],
                   "schema": [["person", "location"], ["person", "organization"]], "threshold": 0.2}},
    {"id": "window-without-entities",
     "text": "Bill Clinton met Helmut Kohl in Bonn . " + FILLER + " . Nelson Mandela visited Paris with Kofi Annan .",
     "labels": NEWS_LABELS, "max_window_words": 24, "window_overlap_words": 4,
     "relations": {"labels": ["met with", "located in"], "schema": [], "threshold": 0.2}},
    {"id": "labels-overflow-prompt",
     "text": news_text(5, seed=6), "labels": NEWS_LABELS, "threshold": 0.3,
     "relations": {"labels": ["met with", "located in", "works for", "traveled to", "born in", "headquartered in",
                              "spokesman of", "leader of", "member of", "reported on"],
                   "schema": [], "threshold": 0.2}},
    {"id": "multi-window",
     "text": news_text(10, seed=3), "labels": NEWS_LABELS, "max_window_words": 40, "window_overlap_words": 12,
     "relations": {"labels": ["met with", "located in", "works for"], "schema": [], "threshold": 0.1}},
]

# Cases for the shipped default model (sample-data/models/corpusgraph-bge-small-v1): realistic English at the
# conf defaults (labels person, organization, location; threshold 0.5), so that the Java tests show the real
# model, tokenizer and decoding agree with PyTorch where it matters for users.
DEFAULT_LABELS = ["person", "organization", "location"]
_BIOGRAPHY = [
    "Marie Curie was born in Warsaw and moved to Paris to study physics at the Sorbonne.",
    "Albert Einstein worked at the patent office in Bern before he joined Princeton University.",
    "Nelson Mandela spent many years on Robben Island and later became president of South Africa.",
    "Ada Lovelace corresponded with Charles Babbage about his Analytical Engine in London.",
    "Steve Jobs and Steve Wozniak founded Apple in a garage in Los Altos, California.",
    "Amelia Earhart flew across the Atlantic Ocean and landed in Northern Ireland.",
    "Charles Darwin sailed on HMS Beagle and studied finches on the Galapagos Islands.",
    "Bill Gates and Paul Allen started Microsoft in Albuquerque before moving it to Redmond.",
    "Frida Kahlo painted in Mexico City, where the Blue House is now a museum.",
    "The United Nations opened its headquarters in New York after the Second World War.",
    "Jane Goodall studied chimpanzees in Tanzania for the Jane Goodall Institute.",
    "Wangari Maathai founded the Green Belt Movement in Kenya and won the Nobel Peace Prize.",
]


def biography_text(paragraphs):
    """The sentences above, several times over in rotated order: one long text of ordinary prose."""
    return " ".join(" ".join(_BIOGRAPHY[i:] + _BIOGRAPHY[:i]) for i in range(paragraphs))


DEFAULT_MODEL_CASES = [
    {"id": "news-people-places",
     "text": "Angela Merkel met Emmanuel Macron in Berlin on Monday, a spokesman for the European Commission said.",
     "labels": DEFAULT_LABELS},
    {"id": "company-and-chief",
     "text": "Satya Nadella, the chief executive of Microsoft, opened a new data centre in Dublin, Ireland.",
     "labels": DEFAULT_LABELS},
    {"id": "landmarks",
     "text": "The Eiffel Tower in Paris and the Colosseum in Rome attract millions of visitors every year.",
     "labels": DEFAULT_LABELS + ["landmark"]},
    {"id": "emoji-and-supplementary",
     "text": "Serena Williams \U0001F3BE won in London \U0001F600 and then flew to Tokyo \U0001F680 with "
             "\U0001D401\U0001D428\U0001D425\U0001D41D friends from Nike.",
     "labels": DEFAULT_LABELS},
    {"id": "labels-in-other-order",
     "text": "Barack Obama was born in Honolulu and later taught law at the University of Chicago.",
     "labels": ["location", "person", "organization"]},
    {"id": "nested-organizations",
     "text": "Officials of the Bank of England in London met the chairman of the New York Stock Exchange.",
     "labels": DEFAULT_LABELS, "flat_ner": False},
    {"id": "long-document-windows",
     "text": biography_text(3), "labels": DEFAULT_LABELS},
]

DEFAULT_MODEL_RELATION_CASES = [
    {"id": "works-for-located-in",
     "text": "Tim Cook works for Apple, which is based in Cupertino. The Eiffel Tower is located in Paris.",
     "labels": DEFAULT_LABELS,
     "relations": {"labels": ["works for", "located in", "born in"], "schema": [], "threshold": 0.5}},
    {"id": "born-in",
     "text": "Marie Curie was born in Warsaw and later worked at the University of Paris with Pierre Curie.",
     "labels": DEFAULT_LABELS,
     "relations": {"labels": ["works for", "located in", "born in"], "schema": [], "threshold": 0.5}},
]
