"""Sentence boundaries on the cleaned text, aware of Dutch abbreviations and blank lines."""

from __future__ import annotations

import re
from typing import Iterable

from .textview import TextView

# Words that end in a full stop without ending the sentence (lower-cased, without the final dot).
ABBREVIATIONS = frozenset("""
nr nrs jl d.d dd o.a c.q t.o.v m.b.t bijv e.d mld mln mrd blz art ca incl excl stcrt i.v.m z.s.m
resp vs etc p pag mr dr drs ir prof ing bc jhr mevr dhr e.g i.e u.s t.w.v m.i.v al zgn evt
jan feb febr mrt apr jun jul aug sep sept okt nov dec vgl nl n.a.v t.a.v kamerstuk
""".split())

_END = re.compile(r"[.?!](?=[\"'’”)]?\s+[\"'‘“(]?[A-Z0-9ÀÁÂÄÈÉÊËÌÍÎÏÒÓÔÖÙÚÛÜ•\-])")


# headings that end where the sentence after them begins: "13. Antwoord van het kabinet:", "Vraag 3"
_HEADING = re.compile(
    r"(?:(?<![\w.,])\d{1,3}\. )?\b(?:Antwoord(?: van het kabinet| op vraag \d+| vraag \d+(?:\s?(?:&|en|,)\s?\d+)*)?|Vraag \d+)\s?:?(?= [A-Z])"
)


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


def _clean_spans(view: TextView, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for start, end in spans:
        cs, ce = view.clean_offset(start), view.clean_offset(end)
        if ce > cs:
            out.append((cs, ce))
    return out


def _runs_on(text: str, pos: int) -> bool:
    """A paragraph break at ``pos`` that falls mid-sentence: no sentence end before it and a
    lower-case word after it (a page break, a page number or a footnote in between)."""
    b = pos
    while b > 0 and text[b - 1] in " *_":
        b -= 1
    a = pos
    while a < len(text) and text[a] in " *_":
        a += 1
    return b > 0 and text[b - 1] not in ".?!:;" and a < len(text) and text[a].isalpha() and text[a].islower()


def split(view: TextView, debris: Iterable[tuple[int, int]] = (),
          footnotes: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Sentence spans ``[start, end)`` of ``view.clean``, without surrounding spaces.

    ``debris`` and ``footnotes`` are raw spans (``Document.debris``, ``Document.footnotes``).
    Debris that is not a footnote (page numbers, running headers) is read as white space, so a
    sentence goes on across a page break; a footnote is a sentence (or several) of its own and
    the sentence around it is cut there. A blank line mid-sentence (before a lower-case word)
    does not end a sentence.
    """
    text = view.clean
    notes = _clean_spans(view, footnotes)
    masked = _clean_spans(view, debris)
    if masked:
        chars = list(text)
        keep = set()
        for cs, ce in notes:
            keep.update(range(cs, ce))
        for cs, ce in masked:
            for k in range(cs, ce):
                if k not in keep:
                    chars[k] = " "
        text = "".join(chars)
    cuts = set()
    for m in _END.finditer(text):
        if text[m.start()] == "." and _word_before(text, m.start()) in ABBREVIATIONS:
            continue
        cuts.add(m.end())
    cuts.update(p for p in paragraph_breaks(view) if not _runs_on(text, p))
    for m in _HEADING.finditer(text):
        cuts.difference_update(range(m.start() + 1, m.end()))
        cuts.add(m.start())
        cuts.add(m.end())
    for cs, ce in notes:
        cuts.add(cs)
        cuts.add(ce)
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
