"""The ``policy-kg`` command: a thin layer over the library functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
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
        err.print(f"{len(failures)} of {len(failures) + len(extractions)} files failed: {_names(failures)}", highlight=False)
        raise typer.Exit(1)


def _names(failures, limit: int = 20) -> str:
    """The failed files' names for the summary line: the first ``limit``, then how many more."""
    names = [Path(f.path).name for f in failures]
    more = f" and {len(names) - limit} more (see the error lines above)" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


@app.command("build")
def build_cli(
    inputs: Optional[List[Path]] = typer.Argument(None, help="Files or folders; default: seeds/."),
    out_dir: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder; default: exports/."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    store: Optional[str] = typer.Option(None, "--store", help="Also load the graph into a store: an Oxigraph store directory (for query/serve --store; only changed graphs are reloaded) or an http(s) SPARQL endpoint URL."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Extract in this many processes (or Dask workers of a local cluster)."),
    executor: str = typer.Option("local", "--executor", help="local (this machine) or dask (a Dask cluster: --scheduler, else a local one)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Address of the Dask scheduler (tcp://host:8786) for --executor dask."),
    cache: Optional[Path] = typer.Option(None, "--cache", help="Folder of the extraction cache; default: $POLICY_KG_CACHE or ~/.cache/policy-kg."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Extract every document again and keep nothing."),
    in_memory_limit: Optional[int] = typer.Option(None, "--in-memory-limit", min=0, help="Quads up to which the whole graph is held in memory for graph.ttl/.jsonld/.nt, GraphML, GEXF, entities.csv, void.ttl and the SHACL check (larger builds skip those, with a warning; the TriG, facts.csv, JSONL and HTML views are always written)."),
) -> None:
    """Build the graph of INPUTS, check it against the SHACL shapes, and write its exports (RDF, CSV, GraphML/GEXF, VoID, JSONL, HTML)."""
    from .build import IN_MEMORY_QUADS, build, default_inputs
    from .readers import iter_input_files

    paths = list(inputs) if inputs else default_inputs()
    files = iter_input_files(paths)
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, disable=quiet or not err.is_terminal, transient=True)
    with progress:
        task = progress.add_task("extracting", total=len(files))

        def phase(name: str, total: int) -> None:
            progress.reset(task, description=name, total=total or 1, completed=0)  # exports: one step

        result = build(
            files, out_dir,
            on_failure=lambda f: progress.console.print(f"[red]error:[/red] {f.message}", highlight=False),
            on_progress=lambda p: progress.advance(task),
            on_warning=lambda w: progress.console.print(f"[yellow]warning:[/yellow] {w}", highlight=False),
            on_phase=phase,
            store_dir=store, jobs=jobs, executor=executor, scheduler=scheduler,
            cache_dir=cache, use_cache=not no_cache,
            in_memory_limit=IN_MEMORY_QUADS if in_memory_limit is None else in_memory_limit,
        )
    counts = result.counts()
    folder = result.written[0].parent if result.written else out_dir
    err.print(
        f"built {counts['documents']} documents ({counts['extracted']} extracted, {counts['cached']} from the cache): "
        f"{counts['mentions']} mentions, {counts['entities']} entities, {counts['facts']} facts -> {folder}",
        highlight=False,
    )
    if store:
        err.print(f"loaded the graph into the store {store}", highlight=False)
    if result.failures:
        err.print(f"[red]{len(result.failures)} of {len(files)} files failed: {escape(_names(result.failures))}[/red]",
                  highlight=False)
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


