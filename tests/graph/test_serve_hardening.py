"""`policy-kg serve` hardening: updates behind --allow-update and a bearer token, LOAD/SERVICE refused
even then, body and result size limits, time limits on updates, security headers on every response,
Host check, CORS opt-in, slow clients and connection cap. Real HTTP against a running server."""

from __future__ import annotations

import json
import os
import socket
import stat
import threading
import time

import httpx
import pyoxigraph as ox
import pytest
from policy_kg.graph.query import QueryError, QueryRefused, QueryResult
from policy_kg.graph.server import check_update, fit_result, make_server, read_token
from SPARQLWrapper import POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper

from policy_kg.errors import PolicyKGError

TOKEN = "t0ken-for-tests-0123456789abcdef"
PREFIXES = "PREFIX pkg: <https://w3id.org/policy-kg/def#>\n"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
EXCLUSIONS = PREFIXES + "SELECT ?l ?c WHERE { ?l pkg:excludesDestination ?c } ORDER BY ?l ?c"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
UPDATE_CT = {"Content-Type": "application/sparql-update"}


def _start(srv):
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    return t


def _stop(srv, t):
    srv.shutdown()
    srv.close()
    t.join(5)


@pytest.fixture(scope="module")
def upd_server(written):
    srv = make_server(written[0], port=0, time_limit=2.0, max_rows=1000, max_body=4096, max_result_bytes=3000,
                      workers=2, quiet=True, allow_update=True, update_token=TOKEN,
                      cors_origins=["https://app.example"])
    t = _start(srv)
    yield srv
    _stop(srv, t)


@pytest.fixture
def uc(upd_server):
    with httpx.Client(base_url=upd_server.url, timeout=30) as c:
        yield c


def _count(c) -> int:
    r = c.get("/sparql", params={"query": COUNT})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


# ---------------------------------------------------------------------------
# updates: token, status codes, what reaches the store


@pytest.mark.parametrize("headers, status, www", [
    ({}, 401, 'Bearer realm="policy-kg"'),
    ({"Authorization": "Bearer wrong-token-wrong-token"}, 401, 'error="invalid_token"'),
    ({"Authorization": f"Basic {TOKEN}"}, 401, 'error="invalid_token"'),
    ({"Authorization": f"Bearer {TOKEN}x"}, 401, 'error="invalid_token"'),
    ({"Authorization": f"Bearer {TOKEN[:-1]}"}, 401, 'error="invalid_token"'),
])
def test_serve_update_needs_the_token(uc, headers, status, www):
    before = _count(uc)
    r = uc.post("/sparql", content=b"INSERT DATA { <http://ex/a> <http://ex/b> <http://ex/c> }",
                headers={**UPDATE_CT, **headers})
    assert r.status_code == status and www in r.headers["WWW-Authenticate"]
    assert r.text.startswith("error: SPARQL Update needs the update token") and "Authorization: Bearer" in r.text
    assert _count(uc) == before


def test_serve_update_with_token_reaches_the_store(uc):
    before = _count(uc)
    r = uc.post("/sparql", content=b'INSERT DATA { GRAPH <urn:test:g> { <http://ex/s1> <http://ex/p> "one" } }',
                headers={**UPDATE_CT, **AUTH})
    assert r.status_code == 200, r.text
    assert r.text == f"ok: update applied; the store holds {before + 1} quads (before: {before})\n"
    got = uc.get("/sparql", params={"query": "SELECT ?o WHERE { <http://ex/s1> <http://ex/p> ?o }"}).json()
    assert [b["o"]["value"] for b in got["results"]["bindings"]] == ["one"]  # every worker sees it
    got = uc.get("/sparql", params={"query": "SELECT ?o WHERE { <http://ex/s1> <http://ex/p> ?o }"}).json()
    assert [b["o"]["value"] for b in got["results"]["bindings"]] == ["one"]
    # form update=, with the default prefixes, and a delete
    r = uc.post("/sparql", data={"update": "DELETE WHERE { GRAPH ?g { <http://ex/s1> ?p ?o } }"}, headers=AUTH)
    assert r.status_code == 200, r.text
    assert _count(uc) == before


