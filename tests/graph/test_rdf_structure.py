"""graph/rdf.py: document structure (questions, answers, committee, chamber, genre), knowledge-file links, context spans."""

from __future__ import annotations

import json

import pytest
from policy_kg.graph.iri import (
    answer_iri,
    entity_iri,
    question_iri,
    source_iri,
    span_iri,
)
from policy_kg.graph.rdf import (
    OA,
    build_dataset,
    chamber_id,
    committee_id,
    knowledge_maps,
)
from policy_kg.ner.knowledge import DATA_DIR, load_entries
from policy_kg.ontology import GENRE_CONCEPTS, PKG
from rdflib import OWL, RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from policy_kg.model import Document, Extraction, Mention, Question, make_fact

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")

DOC = "q.txt"
TEXT = (
    "Vraag 1\nWelke vergunningen gelden voor Israël?\n"
    "Vraag 2\nEn voor Egypte?\n"
    "Antwoord vraag 1 en 2\nDe NL007 geldt niet voor Israël en Egypte.\n"
    "Vraag 3\nWat zegt het Hof?\n"
    "Antwoord 3\nZie het antwoord op vraag 1 en 2.\n"
)


def span(needle: str) -> tuple[int, int]:
    i = TEXT.index(needle)
    return i, i + len(needle)


def mention(surface: str, label: str, id_: str, occurrence: int = 0) -> Mention:
    i = -1
    for _ in range(occurrence + 1):
        i = TEXT.index(surface, i + 1)
    return Mention(DOC, i, i + len(surface), surface, label, id_)


@pytest.fixture
def qa_extraction() -> Extraction:
    a12 = span("De NL007 geldt niet voor Israël en Egypte.")
    a3 = span("Zie het antwoord op vraag 1 en 2.")
    questions = [
        Question("1", "1", *span("Welke vergunningen gelden voor Israël?"), *a12, answered_with=("2",)),
        Question("2", "2", *span("En voor Egypte?"), *a12, answered_with=("1",)),
        Question("3", "3", *span("Wat zegt het Hof?"), *a3, answer_refers_to=("1", "2")),
    ]
    doc = Document(id=DOC, text=TEXT, genre="antwoorden-kamervragen", date="2025-06-16", questions=questions,
                   committee="vaste  commissie voor\nDefensie", chamber="Tweede Kamer")
    mentions = [mention("Israël", "COUNTRY", "IL"), mention("Egypte", "COUNTRY", "EG"),
                mention("NL007", "LICENCE", "NL007"), mention("Israël", "COUNTRY", "IL", 1),
                mention("Egypte", "COUNTRY", "EG", 1), mention("Hof", "ORG", "Gerechtshof Den Haag")]
    facts = [make_fact(DOC, f"QUESTION:{DOC}#1", "askedBy", "PERSON:Dobbe", *span("Welke vergunningen gelden voor Israël?"))]
    return Extraction(doc, mentions, facts)


@pytest.fixture
def qa(qa_extraction):
    return build_dataset([qa_extraction])


Q1, Q2, Q3 = (question_iri(DOC, n) for n in "123")
A1, A3 = answer_iri(DOC, "1"), answer_iri(DOC, "3")


def test_rdf_structure_questions_and_answers_are_nodes(qa):
    for q, n in ((Q1, "1"), (Q2, "2"), (Q3, "3")):
        assert (q, RDF.type, PKG.Question) in qa
        assert (q, DCTERMS.isPartOf, source_iri(DOC)) in qa
        assert (q, PKG.questionNumber, Literal(n)) in qa
    assert set(qa.subjects(RDF.type, PKG.Answer)) == {A1, A3}


def test_rdf_structure_questions_answered_together_share_one_answer(qa):
    assert (Q1, PKG.hasAnswer, A1) in qa and (Q2, PKG.hasAnswer, A1) in qa
    assert set(qa.objects(A1, PKG.answers)) == {Q1, Q2}
    assert (Q3, PKG.hasAnswer, A3) in qa


def test_rdf_structure_answer_refers_to_answer(qa):
    assert set(qa.objects(A3, PKG.refersToAnswer)) == {A1}


def test_rdf_structure_text_spans_hold_question_and_answer_text(qa):
    s, e = span("Wat zegt het Hof?")
    assert (Q3, PKG.textSpan, span_iri(DOC, s, e)) in qa
    assert str(qa.value(qa.value(A1, PKG.textSpan), OA.exact)) == "De NL007 geldt niet voor Israël en Egypte."
    assert qa.value(qa.value(A1, PKG.textSpan), DCTERMS.source) == source_iri(DOC)


def test_rdf_structure_mentions_inside_questions_and_answers(qa):
    il, eg = entity_iri("COUNTRY", "IL"), entity_iri("COUNTRY", "EG")
    assert set(qa.objects(Q1, PKG.mentions)) == {il}
    assert set(qa.objects(Q2, PKG.mentions)) == {eg}
    assert set(qa.objects(A1, PKG.mentions)) == {entity_iri("LICENCE", "NL007"), il, eg}
    assert set(qa.objects(Q3, PKG.mentions)) == {entity_iri("ORG", "Gerechtshof Den Haag")}
    assert set(qa.objects(A3, PKG.mentions)) == set()


def test_rdf_structure_asked_by_is_a_statement_on_the_question(qa):
    dobbe = entity_iri("PERSON", "Dobbe")
    assert (Q1, PKG.askedBy, dobbe) in qa
    st = qa.value(Q1, PKG.statement)
    assert qa.value(st, PKG.statementObject) == dobbe and qa.value(st, PROV.wasDerivedFrom) is not None


