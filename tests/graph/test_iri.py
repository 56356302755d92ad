"""graph/iri.py: the IRI forms of CONTRACT section 5, exactly."""

from __future__ import annotations

import unicodedata

import pytest
from policy_kg.graph.iri import (
    DEF,
    LABELS,
    answer_iri,
    dataset_part_iri,
    entity_iri,
    external_iri,
    external_links,
    goods_iri,
    graph_iri,
    parse_ref,
    predicate_iri,
    question_iri,
    source_iri,
    span_iri,
    statement_iri,
    statement_key,
    term_for_ref,
)
from rdflib import OWL, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from policy_kg.model import Fact, make_fact

ID = "https://w3id.org/policy-kg/id/"


@pytest.mark.parametrize(
    ("label", "id_", "expected"),
    [
        ("LICENCE", "NL007", ID + "licence/NL007"),
        ("COUNTRY", "IL", ID + "country/IL"),
        ("RULING", "ECLI:NL:GHDHA:2024:191", ID + "ruling/ECLI%3ANL%3AGHDHA%3A2024%3A191"),
        ("FACTION", "GroenLinks-PvdA", ID + "faction/GroenLinks-PvdA"),
        ("PERSON", "Ruben Brekelmans", ID + "person/Ruben%20Brekelmans"),
        ("PERSON", "Dilan Yeşilgöz-Zegerius", ID + "person/Dilan%20Ye%C5%9Filg%C3%B6z-Zegerius"),
        ("ORG", "a/b#c?d%e", ID + "org/a%2Fb%23c%3Fd%25e"),
        ("SYSTEM", "F-35_x.y~z", ID + "system/F-35_x.y~z"),
        ("MOTION", "motie-Van Baarle-21501-02-2943", ID + "motion/motie-Van%20Baarle-21501-02-2943"),
        ("DATE", "2025-04-07", ID + "date/2025-04-07"),
        ("MONEY", "68500000", ID + "money/68500000"),
        ("ORG", "..", ID + "org/%2E%2E"),
        ("ORG", "...", ID + "org/..."),
    ],
)
def test_iri_entity_matches_contract_form(label, id_, expected):
    assert entity_iri(label, id_) == URIRef(expected)


def test_iri_predicate_in_def_namespace():
    assert predicate_iri("excludesDestination") == URIRef("https://w3id.org/policy-kg/def#excludesDestination")
    assert predicate_iri("holdsOffice") == DEF.holdsOffice


@pytest.mark.parametrize("bad", ["excludes destination", "", "1abc", "a#b", "def:x"])
def test_iri_predicate_rejects_bad_names(bad):
    with pytest.raises(ValueError, match="predicate"):
        predicate_iri(bad)


def test_iri_every_contract_label_accepted():
    assert len(LABELS) == 14
    for label in LABELS:
        assert str(entity_iri(label, "x")).endswith(f"/{label.lower()}/x")


@pytest.mark.parametrize("label", ["licence", "WEAPON", "", "QUESTION"])
def test_iri_entity_rejects_unknown_label_by_name(label):
    with pytest.raises(ValueError) as info:
        entity_iri(label, "NL007")
    assert repr(label) in str(info.value)


@pytest.mark.parametrize("bad_id", ["", "   "])
def test_iri_entity_rejects_empty_id(bad_id):
    with pytest.raises(ValueError, match="empty"):
        entity_iri("LICENCE", bad_id)


def test_iri_unicode_normal_forms_give_one_iri():
    nfc = "Israël"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    assert entity_iri("PLACE", nfc) == entity_iri("PLACE", nfd)
    assert source_iri(unicodedata.normalize("NFD", "één.txt")) == source_iri("één.txt")