def test_serve_update_with_sparqlwrapper(upd_server, uc):
    before = _count(uc)
    sw = SPARQLWrapper(upd_server.url + "sparql", updateEndpoint=upd_server.url + "sparql")
    sw.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    sw.setMethod(POST)
    for request_method in (URLENCODED, POSTDIRECTLY):
        sw.setRequestMethod(request_method)
        sw.setQuery(f'INSERT DATA {{ GRAPH <urn:test:sw> {{ <http://ex/sw> <http://ex/m> "{request_method}" }} }}')
        sw.query()
    assert _count(uc) == before + 2
    uc.post("/sparql", content=b"DROP GRAPH <urn:test:sw>", headers={**UPDATE_CT, **AUTH})
    assert _count(uc) == before


@pytest.mark.parametrize("update", [
    "LOAD <http://example.org/data.ttl>",
    "load <http://example.org/data.ttl> INTO GRAPH <urn:x>",
    "# a comment\n  LoAd SILENT <file:///etc/passwd>",
    "INSERT DATA { <http://a> <http://b> <http://c> } ;\nLOAD <http://example.org/x>",
    "INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "PREFIX ex: <http://ex/>\nDELETE { ?s ?p ?o } WHERE { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    "INSERT { ?s ?p ?o } WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
])
def test_serve_update_load_and_service_refused_even_with_token(uc, update):
    before = _count(uc)
    r = uc.post("/sparql", content=update.encode(), headers={**UPDATE_CT, **AUTH})
    assert r.status_code == 403, r.text
    assert any(w in r.text for w in ("LOAD is refused", "SERVICE (federated query) is refused", "backslash"))
    assert _count(uc) == before


@pytest.mark.parametrize("update", [
    'INSERT DATA { GRAPH <urn:test:ok> { <http://ex/x> <http://ex/note> "LOAD <http://example.org/> and SERVICE" } }',
    "PREFIX ex: <http://ex/>\nINSERT DATA { GRAPH <urn:test:ok> { ex:load ex:service ex:x } }  # LOAD SERVICE",
])
def test_serve_update_keywords_in_strings_names_comments_pass(uc, update):
    check_update(update)
    before = _count(uc)
    r = uc.post("/sparql", content=update.encode(), headers={**UPDATE_CT, **AUTH})
    assert r.status_code == 200, r.text
    assert uc.post("/sparql", content=b"DROP GRAPH <urn:test:ok>", headers={**UPDATE_CT, **AUTH}).status_code == 200
    assert _count(uc) == before


@pytest.mark.parametrize("kwargs, status, needle", [
    ({"method": "GET", "url": "/sparql", "params": {"update": "CLEAR ALL"}}, 405, "must be sent by POST"),
    ({"method": "POST", "url": "/sparql", "content": b"SELECT * WHERE { ?s ?p ?o }"}, 400, "sent as an update"),
    ({"method": "POST", "url": "/sparql", "content": b"INSERT DATA { <http://a> }"}, 400, "SPARQL Update syntax error"),
    ({"method": "POST", "url": "/sparql", "data": {"update": "CLEAR ALL", "query": "ASK {}"}}, 400, "both"),
    ({"method": "POST", "url": "/sparql", "data": {"update": "CLEAR ALL", "using-graph-uri": "urn:g"}}, 400,
     "not supported"),
    ({"method": "POST", "url": "/sparql", "data": {"query": "CLEAR ALL"}}, 403, "POST it as update="),
])
def test_serve_update_mode_refusals(uc, kwargs, status, needle):
    before = _count(uc)
    headers = dict(AUTH)
    if "content" in kwargs:
        headers.update(UPDATE_CT)
    r = uc.request(**kwargs, headers=headers)
    assert r.status_code == status, r.text
    assert needle in r.text
    assert _count(uc) == before


