"""graph/remote.py without a server: what names an endpoint, one-line errors, chunking of updates."""

from __future__ import annotations

import socket

import pytest
from policy_kg.graph.remote import RemoteStore, RemoteStoreError, _chunks, is_endpoint

from policy_kg.errors import PolicyKGError


@pytest.mark.parametrize("value, expected", [
    ("http://localhost:8890/sparql", True),
    ("https://example.org/ds/update", True),
    ("HTTP://EXAMPLE.ORG/sparql", True),
    ("/tmp/store", False),
    ("store", False),
    ("file:///tmp/store", False),
    ("http://", False),
    ("ftp://example.org/sparql", False),
])
def test_remote_is_endpoint(value, expected):
    assert is_endpoint(value) is expected


@pytest.mark.parametrize("kwargs", [{"url": "localhost:8890/sparql"}, {"url": "/tmp/x"},
                                    {"url": "http://h/sparql", "gsp_url": "store"}])
def test_remote_bad_url_is_one_line_error(kwargs):
    with pytest.raises(RemoteStoreError) as err:
        RemoteStore(**kwargs)
    assert isinstance(err.value, PolicyKGError)
    assert "not an http(s) URL" in err.value.message and err.value.hint


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: nothing listens there


@pytest.mark.parametrize("call", ["graphs", "replace", "drop"])
def test_remote_refused_connection(call):
    store = RemoteStore(f"http://127.0.0.1:{_closed_port()}/sparql", timeout=5)
    with pytest.raises(RemoteStoreError) as err:
        if call == "graphs":
            store.graphs()
        elif call == "replace":
            store.replace_graph("https://w3id.org/policy-kg/graph/x", b'<urn:a> <urn:p> "1" .\n')
        else:
            store.drop_graph("https://w3id.org/policy-kg/graph/x")
    assert "connection refused" in err.value.message
    assert "running" in err.value.hint
    assert "\n" not in err.value.one_line()


@pytest.mark.parametrize("iri", ["", "no-scheme", "http://a b", "http://x/<y>"])
def test_remote_bad_graph_iri(iri):
    with pytest.raises(RemoteStoreError):
        RemoteStore("http://127.0.0.1:1/sparql").drop_graph(iri)


def test_remote_chunks_respect_limit_and_keep_blank_nodes_together():
    lines = [f'<urn:s{i}> <urn:p> "{"x" * 50}" .' for i in range(100)]
    lines[10] = '<urn:s> <urn:p> _:b1 .'
    lines[90] = '_:b1 <urn:q> _:b2 .'
    lines[95] = '_:b2 <urn:r> "_:notanode" .'
    chunks = list(_chunks(lines, 1024))
    assert len(chunks) > 5
    assert sorted(ln for c in chunks for ln in c.split("\n")) == sorted(lines)
    holding = [c for c in chunks if "_:b" in c]
    assert len(holding) == 1 and all(lines[i] in holding[0] for i in (10, 90, 95))
    assert all(len(c.encode()) <= 1024 for c in chunks if c is not holding[0])
