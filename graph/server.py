"""``policy-kg serve``: a local, read-only SPARQL 1.1 Protocol endpoint with a plain HTML page.

Routes (standard library ``http.server``; nothing is fetched from the network):

==========================  ================================================================
``GET /``                   the query page: a form, the named queries, the files of DIR
``GET|POST /sparql``        SPARQL 1.1 Protocol: ``query`` by GET, by form POST or as an
                            ``application/sparql-query`` body; ``default-graph-uri`` and
                            ``named-graph-uri`` are honoured. SELECT/ASK answer as JSON, XML,
                            CSV, TSV (or an HTML table); CONSTRUCT/DESCRIBE as Turtle, JSON-LD,
                            N-Triples or RDF/XML, by content negotiation (``Accept``) or a
                            ``format`` parameter. Without a query: the query page.
``GET /query/<name>``       a named query, its parameters as URL parameters
``GET /queries/<name>.rq``  the text of a named query
``GET /files/<path>``       the files of DIR (the visualisations, the RDF exports)
==========================  ================================================================

Safety, by design rather than by configuration:

* read-only: SPARQL Update (form field ``update``, ``application/sparql-update``, or an update
  sent as a query) gets 403; the query workers open the store read-only besides;
* no network: ``SERVICE`` gets 403 (:func:`policy_kg.graph.query.check_query`); HTML pages
  carry a Content-Security-Policy that lets them load nothing from elsewhere;
* each query runs in a worker process (:class:`QueryPool`). A query that passes the time
  limit is stopped by ending its worker, which is replaced; the other workers keep
  answering meanwhile. Results are cut at ``max_rows`` rows/triples (header
  ``X-SPARQL-MaxRows``), request bodies at ``max_body`` bytes (413);
* the server listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import html
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from policy_kg.errors import PolicyKGError

from .query import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    QueryError,
    QueryRefused,
    QueryResult,
    bind_params,
    check_query,
    default_prefixes,
    display_value,
    execute,
    named_queries,
    serialise,
)
from .store import StoreError, is_store_dir, load_source, open_store

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878

# ---------------------------------------------------------------------------
# formats and content negotiation

#: media types of SELECT/ASK results -> format name ("html": the HTML page)
SELECT_MEDIA: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/html": "html",
}
#: media types of CONSTRUCT/DESCRIBE results -> format name
GRAPH_MEDIA: dict[str, str] = {
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/x-json+ld": "jsonld",
    "application/json": "jsonld",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "text/html": "html",
}
#: values of the ``format``/``output`` parameter
SELECT_FORMAT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "html": "html",
                       **{m: f for m, f in SELECT_MEDIA.items()}}
GRAPH_FORMAT_NAMES = {"turtle": "turtle", "ttl": "turtle", "n3": "turtle", "jsonld": "jsonld", "json-ld": "jsonld",
                      "json": "jsonld", "nt": "ntriples", "ntriples": "ntriples", "n-triples": "ntriples",
                      "rdfxml": "rdfxml", "rdf+xml": "rdfxml", "rdf": "rdfxml", "xml": "rdfxml", "html": "html",
                      **{m: f for m, f in GRAPH_MEDIA.items()}}
CONTENT_TYPES = {**{f: m for f, m in RESULT_FORMATS.items()}, **{f: m for f, m in GRAPH_FORMATS.items()},
                 "html": "text/html"}


def parse_accept(header: str | None) -> list[str]:
    """Media ranges of an Accept header, best first (by q, then by order); q=0 ones dropped."""
    if not header:
        return []
    items = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            k, _, v = f.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((-q, i, media))
    return [m for _, _, m in sorted(items)]


def choose_format(form: str, format_params: Sequence[str], accept: str | None) -> str | None:
    """The output format for a query of ``form`` (SELECT, ASK, CONSTRUCT, DESCRIBE, or "" when
    unknown): a recognised ``format``/``output`` parameter first, then the Accept header. None: 406."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    names = GRAPH_FORMAT_NAMES if graph else SELECT_FORMAT_NAMES
    media = GRAPH_MEDIA if graph else SELECT_MEDIA
    default = "turtle" if graph else "json"
    for value in format_params:
        f = names.get(value.strip().lower())
        if f:
            return f
    ranges = parse_accept(accept)
    if not ranges:
        return default
    for m in ranges:
        if m in media:
            return media[m]
        if m in ("*/*", "application/*"):
            return default
        if m == "text/*":
            return "turtle" if graph else "csv"
    return None


