"""graph/validate.py + ontology/shapes.ttl: valid graphs conform, deliberately broken ones do not."""

from __future__ import annotations

import pytest
from policy_kg.graph.iri import entity_iri, source_iri
from policy_kg.graph.rdf import OA, union_graph
from policy_kg.graph.validate import validate
from policy_kg.ontology import PKG
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from policy_kg.model import make_fact

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")

NL007 = entity_iri("LICENCE", "NL007")
IL = entity_iri("COUNTRY", "IL")
DOUANE = entity_iri("ORG", "Douane")
DOC_A = "004_29ef86805054f4de.txt"


def first_statement(g, predicate):
    return next(st for st in g.subjects(PKG.statementPredicate, predicate))


def exclusion_to_an_organisation(g):
    g.add((DOUANE, RDF.type, PKG.Organisation))
    g.add((NL007, PKG.excludesDestination, DOUANE))
    st = first_statement(g, PKG.excludesDestination)
    g.set((st, PKG.statementObject, DOUANE))


def statement_without_provenance(g):
    g.remove((first_statement(g, PKG.excludesDestination), PROV.wasDerivedFrom, None))


def span_without_offsets(g):
    span = next(g.subjects(RDF.type, PKG.TextSpan))
    g.remove((span, OA.start, None))
    g.remove((span, OA.end, None))


def statement_without_direct_triple(g):
    g.remove((NL007, PKG.excludesDestination, IL))


def direct_triple_without_statement(g):
    g.add((NL007, PKG.excludesDestination, entity_iri("COUNTRY", "IL")))
    g.add((NL007, PKG.concerns, IL))


def span_text_not_matching_offsets(g):
    span = next(g.objects(first_statement(g, PKG.excludesDestination), PROV.wasDerivedFrom))
    g.set((span, OA.exact, Literal("De NL007 geldt niet.")))


def unknown_status(g):
    g.set((first_statement(g, PKG.exportAuthorised), PKG.status, Literal("maybe")))


def document_without_genre(g):
    g.remove((source_iri(DOC_A), DCTERMS.type, None))


def asked_by_a_country(g):
    st = first_statement(g, PKG.askedBy)
    question = g.value(st, PKG.statementSubject)
    g.remove((question, PKG.askedBy, None))
    g.add((question, PKG.askedBy, IL))
    g.set((st, PKG.statementObject, IL))


def answer_without_question(g):
    answer = next(g.subjects(RDF.type, PKG.Answer))
    g.remove((answer, PKG.answers, None))


def offsets_as_plain_strings(g):
    span = next(g.subjects(RDF.type, PKG.TextSpan))
    start = g.value(span, OA.start)
    g.set((span, OA.start, Literal(str(start))))


BROKEN = {
    "excludesDestination object is not a Country": (exclusion_to_an_organisation, "links a licence to a country"),
    "statement without provenance": (statement_without_provenance, "needs its provenance"),
    "text span without offsets": (span_without_offsets, "start offset"),
    "statement without its direct triple": (statement_without_direct_triple, "direct triple"),
    "direct triple without a statement": (direct_triple_without_statement, "has no pkg:Statement"),
    "span text does not match its offsets": (span_text_not_matching_offsets, "length of oa:exact"),
    "unknown export status": (unknown_status, "granted, refused or prohibited"),
    "source document without genre": (document_without_genre, "genre"),
    "askedBy a country": (asked_by_a_country, "faction or person"),
    "answer that answers nothing": (answer_without_question, "answers at least one question"),
    "offset as a plain string": (offsets_as_plain_strings, "start offset"),
}


def test_validate_sample_conforms(dataset):
    report = validate(dataset)
    assert report.conforms, report.lines()
    assert report.violations == []


def test_validate_seed_build_conforms(seed_dataset):
    report = validate(seed_dataset)
    assert report.conforms, report.lines()[:20]


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_validate_broken_graph_fails(case, dataset):
    mutate, message = BROKEN[case]
    g = union_graph(dataset)
    mutate(g)
    report = validate(g)
    assert not report.conforms
    assert any(message in v.message for v in report.violations), report.lines()
    assert all(line.startswith("SHACL violation: ") and "\n" not in line for line in report.lines())


def test_validate_lines_are_sorted_and_compact(dataset):
    g = union_graph(dataset)
    exclusion_to_an_organisation(g)
    statement_without_provenance(g)
    report = validate(g)
    assert report.violations == sorted(report.violations)
    assert any("licence:NL007 pkg:excludesDestination organisation:Douane" in line for line in report.lines())


def test_validate_build_reports_violations_as_warnings(extraction_a, tmp_path):
    from policy_kg.build import write_outputs

    ex = extraction_a
    s, e = 0, 10
    ex.mentions.append(ex.mentions[0].__class__(ex.document.id, s, e, ex.document.text[s:e], "ORG", "Douane"))
    ex.facts.append(make_fact(ex.document.id, "LICENCE:NL007", "excludesDestination", "ORG:Douane", s, e))
    warnings: list[str] = []
    written = write_outputs([ex], tmp_path, on_warning=warnings.append)
    assert (tmp_path / "graph.ttl") in written  # violations do not stop the build
    assert warnings and all(w.startswith("SHACL violation: ") for w in warnings)
    assert any("organisation:Douane" in w and "links a licence to a country" in w for w in warnings)


def test_validate_build_can_skip_validation(extraction_a, tmp_path):
    from policy_kg.build import write_outputs

    ex = extraction_a
    ex.facts.append(make_fact(ex.document.id, "LICENCE:NL007", "excludesDestination", "DATE:2025", 0, 10))
    warnings: list[str] = []
    write_outputs([ex], tmp_path, on_warning=warnings.append, validate=False)
    assert warnings == []


def test_validate_rejects_broken_shapes(dataset):
    from rdflib import Graph

    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:x> a sh:NodeShape ; sh:targetClass <https://w3id.org/policy-kg/def#Licence> ;
            sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } }" ] .
    """, format="turtle")
    with pytest.raises(ValueError, match="could not run"):
        validate(dataset, shapes)


def test_validate_focus_node_of_entity_without_id(dataset):
    g = union_graph(dataset)
    g.remove((IL, DCTERMS.identifier, None))
    report = validate(g)
    assert any(v.focus == str(IL) and "canonical id" in v.message for v in report.violations)
    assert isinstance(URIRef(report.violations[0].focus), URIRef)
