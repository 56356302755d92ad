"""The shipped named queries on a 1,000,000-triple graph: Oxigraph store against rdflib's Dataset.

    python bench/query_store.py [--triples 1000000] [--timeout 60] [--repeat 3] [--trig exports/graph.trig]

The graph: the seeds' graph (``exports/graph.trig``: one named graph per document plus
graph/knowledge) replicated until it holds ``--triples`` quads. Copy ``k`` of a document gets
its own IRIs wherever the original is specific to the document: the document's file name in
source, span, question, answer and graph IRIs and in literals (``004_...txt`` becomes
``004_...-k00012.txt``), and its statement IRIs (``statement/<hash>`` becomes
``statement/<hash>-k00012``). Entity IRIs (countries, licences, persons, ...) stay shared, as
they are between real documents. Copy 0 keeps the original names, so the seeds' ids work as
parameters. The knowledge graph is kept once. The N-Quads file and the Oxigraph store are
cached under ``--cache`` (default ``/tmp/pkg-bench-query``).

Each named query (graph/queries/*.rq, loaded by ``policy_kg.graph.query.named_queries``, its
parameters bound by ``bind_params``) runs:

- on Oxigraph through ``policy_kg.graph.query.execute`` (what ``policy-kg query --store`` does:
  the parameters as SEP-0007 substitutions, the store's merged default graph: every triple of
  the named graphs once), on an on-disk store filled by ``fill_store_dir`` and opened read-only in a forked child (best of ``--repeat`` runs, all
  results collected; stopped after ``--timeout`` x ``--repeat`` seconds);
- on ``rdflib.Dataset(default_union=True)`` holding the same quads, with the same parameters
  as ``initBindings``, once, in a forked child that is stopped after ``--timeout`` seconds
  (reported as ``>T s``; the ratio is then a lower bound).

Printed: one table with both times, the rows each returned and the ratio rdflib/Oxigraph per
query, and the geometric mean of the ratios (timeouts counted at the timeout: a lower bound).
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import os
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# values for the parameters a query requires (and a few optional ones, so they are exercised)
PARAMS = {
    "entity-mentions": {"entity": "COUNTRY:IL"},
    "licence-exclusions": {"licence": "NL007"},
    "licence-changes": {"licence": "NL007", "older": "004_29ef86805054f4de.txt", "newer": "003_d40e4f6b6bf2e055.txt"},
    "questions-about": {"about": "LICENCE:NL007"},
}

_DOC_RE = re.compile(r"(\d{3}_[0-9a-f]{16})\.txt")
_STATEMENT_RE = re.compile(r"(/id/statement/[0-9A-Za-z_-]+)>")


def make_nquads(trig: Path, out: Path, triples: int) -> int:
    """Write the replicated graph as N-Quads into ``out``; the number of quads."""
    import pyoxigraph as ox

    st = ox.Store()
    st.load(path=str(trig), format=ox.RdfFormat.TRIG)
    knowledge, per_doc = [], []
    for q in st:
        line = f"{q.subject} {q.predicate} {q.object} {q.graph_name} .\n" if not isinstance(q.graph_name, ox.DefaultGraph) \
            else f"{q.subject} {q.predicate} {q.object} .\n"
        (knowledge if "/graph/knowledge>" in line or isinstance(q.graph_name, ox.DefaultGraph) else per_doc).append(line)
    per_doc.sort()
    knowledge.sort()
    copies = max(1, math.ceil((triples - len(knowledge)) / len(per_doc)))
    n = 0
    tmp = out.with_suffix(".part")
    with open(tmp, "w", encoding="utf-8") as f:
        f.writelines(knowledge)
        n += len(knowledge)
        for k in range(copies):
            if k == 0:
                chunk = per_doc
            else:
                tag = f"-k{k:05d}"
                chunk = [_STATEMENT_RE.sub(rf"\1{tag}>", _DOC_RE.sub(rf"\1{tag}.txt", ln)) for ln in per_doc]
            room = triples - n
            if room <= 0:
                break
            f.writelines(chunk[:room])
            n += min(room, len(chunk))
    os.replace(tmp, out)
    return n


def oxigraph_store(nq: Path, store_dir: Path) -> tuple[int, float]:
    """Load ``nq`` into the on-disk store ``store_dir`` unless it already holds it, the way
    ``policy-kg build --store`` fills one (``policy_kg.graph.store.fill_store_dir``: the named
    graphs, then their merge as the default graph; the vocabulary left out, as rdflib does not
    get it); (quads, load seconds, the merge included). The store is closed again: the
    queries open it read-only."""
    import pyoxigraph as ox
    from policy_kg.graph.store import fill_store_dir

    marker = store_dir / ".loaded-from"
    stamp = f"merged {nq} {nq.stat().st_size} {nq.stat().st_mtime_ns}"
    if store_dir.exists() and marker.exists() and marker.read_text() == stamp:
        return len(ox.Store.read_only(str(store_dir))), 0.0
    if store_dir.exists():
        import shutil

        shutil.rmtree(store_dir)
    t0 = time.perf_counter()
    n = fill_store_dir(store_dir, [nq], ontology=False)
    marker.write_text(stamp)
    return n, time.perf_counter() - t0


def dedup_store(nq: Path, store_dir: Path) -> tuple[int, float]:
    """Like :func:`oxigraph_store`, plus every triple once in the default graph (a store keeps a
    set per graph), for queries that read the default graph instead of the union of the
    named graphs; (quads, load seconds)."""
    import pyoxigraph as ox

    marker = store_dir / ".loaded-from"
    stamp = f"dedup {nq} {nq.stat().st_size} {nq.stat().st_mtime_ns}"
    if store_dir.exists() and marker.exists() and marker.read_text() == stamp:
        return len(ox.Store.read_only(str(store_dir))), 0.0
    if store_dir.exists():
        import shutil

        shutil.rmtree(store_dir)
    t0 = time.perf_counter()
    st = ox.Store(str(store_dir))
    st.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    st.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in st.quads_for_pattern(None, None, None)
                   if not isinstance(q.graph_name, ox.DefaultGraph))
    st.optimize()
    n = len(st)
    st.flush()
    del st
    marker.write_text(stamp)
    return n, time.perf_counter() - t0


def _dedup_child(conn, store_dir: str, text: str, subs: dict, repeat: int) -> None:
    """The query on the default graph of the dedup store (every triple once), not the union."""
    try:
        import pyoxigraph as ox
        from policy_kg.graph.query import check_query, default_prefixes

        check_query(text)
        store = ox.Store.read_only(store_dir)
        best, n = math.inf, None
        for _ in range(max(1, repeat)):
            t0 = time.perf_counter()
            res = store.query(text, substitutions=dict(subs), prefixes=default_prefixes())
            n = 1 if isinstance(res, ox.QueryBoolean) else sum(1 for _ in res)
            best = min(best, time.perf_counter() - t0)
        conn.send(("ok", best, n))
    except Exception as exc:  # noqa: BLE001
        conn.send(("error", 0.0, f"{type(exc).__name__}: {' '.join(str(exc).split())[:120]}"))
    finally:
        conn.close()


def _rdflib_term(t):
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        return Literal(t.value, datatype=URIRef(t.datatype.value))
    raise TypeError(t)


_DS = None  # the rdflib Dataset, inherited by forked children


def _rdflib_child(conn, text: str, bindings: dict, prefixes: dict) -> None:
    try:
        t0 = time.perf_counter()
        res = _DS.query(text, initBindings=bindings, initNs=prefixes)
        n = len(list(res))
        conn.send(("ok", time.perf_counter() - t0, n))
    except Exception as exc:  # noqa: BLE001 - report, do not crash the benchmark
        conn.send(("error", 0.0, f"{type(exc).__name__}: {' '.join(str(exc).split())[:120]}"))
    finally:
        conn.close()


def _oxigraph_child(conn, store_dir: str, text: str, subs: dict, repeat: int) -> None:
    try:
        import pyoxigraph as ox
        from policy_kg.graph.query import execute

        store = ox.Store.read_only(store_dir)
        best, n = math.inf, None
        for _ in range(max(1, repeat)):
            t0 = time.perf_counter()
            res = execute(store, text, subs)
            best = min(best, time.perf_counter() - t0)
            n = len(res.rows) if res.kind == "select" else len(res.triples) if res.kind == "graph" else 1
        conn.send(("ok", best, n))
    except Exception as exc:  # noqa: BLE001
        conn.send(("error", 0.0, f"{type(exc).__name__}: {' '.join(str(exc).split())[:120]}"))
    finally:
        conn.close()


def run_child(target, args: tuple, timeout: float):
    """Run ``target(conn, *args)`` in a forked child; (status, seconds, rows) or a timeout."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=target, args=(child, *args))
    p.start()
    child.close()
    if parent.poll(timeout):
        status, t, n = parent.recv()
        p.join()
        return status, t, n
    p.kill()
    p.join()
    return "timeout", timeout, None


