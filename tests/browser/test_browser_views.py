"""The HTML views in a real browser: pages load offline and clean, draw what the graph holds,
and the exclusions page's licence click and date control show what the RDF says."""

from __future__ import annotations

import pytest
from policy_kg.graph.iri import entity_iri
from policy_kg.graph.rdf import dataset_to_networkx, union_graph
from policy_kg.ontology import PKG
from rdflib import RDF
from views_fixtures import XSS_IMG, XSS_PERSON, XSS_SCRIPT

PAGES = ["index.html", "exclusions.html", "graph.html", "timeline.html"]
ENTITIES = [("LICENCE", "NL007"), ("LICENCE", "NL002"), ("COUNTRY", "IL"), ("PERSON", "Ruben Brekelmans"),
            ("RULING", "ECLI:NL:GHDHA:2024:191")]


def _exclusion_pairs(ds) -> set[tuple[str, str]]:
    """(licence, country) of every excludesDestination statement, read with rdflib's SPARQL."""
    rows = union_graph(ds).query("""
        PREFIX pkg: <https://w3id.org/policy-kg/def#>
        SELECT DISTINCT ?l ?c WHERE { ?st a pkg:Statement ; pkg:statementPredicate pkg:excludesDestination ;
                                          pkg:statementSubject ?l ; pkg:statementObject ?c . FILTER(isIRI(?c)) }""")
    return {(str(r.l), str(r.c)) for r in rows}


def _screenshot_name(rel: str) -> str:
    return "seeds-" + rel.replace("/", "_").replace(".html", "") + ".png"


@pytest.mark.parametrize("rel", PAGES)
def test_browser_views_page_loads_offline_without_errors(seed_views, open_page, rel):
    out, _, _ = seed_views
    run = open_page(out, rel)
    if rel in ("exclusions.html", "graph.html"):
        run.wait_ready()
    run.page.wait_for_load_state("load")
    run.screenshot(_screenshot_name(rel))
    run.assert_clean()
    assert len(run.requests) >= 2  # the page and its shipped stylesheet at least, all under the export folder


@pytest.mark.parametrize("label,id_", ENTITIES)
def test_browser_views_entity_page_loads_and_draws_neighbours(seed_views, open_page, label, id_):
    from policy_kg.graph.views import entity_page

    out, ds, _ = seed_views
    rel = entity_page(label, id_)
    assert (out / rel).is_file(), rel
    run = open_page(out, rel)
    run.wait_ready()
    run.screenshot(_screenshot_name(rel))
    run.assert_clean()
    G = dataset_to_networkx(ds)
    iri = str(entity_iri(label, id_))
    neighbours = set(G.predecessors(iri)) | set(G.successors(iri))
    if not neighbours:  # no links: no drawing, the page says so
        assert run.page.locator("#network").count() == 0 and "No links." in run.page.inner_text("main")
        return
    drawn = run.drawn()
    assert drawn["nodes"] == 1 + min(len(neighbours - {iri}), 60)
    assert drawn["edges"] == min(G.in_degree(iri) + G.out_degree(iri), drawn["edges"]) and drawn["edges"] >= 1


def test_browser_views_source_page_loads(seed_views, open_page):
    from policy_kg.graph.views import source_page

    out, _, _ = seed_views
    run = open_page(out, source_page("004_29ef86805054f4de.txt"))
    run.page.wait_for_load_state("load")
    run.screenshot("seeds-source-004.png")
    run.assert_clean()
    assert run.page.locator("ol.statements > li").count() > 10


