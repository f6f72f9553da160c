"""The one table of v2 label names: every corpus's raw entity type -> readable name and synonyms, each
corpus's licence (and whether a shipped model may use it), and the types derived from relation annotation.

  LABELS[corpus][raw type] = Label(readable name, synonyms, kind)
      name      what the model is prompted with at evaluation time (and most often in training)
      synonyms  other surface forms shown at training time (sampling.surface)
      kind      a coarse class: two names of one kind are never each other's negative (a politician is
                a person; "gene" and "protein" are not wrong for each other), see `same_kind`
  CORPORA[corpus] = CorpusInfo(licence, commercial, domain, note)
      commercial  True: usable in a shipped model; False: non-commercial, excluded (`shippable`);
                  None: no licence stated, used as v1 was, listed as such in the model card
  WEBNLG_ROLES[relation] = (subject name or None, object name or None): DBpedia domain and range
  CONLL04_OTHER: finer names for CoNLL04's `Other` mentions, by their surface (dates, times, money, ...)

`python3 -m corpusgraph_train.label_names` prints the markdown tables of training/README.md.
v1's corpora keep v1's readable names (datasets.NER_TYPES; a test checks it), so v1 is unchanged.
"""

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Label:
    name: str
    synonyms: tuple = ()
    kind: str = ""


@dataclass(frozen=True)
class CorpusInfo:
    licence: str
    commercial: object  # True, False or None (not stated)
    domain: str         # "general", "social", "bio", "relations"
    note: str = ""


def L(name, *synonyms, kind=""):
    return Label(name, tuple(synonyms), kind or name)


PERSON, ORG, LOC, WORK, PRODUCT, MISC = "person", "organization", "location", "work", "product", "misc"
CHEM, GENE, ANAT, ORGANISM, DISEASE = "chemical", "gene", "anatomy", "organism", "disease"

