"""Score an extraction against gold annotations (the ../shared/gold format).

Metrics, all micro-averaged over documents:

* mentions, strict: same (start, end, label); lenient: same label and overlapping spans;
* entities: the set of (label, id) per document;
* facts: the set of (subject, predicate, object, qualifiers) per document, by predicate.
  Literal subjects/objects match loosely (case and white space folded; one contained in
  the other), as the gold README asks for unnamed goods.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from .errors import GoldError
from .model import QUALIFIERS, Extraction


@dataclass
class Score:
    tp: float = 0
    fp: float = 0
    fn: float = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Report:
    strict: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    lenient: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    entities: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    facts: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    errors: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    @staticmethod
    def micro(table: Mapping[str, Score]) -> Score:
        total = Score()
        for s in table.values():
            total.add(s)
        return total

    def as_dict(self) -> dict:
        def block(table: Mapping[str, Score]) -> dict:
            out = {k: table[k].as_dict() for k in sorted(table)}
            out["micro"] = self.micro(table).as_dict()
            return out

        return {"mentions_strict": block(self.strict), "mentions_lenient": block(self.lenient),
                "entities": block(self.entities), "facts": block(self.facts)}


def load_gold(gold_dir: Path) -> dict[str, dict]:
    """Gold annotations by document file name."""
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise GoldError(f"no gold files (*.json) in {gold_dir}", hint="point --gold at a folder of gold JSON files")
    out = {}
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            out[data["doc"]] = data
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise GoldError(f"{path}: not a gold file ({exc})", hint="expected {doc, entities, facts}") from exc
    return out


def _fold(value: str) -> str:
    return " ".join(value.lower().split())


def _is_ref(value: str) -> bool:
    head = value.split(":", 1)[0]
    return head.isupper() and ":" in value


def _fact_key(f: Mapping) -> tuple:
    quals = tuple((k, str(f[k])) for k in QUALIFIERS if f.get(k) not in (None, ""))
    return (f["subject"], f["predicate"], f["object"], quals)


def _same_fact(a: tuple, b: tuple) -> bool:
    if a[1] != b[1] or a[3] != b[3]:
        return False
    for x, y in ((a[0], b[0]), (a[2], b[2])):
        if _is_ref(x) or _is_ref(y):
            if x != y:
                return False
        else:
            fx, fy = _fold(x), _fold(y)
            if not (fx == fy or fx in fy or fy in fx):
                return False
    return True


def _match_facts(pred: list[tuple], gold: list[tuple]) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """Greedy one-to-one matching: exact keys first, then loose literal matches."""
    gold_left = list(gold)
    tp, fp = [], []
    pending = []
    for p in pred:
        if p in gold_left:
            gold_left.remove(p)
            tp.append(p)
        else:
            pending.append(p)
    for p in pending:
        hit = next((g for g in gold_left if _same_fact(p, g)), None)
        if hit is not None:
            gold_left.remove(hit)
            tp.append(p)
        else:
            fp.append(p)
    return tp, fp, gold_left


def evaluate(extractions: Iterable[Extraction], gold: Mapping[str, dict]) -> Report:
    """Score ``extractions`` against ``gold``; documents absent from either side are skipped."""
    report = Report()
    by_doc = {x.document.id: x for x in extractions}
    for doc_id in sorted(gold):
        if doc_id not in by_doc:
            raise GoldError(f"gold document {doc_id} was not extracted", hint="pass the folder holding the gold's documents with --docs")
        g, x = gold[doc_id], by_doc[doc_id]
        gold_m = {(e["start"], e["end"], e["label"]) for e in g["entities"]}
        pred_m = {(m.start, m.end, m.label) for m in x.mentions}
        for label in {m[2] for m in gold_m | pred_m}:
            gs = {m for m in gold_m if m[2] == label}
            ps = {m for m in pred_m if m[2] == label}
            report.strict[label].add(Score(len(gs & ps), len(ps - gs), len(gs - ps)))
            # lenient: overlap with the same label, each side counted once
            g_hit = sum(1 for a in gs if any(b[0] < a[1] and a[0] < b[1] for b in ps))
            p_hit = sum(1 for b in ps if any(a[0] < b[1] and b[0] < a[1] for a in gs))
            report.lenient[label].add(Score(g_hit, len(ps) - p_hit, len(gs) - g_hit))
            for m in sorted(ps - gs):
                report.errors["mention_fp"].append({"doc": doc_id, "label": label, "start": m[0], "end": m[1], "text": x.document.text[m[0]:m[1]]})
            for m in sorted(gs - ps):
                report.errors["mention_fn"].append({"doc": doc_id, "label": label, "start": m[0], "end": m[1], "text": x.document.text[m[0]:m[1]]})
        gold_e = {(e["label"], e["id"]) for e in g["entities"]}
        pred_e = {(m.label, m.id) for m in x.mentions}
        for label in {e[0] for e in gold_e | pred_e}:
            gs = {e for e in gold_e if e[0] == label}
            ps = {e for e in pred_e if e[0] == label}
            report.entities[label].add(Score(len(gs & ps), len(ps - gs), len(gs - ps)))
            for e in sorted(ps - gs):
                report.errors["entity_fp"].append({"doc": doc_id, "label": e[0], "id": e[1]})
            for e in sorted(gs - ps):
                report.errors["entity_fn"].append({"doc": doc_id, "label": e[0], "id": e[1]})
        gold_f = list(dict.fromkeys(_fact_key(f) for f in g["facts"]))
        pred_f = list(dict.fromkeys(_fact_key(f.to_json()) for f in x.facts))
        for pred_name in sorted({f[1] for f in gold_f + pred_f}):
            gs = [f for f in gold_f if f[1] == pred_name]
            ps = [f for f in pred_f if f[1] == pred_name]
            tp, fp, fn = _match_facts(ps, gs)
            report.facts[pred_name].add(Score(len(tp), len(fp), len(fn)))
            report.errors["fact_fp"].extend({"doc": doc_id, "fact": list(f[:3]), "qualifiers": dict(f[3])} for f in fp)
            report.errors["fact_fn"].extend({"doc": doc_id, "fact": list(f[:3]), "qualifiers": dict(f[3])} for f in fn)
    return report