def _fmt_ratio(x: float) -> str:
    return f"{x:,.1f}" if x >= 10 else f"{x:.2g}"


def main() -> None:
    global _DS
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per rdflib query")
    ap.add_argument("--repeat", type=int, default=3, help="Oxigraph runs per query (best taken)")
    ap.add_argument("--trig", type=Path, default=ROOT / "exports" / "graph.trig")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/pkg-bench-query"))
    ap.add_argument("--only", help="comma-separated query names")
    ap.add_argument("--no-rdflib", action="store_true")
    ap.add_argument("--dedup", action="store_true",
                    help="also time Oxigraph on a default graph holding every triple once (not the union of the named graphs)")
    a = ap.parse_args()

    from policy_kg.graph.query import bind_params, default_prefixes, named_queries

    a.cache.mkdir(parents=True, exist_ok=True)
    nq = a.cache / f"seeds-x-{a.triples}.nq"
    if not nq.exists() or nq.stat().st_mtime < a.trig.stat().st_mtime:
        t0 = time.perf_counter()
        n = make_nquads(a.trig, nq, a.triples)
        print(f"wrote {nq}: {n:,} quads in {time.perf_counter() - t0:.1f} s", flush=True)
    with open(nq, encoding="utf-8") as f:
        quads = sum(1 for _ in f)
    store_dir = a.cache / f"oxigraph-{a.triples}"
    n_store, load_ox = oxigraph_store(nq, store_dir)
    print(f"oxigraph: {n_store:,} quads" + (f", bulk-loaded in {load_ox:.1f} s" if load_ox else " (cached store)"), flush=True)
    dedup_dir = a.cache / f"oxigraph-dedup-{a.triples}"
    if a.dedup:
        n_d, load_d = dedup_store(nq, dedup_dir)
        print(f"oxigraph dedup: {n_d:,} quads" + (f", loaded in {load_d:.1f} s" if load_d else " (cached store)"), flush=True)
    if not a.no_rdflib:
        from rdflib import Dataset

        t0 = time.perf_counter()
        _DS = Dataset(default_union=True)
        _DS.parse(str(nq), format="nquads")
        print(f"rdflib: {len(_DS):,} triples in the union, parsed in {time.perf_counter() - t0:.1f} s", flush=True)

    queries = named_queries()
    names = [q for q in queries if not a.only or q in a.only.split(",")]
    prefixes = default_prefixes()
    rows = []
    dedup_rows: dict[str, tuple] = {}
    for name in names:
        q = queries[name]
        subs = bind_params(q, PARAMS.get(name, {}))
        ox_status, best, n_ox = run_child(_oxigraph_child, (str(store_dir), q.text, subs, a.repeat),
                                          a.timeout * max(1, a.repeat))
        dd = None
        if a.dedup:
            dd = run_child(_dedup_child, (str(dedup_dir), q.text, subs, a.repeat), a.timeout * max(1, a.repeat))
            print(f"  {name}: oxigraph on the deduplicated default graph {dd[0]} {dd[1]:.3f} s ({dd[2]})", flush=True)
            dedup_rows[name] = dd
        if a.no_rdflib:
            rows.append((name, ox_status, best, n_ox, None, None, None))
            print(f"  {name}: oxigraph {ox_status} {best:.3f} s ({n_ox})", flush=True)
            continue
        bindings = {v.value: _rdflib_term(t) for v, t in subs.items()}
        status, t_rd, n_rd = run_child(_rdflib_child, (q.text, bindings, prefixes), a.timeout)
        rows.append((name, ox_status, best, n_ox, status, t_rd, n_rd))
        print(f"  {name}: oxigraph {ox_status} {best:.3f} s ({n_ox}); rdflib {status} {t_rd:.2f} s ({n_rd})", flush=True)

    print()
    print(f"{quads:,} quads ({a.triples:,} asked); Oxigraph {getattr(__import__('pyoxigraph'), '__version__', '?')} "
          f"on-disk store (best of {a.repeat}), rdflib {__import__('rdflib').__version__} Dataset(default_union=True) "
          f"(one run, timeout {a.timeout:g} s); {os.cpu_count()} cores")
    print(f"{'query':<24} {'oxigraph s':>11} {'rows':>7} {'rdflib s':>10} {'rows':>7} {'rdflib/ox':>10}")
    logs, bounded = [], 0
    for name, ox_status, t_ox, n_ox, status, t_rd, n_rd in rows:
        ox_shown = {"ok": f"{t_ox:.3f}", "timeout": f">{t_ox:.0f}", "error": "error"}[ox_status]
        ox_rows = n_ox if ox_status == "ok" else ""
        if status is None:
            print(f"{name:<24} {ox_shown:>11} {ox_rows:>7}")
            continue
        rd_shown = {"ok": f"{t_rd:.3f}", "timeout": f">{t_rd:.0f}", "error": "error"}[status]
        rd_rows = n_rd if status == "ok" else ""
        note = ""
        if status == "error":
            note = f"  rdflib: {n_rd}"
        if ox_status == "error":
            note += f"  oxigraph: {n_ox}"
        ratio_txt = ""
        if ox_status != "error" and status != "error" and not (ox_status == "timeout" and status == "timeout"):
            ratio = t_rd / max(t_ox, 1e-6)
            logs.append(math.log(ratio))
            ratio_txt = _fmt_ratio(ratio)
            if status == "timeout":
                ratio_txt, bounded = ">" + ratio_txt, bounded + 1
            elif ox_status == "timeout":
                ratio_txt, bounded = "<" + ratio_txt, bounded + 1
            if status == ox_status == "ok" and n_rd != n_ox:
                note += "  (row counts differ)"
        elif ox_status == status == "timeout":
            note += "  (both timed out)"
        print(f"{name:<24} {ox_shown:>11} {ox_rows:>7} {rd_shown:>10} {rd_rows:>7} {ratio_txt:>10}{note}")
    if logs:
        gm = math.exp(sum(logs) / len(logs))
        print(f"geometric mean rdflib/oxigraph over {len(logs)} queries: {_fmt_ratio(gm)}"
              + (f" ({bounded} of them bounded by a timeout, counted at the timeout)" if bounded else ""))
    if dedup_rows:
        print()
        print("Oxigraph on a default graph holding each triple once (instead of the union of the named graphs,")
        print("where a triple stated in k document graphs matches k times):")
        print(f"{'query':<24} {'union s':>9} {'dedup s':>9} {'rows':>7} {'rdflib s':>10} {'rdflib/dedup':>13}")
        dlogs, dbounded = [], 0
        for name, ox_status, t_ox, n_ox, status, t_rd, n_rd in rows:
            ds, dt, dn = dedup_rows[name]
            u = {"ok": f"{t_ox:.3f}", "timeout": f">{t_ox:.0f}", "error": "error"}[ox_status]
            d = {"ok": f"{dt:.3f}", "timeout": f">{dt:.0f}", "error": "error"}[ds]
            r = {"ok": f"{t_rd:.3f}", "timeout": f">{t_rd:.0f}", "error": "error"}.get(status, "")
            ratio = ""
            if ds != "error" and status in ("ok", "timeout") and not (ds == status == "timeout"):
                x = t_rd / max(dt, 1e-6)
                dlogs.append(math.log(x))
                ratio = (">" if status == "timeout" else "<" if ds == "timeout" else "") + _fmt_ratio(x)
                dbounded += status == "timeout" or ds == "timeout"
            print(f"{name:<24} {u:>9} {d:>9} {dn if ds == 'ok' else '':>7} {r:>10} {ratio:>13}")
        if dlogs:
            print(f"geometric mean rdflib/oxigraph-dedup over {len(dlogs)} queries: {_fmt_ratio(math.exp(sum(dlogs) / len(dlogs)))}"
                  + (f" ({dbounded} bounded by a timeout)" if dbounded else ""))


if __name__ == "__main__":
    main()