LABELS = {
    "conll2003": {"person": L("person", "people", "person name", "human", kind=PERSON),
                  "location": L("location", "place", "location name", kind=LOC),
                  "organisation": L("organization", "organisation", "organization name", kind=ORG),
                  "misc": L("miscellaneous", "misc", "other named entity", kind=MISC)},
    "wnut17": {"corporation": L("corporation", "company", "business", kind=ORG),
               "creative-work": L("creative work", "work of art", "title of creative work", kind=WORK),
               "group": L("group", "team or group", kind=ORG),
               "location": L("location", "place", kind=LOC),
               "person": L("person", "people", kind=PERSON),
               "product": L("product", "product name", kind=PRODUCT)},
    "bc5cdr": {"Chemical": L("chemical", "chemical compound", "drug", kind=CHEM),
               "Disease": L("disease", "disorder", "disease name", kind=DISEASE)},
    "ncbi_disease": {"Disease": L("disease", "disorder", "disease name", kind=DISEASE)},
    "cluener2020": {"address": L("address", kind=LOC), "book": L("book", kind=WORK),
                    "company": L("company", kind=ORG), "game": L("game", "video game", kind=WORK),
                    "government": L("government", "government body", kind=ORG),
                    "movie": L("movie", "film", kind=WORK), "name": L("person", kind=PERSON),
                    "organization": L("organization", kind=ORG),
                    "position": L("position", "job title", "title", kind="position"),
                    "scene": L("scenic spot", "tourist attraction", kind=LOC)},
    "conll04": {"Peop": L("person", kind=PERSON), "Org": L("organization", kind=ORG),
                "Loc": L("location", kind=LOC), "Other": L("other", kind=MISC)},
    "multiconer2_en": {
        "Artist": L("artist", "musician", "singer", "actor", kind=PERSON),
        "Athlete": L("athlete", "sportsperson", "player", kind=PERSON),
        "Politician": L("politician", kind=PERSON),
        "Scientist": L("scientist", "researcher", kind=PERSON),
        "Cleric": L("cleric", "religious leader", "clergy", kind=PERSON),
        "SportsManager": L("sports manager", "coach", "manager", kind=PERSON),
        "OtherPER": L("person", "people", kind=PERSON),
        "Facility": L("facility", "building", kind=LOC),
        "HumanSettlement": L("city", "town", "village", "human settlement", kind=LOC),
        "Station": L("station", "train station", kind=LOC),
        "OtherLOC": L("location", "place", kind=LOC),
        "MusicalGRP": L("band", "music group", "musical group", kind=ORG),
        "PublicCorp": L("public company", "company", "corporation", kind=ORG),
        "PrivateCorp": L("private company", "company", kind=ORG),
        "AerospaceManufacturer": L("aerospace manufacturer", "aircraft manufacturer", kind=ORG),
        "SportsGRP": L("sports team", "team", "club", kind=ORG),
        "CarManufacturer": L("car manufacturer", "automaker", kind=ORG),
        "ORG": L("organization", "organisation", kind=ORG),
        "VisualWork": L("visual work", "film", "movie", "television show", kind=WORK),
        "MusicalWork": L("musical work", "song", "album", kind=WORK),
        "WrittenWork": L("written work", "book", "novel", "publication", kind=WORK),
        "ArtWork": L("artwork", "work of art", "painting", kind=WORK),
        "Software": L("software", "computer program", "app", kind=PRODUCT),
        "Clothing": L("clothing", "garment", kind=PRODUCT),
        "Drink": L("drink", "beverage", kind=PRODUCT),
        "Food": L("food", "dish", kind=PRODUCT),
        "Vehicle": L("vehicle", "car", kind=PRODUCT),
        "OtherPROD": L("product", kind=PRODUCT),
        "Medication/Vaccine": L("medication", "vaccine", "drug", "medicine", kind=CHEM),
        "MedicalProcedure": L("medical procedure", "treatment", kind="medical procedure"),
        "AnatomicalStructure": L("anatomical structure", "body part", kind=ANAT),
        "Symptom": L("symptom", kind=DISEASE),
        "Disease": L("disease", "illness", kind=DISEASE)},
    "bionlp13cg": {
        "Amino_acid": L("amino acid", kind=CHEM),
        "Anatomical_system": L("anatomical system", "organ system", kind=ANAT),
        "Cancer": L("cancer", "tumor type", kind=DISEASE),
        "Cell": L("cell", "cell type", "cell line", kind=ANAT),
        "Cellular_component": L("cellular component", "cell component", "organelle", kind=ANAT),
        "Developing_anatomical_structure": L("developing anatomical structure", kind=ANAT),
        "Gene_or_gene_product": L("gene or gene product", "gene", "protein", kind=GENE),
        "Immaterial_anatomical_entity": L("immaterial anatomical entity", "body cavity", kind=ANAT),
        "Multi-tissue_structure": L("multi-tissue structure", kind=ANAT),
        "Organ": L("organ", kind=ANAT),
        "Organism": L("organism", "species", kind=ORGANISM),
        "Organism_subdivision": L("organism subdivision", "body region", kind=ANAT),
        "Organism_substance": L("organism substance", "bodily fluid", kind=ANAT),
        "Pathological_formation": L("pathological formation", "lesion", "tumor", kind=DISEASE),
        "Simple_chemical": L("chemical", "simple chemical", "chemical compound", kind=CHEM),
        "Tissue": L("tissue", kind=ANAT)},
    "bionlp13pc": {
        "Cellular_component": L("cellular component", "cell component", kind=ANAT),
        "Complex": L("protein complex", "complex", kind=GENE),
        "Gene_or_gene_product": L("gene or gene product", "gene", "protein", kind=GENE),
        "Simple_chemical": L("chemical", "simple chemical", kind=CHEM)},
    "craft": {
        "CHEBI": L("chemical", "chemical entity", kind=CHEM),
        "CL": L("cell type", "cell", kind=ANAT),
        "GGP": L("gene or gene product", "gene", "protein", kind=GENE),
        "GO": L("biological process or cellular component", "biological process", "gene ontology term",
                kind="go term"),
        "SO": L("sequence feature", "genomic sequence feature", kind="sequence"),
        "Taxon": L("taxon", "species", "organism", kind=ORGANISM)},
    "linnaeus": {"Species": L("species", "organism", "taxon", kind=ORGANISM)},
    "bc2gm": {"GENE": L("gene", "gene or protein", "protein", kind=GENE)},
    "anatem": {"Anatomy": L("anatomical entity", "anatomy", "body part", kind=ANAT)},
    "anem": {
        "Anatomical_system": L("anatomical system", "organ system", kind=ANAT),
        "Cell": L("cell", "cell type", kind=ANAT),
        "Cellular_component": L("cellular component", "cell component", kind=ANAT),
        "Developing_anatomical_structure": L("developing anatomical structure", kind=ANAT),
        "Immaterial_anatomical_entity": L("immaterial anatomical entity", kind=ANAT),
        "Multi-tissue_structure": L("multi-tissue structure", kind=ANAT),
        "Organ": L("organ", kind=ANAT),
        "Organism_subdivision": L("organism subdivision", "body region", kind=ANAT),
        "Organism_substance": L("organism substance", "bodily fluid", kind=ANAT),
        "Pathological_formation": L("pathological formation", "lesion", kind=DISEASE),
        "Tissue": L("tissue", kind=ANAT)},
    "btc": {"PER": L("person", "people", kind=PERSON), "LOC": L("location", "place", kind=LOC),
            "ORG": L("organization", "organisation", kind=ORG)},
    "wikigold": {"PER": L("person", kind=PERSON), "LOC": L("location", kind=LOC),
                 "ORG": L("organization", kind=ORG), "MISC": L("miscellaneous", "misc", kind=MISC)},
}

