"""graph/views.py: a self-contained, deterministic, escaped HTML page of the entity graph."""

from __future__ import annotations

import html
import json
import re

import pytest
from policy_kg.graph.rdf import build_dataset, dataset_to_networkx
from policy_kg.graph.views import LABEL_COLOURS, render_index_html, write_index_html

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")

XSS = "<script>alert(1)</script>"
TITLE = "Wapenexport <test> & co"


@pytest.fixture(scope="module")
def page(written) -> str:
    out, _ = written
    return (out / "index.html").read_text(encoding="utf-8")


def vis_data(page: str, name: str):
    m = re.search(rf"var {name} = new vis\.DataSet\((.*?)\);\n", page)
    assert m, name
    return json.loads(m.group(1))


@pytest.mark.parametrize(
    "pattern",
    [
        r"<script[^>]*\ssrc\s*=",  # every script is inline
        r"<link[^>]*\shref\s*=",  # every style is inline
        r"<(?:img|iframe|embed|object|source|video|audio)\b",
        r"""(?:src|href|action|poster)\s*=\s*["']?\s*(?:https?:)?//""",
        r"url\(\s*[\"']?\s*(?:https?:)?//",
        r"@import",
    ],
)
def test_views_page_makes_no_network_request(page, pattern):
    assert not re.search(pattern, page, re.I), re.search(pattern, page, re.I)


def test_views_vis_network_is_inline(page):
    assert "vis-network" in page and "new vis.Network(" in page
    assert len(page) > 400_000  # the whole library, not a link to it
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page and "bootstrap" not in page.lower()


def test_views_escapes_document_text(page):
    # never raw in the page: neither in HTML nor inside the data script
    assert XSS not in page
    # in HTML (entity table): HTML-escaped
    assert html.escape(f"Stichting {XSS}", quote=False) in page
    # in the vis data: JSON with <, > escaped; decoded it is the original text (shown as text by vis)
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    names = {n["label"] for n in vis_data(page, "nodes")}
    assert f"Stichting {XSS}" in names
    assert "</script" not in page.split("new vis.DataSet(", 1)[1].split(");\n", 1)[0]


def test_views_title_escaped_in_header(page):
    assert "<title>Wapenexport &lt;test&gt; &amp; co</title>" in page
    assert "<h1>Wapenexport &lt;test&gt; &amp; co</h1>" in page
    assert TITLE not in page


def test_views_header_counts(page):
    # 15 entities from the documents, 4 from the background knowledge (a chain of appeal and its courts)
    assert "2 documents &middot; 19 entities &middot; 7 facts" in page


def test_views_nodes_coloured_by_label_with_legend(page):
    nodes = {n["id"]: n for n in vis_data(page, "nodes")}
    assert nodes["https://w3id.org/policy-kg/id/licence/NL007"]["color"] == LABEL_COLOURS["LICENCE"]
    assert nodes["https://w3id.org/policy-kg/id/country/IL"]["color"] == LABEL_COLOURS["COUNTRY"]
    assert nodes["https://w3id.org/policy-kg/id/country/IL"]["label"] == "Israël"
    title = nodes["https://w3id.org/policy-kg/id/faction/PVV"]["title"]
    assert "FACTION · PVV" in title and "PVV-fractie" in title
    assert f'<span class="swatch" style="background: {LABEL_COLOURS["LICENCE"]}"></span>LICENCE (1)' in page


def test_views_edge_titles_carry_predicate_and_qualifiers(page):
    edges = vis_data(page, "edges")
    ex = next(e for e in edges if e["from"].endswith("/licence/NL007") and e["to"].endswith("/country/IL"))
    assert ex["title"].startswith("excludesDestination\nvalidFrom: 2025-04-08")
    assert ex["arrows"] == "to"
    spending = next(e for e in edges if e["label"] == "spending")
    assert "share: 1.6" in spending["title"] and "measure: uitgaven" in spending["title"]


def test_views_layout_seed_fixed(page):
    m = re.search(r"var options = (\{.*?\});\n", page)
    assert json.loads(m.group(1))["layout"]["randomSeed"] == 7


def test_views_two_writes_byte_identical(written, tmp_path, dataset):
    out, _ = written
    p = write_index_html(dataset, tmp_path / "index.html", title=TITLE)
    assert p == tmp_path / "index.html"
    assert p.read_bytes() == (out / "index.html").read_bytes()


def test_views_same_page_from_networkx_projection(page, dataset):
    assert render_index_html(dataset_to_networkx(dataset), TITLE) == page


def test_views_byte_identical_across_processes_hashseeds_and_input_order(written, written_elsewhere):
    out, _ = written
    assert (written_elsewhere / "index.html").read_bytes() == (out / "index.html").read_bytes()


def test_views_empty_graph(tmp_path):
    p = write_index_html(build_dataset([]), tmp_path / "empty.html", title="leeg")
    text = p.read_text(encoding="utf-8")
    assert "0 documents &middot; 0 entities &middot; 0 facts" in text
    assert vis_data(text, "nodes") == []


def test_views_rejects_other_inputs(tmp_path):
    with pytest.raises(TypeError):
        write_index_html(["not", "a", "graph"], tmp_path / "x.html", title="x")
