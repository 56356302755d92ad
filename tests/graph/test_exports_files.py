"""graph/exports.py: every export read back by independent parsers (pyoxigraph, rdflib, rapper, networkx, csv)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET

import networkx as nx
import pyoxigraph
import pytest
from policy_kg.graph.exports import (
    DATA_LICENCE,
    DISTRIBUTIONS,
    ENTITY_COLUMNS,
    EXPORT_NAMES,
    FACT_COLUMNS,
    dataset_date,
    to_gexf,
    void_graph,
)
from policy_kg.graph.iri import DATASET, entity_iri, knowledge_graph_iri
from policy_kg.graph.rdf import build_dataset, dataset_to_networkx
from policy_kg.graph.serialise import JSONLD_CONTEXT, graph_from_triples, union_triples
from policy_kg.ontology import LABEL_CLASSES, PKG
from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCAT, DCTERMS, OWL, VOID

from policy_kg import __version__

pytestmark = [
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

DOC_A = "004_29ef86805054f4de.txt"
NL007 = entity_iri("LICENCE", "NL007")
IL = entity_iri("COUNTRY", "IL")

#: RDF file -> (pyoxigraph format, rdflib format, rapper input syntax, quads?)
RDF_FILES = {
    "graph.ttl": (pyoxigraph.RdfFormat.TURTLE, "turtle", "turtle", False),
    "graph.trig": (pyoxigraph.RdfFormat.TRIG, "trig", "trig", True),
    "graph.nt": (pyoxigraph.RdfFormat.N_TRIPLES, "nt", "ntriples", False),
    "graph.jsonld": (pyoxigraph.RdfFormat.JSON_LD, "json-ld", None, True),  # raptor has no JSON-LD parser
    "void.ttl": (pyoxigraph.RdfFormat.TURTLE, "turtle", "turtle", False),
}


def ox_term(term):
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def expected_graph(name, dataset) -> Graph:
    if name == "void.ttl":
        return void_graph(dataset)
    return graph_from_triples(union_triples(dataset))


def expected_quads(dataset) -> set:
    return {(s, p, o, g.identifier) for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID
            for s, p, o in g}


def test_exports_written_in_order(written):
    out, paths = written
    names = [p.name for p in paths]
    assert names[-len(EXPORT_NAMES):] == list(EXPORT_NAMES)
    assert set(EXPORT_NAMES) | {"graph.ttl", "graph.trig", "graph.jsonld", "index.html"} <= set(DISTRIBUTIONS) | {"void.ttl"}
    assert not list(out.glob(".*.tmp"))


@pytest.mark.parametrize("name", sorted(RDF_FILES))
def test_exports_rdf_read_by_pyoxigraph_is_isomorphic(written, dataset, name):
    out, _ = written
    fmt, _, _, quads = RDF_FILES[name]
    parsed = list(pyoxigraph.parse(path=str(out / name), format=fmt))
    triples = {(ox_term(q.subject), ox_term(q.predicate), ox_term(q.object)) for q in parsed}
    expected = expected_graph(name, dataset)
    assert len(expected) > 50
    assert isomorphic(graph_from_triples(triples), expected)
    if quads:
        got = {(ox_term(q.subject), ox_term(q.predicate), ox_term(q.object), ox_term(q.graph_name)) for q in parsed}
        assert got == expected_quads(dataset)


@pytest.mark.parametrize("name", sorted(RDF_FILES))
def test_exports_rdf_read_by_rdflib_is_isomorphic(written, dataset, name):
    out, _ = written
    _, fmt, _, quads = RDF_FILES[name]
    if quads:
        parsed = Dataset()
        parsed.parse(out / name, format=fmt)
        got = {(s, p, o, g.identifier) for g in parsed.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID for s, p, o in g}
        assert got == expected_quads(dataset)
        triples = {q[:3] for q in got}
    else:
        triples = set(Graph().parse(out / name, format=fmt))
    assert isomorphic(graph_from_triples(triples), expected_graph(name, dataset))


RAPPER = shutil.which("rapper")
RAPPER_FILES = sorted(n for n, spec in RDF_FILES.items() if spec[2])


@pytest.mark.skipif(RAPPER is None, reason="rapper (Debian raptor2-utils) is not installed")
@pytest.mark.parametrize("name", RAPPER_FILES)
def test_exports_rapper_counts_every_triple(written, dataset, name):
    out, _ = written
    syntax, quads = RDF_FILES[name][2], RDF_FILES[name][3]
    run = subprocess.run([RAPPER, "-i", syntax, "-c", str(out / name)], capture_output=True, text=True, check=True)
    expected = len(expected_quads(dataset)) if quads else len(expected_graph(name, dataset))
    assert f"returned {expected} triples" in run.stderr, run.stderr


@pytest.mark.skipif(RAPPER is None, reason="rapper (Debian raptor2-utils) is not installed")
@pytest.mark.parametrize("name", RAPPER_FILES)
def test_exports_rapper_round_trip_is_isomorphic(written, dataset, name):
    out, _ = written
    syntax, quads = RDF_FILES[name][2], RDF_FILES[name][3]
    target = "nquads" if quads else "ntriples"
    run = subprocess.run([RAPPER, "-q", "-i", syntax, "-o", target, str(out / name)],
                         capture_output=True, check=True)
    if quads:
        back = Dataset()
        back.parse(data=run.stdout.decode("utf-8"), format="nquads")
        got = {(s, p, o, g.identifier) for g in back.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID for s, p, o in g}
        assert got == expected_quads(dataset)
    else:
        back = Graph().parse(data=run.stdout.decode("utf-8"), format="nt")
        assert isomorphic(back, expected_graph(name, dataset))


def test_exports_ntriples_sorted_one_triple_per_line(written, dataset):
    lines = (written[0] / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(union_triples(dataset))
    assert all(line.endswith(" .") and not line.startswith("@") for line in lines)


def test_exports_context_file_is_the_jsonld_context(written):
    out, _ = written
    ctx = json.loads((out / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert ctx == JSONLD_CONTEXT == json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))["@context"]


# -- GraphML / GEXF ------------------------------------------------------------------------


READERS = {"graph.graphml": lambda path: nx.read_graphml(path, force_multigraph=True), "graph.gexf": nx.read_gexf}


@pytest.mark.parametrize("name", sorted(READERS))
def test_exports_network_read_back_by_networkx(written, dataset, name):
    out, _ = written
    G = dataset_to_networkx(dataset)
    back = READERS[name](out / name)
    assert back.is_directed()
    assert set(back.nodes) == set(G.nodes)
    assert back.number_of_edges() == G.number_of_edges() > 0
    node = back.nodes[str(NL007)]
    assert node["label"] == "NL007" and node["kind"] == "LICENCE" and node["iri"] == str(NL007)
    assert node["canonical_id"] == "NL007" and node["docs"] == DOC_A
    edges = [d for _, _, d in back.edges(str(NL007), data=True)]
    assert [e["predicate"] for e in edges] == ["excludesDestination"]
    assert json.loads(edges[0]["qualifiers"]) == [{"validFrom": "2025-04-08"}]
    assert int(edges[0]["weight"]) == 1
    ruben = back.nodes[str(entity_iri("PERSON", "Ruben Brekelmans"))]
    assert json.loads(ruben["literals"]) == {"holdsOffice": ["minister van Defensie"]}
    assert edges[0]["knowledge"] in (False, "false")
    hr, hof = (str(entity_iri("RULING", i)) for i in ("ECLI:NL:HR:2025:1435", "ECLI:NL:GHDHA:2024:191"))
    appeal = [d for s, o, d in back.edges(data=True) if (s, o, d["predicate"]) == (hr, hof, "appealOf")]
    assert len(appeal) == 1 and appeal[0]["knowledge"] in (True, "true") and int(appeal[0]["weight"]) == 1
    assert appeal[0]["statements"] == "" or appeal[0]["statements"] is None


@pytest.mark.parametrize("name", sorted(READERS))
def test_exports_network_keeps_parallel_edges(sample, tmp_path, name):
    from policy_kg.graph.exports import write_exports

    from policy_kg.model import make_fact

    ex = sample.make_a()
    ex.facts.append(make_fact(ex.document.id, "LICENCE:NL007", "concerns", "COUNTRY:IL", 0, 10))
    write_exports(build_dataset([ex]), tmp_path)
    back = READERS[name](tmp_path / name)
    assert back.is_multigraph()
    assert sorted(d["predicate"] for d in back.get_edge_data(str(NL007), str(IL)).values()) == ["concerns", "excludesDestination"]


def test_exports_gexf_has_colours_and_no_wall_clock(written, dataset):
    text = (written[0] / "graph.gexf").read_text(encoding="utf-8")
    root = ET.fromstring(text.encode("utf-8"))
    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    assert root.find("g:meta", ns).get("lastmodifieddate") == "2025-05-16" == str(dataset_date(dataset))
    assert root.find("g:meta/g:creator", ns).text == f"policy-kg {__version__}"
    colours = root.findall(".//g:node/viz:color", ns)
    assert len(colours) == len(root.findall(".//g:node", ns)) > 0
    licence = root.find(f".//g:node[@id='{NL007}']/viz:color", ns)
    assert (licence.get("r"), licence.get("g"), licence.get("b")) == ("214", "39", "40")  # #d62728, the view's colour


def test_exports_gexf_date_follows_the_input(sample):
    ex = sample.make_b()
    ex.document.date = "2024-12-31"
    ds = build_dataset([ex])
    assert 'lastmodifieddate="2024-12-31"' in to_gexf(dataset_to_networkx(ds), str(dataset_date(ds)))


# -- CSV -----------------------------------------------------------------------------------


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


def test_exports_entities_csv(written, dataset):
    header, rows = read_csv(written[0] / "entities.csv")
    assert tuple(header) == ENTITY_COLUMNS
    G = dataset_to_networkx(dataset)
    assert [r["iri"] for r in rows] == sorted(G.nodes)
    il = next(r for r in rows if r["iri"] == str(IL))
    assert (il["label"], il["id"], il["name"]) == ("COUNTRY", "IL", "Israël")
    assert "ISO3166Alpha2:IL" in il["notations"] and "ISO3166Alpha3:ISR" in il["notations"]
    assert il["see_also"] == "http://publications.europa.eu/resource/authority/country/ISR"
    assert int(il["facts_as_object"]) == 2 and int(il["degree"]) == 2
    xss = next(r for r in rows if r["label"] == "ORG" and "script" in r["id"])
    assert xss["name"] == f"Stichting {sample_xss()}"  # text kept as is: CSV needs no escaping beyond quoting
    # the ruling: two facts read from the document; appealOf both ways is background knowledge
    hof = next(r for r in rows if r["id"] == "ECLI:NL:GHDHA:2024:191")
    assert (int(hof["degree"]), int(hof["facts_as_subject"]), int(hof["facts_as_object"])) == (4, 2, 0)
    assert hof["see_also"] == "https://deeplink.rechtspraak.nl/uitspraak?id=ECLI:NL:GHDHA:2024:191"
    hr = next(r for r in rows if r["id"] == "ECLI:NL:HR:2025:1435")  # known only from the knowledge file
    assert hr["documents"] == "" and hr["facts_as_subject"] == "0" and int(hr["degree"]) == 2


def sample_xss():
    return "<script>alert(1)</script>"


def test_exports_facts_csv_has_evidence(written, dataset, sample):
    header, rows = read_csv(written[0] / "facts.csv")
    assert tuple(header) == FACT_COLUMNS
    assert len(rows) == len(set(dataset.subjects(RDF.type, PKG.Statement))) == 7
    row = next(r for r in rows if r["predicate"] == "excludesDestination")
    assert (row["subject"], row["object"], row["subject_label"], row["object_name"]) == (str(NL007), str(IL), "LICENCE", "Israël")
    assert row["valid_from"] == "2025-04-08" and row["document"] == DOC_A
    start, end = int(row["start"]), int(row["end"])
    assert row["sentence"] == sample.TEXT_A[start:end] == "De NL007 geldt niet voor Israël."
    office = next(r for r in rows if r["predicate"] == "holdsOffice")
    assert office["object"] == "minister van Defensie" and office["object_label"] == ""
    spending = next(r for r in rows if r["predicate"] == "spending")
    assert (spending["share"], spending["measure"], spending["period_start"]) == ("1.6", "uitgaven", "2022-01-01")
    keys = [(r["document"], int(r["start"])) for r in rows]
    assert keys == sorted(keys)


def test_exports_facts_csv_lists_context_spans(sample):
    from policy_kg.graph.exports import facts_csv

    from policy_kg.model import make_fact

    ex = sample.make_b()
    f = ex.facts[0]
    ex.facts[0] = make_fact(f.doc, f.subject, f.predicate, f.object, f.start, f.end, context=((0, 7),), **dict(f.qualifiers))
    _, rows = read_csv_text(facts_csv(build_dataset([ex])))
    assert rows[0]["context"] == "0-7"


def read_csv_text(text):
    reader = csv.DictReader(io.StringIO(text))
    return reader.fieldnames, list(reader)


# -- VoID / DCAT ---------------------------------------------------------------------------


def test_exports_void_describes_the_dataset(written, dataset):
    g = Graph().parse(written[0] / "void.ttl", format="turtle")
    d = DATASET
    assert (d, RDF.type, VOID.Dataset) in g and (d, RDF.type, DCAT.Dataset) in g
    assert (d, DCTERMS.license, DATA_LICENCE) in g
    assert {t.language for t in g.objects(d, DCTERMS.title)} == {"nl", "en"}
    assert str(g.value(d, OWL.versionInfo)) == __version__
    assert g.value(d, DCTERMS.modified) == Literal("2025-05-16", datatype=XSD.date)  # latest document date
    union = union_triples(dataset)
    assert int(g.value(d, VOID.triples)) == len(union)
    assert int(g.value(d, VOID.documents)) == 2
    entities = {s for s, p, o in union if p == RDF.type and (o == PKG.Goods or o in LABEL_CLASSES.values())}
    assert int(g.value(d, VOID.entities)) == len(entities)
    per_class = {g.value(part, VOID["class"]): int(g.value(part, VOID.entities)) for part in g.objects(d, VOID.classPartition)}
    assert per_class[PKG.Licence] == 1 and per_class[PKG.Country] == 2 and per_class[PKG.Statement] == 7
    per_property = {g.value(part, VOID.property): int(g.value(part, VOID.triples)) for part in g.objects(d, VOID.propertyPartition)}
    assert per_property[PKG.excludesDestination] == 1 and sum(per_property.values()) == len(union)
    subsets = set(g.objects(d, VOID.subset))
    # one subset per document graph, and one for the background knowledge (the sample names a ruling on appeal)
    assert len(subsets) == 3 and sum(int(g.value(s, VOID.triples)) for s in subsets) >= len(union)
    kg = knowledge_graph_iri()
    assert kg in subsets and g.value(kg, DCTERMS.source) == Literal("ner/data/rulings.jsonl")
    assert g.value(kg, DCTERMS.title) == Literal("knowledge")
    assert {t.language for t in g.objects(kg, DCTERMS.description)} == {"nl", "en"}
    dists = {str(g.value(x, DCTERMS.title)): x for x in g.objects(d, DCAT.distribution)}
    assert set(dists) == set(DISTRIBUTIONS)
    assert g.value(dists["graph.ttl"], DCAT.mediaType) == URIRef("https://www.iana.org/assignments/media-types/text/turtle")
    assert not any(isinstance(t, BNode) for triple in g for t in triple)


def test_exports_void_without_dates_has_no_modified():
    from policy_kg.model import Document, Extraction

    ds = build_dataset([Extraction(Document(id="x.txt", text="Tekst."))])
    assert void_graph(ds).value(DATASET, DCTERMS.modified) is None


@pytest.mark.parametrize("name", ["graph.nt", "context.jsonld", "graph.graphml", "graph.gexf", "entities.csv",
                                  "facts.csv", "void.ttl"])
def test_exports_byte_identical_across_processes_hashseeds_and_input_order(written, written_elsewhere, name):
    assert (written_elsewhere / name).read_bytes() == (written[0] / name).read_bytes()
