"""The merged default graph: every triple of the named graphs once, queried instead of Oxigraph's
union of the graphs (a multiset: a triple held in k graphs matches k times)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from policy_kg.graph import query as q
from policy_kg.graph import store as st

ROOT = Path(__file__).resolve().parents[2]
SEEDS_TRIG = ROOT / "exports" / "graph.trig"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
EX = "http://ex/"

# parameters for the named queries that need one (ids of the seeds)
PARAMS = {
    "entity-mentions": {"entity": "COUNTRY:IL"},
    "licence-exclusions": {"licence": "NL007"},
    "licence-changes": {"licence": "NL007", "older": "004_29ef86805054f4de.txt", "newer": "003_d40e4f6b6bf2e055.txt"},
    "questions-about": {"about": "LICENCE:NL007"},
}


def _n(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def _triples(quads) -> set[tuple]:
    return {(x.subject, x.predicate, x.object) for x in quads}


def _default(store) -> set[tuple]:
    return _triples(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def _named(store) -> set[tuple]:
    return _triples(x for x in store if x.graph_name != ox.DefaultGraph())


@pytest.fixture(scope="module")
def seeds_trig() -> Path:
    if not SEEDS_TRIG.is_file():
        pytest.skip("exports/graph.trig is not built")
    return SEEDS_TRIG


@pytest.fixture(scope="module")
def union_store(seeds_trig):
    """The seeds as a store made before the merge existed: named graphs, empty default graph."""
    store = st.open_store()
    st.load(store, [seeds_trig], merge=False)
    st.load_ontology(store, merge=False)
    return store


@pytest.fixture(scope="module")
def merged_store(seeds_trig):
    store = st.open_store()
    st.load_source(store, [seeds_trig])
    return store


@pytest.mark.parametrize("k", [1, 3, 7])
def test_store_merge_triple_in_k_graphs_matches_once(k):
    store = st.open_store()
    st.load_dataset(store, [ox.Quad(_n("a"), _n("p"), _n("b"), _n(f"g{i}")) for i in range(k)], merge=False)
    assert not st.has_merged_default(store)
    union = q.execute(store, "SELECT ?s ?p ?o { ?s ?p ?o }")  # the fallback: Oxigraph's union, a multiset
    assert len(union.rows) == k
    assert st.merge_default_graph(store) == 1
    assert st.has_merged_default(store)
    merged = q.execute(store, "SELECT ?s ?p ?o { ?s ?p ?o }")
    assert [[t.value for t in row] for row in merged.rows] == [[EX + "a", EX + "p", EX + "b"]]
    graphs = q.execute(store, "SELECT ?g { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")  # named graphs stay
    assert [row[0].value for row in graphs.rows] == [EX + f"g{i}" for i in range(k)]


def test_store_merge_entity_in_several_documents_has_its_types_once(union_store, merged_store):
    # the entity whose rdf:type is repeated in the most graphs
    held = Counter(x.subject for x in union_store.quads_for_pattern(None, RDF_TYPE, None, None)
                   if isinstance(x.subject, ox.NamedNode))
    entity, graphs = held.most_common(1)[0]
    assert graphs >= 3, "the seeds share entities between documents"
    types = {x.object for x in union_store.quads_for_pattern(entity, RDF_TYPE, None, None)}
    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ <{entity.value}> a ?t }}"
    assert int(q.execute(union_store, text).rows[0][0].value) == graphs
    assert int(q.execute(merged_store, text).rows[0][0].value) == len(types)


def test_store_merge_default_graph_is_the_set_union(merged_store, seeds_trig):
    from rdflib import Dataset

    assert _default(merged_store) == _named(merged_store)
    ds = Dataset(default_union=True)
    ds.parse(str(seeds_trig), format="trig")
    vocabulary = _triples(merged_store.quads_for_pattern(None, None, None, ox.NamedNode(st.ONTOLOGY_GRAPH)))
    assert len(_default(merged_store) - vocabulary) <= len(ds) <= len(_default(merged_store))
    assert st.query_size(merged_store) == len(_default(merged_store))


def _normalised(result: q.QueryResult) -> list[tuple]:
    """Rows with each value's parts sorted: GROUP_CONCAT lists its values in no fixed order."""
    return sorted(tuple(tuple(sorted(re.split(r"[\s,;]+", t.value))) if t is not None else () for t in row)
                  for row in result.rows)


@pytest.mark.parametrize("name", sorted(q.named_queries()))
def test_store_merge_named_query_same_rows_without_duplicates(union_store, merged_store, name):
    nq = q.named_queries()[name]
    subs = q.bind_params(nq, PARAMS.get(name, {}))
    before = q.execute(union_store, nq.text, subs)
    after = q.execute(merged_store, nq.text, subs)
    assert after.variables == before.variables
    assert sorted(set(_normalised(after))) == sorted(set(_normalised(before)))
    assert len(after.rows) == len({tuple(map(str, row)) for row in after.rows})  # no duplicate rows
    assert len(after.rows) > 0 or name == "licence-changes"


