"""graph/serialise.py: Turtle, TriG and JSON-LD that other parsers read back, byte-identical on rebuild."""

from __future__ import annotations

import json

import pyoxigraph
import pytest
from policy_kg.graph.iri import entity_iri, graph_iri, knowledge_graph_iri
from policy_kg.graph.rdf import build_dataset
from policy_kg.graph.serialise import (
    graph_from_triples,
    to_jsonld,
    to_trig,
    to_turtle,
    union_triples,
    write_rdf,
)
from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from policy_kg.model import Document, Extraction, Mention, make_fact

# rdflib 7.6 deprecation noise from inside its own Dataset and TriG/JSON-LD parsers
pytestmark = [
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

RDF_NAMES = ("graph.ttl", "graph.trig", "graph.jsonld")


def ox_term(term):
    """A pyoxigraph term as the equal rdflib term."""
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(term)


def ox_quads(path, fmt) -> set[tuple]:
    """(s, p, o, graph name or None) of a file parsed by pyoxigraph."""
    out = set()
    for q in pyoxigraph.parse(path=str(path), format=fmt):
        g = q.graph_name if isinstance(q, pyoxigraph.Quad) else pyoxigraph.DefaultGraph()
        name = None if isinstance(g, pyoxigraph.DefaultGraph) else ox_term(g)
        out.add((ox_term(q.subject), ox_term(q.predicate), ox_term(q.object), name))
    return out


def ds_quads(ds: Dataset) -> set[tuple]:
    return {(s, p, o, None if g.identifier == DATASET_DEFAULT_GRAPH_ID else g.identifier)
            for g in ds.graphs() for s, p, o in g}


def test_serialise_writes_three_files(written):
    out, paths = written
    assert [p.name for p in paths[:3]] == list(RDF_NAMES)
    for p in paths[:3]:
        assert p.parent == out and p.stat().st_size > 0
    assert all(p.is_relative_to(out) and p.stat().st_size > 0 for p in paths)
    assert not list(out.rglob(".*.tmp"))  # atomic_write left no temporary file


def test_serialise_turtle_read_by_pyoxigraph_is_isomorphic(written, dataset):
    out, _ = written
    quads = ox_quads(out / "graph.ttl", pyoxigraph.RdfFormat.TURTLE)
    assert {q[3] for q in quads} == {None}
    parsed = graph_from_triples(q[:3] for q in quads)
    built = graph_from_triples(dataset.triples((None, None, None)))
    assert len(parsed) == len(built) > 100
    assert isomorphic(parsed, built)


def test_serialise_turtle_read_by_rdflib_is_isomorphic(written, dataset):
    out, _ = written
    parsed = Graph().parse(out / "graph.ttl", format="turtle")
    assert isomorphic(parsed, graph_from_triples(union_triples(dataset)))


def test_serialise_trig_read_by_pyoxigraph_has_same_named_graphs_and_quads(written, dataset):
    out, _ = written
    quads = ox_quads(out / "graph.trig", pyoxigraph.RdfFormat.TRIG)
    assert {q[3] for q in quads} == {graph_iri("004_29ef86805054f4de.txt"), graph_iri("000_895f2254901843f9.txt"),
                                     knowledge_graph_iri()}
    assert quads == ds_quads(dataset)


def test_serialise_trig_read_by_rdflib_has_same_quads(written, dataset):
    out, _ = written
    parsed = Dataset()
    parsed.parse(out / "graph.trig", format="trig")
    assert ds_quads(parsed) == ds_quads(dataset)


def test_serialise_jsonld_read_by_rdflib_is_isomorphic(written, dataset):
    out, _ = written
    parsed = Dataset()
    parsed.parse(out / "graph.jsonld", format="json-ld")
    assert ds_quads(parsed) == ds_quads(dataset)
    for g in dataset.graphs():
        if len(g):
            assert isomorphic(graph_from_triples(parsed.graph(g.identifier)), graph_from_triples(g))


def test_serialise_jsonld_read_by_pyoxigraph_has_same_quads(written, dataset):
    out, _ = written
    assert ox_quads(out / "graph.jsonld", pyoxigraph.RdfFormat.JSON_LD) == ds_quads(dataset)


def test_serialise_jsonld_is_compact_with_context(written):
    out, _ = written
    doc = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    ctx = doc["@context"]
    for prefix in ("pkg", "dcterms", "prov", "skos", "xsd", "owl", "rdf", "rdfs"):
        assert prefix in ctx
    assert ctx["pkg"] == "https://w3id.org/policy-kg/def#"
    names = [g["@id"] for g in doc["@graph"]]
    assert names == sorted(names) == ["graph:000_895f2254901843f9.txt", "graph:004_29ef86805054f4de.txt", "graph:knowledge"]
    nodes = {n["@id"]: n for n in doc["@graph"][1]["@graph"]}
    assert nodes["licence:NL007"]["pkg:excludesDestination"] == [{"@id": "country:IL"}]


@pytest.mark.parametrize("name", RDF_NAMES)
def test_serialise_two_writes_byte_identical(written, tmp_path, name, dataset):
    out, _ = written
    write_rdf(dataset, tmp_path)
    assert (tmp_path / name).read_bytes() == (out / name).read_bytes()


@pytest.mark.parametrize("name", RDF_NAMES)
def test_serialise_byte_identical_across_processes_hashseeds_and_input_order(written, written_elsewhere, name):
    out, _ = written
    assert (written_elsewhere / name).read_bytes() == (out / name).read_bytes()


def test_serialise_prefixes_fixed_and_used(written):
    ttl = (written[0] / "graph.ttl").read_text(encoding="utf-8")
    assert "@prefix pkg: <https://w3id.org/policy-kg/def#> .\n" in ttl
    assert "licence:NL007 a pkg:Licence" in ttl
    assert "ns1:" not in ttl


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        (URIRef("https://w3id.org/policy-kg/id/country/IL"), "country:IL"),
        (Literal("Israël", lang="nl"), '"Israël"@nl'),
        (Literal("2025-04", datatype=XSD.gYearMonth), '"2025-04"^^xsd:gYearMonth'),
        (Literal("1.6", datatype=XSD.decimal), "1.6"),
    ],
)
def test_serialise_turtle_uses_fixed_prefixes(term, expected):
    subject = URIRef("https://w3id.org/policy-kg/id/licence/NL007")
    text = to_turtle([(subject, URIRef("https://w3id.org/policy-kg/def#concerns"), term)])
    assert f"licence:NL007 pkg:concerns {expected} ." in text


