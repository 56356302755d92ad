"""The main job: files -> documents -> extractions -> graph -> exports.

``build`` is the library function; the CLI's ``build`` command is a thin layer over it.
Data flows one way. A document that cannot be read or processed is reported as a one-line
failure and the rest of the batch still completes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from .errors import PolicyKGError
from .extract import extract
from .io import atomic_write
from .model import Extraction

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Failure:
    path: str
    message: str  # one line


class IntegrityError(PolicyKGError):
    """The outputs of a build disagree with each other (a fact of extraction.jsonl missing from the graph)."""


@dataclass
class BuildResult:
    """What a build did. ``extractions`` holds every extraction only for a build small enough to be
    held in memory (see ``in_memory_limit`` of :func:`build`); the counts are there for every build."""

    extractions: list[Extraction] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    extracted: int = 0  # documents extracted in this build
    cached: int = 0  # documents whose extraction came from the cache
    documents: int = 0
    mentions: int = 0
    facts: int = 0
    statements: int = 0  # pkg:Statement nodes in the graph (one per distinct fact)
    quads: int = 0  # quads of the document graphs and graph/knowledge
    entities: set[tuple[str, str]] = field(default_factory=set)
    in_memory: bool = True  # False: whole-graph exports were made from the streams, or skipped
    skipped: list[str] = field(default_factory=list)  # outputs not made (large build)

    @property
    def ok(self) -> bool:
        return not self.failures

    def counts(self) -> dict[str, int]:
        return {
            "documents": self.documents,
            "failed": len(self.failures),
            "mentions": self.mentions,
            "entities": len(self.entities),
            "facts": self.facts,
            "extracted": self.extracted,
            "cached": self.cached,
        }


def default_inputs() -> list[Path]:
    """``seeds/`` of the current folder if there is one, else the repository's."""
    here = Path("seeds")
    return [here if here.is_dir() else REPO_ROOT / "seeds"]


def default_out_dir() -> Path:
    return Path("exports") if Path("seeds").is_dir() else REPO_ROOT / "exports"