def test_serve_update_time_limit_changes_nothing(upd_server, uc):
    before = _count(uc)
    expensive = ("INSERT { GRAPH <urn:test:big> { ?a ?b ?c } } WHERE { GRAPH ?w { ?a ?b ?c } GRAPH ?x { ?d ?e ?f } "
                 "GRAPH ?y { ?g ?h ?i } GRAPH ?z { ?j ?k ?l } }")
    t0 = time.monotonic()
    r = uc.post("/sparql", content=expensive.encode(), headers={**UPDATE_CT, **AUTH})
    spent = time.monotonic() - t0
    assert r.status_code == 503, r.text
    assert "exceeded the time limit of 2 s" in r.text and "nothing was changed" in r.text
    assert spent < 2.0 + 5
    deadline = time.monotonic() + 30  # the worker that ran it is replaced
    while len(upd_server.pool.pids) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _count(uc) == before


def test_serve_updates_and_queries_concurrently(uc, upd_server):
    """Queries keep answering (200) while updates come and go; every update is applied."""
    before = _count(uc)
    errors: list = []

    def reader():
        with httpx.Client(base_url=upd_server.url, timeout=30) as c:
            for _ in range(15):
                r = c.get("/sparql", params={"query": EXCLUSIONS})
                if r.status_code != 200:
                    errors.append(r.text)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for i in range(5):
        r = uc.post("/sparql", content=f'INSERT DATA {{ GRAPH <urn:test:c> {{ <http://ex/c{i}> <http://ex/p> {i} }} }}'
                    .encode(), headers={**UPDATE_CT, **AUTH})
        assert r.status_code == 200, r.text
    for t in threads:
        t.join(60)
    assert errors == []
    assert _count(uc) == before + 5
    uc.post("/sparql", content=b"DROP GRAPH <urn:test:c>", headers={**UPDATE_CT, **AUTH})


def test_serve_update_refused_when_not_enabled(written):
    srv = make_server(written[0], port=0, workers=1, quiet=True)
    t = _start(srv)
    try:
        with httpx.Client(base_url=srv.url, timeout=30) as c:
            r = c.post("/sparql", content=b"INSERT DATA { <http://a> <http://b> <http://c> }",
                       headers={**UPDATE_CT, **AUTH})  # a token does not help
            assert r.status_code == 403 and "read-only" in r.text and "--allow-update" in r.text
            assert c.get("/sparql", params={"update": "CLEAR ALL"}).status_code == 403
        with pytest.raises(PolicyKGError, match="needs a token"):
            make_server(written[0], port=0, workers=1, quiet=True, allow_update=True)
    finally:
        _stop(srv, t)


def test_serve_update_on_disk_store_persists(tmp_path, written):
    from policy_kg.graph.store import fill_store_dir, open_store

    fill_store_dir(tmp_path / "db", [written[0] / "graph.trig"])
    srv = make_server(written[0], store_dir=tmp_path / "db", port=0, workers=1, quiet=True,
                      allow_update=True, update_token=TOKEN)
    t = _start(srv)
    try:
        with httpx.Client(base_url=srv.url, timeout=30) as c:
            r = c.post("/sparql", data={"update": 'INSERT DATA { GRAPH <urn:test:d> { <http://ex/d> <http://ex/p> "kept" } }'},
                       headers=AUTH)
            assert r.status_code == 200, r.text
    finally:
        _stop(srv, t)
    store = open_store(tmp_path / "db", read_only=True)
    assert sorted((q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else "", q.object.value)
                  for q in store.quads_for_pattern(None, None, None, None)
                  if q.subject.value == "http://ex/d") == [("", "kept"), ("urn:test:d", "kept")]  # graph + merged default


# ---------------------------------------------------------------------------
# the token


def test_serve_read_token_from_file_and_env(tmp_path):
    f = tmp_path / "token"
    f.write_text(TOKEN + "\n")
    os.chmod(f, 0o600)
    assert read_token(f, env={}) == (TOKEN, [])
    os.chmod(f, 0o644)
    token, warnings = read_token(f, env={})
    assert token == TOKEN and "may be read by other users" in warnings[0] and "chmod 600" in warnings[0]
    assert read_token(None, env={"POLICY_KG_UPDATE_TOKEN": TOKEN}) == (TOKEN, [])


