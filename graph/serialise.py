"""Deterministic Turtle, TriG and JSON-LD for a policy-kg dataset.

rdflib's own serialisers follow the store's iteration order in places (TriG graph order,
JSON-LD node and value order), which depends on insertion order and on ``PYTHONHASHSEED``.
Here the quads are sorted first (graphs by IRI, subjects by term, ``rdf:type`` first, then
predicates and objects by term) and handed to Oxigraph's streaming serialiser, which writes
Turtle and TriG in the order given, with the fixed prefixes of
:data:`policy_kg.graph.rdf.PREFIXES`. JSON-LD is built as sorted JSON with a context.
Identical quads give identical bytes.

Blank nodes are not expected (build_dataset never makes one); if present they are written
with their rdflib ids, which are not stable, so the output is then not reproducible.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from policy_kg.io import atomic_write

from .rdf import PREFIXES

Triple = tuple  # (subject, predicate, object) of rdflib terms

# PN_LOCAL subset that needs no escaping: letters, digits, _ and %HH anywhere, - and . inside
_LOCAL_CHAR = r"(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})"
_LOCAL_RE = re.compile(rf"{_LOCAL_CHAR}(?:(?:{_LOCAL_CHAR}|[-.])*(?:{_LOCAL_CHAR}|-))?\Z")
# longest namespace first, so that e.g. id/statement/ wins over a shorter match
_BY_LENGTH = sorted(PREFIXES, key=lambda p: (-len(p[1]), p[0]))
_OX_PREFIXES = dict(PREFIXES)


def term_key(term) -> tuple:
    """Total order on RDF terms: IRIs, then blank nodes, then literals (by text, datatype, language)."""
    if isinstance(term, URIRef):
        return (0, str(term), "", "")
    if isinstance(term, BNode):
        return (1, str(term), "", "")
    return (2, str(term), str(term.datatype or ""), term.language or "")


def _compact(iri: str) -> str | None:
    """``prefix:local`` when a bound namespace covers the IRI and the local part needs no escape."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns):
            local = iri[len(ns):]
            if local == "" or _LOCAL_RE.match(local):
                return f"{prefix}:{local}"
    return None


def _ox(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot write {term!r} as an RDF term")


def _triple_key(t: Triple) -> tuple:
    s, p, o = t
    return (term_key(s), p != RDF.type, term_key(p), term_key(o))


def to_turtle(triples: Iterable[Triple], prefixes: dict[str, str] | None = None) -> str:
    """Triples as Turtle, written by Oxigraph's serialiser in sorted order with the fixed prefixes
    (``prefixes`` adds to them)."""
    ordered = [ox.Triple(_ox(s), _ox(p), _ox(o)) for s, p, o in sorted(set(triples), key=_triple_key)]
    bound = {**_OX_PREFIXES, **prefixes} if prefixes else _OX_PREFIXES
    return ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=bound).decode("utf-8")


def _named_graphs(ds: Dataset) -> list[tuple[URIRef | None, list[Triple]]]:
    """(graph name or None for the default graph, triples) for every non-empty graph, sorted by name."""
    out = []
    for g in ds.graphs():
        triples = list(g.triples((None, None, None)))
        if not triples:
            continue
        name = None if g.identifier == DATASET_DEFAULT_GRAPH_ID else g.identifier
        out.append((name, triples))
    return sorted(out, key=lambda x: (x[0] is not None, term_key(x[0]) if x[0] is not None else ()))


def union_triples(ds: Dataset) -> set[Triple]:
    """The set of triples of all graphs of the dataset (default graph included)."""
    return {t for _, triples in _named_graphs(ds) for t in triples}


def to_trig(ds: Dataset) -> str:
    """The dataset as TriG (default graph first, then named graphs by IRI), written by Oxigraph."""
    quads = []
    for name, triples in _named_graphs(ds):
        graph = ox.DefaultGraph() if name is None else _ox(name)
        quads.extend(ox.Quad(_ox(s), _ox(p), _ox(o), graph) for s, p, o in sorted(set(triples), key=_triple_key))
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_OX_PREFIXES).decode("utf-8")


# ---------------------------------------------------------------------------
# JSON-LD

JSONLD_CONTEXT: dict[str, str] = {p: ns for p, ns in PREFIXES}


def _jsonld_iri(iri: str) -> str:
    return _compact(iri) or iri


def _jsonld_value(term) -> dict:
    if isinstance(term, URIRef):
        return {"@id": _jsonld_iri(str(term))}
    if isinstance(term, BNode):
        return {"@id": f"_:{term}"}
    out: dict = {"@value": str(term)}
    if term.language:
        out["@language"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        out["@type"] = _jsonld_iri(str(term.datatype))
    return out


def _jsonld_nodes(triples: Iterable[Triple]) -> list[dict]:
    by_subject: dict = defaultdict(lambda: defaultdict(set))
    for s, p, o in triples:
        by_subject[s][p].add(o)
    nodes = []
    for s in sorted(by_subject, key=term_key):
        node: dict = {"@id": _jsonld_value(s)["@id"]}
        for p in sorted(by_subject[s], key=term_key):
            objs = sorted(by_subject[s][p], key=term_key)
            if p == RDF.type and all(isinstance(o, URIRef) for o in objs):
                node["@type"] = [_jsonld_iri(str(o)) for o in objs]
            else:
                node[_jsonld_iri(str(p))] = [_jsonld_value(o) for o in objs]
        nodes.append(node)
    return nodes


def to_jsonld(ds: Dataset) -> str:
    """The dataset as JSON-LD 1.1: a context of the fixed prefixes and a top-level ``@graph``
    holding the default graph's nodes and one ``{"@id": graph, "@graph": [...]}`` per named graph.
    Keys are sorted, every value is an array, literals are value objects (exact round trip)."""
    top: list[dict] = []
    for name, triples in _named_graphs(ds):
        if name is None:
            top.extend(_jsonld_nodes(triples))
        else:
            top.append({"@id": _jsonld_iri(str(name)), "@graph": _jsonld_nodes(triples)})
    doc = {"@context": JSONLD_CONTEXT, "@graph": top}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# ---------------------------------------------------------------------------


def write_rdf(ds: Dataset, out_dir: Path) -> list[Path]:
    """Write ``graph.ttl`` (union of all graphs), ``graph.trig`` and ``graph.jsonld`` (named graphs).

    Each file is written atomically; the bytes depend only on the dataset's quads.
    Returns the three paths in that order.
    """
    out_dir = Path(out_dir)
    return [
        atomic_write(out_dir / "graph.ttl", to_turtle(union_triples(ds))),
        atomic_write(out_dir / "graph.trig", to_trig(ds)),
        atomic_write(out_dir / "graph.jsonld", to_jsonld(ds)),
    ]


def graph_from_triples(triples: Iterable[Triple]) -> Graph:
    """A plain rdflib Graph of the given triples (for comparisons and tests)."""
    g = Graph()
    for t in triples:
        g.add(t)
    return g


__all__ = ["JSONLD_CONTEXT", "graph_from_triples", "term_key", "to_jsonld", "to_trig", "to_turtle", "union_triples", "write_rdf"]
