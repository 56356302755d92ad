"""Named graphs in an external triple store over HTTP: SPARQL 1.1 Update or the Graph Store Protocol.

``policy-kg build --store URL`` writes each named graph of the build into a remote store that
accepts SPARQL 1.1 Update (``URL`` is its SPARQL endpoint) or, when a Graph Store Protocol URL
is given or known, replaces each graph with one ``PUT``. Only the standard library is used
(``urllib``), so this adds no dependency.

- :meth:`RemoteStore.replace_graph` replaces one named graph by the N-Triples given. With a GSP
  URL it sends ``PUT <gsp>?graph=<g>`` (``Content-Type: application/n-triples``); if the server
  answers that it does not support that (404, 405, 415, 501), the store falls back to SPARQL
  Update for the rest of its life. With SPARQL Update it sends ``DROP SILENT GRAPH <g>`` and the
  first chunk of ``INSERT DATA { GRAPH <g> { ... } }`` in one request, then further chunks of at
  most ``chunk_bytes`` each. Triples that share a blank node stay in one chunk (a blank node
  label is scoped to one request).
- :meth:`RemoteStore.drop_graph` drops a graph (``DROP SILENT GRAPH``; ``DELETE`` with GSP).
- :meth:`RemoteStore.graphs` is the set of named graph IRIs (``SELECT DISTINCT ?g``).
- :meth:`RemoteStore.construct_graph` reads one graph back as N-Triples (CONSTRUCT).

Authentication: ``user``/``password`` answer HTTP Basic or Digest challenges (Virtuoso's
``/sparql-auth`` asks for Digest); ``token`` is sent as ``Authorization: Bearer``. Errors are
:class:`RemoteStoreError`, one line with a hint: a URL that is not http(s), a refused or
unreachable connection, 401/403, or a server error with the first line of its message.

Tested against OpenLink Virtuoso 7.2 (``/sparql`` after ``GRANT SPARQL_UPDATE TO "SPARQL"``,
``/sparql-graph-crud`` for GSP); see tests/graph/test_remote_virtuoso.py.
"""

from __future__ import annotations

import base64
import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator

from policy_kg.errors import PolicyKGError

DEFAULT_TIMEOUT = 60.0
DEFAULT_CHUNK_BYTES = 256 * 1024  # SPARQL text per INSERT DATA request; Virtuoso handles far more
_GSP_UNSUPPORTED = (404, 405, 406, 415, 501)
_BNODE_RE = re.compile(r"_:([A-Za-z0-9_][A-Za-z0-9_.\-]*)")
_IRI_BAD = re.compile(r'[<>"{}|^`\\\x00-\x20]')


class RemoteStoreError(PolicyKGError):
    """A remote SPARQL endpoint or graph store that cannot be reached, refuses us, or fails."""


def is_endpoint(s: str) -> bool:
    """Whether ``s`` (a ``--store`` value) names an http(s) endpoint rather than a folder."""
    try:
        u = urllib.parse.urlsplit(str(s).strip())
    except ValueError:
        return False
    return u.scheme.lower() in ("http", "https") and bool(u.netloc)


def _check_iri(iri: str) -> str:
    if not iri or _IRI_BAD.search(iri) or ":" not in iri:
        raise RemoteStoreError(f"not a graph IRI: {iri!r}", hint="give an absolute IRI without spaces or <>\"")
    return iri