def test_browser_views_graph_draws_every_node_and_edge(seed_views, open_page):
    out, ds, _ = seed_views
    G = dataset_to_networkx(ds)
    run = open_page(out, "graph.html")
    run.wait_ready()
    assert run.drawn() == {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
    assert run.page.locator("#cap-note").count() == 0


def test_browser_views_graph_search_focuses_the_node(seed_views, open_page):
    out, _, _ = seed_views
    run = open_page(out, "graph.html")
    run.wait_ready()
    run.page.fill("#search", "NL007")
    run.page.press("#search", "Enter")
    selected = run.page.evaluate("window.policyKgView.network.getSelectedNodes()")
    assert selected == [str(entity_iri("LICENCE", "NL007"))]
    assert "NL007" in run.page.inner_text("#details")
    run.screenshot("seeds-graph-search-NL007.png", full_page=False)
    run.assert_clean()


def test_browser_views_exclusions_draws_every_exclusion(seed_views, open_page):
    out, ds, _ = seed_views
    pairs = _exclusion_pairs(ds)
    g = union_graph(ds)
    licences = {str(s) for s in g.subjects(RDF.type, PKG.Licence)} | {lic for lic, _ in pairs}
    run = open_page(out, "exclusions.html")
    run.wait_ready()
    assert run.drawn() == {"nodes": len(licences) + len({c for _, c in pairs}), "edges": len(pairs)}
    run.assert_clean()


@pytest.mark.parametrize("code", ["NL007", "NL010", "NL002"])
def test_browser_views_exclusions_click_licence_shows_its_countries(seed_views, open_page, code):
    out, ds, _ = seed_views
    iri = str(entity_iri("LICENCE", code))
    expected = sorted(c for lic, c in _exclusion_pairs(ds) if lic == iri)
    assert expected, f"the seeds state exclusions of {code}"
    run = open_page(out, "exclusions.html")
    run.wait_ready()
    box = run.page.locator("#network").bounding_box()
    pos = run.page.evaluate("(id) => { const n = window.policyKgView.network; return n.canvasToDOM(n.getPositions([id])[id]); }", iri)
    run.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    shown = run.page.eval_on_selector_all("#licence-countries li", "els => els.map(e => e.dataset.country)")
    assert sorted(shown) == expected
    assert run.drawn() == {"nodes": 1 + len(expected), "edges": len(expected)}
    run.screenshot(f"seeds-exclusions-click-{code}.png", full_page=False)
    run.assert_clean()


@pytest.mark.parametrize("day", ["2025-04-01", "2025-05-01", "2019-06-01", "2016-01-01"])
def test_browser_views_exclusions_on_a_date_match_the_named_query(seed_views, open_page, day):
    from policy_kg.graph.query import execute, named_queries

    out, _, store = seed_views
    q = named_queries()["exclusions-in-force"]
    import pyoxigraph as ox

    res = execute(store, q.text, {ox.Variable("date"): ox.Literal(day, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))})
    li, ci = res.variables.index("licence"), res.variables.index("country")
    expected = sorted((r[li].value, r[ci].value) for r in res.rows)
    run = open_page(out, "exclusions.html")
    run.wait_ready()
    run.page.fill("#on-date", day)
    run.page.dispatch_event("#on-date", "change")
    shown = run.page.evaluate("""() => { const v = window.policyKgView; const d = v.data;
        return v.visible().edges.map(i => [d.exclusions[i].licence, d.exclusions[i].country]); }""")
    assert sorted(map(tuple, shown)) == expected
    assert run.drawn()["edges"] == len(expected)
    assert day in run.page.inner_text("#summary")
    run.screenshot(f"seeds-exclusions-on-{day}.png", full_page=False)
    run.assert_clean()


def test_browser_views_exclusions_withdrawn_licence_disappears_after_withdrawal(seed_views, open_page):
    """NL002 was withdrawn on 2025-04-08 (seed 004): in force before, gone after."""
    out, _, _ = seed_views
    nl002 = str(entity_iri("LICENCE", "NL002"))
    run = open_page(out, "exclusions.html")
    run.wait_ready()
    counts = {}
    for day in ("2025-04-01", "2025-05-01"):
        run.page.fill("#on-date", day)
        run.page.dispatch_event("#on-date", "change")
        counts[day] = run.page.evaluate("""(iri) => { const v = window.policyKgView;
            return v.visible().edges.filter(i => v.data.exclusions[i].licence === iri).length; }""", nl002)
    assert counts["2025-04-01"] > 0
    assert counts["2025-05-01"] == 0


