"""PDF debris in converted parliamentary papers: page headers and footers, page numbers,
footnotes spliced into the running text at page breaks.

Nothing here changes the text. :func:`find_debris` returns the debris lines with their kind;
``Document.debris`` holds their spans so that later stages can keep entity spans, sentence
cuts and question boundaries out of them. A span covers a debris line from its first to its
last non-blank character; consecutive debris lines (a footnote that wraps, a footnote followed
by the page number) are merged into one span.

The rules describe what PDF-to-text conversion of Kamerstukken, Kamerbrieven and Aanhangsels
produces, not any one file:

* page numbers alone on a line (``4``, ``- 4 -``, ``4/12``) next to a blank line or a page start;
* page labels ``Pagina 5 van 4``, ``Blad 2``, ``Page 3 of 7``;
* running headers of Kamerstukken (``Tweede Kamer, vergaderjaar 2024–2025, 22 054, nr. 454 3``,
  ``Eerste Kamer, vergaderjaar 2025-2026, 36 800 K, D 4``) and the publication footer
  (``kst-22054-454 ISSN 0921 - 7371 's-Gravenhage 2025``);
* any other short line that comes back at least three times, pages apart, once its page
  number is ignored (a letter's running header); the first occurrence is kept as content,
  because it is usually the real letterhead (its date and reference are read from there);
* footnotes: after a blank line (or other debris), a line that starts with a footnote number
  that continues the document's numbering (or restarts it at 1) and a space (``3 Kamerstuk 22 054, nr. 453``), when the text before it carries that
  number as a footnote marker glued to a word (``NRC3``, ``nations’?1``, ``20242``), plus the
  lines that continue it up to the next blank line or page start.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from .dutch import MONTH_RE


@dataclass(frozen=True, slots=True)
class DebrisLine:
    kind: str  # page-number | page-label | running-header | repeated-line | footnote
    start: int
    end: int


_PAGE_NUMBER = re.compile(r"[ \t\u00a0]*(?:[-\u2013][ \t]*)?\d{1,3}(?:[ \t]*[-\u2013])?(?:[ \t]*/[ \t]*\d{1,3})?[ \t\u00a0]*")
_PAGE_LABEL = re.compile(
    r"[ \t\u00a0]*(?:[Pp]agina|[Bb]lad|[Pp]age|[Pp]ag\.)[ \t\u00a0]+\d{1,4}(?:[ \t\u00a0]+(?:van|of|/)[ \t\u00a0]+\d{1,4})?[ \t\u00a0]*"
)
_RUNNING_HEADER = re.compile(
    r"[ \t\u00a0]*(?:Tweede|Eerste)[ \t\u00a0]+Kamer,[ \t\u00a0]+vergaderjaar[ \t\u00a0]+(?:19|20)\d\d[ \t\u00a0]*[-\u2013/][ \t\u00a0]*(?:19|20)?\d\d"
    r",[^\n]{0,80}"
)
_PUBLICATION_FOOTER = re.compile(r"[ \t\u00a0]*(?:kst|stcrt|stb|ah-tk|ah-ek|blg)-[\w-]{3,40}[ \t\u00a0]+ISSN\b[^\n]{0,80}")
_FOOTNOTE_START = re.compile(rf"[ \t\u00a0]{{0,3}}(?P<n>\d{{1,3}})[ \t\u00a0]+(?!(?:{MONTH_RE})\b)(?P<rest>\S[^\n]*)", re.IGNORECASE)
_SEPARATOR = re.compile(r"[ \t\u00a0]*[_\-\u2013\u2014=]{5,}[ \t\u00a0]*")
# Q/A markers and section headings repeat by nature; they are never a running header
_CONTENT_LINE = re.compile(
    r"(?i)^[\W_]*(?:\d{1,3}[.)]\s*)?(?:antwoord|vraag|vragen|inbreng|reactie|zie\b)|[.?!:;,]$"
)
REPEAT_MIN = 3
REPEAT_GAP = 800  # characters between two occurrences of a running header (about a page)
FOOTNOTE_MARKER_WINDOW = 6000  # how far back the marker of a footnote may stand
FOOTNOTE_GAP = 5  # footnotes may be skipped (an excerpt, a footnote the converter lost)


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_blank(text: str, span: tuple[int, int]) -> bool:
    return not text[span[0]:span[1]].strip()


def _page_start(text: str, span: tuple[int, int]) -> bool:
    """A line that the converter indented by one space: the first line of a new page."""
    line = text[span[0]:span[1]]
    return line[:1] in (" ", "\f") and line[1:2] not in (" ", "") and line.strip() != ""


class _Markers:
    """Where each footnote number stands glued to the text as a marker (``NRC3``, ``?1``,
    ``20242``), found once per number."""

    def __init__(self, text: str):
        self.text = text
        self.positions: dict[int, list[int]] = {}

    def between(self, n: int, lo: int, hi: int) -> bool:
        if n not in self.positions:
            pat = re.compile(
                rf"(?:(?<=[^\W\d_])|(?<=[.,;:?!)\]’'\"”*])|(?<=(?<!\d)(?:19|20)\d\d)){n}(?![\d])(?![.,]\d)"
            )
            self.positions[n] = [m.start() for m in pat.finditer(self.text)]
        found = self.positions[n]
        k = bisect.bisect_left(found, lo)
        return k < len(found) and found[k] < hi


def _norm_repeat(line: str) -> str:
    s = " ".join(line.split())
    s = re.sub(r"^\d{1,3}\s+|\s+\d{1,3}$", "", s)  # the page number in a running header
    return s


def find_debris(text: str) -> list[DebrisLine]:
    """Every debris line of ``text`` with its kind, in text order (see the module docstring)."""
    lines = _lines(text)
    kinds: dict[int, str] = {}

    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        if not line.strip():
            continue
        if _PAGE_LABEL.fullmatch(line):
            kinds[i] = "page-label"
        elif _RUNNING_HEADER.fullmatch(line) or _PUBLICATION_FOOTER.fullmatch(line):
            kinds[i] = "running-header"
        elif _PAGE_NUMBER.fullmatch(line) and any(c.isdigit() for c in line):
            before = lines[i - 1] if i > 0 else None
            after = lines[i + 1] if i + 1 < len(lines) else None
            if (before is None or _is_blank(text, before)) or (after is None or _is_blank(text, after)) \
                    or (after is not None and _page_start(text, after)):
                kinds[i] = "page-number"

    # running headers of letters: short lines that repeat pages apart
    seen: dict[str, list[int]] = defaultdict(list)
    for i, (s, e) in enumerate(lines):
        if i in kinds:
            continue
        norm = _norm_repeat(text[s:e])
        if 8 <= len(norm) <= 120 and any(c.isalpha() for c in norm) and not _CONTENT_LINE.search(norm):
            seen[norm].append(i)
    groups = []
    for idx in seen.values():
        starts = [lines[i][0] for i in idx]
        if len(idx) >= REPEAT_MIN and all(b - a >= REPEAT_GAP for a, b in pairwise(starts)):
            groups.append(idx)
    repeated = {i for idx in groups for i in idx}

    def _apart(k: int, forward: bool) -> bool:
        """The neighbour of line ``k`` is blank, debris, a page start or another header line."""
        j = k + 1 if forward else k - 1
        if not 0 <= j < len(lines):
            return True
        return _is_blank(text, lines[j]) or j in kinds or j in repeated or (forward and _page_start(text, lines[j]))

    for idx in groups:
        for i in idx[1:]:  # the first occurrence is the letterhead itself
            if _apart(i, False) and _apart(i, True):
                kinds[i] = "repeated-line"

    # footnotes
    markers = _Markers(text)
    expected = 1
    i = 0
    while i < len(lines):
        s, e = lines[i]
        m = _FOOTNOTE_START.fullmatch(text, s, e) if i not in kinds else None
        if m is None:
            i += 1
            continue
        n = int(m.group("n"))
        prev = lines[i - 1] if i > 0 else None
        after_break = prev is None or _is_blank(text, prev) or (i - 1) in kinds or bool(_SEPARATOR.fullmatch(text, *prev))
        rest = m.group("rest")
        in_sequence = n == 1 or expected <= n <= expected + FOOTNOTE_GAP
        if not (after_break and in_sequence and any(c.isalpha() for c in rest[:40])
                and markers.between(n, max(0, s - FOOTNOTE_MARKER_WINDOW), s)):
            i += 1
            continue
        kinds[i] = "footnote"
        expected = n + 1
        j = i + 1
        while j < len(lines) and j - i <= 6:
            js, je = lines[j]
            if _is_blank(text, lines[j]) or j in kinds or _page_start(text, lines[j]):
                break
            nxt = _FOOTNOTE_START.fullmatch(text, js, je)
            if nxt is not None and int(nxt.group("n")) == expected:
                break
            kinds[j] = "footnote"
            j += 1
        i = j

    out = []
    for i in sorted(kinds):
        s, e = _trim(text, *lines[i])
        if e > s:
            out.append(DebrisLine(kinds[i], s, e))
    return out


def merge_spans(text: str, lines: list[DebrisLine]) -> list[tuple[int, int]]:
    """Spans of debris ``lines``, consecutive ones merged (only white space between)."""
    spans: list[tuple[int, int]] = []
    for d in lines:
        if spans and not text[spans[-1][1]:d.start].strip():
            spans[-1] = (spans[-1][0], d.end)
        else:
            spans.append((d.start, d.end))
    return spans


def debris_spans(text: str) -> list[tuple[int, int]]:
    """Spans of :func:`find_debris`, consecutive debris lines merged."""
    return merge_spans(text, find_debris(text))


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps any debris span (``spans`` sorted)."""
    k = bisect.bisect_right(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, k - 2):k])