CORPORA = {
    "conll2003": CorpusInfo("none stated (Reuters RCV1 text, distributed for research)", None, "general",
                            "RCV1's agreement is for research: check before a commercial release"),
    "wnut17": CorpusInfo("CC BY 4.0", True, "social"),
    "bc5cdr": CorpusInfo("CC BY 4.0", True, "bio"),
    "ncbi_disease": CorpusInfo("CC BY 4.0", True, "bio"),
    "cluener2020": CorpusInfo("none stated", None, "general"),
    "conll04": CorpusInfo("none stated", None, "relations"),
    "conll04_entities": CorpusInfo("none stated", None, "general"),
    "semeval2010_task8": CorpusInfo("CC BY 3.0", True, "relations"),
    "webnlg": CorpusInfo("none stated in this copy; the WebNLG challenge release is CC BY-NC-SA 4.0", False,
                         "relations", "non-commercial upstream: kept out of a shipped model"),
    "webnlg_entities": CorpusInfo("as webnlg", False, "general", "types derived from WebNLG triples"),
    "multiconer2_en": CorpusInfo("CC BY 4.0", True, "general"),
    "bionlp13cg": CorpusInfo("CC BY 4.0", True, "bio"),
    "bionlp13pc": CorpusInfo("CC BY 4.0", True, "bio"),
    "craft": CorpusInfo("CC BY 4.0", True, "bio"),
    "linnaeus": CorpusInfo("CC BY 4.0", True, "bio"),
    "bc2gm": CorpusInfo("CC BY 4.0", True, "bio"),
    "anatem": CorpusInfo("CC BY 4.0", True, "bio"),
    "anem": CorpusInfo("CC BY-SA 3.0", True, "bio", "share-alike"),
    "btc": CorpusInfo("CC BY 4.0", True, "social"),
    "wikigold": CorpusInfo("CC BY 4.0", True, "general"),
    "wordnet_types": CorpusInfo("WordNet 3.0 licence (any use, notice kept); texts: datasets.WORDNET_SOURCES", True,
                                "general", "types from WordNet on the shipped general corpora's text"),
}

# catch-all names are no negatives for the kinds they cover, and never negatives themselves
CATCH_ALL = {"miscellaneous": {MISC, WORK, PRODUCT, "event", "nationality", "position"},
             "other": {MISC, "date", "time", "quantity", "nationality", "event", WORK, PRODUCT}}