WEIRD = [
    'quote " and backslash \\ and """ triple',
    "line\nbreak\r\nand\ttab and \x0b vertical tab",
    "ends with backslash \\",
    "'single' and {braces} and <angle> & ampersand",
    "emoji 🚀 and RTL עברית and NBSP\u00a0here",
    "",
]


@pytest.mark.parametrize("text", WEIRD)
def test_serialise_round_trips_awkward_text(text, tmp_path):
    """Awkward characters in ids, surface forms and sentences survive all three formats and both parsers."""
    doc_text = f"X {text} Y."
    doc = Document(id=f"we ird#{len(text)}.txt", text=doc_text, title=text or None)
    ment_id = text.strip() or "leeg"
    mentions = [Mention(doc.id, 0, 1, "X", "ORG", ment_id), Mention(doc.id, 0, 1, "X", "SYSTEM", "F.35.~")]
    facts = [make_fact(doc.id, f"ORG:{ment_id}", "concerns", "SYSTEM:F.35.~", 0, len(doc_text)),
             make_fact(doc.id, f"ORG:{ment_id}", "holdsOffice", text or "x", 0, 1)]
    ds = build_dataset([Extraction(doc, mentions, facts)])
    assert (entity_iri("ORG", ment_id), None, None) in ds
    write_rdf(ds, tmp_path)
    expected = ds_quads(ds)
    assert {q[:3] for q in ox_quads(tmp_path / "graph.ttl", pyoxigraph.RdfFormat.TURTLE)} == {q[:3] for q in expected}
    assert ox_quads(tmp_path / "graph.trig", pyoxigraph.RdfFormat.TRIG) == expected
    assert ox_quads(tmp_path / "graph.jsonld", pyoxigraph.RdfFormat.JSON_LD) == expected
    assert {(s, p, o) for s, p, o in Graph().parse(tmp_path / "graph.ttl", format="turtle")} == {q[:3] for q in expected}
    back = Dataset()
    back.parse(tmp_path / "graph.jsonld", format="json-ld")
    assert ds_quads(back) == expected


def test_serialise_string_functions_match_files(written, dataset):
    out, _ = written
    assert (out / "graph.ttl").read_text(encoding="utf-8") == to_turtle(union_triples(dataset))
    assert (out / "graph.trig").read_text(encoding="utf-8") == to_trig(dataset)
    assert (out / "graph.jsonld").read_text(encoding="utf-8") == to_jsonld(dataset)


def test_serialise_empty_dataset(tmp_path):
    paths = write_rdf(build_dataset([]), tmp_path)
    assert len(Graph().parse(paths[0], format="turtle")) == 0
    assert json.loads(paths[2].read_text(encoding="utf-8"))["@graph"] == []
