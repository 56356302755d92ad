"""graph/remote.py against a real SPARQL store: OpenLink Virtuoso 7 started on loopback.

The server runs in a temporary folder with a generated virtuoso.ini (ISQL and HTTP on free
loopback ports), the anonymous SPARQL user is granted SPARQL_UPDATE through isql, and the
seeds' named graphs (exports/graph.trig) are written, read back and compared graph by graph.
Skipped only when ``virtuoso-t`` is not installed (Debian: virtuoso-opensource-7-bin).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest
from policy_kg.graph.remote import RemoteStore, RemoteStoreError
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

ROOT = Path(__file__).resolve().parents[2]
TRIG = ROOT / "exports" / "graph.trig"
VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql-v")

pytestmark = pytest.mark.skipif(VIRTUOSO is None, reason="virtuoso-t is not installed (apt-get install virtuoso-opensource-7-bin)")

INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql}
ServerThreads = 10
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {d}
DefaultIsolation = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 5
MaxClientConnections = 5
EnabledDavVSP = 0
HTTPProxyEnabled = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "?" + urllib.parse.urlencode({"query": "ASK {}"}), timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """Base URL of a running Virtuoso whose /sparql accepts updates; stopped after the module."""
    d = tmp_path_factory.mktemp("virtuoso")
    isql_port, http_port = _free_port(), _free_port()
    (d / "virtuoso.ini").write_text(INI.format(d=d, isql=isql_port, http=http_port), encoding="utf-8")
    proc = subprocess.Popen([VIRTUOSO, "-f", "-c", str(d / "virtuoso.ini")], cwd=d,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 60
        while not _answers(base + "/sparql"):
            if proc.poll() is not None or time.monotonic() > deadline:
                log = (d / "virtuoso.log").read_text(errors="replace")[-2000:] if (d / "virtuoso.log").exists() else ""
                pytest.fail(f"Virtuoso did not come up on {base}: {log}")
            time.sleep(0.3)
        if ISQL:  # let the anonymous SPARQL user run updates on /sparql
            subprocess.run([ISQL, f"127.0.0.1:{isql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                           check=True, capture_output=True, timeout=30)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def seed_graphs() -> dict[str, bytes]:
    """Named graph IRI -> its triples as N-Triples, from the seeds' exports/graph.trig."""
    ds = Dataset()
    ds.parse(TRIG, format="trig")
    out = {}
    for g in ds.graphs():
        if len(g) and g.identifier != DATASET_DEFAULT_GRAPH_ID:
            out[str(g.identifier)] = g.serialize(format="nt", encoding="utf-8")
    assert len(out) >= 5, "exports/graph.trig should hold a named graph per seed document at least"
    return out


def _graph(nt: bytes) -> Graph:
    return Graph().parse(data=nt.decode("utf-8"), format="nt")


XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {URIRef(XSD + t) for t in ("integer", "decimal", "nonNegativeInteger", "positiveInteger", "int", "long")}
_DATES = {URIRef(XSD + t) for t in ("gYear", "gYearMonth", "date", "dateTime")}


def _as_virtuoso_stores(g: Graph) -> Graph:
    """Map each typed literal to the value Virtuoso 7.2 keeps for it, so that what comes back can be
    compared with what was sent; every other term is compared exactly.

    Virtuoso stores xsd numbers and dates as native SQL values and shares one stored value
    between literals that are equal as such values, whichever request or graph wrote them first.
    So a big xsd:integer may come back as xsd:decimal with the same digits, and an xsd:gYearMonth
    "2025-01" as the xsd:gYear "2025" written earlier in the same load (both are 2025-01-01 to
    it). Which literal wins depends on the order of the load, so the test compares numbers by
    value and dates by the day they start on. policy-kg keeps the exact text of every date and
    amount in dcterms:identifier as a plain string, which Virtuoso returns unchanged."""
    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype in _NUMERIC:
            o = Literal(str(Decimal(str(o)).normalize()), datatype=URIRef("urn:x-test:number"))
        elif isinstance(o, Literal) and o.datatype in _DATES:
            text = str(o)
            day = {4: text + "-01-01", 7: text + "-01"}.get(len(text), text[:10])  # 2025, 2025-01, 2025-01-31...
            o = Literal(day, datatype=URIRef("urn:x-test:day"))
        out.add((s, p, o))
    return out


def _stores(base: str):
    auth = {"user": "dba", "password": "dba"}
    return {
        # SPARQL Update in small chunks on the anonymous endpoint (granted SPARQL_UPDATE) ...
        "update": RemoteStore(base + "/sparql", chunk_bytes=64 * 1024) if ISQL else
        RemoteStore(base + "/sparql-auth", chunk_bytes=64 * 1024, **auth),
        # ... and the Graph Store Protocol on the authenticated endpoint (Digest)
        "gsp": RemoteStore(base + "/sparql-auth", gsp_url=base + "/sparql-graph-crud-auth", **auth),
    }


@pytest.mark.parametrize("mode", ["update", "gsp"])
def test_remote_virtuoso_round_trip(virtuoso, seed_graphs, mode):
    """Every seed graph written, read back isomorphic; writing again replaces, never appends."""
    store = _stores(virtuoso)[mode]
    for iri, nt in seed_graphs.items():
        store.replace_graph(iri, nt)
    store.replace_graph(next(iter(seed_graphs)), next(iter(seed_graphs.values())))  # twice: still one copy
    assert set(seed_graphs) <= store.graphs()
    for iri, nt in seed_graphs.items():
        back = _as_virtuoso_stores(_graph(store.construct_graph(iri)))
        want = _as_virtuoso_stores(_graph(nt))
        assert len(back) == len(want), iri
        assert isomorphic(back, want), (iri, sorted(set(back) ^ set(want))[:4])


def test_remote_virtuoso_drop_graph(virtuoso, seed_graphs):
    store = _stores(virtuoso)["update"]
    iri, nt = max(seed_graphs.items())
    store.replace_graph(iri, nt)
    assert iri in store.graphs()
    store.drop_graph(iri)
    assert iri not in store.graphs()
    assert len(_graph(store.construct_graph(iri))) == 0
    store.drop_graph(iri)  # dropping what is not there is no error


def test_remote_virtuoso_replace_with_fewer_triples(virtuoso):
    store = _stores(virtuoso)["gsp"]
    iri = "https://w3id.org/policy-kg/graph/test-replace"
    store.replace_graph(iri, b'<urn:a> <urn:p> "1" .\n<urn:a> <urn:p> "2" .\n')
    store.replace_graph(iri, '<urn:a> <urn:p> "één" .\n'.encode())
    back = _graph(store.construct_graph(iri))
    assert sorted(str(o) for o in back.objects()) == ["één"]
    store.drop_graph(iri)


def test_remote_virtuoso_unauthorised(virtuoso):
    """The authenticated endpoint without credentials: a one-line error that says what to do."""
    store = RemoteStore(virtuoso + "/sparql-auth")
    with pytest.raises(RemoteStoreError) as err:
        store.replace_graph("https://w3id.org/policy-kg/graph/x", b'<urn:a> <urn:p> "1" .\n')
    assert "401" in err.value.message and "password" in (err.value.hint or "")
    assert "\n" not in err.value.one_line()