@pytest.mark.parametrize("rel", PAGES + ["entity/person", "entity/licence", "source"])
def test_browser_views_document_text_never_runs(xss_views, open_page, rel):
    """Payloads in sentences, a person's name and the title are shown as text: no dialog, no injected element."""
    from policy_kg.graph.views import entity_page, source_page

    out, _, _ = xss_views
    target = {"entity/person": entity_page("PERSON", XSS_PERSON), "entity/licence": entity_page("LICENCE", "NL007"),
              "source": source_page("xss_brief.txt")}.get(rel, rel)
    raw = (out / target).read_text(encoding="utf-8")
    assert XSS_SCRIPT not in raw and XSS_IMG not in raw
    run = open_page(out, target)
    if rel in ("exclusions.html", "graph.html", "entity/person", "entity/licence"):
        run.wait_ready()
    run.page.wait_for_timeout(300)
    if rel in ("exclusions.html", "graph.html"):  # hover every node: tooltips are text too
        for pos in run.page.evaluate("""() => { const n = window.policyKgView.network;
                return Object.values(n.getPositions()).map(p => n.canvasToDOM(p)); }"""):
            box = run.page.locator("#network").bounding_box()
            run.page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
            run.page.wait_for_timeout(20)
        run.page.wait_for_timeout(300)
    assert run.page.evaluate("document.querySelectorAll('img').length") == 0
    assert run.page.evaluate("[...document.scripts].every(s => s.src.endsWith('/assets/views.js') || "
                             "s.src.endsWith('/assets/vis-network.min.js') || s.type === 'application/json')")
    run.screenshot("xss-" + rel.replace("/", "_").replace(".html", "") + ".png")
    run.assert_clean()
    if rel in ("entity/person", "source"):
        assert XSS_IMG in run.page.inner_text("main")  # shown, as text


def _synthetic_store(n_nodes: int, n_edges: int):
    """A store of ``n_nodes`` organisations linked by ``n_edges`` concerns statements (deterministic; no entity pages)."""
    import pyoxigraph as ox
    from policy_kg.graph.store import open_store

    store = open_store()
    g = ox.NamedNode("https://w3id.org/policy-kg/graph/synthetic.txt")
    rdf_type = ox.NamedNode(str(RDF.type))
    pref = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    ident = ox.NamedNode("http://purl.org/dc/terms/identifier")
    quads = []
    iris = []
    for i in range(n_nodes):
        iri = ox.NamedNode(str(entity_iri("ORG", f"Organisatie {i}")))
        iris.append(iri)
        quads += [ox.Quad(iri, rdf_type, ox.NamedNode(str(PKG.Organisation)), g), ox.Quad(iri, pref, ox.Literal(f"Organisatie {i}"), g),
                  ox.Quad(iri, ident, ox.Literal(f"Organisatie {i}"), g)]
    for k in range(n_edges):
        a, b = (k * 7919) % n_nodes, (k * 104729 + 1) % max(1, n_nodes // 10)  # hubs: the first tenth
        st = ox.NamedNode(f"https://w3id.org/policy-kg/id/statement/{k:016x}")
        quads += [ox.Quad(st, rdf_type, ox.NamedNode(str(PKG.Statement)), g),
                  ox.Quad(st, ox.NamedNode(str(PKG.statementSubject)), iris[a], g),
                  ox.Quad(st, ox.NamedNode(str(PKG.statementPredicate)), ox.NamedNode(str(PKG.concerns)), g),
                  ox.Quad(st, ox.NamedNode(str(PKG.statementObject)), iris[b], g)]
    store.bulk_extend(quads)
    return store


@pytest.mark.parametrize("n_nodes,max_nodes", [(400, 200), (5200, 5000)])
def test_browser_views_large_graph_capped_and_usable(open_page, tmp_path, n_nodes, max_nodes):
    import time

    from policy_kg.graph.views import write_views

    store = _synthetic_store(n_nodes, n_nodes)
    write_views(store, tmp_path, title="synthetic", max_nodes=max_nodes)
    html = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert '"improvedLayout":false' in html and '"hideEdgesOnDrag":true' in html
    start = time.monotonic()
    run = open_page(tmp_path, "graph.html")
    run.wait_ready(timeout_ms=120000)
    elapsed = time.monotonic() - start
    drawn = run.drawn()
    assert drawn["nodes"] == max_nodes
    note = run.page.inner_text("#cap-note")
    assert f"has {n_nodes} nodes" in note and f"shows the {max_nodes} nodes with the most links" in note
    run.screenshot(f"synthetic-graph-{n_nodes}.png", full_page=False)
    run.assert_clean()
    assert elapsed < 90, f"graph.html with {max_nodes} nodes took {elapsed:.1f} s to lay out"
