"""Every page `policy-kg serve` writes escapes what comes from outside: the query page, the named-query
listing, the folder listings, the results page and the error pages. A query string, a path, a file name
or a named query's text containing markup comes back as text, under a CSP that runs no script."""

from __future__ import annotations

import shutil
import threading
from urllib.parse import quote

import httpx
import pytest
from policy_kg.graph import server as server_mod
from policy_kg.graph.query import NamedQuery, Param, named_queries

XSS = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def assert_safe(r: httpx.Response, *needles: str) -> None:
    """No raw markup of ``needles`` in the page, each present escaped, and the page's CSP forbids scripts."""
    assert r.headers["content-type"].startswith("text/html")
    body = r.text
    for n in needles:
        assert n not in body
        assert n.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") in body
    assert "<script" not in body.lower() and "onerror=" not in body.replace("onerror=&quot;", "")
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp and "frame-ancestors 'none'" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture(scope="module")
def hostile_dir(written, tmp_path_factory):
    """A build folder plus files and a folder whose names are markup."""
    d = tmp_path_factory.mktemp("hostile")
    shutil.copy(written[0] / "graph.trig", d / "graph.trig")
    (d / "<script>alert(1)<").mkdir()
    (d / "<script>alert(1)<" / f"{IMG}.txt").write_text("x")
    (d / f"{IMG}.csv").write_text("a,b\n")
    (d / "a&b \"quoted\".ttl").write_text("")
    return d


@pytest.fixture(scope="module")
def base(hostile_dir):
    srv = server_mod.make_server(hostile_dir, port=0, workers=1, quiet=True, time_limit=5)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv.url.rstrip("/")
    srv.shutdown()
    srv.close()
    t.join(5)


@pytest.fixture
def c(base):
    with httpx.Client(base_url=base, timeout=30, headers=BROWSER) as client:
        yield client


def test_serve_query_page_lists_hostile_file_names_escaped(c):
    r = c.get("/")
    assert r.status_code == 200
    assert_safe(r, f"<script>alert(1)</{IMG}.txt", f"{IMG}.csv", 'a&b "quoted".ttl')
    assert f'href="/files/{quote("<script>alert(1)<")}/{quote(IMG + ".txt")}"' in r.text


@pytest.mark.parametrize("path, needles", [
    ("/files/", ["<script>alert(1)</", f"{IMG}.csv", 'a&b "quoted".ttl']),
    (f"/files/{quote('<script>alert(1)<')}/", [f"{IMG}.txt", "/files/<script>alert(1)<"]),
])
def test_serve_folder_listings_escaped(c, path, needles):
    r = c.get(path)
    assert r.status_code == 200
    assert_safe(r, *needles)


def test_serve_folder_without_slash_redirects(c):
    r = c.get(f"/files/{quote('<script>alert(1)<')}", follow_redirects=False)
    assert r.status_code == 301 and r.headers["Location"] == f"/files/{quote('<script>alert(1)<')}/"
    assert "<" not in r.headers["Location"]


class Raw:
    """A response read with http.client, which sends the target and method as given (httpx would
    percent-encode ``<`` in a path, and refuses odd methods)."""

    def __init__(self, base: str, method: str, target: str, headers: dict):
        import http.client
        from urllib.parse import urlsplit

        u = urlsplit(base)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        try:
            conn.request(method, target, headers=headers)
            resp = conn.getresponse()
            self.status_code = resp.status
            self.headers = httpx.Headers(resp.getheaders())
            self.text = resp.read().decode("utf-8")
        finally:
            conn.close()


