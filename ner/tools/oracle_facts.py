"""Dev tool: fact extraction on ORACLE mentions (the gold entities), scored against gold facts.

    python -m policy_kg.ner.tools.oracle_facts [--gold tests/gold] [--docs seeds] [--errors] [--predicate P]

Entity recognition is built separately; this tool isolates the fact rules from its errors:
each gold entity becomes a :class:`~policy_kg.ner.rules.Candidate` in the cleaned view's
coordinates and :func:`policy_kg.ner.facts.extract_facts` runs on them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from policy_kg.build import REPO_ROOT
from policy_kg.evaluate import Report, Score, _fact_key, _match_facts, load_gold
from policy_kg.model import Document, Extraction, Fact, Mention
from policy_kg.readers import read_document

from .. import sentences
from ..facts import extract_facts
from ..rules import Candidate
from ..textview import TextView, make_view


def oracle_candidates(view: TextView, entities: list[dict]) -> list[Candidate]:
    """Gold entities as candidates in clean-view coordinates."""
    return [Candidate(view.clean_offset(e["start"]), view.clean_offset(e["end"] - 1) + 1, e["label"], e["id"], 9)
            for e in entities]


def facts_for(text: str, entities: list[tuple[str, str, str]], document: Document | None = None) -> list[Fact]:
    """Facts of ``text`` given its mentions in text order as (surface, label, id), each surface taken at
    its first occurrence after the previous mention (for tests and experiments)."""
    document = document or Document("t.txt", text, date="2025-06-01")
    pos = 0
    gold = []
    for surface, label, id_ in entities:
        start = text.index(surface, pos)
        pos = start + len(surface)
        gold.append({"start": start, "end": start + len(surface), "label": label, "id": id_})
    view = make_view(text)
    return extract_facts(document.id, view, sentences.split(view), oracle_candidates(view, gold), document)


def oracle_mentions(document: Document, gold: dict) -> list[Mention]:
    return [Mention(document.id, e["start"], e["end"], e["text"], e["label"], e["id"]) for e in gold["entities"]]


def oracle_extraction(path: Path, gold: dict) -> Extraction:
    document = read_document(path)
    view = make_view(document.text)
    cands = oracle_candidates(view, gold["entities"])
    facts = extract_facts(document.id, view, sentences.split(view), cands, document)
    return Extraction(document, oracle_mentions(document, gold), facts)


def score(extractions: list[Extraction], gold: dict[str, dict]) -> Report:
    report = Report()
    for x in extractions:
        g = gold[x.document.id]
        gold_f = list(dict.fromkeys(_fact_key(f) for f in g["facts"]))
        pred_f = list(dict.fromkeys(_fact_key(f.to_json()) for f in x.facts))
        for name in sorted({f[1] for f in gold_f + pred_f}):
            tp, fp, fn = _match_facts([f for f in pred_f if f[1] == name], [f for f in gold_f if f[1] == name])
            report.facts[name].add(Score(len(tp), len(fp), len(fn)))
            report.errors["fact_fp"].extend({"doc": x.document.id[:3], "fact": list(f[:3]), "q": dict(f[3])} for f in fp)
            report.errors["fact_fn"].extend({"doc": x.document.id[:3], "fact": list(f[:3]), "q": dict(f[3])} for f in fn)
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=REPO_ROOT / "tests" / "gold")
    ap.add_argument("--docs", type=Path, default=REPO_ROOT / "seeds")
    ap.add_argument("--errors", action="store_true", help="list false positives and negatives")
    ap.add_argument("--predicate", help="only this predicate in the error list")
    ap.add_argument("--exclude", default="askedBy", help="comma-separated predicates left out of the micro score")
    args = ap.parse_args(argv)
    gold = load_gold(args.gold)
    report = score([oracle_extraction(args.docs / d, gold[d]) for d in sorted(gold)], gold)
    excluded = set(filter(None, args.exclude.split(",")))
    print(f"{'predicate':22} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    micro = Score()
    for name in sorted(report.facts):
        s = report.facts[name]
        if name not in excluded:
            micro.add(s)
        print(f"{name:22} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {int(s.tp):4} {int(s.fp):4} {int(s.fn):4}"
              + ("  (excluded)" if name in excluded else ""))
    print(f"{'micro':22} {micro.precision:6.3f} {micro.recall:6.3f} {micro.f1:6.3f} {int(micro.tp):4} {int(micro.fp):4} {int(micro.fn):4}")
    if args.errors:
        for kind in ("fact_fp", "fact_fn"):
            for e in report.errors[kind]:
                if (args.predicate and e["fact"][1] != args.predicate) or (not args.predicate and e["fact"][1] in excluded):
                    continue
                print(kind, json.dumps(e, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
