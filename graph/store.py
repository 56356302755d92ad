"""The embedded triple store: Oxigraph (pyoxigraph), in memory or in a directory.

A store holds the dataset of a build: one named graph per source document, as in
``graph.trig``. Queries see the union of all graphs as their default graph
(:func:`policy_kg.graph.query.execute` asks for that), so a plain ``{ ?s ?p ?o }`` finds
every fact.

* :func:`open_store` - in memory (``path=None``) or a directory, created when missing;
  ``read_only=True`` opens an existing directory without write access (the server's
  query workers do that);
* :func:`load` - RDF files into a store with Oxigraph's bulk loader, the format taken from
  the file name (``.trig``, ``.ttl``, ``.nq``, ``.nt``, ``.jsonld``, ``.rdf``, ``.n3``);
* :func:`data_files` - which file of a build's output folder to load (``graph.trig`` first);
* :func:`load_dataset` - an rdflib Dataset/Graph or an iterable of quads into a store;
* :func:`dump` - a store to a file, quads sorted so that the same content gives the same bytes;
* :func:`load_ontology` - the vocabulary (``ontology/policy-kg.ttl``) as its own named graph;
* :func:`fill_store_dir` - (re)build a persistent store directory from files (``build --store``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from policy_kg.errors import PolicyKGError

#: file suffix -> Oxigraph format
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}
_QUAD_FORMATS = {ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD}

#: the files of a build's output folder, in order of preference (each holds the whole graph)
BUILD_GRAPH_FILES = ("graph.trig", "graph.nq", "graph.jsonld", "graph.ttl")


class StoreError(PolicyKGError):
    """A store cannot be opened, loaded or dumped."""


def rdf_format(path: Path, format: str | ox.RdfFormat | None = None) -> ox.RdfFormat:  # noqa: A002
    """The Oxigraph format named by ``format`` (a suffix such as ``ttl`` or an RdfFormat), else by the file name."""
    if isinstance(format, ox.RdfFormat):
        return format
    suffix = f".{format.lstrip('.').lower()}" if format else Path(path).suffix.lower()
    if suffix == ".turtle":
        suffix = ".ttl"
    fmt = RDF_FORMATS.get(suffix)
    if fmt is None:
        raise StoreError(f"{path}: unknown RDF format {suffix or '(no suffix)'!r}",
                         hint=f"use one of {', '.join(sorted(RDF_FORMATS))}")
    return fmt


def is_store_dir(path: Path) -> bool:
    """True when ``path`` is a directory that holds an Oxigraph (RocksDB) store."""
    path = Path(path)
    return (path / "CURRENT").is_file() and any(path.glob("MANIFEST-*"))


def check_store_dir(path: Path | str) -> Path:
    """``path`` if a store may be created or replaced there: missing, empty, or already a store."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise StoreError(f"{p}: not a directory", hint="--store takes a directory for the Oxigraph database")
    if p.is_dir() and any(p.iterdir()) and not is_store_dir(p):
        raise StoreError(f"{p}: the directory is not empty and holds no Oxigraph store",
                         hint="give an empty or new directory, or one made by `policy-kg build --store`")
    return p


def open_store(path: Path | str | None = None, *, read_only: bool = False) -> ox.Store:
    """An Oxigraph store: in memory when ``path`` is None, else the store in directory ``path``.

    A missing directory is created (unless ``read_only``). A directory that exists, is not
    empty and is not a store is refused, so that a mistyped path never fills a folder of
    documents with database files.
    """
    if path is None:
        if read_only:
            raise StoreError("a read-only store needs a directory", hint="pass --store DIR")
        return ox.Store()
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise StoreError(f"{p}: not a directory", hint="--store takes a directory for the Oxigraph database")
    if read_only:
        if not is_store_dir(p):
            raise StoreError(f"{p}: no Oxigraph store in this directory",
                             hint="create one with `policy-kg build --store DIR`")
    else:
        check_store_dir(p)
    try:
        return ox.Store.read_only(str(p)) if read_only else ox.Store(str(p))
    except OSError as exc:
        raise StoreError(f"{p}: cannot open the store: {exc}",
                         hint="is another process writing to it? close it or use another directory") from exc


def data_files(source: Path | str) -> list[Path]:
    """The RDF files to load for ``source``: the file itself, or for a build's output folder
    its ``graph.trig`` (else ``graph.nq``, ``graph.jsonld``, ``graph.ttl``; each holds the whole graph)."""
    p = Path(source)
    if p.is_file():
        return [p]
    if p.is_dir():
        for name in BUILD_GRAPH_FILES:
            if (p / name).is_file():
                return [p / name]
        raise StoreError(f"{p}: no graph file in this folder (looked for {', '.join(BUILD_GRAPH_FILES)})",
                         hint="run `policy-kg build` first, or pass --data FILE")
    raise StoreError(f"{p}: no such file or folder", hint="run `policy-kg build` first, or pass --data FILE_OR_DIR")


def load(store: ox.Store, files: Iterable[Path | str], *, format: str | None = None) -> int:  # noqa: A002
    """Bulk-load RDF ``files`` into ``store``; returns the number of quads added.

    Quads of TriG/N-Quads/JSON-LD keep their graphs; triples of Turtle/N-Triples/RDF-XML
    go to the default graph. A parse error is a :class:`StoreError` naming the file.
    """
    before = len(store)
    for f in files:
        path = Path(f)
        fmt = rdf_format(path, format)
        if not path.is_file():
            raise StoreError(f"{path}: no such file", hint="run `policy-kg build` first")
        try:
            store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as exc:
            raise StoreError(f"{path}: not valid {fmt.name}: {' '.join(str(exc).split())}",
                             hint="check the file, or name its format with the right suffix") from exc
        except (OSError, ValueError) as exc:
            raise StoreError(f"{path}: cannot load: {exc}") from exc
    return len(store) - before


