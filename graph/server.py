"""``policy-kg serve``: a local SPARQL 1.1 Protocol endpoint with a plain HTML page; read-only
unless started with ``--allow-update`` and a token.

Routes (standard library ``http.server``; nothing is fetched from the network):

==========================  ================================================================
``GET /``                   the query page: a form, the named queries, the files of DIR
``GET|POST /sparql``        SPARQL 1.1 Protocol: ``query`` by GET, by form POST or as an
                            ``application/sparql-query`` body; ``default-graph-uri`` and
                            ``named-graph-uri`` are honoured. SELECT/ASK answer as JSON, XML,
                            CSV, TSV (or an HTML table); CONSTRUCT/DESCRIBE as Turtle, JSON-LD,
                            N-Triples or RDF/XML, by content negotiation (``Accept``) or a
                            ``format`` parameter. Without a query: the query page.
                            With ``--allow-update``: ``update`` by form POST or as an
                            ``application/sparql-update`` body, with ``Authorization: Bearer``.
``GET /query/<name>``       a named query, its parameters as URL parameters
``GET /queries/``           the named queries as a list; ``/queries/<name>.rq`` the text of one
``GET /files/<path>``       the files of DIR (the visualisations, the RDF exports); a folder
                            (``/files/``, ``/files/sub/``) gives the list of its entries
``OPTIONS``                 the allowed methods (and the CORS preflight with ``--cors-origin``)
==========================  ================================================================

Answers to what is refused or limited (the body is one line ``error: ...`` of text/plain, or an
HTML page when the client prefers text/html, as browsers do):

====================================================  ======  ======================================
request                                               status  message (start)
====================================================  ======  ======================================
update (POST) on a read-only server                   403     SPARQL Update is refused: ... read-only
update without / with a wrong bearer token            401     SPARQL Update needs the update token
update by GET (update mode)                           405     SPARQL Update must be sent by POST
update sent as ``query=``                             403     SPARQL Update is refused ...
``LOAD`` (query or update, any mode)                  403     LOAD is refused / SPARQL Update ...
``SERVICE`` (query or update, any mode)               403     SERVICE (federated query) is refused
a query sent as an update                             400     a SELECT query was sent as an update
request body over ``--max-body`` bytes                413     the request body (N bytes) is larger...
query or update past ``--timeout`` seconds            503     the query exceeded the time limit of
a worker past ``--max-memory`` MB                     503     ... it may have needed more than ...
every worker busy for ``--timeout`` seconds           503     all N query workers stayed busy
more than ``--max-connections`` connections           503     too many connections
a request not complete in ``--request-timeout`` s     -       the connection is closed
``Host`` not a loopback name (loopback servers)       403     unexpected Host header
result over ``--max-rows`` rows                       200     cut; ``X-Result-Truncated: true``,
                                                              ``X-SPARQL-MaxRows: N``
result over ``--max-result-bytes`` bytes              200     cut at a whole row, still a valid
                                                              document; ``X-Result-Truncated:
                                                              true``, ``X-Result-MaxBytes: N``
====================================================  ======  ======================================

Safety:

* read-only by default: SPARQL Update gets 403 and the query workers open the store read-only.
  With ``--allow-update`` and a token (``--token-file`` or ``POLICY_KG_UPDATE_TOKEN``; never on
  the command line) updates are applied to the store (``--store DIR`` for good, else the
  temporary store) all or nothing, while queries wait (see :meth:`QueryPool.update`);
* no network: ``SERVICE`` and ``LOAD`` get 403, found by a lexer that skips strings, IRIs,
  comments and prefixed names (:func:`policy_kg.graph.query.check_query`, :func:`check_update`);
* each query runs in a worker process (:class:`QueryPool`) with an address-space cap. A query
  that passes the time limit is stopped by ending its worker, which is replaced; the other
  workers keep answering meanwhile;
* headers on every response: ``X-Content-Type-Options: nosniff``, ``Referrer-Policy:
  no-referrer``, ``X-Frame-Options: DENY``, a Content-Security-Policy with ``frame-ancestors
  'none'`` (our pages: ``default-src 'none'``, no script; DIR's visualisations: their inline
  scripts, nothing from elsewhere; everything else ``default-src 'none'; sandbox``). Every value
  from outside (query text, path, file names, named queries) is HTML-escaped on our pages;
* CORS: off unless ``--cors-origin ORIGIN`` (repeatable, ``*`` for any) names who may read;
* the server listens on 127.0.0.1 unless told otherwise, and then answers only requests whose
  ``Host`` is a loopback name (a guard against DNS rebinding).
"""

from __future__ import annotations

import hmac
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
from dataclasses import dataclass, replace
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
    _bare_words,
    bind_params,
    check_query,
    default_prefixes,
    display_value,
    execute,
    named_queries,
    query_form,
    serialise,
)
from .store import StoreError, is_store_dir, load_source, open_store, query_size
from .store import update as store_update

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


