"""Build time per document and peak memory at growing corpus sizes, side by side in one run.

    python bench/scale.py [--sizes 100,1000,10000] [--jobs 1] [--seed 1] [--corpus-root /tmp]

For each size N a synthetic corpus of N documents (bench/corpus.py, seed ``--seed``) is made
under ``--corpus-root`` (``pkg-corpus-<seed>-<N>``, reused when it is complete) and built by
``policy-kg build`` in a fresh subprocess (``python -m policy_kg.cli build CORPUS --out TMP -q``,
plus ``--jobs N`` when the CLI has that option), with an empty extraction cache
(``POLICY_KG_CACHE`` pointing at a new temporary folder), so every document is extracted.

Measured per size: wall time of the subprocess (start-up and pipeline loading included), time
per document, peak resident memory of the process tree (sum over the build and its workers,
sampled every 0.1 s with psutil when it is installed) and the largest single process
(``ru_maxrss`` of the finished children, from a small wrapper process per size). Then the
ratios time(N_i)/time(N_{i-1}) against the ratio of sizes: a linear build has time ratio =
size ratio (10 for 1,000 -> 10,000; the aim is <= 11), with memory flat or sub-linear (the
aim is <= 1.5 GB at 10,000 documents). Benchmarks measure; they assert nothing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import file_name, generate

WRAPPER = r"""
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write(p.stderr[-3000:])
print(json.dumps({"rc": p.returncode, "wall": wall, "maxrss_kb": ru.ru_maxrss, "cpu": ru.ru_utime + ru.ru_stime}))
"""


def corpus_dir(root: Path, seed: int, n: int) -> Path:
    d = root / f"pkg-corpus-{seed}-{n}"
    if not (d / file_name(n - 1)).exists() or len(list(d.glob("*.txt"))) != n:
        if d.exists():
            shutil.rmtree(d)
        t0 = time.perf_counter()
        docs, words = generate(n, d, seed, jobs=1)
        print(f"  generated {docs} documents, {words:,} words in {d} ({time.perf_counter() - t0:.1f} s)", flush=True)
    return d


def cli_options() -> str:
    p = subprocess.run([sys.executable, "-m", "policy_kg.cli", "build", "--help"], capture_output=True, text=True, check=False,
                       env={**os.environ, "COLUMNS": "200"})
    return p.stdout


def tree_rss(proc) -> int:
    try:
        procs = [proc] + proc.children(recursive=True)
    except Exception:  # noqa: BLE001 - the process ended
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except Exception:  # noqa: BLE001, S112 - a worker that ended between listing and reading
            continue
    return total


def run_build(corpus: Path, jobs: int, help_text: str, extra: list[str]) -> dict:
    out = Path(tempfile.mkdtemp(prefix="pkg-scale-out-"))
    cache = Path(tempfile.mkdtemp(prefix="pkg-scale-cache-"))
    cmd = [sys.executable, "-m", "policy_kg.cli", "build", str(corpus), "--out", str(out), "-q"]
    if "--jobs" in help_text:
        cmd += ["--jobs", str(jobs)]
    elif jobs != 1:
        print("  (this policy-kg build has no --jobs option: running in one process)", flush=True)
    cmd += extra
    env = {**os.environ, "POLICY_KG_CACHE": str(cache)}
    wrapper = subprocess.Popen([sys.executable, "-c", WRAPPER, *cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)
    peak = 0
    try:
        import psutil

        ps = psutil.Process(wrapper.pid)
        while wrapper.poll() is None:
            peak = max(peak, tree_rss(ps) - _own_rss(ps))
            time.sleep(0.1)
    except ImportError:
        pass
    stdout, stderr = wrapper.communicate()
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    res = json.loads(stdout.strip().splitlines()[-1])
    res["tree_peak_bytes"] = peak or None
    if res["rc"] != 0:
        res["error"] = " ".join(stderr.split())[-400:]
    return res


def _own_rss(ps) -> int:
    """The wrapper's own memory, left out of the tree figure (it is not the build)."""
    try:
        return ps.memory_info().rss
    except Exception:  # noqa: BLE001
        return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000,10000", help="comma-separated corpus sizes")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus-root", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--build-arg", action="append", default=[], help="extra argument for policy-kg build (repeatable)")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",") if s.strip()]
    help_text = cli_options()
    rows = []
    for n in sizes:
        print(f"size {n}:", flush=True)
        corpus = corpus_dir(a.corpus_root, a.seed, n)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.glob("*.txt"))
        res = run_build(corpus, a.jobs, help_text, a.build_arg)
        res.update(n=n, words=words)
        rows.append(res)
        if res["rc"] != 0:
            print(f"  build failed (exit {res['rc']}): {res.get('error', '')}", flush=True)
        else:
            tree = f"{res['tree_peak_bytes'] / 2**20:,.0f} MiB" if res["tree_peak_bytes"] else "n/a"
            print(f"  {res['wall']:.1f} s wall, {1000 * res['wall'] / n:.1f} ms/document, "
                  f"peak RSS tree {tree}, largest process {res['maxrss_kb'] / 1024:,.0f} MiB", flush=True)

    print()
    print(f"policy-kg build, --jobs {a.jobs}{' (not supported: 1 process)' if '--jobs' not in help_text else ''}, "
          f"{os.cpu_count()} cores")
    print(f"{'documents':>10} {'words':>12} {'wall s':>9} {'ms/doc':>8} {'words/s':>9} {'tree RSS MiB':>13} {'max proc MiB':>13}")
    for r in rows:
        if r["rc"] != 0:
            print(f"{r['n']:>10,} {r['words']:>12,} {'failed':>9}")
            continue
        tree = f"{r['tree_peak_bytes'] / 2**20:,.0f}" if r["tree_peak_bytes"] else "n/a"
        print(f"{r['n']:>10,} {r['words']:>12,} {r['wall']:>9.1f} {1000 * r['wall'] / r['n']:>8.1f} "
              f"{r['words'] / r['wall']:>9,.0f} {tree:>13} {r['maxrss_kb'] / 1024:>13,.0f}")
    ok = [r for r in rows if r["rc"] == 0]
    for prev, cur in itertools.pairwise(ok):
        print(f"time({cur['n']:,})/time({prev['n']:,}) = {cur['wall'] / prev['wall']:.2f}  "
              f"(size ratio {cur['n'] / prev['n']:g}; per-document time ratio "
              f"{(cur['wall'] / cur['n']) / (prev['wall'] / prev['n']):.2f})")


if __name__ == "__main__":
    main()