def iter_extractions(
    paths: Iterable[str | Path],
    nlp: Language | None = None,
    on_failure: Callable[[Failure], None] | None = None,
    on_progress: Callable[[Path], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> Iterator[Extraction]:
    """Read and extract each input file in turn; failures go to ``on_failure``, never raise.

    Warnings a reader leaves on a document (an encoding guessed, say) go to ``on_warning``
    as one line each, prefixed with the file."""
    from .readers import iter_input_files, read_document

    for path in iter_input_files(paths):
        try:
            document = read_document(path)
            if on_warning:
                for warning in document.warnings:
                    on_warning(" ".join(f"{path}: {warning}".split()))
            yield extract(document, nlp)
        except PolicyKGError as exc:
            if on_failure:
                on_failure(Failure(str(path), exc.one_line()))
        except Exception as exc:  # a bug must not sink the batch; report it as this file's failure
            log.exception("unexpected error on %s", path)
            if on_failure:
                on_failure(Failure(str(path), f"{path}: internal error {type(exc).__name__}: {exc}".replace("\n", " ")))
        finally:
            if on_progress:
                on_progress(Path(path))


def jsonl(extractions: Sequence[Extraction]) -> str:
    """CONTRACT section 4 JSONL for ``extractions`` (documents sorted by id)."""
    lines = []
    for x in sorted(extractions, key=lambda x: x.document.id):
        lines.extend(json.dumps(r, ensure_ascii=False) for r in x.records())
    return "".join(line + "\n" for line in lines)


def write_outputs(
    extractions: Sequence[Extraction],
    out_dir: Path,
    title: str = "policy-kg",
    *,
    on_warning: Callable[[str], None] | None = None,
    validate: bool = True,
    views: Callable | None = None,
) -> list[Path]:
    """Write extraction.jsonl, the RDF files, the other exports (graph/exports.py) and the HTML
    views into ``out_dir``. With ``validate``, the graph is checked against the SHACL shapes
    (ontology/shapes.ttl) and each violation goes to ``on_warning`` as one line. ``views`` makes
    the views from the dataset; by default graph.views.write_views on an in-memory store of it."""
    from .graph.exports import DISTRIBUTIONS, write_exports
    from .graph.rdf import build_dataset, dataset_to_networkx
    from .graph.serialise import write_rdf

    out_dir = Path(out_dir)
    ordered = sorted(extractions, key=lambda x: x.document.id)
    written = [atomic_write(out_dir / "extraction.jsonl", jsonl(ordered))]
    dataset = build_dataset(ordered)
    if validate:
        from .graph.validate import validate as shacl_validate

        for line in shacl_validate(dataset).lines():
            if on_warning:
                on_warning(line)
    written += write_rdf(dataset, out_dir)
    network = dataset_to_networkx(dataset)
    written += write_exports(dataset, out_dir, G=network, files=DISTRIBUTIONS)
    if views is None:
        from .graph.store import views_store
        from .graph.views import write_views

        def views(ds):
            return write_views(views_store(ds), out_dir, title=title)
    written += views(dataset)
    return written


#: A build whose graph has more quads than this is not held in memory: the whole-graph exports
#: that need it (see :data:`IN_MEMORY_ONLY`) are skipped with a warning, and SHACL validation too.
IN_MEMORY_QUADS = 300_000

#: Outputs that only a build held in memory writes (rdflib, networkx and pyshacl need the whole graph).
IN_MEMORY_ONLY = ("graph.ttl", "graph.jsonld", "graph.nt", "graph.graphml", "graph.gexf", "entities.csv",
                  "void.ttl")

#: The files a build may write into its output folder; those this build did not write are removed.
OUTPUT_NAMES = ("extraction.jsonl", "graph.ttl", "graph.trig", "graph.jsonld", "graph.nt", "context.jsonld",
                "graph.graphml", "graph.gexf", "entities.csv", "facts.csv", "void.ttl", "index.html",
                "exclusions.html", "graph.html", "timeline.html")

#: Folders of the HTML views (graph.views.write_views): the pages of earlier builds that this one
#: did not write are removed from them.
OUTPUT_DIRS = ("entity", "source", "assets")

_STAGING = ".staging-"
_MANIFEST = "policy-kg-graphs.json"  # in a --store directory: graph IRI -> sha256 of its N-Quads


@dataclass(slots=True)
class _Entry:
    """Pass 1's note of one document: small, whatever the document's size."""

    path: Path
    order: int
    key: str
    id: str
    persons: tuple[str, ...]
    rulings: tuple[str, ...]
    cache: object  # the ExtractionCache holding the entry


# ---------------------------------------------------------------------------
# staging: outputs are written into a hidden sibling folder and moved in at the end


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _staging_dirs(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}{_STAGING}*")) if out.parent.is_dir() else []


def clean_stale_staging(out: Path) -> list[Path]:
    """Remove the staging folders of ``out`` left by builds that were killed; return them."""
    removed = []
    for d in _staging_dirs(out):
        pid = d.name.rsplit("-", 1)[-1]
        if pid.isdigit() and (int(pid) == os.getpid() or not _pid_alive(int(pid))):
            shutil.rmtree(d, ignore_errors=True)
            removed.append(d)
    return removed


def _publish(staging: Path, out: Path, written: Sequence[Path]) -> list[Path]:
    """Move the staged files into ``out`` (each an atomic rename) and remove the outputs of earlier
    builds that this one did not write. Returns the final paths, in the order written."""
    out.mkdir(parents=True, exist_ok=True)
    final = []
    for src in written:
        rel = src.relative_to(staging)
        dest = out / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, dest)
        final.append(dest)
    names = {f.relative_to(out).as_posix() for f in final}
    for name in OUTPUT_NAMES:
        if name not in names and (out / name).is_file():
            (out / name).unlink()
    for folder in OUTPUT_DIRS:
        for old in sorted((out / folder).rglob("*"), reverse=True):  # files before their folders
            rel = old.relative_to(out).as_posix()
            if old.is_file() and rel not in names:
                old.unlink()
            elif old.is_dir() and not any(old.iterdir()):
                old.rmdir()
        if (out / folder).is_dir() and not any((out / folder).iterdir()):
            (out / folder).rmdir()
    return final


# ---------------------------------------------------------------------------
# stores


def _store_target(store):
    """None, ("remote", object with replace_graph/drop_graph/graphs) or ("dir", Path)."""
    if store is None:
        return None
    if hasattr(store, "replace_graph"):
        return ("remote", store)
    text = str(store)
    if text.startswith(("http://", "https://")):
        try:
            from .graph.remote import RemoteStore, is_endpoint
        except ImportError as exc:  # pragma: no cover - the module ships with the package
            raise PolicyKGError(f"{text}: remote stores are not available in this installation",
                                hint="give a store directory instead") from exc
        if is_endpoint(text):
            return ("remote", RemoteStore(text, user=os.environ.get("POLICY_KG_STORE_USER") or None,
                                          password=os.environ.get("POLICY_KG_STORE_PASSWORD") or None,
                                          token=os.environ.get("POLICY_KG_STORE_TOKEN") or None))
    from .graph.store import check_store_dir

    return ("dir", check_store_dir(Path(store)))


def _read_manifest(path: Path) -> dict[str, str]:
    try:
        data = json.loads((path / _MANIFEST).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


# ---------------------------------------------------------------------------
# pass 1: extraction into the cache


def _pass1(files: Sequence[Path], result: BuildResult, cache, scratch, *, jobs: int, executor: str,
           scheduler: str | None, failed, on_progress, on_warning) -> list[_Entry]:
    from .cache import cache_key, pipeline_fingerprint
    from .parallel import run_extractions

    fingerprint = pipeline_fingerprint() if cache is not scratch else ""
    entries: list[_Entry] = []
    todo: dict[str, tuple[int, str, object]] = {}

    def note(path: Path, order: int, key: str, where, meta) -> None:
        entries.append(_Entry(path, order, key, meta.id, tuple(meta.persons), tuple(meta.rulings), where))
        if on_warning:
            for warning in meta.warnings:
                on_warning(" ".join(f"{path}: {warning}".split()))

    for i, path in enumerate(files):
        key = None
        if cache is not scratch:
            try:
                key = cache_key(path.name, path.read_bytes(), fingerprint)
            except OSError:
                key = None  # unreadable: the reader reports it
        meta = cache.meta(key) if key else None
        if meta is not None:
            result.cached += 1
            note(path, i, key, cache, meta)
            if on_progress:
                on_progress(path)
        else:
            todo[str(path)] = (i, key, cache if key else scratch)

    for outcome in run_extractions(list(todo), jobs=jobs, executor=executor, scheduler=scheduler):
        i, key, where = todo.pop(outcome.path)
        path = files[i]
        if outcome.error is not None:
            failed(Failure(str(path), outcome.error))
        else:
            key = key or f"scratch-{i:08d}"
            where.put(key, outcome.entry)
            result.extracted += 1
            note(path, i, key, where, where.meta_of_entry(outcome.entry))
        if on_progress:
            on_progress(path)
    entries.sort(key=lambda e: (e.id, e.order))
    unique: list[_Entry] = []
    for e in entries:
        if unique and unique[-1].id == e.id:
            failed(Failure(str(e.path), f"{e.path}: same file name as {unique[-1].path} (hint: a build takes each "
                                        "document name once, since the name is the document's id; rename one)"))
            continue
        unique.append(e)
    return unique


# ---------------------------------------------------------------------------
# pass 2: document by document into the streams


#: Quads per N-Quads file handed to Oxigraph's bulk loader: it holds a file's worth in memory
#: (about 0.7 kB a quad), so files of this size keep a large build's memory flat.
BULK_LOAD_QUADS = 200_000


class _Chunks:
    """N-Quads written into files of at most about :data:`BULK_LOAD_QUADS` quads, bulk-loaded one by one."""

    def __init__(self, work: Path, name: str):
        self.work, self.name = work, name
        self.paths: list[Path] = []
        self.fh = None
        self.n = 0

    def write(self, data: bytes, quads: int) -> None:
        if self.fh is None or self.n >= BULK_LOAD_QUADS:
            self.close()
            self.paths.append(self.work / f"{self.name}-{len(self.paths):05d}.nq")
            self.fh = open(self.paths[-1], "wb")  # noqa: SIM115 - closed by close()
            self.n = 0
        self.fh.write(data)
        self.n += quads

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None

    def load_into(self, store) -> None:
        import pyoxigraph as ox

        self.close()
        for path in self.paths:
            store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)


class _Streams:
    """The staged outputs written document by document, and the store updates."""

    def __init__(self, staging: Path, work: Path, *, target, manifest: dict[str, str] | None):
        from .graph.exports import FACT_COLUMNS, _csv

        self.staging, self.work = staging, work
        self.jsonl = open(staging / "extraction.jsonl", "w", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed by close()
        self.trig = open(staging / "graph.trig", "wb")  # noqa: SIM115 - closed by close()
        self.facts = open(staging / "facts.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by close()
        self.facts.write(_csv(FACT_COLUMNS, []))
        self.nq = _Chunks(work, "graph")  # the whole graph, for the views' store
        self.delta = _Chunks(work, "delta") if manifest is not None else None
        self.target = target
        self.manifest = manifest  # old manifest of a --store directory
        self.hashes: dict[str, str] = {}  # graph IRI -> sha256 of its N-Quads, this build
        self.changed: set[str] = set()
        self.first_trig = True
        self.fact_lines = 0
        self.statements = 0
        self.quads = 0

    def graph(self, name, triples) -> None:
        """One named graph: its quads sorted, to TriG, N-Quads and the store."""
        self.write(graph_products(name, triples))

    def write(self, products: dict) -> None:
        """The outputs of one named graph (:func:`graph_products`) appended to the streams and the store."""
        import pyoxigraph as ox

        iri, trig, nq = products["graph"], products["trig"], products["nq"]
        self.quads += products["quads"]
        if not self.first_trig:  # the prefixes once, at the top
            lines = trig.splitlines(keepends=True)
            n = 0
            while n < len(lines) and lines[n].startswith(b"@prefix"):
                n += 1
            trig = b"".join(lines[n:])
        self.first_trig = False
        self.trig.write(trig)
        self.nq.write(nq, products["quads"])
        digest = hashlib.sha256(nq).hexdigest()
        self.hashes[iri] = digest
        if self.delta is not None and self.manifest.get(iri) != digest:
            self.delta.write(nq, products["quads"])
            self.changed.add(iri)
        if self.target is not None and self.target[0] == "remote":  # one request (or a few) per graph
            triples = [q.triple for q in ox.parse(nq, format=ox.RdfFormat.N_QUADS)]
            self.target[1].replace_graph(iri, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))

    def close(self) -> None:
        for fh in (self.jsonl, self.trig, self.facts, self.nq, self.delta):
            if fh is not None:
                fh.close()


def _doc_graph(x: Extraction, maps: dict):
    """The named graph of one document (build_dataset of it alone, with the knowledge files' names
    and links as a whole build uses them): (graph IRI, triples)."""
    from .graph.rdf import build_dataset
    from .graph.serialise import _named_graphs

    ds = build_dataset([x], knowledge=False, labels=maps["labels"], external=maps["external"])
    graphs = _named_graphs(ds)
    if len(graphs) != 1:
        raise ValueError(f"{x.document.id}: expected one named graph, got {len(graphs)}")
    return graphs[0]


def graph_products(name, triples) -> dict:
    """One named graph as the streams take it: quads sorted (as the whole-graph writers sort them),
    as TriG (with the prefixes) and as N-Quads."""
    import pyoxigraph as ox

    from .graph.serialise import _OX_PREFIXES, _ox, _triple_key

    g = _ox(name)
    quads = [ox.Quad(_ox(s), _ox(p), _ox(o), g) for s, p, o in sorted(set(triples), key=_triple_key)]
    return {
        "graph": str(name),
        "quads": len(quads),
        "trig": ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_OX_PREFIXES),
        "nq": ox.serialize(quads, format=ox.RdfFormat.N_QUADS),
    }


def doc_products(x: Extraction) -> dict:
    """Everything pass 2 writes for one document, made where it was extracted (in a worker), so
    that pass 2 only appends bytes: its JSONL lines, its named graph (:func:`graph_products`), its
    facts.csv rows, and whether every fact is a statement of the graph (``statements`` or None).
    Raises ValueError when the document cannot become a graph (a document named ``knowledge``)."""
    from rdflib import RDF

    from .graph.exports import facts_csv
    from .graph.iri import statement_iri
    from .graph.rdf import knowledge_maps
    from .ontology import PKG

    name, triples = _doc_graph(x, knowledge_maps())
    out = graph_products(name, triples)
    out["jsonl"] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in x.records())
    out["facts_csv"] = facts_csv_rows(facts_csv, triples)
    expected = {statement_iri(f) for f in x.facts}
    got = {s for s, p, o in triples if p == RDF.type and o == PKG.Statement}
    out["statements"] = len(got) if expected == got else None
    out["missing"] = (len(expected - got), len(got - expected))
    return out


