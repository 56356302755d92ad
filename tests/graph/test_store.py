"""The Oxigraph store: in memory or in a directory, loaded from files or a dataset, dumped back."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from policy_kg.graph import store as st
from policy_kg.graph.rdf import build_dataset

PKG = "https://w3id.org/policy-kg/def#"


def _graphs(store) -> set[str]:
    return {g.value for g in store.named_graphs()}


def _quads(store) -> set[str]:
    return {str(qd) for qd in store}


@pytest.mark.parametrize("name, named", [("graph.trig", True), ("graph.jsonld", True), ("graph.ttl", False)])
def test_store_load_each_export(written, name, named):
    out, _ = written
    store = st.open_store()
    n = st.load(store, [out / name])
    assert n == len(store) > 50
    assert len(_graphs(store)) == (3 if named else 0)  # two documents and the background knowledge
    found = store.query(f"ASK {{ <https://w3id.org/policy-kg/id/licence/NL007> <{PKG}excludesDestination> "
                        f"<https://w3id.org/policy-kg/id/country/IL> }}", use_default_graph_as_union=True)
    assert bool(found)


def test_store_load_dataset_keeps_named_graphs(extractions, written):
    ds = build_dataset(extractions)
    from_rdflib = st.open_store()
    n = st.load_dataset(from_rdflib, ds)
    from_file = st.open_store()
    st.load(from_file, [written[0] / "graph.trig"])
    assert n == len(from_rdflib)
    assert _quads(from_rdflib) == _quads(from_file)
    assert _graphs(from_rdflib) == {"https://w3id.org/policy-kg/graph/004_29ef86805054f4de.txt",
                                    "https://w3id.org/policy-kg/graph/000_895f2254901843f9.txt",
                                    "https://w3id.org/policy-kg/graph/knowledge"}


def test_store_load_dataset_from_quads_and_graph():
    a, p, o = ox.NamedNode("http://ex/a"), ox.NamedNode("http://ex/p"), ox.Literal("x", language="nl")
    store = st.open_store()
    assert st.load_dataset(store, [ox.Quad(a, p, o, ox.NamedNode("http://ex/g"))]) == 2  # and its copy in the merged default graph
    from rdflib import Graph, Literal, URIRef

    g = Graph()
    g.add((URIRef("http://ex/b"), URIRef("http://ex/p"), Literal("5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))))
    assert st.load_dataset(store, g) == 1
    assert ox.Quad(ox.NamedNode("http://ex/b"), p, ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                   ox.DefaultGraph()) in store


def test_store_directory_persists_and_opens_read_only(written, tmp_path):
    d = tmp_path / "db"
    n = st.fill_store_dir(d, [written[0] / "graph.trig"])
    assert st.is_store_dir(d)
    ro = st.open_store(d, read_only=True)
    assert len(ro) == n
    assert st.ONTOLOGY_GRAPH in _graphs(ro)  # the vocabulary comes along
    with pytest.raises((OSError, RuntimeError)):  # a read-only store takes no update
        ro.update("INSERT DATA { <http://ex/a> <http://ex/b> <http://ex/c> }")
    del ro
    # filling again replaces the content instead of adding to it
    assert st.fill_store_dir(d, [written[0] / "graph.trig"]) == n
    assert len(st.open_store(d, read_only=True)) == n


def test_store_refuses_a_folder_that_is_not_a_store(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "brief.txt").write_text("tekst", encoding="utf-8")
    with pytest.raises(st.StoreError, match="not empty"):
        st.open_store(docs)
    assert sorted(p.name for p in docs.iterdir()) == ["brief.txt"]
    with pytest.raises(st.StoreError, match="no Oxigraph store"):
        st.open_store(tmp_path / "missing", read_only=True)
    with pytest.raises(st.StoreError, match="not a directory"):
        st.open_store(docs / "brief.txt")


@pytest.mark.parametrize("content, suffix, message", [
    ("@prefix : <http://ex/> . :a :b", ".ttl", "not valid"),
    ("<http://ex/a> <http://ex/b> <http://ex/c> .", ".xyz", "unknown RDF format"),
])
def test_store_load_bad_file_names_it(tmp_path, content, suffix, message):
    f = tmp_path / f"kapot{suffix}"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(st.StoreError, match=message) as info:
        st.load(st.open_store(), [f])
    assert "kapot" in str(info.value)


def test_store_data_files_prefers_trig(written, tmp_path):
    out = written[0]
    assert st.data_files(out) == [out / "graph.trig"]
    assert st.data_files(out / "graph.ttl") == [out / "graph.ttl"]
    with pytest.raises(st.StoreError, match="policy-kg build"):
        st.data_files(tmp_path)
    with pytest.raises(st.StoreError, match="no such file"):
        st.data_files(tmp_path / "nowhere")


@pytest.mark.parametrize("name", ["dump.trig", "dump.nq", "dump.ttl", "dump.nt", "dump.jsonld"])
def test_store_dump_round_trip_and_same_bytes(written, tmp_path, name):
    src = written[0] / "graph.trig"
    one, two = st.open_store(), st.open_store()
    st.load(one, [src])
    st.load(two, [written[0] / "graph.jsonld"])  # same content, another file and order
    a = st.dump(one, tmp_path / "a" / name)
    b = st.dump(two, tmp_path / "b" / name)
    assert a.read_bytes() == b.read_bytes()
    back = st.open_store()
    st.load(back, [a])
    if name.endswith((".ttl", ".nt")):  # triples only: the union of the graphs
        union = {(qd.subject, qd.predicate, qd.object) for qd in one}
        assert {(qd.subject, qd.predicate, qd.object) for qd in back} == union
    else:
        assert _quads(back) == _quads(one)


def test_store_build_fills_store(tmp_path):
    from policy_kg.build import build

    doc = tmp_path / "in" / "brief.txt"
    doc.parent.mkdir()
    doc.write_text("De algemene vergunning NL007 geldt niet voor Israël.\n", encoding="utf-8")
    result = build([doc], tmp_path / "out", store_dir=tmp_path / "db")
    assert result.ok
    store = st.open_store(tmp_path / "db", read_only=True)
    assert "https://w3id.org/policy-kg/graph/brief.txt" in _graphs(store)


def test_store_build_refuses_bad_store_before_work(tmp_path):
    from policy_kg.build import build

    doc = tmp_path / "brief.txt"
    doc.write_text("NL007 geldt niet voor Israël.\n", encoding="utf-8")
    with pytest.raises(st.StoreError):
        build([doc], tmp_path / "out", store_dir=tmp_path)  # holds brief.txt: not a store
    assert not (tmp_path / "out").exists()