@pytest.mark.parametrize("target, status, echoed", [
    (f"/{XSS}", 404, XSS),
    ("/<svg/onload=alert(2)>", 404, "<svg/onload=alert(2)>"),
    (f"/files/{XSS}.ttl", 404, None),
    (f"/queries/{XSS}.rq", 404, XSS),
    (f"/query/{XSS}", 404, XSS),
    (f"/query/exclusions-in-force?date={quote(XSS)}", 400, XSS),
    (f"/sparql?query={quote('SELECT * WHERE { ' + XSS)}", 400, None),
    (f"/sparql?query={quote('SELECT * WHERE { ?s ?p ?o }')}&default-graph-uri={quote(XSS)}", 400, XSS),
    (f"/sparql?query={quote('SELECT * { SERVICE <http://x/> { ?s ?p ?o } }')}&x={quote(XSS)}", 403, None),
    ("/sparql?update=" + quote(f"INSERT DATA {{ <http://a> <http://b> '{XSS}' }}"), 403, None),
])
def test_serve_error_pages_escaped(base, target, status, echoed):
    r = Raw(base, "GET", target, BROWSER)
    assert r.status_code == status, r.text
    assert_safe(r, *([echoed] if echoed else []))
    assert f"<h1>{status} " in r.text


@pytest.mark.parametrize("target", [f"/{XSS}", f"/sparql?query={quote('SELECT * WHERE { ' + XSS)}"])
def test_serve_error_lines_for_other_clients_are_inert(base, target):
    """A client that does not ask for HTML gets one line of text/plain, which a browser will not
    sniff into HTML (nosniff) and could not run anyway (CSP sandbox)."""
    r = Raw(base, "GET", target, {"Accept": "*/*"})
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in r.headers["Content-Security-Policy"]
    assert r.text.startswith("error: ") and r.text.count("\n") == 1


@pytest.mark.parametrize("method, target, status", [
    ("X<script>", "/", 501),  # an unknown method: http.server's own error
    ("GET", f"/{XSS}" + "x" * 70_000, 414),  # a request line that is too long
])
def test_serve_errors_of_http_server_itself_escaped(base, method, target, status):
    """Errors http.server raises before our handler runs use the same page, headers and escaping."""
    r = Raw(base, method, target, BROWSER)
    assert r.status_code == status
    assert r.headers["X-Frame-Options"] == "DENY"
    if r.headers["content-type"].startswith("text/html"):
        assert_safe(r, *(["X<script>"] if method != "GET" else []))
    else:  # no headers were read (414): one line of text, inert
        assert r.text.startswith("error: ") and "sandbox" in r.headers["Content-Security-Policy"]
    plain = Raw(base, "FOO", "/", {})
    assert plain.status_code == 501 and plain.text == "error: Unsupported method ('FOO')\n"


def test_serve_results_page_escapes_query_and_values(c, sample):
    query = ('SELECT ?n ?x WHERE { ?o skos:prefLabel ?n . BIND("</textarea><script>alert(3)</script>" AS ?x) } '
             "# </textarea>" + XSS)
    r = c.post("/sparql", data={"query": query, "format": "html"})
    assert r.status_code == 200, r.text
    assert_safe(r, sample.XSS, "</textarea><script>alert(3)</script>")
    assert r.text.count("</textarea>") == 1  # only the form's own


def test_serve_query_page_example_parameter(c):
    r = c.get("/", params={"example": XSS})
    assert r.status_code == 200
    assert_safe(r)
    ok = c.get("/", params={"example": "people"})
    assert_safe(ok)


def test_serve_named_query_pages_escape_query_files(c, monkeypatch):
    """A named query whose title, description, parameter and text carry markup (a hostile .rq file)."""
    hostile = NamedQuery(name="x-query", title=f"Title {XSS}", description=f"Description {IMG}",
                         params=(Param("p", "string", default=XSS, description=IMG),),
                         text=f"# title: {XSS}\nSELECT ?p WHERE {{ BIND(\"{XSS}\" AS ?p) }}")
    queries = {**named_queries(), "x-query": hostile}
    monkeypatch.setattr(server_mod, "named_queries", lambda: queries)
    for path in ("/", "/queries/", "/?example=x-query"):
        r = c.get(path)
        assert r.status_code == 200
        assert_safe(r, f"Title {XSS}", f"Description {IMG}")
    run = c.get("/query/x-query", params={"format": "html"})  # the worker has the real queries: 404, escaped
    assert run.status_code == 404 and "x-query" in run.text
    assert_safe(run)
