"""Words per second of `extract`: one process, ``--jobs N`` processes, and Frog, in one run.

    python bench/jobs_speed.py [--docs FOLDER | --n 200 --seed 1] [--jobs 2] [--frog-docs 20] [--no-frog]

The documents are a synthetic corpus (bench/corpus.py, generated into a temporary folder
unless ``--docs`` names one). Words are ``len(text.split())`` of each file as read.

- one process: ``policy_kg.extract.extract`` over every document in this process, after the
  pipeline is loaded (loading excluded); and ``run_extractions(paths, jobs=1)``, the build's
  one-process path, which also builds each document's graph and export rows (a cache entry);
- N processes: the build's own path, ``policy_kg.parallel.run_extractions(paths, jobs=N)``
  (spawned workers that load the pipeline once each, results as cache entries). When that
  module is not there (an older checkout) a ProcessPoolExecutor over ``extract`` stands in,
  and the output says so. Worker start-up (spawning, loading the pipeline) is included in
  the wall time and also printed apart, with the rate without it;
- Frog (``frog --skip=acmpl -t``: tokenizer, tagger, NER, as in bench/frog_compare.py) on the
  first ``--frog-docs`` documents joined into one file, its own "Frogging in total took" time
  (model loading excluded).

Ratios are printed against the one-process rate. Figures depend on the machine and on what
else runs on it; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _words(paths: list[Path]) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in paths)


def one_process(paths: list[Path]) -> tuple[float, float]:
    """(load seconds, extract seconds) in this process."""
    from policy_kg.ner.pipeline import default_nlp

    from policy_kg.extract import extract
    from policy_kg.readers import read_document

    t0 = time.perf_counter()
    nlp = default_nlp()
    extract(read_document(paths[0]), nlp)  # warm-up: lazy tables, first-call costs
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    for p in paths:
        extract(read_document(p), nlp)
    return load, time.perf_counter() - t1


def _warm() -> None:
    from policy_kg.ner.pipeline import default_nlp

    default_nlp()


def _extract_path(path: str) -> int:
    from policy_kg.extract import extract
    from policy_kg.readers import read_document

    return len(extract(read_document(path)).facts)


def _noop(_: int) -> int:
    return 0


def n_processes(paths: list[Path], jobs: int) -> tuple[str, float, float]:
    """(how, start-up seconds, total wall seconds) for ``jobs`` processes."""
    try:
        from policy_kg.parallel import run_extractions
    except ImportError:
        run_extractions = None
    if run_extractions is not None:
        # start-up alone: the same pool on one tiny document per worker
        t0 = time.perf_counter()
        list(run_extractions([str(paths[0])] * jobs, jobs=jobs))
        startup = time.perf_counter() - t0
        t1 = time.perf_counter()
        out = list(run_extractions([str(p) for p in paths], jobs=jobs))
        total = time.perf_counter() - t1
        bad = [o for o in out if getattr(o, "error", None)]
        if bad:
            print(f"  {len(bad)} failures, first: {bad[0].error}", file=sys.stderr)
        return "policy_kg.parallel.run_extractions (the build's --jobs path)", startup, total
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    t0 = time.perf_counter()
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_warm) as pool:
        list(pool.map(_noop, range(jobs)))
    startup = time.perf_counter() - t0
    t1 = time.perf_counter()
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_warm) as pool:
        list(pool.map(_extract_path, [str(p) for p in paths], chunksize=4))
    total = time.perf_counter() - t1
    return "own ProcessPoolExecutor over extract (policy_kg.parallel not found)", startup, total


def frog(paths: list[Path], skip: str) -> tuple[int, float] | None:
    """(words, Frog's own processing seconds) on ``paths`` joined into one file, or None without Frog."""
    if not shutil.which("frog"):
        return None
    from frog_compare import _TOOK

    text = "\n\n".join(p.read_text(encoding="utf-8") for p in paths)
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "in.txt"
        src.write_text(text, encoding="utf-8")
        proc = subprocess.run(["frog", f"--skip={skip}", "-t", str(src)], cwd=d, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print(f"frog failed ({proc.returncode}): {proc.stderr[-300:]}", file=sys.stderr)
        return None
    m = _TOOK.search(proc.stderr)
    if not m:
        return None
    took = int(m.group(1)) + int(m.group(2)) / 1e3 + int(m.group(3)) / 1e6
    return len(text.split()), took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=Path, help="folder of .txt documents (default: generate --n documents)")
    ap.add_argument("--n", type=int, default=200, help="documents to generate when --docs is not given")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--frog-docs", type=int, default=20, help="documents given to Frog (it is slow)")
    ap.add_argument("--frog-skip", default="acmpl")
    ap.add_argument("--no-frog", action="store_true")
    a = ap.parse_args()

    tmp = None
    if a.docs is None:
        from corpus import generate

        tmp = tempfile.mkdtemp(prefix="pkg-jobs-")
        generate(a.n, tmp, a.seed)
        a.docs = Path(tmp)
    paths = sorted(p for p in a.docs.glob("*.txt"))
    words = _words(paths)
    print(f"{len(paths)} documents, {words:,} words ({a.docs}); {os.cpu_count()} cores")

    load, t1 = one_process(paths)
    r1 = words / t1
    print(f"one process     : {t1:7.2f} s  {r1:9,.0f} words/s  (pipeline load {load:.2f} s excluded)")

    try:
        from policy_kg.parallel import run_extractions

        t0 = time.perf_counter()
        list(run_extractions([str(p) for p in paths], jobs=1))
        t1b = time.perf_counter() - t0
        print(f"--jobs 1        : {t1b:7.2f} s  {words / t1b:9,.0f} words/s  (run_extractions in this process: "
              f"extract + the document's graph, as a cache entry)")
    except ImportError:
        t1b = None

    how, startup, tn = n_processes(paths, a.jobs)
    rn = words / tn
    rn_net = words / max(tn - startup, 1e-9)
    print(f"--jobs {a.jobs:<2}       : {tn:7.2f} s  {rn:9,.0f} words/s  ({how}; start-up {startup:.2f} s included; "
          f"without it {rn_net:,.0f} words/s)")

    rf = None
    if not a.no_frog:
        fr = frog(paths[: a.frog_docs], a.frog_skip)
        if fr is None:
            print("frog            : not run (frog not installed or failed)")
        else:
            fw, ft = fr
            rf = fw / ft
            print(f"frog            : {ft:7.2f} s  {rf:9,.0f} words/s  ({fw:,} words of the first {a.frog_docs} "
                  f"documents, --skip={a.frog_skip}, Frog's own time, loading excluded)")

    print("ratios (words/s):")
    print(f"  --jobs {a.jobs} / one process = {rn / r1:.2f}  (without start-up {rn_net / r1:.2f})")
    if t1b:
        print(f"  --jobs {a.jobs} / --jobs 1    = {t1b / tn:.2f}  (without start-up {t1b / max(tn - startup, 1e-9):.2f})")
    if rf:
        print(f"  one process / frog  = {r1 / rf:.1f}")
        print(f"  --jobs {a.jobs} / frog     = {rn / rf:.1f}")
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