def test_store_merge_dump_leaves_the_merge_out(merged_store, union_store, tmp_path):
    a = st.dump(merged_store, tmp_path / "merged.nq")
    b = st.dump(union_store, tmp_path / "union.nq")
    strip = re.compile(r"_:\S+")  # the vocabulary's blank nodes differ between loads
    assert sorted(strip.sub("_:b", line) for line in a.read_text().splitlines()) == \
        sorted(strip.sub("_:b", line) for line in b.read_text().splitlines())


def test_store_merge_unmerge_keeps_own_default_triples():
    store = st.open_store()
    st.load_dataset(store, [(_n("a"), _n("p"), _n("b"), _n("g1")), (_n("a"), _n("p"), _n("b"), _n("g2")),
                            (_n("c"), _n("p"), _n("d"), _n("g2")), (_n("own"), _n("p"), _n("x"), None)])
    assert _default(store) == {(_n("a"), _n("p"), _n("b")), (_n("c"), _n("p"), _n("d")), (_n("own"), _n("p"), _n("x"))}
    assert st.unmerge_default_graph(store) == 1  # only the triple no named graph holds
    store.remove_graph(_n("g2"))
    st.merge_default_graph(store)
    assert _default(store) == {(_n("a"), _n("p"), _n("b")), (_n("own"), _n("p"), _n("x"))}


@pytest.mark.parametrize("text, expected", [
    # into a named graph: in the merge once
    ('INSERT DATA { GRAPH <http://ex/g3> { <http://ex/a> <http://ex/p> <http://ex/b> . <http://ex/n> <http://ex/p> 1 } }',
     {"a p b", "c p d", "own p x", "n p 1"}),
    # the last graph of a triple goes: it leaves the merge; c p d is in g2 only
    ("DROP GRAPH <http://ex/g2>", {"a p b", "own p x"}),
    # a triple still held by another graph stays
    ("DROP GRAPH <http://ex/g1>", {"a p b", "c p d", "own p x"}),
    # the default graph of an update is the one without the merge: the prologue, a trailing ";"
    ("PREFIX ex: <http://ex/>\nDELETE DATA { ex:own ex:p ex:x } ; INSERT DATA { ex:mine ex:p ex:y } ;",
     {"a p b", "c p d", "mine p y"}),
    ("DELETE WHERE { ?s ?p ?o }  # what the default graph holds of its own", {"a p b", "c p d"}),
])
def test_store_merge_update_keeps_the_merge_in_step(text, expected):
    store = st.open_store()
    st.load_dataset(store, [(_n("a"), _n("p"), _n("b"), _n("g1")), (_n("a"), _n("p"), _n("b"), _n("g2")),
                            (_n("c"), _n("p"), _n("d"), _n("g2")), (_n("own"), _n("p"), _n("x"), None)])
    st.update(store, text)
    shown = {" ".join(t.value.removeprefix(EX) for t in triple) for triple in _default(store)}
    assert shown == expected
    assert _named(store) <= _default(store)


def test_store_merge_update_syntax_error_changes_nothing():
    store = st.open_store()
    st.load_dataset(store, [(_n("a"), _n("p"), _n("b"), _n("g1"))])
    before = set(store)
    with pytest.raises(SyntaxError):
        st.update(store, "INSERT DATA { GRAPH <http://ex/g1> { <http://ex/a> <http://ex/p> ")
    assert set(store) == before


def test_store_merge_store_dir_follows_removed_documents(tmp_path):
    from policy_kg.build import build

    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "een.txt").write_text("De algemene vergunning NL007 geldt niet voor Israël.\n", encoding="utf-8")
    (docs / "twee.txt").write_text("De algemene vergunning NL009 geldt niet voor Israël en Turkije.\n", encoding="utf-8")
    db = tmp_path / "db"
    assert build([docs], tmp_path / "out", store_dir=db).ok
    store = st.open_store(db, read_only=True)
    assert st.has_merged_default(store) and _default(store) == _named(store)
    twee = {x for x in store if isinstance(x.graph_name, ox.NamedNode) and x.graph_name.value.endswith("/twee.txt")}
    only_twee = _triples(twee) - _triples(x for x in store if x.graph_name not in (ox.DefaultGraph(), next(iter(twee)).graph_name))
    assert only_twee and only_twee <= _default(store)
    del store
    (docs / "twee.txt").unlink()
    assert build([docs], tmp_path / "out", store_dir=db).ok
    store = st.open_store(db, read_only=True)
    assert _default(store) == _named(store)
    assert not only_twee & _default(store)  # no triple of the removed document is left in the merge
    mentioned = "SELECT ?e (COUNT(*) AS ?n) { ?src pkg:mentions ?e } GROUP BY ?e ORDER BY ?e"
    assert [(row[0].value.split("/id/")[1], row[1].value) for row in q.execute(store, mentioned).rows] == \
        [("country/IL", "1"), ("licence/NL007", "1")]
