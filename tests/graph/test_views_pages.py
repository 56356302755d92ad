"""graph/views.py write_views: the exported pages from a pyoxigraph store (files, determinism, escaping,
offline, data that matches the RDF). The browser tests are in tests/browser/."""

from __future__ import annotations

import json
import re

import pytest
from policy_kg.graph.iri import entity_iri
from policy_kg.graph.rdf import build_dataset, dataset_to_networkx
from policy_kg.graph.store import open_store, views_store
from policy_kg.graph.views import (
    DOWNLOADS,
    PAGE_LABELS,
    SHIPPED_ASSETS,
    entity_page,
    render_views,
    slug,
    source_page,
    write_views,
)
from policy_kg.ontology import PKG
from rdflib import RDF

TITLE = "Wapenexport <test> & co"
XSS = "<script>alert(1)</script>"


def _store(extractions):
    return views_store(build_dataset(extractions))


@pytest.fixture
def store(extractions):
    return _store(extractions)


@pytest.fixture
def pages(store):
    return render_views(store, title=TITLE)


def _data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="pkg-data">(.*?)</script>', html, re.DOTALL)
    assert m, "no data element"
    return json.loads(m.group(1))


def test_views_pages_writes_every_view_and_returns_sorted_paths(store, tmp_path):
    paths = write_views(store, tmp_path, title=TITLE)
    rel = [p.relative_to(tmp_path).as_posix() for p in paths]
    assert paths == sorted(paths)
    for name in ("index.html", "exclusions.html", "graph.html", "timeline.html", *(f"assets/{a}" for a in SHIPPED_ASSETS)):
        assert name in rel
    assert entity_page("LICENCE", "NL007") in rel and entity_page("COUNTRY", "IL") in rel
    assert entity_page("PERSON", "Ruben Brekelmans") in rel and entity_page("RULING", "ECLI:NL:GHDHA:2024:191") in rel
    assert source_page("004_29ef86805054f4de.txt") in rel
    assert not any(r.startswith("entity/org/") for r in rel)  # pages only for licences, countries, persons, rulings


def test_views_pages_byte_identical_across_writes_and_input_order(extractions, tmp_path):
    a = write_views(_store(extractions), tmp_path / "a", title=TITLE)
    b = write_views(_store(list(reversed(extractions))), tmp_path / "b", title=TITLE)
    assert [p.relative_to(tmp_path / "a") for p in a] == [p.relative_to(tmp_path / "b") for p in b]
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes(), pa.name


@pytest.mark.parametrize("text,expected", [("NL007", "nl007-"), ("nl007", "nl007"), ("ECLI:NL:GHDHA:2024:191", "ecli-nl-ghdha-2024-191-"),
                                           ("Ruben Brekelmans", "ruben-brekelmans-"), ("../../etc/passwd", "etc-passwd-"),
                                           ("<script>", "script-"), ("Çağlar Öz", "caglar-oz-"), ("中文", "")])
def test_views_pages_slug_safe_and_distinct(text, expected):
    s = slug(text)
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", s)
    assert s.startswith(expected)
    assert slug(text) == s and slug(text.upper()) != s or text.upper() == text


def test_views_pages_document_text_escaped_everywhere(pages):
    for rel, text in pages.items():
        if rel.endswith(".html"):
            assert XSS not in text, rel
            assert "<test>" not in text, rel
    assert "Wapenexport &lt;test&gt; &amp; co" in pages["index.html"]
    graph = pages["graph.html"]
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in graph  # the ORG's name, in the JSON data
    names = {n["name"] for n in _data(graph)["nodes"]}
    assert f"Stichting {XSS}" in names  # and it reads back as the name, unchanged


@pytest.mark.parametrize("rel", ["index.html", "exclusions.html", "graph.html", "timeline.html"])
def test_views_pages_load_nothing_from_the_network(pages, rel):
    html = pages[rel]
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html), rel
    for src in re.findall(r'<script[^>]* src="([^"]+)"', html) + re.findall(r'<link[^>]* href="([^"]+)"', html):
        assert src.startswith("assets/") and src[len("assets/"):] in SHIPPED_ASSETS
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    inline = [s for s in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL) if "src=" not in s[0]]
    assert all('type="application/json"' in attrs for attrs, _ in inline)  # data only; code is shipped


def test_views_pages_shipped_vis_network_is_the_pyvis_copy(pages):
    assert "vis-network" in pages["assets/vis-network.min.js"][:2000].lower() or "vis" in pages["assets/vis-network.min.js"][:200]
    assert len(pages["assets/vis-network.min.js"]) > 100_000


