"""Persons, motions and linking (ner/linking.py), on invented sentences in the genres' language."""

from __future__ import annotations

import pytest
from policy_kg.ner.linking import link_corpus, parse_name, person_id, surname_of
from policy_kg.ner.pipeline import recognise

from policy_kg.extract import link_across
from policy_kg.model import Document, Extraction
from policy_kg.structure import analyse


def _mentions(text: str, label: str, doc_id: str = "t.txt") -> list[tuple[str, str]]:
    doc = analyse(Document(doc_id, text))
    return [(m.text, m.id) for m in recognise(doc) if m.label == label]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Vragen van het lid Jansen (VVD) aan de minister van Defensie.", [("Jansen", "Jansen")]),
        ("Vragen van de leden Dobbe en Van Dijk (beiden SP) over de export.",
         [("Dobbe", "Dobbe"), ("Van Dijk", "Van Dijk")]),
        ("Dit schreef de minister van Defensie, Ruben Brekelmans, aan de Kamer.",
         [("Ruben Brekelmans", "Ruben Brekelmans")]),
        ("Volgens staatssecretaris van Defensie Tuinman is dat niet nodig.", [("Tuinman", "Tuinman")]),
        ("Antwoord van Minister Veldkamp op vragen van het lid van der Lee.",
         [("Veldkamp", "Veldkamp"), ("van der Lee", "Van der Lee")]),
        ("De minister van Buitenlandse Zaken heeft de Kamer geïnformeerd.", []),
        ("Het lid van de commissie stelde een vraag.", []),
    ],
)
def test_linking_persons_after_titles(text, expected):
    assert _mentions(text, "PERSON") == expected


def test_linking_surname_takes_full_name_of_same_document():
    text = ("Het lid Anne de Boer (CDA) heeft vragen gesteld. Op 3 maart 2025 antwoordde minister Smit. "
            "Het lid De Boer vroeg ook naar de uitvoer.")
    assert _mentions(text, "PERSON") == [("Anne de Boer", "Anne de Boer"), ("Smit", "Smit"), ("De Boer", "Anne de Boer")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("In lijn met motie Van Baarle (21 501-02, nr. 2943) pleit het kabinet.", [("motie Van Baarle", "motie-Van Baarle-21501-02-2943")]),
        ("Het kabinet geeft invulling aan de motie-Piri c.s. over verwerving (36 800-X34).", [("motie-Piri", "motie-Piri-36800-X-34")]),
        ("De Kamer heeft de motie van het lid Teunissen (PvdD) aangenomen.", [("motie", "motie-Teunissen")]),
        ("Een motie over de export werd verworpen.", []),
    ],
)
def test_linking_motions(text, expected):
    assert _mentions(text, "MOTION") == expected


@pytest.mark.parametrize(
    "name, surname",
    [("Ruben Brekelmans", "Brekelmans"), ("Aukje de Vries", "De Vries"), ("Van der Graaf", "Van der Graaf"),
     ("Dilan Yeşilgöz-Zegerius", "Yeşilgöz-Zegerius")],
)
def test_linking_surname_of(name, surname):
    assert surname_of(name) == surname


def test_linking_parse_name_stops_at_lower_case_word():
    text = "het lid Dobbe vroeg"
    name = parse_name(text, len("het lid "))
    assert (name.text, name.has_given) == ("Dobbe", False)
    assert person_id("van der Lee") == "Van der Lee"


def test_linking_corpus_maps_surname_to_the_one_full_name():
    assert link_corpus({"Veldkamp", "Caspar Veldkamp", "Dobbe", "Jan Smit", "Piet Smit", "Smit"}) == {"Veldkamp": "Caspar Veldkamp"}