def _affected(x: Extraction, mapping: dict[str, str]) -> bool:
    """Whether the cross-document person step changes anything in ``x``."""
    if not mapping:
        return False
    return any(m.ref in mapping for m in x.mentions) or any(f.subject in mapping or f.object in mapping for f in x.facts)


def _pass2(entries: Sequence[_Entry], result: BuildResult, streams: _Streams, *, in_memory_limit: int,
           failed, on_progress) -> list[Extraction]:
    from rdflib import Dataset

    from .extract import apply_mapping, person_mapping
    from .graph.iri import knowledge_graph_iri
    from .graph.rdf import add_knowledge_graph, knowledge_maps, knowledge_rulings
    from .graph.serialise import _named_graphs

    maps = knowledge_maps()
    mapping = person_mapping(p for e in entries for p in e.persons)
    kg_ds = Dataset(default_union=True)
    add_knowledge_graph(kg_ds, {r for e in entries for r in e.rulings}, knowledge_rulings(),
                        labels=maps["labels"], wikidata={}, external=maps["external"])
    kg = [g for g in _named_graphs(kg_ds)]
    kg_iri = str(knowledge_graph_iri())
    held: list[Extraction] = []
    in_memory = True
    for e in entries:
        x, products = e.cache.load_all(e.key, e.path)
        if products is None or _affected(x, mapping):
            x = apply_mapping(x, mapping)
            try:
                products = doc_products(x)
            except ValueError as exc:
                failed(Failure(str(e.path), f"{e.path}: {' '.join(str(exc).split())}"))
                if on_progress:
                    on_progress(e.path)
                continue
        if products["statements"] is None:
            lost, extra = products["missing"]
            raise IntegrityError(
                f"{x.document.id}: {lost} fact(s) of extraction.jsonl missing from the graph, "
                f"{extra} statement(s) in the graph that are no fact",
                hint="this is a bug in graph/rdf.py or the extraction; report it with the document")
        result.statements += products["statements"]
        if kg and products["graph"] > kg_iri:
            streams.graph(*kg.pop())
        streams.jsonl.write(products["jsonl"])
        streams.fact_lines += len(x.facts)
        streams.write(products)
        streams.facts.write(products["facts_csv"])
        result.documents += 1
        result.mentions += len(x.mentions)
        result.facts += len(x.facts)
        result.entities.update((m.label, m.id) for m in x.mentions)
        if in_memory:
            held.append(x)
            if streams.quads > in_memory_limit:
                in_memory = False
                held.clear()
        if on_progress:
            on_progress(e.path)
    if kg:
        streams.graph(*kg.pop())
    result.quads = streams.quads
    result.in_memory = in_memory
    return held