# ---------------------------------------------------------------------------- derived types

# WebNLG relation -> (readable type of the subject, of the object), from the DBpedia property's domain and
# range; None where the argument is a literal (a number, a code, a date) or its class is too vague.
WEBNLG_ROLES = {
    "author": ("written work", "writer"), "creator": (None, "creator"), "publisher": ("written work", "publisher"),
    "editor": ("publication", "editor"), "notableWork": ("writer", "written work"),
    "genre": (None, "genre"), "starring": ("film", "actor"), "director": ("film", "film director"),
    "architect": ("building", "architect"), "architecturalStyle": ("building", "architectural style"),
    "ingredient": ("dish", "ingredient"), "mainIngredients": ("dish", "ingredient"),
    "dishVariation": ("dish", "dish"), "creatorOfDish": ("dish", "chef"),
    "birthPlace": ("person", "location"), "deathPlace": ("person", "location"),
    "placeOfBirth": ("person", "location"), "placeOfDeath": ("person", "location"),
    "nationality": ("person", "nationality"), "almaMater": ("person", "university"),
    "occupation": ("person", "occupation"), "doctoralAdvisor": ("scientist", "scientist"),
    "influencedBy": ("person", "person"), "child": ("person", "person"), "residence": ("person", "location"),
    "was a crew member of": ("astronaut", "space mission"), "backup pilot": ("space mission", "astronaut"),
    "crewMembers": ("space mission", "astronaut"), "was selected by NASA": ("astronaut", None),
    "club": ("football player", "sports club"), "manager": ("sports club", "sports manager"),
    "league": ("sports club", "sports league"), "ground": ("sports club", "stadium"),
    "youthclub": ("football player", "sports club"), "champions": ("sports league", "sports club"),
    "capital": ("country", "capital city"), "largestCity": ("country", "city"),
    "currency": ("country", "currency"), "officialLanguage": ("country", "language"),
    "language": (None, "language"), "languages": (None, "language"), "spokenIn": ("language", "country"),
    "ethnicGroup": ("country", "ethnic group"), "ethnicGroups": ("country", "ethnic group"),
    "demonym": ("country", "demonym"), "anthem": ("country", "anthem"),
    "leaderName": ("location", "political leader"), "leader": (None, "leader"),
    "leaderTitle": (None, "title"), "leaderParty": (None, "political party"),
    "governingBody": (None, "organization"), "legislature": ("country", "legislature"),
    "religion": (None, "religion"), "patronSaint": ("location", "saint"),
    "cityServed": ("airport", "city"), "hubAirport": ("airline", "airport"),
    "operatingOrganisation": ("airport", "organization"), "runwayName": ("airport", "runway"),
    "aircraftFighter": ("country", "aircraft"), "aircraftHelicopter": ("country", "helicopter"),
    "attackAircraft": ("country", "aircraft"), "transportAircraft": ("country", "aircraft"),
    "battles": ("military unit", "battle"), "commander": ("military unit", "military commander"),
    "headquarter": ("organization", "location"), "headquarters": ("organization", "location"),
    "foundationPlace": ("company", "location"), "foundedBy": ("organization", "founder"),
    "founder": ("organization", "founder"), "keyPerson": ("organization", "person"),
    "parentCompany": ("company", "company"), "product": ("company", "product"),
    "owner": (None, "owner"), "tenant": ("building", "organization"), "currentTenants": ("building", "organization"),
    "dean": ("university", "person"), "rector": ("university", "person"), "chancellor": ("university", "person"),
    "president": (None, "person"), "chairman": ("organization", "person"),
    "academicDiscipline": ("academic journal", "academic discipline"),
    "affiliation": ("university", "organization"), "affiliations": ("university", "organization"),
    "award": (None, "award"), "awards": (None, "award"),
    "broadcastedBy": ("television show", "broadcaster"), "series": (None, "series"),
    "mediaType": ("written work", "media type"), "precededBy": (None, None), "followedBy": (None, None),
    "country": (None, "country"), "state": (None, "state"), "region": (None, "region"),
    "city": (None, "city"), "locationCity": (None, "city"), "district": (None, "district"),
    "municipality": (None, "municipality"), "isPartOf": (None, "location"),
    "river": (None, "river"), "family": ("species", "taxonomic family"), "genus": ("species", "genus"),
    "order": ("species", "taxonomic order"), "class": ("species", "taxonomic class"),
    "material": (None, "material"), "significantBuilding": ("architect", "building"),
    "compete in": ("athlete", "sports event"), "sportsGoverningBody": ("sport", "sports governing body"),
}

