"""graph/rdf.py: the graph of background knowledge (graph/knowledge), apart from what the documents state."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from policy_kg.graph import query as q
from policy_kg.graph.iri import entity_iri, graph_iri, knowledge_graph_iri
from policy_kg.graph.rdf import (
    RULINGS_FILE,
    appeal_chain,
    build_dataset,
    knowledge_rulings,
)
from policy_kg.graph.store import load_dataset
from policy_kg.ontology import PKG
from rdflib import RDF, XSD, Literal
from rdflib.namespace import DCTERMS, PROV, SKOS

from policy_kg.model import Document, Extraction, Mention

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")

# a made-up chain: first instance A, appeal B, cassation C; D appeals A too (a side branch); E stands alone
LINKS = {"B": "A", "C": "B", "D": "A"}


@pytest.mark.parametrize("ruling, members, steps", [
    ("B", ["A", "B", "C"], [("B", "A"), ("C", "B")]),   # both ways, not the side branch D
    ("A", ["A", "B", "C", "D"], [("B", "A"), ("C", "B"), ("D", "A")]),  # the first instance: every later step
    ("C", ["A", "B", "C"], [("B", "A"), ("C", "B")]),
    ("D", ["A", "D"], [("D", "A")]),
    ("E", ["E"], []),
])
def test_rdf_knowledge_appeal_chain_both_ways(ruling, members, steps):
    assert appeal_chain(ruling, LINKS) == (members, steps)


def test_rdf_knowledge_appeal_chain_stops_at_a_cycle():
    members, steps = appeal_chain("X", {"X": "Y", "Y": "X"})
    assert members == ["X", "Y"] and steps == [("X", "Y"), ("Y", "X")]


DOC = "020_uitspraak.txt"
TEXT = "Het hof (ECLI:NL:GHDHA:2030:2) oordeelde anders dan de rechtbank.\n"
RULINGS = [
    {"label": "RULING", "id": "ECLI:NL:RBDHA:2029:1", "name": "vonnis Rechtbank Den Haag 1 maart 2029", "court": "Rechtbank Den Haag",
     "date": "2029-03-01", "appeal_of": None, "source": "rechtspraak.nl ECLI:NL:RBDHA:2029:1"},
    {"label": "RULING", "id": "ECLI:NL:GHDHA:2030:2", "name": "arrest Gerechtshof Den Haag 2 april 2030", "court": "Gerechtshof Den Haag",
     "date": "2030-04-02", "appeal_of": "ECLI:NL:RBDHA:2029:1", "source": "rechtspraak.nl ECLI:NL:GHDHA:2030:2"},
    {"label": "RULING", "id": "ECLI:NL:HR:2031:3", "name": "arrest Hoge Raad 3 mei 2031", "court": "Hoge Raad der Nederlanden",
     "date": "2031-05-03", "appeal_of": "ECLI:NL:GHDHA:2030:2", "source": "rechtspraak.nl ECLI:NL:HR:2031:3"},
    {"label": "RULING", "id": "ECLI:NL:RBDHA:2029:9", "name": "vonnis in een andere zaak", "court": "Rechtbank Den Haag",
     "date": "2029-09-09", "appeal_of": None, "source": "elders"},
]


def one_ruling_extraction(ruling: str = "ECLI:NL:GHDHA:2030:2") -> Extraction:
    start = TEXT.index("ECLI")
    text = TEXT.replace("ECLI:NL:GHDHA:2030:2", ruling)
    m = Mention(DOC, start, start + len(ruling), ruling, "RULING", ruling)
    return Extraction(Document(id=DOC, text=text, date="2031-06-01", genre="brief"), [m], [])


@pytest.fixture
def knowledge_ds():
    return build_dataset([one_ruling_extraction()], rulings=RULINGS)


def test_rdf_knowledge_graph_holds_the_chain_with_courts_dates_and_ecli(knowledge_ds):
    kg = knowledge_ds.graph(knowledge_graph_iri())
    first, hof, hr = (entity_iri("RULING", i) for i in ("ECLI:NL:RBDHA:2029:1", "ECLI:NL:GHDHA:2030:2", "ECLI:NL:HR:2031:3"))
    assert set(kg.subject_objects(PKG.appealOf)) == {(hof, first), (hr, hof)}
    assert kg.value(hr, PKG.court) == entity_iri("ORG", "Hoge Raad der Nederlanden")
    assert (entity_iri("ORG", "Hoge Raad der Nederlanden"), RDF.type, PKG.Organisation) in kg
    assert kg.value(first, DCTERMS.date) == Literal("2029-03-01", datatype=XSD.date)
    assert kg.value(hr, SKOS.prefLabel) == Literal("arrest Hoge Raad 3 mei 2031", lang="nl")
    assert kg.value(hr, SKOS.notation) == Literal("ECLI:NL:HR:2031:3", datatype=PKG.ECLI)
    assert (hr, RDF.type, PKG.Ruling) in kg and kg.value(hr, DCTERMS.identifier) == Literal("ECLI:NL:HR:2031:3")
    assert entity_iri("RULING", "ECLI:NL:RBDHA:2029:9") not in set(kg.subjects())  # not in the chain


def test_rdf_knowledge_graph_says_where_it_comes_from(knowledge_ds):
    kg = knowledge_ds.graph(knowledge_graph_iri())
    me = knowledge_graph_iri()
    assert kg.value(me, DCTERMS.source) == Literal(RULINGS_FILE) == Literal("ner/data/rulings.jsonl")
    assert {str(v) for v in kg.objects(me, PROV.wasDerivedFrom)} == {
        "rechtspraak.nl ECLI:NL:RBDHA:2029:1", "rechtspraak.nl ECLI:NL:GHDHA:2030:2", "rechtspraak.nl ECLI:NL:HR:2031:3"}


def test_rdf_knowledge_graph_claims_nothing_from_a_document(knowledge_ds):
    kg = knowledge_ds.graph(knowledge_graph_iri())
    assert not set(kg.subjects(RDF.type, PKG.Statement)) and not set(kg.subjects(RDF.type, PKG.TextSpan))
    assert not set(kg.subjects(RDF.type, PKG.SourceDocument))
    used = {p for _, p, _ in kg}
    assert not used & {PKG.statement, PKG.mentions, PKG.decidedBy, PKG.decisionDate, PKG.concerns, SKOS.altLabel,
                       PKG.textSpan, PKG.denotes}
    # and the document graph holds none of it
    doc = knowledge_ds.graph(graph_iri(DOC))
    assert not set(doc.subject_objects(PKG.appealOf)) and not set(doc.subject_objects(PKG.court))


def test_rdf_knowledge_graph_absent_when_no_ruling_is_known():
    ds = build_dataset([one_ruling_extraction("ECLI:NL:GHDHA:2030:99")], rulings=RULINGS)
    assert not len(ds.graph(knowledge_graph_iri()))
    assert not len(build_dataset([one_ruling_extraction()], rulings=RULINGS, knowledge=False).graph(knowledge_graph_iri()))


def test_rdf_knowledge_graph_name_is_not_a_document_name():
    ex = Extraction(Document(id="knowledge", text="Tekst.\n"), [], [])
    with pytest.raises(ValueError, match="knowledge graph"):
        build_dataset([ex])


def test_rdf_knowledge_graph_is_deterministic():
    from policy_kg.graph.serialise import to_trig

    a = to_trig(build_dataset([one_ruling_extraction()], rulings=RULINGS))
    b = to_trig(build_dataset([one_ruling_extraction()], rulings=list(reversed(RULINGS))))
    assert a == b


def test_rdf_knowledge_file_rulings_name_their_chains():
    """Every appeal_of of ner/data/rulings.jsonl names a ruling of the file, and every court is known."""
    rulings = {r["id"]: r for r in knowledge_rulings()}
    assert rulings["ECLI:NL:HR:2025:1435"]["appeal_of"] == "ECLI:NL:GHDHA:2024:191"
    assert all(r["appeal_of"] in rulings for r in rulings.values() if r.get("appeal_of"))


# ---------------------------------------------------------------------------
# the seed build


def test_rdf_knowledge_seed_chain_of_appeal(seed_dataset):
    store = ox.Store()
    load_dataset(store, seed_dataset)
    nq = q.named_queries()["rulings"]
    result = q.execute(store, nq.text, q.bind_params(nq, {}))
    rows = {r["rulingId"]: r for r in ({v: q.display_value(t) for v, t in zip(result.variables, row, strict=True)}
                                       for row in result.rows)}
    hof = rows["ECLI:NL:GHDHA:2024:191"]
    assert hof["appealOf"] == "ECLI:NL:RBDHA:2023:19744" and hof["appealedIn"] == "ECLI:NL:HR:2025:1435"
    assert (hof["court"], hof["date"]) == ("Gerechtshof Den Haag", "2024-02-12")
    assert rows["ECLI:NL:HR:2025:1435"]["appealOf"] == "ECLI:NL:GHDHA:2024:191 <- ECLI:NL:RBDHA:2023:19744"
    assert rows["ECLI:NL:RBDHA:2024:20828"]["appealedIn"] == "ECLI:NL:GHDHA:2025:2290"


def test_rdf_knowledge_seed_graph_has_no_statements_or_spans(seed_dataset):
    kg = seed_dataset.graph(knowledge_graph_iri())
    assert len(kg) > 0
    assert not set(kg.subjects(RDF.type, PKG.Statement)) and not set(kg.subjects(RDF.type, PKG.TextSpan))
    hof, first = entity_iri("RULING", "ECLI:NL:GHDHA:2024:191"), entity_iri("RULING", "ECLI:NL:RBDHA:2023:19744")
    assert (hof, PKG.appealOf, first) in kg
