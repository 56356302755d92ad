"""Words per second of `extract` on the seeds, in one process, model loading excluded.

    python bench/extract_speed.py [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from policy_kg.ner.pipeline import default_nlp

from policy_kg.extract import extract
from policy_kg.readers import read_document

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    t0 = time.perf_counter()
    nlp = default_nlp()
    docs = [read_document(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    load = time.perf_counter() - t0
    words = sum(len(d.text.split()) for d in docs) * args.repeat
    t1 = time.perf_counter()
    for _ in range(args.repeat):
        for d in docs:
            extract(d, nlp)
    spent = time.perf_counter() - t1
    print(f"loading: {load:.2f} s (excluded)")
    print(f"extract: {words} words in {spent:.2f} s = {words / spent:,.0f} words/s (one process)")


if __name__ == "__main__":
    main()
