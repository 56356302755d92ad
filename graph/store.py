"""The embedded triple store: Oxigraph (pyoxigraph), in memory or in a directory.

A store holds the dataset of a build: one named graph per source document, as in
``graph.trig``, and a default graph that holds the merge of all graphs, each triple once
(:func:`merge_default_graph`), so a plain ``{ ?s ?p ?o }`` finds every fact once.
:func:`policy_kg.graph.query.execute` queries that default graph; on a store without it (made
by an older version) it falls back to Oxigraph's union of the graphs, which is a multiset: a
triple held in k named graphs (an entity's type and label, repeated in every document graph
that mentions it) matches k times, and joins multiply those counts.

* :func:`open_store` - in memory (``path=None``) or a directory, created when missing;
  ``read_only=True`` opens an existing directory without write access (the server's
  query workers do that);
* :func:`load` - RDF files into a store with Oxigraph's bulk loader, the format taken from
  the file name (``.trig``, ``.ttl``, ``.nq``, ``.nt``, ``.jsonld``, ``.rdf``, ``.n3``);
* :func:`data_files` - which file of a build's output folder to load (``graph.trig`` first);
* :func:`load_dataset` - an rdflib Dataset/Graph or an iterable of quads into a store;
* :func:`dump` - a store to a file, quads sorted so that the same content gives the same bytes;
* :func:`load_ontology` - the vocabulary (``ontology/policy-kg.ttl``) as its own named graph;
* :func:`fill_store_dir` - (re)build a persistent store directory from files (``build --store``);
* :func:`merge_default_graph` / :func:`unmerge_default_graph` / :func:`has_merged_default` -
  the merged default graph. Every loader here ends with :func:`merge_default_graph`; a writer
  that also removes data (``build --store``, a SPARQL update) calls :func:`unmerge_default_graph`
  first and :func:`merge_default_graph` after.
"""

from __future__ import annotations

import itertools
import os
import re
import tempfile
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