def _limit_memory(megabytes: int) -> None:  # pragma: no cover - runs in a child process
    """Cap the address space of this process (RLIMIT_AS): past it an allocation fails and the
    worker ends, which the pool reports as a stopped query."""
    if megabytes and megabytes > 0:
        import resource

        limit = int(megabytes) << 20
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _worker_main(conn_in, conn_out, store_dir: str, *, writable: bool = False,
                 memory_mb: int = 0) -> None:  # pragma: no cover - runs in a child process
    """Open the store read-only and answer requests from ``conn_in`` on ``conn_out`` until the parent goes.

    A request is a dict; its ``op`` is ``query`` (the default), ``close`` (drop the store, so
    that another process may write to it), ``open`` (open it read-only again) or ``update``
    (only when the worker was started ``writable``: open the store for writing, apply the
    update, close it, reopen it read-only)."""
    import gc

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    try:
        _limit_memory(memory_mb)
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
        op = req.get("op", "query")
        try:
            if op == "close":
                store = None
                gc.collect()
                reply: tuple = ("closed",)
            elif op == "open":
                store = None
                gc.collect()
                store = open_store(store_dir, read_only=True)
                reply = ("ready", len(store))
            elif op == "update":
                store = None
                gc.collect()
                reply = _apply_update(store_dir, req["update"]) if writable else (
                    "error", 403, "SPARQL Update is refused: this endpoint is read-only")
                store = open_store(store_dir, read_only=True)
            elif store is None:
                reply = ("error", 503, "the store is closed for an update; try again")
            else:
                reply = _answer(store, queries, req)
        except Exception as exc:  # the store could not be (re)opened: say so, the pool ends this worker
            reply = ("failed", f"{type(exc).__name__}: {exc}")
        try:
            conn_out.send(reply)
        except (BrokenPipeError, OSError):
            return


def _apply_update(store_dir: str, text: str) -> tuple:  # pragma: no cover - runs in a child process
    """("updated", quads before, quads after) or ("error", status, message). The store is
    opened for writing only for this update and closed again before the reply."""
    import gc

    try:
        check_update(text)
        store = open_store(store_dir)
        try:
            before = query_size(store)
            store_update(store, text, prefixes=default_prefixes())  # keeps the merged default graph in step
            store.flush()
            after = query_size(store)
        finally:
            del store
            gc.collect()
        return ("updated", before, after)
    except QueryRefused as exc:
        return ("error", 403, exc.one_line())
    except QueryError as exc:
        return ("error", 400, exc.one_line())
    except SyntaxError as exc:
        return ("error", 400, f"SPARQL Update syntax error: {' '.join(str(exc).split())} (hint: check the update)")
    except (OSError, RuntimeError, ValueError, StoreError) as exc:
        return ("error", 500, f"the update failed, nothing was changed: {' '.join(str(exc).split())}")


def check_update(text: str) -> None:
    """Refuse what an update must not do here: ``LOAD`` (fetches a URL), ``SERVICE`` (a federated
    call inside ``WHERE``), a backslash outside strings (``\\u`` escapes could spell either), and a
    query sent as an update. Uses the lexer of :mod:`policy_kg.graph.query`, which skips strings,
    IRIs, comments, variables and prefixed names, so ``"load"`` or ``ex:service`` pass."""
    words = _bare_words(text)
    form = query_form(text)
    if form in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"):
        raise QueryError(f"a {form} query was sent as an update", hint="send queries as query=, updates as update=")
    if "LOAD" in words:
        raise QueryRefused("LOAD is refused: this service makes no network requests",
                           hint="INSERT DATA the triples instead")
    if "SERVICE" in words:
        raise QueryRefused("SERVICE (federated query) is refused: this service makes no network requests",
                           hint="update from the local graph only")
    if "\\" in words:
        raise QueryRefused("a backslash outside strings and IRIs is refused",
                           hint="write the update without \\u escapes outside strings")


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
        if fmt != "html":
            if result.kind == "graph" and fmt not in GRAPH_FORMATS:
                fmt = "turtle"
            elif result.kind != "graph" and fmt not in RESULT_FORMATS:
                fmt = "json"

        def render(res: QueryResult) -> bytes:
            if fmt == "html":
                return results_page(res, text if not req.get("name") else "", title=title,
                                    max_rows=req.get("max_rows"), max_bytes=req.get("max_bytes")).encode("utf-8")
            return serialise(res, fmt)

        body, cut = fit_result(result, render, req.get("max_bytes"))
        return ("ok", body, "bytes" if cut else ("rows" if result.truncated else ""), result.kind, fmt)
    except QueryRefused as exc:
        return ("error", 403, exc.one_line())
    except QueryError as exc:
        return ("error", 400, exc.one_line())
    except MemoryError:
        return ("error", 503, ("the query needed more memory than a query worker may use "
                               "(hint: narrow it down, or start the server with a larger --max-memory)"))
    except Exception as exc:  # a bug in a query path must not kill the worker
        return ("error", 500, f"internal error {type(exc).__name__}: {exc}".replace("\n", " "))


def fit_result(result: QueryResult, render, max_bytes: int | None) -> tuple[bytes, bool]:
    """``render(result)``, or when that is longer than ``max_bytes`` the rendering of the longest
    prefix of the rows/triples that fits (a complete, valid document; found by bisection), and
    whether it was cut. A result that fits with no rows at all (the header alone) is that."""
    body = render(result)
    if not max_bytes or len(body) <= max_bytes or result.kind == "ask":
        return body, False
    items = result.rows if result.kind == "select" else result.triples
    field_name = "rows" if result.kind == "select" else "triples"
    best = render(replace(result, **{field_name: []}, truncated=True))
    lo, hi = 1, len(items) - 1
    # first guess in proportion to the size, then bisect
    guess = max(1, min(hi, int(len(items) * max_bytes / len(body))))
    while lo <= hi:
        mid = guess if guess is not None else (lo + hi) // 2
        guess = None
        b = render(replace(result, **{field_name: items[:mid]}, truncated=True))
        if len(b) <= max_bytes:
            best, lo = b, mid + 1
        else:
            hi = mid - 1
    return best, True


