"""The streaming build: content-hash cache (only changed documents are extracted again), the
large-build path (streams byte-identical to the in-memory outputs), stores that persist between
builds (a removed document's graph goes), the integrity check, and outputs never half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from corpus_fixtures import make_corpus, make_doc

from policy_kg.build import IN_MEMORY_ONLY, IntegrityError, build

ROOT = Path(__file__).resolve().parent.parent
GRAPH = "https://w3id.org/policy-kg/graph/"
STREAMED = ("extraction.jsonl", "graph.trig", "facts.csv")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """30 synthetic documents, built once into out/ with a cache."""
    root = tmp_path_factory.mktemp("stream")
    docs = root / "docs"
    make_corpus(docs, 30)
    result = build([docs], root / "out", cache_dir=root / "cache")
    assert result.ok, result.failures
    assert (result.extracted, result.cached) == (30, 0)
    return root, result


def test_build_stream_rebuild_extracts_only_the_changed_document(corpus, tmp_path):
    root, _ = corpus
    docs = tmp_path / "docs"
    make_corpus(docs, 30)
    changed = docs / "doc_00007.txt"
    changed.write_text(make_doc(7, seed=1), encoding="utf-8")
    result = build([docs], tmp_path / "out", cache_dir=root / "cache")
    assert (result.extracted, result.cached) == (1, 29)
    clean = build([docs], tmp_path / "clean", use_cache=False)
    assert (clean.extracted, clean.cached) == (30, 0)
    assert _files(tmp_path / "out") == _files(tmp_path / "clean")
    assert _files(tmp_path / "out") != _files(root / "out")  # the change is in the outputs


def test_build_stream_large_build_streams_the_same_bytes(corpus, tmp_path):
    root, small = corpus
    warnings = []
    result = build([root / "docs"], tmp_path / "out", cache_dir=root / "cache", in_memory_limit=0,
                   on_warning=warnings.append)
    assert not result.in_memory and result.extractions == []
    assert result.counts() == small.counts() | {"extracted": 0, "cached": 30}
    assert sorted(result.skipped) == sorted(IN_MEMORY_ONLY)
    assert any("not written: graph.ttl" in w for w in warnings)
    out = _files(tmp_path / "out")
    held = _files(root / "out")  # the same corpus built in memory
    # everything but the in-memory-only exports, byte for byte: the streams, and the HTML views made
    # with SPARQL from an on-disk store instead of an in-memory one
    assert sorted(out) == sorted(name for name in held if name not in IN_MEMORY_ONLY)
    assert {"index.html", "exclusions.html", "graph.html", "timeline.html"} <= out.keys()
    for name, data in out.items():
        assert data == held[name], name


@pytest.mark.parametrize("removed", ["doc_00000.txt", "doc_00013.txt"])
def test_build_stream_removed_document_leaves_exports_and_store(corpus, tmp_path, removed, monkeypatch):
    import policy_kg.build as b

    monkeypatch.setattr(b, "BULK_LOAD_QUADS", 1000)  # several files for the bulk loader
    root, _ = corpus
    docs = tmp_path / "docs"
    make_corpus(docs, 30)
    db = tmp_path / "db"
    first = build([docs], tmp_path / "out", cache_dir=root / "cache", store_dir=db)
    assert first.ok
    (docs / removed).unlink()
    second = build([docs], tmp_path / "out", cache_dir=root / "cache", store_dir=db)
    assert second.documents == 29
    assert f"graph:{removed}" not in (tmp_path / "out" / "graph.trig").read_text(encoding="utf-8")
    assert "graph:doc_00001.txt" in (tmp_path / "out" / "graph.trig").read_text(encoding="utf-8")
    fresh = build([docs], tmp_path / "out2", cache_dir=root / "cache", store_dir=tmp_path / "db2")
    assert fresh.ok
    a, b = ox.Store.read_only(str(db)), ox.Store.read_only(str(tmp_path / "db2"))
    graphs = {g.value for g in a.named_graphs()}
    assert GRAPH + removed not in graphs and GRAPH + "doc_00001.txt" in graphs
    assert graphs == {g.value for g in b.named_graphs()}
    def docs_quads(store):  # the vocabulary's blank nodes differ between loads
        return {q for q in store if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(GRAPH)}

    assert docs_quads(a) == docs_quads(b)
    assert len(list(a.quads_for_pattern(None, None, None, ox.NamedNode("https://w3id.org/policy-kg/def")))) > 0


class FakeRemote:
    """The interface of policy_kg.graph.remote.RemoteStore, in memory."""

    def __init__(self):
        self.data: dict[str, bytes] = {}
        self.calls: list[tuple[str, str]] = []

    def replace_graph(self, graph_iri: str, nquads_or_ntriples: bytes) -> None:
        self.calls.append(("replace", graph_iri))
        self.data[graph_iri] = nquads_or_ntriples

    def drop_graph(self, graph_iri: str) -> None:
        self.calls.append(("drop", graph_iri))
        self.data.pop(graph_iri, None)

    def graphs(self) -> set[str]:
        return set(self.data)


def test_build_stream_remote_store_gets_one_call_per_graph(corpus, tmp_path):
    root, _ = corpus
    docs = tmp_path / "docs"
    make_corpus(docs, 5)
    remote = FakeRemote()
    remote.data[GRAPH + "gone.txt"] = b""  # from an earlier build
    remote.data["http://example.org/theirs"] = b""  # someone else's graph in the same store
    result = build([docs], tmp_path / "out", cache_dir=root / "cache", store_dir=remote)
    assert result.ok
    expected = {GRAPH + f"doc_{i:05d}.txt" for i in range(5)}
    assert expected <= remote.graphs()
    assert GRAPH + "gone.txt" not in remote.graphs() and ("drop", GRAPH + "gone.txt") in remote.calls
    assert "https://w3id.org/policy-kg/def" in remote.graphs() and "http://example.org/theirs" in remote.graphs()
    assert [c for c in remote.calls if c[0] == "replace"].count(("replace", GRAPH + "doc_00001.txt")) == 1
    store = ox.Store()
    for iri, body in remote.data.items():  # N-Triples, one graph each
        store.load(body, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
    trig = ox.Store()
    trig.load(path=str(tmp_path / "out" / "graph.trig"), format=ox.RdfFormat.TRIG)
    assert {q for q in store if q.graph_name.value.startswith(GRAPH)} == set(trig)


def test_build_stream_integrity_error_keeps_the_old_outputs(corpus, tmp_path, monkeypatch):
    import policy_kg.build as b

    root, _ = corpus
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.trig").write_text("old\n", encoding="utf-8")
    real = b._doc_graph

    def lossy(x, maps):  # a graph that lost a statement
        name, triples = real(x, maps)
        from policy_kg.ontology import PKG
        from rdflib import RDF

        statements = sorted(s for s, p, o in triples if p == RDF.type and o == PKG.Statement)
        return name, [t for t in triples if not statements or t[0] != statements[0]]

    monkeypatch.setattr(b, "_doc_graph", lossy)
    with pytest.raises(IntegrityError, match="missing from the graph"):
        build([root / "docs"], out, use_cache=False)  # extracted here, so the graph is made here
    assert _files(out) == {"graph.trig": b"old\n"}
    assert not list(tmp_path.glob(".out.staging-*"))


def test_build_stream_stale_staging_is_removed(corpus, tmp_path):
    root, _ = corpus
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".out.staging-{dead.pid}"
    (stale / "sub").mkdir(parents=True)
    (stale / "sub" / "half.jsonl").write_text("{", encoding="utf-8")
    build([root / "docs" / "doc_00001.txt"], tmp_path / "out", cache_dir=root / "cache")
    assert not stale.exists()


def test_build_stream_killed_build_leaves_out_intact(tmp_path):
    docs = tmp_path / "docs"
    make_corpus(docs, 12)
    out = tmp_path / "out"
    assert build([docs], out, cache_dir=tmp_path / "cache").ok
    before = _files(out)
    make_corpus(docs, 60, seed=3)  # a new, bigger corpus: the next build would change every file
    env = dict(os.environ, PYTHONPATH=str(ROOT / "tests"))
    proc = subprocess.Popen([sys.executable, "-m", "policy_kg.cli", "build", str(docs), "--out", str(out),
                             "--no-cache", "--quiet"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        staged = []
        while time.monotonic() < deadline and proc.poll() is None:  # mid-way: some documents extracted
            staged = list(tmp_path.glob(".out.staging-*/.work/cache/*/*.pkl"))
            if len(staged) >= 5:
                break
            time.sleep(0.05)
        assert proc.poll() is None and len(staged) >= 5, "the build ended before it could be interrupted"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert _files(out) == before
    assert list(tmp_path.glob(".out.staging-*"))  # left behind by the killed build ...
    assert build([docs / "doc_00000.txt"], out, cache_dir=tmp_path / "cache").ok
    assert not list(tmp_path.glob(".out.staging-*"))  # ... and cleaned up by the next one


def test_build_stream_store_url_goes_to_remote_store(corpus, tmp_path, monkeypatch):
    import policy_kg.graph.remote as remote_module

    made = []

    def fake(url, **auth):
        made.append((url, auth))
        return FakeRemote()

    monkeypatch.setattr(remote_module, "RemoteStore", fake)
    monkeypatch.setenv("POLICY_KG_STORE_TOKEN", "secret")
    root, _ = corpus
    result = build([root / "docs" / "doc_00002.txt"], tmp_path / "out", cache_dir=root / "cache",
                   store_dir="http://localhost:8890/sparql")
    assert result.ok
    assert made == [("http://localhost:8890/sparql", {"user": None, "password": None, "token": "secret"})]
    assert not (tmp_path / "http:").exists()


def test_build_stream_pipeline_change_misses_the_cache(corpus, tmp_path, monkeypatch):
    from policy_kg import cache

    root, _ = corpus
    one = [root / "docs" / "doc_00003.txt", root / "docs" / "doc_00004.txt"]
    assert build(one, tmp_path / "a", cache_dir=root / "cache").cached == 2
    monkeypatch.setattr(cache, "pipeline_fingerprint", lambda: "another model or knowledge file")
    result = build(one, tmp_path / "b", cache_dir=root / "cache")
    assert (result.extracted, result.cached) == (2, 0)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_build_stream_damaged_cache_entry_is_a_miss(corpus, tmp_path):
    root, _ = corpus
    cache_dir = tmp_path / "cache"
    doc = root / "docs" / "doc_00005.txt"
    assert build([doc], tmp_path / "a", cache_dir=cache_dir).extracted == 1
    (entry,) = cache_dir.rglob("*.pkl")
    entry.write_bytes(b"not a pickle")
    result = build([doc], tmp_path / "b", cache_dir=cache_dir)
    assert (result.extracted, result.cached) == (1, 0)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