def load(store: ox.Store, files: Iterable[Path | str], *, format: str | None = None,  # noqa: A002
         merge: bool = True) -> int:
    """Bulk-load RDF ``files`` into ``store``; returns the number of quads added (those of the
    merged default graph included).

    Quads of TriG/N-Quads/JSON-LD keep their graphs; triples of Turtle/N-Triples/RDF-XML
    go to the default graph. With ``merge`` the default graph then gets every triple of the
    named graphs (:func:`merge_default_graph`). A parse error is a :class:`StoreError` naming the file.
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
    if merge:
        merge_default_graph(store)
    return len(store) - before


#: the named graph that holds the vocabulary (ontology/policy-kg.ttl) in a store
ONTOLOGY_GRAPH = "https://w3id.org/policy-kg/def"


def load_ontology(store: ox.Store, *, merge: bool = True) -> int:
    """Add the project's vocabulary (class and property labels, genre concepts) as the named
    graph ``https://w3id.org/policy-kg/def``; returns the number of quads added. With
    ``merge`` and a store whose default graph is merged (:func:`has_merged_default`), its
    triples are added to the default graph too."""
    from policy_kg.ontology import ONTOLOGY_PATH

    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    before = len(store)
    merged = merge and has_merged_default(store)
    store.bulk_load(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE, to_graph=graph)
    if merged:
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object)
                          for q in ox.parse(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE))
    return len(store) - before


def load_source(store: ox.Store, sources: Iterable[Path | str], *, ontology: bool = True) -> int:
    """Load each source (an RDF file, or a build's output folder: see :func:`data_files`) and,
    with ``ontology``, the vocabulary. Returns the number of quads added."""
    before = len(store)
    for source in sources:
        load(store, data_files(source), merge=False)
    if ontology:
        load_ontology(store, merge=False)
    merge_default_graph(store)
    return len(store) - before


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


def load_dataset(store: ox.Store, data, *, merge: bool = True) -> int:
    """Add an rdflib Dataset (its named graphs kept), an rdflib Graph (into the default graph)
    or an iterable of quads (pyoxigraph Quads or rdflib 3-/4-tuples) with the bulk loader, then
    with ``merge`` add their triples to the merged default graph. Returns the number of quads
    added (those of the merged default graph included)."""
    before = len(store)
    store.bulk_extend(_iter_quads(data))
    if merge:
        merge_default_graph(store)
    return len(store) - before


_VIEWS_BATCH = 200_000  # quads per bulk_extend call of views_store


def views_store(data, path: Path | str | None = None) -> ox.Store:
    """A store for the HTML views (graph.views.write_views): every triple of ``data`` (what
    :func:`load_dataset` accepts) once, in the default graph, plus the ontology. In memory, or on
    disk at ``path``.

    The views query the union of the graphs, and Oxigraph's union repeats a triple once per named
    graph that holds it: an entity described in 10,000 documents would multiply the rows of a join
    by 10,000 per pattern. Merged into one graph, each triple is there once."""
    store = open_store(path)
    quads = _iter_quads(data)
    while batch := [ox.Quad(q.subject, q.predicate, q.object) for q in itertools.islice(quads, _VIEWS_BATCH)]:
        store.bulk_extend(batch)  # in batches: bulk_extend holds all it is given in memory
    load_ontology(store)
    return store


# ---------------------------------------------------------------------------
# the merged default graph


def _first(iterable):
    return next(iter(iterable), None)


def has_merged_default(store: ox.Store) -> bool:
    """True when the store's default graph holds the merge of its named graphs (so queries run
    on it, not on Oxigraph's union of the graphs).

    Cheap: the default graph is not empty and holds the first triple of the first non-empty
    named graph (a store with only a default graph counts as merged: its union is that graph).
    A store made before the merge existed has an empty default graph: False."""
    if _first(store.quads_for_pattern(None, None, None, ox.DefaultGraph())) is None:
        return False
    for i, g in enumerate(store.named_graphs()):
        q = _first(store.quads_for_pattern(None, None, None, g))
        if q is not None:
            return ox.Quad(q.subject, q.predicate, q.object) in store
        if i >= 8:
            break
    return True


def default_graph_size(store: ox.Store) -> int:
    """The number of triples in the store's default graph."""
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def _named_quads(store: ox.Store):
    for g in store.named_graphs():
        yield from store.quads_for_pattern(None, None, None, g)


def merge_default_graph(store: ox.Store) -> int:
    """Add every triple of every named graph (the vocabulary's included) to the default graph,
    which Oxigraph holds as a set: each triple once. Returns the number of triples in the
    default graph.

    What was in the default graph stays: call :func:`unmerge_default_graph` before removing
    named graphs, so that their triples leave the merge too. Streams through a temporary
    N-Quads file and Oxigraph's bulk loader, so memory does not grow with the store."""
    with tempfile.TemporaryDirectory(prefix="policy-kg-merge-") as tmp:
        path = os.path.join(tmp, "named.nq")
        ox.serialize(_named_quads(store), output=path, format=ox.RdfFormat.N_QUADS)
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object)
                          for q in ox.parse(path=path, format=ox.RdfFormat.N_QUADS))
    return default_graph_size(store)


_OWN_DEFAULT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"


def unmerge_default_graph(store: ox.Store) -> int:
    """Take the merge out of a merged default graph (:func:`has_merged_default`): keep only its
    triples that no named graph holds (those written to the default graph itself, e.g. by a
    SPARQL update without GRAPH). Returns how many were kept; a store that is not merged is
    left as it is (returns 0).

    Call it before a change that may remove named-graph triples, and
    :func:`merge_default_graph` after: the merge then holds no triple of a removed graph."""
    if not has_merged_default(store):
        return 0
    with tempfile.TemporaryDirectory(prefix="policy-kg-unmerge-") as tmp:
        path = os.path.join(tmp, "own.nt")
        own = (ox.Triple(r["s"], r["p"], r["o"]) for r in store.query(_OWN_DEFAULT))
        ox.serialize(own, output=path, format=ox.RdfFormat.N_TRIPLES)
        store.remove_graph(ox.DefaultGraph())
        store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
    return default_graph_size(store)