@app.command("stats")
def stats_cli(
    inputs: Optional[List[Path]] = typer.Argument(
        None, help="An RDF export (.ttl, .trig, .nt, .nq, .jsonld), or documents/folders to extract; "
                   "default: exports/graph.trig."),
    top: int = typer.Option(10, "--top", "-n", min=1, help="How many of the most connected entities to list."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Figures of the graph: counts by class and predicate, most connected entities, components."""
    from .build import default_out_dir, iter_extractions
    from .graph.rdf import build_dataset
    from .graph.stats import graph_stats, is_rdf_file, load_graph

    paths = list(inputs) if inputs else [default_out_dir() / "graph.trig"]
    if all(is_rdf_file(p) for p in paths):
        from rdflib import Graph

        graph = Graph()
        for p in paths:
            for t in load_graph(p):
                graph.add(t)
    else:
        missing = [p for p in paths if not p.exists()]
        if missing:
            _fail_line(f"{missing[0]}: no such file or folder (hint: run `policy-kg build` first, or pass a graph file)")
            raise typer.Exit(2)
        extractions = list(iter_extractions(paths, on_failure=lambda f: _fail_line(f.message), on_warning=_warn_line))
        graph = build_dataset(sorted(extractions, key=lambda x: x.document.id))
    data = graph_stats(graph, top=top)
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    totals = Table(title="Totals", title_justify="left")
    totals.add_column("")
    totals.add_column("count", justify="right")
    for name, value in data["totals"].items():
        totals.add_row(name.replace("_", " "), str(value))
    out.print(totals)
    classes = Table(title="Instances by class", title_justify="left")
    classes.add_column("class")
    classes.add_column("instances", justify="right")
    for name, n in data["classes"].items():
        classes.add_row(name, str(n))
    out.print(classes)
    preds = Table(title="Facts by predicate", title_justify="left")
    for col in ("predicate", "triples", "statements"):
        preds.add_column(col, justify="left" if col == "predicate" else "right")
    for name, c in data["predicates"].items():
        preds.add_row(name, str(c["triples"]), str(c["statements"]))
    out.print(preds)
    ranked = Table(title=f"Most connected (top {top})", title_justify="left")
    for col in ("label", "name", "degree", "in", "out", "documents"):
        ranked.add_column(col, justify="left" if col in ("label", "name") else "right")
    for r in data["most_connected"]:
        ranked.add_row(r["label"], r["name"], str(r["degree"]), str(r["in"]), str(r["out"]), str(r["documents"]))
    out.print(ranked)
    comp = data["components"]
    out.print(f"Components: {comp['count']} (largest {', '.join(map(str, comp['largest_sizes'])) or '-'}; "
              f"{comp['isolated_nodes']} isolated nodes, {comp['nodes_in_facts']} nodes in facts)", highlight=False)


@app.command("query")
def query_cli(
    query: Optional[str] = typer.Argument(None, help="A named query (see --list), a .rq file, or SPARQL text."),
    param: List[str] = typer.Option([], "--param", "-p", help="NAME=VALUE for a parameter of the query (repeatable)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv, tsv or json; CONSTRUCT/DESCRIBE: turtle, jsonld, ntriples or rdfxml."),
    data: Optional[List[Path]] = typer.Option(None, "--data", help="RDF file or build output folder to query; default: exports/."),
    store: Optional[Path] = typer.Option(None, "--store", help="Query the Oxigraph store in this directory (from build --store) instead of --data."),
    out_file: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the result here instead of standard output."),
    list_queries: bool = typer.Option(False, "--list", help="List the named queries with their parameters."),
) -> None:
    """Run a SPARQL query over the graph: a named query, a .rq file or SPARQL text."""
    from .build import default_out_dir
    from .graph import query as q
    from .graph.store import load_source, open_store
    from .io import atomic_write

    if list_queries:
        table = Table(title="Named queries (policy-kg query NAME [--param name=value])", title_justify="left")
        for col in ("name", "title", "parameters"):
            table.add_column(col, overflow="fold")
        for name, nq in q.named_queries().items():
            table.add_row(name, nq.title, "\n".join(p.describe() for p in nq.params))
        out.print(table)
        return
    if not query:
        _fail_line("give a query name, a .rq file or SPARQL text (hint: policy-kg query --list)")
        raise typer.Exit(2)
    resolved = q.resolve_query(query)
    subs = q.bind_params(resolved.named, q.parse_param_args(param))
    if store is not None:
        graph_store = open_store(store, read_only=True)
    else:
        graph_store = open_store(None)
        load_source(graph_store, data or [default_out_dir()])
    result = q.execute(graph_store, resolved.text, subs)
    fmt = fmt.lower()
    if fmt == "table" and result.kind != "graph":
        if out_file:
            _fail_line("--format table is for the terminal (hint: use --format csv, tsv or json with --out)")
            raise typer.Exit(2)
        out.print(q.to_table(result, title=resolved.named.title if resolved.named else None))
        if result.kind == "select":
            err.print(f"{len(result.rows)} rows", highlight=False)
        return
    if result.kind == "graph" and fmt not in q.GRAPH_FORMATS:
        fmt = "jsonld" if fmt == "json" else "turtle"
    body = q.serialise(result, fmt)
    if out_file:
        atomic_write(out_file, body)
        err.print(f"wrote {out_file} ({len(result)} {'triples' if result.kind == 'graph' else 'rows'})", highlight=False)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()


@app.command("serve")
def serve_cli(
    directory: Optional[Path] = typer.Argument(None, help="A build's output folder: its graph is served, its files too; default: exports/."),
    store: Optional[Path] = typer.Option(None, "--store", help="Serve the Oxigraph store in this directory (from build --store) instead of DIRECTORY's graph."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 exposes the endpoint to the network)."),
    port: int = typer.Option(7878, "--port", help="Port to listen on (0: any free port)."),
    timeout: float = typer.Option(10.0, "--timeout", help="Seconds a query (or update) may run before it is stopped (503)."),
    max_rows: int = typer.Option(10_000, "--max-rows", min=1, help="Rows (or triples) at most in a result; more are cut (header X-Result-Truncated)."),
    max_result_bytes: int = typer.Option(16 << 20, "--max-result-bytes", min=1, help="Bytes at most in a result; longer ones are cut at a whole row (header X-Result-Truncated)."),
    max_body: int = typer.Option(1 << 20, "--max-body", min=1, help="Bytes at most in a request body (413 beyond)."),
    max_memory: int = typer.Option(2048, "--max-memory", min=0, help="MB of address space per query worker (RLIMIT_AS; 0: no limit)."),
    workers: int = typer.Option(2, "--workers", min=1, help="Queries that may run at the same time."),
    allow_update: bool = typer.Option(False, "--allow-update", help="Accept SPARQL Update (POST, Authorization: Bearer TOKEN); needs --token-file or POLICY_KG_UPDATE_TOKEN."),
    token_file: Optional[Path] = typer.Option(None, "--token-file", help="File whose first line is the update token (with --allow-update)."),
    cors_origin: List[str] = typer.Option([], "--cors-origin", help="Origin whose pages may read the responses (repeatable; * for any). Default: none."),
    request_timeout: float = typer.Option(20.0, "--request-timeout", min=0.1, help="Seconds a client has to send a whole request (slow clients are cut off)."),
    max_connections: int = typer.Option(64, "--max-connections", min=1, help="Open connections at most (503 beyond)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not log requests."),
) -> None:
    """Serve the graph as a SPARQL endpoint (/sparql) with a query page and the visualisations; read-only unless --allow-update."""
    from .build import default_out_dir
    from .graph.server import make_server, read_token

    folder = directory or default_out_dir()
    if not folder.is_dir():
        _fail_line(f"{folder}: no such folder (hint: run policy-kg build first, or give the output folder)")
        raise typer.Exit(2)
    token = None
    if allow_update:
        try:
            token, warnings = read_token(token_file)
        except PolicyKGError as exc:
            _fail_line(exc.one_line())
            raise typer.Exit(2) from None
        for w in warnings:
            _warn_line(w)
    elif token_file is not None:
        _warn_line("--token-file is ignored without --allow-update: the endpoint is read-only")
    if host not in ("127.0.0.1", "localhost", "::1"):
        _warn_line(f"listening on {host}: anyone who can reach this address can query the graph"
                   + (" and, with the token, change it (the token travels in clear over plain HTTP)" if allow_update else ""))
    server = make_server(folder, store_dir=store, host=host, port=port, time_limit=timeout, max_rows=max_rows,
                         max_result_bytes=max_result_bytes, max_body=max_body, max_memory_mb=max_memory,
                         workers=workers, quiet=quiet, allow_update=allow_update, update_token=token,
                         cors_origins=cors_origin, request_timeout=request_timeout, max_connections=max_connections)
    mode = "updates allowed with the token" if allow_update else "read-only"
    err.print(f"serving {store or folder} at {server.url} (SPARQL endpoint: {server.url}sparql, {mode}); Ctrl-C stops",
              highlight=False)

    def stop(signum, frame):  # SIGTERM: stop as on Ctrl-C, so that the workers and the temporary store go too
        raise KeyboardInterrupt

    import signal

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        err.print("stopped", highlight=False)
    finally:
        server.close()


def main() -> None:
    try:
        app()
    except PolicyKGError as exc:
        _fail_line(exc.one_line())
        sys.exit(2)


if __name__ == "__main__":
    main()