#: the named graph that holds the vocabulary (ontology/policy-kg.ttl) in a store
ONTOLOGY_GRAPH = "https://w3id.org/policy-kg/def"


def load_ontology(store: ox.Store) -> int:
    """Add the project's vocabulary (class and property labels, genre concepts) as the named
    graph ``https://w3id.org/policy-kg/def``; returns the number of quads added."""
    from policy_kg.ontology import ONTOLOGY_PATH

    before = len(store)
    store.bulk_load(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    return len(store) - before


def load_source(store: ox.Store, sources: Iterable[Path | str], *, ontology: bool = True) -> int:
    """Load each source (an RDF file, or a build's output folder: see :func:`data_files`) and,
    with ``ontology``, the vocabulary. Returns the number of quads added."""
    n = 0
    for source in sources:
        n += load(store, data_files(source))
    if ontology:
        n += load_ontology(store)
    return n


def _ox_term(term):
    """An rdflib term (or a pyoxigraph term, passed through) as a pyoxigraph term."""
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal, ox.DefaultGraph)):
        return term
    from .serialise import _ox

    return _ox(term)


def _graph_term(g):
    if g is None:
        return ox.DefaultGraph()
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, Graph

    if isinstance(g, Graph):
        g = g.identifier
    if g == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    return _ox_term(g)


def _iter_quads(data) -> Iterable[ox.Quad]:
    from rdflib import Dataset, Graph
    from rdflib.graph import ConjunctiveGraph

    if isinstance(data, (Dataset, ConjunctiveGraph)):
        for s, p, o, g in data.quads((None, None, None, None)):
            yield ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), _graph_term(g))
    elif isinstance(data, Graph):
        for s, p, o in data.triples((None, None, None)):
            yield ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), ox.DefaultGraph())
    else:
        for q in data:
            if isinstance(q, ox.Quad):
                yield q
            elif len(q) == 4:
                yield ox.Quad(_ox_term(q[0]), _ox_term(q[1]), _ox_term(q[2]), _graph_term(q[3]))
            else:
                yield ox.Quad(_ox_term(q[0]), _ox_term(q[1]), _ox_term(q[2]), ox.DefaultGraph())


def load_dataset(store: ox.Store, data) -> int:
    """Add an rdflib Dataset (its named graphs kept), an rdflib Graph (into the default graph)
    or an iterable of quads (pyoxigraph Quads or rdflib 3-/4-tuples) with the bulk loader.
    Returns the number of quads added."""
    before = len(store)
    store.bulk_extend(_iter_quads(data))
    return len(store) - before


def _term_key(term) -> tuple:
    if isinstance(term, ox.DefaultGraph):
        return (0, "", "", "")
    if isinstance(term, ox.NamedNode):
        return (1, term.value, "", "")
    if isinstance(term, ox.BlankNode):
        return (2, term.value, "", "")
    if isinstance(term, ox.Literal):
        return (3, term.value, term.datatype.value, term.language or "")
    return (4, str(term), "", "")


def sorted_quads(store: ox.Store) -> list[ox.Quad]:
    """Every quad of the store, sorted by graph, subject, predicate, object (a stable order)."""
    return sorted(store, key=lambda q: (_term_key(q.graph_name), _term_key(q.subject),
                                        _term_key(q.predicate), _term_key(q.object)))


def dump(store: ox.Store, path: Path | str, format: str | None = None) -> Path:  # noqa: A002
    """Write the store to ``path`` (format from ``format`` or the suffix) and return the path.

    TriG, N-Quads and JSON-LD keep the named graphs; Turtle, N-Triples, RDF/XML and N3 get
    the union of all graphs (each triple once). Quads are sorted first, so the same content
    always gives the same bytes. The file is written atomically.
    """
    from policy_kg.io import atomic_write

    from .rdf import PREFIXES

    out = Path(path)
    fmt = rdf_format(out, format)
    quads = sorted_quads(store)
    if fmt in _QUAD_FORMATS:
        items: Sequence = quads
    else:
        seen = set()
        items = []
        for q in sorted(quads, key=lambda q: (_term_key(q.subject), _term_key(q.predicate), _term_key(q.object))):
            t = ox.Triple(q.subject, q.predicate, q.object)
            if t not in seen:
                seen.add(t)
                items.append(t)
    prefixes = dict(PREFIXES) if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3) else None
    data = ox.serialize(items, format=fmt, prefixes=prefixes) if prefixes else ox.serialize(items, format=fmt)
    return atomic_write(out, data)


def fill_store_dir(path: Path | str, files: Iterable[Path | str], *, ontology: bool = True) -> int:
    """Make the store in directory ``path`` hold exactly the content of ``files`` (it is emptied
    first), plus the vocabulary with ``ontology``. Returns the number of quads; the store is
    flushed and closed on return."""
    store = open_store(path)
    try:
        store.clear()
        n = load(store, files)
        if ontology:
            n += load_ontology(store)
        store.flush()
        store.optimize()
        return n
    finally:
        del store


__all__ = ["BUILD_GRAPH_FILES", "ONTOLOGY_GRAPH", "RDF_FORMATS", "StoreError", "check_store_dir", "data_files", "dump", "fill_store_dir",
           "is_store_dir", "load", "load_dataset", "load_ontology", "load_source", "open_store", "rdf_format", "sorted_quads"]