def test_rdf_structure_document_node(qa):
    src = source_iri(DOC)
    assert (src, DCTERMS.type, GENRE_CONCEPTS["antwoorden-kamervragen"]) in qa
    committee = entity_iri("ORG", "Vaste commissie voor Defensie")
    chamber = entity_iri("ORG", "Tweede Kamer der Staten-Generaal")
    assert (src, PKG.committee, committee) in qa and (committee, RDF.type, PKG.Organisation) in qa
    assert (src, PKG.chamber, chamber) in qa


def test_rdf_structure_unknown_genre_is_other(qa_extraction):
    qa_extraction.document.genre = "motie"
    ds = build_dataset([qa_extraction])
    assert (source_iri(DOC), DCTERMS.type, PKG.GenreOverig) in ds


@pytest.mark.parametrize(("raw", "expected"), [
    ("vaste commissie voor Defensie", "Vaste commissie voor Defensie"),
    ("Vaste  commissie voor\nBuitenlandse Handel", "Vaste commissie voor Buitenlandse Handel"),
])
def test_rdf_structure_committee_id(raw, expected):
    assert committee_id(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Tweede Kamer", "Tweede Kamer der Staten-Generaal"),
    ("eerste kamer", "Eerste Kamer der Staten-Generaal"),
    ("Eerste Kamer der Staten-Generaal", "Eerste Kamer der Staten-Generaal"),
])
def test_rdf_structure_chamber_id(raw, expected):
    assert chamber_id(raw) == expected


def test_rdf_structure_document_without_questions_has_no_answer_nodes(sample):
    ds = build_dataset([sample.make_b()])
    assert not list(ds.subjects(RDF.type, PKG.Question)) and not list(ds.subjects(RDF.type, PKG.Answer))


def test_rdf_structure_context_spans_are_further_evidence(sample):
    ex = sample.make_b()
    f = ex.facts[0]
    ex.facts[0] = make_fact(f.doc, f.subject, f.predicate, f.object, f.start, f.end, context=((0, 7),), **dict(f.qualifiers))
    ds = build_dataset([ex])
    st = next(ds.subjects(RDF.type, PKG.Statement))
    assert len(list(ds.objects(st, PROV.wasDerivedFrom))) == 1  # the sentence
    ctx = ds.value(st, PKG.contextSpan)
    assert ctx == span_iri(f.doc, 0, 7) and str(ds.value(ctx, OA.exact)) == sample.TEXT_B[:7]


# -- links from the knowledge files --------------------------------------------------------


def test_rdf_structure_knowledge_links_in_build(qa):
    il = entity_iri("COUNTRY", "IL")
    assert (il, SKOS.notation, Literal("ISR", datatype=PKG.ISO3166Alpha3)) in qa
    assert (il, RDFS.seeAlso, URIRef("http://publications.europa.eu/resource/authority/country/ISR")) in qa
    assert (il, SKOS.notation, Literal("376", datatype=PKG.ISO3166Numeric)) in qa


def test_rdf_structure_knowledge_can_be_switched_off(qa_extraction):
    ds = build_dataset([qa_extraction], knowledge=False)
    il = entity_iri("COUNTRY", "IL")
    assert (il, SKOS.notation, Literal("IL", datatype=PKG.ISO3166Alpha2)) in ds
    assert ds.value(il, RDFS.seeAlso) is None


def test_rdf_structure_licence_legal_basis_from_knowledge():
    text = "EU007 en NL009."
    doc = Document(id="l.txt", text=text)
    ex = Extraction(doc, [Mention("l.txt", 0, 5, "EU007", "LICENCE", "EU007"), Mention("l.txt", 9, 14, "NL009", "LICENCE", "NL009")])
    ds = build_dataset([ex])
    assert (entity_iri("LICENCE", "EU007"), PKG.legalBasis,
            URIRef("http://publications.europa.eu/resource/celex/32021R0821")) in ds
    assert (entity_iri("LICENCE", "NL009"), PKG.legalBasis, URIRef("https://wetten.overheid.nl/BWBR0038437")) in ds
    assert (entity_iri("LICENCE", "EU007"), OWL.sameAs, None) not in ds
    assert str(ds.value(entity_iri("LICENCE", "EU007"), SKOS.prefLabel)) == "EU007"  # not the shared description


def test_rdf_structure_knowledge_maps_from_entries():
    maps = knowledge_maps()
    assert maps["external"][("COUNTRY", "IL")]["iso3166_1_alpha3"] == "ISR"
    assert ("LICENCE", "NL007") not in maps["labels"]


def _external_values():
    for path in sorted(DATA_DIR.glob("*.jsonl")):
        if "patterns" in path.name:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                obj = json.loads(line)
                for scheme, value in (obj.get("external") or {}).items():
                    yield path.name, obj["label"], obj["id"], scheme, value


LINKED_SCHEMES = {"wikidata", "celex", "ecli", "bwb", "officielebekendmakingen", "iso3166_1_alpha2", "iso3166_1_alpha3",
                  "iso3166_1_numeric"}


def test_rdf_structure_every_known_external_id_in_the_knowledge_files_is_linked():
    """A malformed id is skipped by the build, so it is caught here: every value of a scheme the
    graph links must give at least one triple besides dcterms:identifier."""
    from policy_kg.graph.iri import external_links

    bad = []
    for name, label, id_, scheme, value in _external_values():
        if scheme not in LINKED_SCHEMES or not value:
            continue
        links = external_links(label, id_, external={scheme: value})
        if not any(str(value) in str(v) for p, v in links if p != DCTERMS.identifier):
            bad.append((name, id_, scheme, value))
    assert not bad, bad[:10]
    assert load_entries()  # the files are there
