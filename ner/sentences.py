"""Sentence boundaries on the cleaned text, aware of Dutch abbreviations and blank lines."""

from __future__ import annotations

import re

from .textview import TextView

# Words that end in a full stop without ending the sentence (lower-cased, without the final dot).
ABBREVIATIONS = frozenset("""
nr nrs jl d.d dd o.a c.q t.o.v m.b.t bijv e.d mld mln mrd blz art ca incl excl stcrt i.v.m z.s.m
resp vs etc p pag mr dr drs ir prof ing bc jhr mevr dhr e.g i.e u.s t.w.v m.i.v al zgn evt
jan feb febr mrt apr jun jul aug sep sept okt nov dec vgl nl n.a.v t.a.v kamerstuk
""".split())

_END = re.compile(r"[.?!](?=[\"'’”)]?\s+[\"'‘“(]?[A-Z0-9ÀÁÂÄÈÉÊËÌÍÎÏÒÓÔÖÙÚÛÜ•\-])")


# headings that end where the sentence after them begins: "13. Antwoord van het kabinet:", "Vraag 3"
_HEADING = re.compile(r"\b(?:Antwoord(?: van het kabinet| op vraag \d+| vraag \d+(?:\s?(?:&|en|,)\s?\d+)*)?|Vraag \d+)\s?:?(?= [A-Z])")


def _word_before(text: str, dot: int) -> str:
    i = dot
    while i > 0 and not text[i - 1].isspace() and text[i - 1] not in "(":
        i -= 1
    return text[i:dot].lower()


def paragraph_breaks(view: TextView) -> list[int]:
    """Clean offsets where the text as read has a blank line (a paragraph break)."""
    out = []
    raw, to_raw = view.raw, view.to_raw
    for i, ch in enumerate(view.clean):
        if ch == " " and raw.count("\n", to_raw[i], to_raw[i + 1]) >= 2:
            out.append(i)
    return out


def split(view: TextView) -> list[tuple[int, int]]:
    """Sentence spans ``[start, end)`` of ``view.clean``, without surrounding spaces."""
    text = view.clean
    cuts = set()
    for m in _END.finditer(text):
        if text[m.start()] == "." and _word_before(text, m.start()) in ABBREVIATIONS:
            continue
        cuts.add(m.end())
    cuts.update(paragraph_breaks(view))
    for m in _HEADING.finditer(text):
        cuts.add(m.start())
        cuts.add(m.end())
    spans = []
    start = 0
    for cut in sorted(cuts) + [len(text)]:
        s, e = start, cut
        while s < e and text[s] == " ":
            s += 1
        while e > s and text[e - 1] == " ":
            e -= 1
        if e > s:
            spans.append((s, e))
        start = cut
    return spans