class QueryTimeout(PolicyKGError):
    """A query ran past the time limit and was stopped."""


class ServerBusy(PolicyKGError):
    """Every worker stayed busy for as long as the time limit."""


class _Gate:
    """A readers-writer gate that prefers the writer: queries share it, an update has it alone
    (no query worker has the store open while an update writes to it)."""

    def __init__(self):
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._waiting = 0

    def acquire_read(self, timeout: float) -> bool:
        with self._cond:
            ok = self._cond.wait_for(lambda: not self._writer and not self._waiting, timeout)
            if ok:
                self._readers += 1
            return ok

    def release_read(self) -> None:
        with self._cond:
            self._readers -= 1
            self._cond.notify_all()

    def acquire_write(self, timeout: float) -> bool:
        with self._cond:
            self._waiting += 1
            try:
                ok = self._cond.wait_for(lambda: not self._writer and self._readers == 0, timeout)
                if ok:
                    self._writer = True
                return ok
            finally:
                self._waiting -= 1
                self._cond.notify_all()

    def release_write(self) -> None:
        with self._cond:
            self._writer = False
            self._cond.notify_all()


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
    holds up the others for longer than the limit. ``memory_mb`` caps each worker's address
    space (RLIMIT_AS; 0: no cap).

    With ``writable=True`` :meth:`update` applies SPARQL Update: it waits until no query runs
    (new queries wait meanwhile), has every worker close the store, lets one worker open it for
    writing, apply the update (all or nothing) and close it, then has them all reopen it.
    """

    def __init__(self, store_dir: Path, *, workers: int = 2, time_limit: float = 10.0, start_timeout: float = 60.0,
                 writable: bool = False, memory_mb: int = 0):
        if workers < 1:
            raise ValueError("a query pool needs at least one worker")
        self.store_dir = str(store_dir)
        self.size = workers
        self.time_limit = float(time_limit)
        self.start_timeout = start_timeout
        self.writable = writable
        self.memory_mb = int(memory_mb or 0)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._gate = _Gate()
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
        argv = [sys.executable, "-m", "policy_kg.graph.server", "--worker", self.store_dir, str(req_r), str(rep_w)]
        if self.writable:
            argv.append("--writable")
        if self.memory_mb:
            argv += ["--max-memory", str(self.memory_mb)]
        try:
            proc = subprocess.Popen(argv, pass_fds=(req_r, rep_w), stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, close_fds=True)
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
            # a new worker opens the store: not while an update writes to it
            while not self._closed and not self._gate.acquire_read(1.0):
                pass
            if self._closed:
                return
            try:
                w = self._spawn()
                self._await_ready(w)
                if self._closed:
                    self._kill(w)
                else:
                    self._idle.put(w)  # before the gate opens: an update must find it among the idle ones
            except Exception as exc:  # pragma: no cover - store vanished under us
                print(f"error: cannot restart a query worker: {exc}", file=sys.stderr)
            finally:
                self._gate.release_read()

        threading.Thread(target=start, daemon=True, name="policy-kg-respawn").start()

    def _ended(self, w: _Worker, what: str = "query") -> tuple:
        """The reply for a worker that ended by itself (a crash, or the memory cap); it is replaced."""
        try:
            code = w.process.wait(2)
        except subprocess.TimeoutExpired:  # pragma: no cover
            code = None
        self._kill(w)
        self._replace()
        cause = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        if self.memory_mb:
            return ("error", 503, (f"the {what} stopped its worker process ({cause}); it may have needed more than "
                                   f"the {self.memory_mb} MB a worker may use (hint: narrow it down, or start the "
                                   "server with a larger --max-memory)"))
        return ("error", 500, f"the {what} stopped its worker process ({cause})")

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.process.pid for w in self._all)

    # -- queries ---------------------------------------------------------------

    def run(self, request: Mapping) -> tuple:
        """The worker's reply to ``request``; raises :class:`ServerBusy` or :class:`QueryTimeout`."""
        if self._closed:
            raise ServerBusy("the server is shutting down")
        if not self._gate.acquire_read(self.time_limit):
            raise ServerBusy(f"an update held the store for {self.time_limit:g} s", hint="try again in a moment")
        try:
            try:
                w = self._idle.get(timeout=self.time_limit)
            except queue.Empty:
                raise ServerBusy(f"all {self.size} query workers stayed busy for {self.time_limit:g} s",
                                 hint="try again in a moment") from None
            try:
                w.send.send(dict(request, op="query"))
                if not w.recv.poll(self.time_limit):
                    self._kill(w)
                    self._replace()
                    raise QueryTimeout(f"the query exceeded the time limit of {self.time_limit:g} s and was stopped",
                                       hint="narrow it down: add LIMIT, more specific patterns, or fewer OPTIONALs")
                reply = w.recv.recv()
            except (EOFError, OSError):
                return self._ended(w)
            if reply[0] == "failed":  # pragma: no cover - the store went away under the worker
                self._kill(w)
                self._replace()
                return ("error", 500, f"a query worker failed: {reply[1]}")
            self._idle.put(w)
            return reply
        finally:
            self._gate.release_read()

    def _call(self, w: _Worker, message: dict, timeout: float, expect: str) -> bool:
        """Send ``message`` to ``w`` and wait for a reply starting with ``expect``; on failure end ``w``."""
        try:
            w.send.send(message)
            if w.recv.poll(timeout):
                reply = w.recv.recv()
                if reply[0] == expect:
                    return True
        except (EOFError, OSError):
            pass
        self._kill(w)
        return False

    def update(self, text: str) -> tuple:
        """Apply the SPARQL Update ``text``: ("updated", quads before, quads after) or ("error", status, message).
        Raises :class:`ServerBusy` or :class:`QueryTimeout` as :meth:`run` does."""
        if not self.writable:
            return ("error", 403, "SPARQL Update is refused: this endpoint is read-only")
        if self._closed:
            raise ServerBusy("the server is shutting down")
        if not self._gate.acquire_write(self.time_limit + 1):
            raise ServerBusy(f"queries kept the store busy for {self.time_limit:g} s", hint="try again in a moment")
        lost = 0
        try:
            workers = []
            while True:
                try:
                    workers.append(self._idle.get_nowait())
                except queue.Empty:
                    break
            if not workers:
                raise ServerBusy("no query worker is running yet", hint="try again in a moment")
            updater, others = workers[0], []
            for w in workers[1:]:  # no other process may have the store open while it is written to
                if self._call(w, {"op": "close"}, self.start_timeout, "closed"):
                    others.append(w)
                else:
                    lost += 1
            try:
                updater.send.send({"op": "update", "update": text})
                if not updater.recv.poll(self.time_limit):
                    self._kill(updater)
                    lost += 1
                    raise QueryTimeout(f"the update exceeded the time limit of {self.time_limit:g} s and was stopped; "
                                       "nothing was changed (an update is applied all or nothing)",
                                       hint="split it into smaller updates")
                reply = updater.recv.recv()
            except (EOFError, OSError):
                reply = self._ended(updater, "update")  # it is replaced (once the gate opens)
            else:
                if reply[0] == "failed":
                    self._kill(updater)
                    lost += 1
                    reply = ("error", 500, f"the store could not be reopened after the update: {reply[1]}")
                else:
                    self._idle.put(updater)
            finally:
                for w in others:
                    if self._call(w, {"op": "open"}, self.start_timeout, "ready"):
                        self._idle.put(w)
                    else:
                        lost += 1
            return reply
        finally:
            self._gate.release_write()
            for _ in range(lost):
                self._replace()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for w in workers:
            self._kill(w)