def test_iri_document_question_span_forms():
    doc = "004_29ef86805054f4de.txt"
    assert source_iri(doc) == URIRef(ID + "source/004_29ef86805054f4de.txt")
    assert graph_iri(doc) == URIRef("https://w3id.org/policy-kg/graph/004_29ef86805054f4de.txt")
    assert question_iri(doc, 50) == URIRef(ID + "question/004_29ef86805054f4de.txt/50")
    assert question_iri(doc, "50") == question_iri(doc, 50)
    assert span_iri(doc, 1200, 1420) == URIRef(ID + "span/004_29ef86805054f4de.txt/1200-1420")
    assert goods_iri("nachtzicht\nkijkers  ") == URIRef(ID + "goods/nachtzicht%20kijkers")
    assert source_iri("a b#c.pdf") == URIRef(ID + "source/a%20b%23c.pdf")


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 4), (1.0, 2)])
def test_iri_span_rejects_bad_offsets(start, end):
    with pytest.raises(ValueError):
        span_iri("d.txt", start, end)


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("LICENCE:NL007", URIRef(ID + "licence/NL007")),
        ("COUNTRY:IL", URIRef(ID + "country/IL")),
        ("RULING:ECLI:NL:GHDHA:2024:191", URIRef(ID + "ruling/ECLI%3ANL%3AGHDHA%3A2024%3A191")),
        ("RULING:Internationaal Gerechtshof-2024-07-19", URIRef(ID + "ruling/Internationaal%20Gerechtshof-2024-07-19")),
        ("QUESTION:004_29ef86805054f4de.txt#50", URIRef(ID + "question/004_29ef86805054f4de.txt/50")),
        ("QUESTION:a#b.txt#7", URIRef(ID + "question/a%23b.txt/7")),
        ("minister van Defensie", Literal("minister van Defensie", lang="nl")),
        ("nachtzichtkijkers", Literal("nachtzichtkijkers", lang="nl")),
        ("Let op: geen label", Literal("Let op: geen label", lang="nl")),
        ("licence:NL007", Literal("licence:NL007", lang="nl")),
    ],
)
def test_iri_term_for_ref(ref, expected):
    term = term_for_ref(ref)
    assert term == expected
    assert type(term) is type(expected)


def test_iri_parse_ref_splits_at_first_colon():
    assert parse_ref("RULING:ECLI:NL:GHDHA:2024:191") == ("RULING", "ECLI:NL:GHDHA:2024:191")
    assert parse_ref("QUESTION:004.txt#50") == ("QUESTION", "004.txt", "50")
    assert parse_ref("minister van Defensie") is None


FACT = make_fact("004_29ef86805054f4de.txt", "LICENCE:NL007", "excludesDestination", "COUNTRY:IL", 1200, 1420,
                 valid_from="2025-04-08")


def test_iri_statement_is_a_fixed_value():
    # A literal: the same in every run, process, machine and PYTHONHASHSEED.
    assert statement_key(FACT) == (
        '["004_29ef86805054f4de.txt","LICENCE:NL007","excludesDestination","COUNTRY:IL",'
        '[["valid_from","2025-04-08"]],1200,1420]'
    )
    assert statement_iri(FACT) == URIRef(ID + "statement/1e442c520deeb9a1")


def test_iri_statement_ignores_qualifier_order():
    a = Fact("d.txt", "LICENCE:NL007", "excludesDestination", "COUNTRY:IL", 1, 2,
             (("valid_from", "2025-01-01"), ("valid_until", "2025-12-31")))
    b = Fact("d.txt", "LICENCE:NL007", "excludesDestination", "COUNTRY:IL", 1, 2,
             (("valid_until", "2025-12-31"), ("valid_from", "2025-01-01")))
    assert statement_iri(a) == statement_iri(b)


@pytest.mark.parametrize(
    "changed",
    [
        dict(doc="other.txt"),
        dict(subject="LICENCE:NL010"),
        dict(predicate="concerns"),
        dict(object="COUNTRY:PS"),
        dict(start=1201),
        dict(end=1421),
        dict(qualifiers=(("valid_from", "2025-04-09"),)),
        dict(qualifiers=()),
    ],
)
def test_iri_statement_differs_when_fact_differs(changed):
    fields = dict(doc=FACT.doc, subject=FACT.subject, predicate=FACT.predicate, object=FACT.object,
                  start=FACT.start, end=FACT.end, qualifiers=FACT.qualifiers)
    fields.update(changed)
    assert statement_iri(Fact(**fields)) != statement_iri(FACT)


def test_iri_external_identifiers():
    assert external_iri("wikidata", "Q55") == URIRef("http://www.wikidata.org/entity/Q55")
    assert external_iri("celex", "32021R0821") == URIRef("http://publications.europa.eu/resource/celex/32021R0821")
    assert external_iri("ob", "stcrt-2025-11446") == URIRef("https://zoek.officielebekendmakingen.nl/stcrt-2025-11446")
    assert str(external_iri("ecli", "ECLI:NL:GHDHA:2024:191")).endswith("?id=ECLI:NL:GHDHA:2024:191")


@pytest.mark.parametrize(("scheme", "value"), [("wikidata", "55"), ("celex", "Wet wapens"), ("ecli", "ECLI:EU:C:2020:1"),
                                               ("iso", "IL"), ("ob", "2025Z08791"), ("bwb", "BWBX1"),
                                               ("iso3166_1_alpha3", "IL")])
def test_iri_external_rejects_unknown_or_malformed(scheme, value):
    with pytest.raises(ValueError):
        external_iri(scheme, value)


def test_iri_external_bwb_and_eu_country():
    assert external_iri("bwb", "BWBR0038437") == URIRef("https://wetten.overheid.nl/BWBR0038437")
    assert external_iri("iso3166_1_alpha3", "ISR") == URIRef("http://publications.europa.eu/resource/authority/country/ISR")