class RemoteStore:
    """A SPARQL 1.1 endpoint (query + update) with an optional Graph Store Protocol URL."""

    def __init__(
        self,
        url: str,
        *,
        user: str | None = None,
        password: str | None = None,
        token: str | None = None,
        gsp_url: str | None = None,
        update_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    ):
        for name, value in (("store URL", url), ("GSP URL", gsp_url), ("update URL", update_url)):
            if value is not None and not is_endpoint(value):
                raise RemoteStoreError(f"{name} {value!r} is not an http(s) URL",
                                       hint="write it as http://host:port/sparql (a folder path names a local store)")
        self.url = url.strip()
        self.update_url = (update_url or self.url).strip()
        self.gsp_url = gsp_url.strip() if gsp_url else None
        self.timeout = timeout
        self.chunk_bytes = max(1024, int(chunk_bytes))
        self.token = token
        self._user = user
        self._password = password or ""
        self._challenges: dict[str, tuple[str, dict] | None] = {}  # netloc -> (scheme, challenge) or None
        self._opener = urllib.request.build_opener()  # 401 comes back to us: auth is answered below
        if user:
            mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for u in {self.url, self.update_url, self.gsp_url} - {None}:
                mgr.add_password(None, u, user, self._password)
            self._digest = urllib.request.HTTPDigestAuthHandler(mgr)

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r}, gsp_url={self.gsp_url!r})"

    # ------------------------------------------------------------------ HTTP
    def _request(self, method: str, url: str, data: bytes | None = None,
                 headers: dict[str, str] | None = None, *, _retry: bool = True) -> tuple[int, bytes, str]:
        h = {"User-Agent": "policy-kg"}
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        h.update(headers or {})
        if self._user:
            auth = self._authorization(method, url, data)
            if auth:
                h["Authorization"] = auth
        req = urllib.request.Request(url, data=data, headers=h, method=method)
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                return resp.status, resp.read(), resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            body = exc.read() if exc.fp else b""
            if exc.code == 401 and self._user and _retry:  # a stale nonce: ask for a new challenge once
                self._challenges.pop(urllib.parse.urlsplit(url).netloc, None)
                return self._request(method, url, data, headers, _retry=False)
            raise self._http_error(method, url, exc.code, body) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if self._user and _retry and isinstance(reason, (BrokenPipeError, ConnectionResetError)):
                # the server refused the body before reading it (an authentication challenge): once more
                self._challenges.pop(urllib.parse.urlsplit(url).netloc, None)
                return self._request(method, url, data, headers, _retry=False)
            raise self._connection_error(url, reason) from None
        except ValueError as exc:  # urllib: unknown URL type, bad port
            raise RemoteStoreError(f"bad store URL {url!r}: {exc}", hint="write it as http://host:port/sparql") from None

    def _authorization(self, method: str, url: str, data: bytes | None) -> str | None:
        """The Authorization header for a request, sent up front: a server that answers a large
        body with 401 closes the connection before reading it, so the challenge is fetched first
        with a GET (no body, no side effect) and answered on the real request (Basic or Digest)."""
        netloc = urllib.parse.urlsplit(url).netloc
        if netloc not in self._challenges:
            self._challenges[netloc] = self._probe(url)
        challenge = self._challenges[netloc]
        if challenge is None:
            return None
        scheme, params = challenge
        if scheme == "basic":
            return "Basic " + base64.b64encode(f"{self._user}:{self._password}".encode()).decode("ascii")
        req = urllib.request.Request(url, data=data, method=method)
        auth = self._digest.get_authorization(req, params)
        return f"Digest {auth}" if auth else None

    def _probe(self, url: str) -> tuple[str, dict] | None:
        """The server's authentication challenge for ``url`` (None when it asks for none)."""
        req = urllib.request.Request(url, headers={"User-Agent": "policy-kg"}, method="GET")
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                resp.read()
                return None
        except urllib.error.HTTPError as exc:
            if exc.code != 401:
                return None
            values = exc.headers.get_all("WWW-Authenticate") or []
        except (urllib.error.URLError, OSError) as exc:
            raise self._connection_error(url, getattr(exc, "reason", exc)) from None
        for wanted in ("digest", "basic"):
            for v in values:
                scheme, _, rest = v.strip().partition(" ")
                if scheme.lower() == wanted:
                    params = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
                    return wanted, params
        return None

    def _http_error(self, method: str, url: str, code: int, body: bytes) -> RemoteStoreError:
        first = next((ln.strip() for ln in body.decode("utf-8", "replace").splitlines() if ln.strip()), "")
        first = re.sub(r"<[^>]+>", " ", first)
        first = " ".join(first.split())[:200]
        where = _short(url)
        if code in (401, 403):
            hint = ("give the store's user and password (or a token)" if not (self._user or self.token)
                    else "check the user, password or token, and that this user may run SPARQL Update")
            hint += '; Virtuoso: GRANT SPARQL_UPDATE TO "SPARQL", or use /sparql-auth with a user'
            e = RemoteStoreError(f"{method} {where}: HTTP {code} {'unauthorised' if code == 401 else 'forbidden'}", hint=hint)
        elif code == 404:
            e = RemoteStoreError(f"{method} {where}: HTTP 404 not found",
                                 hint="check the endpoint path (for example /sparql, /update, /store)")
        else:
            e = RemoteStoreError(f"{method} {where}: HTTP {code}" + (f": {first}" if first else ""),
                                 hint="see the store's log; a smaller chunk size helps when a request is too large")
        e.status = code  # type: ignore[attr-defined]
        return e

    def _connection_error(self, url: str, reason: object) -> RemoteStoreError:
        text = str(getattr(reason, "strerror", None) or reason)
        if isinstance(reason, ConnectionRefusedError) or "refused" in text.lower():
            return RemoteStoreError(f"{_short(url)}: connection refused",
                                    hint="is the triple store running and listening on that host and port?")
        if isinstance(reason, (TimeoutError, socket.timeout)) or "timed out" in text.lower():
            return RemoteStoreError(f"{_short(url)}: no answer within {self.timeout:g} s",
                                    hint="the store is busy or unreachable; try a longer timeout")
        if isinstance(reason, socket.gaierror) or "Name or service" in text or "nodename" in text:
            return RemoteStoreError(f"{_short(url)}: unknown host", hint="check the host name in the store URL")
        return RemoteStoreError(f"{_short(url)}: cannot connect ({text})", hint="check the store URL and the network")

    def _update(self, text: str) -> None:
        body = urllib.parse.urlencode({"update": text}).encode("utf-8")
        self._request("POST", self.update_url, body,
                      {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"})

    def _query(self, text: str, accept: str) -> tuple[bytes, str]:
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        _, data, ctype = self._request("POST", self.url, body, {
            "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8", "Accept": accept})
        return data, ctype

    def _gsp(self, graph_iri: str) -> str:
        assert self.gsp_url
        sep = "&" if "?" in self.gsp_url else "?"
        return f"{self.gsp_url}{sep}{urllib.parse.urlencode({'graph': graph_iri})}"

    # ------------------------------------------------------------------ API
    def replace_graph(self, graph_iri: str, data: bytes) -> None:
        """Make the named graph ``graph_iri`` hold exactly the triples of ``data`` (N-Triples, UTF-8)."""
        _check_iri(graph_iri)
        if self.gsp_url:
            try:
                self._request("PUT", self._gsp(graph_iri), bytes(data),
                              {"Content-Type": "application/n-triples; charset=UTF-8"})
                return
            except RemoteStoreError as exc:
                if getattr(exc, "status", None) not in _GSP_UNSUPPORTED:
                    raise
                self.gsp_url = None  # the server does not do GSP there: use SPARQL Update from now on
        lines = [ln for ln in bytes(data).decode("utf-8").splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        chunks = list(_chunks(lines, self.chunk_bytes))
        head = f"DROP SILENT GRAPH <{graph_iri}>"
        if not chunks:
            self._update(head)
            return
        for i, chunk in enumerate(chunks):
            insert = f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{chunk}\n}} }}"
            self._update(f"{head} ;\n{insert}" if i == 0 else insert)

    def drop_graph(self, graph_iri: str) -> None:
        """Remove the named graph ``graph_iri`` (no error when it is not there)."""
        _check_iri(graph_iri)
        if self.gsp_url:
            try:
                self._request("DELETE", self._gsp(graph_iri))
                return
            except RemoteStoreError as exc:
                if getattr(exc, "status", None) == 404:
                    return  # not there: nothing to drop
                if getattr(exc, "status", None) not in _GSP_UNSUPPORTED:
                    raise
                self.gsp_url = None
        self._update(f"DROP SILENT GRAPH <{graph_iri}>")

    def graphs(self) -> set[str]:
        """The IRIs of the named graphs the store holds (a store may list graphs of its own)."""
        data, _ = self._query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "application/sparql-results+json")
        try:
            rows = json.loads(data.decode("utf-8"))["results"]["bindings"]
        except (ValueError, KeyError, TypeError) as exc:
            raise RemoteStoreError(f"{_short(self.url)}: the answer to SELECT is not SPARQL JSON results ({exc})",
                                   hint="is this URL a SPARQL query endpoint?") from None
        return {r["g"]["value"] for r in rows if r.get("g", {}).get("type") == "uri"}

    def construct_graph(self, graph_iri: str) -> bytes:
        """The triples of the named graph ``graph_iri`` as N-Triples (UTF-8)."""
        _check_iri(graph_iri)
        data, ctype = self._query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}",
                                  "application/n-triples, text/plain;q=0.9")
        if "n-triples" not in ctype and "text/plain" not in ctype:
            raise RemoteStoreError(f"{_short(self.url)}: CONSTRUCT answered {ctype or 'no content type'}, not N-Triples",
                                   hint="use a store that returns application/n-triples")
        return data

    def replace_graphs(self, graphs: Iterable[tuple[str, bytes]]) -> int:
        """``replace_graph`` for each (IRI, N-Triples) pair; the number of graphs written."""
        n = 0
        for iri, data in graphs:
            self.replace_graph(iri, data)
            n += 1
        return n