# ---------------------------------------------------------------------------
# HTML

#: every HTML page the server writes itself: nothing from elsewhere, no scripts, no framing
PAGE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'")
#: the visualisations of DIR are self-contained HTML with inline scripts: allow those, nothing from elsewhere
FILE_CSP = ("default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; connect-src 'self'; "
            "form-action 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'")
#: every other response (results, RDF, files, errors): nothing may run or be framed, should a browser render it
OTHER_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"
#: headers on every response
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

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


def _limits_line(limits: Mapping | None) -> str:
    if not limits:
        return ""
    mb = limits.get("max_bytes")
    size = f", {_e(round(mb / (1 << 20), 1))} MB" if mb else ""
    writes = ("SPARQL Update by POST with the update token" if limits.get("updates")
              else "no updates")
    return (f'<p class="muted">Limits: {_e(limits.get("time_limit"))} s per query, '
            f'{_e(limits.get("max_rows"))} rows{size} per result; {writes}; no LOAD, no SERVICE.</p>')


def query_page(static_dir: Path | None, *, query: str = "", limits: Mapping | None = None) -> str:
    """The front page: a query form, the named queries (each runnable with its parameters), the files of DIR."""
    parts = ["<h1>policy-kg SPARQL</h1>",
             '<p class="muted">A SPARQL 1.1 endpoint at <code>/sparql</code> over the knowledge graph. '
             "The default graph is the union of all documents' graphs; the common prefixes (pkg, skos, dcterms, prov, "
             "oa, licence, country, ...) may be used without declaring them.</p>",
             '<form method="post" action="/sparql">',
             f'<textarea name="query" rows="14" spellcheck="false">{_e(query or EXAMPLE_QUERY)}</textarea>',
             f"<p>{_format_select()} <button type=\"submit\">Run</button></p></form>",
             _limits_line(limits)]
    parts.append('<h2>Named queries</h2><p class="muted"><a href="/queries/">as a list</a></p>')
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
        parts.append('<h2>Files</h2><ul>')
        for f in files:
            parts.append(f'<li><a href="/files/{quote(f)}">{_e(f)}</a></li>')
        parts.append("</ul>")
    return _page("policy-kg SPARQL", "\n".join(p for p in parts if p))


def queries_page() -> str:
    """``/queries/``: the named queries, each with its parameters, its text and a link that runs it."""
    parts = ["<h1>Named queries</h1>", '<p><a href="/">query page</a></p>',
             "<table><tr><th>name</th><th>title</th><th>parameters</th><th>description</th></tr>"]
    for name, nq in named_queries().items():
        params = "<br>".join(_e(p.describe()) for p in nq.params)
        parts.append(f'<tr><td><a href="/query/{quote(name)}?format=html">{_e(name)}</a> '
                     f'(<a href="/queries/{quote(name)}.rq">text</a>)</td><td>{_e(nq.title)}</td>'
                     f"<td>{params}</td><td>{_e(nq.description)}</td></tr>")
    parts.append("</table>")
    return _page("Named queries", "\n".join(parts))