def test_views_pages_graph_data_matches_the_networkx_projection(pages, extractions):
    G = dataset_to_networkx(build_dataset(extractions))
    data = _data(pages["graph.html"])
    assert len(data["nodes"]) == G.number_of_nodes()
    assert len(data["edges"]) == G.number_of_edges()
    assert {n["id"] for n in data["nodes"]} == set(G.nodes)
    assert sorted((e["from"], e["to"], e["predicate"]) for e in data["edges"]) == sorted((s, o, k) for s, o, k in G.edges(keys=True))
    assert not data["capped"]


def test_views_pages_graph_capped_to_max_nodes_with_a_note(store):
    pages = render_views(store, title=TITLE, max_nodes=5)
    data = _data(pages["graph.html"])
    assert len(data["nodes"]) == 5 and data["capped"]
    kept = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in kept and e["to"] in kept for e in data["edges"])
    assert 'id="cap-note"' in pages["graph.html"] and "shows the 5 nodes with the most links" in pages["graph.html"]


def test_views_pages_exclusions_hold_each_exclusion_with_evidence(pages):
    data = _data(pages["exclusions.html"])
    nl007, il = str(entity_iri("LICENCE", "NL007")), str(entity_iri("COUNTRY", "IL"))
    [x] = [x for x in data["exclusions"] if x["licence"] == nl007 and x["country"] == il]
    [st] = x["statements"]
    assert st["doc"] == "004_29ef86805054f4de.txt" and st["docPage"] == source_page("004_29ef86805054f4de.txt")
    assert "NL007" in st["sentence"] and "Israël" in st["sentence"]
    assert [lic["code"] for lic in data["licences"]] == ["NL007"]


def test_views_pages_landing_links_every_view_and_download(pages):
    html = pages["index.html"]
    for target in ("exclusions.html", "graph.html", "timeline.html", *(name for name, _ in DOWNLOADS)):
        assert f'href="{target}"' in html
    for label in PAGE_LABELS:
        assert f"{label} (" in html


def test_views_pages_entity_page_lists_statements_with_evidence(pages):
    html = pages[entity_page("LICENCE", "NL007")]
    assert "excludesDestination" in html and "De NL007 geldt niet voor Israël." in html
    assert f'href="../../{entity_page("COUNTRY", "IL")}"' in html
    assert f'href="../../{source_page("004_29ef86805054f4de.txt")}"' in html
    assert 'src="../../assets/views.js"' in html


def test_views_pages_timeline_lists_dated_events(pages):
    html = pages["timeline.html"]
    assert "<svg" in html and "Exclusions" in html and "Rulings" in html


def test_views_pages_empty_store(tmp_path):
    store = open_store()
    paths = write_views(store, tmp_path, title="leeg")
    names = {p.relative_to(tmp_path).as_posix() for p in paths}
    assert {"index.html", "exclusions.html", "graph.html", "timeline.html"} <= names
    assert "0</strong> documents" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_views_pages_landing_counts_match_the_dataset(written, dataset):
    html = (written[0] / "index.html").read_text(encoding="utf-8")
    sources = set(dataset.subjects(RDF.type, PKG.SourceDocument))
    statements = set(dataset.subjects(RDF.type, PKG.Statement))
    assert len(sources) == 2 and len(statements) == 7
    assert f"<strong>{len(sources)}</strong> documents" in html
    assert f"<strong>{len(statements)}</strong> statements" in html


def test_views_pages_byte_identical_across_processes_hashseeds_and_input_order(written, written_elsewhere):
    out, _ = written
    views = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and
                   (p.suffix == ".html" or p.parent.name == "assets"))
    assert "index.html" in views and "graph.html" in views and any(v.startswith("entity/") for v in views)
    elsewhere = sorted(p.relative_to(written_elsewhere).as_posix() for p in written_elsewhere.rglob("*") if p.is_file() and
                       (p.suffix == ".html" or p.parent.name == "assets"))
    assert elsewhere == views
    for rel in views:
        assert (written_elsewhere / rel).read_bytes() == (out / rel).read_bytes(), rel


@pytest.fixture(scope="module")
def seed_views_store(seed_dataset):
    return views_store(seed_dataset)


@pytest.mark.parametrize("limit", [1, 2, 5, 17])
def test_views_pages_entity_statements_are_the_first_in_document_order(seed_views_store, seed_dataset, limit):
    from policy_kg.graph.views import _entity_statements, _statement_order

    il = entity_iri("COUNTRY", "IL")
    about = set(seed_dataset.subjects(PKG.statementSubject, il)) | set(seed_dataset.subjects(PKG.statementObject, il))
    every = _entity_statements(seed_views_store, str(il), limit=10_000)
    assert sorted(r["st"] for r in every) == sorted(map(str, about)) and len(about) > 17
    assert every == sorted(every, key=_statement_order)
    assert all(r["doc"] and r["sentence"] for r in every)  # each with its evidence
    assert _entity_statements(seed_views_store, il, limit=limit) == every[:limit]