# ---------------------------------------------------------------------------
# worker processes


def _worker_main(conn_in, conn_out, store_dir: str) -> None:  # pragma: no cover - runs in a child process
    """Open the store read-only and answer requests from ``conn_in`` on ``conn_out`` until the parent goes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    try:
        store = open_store(store_dir, read_only=True)
        queries = named_queries()
        default_prefixes()  # import what queries need now, not during the first one
    except Exception as exc:  # report, then stop
        conn_out.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn_out.send(("ready", len(store)))
    while True:
        try:
            req = conn_in.recv()
        except (EOFError, OSError):
            return
        try:
            conn_out.send(_answer(store, queries, req))
        except (BrokenPipeError, OSError):
            return


def _answer(store, queries, req: Mapping) -> tuple:
    """("ok", body bytes, truncated, kind, format) or ("error", status, message)."""
    try:
        subs = None
        title = None
        if req.get("name"):
            nq = queries.get(req["name"])
            if nq is None:
                return ("error", 404, f"no named query {req['name']!r}")
            text = nq.text
            subs = bind_params(nq, req.get("params") or {})
            title = nq.title
        else:
            text = req["query"]
        result = execute(store, text, subs, max_rows=req.get("max_rows"),
                         default_graph=req.get("default_graph") or None, named_graphs=req.get("named_graphs") or None)
        fmt = req["format"]
        if fmt == "html":
            body = results_page(result, text if not req.get("name") else "", title=title,
                                max_rows=req.get("max_rows")).encode("utf-8")
        else:
            if result.kind == "graph" and fmt not in GRAPH_FORMATS:
                fmt = "turtle"
            elif result.kind != "graph" and fmt not in RESULT_FORMATS:
                fmt = "json"
            body = serialise(result, fmt)
        return ("ok", body, result.truncated, result.kind, fmt)
    except QueryRefused as exc:
        return ("error", 403, exc.one_line())
    except QueryError as exc:
        return ("error", 400, exc.one_line())
    except Exception as exc:  # a bug in a query path must not kill the worker
        return ("error", 500, f"internal error {type(exc).__name__}: {exc}".replace("\n", " "))


class QueryTimeout(PolicyKGError):
    """A query ran past the time limit and was stopped."""


class ServerBusy(PolicyKGError):
    """Every worker stayed busy for as long as the time limit."""


class _Worker:
    """One worker process and the two pipe ends the parent talks to it through."""

    def __init__(self, process: subprocess.Popen, send: Connection, recv: Connection):
        self.process = process
        self.send = send
        self.recv = recv


class QueryPool:
    """Worker processes that each hold the store (read-only) and run one query at a time.

    A worker is a fresh Python process (``python -m policy_kg.graph.server --worker``), so it
    shares nothing with the server's threads. :meth:`run` hands a request to an idle worker
    and waits at most ``time_limit`` seconds. A worker that does not answer in time is killed
    (its query stops with it) and replaced in the background, so one expensive query never
    holds up the others for longer than the limit.
    """

    def __init__(self, store_dir: Path, *, workers: int = 2, time_limit: float = 10.0, start_timeout: float = 60.0):
        if workers < 1:
            raise ValueError("a query pool needs at least one worker")
        self.store_dir = str(store_dir)
        self.size = workers
        self.time_limit = float(time_limit)
        self.start_timeout = start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started = [self._spawn() for _ in range(workers)]  # start them all, then wait for each
        try:
            for w in started:
                self._await_ready(w)
                self._idle.put(w)
        except BaseException:
            self.close()
            raise

    # -- workers -------------------------------------------------------------

    def _spawn(self) -> _Worker:
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", "policy_kg.graph.server", "--worker", self.store_dir, str(req_r), str(rep_w)],
                pass_fds=(req_r, rep_w), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, close_fds=True,
            )
        except OSError:
            for fd in (req_r, req_w, rep_r, rep_w):
                os.close(fd)
            raise
        os.close(req_r)
        os.close(rep_w)
        w = _Worker(proc, Connection(req_w, readable=False), Connection(rep_r, writable=False))
        with self._lock:
            self._all.add(w)
        return w

    def _await_ready(self, w: _Worker) -> None:
        if not w.recv.poll(self.start_timeout):
            self._kill(w)
            raise StoreError(f"a query worker did not start within {self.start_timeout:.0f} s")
        try:
            msg = w.recv.recv()
        except (EOFError, OSError):
            msg = ("failed", "the worker process ended (see the messages above)")
        if msg[0] != "ready":
            self._kill(w)
            raise StoreError(f"a query worker could not open the store {self.store_dir}: {msg[1]}")

    def _kill(self, w: _Worker) -> None:
        with self._lock:
            self._all.discard(w)
        try:
            w.process.kill()
            w.process.wait(5)
        except Exception:  # pragma: no cover - already gone
            pass
        for c in (w.send, w.recv):
            try:
                c.close()
            except OSError:  # pragma: no cover
                pass

    def _replace(self) -> None:
        def start():
            if self._closed:
                return
            try:
                w = self._spawn()
                self._await_ready(w)
            except Exception as exc:  # pragma: no cover - store vanished under us
                print(f"error: cannot restart a query worker: {exc}", file=sys.stderr)
                return
            if self._closed:
                self._kill(w)
            else:
                self._idle.put(w)

        threading.Thread(target=start, daemon=True, name="policy-kg-respawn").start()

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.process.pid for w in self._all)

    # -- queries ---------------------------------------------------------------

    def run(self, request: Mapping) -> tuple:
        """The worker's reply to ``request``; raises :class:`ServerBusy` or :class:`QueryTimeout`."""
        if self._closed:
            raise ServerBusy("the server is shutting down")
        try:
            w = self._idle.get(timeout=self.time_limit)
        except queue.Empty:
            raise ServerBusy(f"all {self.size} query workers stayed busy for {self.time_limit:g} s",
                             hint="try again in a moment") from None
        try:
            w.send.send(dict(request))
            if not w.recv.poll(self.time_limit):
                self._kill(w)
                self._replace()
                raise QueryTimeout(f"the query was stopped at the time limit of {self.time_limit:g} s",
                                   hint="narrow it down: add LIMIT, more specific patterns, or fewer OPTIONALs")
            reply = w.recv.recv()
        except (EOFError, OSError) as exc:
            self._kill(w)
            self._replace()
            return ("error", 500, f"the query worker stopped: {exc or type(exc).__name__}")
        self._idle.put(w)
        return reply

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for w in workers:
            self._kill(w)