def files_page(static_dir: Path, rel: str = "") -> str:
    """``/files/`` and ``/files/<folder>/``: the entries of a folder of DIR (no hidden ones), folders first."""
    folder = Path(static_dir) / rel if rel else Path(static_dir)
    entries = sorted((not p.is_dir(), p.name) for p in folder.iterdir() if not p.name.startswith("."))
    shown = f"/files/{rel}" if rel else "/files/"
    parts = [f"<h1>{_e(shown)}</h1>", '<p><a href="/">query page</a>'
             + (' · <a href="../">up</a>' if rel else "") + "</p><ul>"]
    for is_file, name in entries:
        href = quote(name) + ("" if is_file else "/")
        parts.append(f'<li><a href="{href}">{_e(name)}{"" if is_file else "/"}</a></li>')
    parts.append("</ul>")
    return _page(shown, "\n".join(parts))


def error_page(status: int, message: str) -> str:
    """The HTML error page (for browsers; other clients get one line of text)."""
    from http import HTTPStatus

    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return _page(f"{status} {phrase}", f"<h1>{status} {_e(phrase)}</h1><p>{_e(' '.join(message.split()))}</p>"
                                       '<p><a href="/">query page</a></p>')


def _cell(t) -> str:
    from pyoxigraph import NamedNode

    if isinstance(t, NamedNode):
        describe = quote(f"DESCRIBE <{t.value}>", safe="")
        return f'<a href="/sparql?format=html&amp;query={describe}" title="{_e(t.value)}">{_e(display_value(t))}</a>'
    return _e(display_value(t))


def results_page(result: QueryResult, query: str = "", *, title: str | None = None, max_rows: int | None = None,
                 max_bytes: int | None = None) -> str:
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
        limit = (f"{_e(max_rows)} rows" if len(result) >= (max_rows or 0) or not max_bytes
                 else f"{_e(max_bytes)} bytes")
        parts.append(f"<p><b>The result was cut at {limit}.</b></p>")
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
    max_result_bytes: int = 16 << 20  # bytes of a result; longer ones are cut (whole rows) and flagged
    quiet: bool = False
    update_token: str | None = None  # set: SPARQL Update allowed with this bearer token
    cors_origins: tuple[str, ...] = ()  # origins allowed to read responses ("*": any); empty: no CORS headers
    allowed_hosts: frozenset[str] | None = None  # Host header names accepted (None: any)
    request_timeout: float = 20.0  # seconds a client has to send a whole request (line, headers, body)
    max_connections: int = 64

    @property
    def updates(self) -> bool:
        return bool(self.update_token)

    def limits(self) -> dict:
        return {"time_limit": self.time_limit, "max_rows": self.max_rows, "max_bytes": self.max_result_bytes,
                "updates": self.updates}