def facts_csv_rows(facts_csv, triples) -> str:
    """facts.csv rows (no header) of one document's graph."""
    from rdflib import Graph

    g = Graph()
    for t in triples:
        g.add(t)
    text = facts_csv(g)
    return text[text.index("\n") + 1:]


# ---------------------------------------------------------------------------
# the store and the whole-graph outputs


def _fill_store(target, streams: _Streams):
    """Load what pass 2 streamed into the ``--store`` target: an Oxigraph directory (only the
    graphs that changed since the last build; graphs of removed documents dropped) or a remote
    store (graphs were sent during pass 2; stale ones dropped here). Returns the open store
    directory, or None."""
    import pyoxigraph as ox

    from .graph.store import ONTOLOGY_GRAPH, load_ontology, open_store

    if target is not None and target[0] == "remote":
        remote = target[1]
        from .ontology import ONTOLOGY_PATH

        nt = ox.serialize(ox.parse(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
        remote.replace_graph(ONTOLOGY_GRAPH, nt)
        from .graph.iri import GRAPH_BASE

        for stale in sorted(set(remote.graphs()) - set(streams.hashes)):  # only graphs policy-kg names
            if stale.startswith(GRAPH_BASE):
                remote.drop_graph(stale)
        return None
    if target is not None:  # a store directory that persists between builds
        from collections import Counter

        from .graph.store import (
            has_merged_default,
            merge_default_graph,
            unmerge_default_graph,
        )
        from .ontology import ONTOLOGY_PATH

        path = target[1]
        store = open_store(path)
        (path / _MANIFEST).unlink(missing_ok=True)  # until the update is complete
        # the default graph holds the merge of the named graphs (queries run on it): take the
        # merge out before graphs go, put it back after, when anything changed
        stale = [g for g in store.named_graphs()
                 if g.value != ONTOLOGY_GRAPH and (g.value not in streams.hashes or g.value in streams.changed)]

        def shape(q) -> tuple:  # blank nodes get new ids at every load of the vocabulary
            return tuple(None if isinstance(t, ox.BlankNode) else t for t in (q.subject, q.predicate, q.object))

        vocabulary = Counter(shape(t) for t in ox.parse(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE))
        new_vocabulary = vocabulary != Counter(
            shape(q) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH)))
        remerge = bool(stale or streams.changed or new_vocabulary) or not has_merged_default(store)
        if remerge:
            unmerge_default_graph(store)
        for g in stale:
            store.remove_graph(g)
        for iri in sorted(set(streams.hashes) - streams.changed):  # unchanged per the manifest: still there?
            if not store.contains_named_graph(ox.NamedNode(iri)):
                raise IntegrityError(f"{path}: graph {iri} is missing from the store",
                                     hint="the store was changed outside policy-kg; remove the folder and build again")
        if streams.changed:
            streams.delta.load_into(store)
        if remerge:  # the vocabulary as it is now (unchanged, it stays: the merge holds its blank nodes)
            store.remove_graph(ox.NamedNode(ONTOLOGY_GRAPH))
            load_ontology(store, merge=False)
            merge_default_graph(store)
        store.flush()
        if remerge:
            store.optimize()
        atomic_write(path / _MANIFEST, json.dumps(streams.hashes, sort_keys=True, indent=0) + "\n")
        return store
    return None