@pytest.mark.parametrize("content, env, needle", [
    (None, {}, "needs a token"),
    ("", {}, "needs a token"),
    ("short", {}, "too short"),
    (None, {"POLICY_KG_UPDATE_TOKEN": "has spaces in it, sixteen+"}, "too short or has spaces"),
])
def test_serve_read_token_refusals(tmp_path, content, env, needle):
    path = None
    if content is not None:
        path = tmp_path / "token"
        path.write_text(content)
    with pytest.raises(PolicyKGError, match=needle) as info:
        read_token(path, env=env)
    assert "secrets.token_urlsafe" in info.value.one_line() or "--token-file" in info.value.one_line()


def test_serve_cli_allow_update_without_token(tmp_path, written, monkeypatch):
    from typer.testing import CliRunner

    from policy_kg.cli import app

    monkeypatch.delenv("POLICY_KG_UPDATE_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["serve", str(written[0]), "--allow-update"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "needs a token" in lines[0] and "--token-file" in lines[0]
    # there is no option that takes the token itself on the command line
    result = CliRunner().invoke(app, ["serve", str(written[0]), "--allow-update", "--token", TOKEN])
    assert result.exit_code == 2 and "No such option" in result.stderr


# ---------------------------------------------------------------------------
# size limits


def test_serve_body_limit(upd_server):
    for headers in ({"Content-Type": "application/sparql-query"}, {**UPDATE_CT, **AUTH}):
        with httpx.Client(base_url=upd_server.url, timeout=30) as c:
            r = c.post("/sparql", content=b"#" * 5000, headers=headers)
        assert r.status_code == 413
        assert r.text == ("error: the request body (5000 bytes) is larger than the limit of 4096 bytes "
                          "(hint: send a shorter query, or start the server with a larger --max-body)\n")


@pytest.mark.parametrize("fmt, parse", [
    ("json", lambda b: len(json.loads(b)["results"]["bindings"])),
    ("csv", lambda b: len(b.decode().strip().splitlines()) - 1),
    ("xml", lambda b: b.decode().count("<result>")),
    ("html", lambda b: b.decode().count("<tr>") - 1),
])
def test_serve_result_byte_limit_cuts_at_whole_rows(uc, fmt, parse):
    r = uc.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "format": fmt})
    assert r.status_code == 200
    assert r.headers["X-Result-Truncated"] == "true" and r.headers["X-Result-MaxBytes"] == "3000"
    assert "X-SPARQL-MaxRows" not in r.headers
    assert len(r.content) <= 3000
    rows = parse(r.content)  # still a complete document of its format
    assert 0 < rows < 1000
    small = uc.get("/sparql", params={"query": EXCLUSIONS, "format": fmt})
    assert "X-Result-Truncated" not in small.headers


@pytest.mark.parametrize("n, limit", [(50, 10_000), (50, 300), (50, 40), (1, 10), (0, 10)])
def test_serve_fit_result_longest_prefix(n, limit):
    result = QueryResult("select", variables=["x"], rows=[[str(i)] for i in range(n)])

    def render(res):
        return ("x\n" + "".join(f"{r[0]}\n" for r in res.rows)).encode()

    body, cut = fit_result(result, render, limit)
    full = render(result)
    if len(full) <= limit:
        assert (body, cut) == (full, False)
    else:
        k = body.decode().count("\n") - 1
        assert cut and len(body) <= limit or k == 0
        assert body == render(QueryResult("select", variables=["x"], rows=result.rows[:k]))
        assert len(render(QueryResult("select", variables=["x"], rows=result.rows[:k + 1]))) > limit


def test_serve_check_update_unit():
    check_update("INSERT DATA { <http://a> <http://b> 'LOAD' }")
    with pytest.raises(QueryRefused):
        check_update("load <http://x>")
    with pytest.raises(QueryError):
        check_update("ASK {}")


# ---------------------------------------------------------------------------
# headers on every response


