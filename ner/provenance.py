"""Check that each fact's evidence holds what the fact says: its subject and its object.

The evidence of a fact is its main span (the sentence or table row) plus its ``context``
spans (a footnote, a table header, the sentence giving a date). An entity end
(``LABEL:id``) must have a mention with that label and id overlapping the evidence; a
literal end (an office, goods) must have all its content words in the evidence text; a
question subject (``QUESTION:...``) is a document-structure node and is not checked.
"""

from __future__ import annotations

import re

from policy_kg.model import Extraction, Fact

from .factbase import content_words
from .textview import make_view

REF = re.compile(r"^[A-Z]+:")


def evidence_spans(f: Fact) -> list[tuple[int, int]]:
    return [(f.start, f.end), *f.context]


def problems(x: Extraction) -> list[str]:
    """One line per fact end that its evidence does not hold (empty when all is well)."""
    text = x.document.text
    out = []
    mentions: dict[str, list[tuple[int, int]]] = {}
    for m in x.mentions:
        mentions.setdefault(m.ref, []).append((m.start, m.end))
    for f in x.facts:
        spans = evidence_spans(f)
        where = f"{x.document.id}: {f.subject} {f.predicate} {f.object} @{f.start}-{f.end}"
        if any(not (0 <= s < e <= len(text)) for s, e in spans):
            out.append(f"{where}: evidence span outside the text or empty")
            continue
        evidence = " ".join(make_view(text[s:e]).clean.lower() for s, e in spans)
        for role, end in (("subject", f.subject), ("object", f.object)):
            if end.startswith("QUESTION:"):
                continue
            if REF.match(end):
                if not any(ms < e and s < me for ms, me in mentions.get(end, ()) for s, e in spans):
                    out.append(f"{where}: no mention of {role} {end} in the evidence")
            else:
                missing = [w for w in content_words(end) if w not in evidence]
                if missing:
                    out.append(f"{where}: {role} words {missing} not in the evidence")
    return out