def test_linking_across_documents_rewrites_mentions_and_facts():
    docs = [analyse(Document("a.txt", "Vragen van het lid Jansen (VVD) over de uitvoer.")),
            analyse(Document("b.txt", "Het lid Piet Jansen (VVD) heeft gevraagd naar de uitvoer."))]
    a, b = (Extraction(d, recognise(d)) for d in docs)
    linked = link_across([a, b])
    assert {m.id for x in linked for m in x.mentions if m.label == "PERSON"} == {"Piet Jansen"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Zie de uitspraak ECLI:NL:GHDHA:2024:191 van het hof.", [("ECLI:NL:GHDHA:2024:191", "ECLI:NL:GHDHA:2024:191")]),
        ("Zie ECLI:NL:HR:2025:1435.", [("ECLI:NL:HR:2025:1435", "ECLI:NL:HR:2025:1435")]),
    ],
)
def test_linking_ecli_is_a_ruling(text, expected):
    assert _mentions(text, "RULING") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # "het Hof" is the court named before it
        ("Het Gerechtshof Den Haag deed uitspraak. Het Hof oordeelde dat de uitvoer moest stoppen.",
         [("ORG", "Gerechtshof Den Haag", "Gerechtshof Den Haag"), ("ORG", "Hof", "Gerechtshof Den Haag")]),
        # ... unless the ruling it goes with shows another court was meant
        ("Het Internationaal Gerechtshof gaf een advies. Het kabinet voert het arrest van het Hof (d.d. 12 februari "
         "2024) uit. Het Hof heeft dat onvoldoende meegewogen.",
         [("ORG", "Internationaal Gerechtshof", "Internationaal Gerechtshof"),
          ("RULING", "arrest", "ECLI:NL:GHDHA:2024:191"), ("ORG", "Hof", "Gerechtshof Den Haag"),
          ("ORG", "Hof", "Gerechtshof Den Haag")]),
        # a ruling the knowledge files do not hold: COURT-YYYY-MM-DD
        ("Zie het vonnis van de rechtbank Den Haag van 3 maart 2023.",
         [("RULING", "vonnis", "Rechtbank Den Haag-2023-03-03"), ("ORG", "rechtbank Den Haag", "Rechtbank Den Haag")]),
        # "het arrest" later on is the ruling named before
        ("Het arrest van het Gerechtshof Den Haag van 12 februari 2024 is uitgevoerd. Het arrest blijft van kracht.",
         [("RULING", "arrest", "ECLI:NL:GHDHA:2024:191"), ("ORG", "Gerechtshof Den Haag", "Gerechtshof Den Haag"),
          ("RULING", "arrest", "ECLI:NL:GHDHA:2024:191")]),
        # generic advice is no ruling
        ("Het kabinet vraagt advies aan de Raad van State.", [("ORG", "Raad van State", "Raad van State")]),
        ("Het Internationaal Gerechtshof deed uitspraak.", [("ORG", "Internationaal Gerechtshof", "Internationaal Gerechtshof")]),
        # "de minister" is no entity; "minister van Defensie" names no ministry
        ("De minister heeft de minister van Defensie gesproken.", []),
        # stand-alone Defensie is the ministry, its compounds are not
        ("Defensie koopt munitie; de Defensie-uitgaven stijgen.", [("ORG", "Defensie", "Ministerie van Defensie")]),
        # "uw Kamer" is the chamber the document is addressed to; the Staat as a party
        ("De Staat voert het vonnis uit en informeert uw Kamer.",
         [("ORG", "Staat", "Staat der Nederlanden"), ("ORG", "Kamer", "Tweede Kamer der Staten-Generaal")]),
    ],
)
def test_linking_context_names_and_rulings(text, expected):
    doc = analyse(Document("t.txt", text, date="2025-06-01"))
    got = [(m.label, m.text, m.id) for m in recognise(doc) if m.label in ("ORG", "RULING", "PERSON")]
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    ("Er is een vergunning voor onbemande vaartuigen van het type Vanguard 12 naar Oekraïne.", [("Vanguard 12", "Vanguard 12")]),
    ("Het gaat om transportvliegtuigen van het type C-130 Hercules.", [("C-130 Hercules", "C-130 Hercules")]),
    ("Dit type vergunning is nieuw.", []),
])
def test_linking_systems_named_by_type(text, expected):
    assert _mentions(text, "SYSTEM") == expected