def query_size(store: ox.Store) -> int:
    """How many triples a query of the whole default graph (``SELECT * { ?s ?p ?o }``) sees:
    the merged default graph's, or on a store without one every quad (Oxigraph's union)."""
    return default_graph_size(store) if has_merged_default(store) else len(store)


_UNMERGE_UPDATE = "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } } ; "
_MERGE_UPDATE = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
#: the prologue of a SPARQL request: blanks, comments, PREFIX and BASE declarations
_PROLOGUE_RE = re.compile(r"""(?:\s+|\#[^\n]*|(?i:PREFIX)\s*[^\s:<>]*:\s*<[^<>\s]*>|(?i:BASE)\s*<[^<>\s]*>)*""")


def update(store: ox.Store, text: str, *, prefixes: dict[str, str] | None = None) -> None:
    """Apply SPARQL Update ``text`` and keep the merged default graph in step, in one transaction.

    On a merged store the request runs as ``DELETE`` the merge (the default graph keeps only the
    triples no named graph holds) ``;`` ``text`` ``;`` ``INSERT`` the named graphs' triples into
    the default graph: ``text`` sees the default graph it saw before the merge existed, and a
    triple leaves the merge when its last graph goes. Oxigraph applies one request atomically,
    so a stopped update changes nothing. The user's text starts on the first line, so the line
    numbers of its syntax errors stay right."""
    kwargs = {"prefixes": prefixes} if prefixes else {}
    if not has_merged_default(store):
        store.update(text, **kwargs)
        return
    # Oxigraph takes PREFIX/BASE only at the start of a request: the DELETE goes after them
    m = _PROLOGUE_RE.match(text)
    head, body = text[:m.end()], text[m.end():]
    try:
        store.update(head + _UNMERGE_UPDATE + body + "\n;\n" + _MERGE_UPDATE, **kwargs)
    except SyntaxError as first:
        try:  # the text ends with its own ";"
            store.update(head + _UNMERGE_UPDATE + body + "\n" + _MERGE_UPDATE, **kwargs)
        except SyntaxError:
            raise first from None


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

    TriG, N-Quads and JSON-LD keep the named graphs, and of the default graph only the triples
    that no named graph holds (the merged default graph is derived: loading the file merges
    again); Turtle, N-Triples, RDF/XML and N3 get the union of all graphs (each triple once).
    Quads are sorted first, so the same content always gives the same bytes. The file is
    written atomically.
    """
    from policy_kg.io import atomic_write

    from .rdf import PREFIXES

    out = Path(path)
    fmt = rdf_format(out, format)
    quads = sorted_quads(store)
    if fmt in _QUAD_FORMATS:
        default = ox.DefaultGraph()
        named = {(q.subject, q.predicate, q.object) for q in quads if q.graph_name != default}
        items: Sequence = [q for q in quads if q.graph_name != default or (q.subject, q.predicate, q.object) not in named]
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
        load(store, files, merge=False)
        if ontology:
            load_ontology(store, merge=False)
        merge_default_graph(store)
        store.flush()
        store.optimize()
        return len(store)
    finally:
        del store


__all__ = ["BUILD_GRAPH_FILES", "ONTOLOGY_GRAPH", "RDF_FORMATS", "StoreError", "check_store_dir", "data_files",
           "default_graph_size", "dump", "fill_store_dir", "has_merged_default", "is_store_dir", "load", "load_dataset",
           "load_ontology", "load_source", "merge_default_graph", "open_store", "query_size", "rdf_format",
           "sorted_quads", "unmerge_default_graph", "update"]
