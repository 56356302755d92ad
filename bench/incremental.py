"""Rebuild after one document changed: what is extracted again, how long it takes, and whether the
result equals a clean build. Side by side in one run.

    python bench/incremental.py [--n 1000] [--seed 1] [--corpus-root /tmp] [--change K]

A synthetic corpus of N documents (bench/corpus.py, made under ``--corpus-root`` or reused) is
copied into a temporary folder and built three times with ``policy-kg build`` in fresh
subprocesses:

1. a first build into an empty extraction cache (every document extracted);
2. document K (default: the middle one) gets one more paragraph, and the corpus is built again
   with the same cache: only that document should be extracted;
3. a clean build of the changed corpus with ``--no-cache``.

Printed: wall time of each build, the build's own count of extracted and cached documents, the
ratio rebuild / clean build, and whether the output folders of builds 2 and 3 are byte-identical
(every file, the HTML pages included). Benchmarks measure; they assert nothing.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import file_name
from scale import corpus_dir

EXTRA = ("\n\nIn aanvulling op het voorgaande meld ik uw Kamer dat de vergunning NL007 niet geldt "
         "voor uitvoer naar Israël. Dit besluit is op 8 april 2025 genomen.\n")
SUMMARY = re.compile(r"built (\d+) documents \((\d+) extracted, (\d+) from the cache\)")


def build(corpus: Path, out: Path, extra: list[str]) -> dict:
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "policy_kg.cli", "build", str(corpus), "--out", str(out), "-q", *extra],
                       capture_output=True, text=True, check=False, env={**os.environ, "COLUMNS": "200"})
    wall = time.perf_counter() - t0
    m = SUMMARY.search(p.stdout + p.stderr)
    if p.returncode != 0 or not m:
        sys.exit(f"build failed ({p.returncode}): {(p.stdout + p.stderr)[-2000:]}")
    return {"wall": wall, "docs": int(m[1]), "extracted": int(m[2]), "cached": int(m[3])}


def differences(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only, as paths relative to ``a``/``b``."""
    out: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        out.extend(prefix + n for n in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(prefix + n for n in mismatch + errors)
        for name, sub in sorted(cmp.subdirs.items()):
            walk(sub, prefix + name + "/")

    walk(filecmp.dircmp(a, b), "")
    return sorted(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus-root", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--change", type=int, default=None, help="index of the document to change (default: the middle one)")
    args = ap.parse_args(argv)

    source = corpus_dir(args.corpus_root, args.seed, args.n)
    with tempfile.TemporaryDirectory(prefix="pkg-incremental-") as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        shutil.copytree(source, corpus)
        cache = tmp / "cache"
        first = build(corpus, tmp / "out-first", ["--cache", str(cache)])
        changed = corpus / file_name(args.n // 2 if args.change is None else args.change)
        with changed.open("a", encoding="utf-8") as f:
            f.write(EXTRA)
        again = build(corpus, tmp / "out-rebuild", ["--cache", str(cache)])
        clean = build(corpus, tmp / "out-clean", ["--no-cache"])
        diff = differences(tmp / "out-rebuild", tmp / "out-clean")
        files = sum(1 for p in (tmp / "out-clean").rglob("*") if p.is_file())

    print(f"policy-kg build, {args.n:,} documents (seed {args.seed}), {os.cpu_count()} cores; changed: {changed.name}")
    print(f"{'build':<34} {'wall s':>8} {'extracted':>10} {'from cache':>11}")
    for name, r in (("first, empty cache", first), ("after the change, same cache", again), ("clean (--no-cache)", clean)):
        print(f"{name:<34} {r['wall']:8.1f} {r['extracted']:10,} {r['cached']:11,}")
    print(f"rebuild / clean build = {again['wall'] / clean['wall']:.2f}")
    print(f"rebuild and clean build byte-identical: {'yes' if not diff else 'NO'} ({files:,} files compared"
          + (f"; differing: {', '.join(diff[:10])}" if diff else "") + ")")


if __name__ == "__main__":
    main()
