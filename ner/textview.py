"""A cleaned view of a document's text that keeps a map back to the text as read.

PDF text carries debris: words hyphenated across lines (``agressieoor-\\nlog``), names broken
over lines (``Saoedi-\\nArabië``), runs of spaces and line breaks inside citations
(``nr. \\n453``). Matching runs on the cleaned text; every offset found there is mapped back
so that mentions are spans of the original text, exactly as CONTRACT section 1 requires.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TextView:
    raw: str
    clean: str
    # raw offset of each clean character; len(to_raw) == len(clean) + 1 (sentinel = len(raw))
    to_raw: tuple[int, ...]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span [start, end) to the raw span covering the same characters."""
        if end <= start:
            r = self.to_raw[start]
            return r, r
        return self.to_raw[start], self.to_raw[end - 1] + 1

    def clean_offset(self, raw_offset: int) -> int:
        """The clean offset of the first clean character at or after ``raw_offset``."""
        import bisect

        return bisect.bisect_left(self.to_raw, raw_offset, 0, len(self.clean))


# a word after which a line-end hyphen is a suspension hyphen, not a break in a word: "VN- \nof EU-wapenembargo"
_SUSPENSION_NEXT = re.compile(r"(?:en|of|tot|noch|als|en/of)[ \t\n]")


def _is_lower(ch: str) -> bool:
    return ch.isalpha() and ch.islower()


def make_view(raw: str) -> TextView:
    """Clean ``raw``: join words hyphenated across lines, fold every whitespace run to one space.

    A hyphen at a line end between two lower-case letters is a soft hyphen and is dropped
    (``Ameri-\\nkaanse`` -> ``Amerikaanse``); any other line-end hyphen is kept and the line
    break removed (``Saoedi-\\nArabië`` -> ``Saoedi-Arabië``, ``SGP-\\nfractie`` -> ``SGP-fractie``),
    unless the next line starts with a conjunction: then it is a suspension hyphen (``VN-\\nof
    EU-wapenembargo``) and the line break stays a space.
    """
    out: list[str] = []
    idx: list[int] = []
    n = len(raw)
    i = 0
    while i < n:
        ch = raw[i]
        if ch == "-" and i + 1 < n and raw[i + 1] in " \t\n":
            # look past trailing spaces to see whether the hyphen ends a line
            j = i + 1
            while j < n and raw[j] in " \t":
                j += 1
            if j < n and raw[j] == "\n":
                k = j
                while k < n and raw[k] in " \t\n":
                    k += 1
                if k < n and raw[k].isalnum() and raw.count("\n", j, k) == 1 and not _SUSPENSION_NEXT.match(raw, k):
                    prev = raw[i - 1] if i > 0 else ""
                    if not _is_lower(prev) or not _is_lower(raw[k]):
                        out.append("-")
                        idx.append(i)
                    i = k
                    continue
        if ch.isspace():
            j = i
            while j < n and raw[j].isspace():
                j += 1
            if out and out[-1] != " ":
                out.append(" ")
                idx.append(i)
            i = j
            continue
        out.append(ch)
        idx.append(i)
        i += 1
    idx.append(n)
    return TextView(raw, "".join(out), tuple(idx))