def read_token(token_file: Path | str | None = None, env: Mapping[str, str] | None = None) -> tuple[str, list[str]]:
    """The update token from ``token_file`` (its first line) or else the environment variable
    ``POLICY_KG_UPDATE_TOKEN``, and warnings (a file others may read). Raises PolicyKGError
    when there is none or it is shorter than 16 characters."""
    env = os.environ if env is None else env
    warnings = []
    if token_file is not None:
        path = Path(token_file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PolicyKGError(f"{path}: cannot read the token file: {getattr(exc, 'strerror', None) or exc}",
                                hint="give a text file whose first line is the token") from exc
        token = text.strip().splitlines()[0].strip() if text.strip() else ""
        try:
            if path.stat().st_mode & 0o077:
                warnings.append(f"{path} may be read by other users (hint: chmod 600 {path})")
        except OSError:  # pragma: no cover
            pass
        source = str(path)
    else:
        token = (env.get("POLICY_KG_UPDATE_TOKEN") or "").strip()
        source = "POLICY_KG_UPDATE_TOKEN"
    if not token:
        raise PolicyKGError("--allow-update needs a token, and none was given",
                            hint="pass --token-file FILE or set POLICY_KG_UPDATE_TOKEN; make one with "
                                 "python -c 'import secrets; print(secrets.token_urlsafe(32))'")
    if len(token) < 16 or any(c.isspace() for c in token):
        raise PolicyKGError(f"the update token from {source} is too short or has spaces (at least 16 characters)",
                            hint="make one with python -c 'import secrets; print(secrets.token_urlsafe(32))'")
    return token, warnings


_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


class SparqlHandler(BaseHTTPRequestHandler):
    server_version = "policy-kg"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 20  # seconds a read from the client may block; see also ServerConfig.request_timeout

    # -- plumbing ------------------------------------------------------------

    @property
    def config(self) -> ServerConfig:
        return self.server.config  # type: ignore[attr-defined]

    def setup(self) -> None:
        self.timeout = self.config.request_timeout
        super().setup()

    def handle_one_request(self) -> None:
        # the whole request (request line, headers, body) must arrive within request_timeout;
        # the server's watchdog closes the connection otherwise (a slow client holds no thread for long)
        self.server.set_deadline(self.connection, self.config.request_timeout)  # type: ignore[attr-defined]
        try:
            super().handle_one_request()
        finally:
            self.server.set_deadline(self.connection, None)  # type: ignore[attr-defined]

    def _request_read(self) -> None:
        """The request has arrived: from here on the time limit of the query applies, not the watchdog's."""
        self.server.set_deadline(self.connection, None)  # type: ignore[attr-defined]

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        if not self.config.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _cors_headers(self) -> dict[str, str]:
        origins = self.config.cors_origins
        origin = self.headers.get("Origin") if getattr(self, "headers", None) else None
        if not origins or not origin:
            return {}
        if "*" in origins:
            return {"Access-Control-Allow-Origin": "*",
                    "Access-Control-Expose-Headers": "X-Result-Truncated, X-SPARQL-MaxRows, X-Result-MaxBytes, "
                                                     "X-Query-Time"}
        if origin in origins:
            return {"Access-Control-Allow-Origin": origin, "Vary": "Origin",
                    "Access-Control-Expose-Headers": "X-Result-Truncated, X-SPARQL-MaxRows, X-Result-MaxBytes, "
                                                     "X-Query-Time"}
        return {}

    def _send(self, status: int, body: bytes, content_type: str, headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        merged = {**SECURITY_HEADERS, "Content-Security-Policy": OTHER_CSP,
                  "Cross-Origin-Resource-Policy": "cross-origin" if self.config.cors_origins else "same-origin",
                  **self._cors_headers(), **(headers or {})}
        vary = [v for v in ((headers or {}).get("Vary"), self._cors_headers().get("Vary")) if v]
        if vary:
            merged["Vary"] = ", ".join(vary)
        for k, v in merged.items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _wants_html(self) -> bool:
        ranges = parse_accept(self.headers.get("Accept")) if getattr(self, "headers", None) else []
        if "text/html" not in ranges:
            return False
        return "text/plain" not in ranges or ranges.index("text/html") < ranges.index("text/plain")

    def _error(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        headers = {"Cache-Control": "no-store", **(headers or {})}
        if self._wants_html():
            return self._send(status, error_page(status, message).encode("utf-8"), "text/html; charset=utf-8",
                              {"Content-Security-Policy": PAGE_CSP, **headers})
        body = f"error: {' '.join(message.split())}\n".encode("utf-8")
        self._send(status, body, "text/plain; charset=utf-8", headers)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors raised by http.server itself (bad request line, long URL, unknown method): the same
        one line of text (or page), the same headers as every other response."""
        self.close_connection = True
        if not hasattr(self, "headers"):
            self.headers = None  # type: ignore[assignment]  # the request line itself was bad
        if not getattr(self, "command", None):
            self.command = "GET"
        if not hasattr(self, "request_version"):
            self.request_version = "HTTP/1.0"
        try:
            self._error(code, message or self.responses.get(code, ("error",))[0])
        except OSError:  # the client is gone
            pass

    def _html(self, text: str, status: int = 200) -> None:
        self._send(status, text.encode("utf-8"), "text/html; charset=utf-8",
                   {"Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-store"})

    def _host_ok(self) -> bool:
        """The Host header names this server (a guard against DNS rebinding when on loopback)."""
        allowed = self.config.allowed_hosts
        host = self.headers.get("Host")
        if allowed is None or host is None:
            return True
        name = host.strip().lower()
        if name.startswith("["):
            name = name[: name.find("]") + 1]
        elif name.count(":") == 1:
            name = name.split(":")[0]
        if name in allowed:
            return True
        self._error(403, f"unexpected Host header {host!r}: this server answers to {', '.join(sorted(allowed))} only "
                         f"(hint: open it as http://127.0.0.1:{self.server.server_address[1]}/)")  # type: ignore[attr-defined]
        return False

    # -- methods ---------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802
        self._request_read()
        if not self._host_ok():
            return
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
                                         limits=self.config.limits()))
        if path == "/sparql":
            if "update" in params:
                if self.config.updates:
                    return self._error(405, "SPARQL Update must be sent by POST", {"Allow": "POST"})
                return self._error(403, "SPARQL Update is refused: this endpoint is read-only")
            return self._protocol(params)
        if path in ("/query", "/query/", "/queries", "/queries/"):
            return self._html(queries_page())
        if path.startswith("/query/"):
            return self._named(path[len("/query/"):], params)
        if path.startswith("/queries/") and path.endswith(".rq"):
            nq = named_queries().get(path[len("/queries/"):-3])
            if nq is None:
                return self._error(404, f"no named query {path}")
            return self._send(200, nq.text.encode("utf-8"), "application/sparql-query; charset=utf-8")
        if path == "/files":
            return self._send(301, b"", "text/plain; charset=utf-8", {"Location": "/files/"})
        if path.startswith("/files/"):
            return self._file(path[len("/files/"):])
        return self._error(404, f"nothing at {path}; see / for the query page")

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_OPTIONS(self) -> None:  # noqa: N802
        """CORS preflight (with --cors-origin), else just the allowed methods."""
        self._request_read()
        headers = {"Allow": "GET, HEAD, POST, OPTIONS"}
        cors = self._cors_headers()
        if cors:
            allowed = "Content-Type, Accept" + (", Authorization" if self.config.updates else "")
            headers.update(cors)
            headers.update({"Access-Control-Allow-Methods": "GET, POST", "Access-Control-Allow-Headers": allowed,
                            "Access-Control-Max-Age": "600"})
        self._send(204, b"", "text/plain; charset=utf-8", headers)

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        length = self.headers.get("Content-Length")
        if url.path != "/sparql":
            self.close_connection = True  # the body is not read
            self._request_read()
            return self._error(404 if url.path not in ("/", "/index.html") else 405, f"POST to {url.path}: use /sparql")
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self._request_read()
            return self._error(411, "a POST needs a Content-Length (chunked bodies are not read)")
        if length is None:
            self.close_connection = True
            self._request_read()
            return self._error(411, "a POST needs a Content-Length")
        try:
            n = int(length)
        except ValueError:
            n = -1
        if n < 0:
            self.close_connection = True
            self._request_read()
            return self._error(400, "bad Content-Length")
        if n > self.config.max_body:
            self.close_connection = True
            self._request_read()
            return self._error(413, f"the request body ({n} bytes) is larger than the limit of {self.config.max_body} "
                                    "bytes (hint: send a shorter query, or start the server with a larger --max-body)")
        body = self.rfile.read(n)
        self._request_read()
        if len(body) < n:
            self.close_connection = True
            return self._error(400, "the request body ended before its Content-Length")
        if not self._host_ok():
            return
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
                if "query" in form:
                    return self._error(400, "a form with both a query and an update")
                if len(form["update"]) > 1:
                    return self._error(400, "more than one update parameter")
                return self._update(form["update"][0], params)
            if "query" not in form:
                return self._error(400, "the form has no query field")
            return self._protocol(params)
        if ctype == "application/sparql-query":
            params["query"] = [text]
            return self._protocol(params)
        if ctype == "application/sparql-update":
            return self._update(text, params)
        return self._error(415, f"unsupported Content-Type {ctype or '(none)'}: send application/sparql-query, "
                                "application/sparql-update or application/x-www-form-urlencoded")

    def do_PUT(self) -> None:  # noqa: N802
        self._request_read()
        self.close_connection = True
        self._error(405, "PUT, DELETE and PATCH are not supported here (the Graph Store Protocol is not served)",
                    {"Allow": "GET, HEAD, POST, OPTIONS"})

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    # -- SPARQL ------------------------------------------------------------------

    def _authorised(self) -> bool:
        """The request carries ``Authorization: Bearer <the update token>`` (compared in constant time)."""
        token = self.config.update_token or ""
        scheme, _, given = (self.headers.get("Authorization") or "").strip().partition(" ")
        ok = bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(
            given.strip().encode("utf-8"), token.encode("utf-8"))
        if not ok:
            what = "no" if not scheme else "a wrong"
            self._error(401, f"SPARQL Update needs the update token, and {what} token was given "
                             "(hint: send the header Authorization: Bearer <token>)",
                        {"WWW-Authenticate": 'Bearer realm="policy-kg", error="invalid_token"' if scheme
                         else 'Bearer realm="policy-kg"'})
        return ok

    def _update(self, text: str, params: Mapping[str, list[str]]) -> None:
        if not self.config.updates:
            return self._error(403, "SPARQL Update is refused: this endpoint is read-only "
                                    "(hint: start it with --allow-update and a token to accept updates)")
        if not self._authorised():
            return
        if params.get("using-graph-uri") or params.get("using-named-graph-uri"):
            return self._error(400, "using-graph-uri and using-named-graph-uri are not supported: "
                                    "write USING / WITH in the update instead")
        try:
            check_update(text)
        except QueryRefused as exc:
            return self._error(403, exc.one_line())
        except QueryError as exc:
            return self._error(400, exc.one_line())
        started = time.monotonic()
        try:
            reply = self.server.pool.update(text)  # type: ignore[attr-defined]
        except QueryTimeout as exc:
            return self._error(503, exc.one_line(), {"Retry-After": "1"})
        except ServerBusy as exc:
            return self._error(503, exc.one_line(), {"Retry-After": "2"})
        if reply[0] == "error":
            return self._error(reply[1], reply[2])
        _, before, after = reply
        body = f"ok: update applied; the store holds {after} quads (before: {before})\n".encode()
        self._send(200, body, "text/plain; charset=utf-8",
                   {"Cache-Control": "no-store", "X-Query-Time": f"{time.monotonic() - started:.3f}"})

    def _protocol(self, params: Mapping[str, list[str]]) -> None:
        if "update" in params:
            return self._error(403, "SPARQL Update is refused here: POST it as update= or application/sparql-update")
        queries = params.get("query")
        if not queries:
            return self._html(query_page(self.config.static_dir, limits=self.config.limits()))
        if len(queries) > 1:
            return self._error(400, "more than one query parameter")
        text = queries[0]
        if self.config.updates and query_form(text) == "UPDATE":
            return self._error(403, "an update was sent as a query: POST it as update= or as "
                                    "application/sparql-update, with the token")
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
            return self._error(404, f"no named query {name!r}; see /queries/ for the list")
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
        request["max_bytes"] = self.config.max_result_bytes
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
            headers["X-Result-Truncated"] = "true"  # and which limit cut it:
            if truncated == "rows":
                headers["X-SPARQL-MaxRows"] = str(self.config.max_rows)
            else:
                headers["X-Result-MaxBytes"] = str(self.config.max_result_bytes)
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
        if root is None or "\x00" in rel:
            return self._error(404, "no such file")
        parts = Path(rel).parts
        if any(p.startswith(".") for p in parts) or Path(rel).is_absolute():
            return self._error(404, "no such file")
        base = Path(root).resolve()
        target = (base / rel).resolve()
        if not target.is_relative_to(base):
            return self._error(404, "no such file")
        if target.is_dir():
            if rel and not rel.endswith("/"):
                return self._send(301, b"", "text/plain; charset=utf-8", {"Location": f"/files/{quote(rel)}/"})
            return self._html(files_page(base, target.relative_to(base).as_posix() if target != base else ""))
        if not target.is_file():
            return self._error(404, "no such file")
        ctype = _STATIC_TYPES.get(target.suffix.lower(), "application/octet-stream")
        headers = {"Cache-Control": "no-cache"}
        if ctype.startswith("text/html"):
            headers["Content-Security-Policy"] = FILE_CSP
        self._send(200, target.read_bytes(), ctype, headers)


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server with its :class:`QueryPool` and configuration; :meth:`close` stops both.

    Beyond ``http.server``: at most ``config.max_connections`` connections at a time (more get
    a 503 at once, without a thread), and a watchdog that closes a connection whose request has
    not fully arrived ``config.request_timeout`` seconds after it began (or after the previous
    response on a kept-alive connection), so slow clients cannot hold threads.
    """

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address, pool: QueryPool, config: ServerConfig, tempdir: tempfile.TemporaryDirectory | None = None):
        self.pool = pool
        self.config = config
        self._tempdir = tempdir
        self._deadlines: dict = {}
        self._dl_lock = threading.Lock()
        self._active = 0
        self._stop = threading.Event()
        super().__init__(address, SparqlHandler)
        self._watchdog = threading.Thread(target=self._watch, daemon=True, name="policy-kg-watchdog")
        self._watchdog.start()

    # -- slow clients and too many connections ------------------------------------

    def set_deadline(self, sock, seconds: float | None) -> None:
        with self._dl_lock:
            if seconds is None:
                self._deadlines.pop(sock, None)
            else:
                self._deadlines[sock] = time.monotonic() + seconds

    def _watch(self) -> None:
        import socket

        while not self._stop.wait(0.25):
            now = time.monotonic()
            with self._dl_lock:
                late = [s for s, t in self._deadlines.items() if t < now]
                for s in late:
                    del self._deadlines[s]
            for s in late:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def process_request(self, request, client_address) -> None:
        with self._dl_lock:
            full = self._active >= self.config.max_connections
            if not full:
                self._active += 1
        if full:
            try:
                request.settimeout(1.0)
                msg = b"error: too many connections; try again in a moment\n"
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                b"Content-Length: " + str(len(msg)).encode() + b"\r\nRetry-After: 1\r\n"
                                b"X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n" + msg)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._dl_lock:
                self._active -= 1
                self._deadlines.pop(request, None)

    # -------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}/"

    def close(self) -> None:
        self._stop.set()
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
    max_result_bytes: int = 16 << 20,
    workers: int = 2,
    quiet: bool = False,
    allow_update: bool = False,
    update_token: str | None = None,
    cors_origins: Sequence[str] = (),
    max_memory_mb: int = 0,
    request_timeout: float = 20.0,
    max_connections: int = 64,
) -> SparqlServer:
    """A ready server (not yet serving): call ``serve_forever()``, and ``close()`` at the end.

    The graph comes from ``store_dir`` (an Oxigraph store, opened read-only) or else from
    ``data`` (RDF files or build folders; default ``static_dir``), loaded with the vocabulary
    into a temporary store that is removed on :meth:`SparqlServer.close`.

    ``allow_update`` (with ``update_token``, see :func:`read_token`) accepts SPARQL Update by
    POST with ``Authorization: Bearer <token>``; updates change ``store_dir`` for good, or the
    temporary store (gone when the server stops).
    """
    if time_limit <= 0 or max_rows <= 0 or max_body <= 0 or max_result_bytes <= 0:
        raise PolicyKGError("the time limit, row limit, body limit and result size limit must be positive")
    if request_timeout <= 0 or max_connections < 1:
        raise PolicyKGError("the request timeout and the connection limit must be positive")
    if allow_update and not update_token:
        raise PolicyKGError("--allow-update needs a token, and none was given",
                            hint="pass --token-file FILE or set POLICY_KG_UPDATE_TOKEN")
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
        pool = QueryPool(store_path, workers=workers, time_limit=time_limit, writable=allow_update,
                         memory_mb=max_memory_mb)
    except BaseException:
        if tempdir is not None:
            tempdir.cleanup()
        raise
    loopback = host in _LOOPBACK_NAMES or host.startswith("127.")
    config = ServerConfig(static_dir=static, time_limit=time_limit, max_rows=max_rows, max_body=max_body,
                          max_result_bytes=max_result_bytes, quiet=quiet,
                          update_token=update_token if allow_update else None, cors_origins=tuple(cors_origins),
                          allowed_hosts=frozenset({*_LOOPBACK_NAMES, host}) if loopback else None,
                          request_timeout=request_timeout, max_connections=max_connections)
    try:
        return SparqlServer((host, port), pool, config, tempdir)
    except OSError as exc:
        pool.close()
        if tempdir is not None:
            tempdir.cleanup()
        raise PolicyKGError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                            hint="choose another --port, or stop what is using it") from exc


def _worker_cli(argv: Sequence[str]) -> None:  # pragma: no cover - runs in a child process
    """``python -m policy_kg.graph.server --worker STORE_DIR READ_FD WRITE_FD [--writable] [--max-memory MB]``."""
    store_dir, fd_in, fd_out = argv[0], int(argv[1]), int(argv[2])
    rest = list(argv[3:])
    memory = int(rest[rest.index("--max-memory") + 1]) if "--max-memory" in rest else 0
    _worker_main(Connection(fd_in, writable=False), Connection(fd_out, readable=False), store_dir,
                 writable="--writable" in rest, memory_mb=memory)


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "QueryPool", "QueryTimeout", "ServerBusy", "ServerConfig", "SparqlServer",
           "check_update", "choose_format", "fit_result", "list_files", "make_server", "parse_accept", "query_page",
           "read_token", "results_page"]


if __name__ == "__main__":  # pragma: no cover - the worker processes
    if len(sys.argv) >= 5 and sys.argv[1] == "--worker":
        _worker_cli(sys.argv[2:])
    else:
        sys.exit("usage: python -m policy_kg.graph.server --worker STORE_DIR READ_FD WRITE_FD [--writable] "
                 "[--max-memory MB] (started by policy-kg serve)")
