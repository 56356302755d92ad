"""Frog against policy-kg on the seed documents: F1 on PER/ORG/LOC and words per second.

    apt-get install -y frog frogdata      # Debian bookworm: frog 0.20, runs offline
    python bench/frog_compare.py [--frog-skip acmpl] [--repeat 5] [--ner-only]

Both systems read the same five seeds. Frog runs with its tokenizer, tagger and NER only
(``--skip=acmpl``: no lemmatiser, morphology, chunker, multi-word units or parser; NER output is
the same as with them) on the cleaned text of each seed (the same view policy-kg works on: words
hyphenated over lines joined, whitespace folded, a line break kept at each paragraph break),
which helps Frog. Frog's IOB column is aligned back to character offsets by walking its tokens
through that text, then mapped to the text as read.

Labels: Frog PER -> PERSON, ORG -> ORG, LOC -> LOC, others ignored; policy-kg PERSON, ORG,
COUNTRY and PLACE (-> LOC); gold likewise. Spans match strictly (same start, end and label).

Speed: words are ``len(text.split())`` of each seed as read. Frog's time is the sum of its own
"Frogging in total took" lines (processing, model loading excluded); the wall time of each Frog
run minus that of a one-word run (loading) is printed as a check. policy-kg's time is ``extract``
(or ``recognise`` with ``--ner-only``) over the seeds ``--repeat`` times in this process, after
one warm-up pass that loads the pipeline.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from policy_kg.ner.sentences import paragraph_breaks
from policy_kg.ner.textview import TextView, make_view

from policy_kg.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
LABELS = ("PERSON", "ORG", "LOC")
FROG_MAP = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
OURS_MAP = {"PERSON": "PERSON", "ORG": "ORG", "COUNTRY": "LOC", "PLACE": "LOC"}
_TOOK = re.compile(r"Frogging in total took:\s*(\d+) seconds?, (\d+) milliseconds? and (\d+) microseconds?")


def frog_input(view: TextView) -> str:
    """The cleaned text with a line break at each paragraph break (same length, same offsets)."""
    chars = list(view.clean)
    for i in paragraph_breaks(view):
        chars[i] = "\n"
    return "".join(chars)


def run_frog(text: str, skip: str, workdir: Path) -> tuple[list[tuple[str, str]], float, float]:
    """(token, IOB tag) pairs, Frog's own processing time and the wall time of the run."""
    src = workdir / "in.txt"
    src.write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    # frog 0.20 writes an empty file with "-o ... --nostdout": read its standard output
    proc = subprocess.run(["frog", f"--skip={skip}", "-t", str(src)], cwd=workdir, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"frog failed ({proc.returncode}): {proc.stderr[-500:]}")
    m = _TOOK.search(proc.stderr)
    took = int(m.group(1)) + int(m.group(2)) / 1e3 + int(m.group(3)) / 1e6 if m else float("nan")
    tokens = []
    for line in proc.stdout.splitlines():
        cols = line.split("\t")
        if len(cols) >= 7 and cols[0].isdigit():
            tokens.append((cols[1], _ner_column(cols)))
        elif not line.strip():
            tokens.append(("", "O"))  # sentence break
    return tokens, took, wall


_FLOAT = re.compile(r"\d\.\d+")


def _ner_column(cols: list[str]) -> str:
    """The IOB tag: the column after the tagger's confidence (skipped modules leave empty columns,
    so the index moves)."""
    for i in range(2, len(cols) - 1):
        if _FLOAT.fullmatch(cols[i]):
            return cols[i + 1] or "O"
    return "O"