def _short(url: str) -> str:
    u = urllib.parse.urlsplit(url)
    return f"{u.scheme}://{u.netloc}{u.path}"


def _chunks(lines: list[str], limit: int) -> Iterator[str]:
    """Join N-Triples lines into chunks of at most ``limit`` bytes (one group may exceed it);
    lines that share a blank node, directly or through others, go into the same chunk."""
    groups = _bnode_groups(lines)
    cur: list[str] = []
    size = 0
    for group in groups:
        gsize = sum(len(ln.encode("utf-8")) + 1 for ln in group)
        if cur and size + gsize > limit:
            yield "\n".join(cur)
            cur, size = [], 0
        cur.extend(group)
        size += gsize
    if cur:
        yield "\n".join(cur)


def _bnode_groups(lines: list[str]) -> list[list[str]]:
    """Lines in order, those linked by blank node labels gathered into one group (union-find)."""
    if not any("_:" in ln for ln in lines):
        return [[ln] for ln in lines]
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    labels = []
    for ln in lines:
        found = _BNODE_RE.findall(_strip_literals(ln)) if "_:" in ln else []
        labels.append(found)
        for other in found[1:]:
            ra, rb = find(found[0]), find(other)
            if ra != rb:
                parent[rb] = ra
    groups: dict[str, list[str]] = {}
    out: list[list[str]] = []
    for ln, found in zip(lines, labels):
        if not found:
            out.append([ln])
            continue
        root = find(found[0])
        if root not in groups:
            groups[root] = []
            out.append(groups[root])
        groups[root].append(ln)
    return out


_LITERAL_RE = re.compile(r'"(?:[^"\\]|\\.)*"')


def _strip_literals(line: str) -> str:
    return _LITERAL_RE.sub('""', line)
