"""A content-hash cache of extractions, so that a rebuild re-extracts only what changed.

One file per document, named by the sha256 of the pipeline fingerprint, the file name (the
document id) and the file's bytes. The fingerprint (:func:`pipeline_fingerprint`) covers the
package version, the spaCy version and every file the extraction reads or runs (the code of
``policy_kg`` and ``policy_kg.ner``, the knowledge under ``ner/data``, the statistical model
under ``ner/model``), so a change to any of them misses the cache instead of reusing stale
extractions. Nothing else is keyed: the same bytes under the same name give the same extraction.

An entry is three pickles in one file: a small :class:`Meta` first (what the corpus step and the
progress report need: document id, PERSON and RULING ids, reader warnings, counts), then the
:class:`~policy_kg.model.Extraction`, then what the build writes of the document
(:func:`policy_kg.build.doc_products`: JSONL lines, named graph as TriG and N-Quads, facts.csv
rows), so that a rebuild only appends bytes for documents the cross-document step leaves alone. Reading the meta does not unpickle the extraction.
Entries are written atomically; a damaged entry counts as a miss. The cache is local data of
this user (pickle is only safe on files one wrote oneself): never point it at a shared folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import __version__
from .errors import OutputError
from .model import Extraction

PACKAGE_DIR = Path(__file__).resolve().parent
CACHE_ENV = "POLICY_KG_CACHE"
_FORMAT = "2"  # bump when the entry layout changes


@dataclass(frozen=True, slots=True)
class Meta:
    """What pass 1 keeps of a document in memory: small, whatever the document's size."""

    id: str
    persons: tuple[str, ...] = ()  # PERSON ids mentioned (for the cross-document person step)
    rulings: tuple[str, ...] = ()  # RULING ids the document's graph describes (for graph/knowledge)
    warnings: tuple[str, ...] = ()  # reader warnings, without the file name
    mentions: int = 0
    facts: int = 0


def default_cache_dir() -> Path:
    """``$POLICY_KG_CACHE``, else ``$XDG_CACHE_HOME/policy-kg``, else ``~/.cache/policy-kg``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "policy-kg"


#: modules of policy_kg that neither extract nor make a document's graph (the command line, scoring,
#: the cache and the executors themselves: a change of the entry layout bumps ``_FORMAT``)
_NOT_PIPELINE = ("cli.py", "evaluate.py", "__main__.py", "cache.py", "parallel.py")
#: the modules of policy_kg.graph that make a document's graph and its facts.csv rows
_GRAPH_MODULES = ("__init__.py", "iri.py", "rdf.py", "serialise.py", "exports.py")


def _code_files() -> list[tuple[str, Path]]:
    """(name relative to its package, path) of every file the extraction and a document's graph
    depend on: ``policy_kg`` (Python, but :data:`_NOT_PIPELINE`), ``policy_kg.ner`` (code, knowledge,
    model), :data:`_GRAPH_MODULES` of ``policy_kg.graph``, and ``policy_kg.ontology``."""
    from . import graph, ner, ontology

    files = [(f"policy_kg/{p.relative_to(PACKAGE_DIR).as_posix()}", p) for p in PACKAGE_DIR.rglob("*.py")
             if p.name not in _NOT_PIPELINE]
    graph_dir = Path(graph.__file__).resolve().parent
    files += [(f"graph/{name}", graph_dir / name) for name in _GRAPH_MODULES if (graph_dir / name).is_file()]
    for name, module in (("ner", ner), ("ontology", ontology)):
        root = Path(module.__file__).resolve().parent
        files += [(f"{name}/{p.relative_to(root).as_posix()}", p) for p in root.rglob("*") if p.is_file()]
    return sorted((rel, p) for rel, p in files
                  if "__pycache__" not in p.parts and not p.name.endswith((".pyc", ".tmp")) and not p.name.startswith("."))


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    """sha256 over the package and spaCy versions and every code, knowledge and model file of the
    extraction and of the per-document graph the cache also keeps (``policy_kg``, ``ner``, ``graph``
    and ``ontology``: their paths relative to their package and their bytes)."""
    import spacy

    h = hashlib.sha256(f"policy-kg {__version__} spacy {spacy.__version__} cache {_FORMAT}\n".encode())
    for rel, p in _code_files():
        data = p.read_bytes()
        h.update(f"{rel} {len(data)}\n".encode("utf-8", "surrogatepass"))
        h.update(data)
    return h.hexdigest()


def cache_key(name: str, raw: bytes, fingerprint: str | None = None) -> str:
    """The key of a document: sha256 of the fingerprint, its file name and its bytes."""
    h = hashlib.sha256((fingerprint or pipeline_fingerprint()).encode())
    h.update(b"\0" + name.encode("utf-8", "surrogatepass") + b"\0")
    h.update(raw)
    return h.hexdigest()


def meta_of(x: Extraction) -> Meta:
    """The :class:`Meta` of an extraction."""
    from .graph.iri import parse_ref

    rulings = {m.id for m in x.mentions if m.label == "RULING"}
    for f in x.facts:  # the entity ends of facts are described in the graph too
        for ref in (f.subject, f.object):
            parsed = parse_ref(ref)
            if parsed is not None and parsed[0] == "RULING":
                rulings.add(parsed[1])
    return Meta(
        id=x.document.id,
        persons=tuple(sorted({m.id for m in x.mentions if m.label == "PERSON"})),
        rulings=tuple(sorted(rulings)),
        warnings=tuple(x.document.warnings),
        mentions=len(x.mentions),
        facts=len(x.facts),
    )


def dumps(x: Extraction, products: dict | None = None) -> bytes:
    """An entry: the meta, the extraction (the document's source path is not kept) and what the
    build writes of it before the cross-document step (:func:`policy_kg.build.doc_products`)."""
    source = x.document.source
    x.document.source = None
    try:
        return b"".join(pickle.dumps(v, protocol=5) for v in (meta_of(x), x, products))
    finally:
        x.document.source = source


class ExtractionCache:
    """Entries under ``root/<first 2 hex digits>/<key>.pkl``."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pkl"

    def meta(self, key: str) -> Meta | None:
        """The meta of an entry, or None when there is no usable entry."""
        try:
            with open(self.path(key), "rb") as fh:
                meta = pickle.load(fh)
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - damaged or from another layout: a miss, rewritten on this build
            return None
        return meta if isinstance(meta, Meta) else None

    @staticmethod
    def meta_of_entry(entry: bytes) -> Meta:
        """The meta at the head of an entry (pickle stops at the end of the first object)."""
        return pickle.loads(entry)

    def load(self, key: str, source: Path | None = None) -> Extraction:
        return self.load_all(key, source)[0]

    def load_all(self, key: str, source: Path | None = None) -> tuple[Extraction, dict | None]:
        """The extraction (its document's ``source`` set to ``source``) and the products of an entry."""
        with open(self.path(key), "rb") as fh:
            pickle.load(fh)
            x = pickle.load(fh)
            products = pickle.load(fh)
        x.document.source = source
        return x, products

    def put(self, key: str, entry: bytes) -> Path:
        """Write an entry through a temporary file and a rename (no fsync: a lost entry is only a miss)."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(entry)
            os.replace(tmp, path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise OutputError(f"cannot write the cache entry {path}: {exc.strerror or exc}",
                              hint="check the cache folder is writable, or pass --cache DIR or --no-cache") from exc
        return path


__all__ = ["CACHE_ENV", "ExtractionCache", "Meta", "cache_key", "default_cache_dir", "dumps", "meta_of", "pipeline_fingerprint"]
