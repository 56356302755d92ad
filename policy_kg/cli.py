"""The ``policy-kg`` command: a thin layer over the library functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .errors import PolicyKGError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn Dutch parliamentary documents on arms exports into a knowledge graph.",
)
out = Console()
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _fail_line(message: str) -> None:
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False)


def _warn_line(message: str) -> None:
    err.print(f"[yellow]warning:[/yellow] {message}", markup=True, highlight=False)


def _version(value: bool) -> None:
    if value:
        out.print(f"policy-kg {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    pass


@app.command("extract")
def extract_cli(
    inputs: List[Path] = typer.Argument(..., help="Files or folders (txt, pdf, docx, html)."),
    out_file: Optional[Path] = typer.Option(None, "--out", "-o", help="Write JSONL here instead of standard output."),
) -> None:
    """Write mentions and facts of INPUTS as JSONL (CONTRACT section 4)."""
    from .build import iter_extractions, jsonl
    from .io import atomic_write

    failures = []

    def failed(f):
        failures.append(f)
        _fail_line(f.message)

    extractions = list(iter_extractions(inputs, on_failure=failed, on_warning=_warn_line))
    text = jsonl(extractions)
    if out_file:
        atomic_write(out_file, text)
        err.print(f"wrote {out_file} ({len(extractions)} documents)")
    else:
        sys.stdout.write(text)
    if failures:
        err.print(f"{len(failures)} of {len(failures) + len(extractions)} files failed")
        raise typer.Exit(1)


@app.command("build")
def build_cli(
    inputs: Optional[List[Path]] = typer.Argument(None, help="Files or folders; default: seeds/."),
    out_dir: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder; default: exports/."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Build the graph of INPUTS and write its exports (Turtle, TriG, JSON-LD, JSONL, HTML)."""
    from .build import build, default_inputs
    from .readers import iter_input_files

    paths = list(inputs) if inputs else default_inputs()
    files = iter_input_files(paths)
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, disable=quiet or not err.is_terminal, transient=True)
    with progress:
        task = progress.add_task("extracting", total=len(files))
        result = build(
            files, out_dir,
            on_failure=lambda f: progress.console.print(f"[red]error:[/red] {f.message}", highlight=False),
            on_progress=lambda p: progress.advance(task),
            on_warning=lambda w: progress.console.print(f"[yellow]warning:[/yellow] {w}", highlight=False),
        )
    counts = result.counts()
    folder = result.written[0].parent if result.written else out_dir
    err.print(
        f"built {counts['documents']} documents: {counts['mentions']} mentions, {counts['entities']} entities, "
        f"{counts['facts']} facts -> {folder}", highlight=False,
    )
    if result.failures:
        err.print(f"[red]{len(result.failures)} of {len(files)} files failed[/red]")
        raise typer.Exit(1)


@app.command("eval")
def eval_cli(
    gold: Optional[Path] = typer.Option(None, "--gold", help="Folder of gold JSON files; default: tests/gold."),
    docs: Optional[Path] = typer.Option(None, "--docs", help="Folder of the gold's documents; default: <gold>/../seeds, else seeds/."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    errors: bool = typer.Option(False, "--errors", help="Also list false positives and negatives."),
) -> None:
    """Score extraction against gold annotations: mentions, entities and facts."""
    from .build import REPO_ROOT, iter_extractions
    from .evaluate import evaluate, load_gold
    from .extract import link_across

    gold_dir = gold or (REPO_ROOT / "tests" / "gold")
    gold_docs = load_gold(gold_dir)
    docs_dir = docs
    if docs_dir is None:
        for candidate in (gold_dir.parent / "seeds", Path("seeds"), REPO_ROOT / "seeds"):
            if candidate.is_dir() and all((candidate / d).exists() for d in gold_docs):
                docs_dir = candidate
                break
    if docs_dir is None:
        _fail_line(f"cannot find the documents of {gold_dir} (hint: pass --docs DIR)")
        raise typer.Exit(2)
    extractions = link_across(list(iter_extractions([docs_dir / d for d in sorted(gold_docs)],
                                                    on_failure=lambda f: _fail_line(f.message))))
    report = evaluate(extractions, gold_docs)
    data = report.as_dict()
    if errors:
        data["errors"] = report.errors
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    for key, title in (("mentions_strict", "Mentions (strict)"), ("mentions_lenient", "Mentions (lenient)"),
                       ("entities", "Entities (label, id)"), ("facts", "Facts by predicate")):
        table = Table(title=title, title_justify="left")
        for col in ("", "P", "R", "F1", "tp", "fp", "fn"):
            table.add_column(col, justify="left" if not col else "right")
        for name, s in data[key].items():
            table.add_row(name, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
                          str(int(s["tp"])), str(int(s["fp"])), str(int(s["fn"])), style="bold" if name == "micro" else None)
        out.print(table)
    if errors:
        out.print_json(data=report.errors)


def main() -> None:
    try:
        app()
    except PolicyKGError as exc:
        _fail_line(exc.one_line())
        sys.exit(2)


if __name__ == "__main__":
    main()
