"""`policy-kg serve`: a running SPARQL endpoint, queried with real HTTP clients (SPARQLWrapper, httpx)."""

from __future__ import annotations

import csv
import io
import os
import threading
import time

import httpx
import pyoxigraph as ox
import pytest
from policy_kg.graph.server import choose_format, make_server, parse_accept
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

TIME_LIMIT = 1.5
MAX_ROWS = 40
PREFIXES = "PREFIX pkg: <https://w3id.org/policy-kg/def#>\n"
EXCLUSIONS = PREFIXES + "SELECT ?l ?c WHERE { ?l pkg:excludesDestination ?c } ORDER BY ?l ?c"
CONSTRUCT = PREFIXES + "CONSTRUCT { ?l pkg:excludesDestination ?c } WHERE { ?l pkg:excludesDestination ?c }"
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n0 ?o }"
NL007 = "https://w3id.org/policy-kg/id/licence/NL007"
IL = "https://w3id.org/policy-kg/id/country/IL"


@pytest.fixture(scope="module")
def server(written):
    out, _ = written
    srv = make_server(out, port=0, time_limit=TIME_LIMIT, max_rows=MAX_ROWS, workers=2, quiet=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.close()
    thread.join(5)


@pytest.fixture(scope="module")
def url(server) -> str:
    return server.url


@pytest.fixture(scope="module")
def client(url):
    with httpx.Client(base_url=url, timeout=30) as c:
        yield c


def wrapper(url, fmt, query, method=None) -> SPARQLWrapper:
    sw = SPARQLWrapper(url + "sparql")
    sw.setReturnFormat(fmt)
    sw.setQuery(query)
    if method:
        sw.setMethod(method)
    return sw


# ---------------------------------------------------------------------------
# SPARQLWrapper, one result format after the other


@pytest.mark.parametrize("method", [None, POST])
def test_serve_sparqlwrapper_json(url, method):
    res = wrapper(url, JSON, EXCLUSIONS, method).query().convert()
    assert res["head"]["vars"] == ["l", "c"]
    assert [(b["l"]["value"], b["c"]["value"]) for b in res["results"]["bindings"]] == [(NL007, IL)]


def test_serve_sparqlwrapper_xml(url):
    doc = wrapper(url, XML, EXCLUSIONS).query().convert()  # a minidom document
    uris = [n.firstChild.data for n in doc.getElementsByTagName("uri")]
    assert uris == [NL007, IL]


def test_serve_sparqlwrapper_csv_and_tsv(url):
    rows = list(csv.reader(io.StringIO(wrapper(url, CSV, EXCLUSIONS).query().convert().decode("utf-8"))))
    assert rows == [["l", "c"], [NL007, IL]]
    tsv = wrapper(url, TSV, EXCLUSIONS).query().convert().decode("utf-8").splitlines()
    assert tsv == ["?l\t?c", f"<{NL007}>\t<{IL}>"]


def test_serve_sparqlwrapper_ask(url):
    assert wrapper(url, JSON, PREFIXES + "ASK { ?s a pkg:Licence }").query().convert()["boolean"] is True
    assert wrapper(url, JSON, PREFIXES + "ASK { ?s a pkg:Motion }").query().convert()["boolean"] is False


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # inside SPARQLWrapper/rdflib
def test_serve_sparqlwrapper_construct_turtle_and_jsonld(url):
    ttl = wrapper(url, TURTLE, CONSTRUCT).query()
    assert ttl.response.headers["Content-Type"].startswith("text/turtle")
    triples = list(ox.parse(ttl.convert(), format=ox.RdfFormat.TURTLE))
    assert [(t.subject.value, t.object.value) for t in triples] == [(NL007, IL)]
    graph = wrapper(url, JSONLD, CONSTRUCT).query().convert()  # parsed by rdflib's JSON-LD reader
    assert {(str(s), str(o)) for s, _, o in graph} == {(NL007, IL)}


def test_serve_sparqlwrapper_syntax_error(url):
    with pytest.raises(QueryBadFormed):
        wrapper(url, JSON, "SELECT ?x WHERE { ?x").query()


def test_serve_sparqlwrapper_update_refused(url, client):
    sw = wrapper(url, JSON, "INSERT DATA { <http://ex/a> <http://ex/b> <http://ex/c> }", POST)
    with pytest.raises(Exception) as info:
        sw.query()
    assert "403" in str(info.value)
    assert _count(client) == _count(client)  # nothing was added, and the endpoint still answers


# ---------------------------------------------------------------------------
# the protocol with httpx


def _count(client) -> int:
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("accept, ctype", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html", "text/html"),
    ("*/*", "application/sparql-results+json"),
    ("text/plain;q=0.9, text/csv;q=0.5", "text/csv"),
])
def test_serve_select_content_negotiation(client, accept, ctype):
    r = client.get("/sparql", params={"query": EXCLUSIONS}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == ctype
    assert "IL" in r.text


@pytest.mark.parametrize("accept, ctype, parse", [
    ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_serve_construct_content_negotiation(client, accept, ctype, parse):
    r = client.post("/sparql", content=CONSTRUCT.encode(), headers={"Content-Type": "application/sparql-query",
                                                                    "Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == ctype
    (t,) = list(ox.parse(r.content, format=parse))
    assert (t.subject.value, t.object.value) == (NL007, IL)


def test_serve_describe_is_turtle(client):
    r = client.get("/sparql", params={"query": f"DESCRIBE <{NL007}>"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert b"excludesDestination" in r.content


def test_serve_form_post_and_graph_parameters(client):
    r = client.post("/sparql", data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                     "default-graph-uri": "https://w3id.org/policy-kg/graph/000_895f2254901843f9.txt"})
    assert r.status_code == 200
    one_graph = int(r.json()["results"]["bindings"][0]["n"]["value"])
    assert 0 < one_graph < _count(client)


@pytest.mark.parametrize("request_kwargs, status", [
    ({"method": "GET", "url": "/sparql", "params": {"query": "SELECT ?x WHERE { ?x"}}, 400),
    ({"method": "POST", "url": "/sparql", "data": {"update": "INSERT DATA { <http://a> <http://b> <http://c> }"}}, 403),
    ({"method": "POST", "url": "/sparql", "content": b"DELETE WHERE { ?s ?p ?o }",
      "headers": {"Content-Type": "application/sparql-update"}}, 403),
    ({"method": "GET", "url": "/sparql", "params": {"query": "CLEAR ALL"}}, 403),
    ({"method": "GET", "url": "/sparql", "params": {"query": "LOAD <http://example.org/x.ttl>"}}, 403),
    ({"method": "GET", "url": "/sparql", "params": {"query": "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}}, 403),
    ({"method": "GET", "url": "/sparql", "params": {"query": EXCLUSIONS}, "headers": {"Accept": "image/png"}}, 406),
    ({"method": "POST", "url": "/sparql", "content": b"SELECT * {}", "headers": {"Content-Type": "text/plain"}}, 415),
    ({"method": "POST", "url": "/sparql", "content": b"x" * (2 << 20),
      "headers": {"Content-Type": "application/sparql-query"}}, 413),
    ({"method": "PUT", "url": "/sparql", "content": b"x"}, 405),
    ({"method": "GET", "url": "/nothing"}, 404),
])
def test_serve_refusals(url, request_kwargs, status):
    with httpx.Client(base_url=url, timeout=30) as c:  # a fresh connection: 413 closes it
        r = c.request(**request_kwargs)
    assert r.status_code == status, r.text
    assert r.text.startswith("error: ") and "\n" == r.text[-1] and r.text.count("\n") == 1


def test_serve_read_only_after_refusals(client):
    before = _count(client)
    client.post("/sparql", data={"update": "INSERT DATA { <http://a> <http://b> <http://c> }"})
    client.post("/sparql", data={"query": "INSERT DATA { <http://a> <http://b> <http://c> }"})
    assert _count(client) == before


def test_serve_result_size_limit(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert r.status_code == 200
    assert r.headers["X-SPARQL-MaxRows"] == str(MAX_ROWS) and r.headers["X-Result-Truncated"] == "true"
    assert len(r.text.strip().splitlines()) == MAX_ROWS + 1
    small = client.get("/sparql", params={"query": EXCLUSIONS})
    assert "X-SPARQL-MaxRows" not in small.headers


def test_serve_time_limit_stops_query_and_others_go_on(server, client, url):
    old_pids = set(server.pool.pids)
    outcome = {}

    def expensive():
        with httpx.Client(base_url=url, timeout=60) as c:
            t0 = time.monotonic()
            outcome["response"] = c.get("/sparql", params={"query": EXPENSIVE})
            outcome["seconds"] = time.monotonic() - t0

    t = threading.Thread(target=expensive)
    t.start()
    time.sleep(0.3)
    t0 = time.monotonic()
    r = client.get("/sparql", params={"query": EXCLUSIONS})  # the other worker answers meanwhile
    assert r.status_code == 200 and time.monotonic() - t0 < TIME_LIMIT
    t.join(30)
    resp = outcome["response"]
    assert resp.status_code == 503 and "time limit" in resp.text
    assert TIME_LIMIT <= outcome["seconds"] < TIME_LIMIT + 5
    killed = old_pids - set(server.pool.pids)
    assert len(killed) == 1  # the worker that ran it was ended ...
    (pid,) = killed
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    deadline = time.monotonic() + 30  # ... and replaced
    while len(server.pool.pids) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(server.pool.pids) == 2
    assert client.get("/sparql", params={"query": EXCLUSIONS}).status_code == 200


# ---------------------------------------------------------------------------
# pages and files


def test_serve_query_page_offline(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    page = r.text
    assert 'action="/sparql"' in page and 'href="/files/index.html"' in page
    assert "Exclusions in force on a date" in page and 'action="/query/exclusions-in-force"' in page
    assert "http://" not in page.replace("http://www.w3.org", "").replace("http://purl.org", "")
    assert "<script" not in page


def test_serve_html_results_escape(client, sample):
    r = client.get("/sparql", params={"query": "SELECT ?n WHERE { ?o skos:prefLabel ?n }", "format": "html"})
    assert r.status_code == 200
    assert sample.XSS not in r.text and "&lt;script&gt;" in r.text


def test_serve_named_query_with_parameter(client):
    r = client.get("/query/exclusions-in-force", params={"date": "2025-05-01", "format": "csv"})
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0][:3] == ["date", "licence", "country"] and rows[1][:3] == ["2025-05-01", NL007, IL]
    assert client.get("/query/exclusions-in-force", params={"date": "2025-02-30"}).status_code == 400
    assert client.get("/query/no-such-query").status_code == 404
    assert client.get("/queries/people.rq").text.startswith("# title:")


def test_serve_files_of_the_folder(client, written):
    r = client.get("/files/index.html")
    assert r.status_code == 200 and r.content == (written[0] / "index.html").read_bytes()
    assert "connect-src 'self'" in r.headers["Content-Security-Policy"]
    ttl = client.get("/files/graph.ttl")
    assert ttl.headers["content-type"].startswith("text/turtle")
    for bad in ("/files/../conftest.py", "/files/%2e%2e/%2e%2e/etc/passwd", "/files/.hidden", "/files/nothing.ttl"):
        assert client.get(bad).status_code == 404, bad
    listing = client.get("/files/")  # the folder's listing
    assert listing.status_code == 200 and 'href="graph.ttl"' in listing.text


def test_serve_listens_on_loopback_by_default(server):
    assert server.server_address[0] == "127.0.0.1"


# ---------------------------------------------------------------------------
# negotiation rules


@pytest.mark.parametrize("form, params, accept, expected", [
    ("SELECT", [], None, "json"),
    ("SELECT", ["csv"], "application/sparql-results+json", "csv"),
    ("SELECT", ["tsv", "text/tab-separated-values"], None, "tsv"),
    ("SELECT", ["nonsense"], "text/csv", "csv"),
    ("ASK", [], "application/sparql-results+xml", "xml"),
    ("CONSTRUCT", ["json"], None, "jsonld"),
    ("CONSTRUCT", ["xml"], None, "rdfxml"),
    ("DESCRIBE", [], "application/turtle,text/turtle", "turtle"),
    ("CONSTRUCT", [], "text/csv", None),
    ("SELECT", [], "text/turtle", None),
])
def test_serve_choose_format(form, params, accept, expected):
    assert choose_format(form, params, accept) == expected


def test_serve_parse_accept_orders_by_quality():
    assert parse_accept("text/csv;q=0.2, application/json, text/html;q=0.9, image/png;q=0") == [
        "application/json", "text/html", "text/csv"]


def test_serve_cli_refuses_missing_folder(tmp_path):
    from typer.testing import CliRunner

    from policy_kg.cli import app

    result = CliRunner().invoke(app, ["serve", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "no such folder" in result.stderr


def test_serve_store_directory(tmp_path, written):
    from policy_kg.graph.store import fill_store_dir

    fill_store_dir(tmp_path / "db", [written[0] / "graph.trig"])
    srv = make_server(written[0], store_dir=tmp_path / "db", port=0, workers=1, quiet=True)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        res = wrapper(srv.url, JSON, EXCLUSIONS).query().convert()
        assert len(res["results"]["bindings"]) == 1
    finally:
        srv.shutdown()
        srv.close()
        t.join(5)