# ---------------------------------------------------------------------------
# HTML

PAGE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'")
# the visualisations are self-contained HTML with inline scripts: allow those, nothing from elsewhere
FILE_CSP = ("default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; connect-src 'self'; "
            "form-action 'self'; base-uri 'self'; frame-ancestors 'self'")

_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:72rem;padding:0 1rem;color:#222}
textarea{width:100%;font-family:ui-monospace,monospace;font-size:.9rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .4rem;
vertical-align:top;text-align:left}th{background:#f2f2f2}pre{background:#f7f7f7;padding:.6rem;overflow:auto}
.q{margin:.6rem 0;padding:.5rem .7rem;border-left:3px solid #8aa}.muted{color:#666;font-size:.85rem}
input[type=text]{width:14rem}
"""

EXAMPLE_QUERY = """PREFIX pkg: <https://w3id.org/policy-kg/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?licence ?country ?name WHERE {
  ?licence pkg:excludesDestination ?country .
  OPTIONAL { ?country skos:prefLabel ?name }
}
ORDER BY ?licence ?country
LIMIT 100"""


def _e(s) -> str:
    return html.escape(str(s), quote=True)


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>\n{body}\n</body></html>\n")


def _format_select(graph: bool | None = None) -> str:
    opts = [("html", "HTML table"), ("json", "SPARQL JSON"), ("xml", "SPARQL XML"), ("csv", "CSV"), ("tsv", "TSV"),
            ("turtle", "Turtle (CONSTRUCT)"), ("jsonld", "JSON-LD (CONSTRUCT)")]
    return ('<select name="format">' + "".join(f'<option value="{v}">{_e(t)}</option>' for v, t in opts)
            + "</select>")


def query_page(static_dir: Path | None, *, query: str = "", limits: Mapping | None = None) -> str:
    """The front page: a query form, the named queries (each runnable with its parameters), the files of DIR."""
    parts = ["<h1>policy-kg SPARQL</h1>",
             '<p class="muted">A read-only SPARQL 1.1 endpoint at <code>/sparql</code> over the knowledge graph. '
             "The default graph is the union of all documents' graphs; the common prefixes (pkg, skos, dcterms, prov, "
             "oa, licence, country, ...) may be used without declaring them.</p>",
             '<form method="post" action="/sparql">',
             f'<textarea name="query" rows="14" spellcheck="false">{_e(query or EXAMPLE_QUERY)}</textarea>',
             f"<p>{_format_select()} <button type=\"submit\">Run</button></p></form>"]
    if limits:
        parts.append(f'<p class="muted">Limits: {_e(limits.get("time_limit"))} s per query, '
                     f'{_e(limits.get("max_rows"))} rows per result. No updates, no SERVICE.</p>')
    parts.append("<h2>Named queries</h2>")
    for name, nq in named_queries().items():
        fields = "".join(
            f' <label>{_e(p.name)} <input type="text" name="{_e(p.name)}" value="{_e(p.default or "")}"'
            f' placeholder="{_e(p.type)}{" (required)" if p.required else ""}" title="{_e(p.description)}"></label>'
            for p in nq.params)
        parts.append(
            f'<div class="q"><b>{_e(nq.title)}</b> <span class="muted">{_e(name)} · '
            f'<a href="/queries/{quote(name)}.rq">text</a> · <a href="/?example={quote(name)}">edit</a></span>'
            f'<div class="muted">{_e(nq.description)}</div>'
            f'<form method="get" action="/query/{quote(name)}">{fields} {_format_select()} '
            f'<button type="submit">Run</button></form></div>')
    files = list_files(static_dir) if static_dir else []
    if files:
        parts.append("<h2>Files</h2><ul>")
        for f in files:
            parts.append(f'<li><a href="/files/{quote(f)}">{_e(f)}</a></li>')
        parts.append("</ul>")
    return _page("policy-kg SPARQL", "\n".join(parts))


def _cell(t) -> str:
    from pyoxigraph import NamedNode

    if isinstance(t, NamedNode):
        describe = quote(f"DESCRIBE <{t.value}>", safe="")
        return f'<a href="/sparql?format=html&amp;query={describe}" title="{_e(t.value)}">{_e(display_value(t))}</a>'
    return _e(display_value(t))


def results_page(result: QueryResult, query: str = "", *, title: str | None = None, max_rows: int | None = None) -> str:
    """An HTML page with the result (a table, a boolean, or Turtle) and the query to edit."""
    parts = [f"<h1>{_e(title or 'Query result')}</h1>", '<p><a href="/">query page</a></p>']
    if result.kind == "ask":
        parts.append(f"<p><b>{'true' if result.boolean else 'false'}</b></p>")
    elif result.kind == "graph":
        parts.append(f"<p>{len(result.triples)} triples</p>")
        parts.append(f"<pre>{_e(serialise(result, 'turtle').decode('utf-8'))}</pre>")
    else:
        parts.append(f"<p>{len(result.rows)} rows</p><table><tr>"
                     + "".join(f"<th>{_e(v)}</th>" for v in result.variables) + "</tr>")
        for row in result.rows:
            parts.append("<tr>" + "".join(f"<td>{_cell(t)}</td>" for t in row) + "</tr>")
        parts.append("</table>")
    if result.truncated:
        parts.append(f"<p><b>The result was cut at {_e(max_rows)} rows.</b></p>")
    if query:
        parts.append('<form method="post" action="/sparql">'
                     f'<textarea name="query" rows="10" spellcheck="false">{_e(query)}</textarea>'
                     f"<p>{_format_select()} <button type=\"submit\">Run</button></p></form>")
    return _page(title or "Query result", "\n".join(parts))


def list_files(static_dir: Path) -> list[str]:
    """Files of ``static_dir`` that /files/ serves (no hidden files), relative paths, sorted."""
    out = []
    root = Path(static_dir)
    if not root.is_dir():
        return out
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if p.is_file() and not any(part.startswith(".") for part in rel.parts):
            out.append(rel.as_posix())
    return out


_STATIC_TYPES = {
    ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".jsonld": "application/ld+json",
    ".jsonl": "application/jsonl; charset=utf-8", ".ttl": "text/turtle; charset=utf-8",
    ".trig": "application/trig; charset=utf-8", ".nq": "application/n-quads", ".nt": "application/n-triples",
    ".csv": "text/csv; charset=utf-8", ".tsv": "text/tab-separated-values; charset=utf-8",
    ".txt": "text/plain; charset=utf-8", ".md": "text/markdown; charset=utf-8", ".svg": "image/svg+xml",
    ".png": "image/png", ".rq": "application/sparql-query; charset=utf-8", ".xml": "application/xml",
}


# ---------------------------------------------------------------------------
# HTTP


@dataclass
class ServerConfig:
    static_dir: Path | None = None
    time_limit: float = 10.0
    max_rows: int = 10_000
    max_body: int = 1 << 20  # bytes of a POST body
    quiet: bool = False


class SparqlHandler(BaseHTTPRequestHandler):
    server_version = "policy-kg"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds a client may take to send its request

    # -- plumbing ------------------------------------------------------------

    @property
    def config(self) -> ServerConfig:
        return self.server.config  # type: ignore[attr-defined]

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        if not self.config.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _send(self, status: int, body: bytes, content_type: str, headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        body = f"error: {' '.join(message.split())}\n".encode("utf-8")
        self._send(status, body, "text/plain; charset=utf-8", {"Cache-Control": "no-store", **(headers or {})})

    def _html(self, text: str, status: int = 200) -> None:
        self._send(status, text.encode("utf-8"), "text/html; charset=utf-8",
                   {"Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-store"})

    # -- methods ---------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        try:
            params = parse_qs(url.query, keep_blank_values=True, max_num_fields=200)
        except ValueError:
            return self._error(400, "too many URL parameters")
        path = url.path
        if path in ("/", "/index.html"):
            example = params.get("example", [""])[0]
            nq = named_queries().get(example) if example else None
            return self._html(query_page(self.config.static_dir, query=nq.text if nq else "",
                                         limits={"time_limit": self.config.time_limit, "max_rows": self.config.max_rows}))
        if path == "/sparql":
            return self._protocol(params)
        if path.startswith("/query/"):
            return self._named(path[len("/query/"):], params)
        if path.startswith("/queries/") and path.endswith(".rq"):
            nq = named_queries().get(path[len("/queries/"):-3])
            if nq is None:
                return self._error(404, f"no named query {path}")
            return self._send(200, nq.text.encode("utf-8"), "application/sparql-query; charset=utf-8")
        if path.startswith("/files/"):
            return self._file(path[len("/files/"):])
        return self._error(404, f"nothing at {path}; see / for the query page")

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path != "/sparql":
            return self._error(404 if url.path not in ("/", "/index.html") else 405, f"POST to {url.path}: use /sparql")
        length = self.headers.get("Content-Length")
        if length is None:
            self.close_connection = True
            return self._error(411, "a POST needs a Content-Length")
        try:
            n = int(length)
        except ValueError:
            self.close_connection = True
            return self._error(400, "bad Content-Length")
        if n < 0 or n > self.config.max_body:
            self.close_connection = True
            return self._error(413, f"the request body is larger than {self.config.max_body} bytes")
        body = self.rfile.read(n)
        try:
            params = parse_qs(url.query, keep_blank_values=True, max_num_fields=200)
        except ValueError:
            return self._error(400, "too many URL parameters")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self._error(400, "the request body is not UTF-8")
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(text, keep_blank_values=True, max_num_fields=200)
            except ValueError:
                return self._error(400, "too many form fields")
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
            if "update" in form:
                return self._error(403, "SPARQL Update is refused: this endpoint is read-only")
            if "query" not in form:
                return self._error(400, "the form has no query field")
            return self._protocol(params)
        if ctype == "application/sparql-query":
            params["query"] = [text]
            return self._protocol(params)
        if ctype == "application/sparql-update":
            return self._error(403, "SPARQL Update is refused: this endpoint is read-only")
        return self._error(415, f"unsupported Content-Type {ctype or '(none)'}: send application/sparql-query "
                                "or application/x-www-form-urlencoded")

    def do_PUT(self) -> None:  # noqa: N802
        self._error(405, "this endpoint is read-only", {"Allow": "GET, HEAD, POST"})

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    # -- SPARQL ------------------------------------------------------------------

    def _protocol(self, params: Mapping[str, list[str]]) -> None:
        if "update" in params:
            return self._error(403, "SPARQL Update is refused: this endpoint is read-only")
        queries = params.get("query")
        if not queries:
            return self._html(query_page(self.config.static_dir,
                                         limits={"time_limit": self.config.time_limit, "max_rows": self.config.max_rows}))
        if len(queries) > 1:
            return self._error(400, "more than one query parameter")
        text = queries[0]
        try:
            form = check_query(text)
        except QueryRefused as exc:
            return self._error(403, exc.one_line())
        fmt = choose_format(form, params.get("format", []) + params.get("output", []) + params.get("results", []),
                            self.headers.get("Accept"))
        if fmt is None:
            kinds = GRAPH_MEDIA if form in ("CONSTRUCT", "DESCRIBE") else SELECT_MEDIA
            return self._error(406, f"none of the accepted types can be served; offered: {', '.join(kinds)}")
        graphs = {"default_graph": params.get("default-graph-uri", []), "named_graphs": params.get("named-graph-uri", [])}
        for g in graphs["default_graph"] + graphs["named_graphs"]:
            if not g.startswith(("http://", "https://", "urn:")) or any(c in g for c in '<>" {}|\\^`'):
                return self._error(400, f"bad graph IRI {g!r}")
        self._run({"query": text, "format": fmt, **graphs})

    def _named(self, name: str, params: Mapping[str, list[str]]) -> None:
        nq = named_queries().get(name)
        if nq is None:
            return self._error(404, f"no named query {name!r}; see / for the list")
        values = {p.name: params[p.name][0] for p in nq.params if params.get(p.name, [""])[0] != ""}
        fmt = choose_format(check_query(nq.text), params.get("format", []), self.headers.get("Accept"))
        if fmt is None:
            return self._error(406, "none of the accepted types can be served")
        try:
            bind_params(nq, values)  # check here, so a bad value is a 400 before a worker is used
        except QueryError as exc:
            return self._error(400, exc.one_line())
        self._run({"name": name, "params": values, "format": fmt})

    def _run(self, request: dict) -> None:
        request["max_rows"] = self.config.max_rows
        started = time.monotonic()
        try:
            reply = self.server.pool.run(request)  # type: ignore[attr-defined]
        except QueryTimeout as exc:
            return self._error(503, exc.one_line(), {"Retry-After": "1"})
        except ServerBusy as exc:
            return self._error(503, exc.one_line(), {"Retry-After": "2"})
        if reply[0] == "error":
            return self._error(reply[1], reply[2])
        _, body, truncated, _kind, fmt = reply
        headers = {"Vary": "Accept", "Cache-Control": "no-store",
                   "X-Query-Time": f"{time.monotonic() - started:.3f}"}
        if truncated:
            headers["X-SPARQL-MaxRows"] = str(self.config.max_rows)
            headers["X-Result-Truncated"] = "true"
        if fmt == "html":
            headers["Content-Security-Policy"] = PAGE_CSP
        ctype = CONTENT_TYPES[fmt]
        if ctype.startswith("text/") or ctype.endswith(("+json", "+xml", "/json")):
            ctype += "; charset=utf-8"
        self._send(200, body, ctype, headers)

    # -- files -------------------------------------------------------------------

    def _file(self, rel: str) -> None:
        from urllib.parse import unquote

        root = self.config.static_dir
        rel = unquote(rel)
        if root is None or not rel or "\x00" in rel:
            return self._error(404, "no such file")
        parts = Path(rel).parts
        if any(p.startswith(".") for p in parts) or Path(rel).is_absolute():
            return self._error(404, "no such file")
        base = Path(root).resolve()
        target = (base / rel).resolve()
        if not target.is_relative_to(base) or not target.is_file():
            return self._error(404, "no such file")
        ctype = _STATIC_TYPES.get(target.suffix.lower(), "application/octet-stream")
        headers = {"Cache-Control": "no-cache"}
        if ctype.startswith("text/html"):
            headers["Content-Security-Policy"] = FILE_CSP
        self._send(200, target.read_bytes(), ctype, headers)


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server with its :class:`QueryPool` and configuration; :meth:`close` stops both."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address, pool: QueryPool, config: ServerConfig, tempdir: tempfile.TemporaryDirectory | None = None):
        self.pool = pool
        self.config = config
        self._tempdir = tempdir
        super().__init__(address, SparqlHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}/"

    def close(self) -> None:
        self.server_close()
        self.pool.close()
        if self._tempdir is not None:
            self._tempdir.cleanup()
            self._tempdir = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.shutdown_if_running()
        self.close()

    def shutdown_if_running(self) -> None:
        if getattr(self, "_serving", False):
            self.shutdown()

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        self._serving = True
        try:
            super().serve_forever(poll_interval)
        finally:
            self._serving = False


def make_server(
    static_dir: Path | str | None = None,
    *,
    store_dir: Path | str | None = None,
    data: Iterable[Path | str] | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    time_limit: float = 10.0,
    max_rows: int = 10_000,
    max_body: int = 1 << 20,
    workers: int = 2,
    quiet: bool = False,
) -> SparqlServer:
    """A ready server (not yet serving): call ``serve_forever()``, and ``close()`` at the end.

    The graph comes from ``store_dir`` (an Oxigraph store, opened read-only) or else from
    ``data`` (RDF files or build folders; default ``static_dir``), loaded with the vocabulary
    into a temporary store that is removed on :meth:`SparqlServer.close`.
    """
    if time_limit <= 0 or max_rows <= 0 or max_body <= 0:
        raise PolicyKGError("the time limit, row limit and body limit must be positive")
    static = Path(static_dir) if static_dir is not None else None
    tempdir = None
    if store_dir is not None:
        store_path = Path(store_dir)
        if not is_store_dir(store_path):
            raise StoreError(f"{store_path}: no Oxigraph store in this directory",
                             hint="create one with `policy-kg build --store DIR`")
    else:
        sources = list(data) if data else ([static] if static is not None else [])
        if not sources:
            raise PolicyKGError("nothing to serve", hint="give a build's output folder or --store DIR")
        tempdir = tempfile.TemporaryDirectory(prefix="policy-kg-serve-")
        store_path = Path(tempdir.name) / "store"
        try:
            store = open_store(store_path)
            load_source(store, sources)
            store.flush()
            del store  # close it: the workers open it read-only
        except BaseException:
            tempdir.cleanup()
            raise
    try:
        pool = QueryPool(store_path, workers=workers, time_limit=time_limit)
    except BaseException:
        if tempdir is not None:
            tempdir.cleanup()
        raise
    config = ServerConfig(static_dir=static, time_limit=time_limit, max_rows=max_rows, max_body=max_body, quiet=quiet)
    try:
        return SparqlServer((host, port), pool, config, tempdir)
    except OSError as exc:
        pool.close()
        if tempdir is not None:
            tempdir.cleanup()
        raise PolicyKGError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                            hint="choose another --port, or stop what is using it") from exc


def _worker_cli(argv: Sequence[str]) -> None:  # pragma: no cover - runs in a child process
    """``python -m policy_kg.graph.server --worker STORE_DIR READ_FD WRITE_FD``."""
    store_dir, fd_in, fd_out = argv[0], int(argv[1]), int(argv[2])
    _worker_main(Connection(fd_in, writable=False), Connection(fd_out, readable=False), store_dir)


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "QueryPool", "QueryTimeout", "ServerBusy", "ServerConfig", "SparqlServer",
           "choose_format", "list_files", "make_server", "parse_accept", "query_page", "results_page"]


if __name__ == "__main__":  # pragma: no cover - the worker processes
    if len(sys.argv) == 5 and sys.argv[1] == "--worker":
        _worker_cli(sys.argv[2:])
    else:
        sys.exit("usage: python -m policy_kg.graph.server --worker STORE_DIR READ_FD WRITE_FD (started by policy-kg serve)")