def _count_statements(store) -> int:
    from .ontology import PKG

    q = (f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {{ ?s a <{PKG.Statement}> }} UNION "
         f"{{ GRAPH ?g {{ ?s a <{PKG.Statement}> }} }} }}")  # named graphs, or the views' merged store
    return int(next(iter(store.query(q)))["n"].value)


def _views_store(streams: _Streams, work: Path, *, in_memory: bool):
    """The views' store (graph.store.views_store) of the build's N-Quads chunks: in memory for a
    small build, on disk in the staging folder for a large one; loaded chunk by chunk."""
    import itertools

    import pyoxigraph as ox

    from .graph.store import views_store

    streams.nq.close()
    quads = itertools.chain.from_iterable(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS) for path in streams.nq.paths)
    return views_store(quads, None if in_memory else work / "views-store")


def _write_views(staging: Path, *, store, title: str) -> list[Path]:
    """The HTML views (graph.views.write_views), made with SPARQL from :func:`_views_store`. The
    staging folder is synced once before it is published, so the thousands of small pages skip
    the per-file fsync."""
    from .graph.views import write_views

    return write_views(store, staging, title=title, fsync=False)


def build(
    inputs: Sequence[str | Path] | None = None,
    out_dir: str | Path | None = None,
    *,
    on_failure: Callable[[Failure], None] | None = None,
    on_progress: Callable[[Path], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    on_phase: Callable[[str, int], None] | None = None,
    store_dir=None,
    jobs: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    in_memory_limit: int = IN_MEMORY_QUADS,
    validate: bool = True,
    title: str = "policy-kg",
) -> BuildResult:
    """Build the graph of ``inputs`` (files or folders; default ``seeds/``) into ``out_dir``.

    Two passes, document by document, so memory stays flat however large the corpus:

    1. each document is read and extracted (in this process, in ``jobs`` processes, or on Dask
       with ``executor="dask"`` and ``scheduler``) into the content-hash cache (``cache_dir``,
       default :func:`policy_kg.cache.default_cache_dir`; ``use_cache=False`` uses a throwaway
       one); a document whose bytes and pipeline are unchanged is not extracted again;
    2. in order of document id, each extraction gets the person ids of the whole build
       (:func:`policy_kg.extract.person_mapping`), and its lines of ``extraction.jsonl``, its
       named graph (``graph.trig``, N-Quads for the store) and its rows of ``facts.csv`` are
       appended; every fact must be a statement of the graph (else :class:`IntegrityError`).

    A graph of at most ``in_memory_limit`` quads is then also built in memory as before, checked
    against the SHACL shapes (``validate``) and written in every format (:func:`write_outputs`);
    a larger one skips :data:`IN_MEMORY_ONLY` and the SHACL check, with a warning.

    Everything is written into a hidden staging folder beside ``out_dir`` and moved in at the
    end, so an interrupted build leaves the previous outputs as they were; the staging folder of
    a killed build is removed by the next one.

    ``on_progress`` is called once per document in each pass, ``on_phase`` with the name and the
    number of steps of each phase ("extracting", "writing", "exports").

    ``store_dir``: an Oxigraph store directory (only the graphs that changed are reloaded,
    graphs of removed documents are dropped; the vocabulary is added), or an ``http(s)`` SPARQL
    endpoint (:mod:`policy_kg.graph.remote`), or an object with ``replace_graph``,
    ``drop_graph`` and ``graphs``.
    """
    target = _store_target(store_dir)  # refuse a bad store before the work, not after it
    from .cache import ExtractionCache, default_cache_dir
    from .readers import iter_input_files

    result = BuildResult()

    def failed(f: Failure) -> None:
        result.failures.append(f)
        if on_failure:
            on_failure(f)

    out = Path(out_dir) if out_dir else default_out_dir()
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_staging(out)
    staging = out.parent / f".{out.name}{_STAGING}{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    work = staging / ".work"
    work.mkdir()
    try:
        files = iter_input_files(list(inputs) if inputs else default_inputs())
        scratch = ExtractionCache(work / "cache")
        cache = ExtractionCache(cache_dir or default_cache_dir()) if use_cache else scratch
        if on_phase:
            on_phase("extracting", len(files))
        entries = _pass1(files, result, cache, scratch, jobs=jobs, executor=executor, scheduler=scheduler,
                         failed=failed, on_progress=on_progress, on_warning=on_warning)
        if on_phase:
            on_phase("writing", len(entries))
        manifest = _read_manifest(target[1]) if target is not None and target[0] == "dir" else None
        streams = _Streams(staging, work, target=target,
                           manifest=manifest)
        try:
            held = _pass2(entries, result, streams, in_memory_limit=in_memory_limit, failed=failed,
                          on_progress=on_progress)
        finally:
            streams.close()
        if streams.fact_lines != result.facts:
            raise IntegrityError(f"extraction.jsonl has {streams.fact_lines} facts, the build counted {result.facts}",
                                 hint="this is a bug in policy_kg/build.py; report it")
        if on_phase:
            on_phase("exports", 0)
        store = _fill_store(target, streams)
        views_store = _views_store(streams, work, in_memory=result.in_memory)
        for checked in (store, views_store):  # every fact of extraction.jsonl is a statement of the graph
            if checked is None:
                continue
            in_store = _count_statements(checked)
            if in_store != result.statements:
                raise IntegrityError(f"the store holds {in_store} statements, extraction.jsonl has {result.statements} "
                                     "distinct facts", hint="the store was changed outside policy-kg, or this is a bug; "
                                     "rebuild into an empty store")
        written = [staging / "extraction.jsonl", staging / "graph.trig", staging / "facts.csv"]
        if result.in_memory:
            result.extractions = held
            written = write_outputs(held, staging, title, on_warning=on_warning, validate=validate,
                                    views=lambda ds: _write_views(staging, store=views_store, title=title))
        else:
            from .graph.exports import jsonld_context

            written.append(atomic_write(staging / "context.jsonld", jsonld_context()))
            written += _write_views(staging, store=views_store, title=title)
            made = {p.name for p in written}
            result.skipped = [n for n in IN_MEMORY_ONLY if n not in made]
            if on_warning:
                on_warning(f"the graph has {result.quads} quads, more than the {in_memory_limit} held in memory: "
                           f"not written: {', '.join(result.skipped)}; no SHACL validation (hint: load graph.trig into "
                           "a store, or raise the limit with --in-memory-limit)")
        store = views_store = None  # closes a store directory before the outputs move
        os.sync()  # one flush to disk for everything staged (the views skip the per-file fsync)
        result.written = _publish(staging, out, written)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result