_MONTHS = (r"jan(uary|\.)?|feb(ruary|\.)?|mar(ch|\.)?|apr(il|\.)?|may|june?|july?|aug(ust|\.)?|"
           r"sept?(ember|\.)?|oct(ober|\.)?|nov(ember|\.)?|dec(ember|\.)?")
_DAYS = r"(mon|tues|wednes|thurs|fri|satur|sun)day\.?"
# first match wins; CoNLL04 annotates every date, time, amount and such as `Other`
CONLL04_OTHER = [
    ("money", re.compile(r"^\$|\b(dollars?|crowns|pounds|yen|marks|francs)\b", re.I)),
    ("percentage", re.compile(r"\b(percent|per cent)\b|%", re.I)),
    ("time", re.compile(r"\bgmt\b|a\.m\.|p\.m\.|o 'clock|^\d\d?[:.]\d\d$", re.I)),
    ("date", re.compile(rf"^(\d+ )?({_MONTHS})\b|\b({_MONTHS}) \d|^({_DAYS})$|^(1[89]|20)\d\d$", re.I)),
    ("quantity", re.compile(r"\b(mph|miles?|acres?|hectares|feet|foot|inch(es)?|yards?|tonnes?|tons?|"
                            r"kilometers?|km|years?|million|billion)\b", re.I)),
]


def conll04_other_name(text):
    """A finer readable type for a CoNLL04 `Other` mention, or None when no rule says."""
    for name, pattern in CONLL04_OTHER:
        if pattern.search(text):
            return name
    return None


# ---------------------------------------------------------------------------- lookups

def readable_types(corpus):
    """{raw type: readable name} of an NER corpus."""
    return {raw: label.name for raw, label in LABELS[corpus].items()}


def synonyms():
    """{readable name: [other surface forms]}, merged over all corpora (training only)."""
    merged = {}
    for table in LABELS.values():
        for label in table.values():
            forms = merged.setdefault(label.name, [])
            forms += [s for s in label.synonyms if s not in forms and s != label.name]
    return merged


def kinds():
    """{readable name: set of kinds} over all corpora (derived names: their own kind)."""
    result = {}
    for table in LABELS.values():
        for label in table.values():
            result.setdefault(label.name, set()).add(label.kind)
    return result


DERIVED_KIND = {  # derived names that are a kind of a tabled one
    "writer": PERSON, "actor": PERSON, "film director": PERSON, "architect": PERSON, "chef": PERSON,
    "editor": PERSON, "creator": PERSON, "astronaut": PERSON, "football player": PERSON, "founder": PERSON,
    "political leader": PERSON, "leader": PERSON, "military commander": PERSON, "saint": PERSON, "owner": PERSON,
    "sports manager": PERSON, "athlete": PERSON, "scientist": PERSON, "person": PERSON,
    "publisher": ORG, "university": ORG, "sports club": ORG, "sports league": ORG, "political party": ORG,
    "airline": ORG, "legislature": ORG, "broadcaster": ORG, "company": ORG, "military unit": ORG,
    "sports governing body": ORG, "organization": ORG,
    "country": LOC, "city": LOC, "capital city": LOC, "state": LOC, "region": LOC, "district": LOC,
    "municipality": LOC, "river": LOC, "airport": LOC, "stadium": LOC, "building": LOC, "location": LOC,
    "runway": LOC, "written work": WORK, "film": WORK, "television show": WORK, "publication": WORK,
    "academic journal": WORK, "anthem": WORK, "series": WORK, "dish": PRODUCT, "ingredient": PRODUCT,
    "aircraft": PRODUCT, "helicopter": PRODUCT, "product": PRODUCT, "species": ORGANISM,
    "date": "date", "time": "time", "money": "quantity", "percentage": "quantity", "quantity": "quantity",
    "nationality": "nationality", "demonym": "nationality", "ethnic group": "nationality",
}


