"""The main job: files -> documents -> extractions -> graph -> exports.

``build`` is the library function; the CLI's ``build`` command is a thin layer over it.
Data flows one way. A document that cannot be read or processed is reported as a one-line
failure and the rest of the batch still completes.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from spacy.language import Language

from .errors import PolicyKGError
from .extract import extract, link_across
from .io import atomic_write
from .model import Extraction

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Failure:
    path: str
    message: str  # one line


@dataclass
class BuildResult:
    extractions: list[Extraction] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def counts(self) -> dict[str, int]:
        return {
            "documents": len(self.extractions),
            "failed": len(self.failures),
            "mentions": sum(len(x.mentions) for x in self.extractions),
            "entities": len({(m.label, m.id) for x in self.extractions for m in x.mentions}),
            "facts": sum(len(x.facts) for x in self.extractions),
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
) -> list[Path]:
    """Write extraction.jsonl, the RDF files, the other exports (graph/exports.py) and the HTML
    view into ``out_dir``. With ``validate``, the graph is checked against the SHACL shapes
    (ontology/shapes.ttl) and each violation goes to ``on_warning`` as one line."""
    from .graph.exports import DISTRIBUTIONS, write_exports
    from .graph.rdf import build_dataset, dataset_to_networkx
    from .graph.serialise import write_rdf
    from .graph.views import write_index_html

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
    written.append(write_index_html(dataset, out_dir / "index.html", title=title))
    return written


def build(
    inputs: Sequence[str | Path] | None = None,
    out_dir: str | Path | None = None,
    *,
    on_failure: Callable[[Failure], None] | None = None,
    on_progress: Callable[[Path], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    store_dir: str | Path | None = None,
) -> BuildResult:
    """Build the graph of ``inputs`` (files or folders; default ``seeds/``) into ``out_dir``.

    With ``store_dir``, the graph (``graph.trig``, with the vocabulary) also goes into the
    Oxigraph store in that directory, replacing what it held (``policy-kg serve --store``)."""
    if store_dir is not None:  # refuse a bad store folder before the work, not after it
        from .graph.store import check_store_dir

        check_store_dir(store_dir)
    result = BuildResult()

    def failed(f: Failure) -> None:
        result.failures.append(f)
        if on_failure:
            on_failure(f)

    paths = list(inputs) if inputs else default_inputs()
    extractions = iter_extractions(paths, on_failure=failed, on_progress=on_progress, on_warning=on_warning)
    result.extractions = link_across(list(extractions))
    out = Path(out_dir) if out_dir else default_out_dir()
    result.written = write_outputs(result.extractions, out, on_warning=on_warning)
    if store_dir is not None:
        from .graph.store import fill_store_dir

        fill_store_dir(store_dir, [out / "graph.trig"])
    return result