PKGDEF = "https://w3id.org/policy-kg/def#"


def notation(value: str, datatype: str) -> tuple:
    return (SKOS.notation, Literal(value, datatype=URIRef(PKGDEF + datatype)))


@pytest.mark.parametrize(
    ("label", "id_", "external", "expected"),
    [
        ("COUNTRY", "IL", None, {(DCTERMS.identifier, Literal("IL")), notation("IL", "ISO3166Alpha2")}),
        ("COUNTRY", "IL", {"iso3166_1_alpha2": "IL", "iso3166_1_alpha3": "ISR", "iso3166_1_numeric": "376"},
         {(DCTERMS.identifier, Literal("IL")), notation("IL", "ISO3166Alpha2"), notation("ISR", "ISO3166Alpha3"),
          notation("376", "ISO3166Numeric"),
          (RDFS.seeAlso, URIRef("http://publications.europa.eu/resource/authority/country/ISR"))}),
        ("LAW", "32021R0821", None, {(DCTERMS.identifier, Literal("32021R0821")), notation("32021R0821", "CELEX"),
                                     (OWL.sameAs, URIRef("http://publications.europa.eu/resource/celex/32021R0821"))}),
        ("LAW", "Algemene wet bestuursrecht", None, {(DCTERMS.identifier, Literal("Algemene wet bestuursrecht"))}),
        ("LAW", "Algemene wet bestuursrecht", {"bwb": "BWBR0005537", "wikidata": "Q2354220"},
         {(DCTERMS.identifier, Literal("Algemene wet bestuursrecht")), notation("BWBR0005537", "BWB"),
          (RDFS.seeAlso, URIRef("https://wetten.overheid.nl/BWBR0005537")), notation("Q2354220", "WikidataQID"),
          (OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q2354220"))}),
        ("RULING", "ECLI:NL:GHDHA:2024:191", None, {
            (DCTERMS.identifier, Literal("ECLI:NL:GHDHA:2024:191")), notation("ECLI:NL:GHDHA:2024:191", "ECLI"),
            (RDFS.seeAlso, URIRef("https://deeplink.rechtspraak.nl/uitspraak?id=ECLI:NL:GHDHA:2024:191"))}),
        ("RULING", "Internationaal Gerechtshof-2024-07-19", {"ecli": "ECLI:UN:ICJ:2024:1"}, {
            (DCTERMS.identifier, Literal("Internationaal Gerechtshof-2024-07-19")), notation("ECLI:UN:ICJ:2024:1", "ECLI")}),
        ("DOCUMENT", "kst-22054-454", None, {(DCTERMS.identifier, Literal("kst-22054-454")),
                                             (RDFS.seeAlso, URIRef("https://zoek.officielebekendmakingen.nl/kst-22054-454"))}),
        # a licence's external ids name the act that establishes it
        ("LICENCE", "EU007", {"celex": "32021R0821"}, {
            (DCTERMS.identifier, Literal("EU007")),
            (URIRef(PKGDEF + "legalBasis"), URIRef("http://publications.europa.eu/resource/celex/32021R0821"))}),
        ("LICENCE", "NL008", {"officielebekendmakingen": "stcrt-2012-11117"}, {
            (DCTERMS.identifier, Literal("NL008")),
            (URIRef(PKGDEF + "legalBasis"), URIRef("https://zoek.officielebekendmakingen.nl/stcrt-2012-11117"))}),
        # malformed and unknown schemes are skipped
        ("PERSON", "Ruben Brekelmans", {"wikidata": "55", "kvk": "123", "celex": ""},
         {(DCTERMS.identifier, Literal("Ruben Brekelmans"))}),
    ],
)
def test_iri_external_links_per_label(label, id_, external, expected):
    assert set(external_links(label, id_, external=external)) == expected


def test_iri_external_links_wikidata_same_as():
    assert (OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q801")) in external_links("COUNTRY", "IL", "Q801")


@pytest.mark.parametrize(("kind", "name", "expected"), [
    ("class", "Licence", "https://w3id.org/policy-kg/dataset/class/Licence"),
    ("distribution", "graph.ttl", "https://w3id.org/policy-kg/dataset/distribution/graph.ttl"),
])
def test_iri_dataset_parts(kind, name, expected):
    assert dataset_part_iri(kind, name) == URIRef(expected)


def test_iri_dataset_part_rejects_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        dataset_part_iri("triples", "x")


def test_iri_answer_beside_question():
    assert answer_iri("a b.txt", 5) == URIRef(ID + "answer/a%20b.txt/5")
    assert str(question_iri("a b.txt", 5)).replace("/question/", "/answer/") == str(answer_iri("a b.txt", 5))