@pytest.mark.parametrize("method, path, kwargs, status", [
    ("GET", "/", {}, 200),
    ("GET", "/sparql", {"params": {"query": EXCLUSIONS}}, 200),
    ("GET", "/sparql", {"params": {"query": EXCLUSIONS, "format": "html"}}, 200),
    ("GET", "/queries/", {}, 200),
    ("GET", "/queries/people.rq", {}, 200),
    ("GET", "/files/", {}, 200),
    ("GET", "/files/index.html", {}, 200),
    ("GET", "/files/graph.ttl", {}, 200),
    ("GET", "/nothing", {}, 404),
    ("GET", "/sparql", {"params": {"query": "SELECT"}}, 400),
    ("POST", "/sparql", {"content": b"x"}, 401),
    ("PUT", "/sparql", {"content": b"x"}, 405),
    ("OPTIONS", "/sparql", {}, 204),
    ("BREW", "/", {}, 501),
])
def test_serve_security_headers_everywhere(uc, method, path, kwargs, status):
    headers = UPDATE_CT if method == "POST" else {}
    r = uc.request(method, path, headers=headers, **kwargs)
    assert r.status_code == status, r.text
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    assert r.headers["X-Frame-Options"] == "DENY"
    csp = r.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    if r.headers.get("content-type", "").startswith("text/html"):
        assert "default-src" in csp and "http:" not in csp and "https:" not in csp
        if path != "/files/index.html":  # our own pages: no script at all
            assert "default-src 'none'" in csp and "script-src" not in csp
    else:
        assert csp.startswith("default-src 'none'") and "sandbox" in csp


# ---------------------------------------------------------------------------
# Host header, CORS


@pytest.mark.parametrize("host, status", [
    ("evil.example", 403), ("evil.example:80", 403), ("127.0.0.1.evil.example", 403),
    ("localhost", 200), ("LOCALHOST:1234", 200), ("127.0.0.1", 200), ("[::1]:7878", 200),
])
def test_serve_host_header_guard(upd_server, host, status):
    port = upd_server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET /queries/people.rq HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    assert data.split(b" ")[1] == str(status).encode()
    if status == 403:
        assert b"unexpected Host header" in data


