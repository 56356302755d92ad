"""The main job end to end: seeds -> exports, determinism, and a batch with bad files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from policy_kg.build import build

ROOT = Path(__file__).resolve().parent.parent
SEEDS, EXPORTS = ROOT / "seeds", ROOT / "exports"

OUTPUTS = ("context.jsonld", "entities.csv", "extraction.jsonl", "facts.csv", "graph.gexf", "graph.graphml", "graph.jsonld", "graph.nt", "graph.trig", "graph.ttl", "index.html", "void.ttl",
           "exclusions.html", "graph.html", "timeline.html")


def _tree(folder: Path) -> dict[str, Path]:
    """Every file under ``folder`` by its relative path (the views add entity/, source/ and assets/)."""
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("build1")
    result = build([SEEDS], out, use_cache=False)
    assert result.ok, result.failures
    assert (result.extracted, result.cached) == (5, 0)
    return out, result


def test_build_writes_every_output(seed_build):
    out, result = seed_build
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0, name
    assert result.counts()["documents"] == 5


def test_build_is_deterministic_across_processes(seed_build, tmp_path):
    out, _ = seed_build
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-m", "policy_kg.cli", "build", str(SEEDS), "--out", str(tmp_path), "--quiet", "--no-cache"],
                   check=True, env=env, capture_output=True)
    assert _tree(tmp_path).keys() == _tree(out).keys()
    for name, path in _tree(out).items():
        assert (tmp_path / name).read_bytes() == path.read_bytes(), name


@pytest.mark.parametrize("name", OUTPUTS)
def test_build_exports_are_current(seed_build, name):
    out, _ = seed_build
    committed = EXPORTS / name
    assert committed.exists(), f"{committed} missing: run `policy-kg build`"
    assert committed.read_bytes() == (out / name).read_bytes(), f"exports/{name} is stale: run `policy-kg build`"


def test_build_exports_tree_is_current(seed_build):
    """exports/ holds exactly what a build of seeds/ writes, pages of the views included, byte for byte."""
    out, _ = seed_build
    built, committed = _tree(out), _tree(EXPORTS)
    assert sorted(committed.keys() - built.keys()) == [], "stale files in exports/: run `policy-kg build`"
    assert sorted(built.keys() - committed.keys()) == [], "files missing from exports/: run `policy-kg build`"
    stale = [name for name, path in built.items() if committed[name].read_bytes() != path.read_bytes()]
    assert stale == [], f"stale in exports/: {stale[:5]}: run `policy-kg build`"


def test_build_turtle_read_by_pyoxigraph_is_isomorphic(seed_build):
    """An independent parser (Oxigraph) reads graph.ttl back to the graph that was built."""
    import pyoxigraph
    from policy_kg.graph.rdf import build_dataset
    from policy_kg.graph.serialise import union_triples

    out, result = seed_build
    built = rdflib.Graph()
    for triple in union_triples(build_dataset(result.extractions)):
        built.add(triple)
    triples = pyoxigraph.parse(path=str(out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    ntriples = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    parsed = rdflib.Graph().parse(data=ntriples, format="nt")
    assert len(parsed) == len(built) > 0
    assert isomorphic(parsed, built)


def test_build_jsonl_matches_contract(seed_build):
    out, _ = seed_build
    records = [json.loads(line) for line in (out / "extraction.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    mentions = [r for r in records if r["kind"] == "mention"]
    facts = [r for r in records if r["kind"] == "fact"]
    assert mentions and facts
    for r in mentions:
        assert set(r) == {"doc", "kind", "start", "end", "text", "label", "id"}
        assert texts[r["doc"]][r["start"]:r["end"]] == r["text"]
    for r in facts:
        assert {"doc", "kind", "subject", "predicate", "object", "start", "end"} <= set(r)
        assert 0 <= r["start"] < r["end"] <= len(texts[r["doc"]])