def align(text: str, tokens: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Frog's IOB tokens -> (start, end, Frog label) spans of ``text``; a token not found nearby is skipped
    (and ends any open entity)."""
    spans: list[tuple[int, int, str]] = []
    pos = 0
    open_span: list | None = None

    def close():
        nonlocal open_span
        if open_span:
            spans.append(tuple(open_span))
        open_span = None

    for tok, tag in tokens:
        if not tok:
            close()
            continue
        at = text.find(tok, pos, pos + 200)
        if at < 0:
            close()
            continue
        end = at + len(tok)
        pos = end
        if tag.startswith("B-"):
            close()
            open_span = [at, end, tag[2:].upper()]
        elif tag.startswith("I-") and open_span and open_span[2] == tag[2:].upper():
            open_span[1] = end
        elif tag.startswith("I-"):
            close()
            open_span = [at, end, tag[2:].upper()]
        else:
            close()
    close()
    return spans


def gold_spans(doc_name: str, gold_dir: Path = ROOT / "tests" / "gold") -> set[tuple[int, int, str]]:
    path = next(p for p in sorted(gold_dir.glob("*.json")) if json.loads(p.read_text(encoding="utf-8"))["doc"] == doc_name)
    gold = json.loads(path.read_text(encoding="utf-8"))
    return {(e["start"], e["end"], OURS_MAP[e["label"]]) for e in gold["entities"] if e["label"] in OURS_MAP}


def prf(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def count(gold: set, pred: set, into: dict[str, Counter]) -> None:
    for lab in LABELS:
        g = {s for s in gold if s[2] == lab}
        p = {s for s in pred if s[2] == lab}
        for key, n in (("tp", len(g & p)), ("fp", len(p - g)), ("fn", len(g - p))):
            into[lab][key] += n
            into["micro"][key] += n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frog-skip", default="acmpl", help="Frog modules to skip (NER must stay on)")
    parser.add_argument("--repeat", type=int, default=5, help="passes of policy-kg over the seeds")
    parser.add_argument("--ner-only", action="store_true", help="time policy-kg's recognise instead of extract")
    parser.add_argument("--docs", type=Path, default=ROOT / "seeds", help="documents (default: seeds/)")
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold",
                        help="their gold (default: tests/gold; bench/heldout/gold for the untuned set)")
    args = parser.parse_args()
    if shutil.which("frog") is None:
        sys.exit("frog is not installed: apt-get install -y frog frogdata")

    docs = [read_document(p) for p in sorted(args.docs.glob("*.txt"))]
    words = sum(len(d.text.split()) for d in docs)

    # policy-kg: load, warm up, then time
    from policy_kg.ner.pipeline import default_nlp, recognise

    nlp = default_nlp()
    if args.ner_only:
        def run(d):
            return recognise(d, nlp)
    else:
        from policy_kg.extract import extract

        def run(d):
            return extract(d, nlp).mentions
    ours = {d.id: run(d) for d in docs}
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for d in docs:
            run(d)
    ours_time = (time.perf_counter() - t0) / args.repeat

    # Frog: one run per document, plus a one-word run for its loading time
    frog_spans: dict[str, set] = {}
    frog_took = frog_wall = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        _, _, load_wall = run_frog("Test.", args.frog_skip, work)
        for d in docs:
            view = make_view(d.text)
            text = frog_input(view)
            tokens, took, wall = run_frog(text, args.frog_skip, work)
            frog_took += took
            frog_wall += wall - load_wall
            spans = set()
            for s, e, lab in align(text, tokens):
                if lab in FROG_MAP:
                    rs, re_ = view.raw_span(s, e)
                    spans.add((rs, re_, FROG_MAP[lab]))
            frog_spans[d.id] = spans

    scores = {name: {lab: Counter() for lab in (*LABELS, "micro")} for name in ("frog", "policy-kg")}
    for d in docs:
        gold = gold_spans(d.id, args.gold)
        count(gold, frog_spans[d.id], scores["frog"])
        mine = {(m.start, m.end, OURS_MAP[m.label]) for m in ours[d.id] if m.label in OURS_MAP}
        count(gold, mine, scores["policy-kg"])

    print(f"{args.docs.name}: {len(docs)} documents, {words} words; strict spans; gold PER/ORG/LOC = "
          + ", ".join(f"{lab} {scores['frog'][lab]['tp'] + scores['frog'][lab]['fn']}" for lab in LABELS))
    print()
    print("| system | " + " | ".join(f"{lab} P/R/F1" for lab in (*LABELS, "micro")) + " |")
    print("|---|" + "---|" * (len(LABELS) + 1))
    for name in ("frog", "policy-kg"):
        cells = ["{:.2f}/{:.2f}/{:.2f}".format(*prf(scores[name][lab])) for lab in (*LABELS, "micro")]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    frog_wps = words / frog_took
    ours_wps = words / ours_time
    what = "recognise" if args.ner_only else "extract"
    print(f"frog (--skip={args.frog_skip}): {frog_took:.2f} s processing (its own timer; wall minus loading "
          f"{frog_wall:.2f} s) = {frog_wps:,.0f} words/s")
    print(f"policy-kg ({what}, one process, mean of {args.repeat} passes): {ours_time:.3f} s = {ours_wps:,.0f} words/s")
    print(f"policy-kg / frog speed: {ours_wps / frog_wps:.1f}x per word; "
          f"micro F1 {prf(scores['policy-kg']['micro'])[2]:.2f} vs {prf(scores['frog']['micro'])[2]:.2f}")


if __name__ == "__main__":
    main()