def test_serve_cors_opt_in(uc):
    ok = uc.get("/sparql", params={"query": EXCLUSIONS}, headers={"Origin": "https://app.example"})
    assert ok.headers["Access-Control-Allow-Origin"] == "https://app.example" and "Origin" in ok.headers["Vary"]
    other = uc.get("/sparql", params={"query": EXCLUSIONS}, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    pre = uc.options("/sparql", headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST"})
    assert pre.status_code == 204
    assert pre.headers["Access-Control-Allow-Methods"] == "GET, POST"
    assert "Authorization" in pre.headers["Access-Control-Allow-Headers"]  # updates are on in this server


def test_serve_no_cors_by_default(written):
    srv = make_server(written[0], port=0, workers=1, quiet=True)
    t = _start(srv)
    try:
        with httpx.Client(base_url=srv.url, timeout=30) as c:
            r = c.get("/sparql", params={"query": EXCLUSIONS}, headers={"Origin": "https://app.example"})
            assert r.status_code == 200 and not any(h.lower().startswith("access-control-") for h in r.headers)
            assert r.headers["Cross-Origin-Resource-Policy"] == "same-origin"
            pre = c.options("/sparql", headers={"Origin": "https://app.example"})
            assert pre.status_code == 204 and "Access-Control-Allow-Origin" not in pre.headers
    finally:
        _stop(srv, t)


# ---------------------------------------------------------------------------
# slow clients, too many connections


@pytest.fixture(scope="module")
def tight_server(written):
    srv = make_server(written[0], port=0, workers=1, quiet=True, request_timeout=1.0, max_connections=3)
    t = _start(srv)
    yield srv
    _stop(srv, t)


def _closed_within(s: socket.socket, seconds: float, trickle: bytes = b"") -> float:
    """Seconds until the server closes ``s`` (sending ``trickle`` a byte at a time meanwhile)."""
    t0 = time.monotonic()
    s.settimeout(0.2)
    i = 0
    while time.monotonic() - t0 < seconds:
        if trickle:
            try:
                s.sendall(trickle[i % len(trickle):i % len(trickle) + 1])
            except OSError:
                return time.monotonic() - t0
            i += 1
        try:
            if s.recv(65536) == b"":
                return time.monotonic() - t0
        except TimeoutError:
            continue
        except OSError:
            return time.monotonic() - t0
    return float("inf")


@pytest.mark.parametrize("start, trickle", [
    (b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n", b""),  # headers never finished
    (b"GET / HTTP/1.1\r\n", b"X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),  # a header byte every 0.2 s
    ((b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
      b"Content-Length: 100\r\n\r\nASK"), b"{ }"),  # the body never finished
    (b"", b""),  # a connection that sends nothing
])
def test_serve_slow_clients_are_cut_off(tight_server, start, trickle):
    port = tight_server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        if start:
            s.sendall(start)
        assert _closed_within(s, 6.0, trickle) < 1.0 + 2.0
    with httpx.Client(base_url=tight_server.url, timeout=30) as c:  # and the server still answers
        assert c.get("/queries/people.rq").status_code == 200


def test_serve_connection_cap(tight_server):
    port = tight_server.server_address[1]
    time.sleep(0.3)  # connections of the tests before have ended
    held = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(3)]
    try:
        time.sleep(0.2)
        with socket.create_connection(("127.0.0.1", port), timeout=5) as extra:
            data = extra.recv(65536)
        assert data.startswith(b"HTTP/1.1 503") and b"too many connections" in data
    finally:
        for s in held:
            s.close()
    deadline = time.monotonic() + 5
    while True:  # once they are closed the server takes new ones
        try:
            with httpx.Client(base_url=tight_server.url, timeout=10) as c:
                if c.get("/queries/people.rq").status_code == 200:
                    break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline
        time.sleep(0.1)


def test_serve_worker_memory_limit(written):
    """A query that needs more memory than --max-memory ends its worker: a clear 503, and the
    server answers the next query with a new worker."""
    srv = make_server(written[0], port=0, workers=1, quiet=True, time_limit=30, max_memory_mb=900)
    t = _start(srv)
    try:
        with httpx.Client(base_url=srv.url, timeout=60) as c:
            hungry = ("SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } "
                      "ORDER BY DESC(CONCAT(STR(?a), STR(?c), STR(?f), STR(?i))) LIMIT 1")
            r = c.get("/sparql", params={"query": hungry})
            assert r.status_code == 503, r.text
            assert "900 MB a worker may use" in r.text and "--max-memory" in r.text
            deadline = time.monotonic() + 30
            while not srv.pool.pids and time.monotonic() < deadline:
                time.sleep(0.1)
            assert c.get("/sparql", params={"query": EXCLUSIONS}).status_code == 200
    finally:
        _stop(srv, t)


def test_serve_token_file_mode_is_documented(tmp_path):
    """A token file written with 0600 gives no warning (the README's recipe)."""
    f = tmp_path / "tok"
    f.write_text(TOKEN)
    f.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert read_token(f, env={})[1] == []


@pytest.mark.parametrize("query, status", [
    ("SELECT * WHERE { # comment\n sErViCe <http://example.org/sparql> { ?s ?p ?o } }", 403),
    ("SELECT * WHERE { SERVICE SILENT ?endpoint { ?s ?p ?o } }", 403),
    ("SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }", 403),
    ("LOAD <http://example.org/x.ttl>", 403),
    ('SELECT ?x WHERE { BIND("SERVICE <http://example.org/> LOAD" AS ?x) }', 200),
    ("PREFIX service: <http://ex/>\nSELECT * WHERE { ?s service:load ?o } # SERVICE LOAD", 200),
])
def test_serve_query_service_and_load_detection(uc, query, status):
    r = uc.get("/sparql", params={"query": query})
    assert r.status_code == status, r.text