def kind_of(name):
    """The kinds of a readable name (a name used by several corpora may have several)."""
    found = set(kinds().get(name, set()))
    if name in DERIVED_KIND:
        found.add(DERIVED_KIND[name])
    return found or {name}


def same_kind(a, b):
    return bool(kind_of(a) & kind_of(b))


def shippable(corpus):
    """A shipped model may be trained on this corpus: its licence is not non-commercial."""
    return CORPORA[corpus].commercial is not False


def check_shippable(corpus_names):
    """Raises when a corpus a shipped model would be trained on is non-commercial (or not tabled)."""
    unknown = [name for name in corpus_names if name not in CORPORA]
    bad = [name for name in corpus_names if name in CORPORA and not shippable(name)]
    if unknown or bad:
        raise ValueError(f"not for a shipped model: non-commercial {bad}, no licence in label_names.CORPORA "
                         f"{unknown}")


# ---------------------------------------------------------------------------- documentation

def markdown():
    """training/LABELS.md (a test checks that the file is up to date)."""
    lines = ["# v2 label names, licences and derived types", "",
             "Generated from `training/corpusgraph_train/label_names.py` by "
             "`/usr/bin/python3 -m corpusgraph_train.label_names > LABELS.md` (run in training/); edit the "
             "table there, not here. The first name is what the model is prompted with; the names in brackets are "
             "synonyms shown at training time. A corpus marked **no** is left out of a shipped model "
             "(`datasets.load_v2_corpora(shipped=True)`, `label_names.check_shippable`).", "",
             "| corpus | licence | shipped model | raw type → readable name (synonyms) |", "|---|---|---|---|"]
    for corpus, info in CORPORA.items():
        flag = {True: "yes", False: "**no (non-commercial)**", None: "yes (licence not stated)"}[info.commercial]
        names = "; ".join(f"`{raw}` → {label.name}" + (f" ({', '.join(label.synonyms)})" if label.synonyms else "")
                          for raw, label in LABELS.get(corpus, {}).items())
        lines.append(f"| {corpus} | {info.licence} | {flag} | {names or '-'} |")
    lines += ["", "## Derived types", "", "WebNLG (`webnlg_entities`, partially annotated: no absent-type negatives): "
              "the subject and object of a located triple get the DBpedia property's domain and range "
              "(`datasets.webnlg_entities`); relations not listed give no type.", "",
              "| WebNLG relation | subject type | object type |", "|---|---|---|"]
    for relation, (subject, obj) in WEBNLG_ROLES.items():
        lines.append(f"| {relation} | {subject or '-'} | {obj or '-'} |")
    lines += ["", "CoNLL04 (`conll04_entities`): every `Other` mention keeps \"other\" and also gets the first name "
              "whose rule matches its text (`datasets.refine_other`; CoNLL04 annotates all dates, times and "
              "amounts as `Other`, so these names are complete there).", "",
              "| CoNLL04 `Other` → | rule (first match, on the mention's text) |", "|---|---|"]
    for name, pattern in CONLL04_OTHER:
        lines.append(f"| {name} | `{pattern.pattern.replace('|', '&#124;')}` |")
    lines += ["", "WordNet (`wordnet_types`, train option `wordnet`; partially annotated): the train text of the general "
              "corpora in `datasets.WORDNET_SOURCES` labelled by `corpusgraph_train/wordnet.py`: a gold name that is a "
              "WordNet instance gets its hypernyms' names (Paris → national capital, capital), an unambiguous common "
              "noun its nearest specific hypernyms' names and its lexicographer file's name (rifles → gun, weapon, "
              "artifact). Names the corpora above annotate on names only (person, organization, ...) are never given."]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())
