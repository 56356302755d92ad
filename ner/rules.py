"""Rules for what no list can hold: dates, amounts of money, licence codes.

Each rule is a function ``(text, ctx) -> Iterator[Candidate]`` over the cleaned text
(see :mod:`policy_kg.ner.textview`). Every regex here is linear: no nested quantifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable, Iterator

from policy_kg.dutch import MONTH_RE, iso_date, month_number


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    label: str
    id: str
    priority: int = 0  # higher wins between spans of equal length


@dataclass(slots=True)
class Context:
    """What a rule may know about the document: its date, for dates without a year."""

    doc_date: str | None = None  # ISO
    extra: list["Candidate"] = field(default_factory=list)  # candidates found before the pipeline ran
    document: Any = None  # the policy_kg.model.Document, for rules that need its structure (chamber ...)

    @property
    def year(self) -> int | None:
        return int(self.doc_date[:4]) if self.doc_date else None


Rule = Callable[[str, Context], Iterator[Candidate]]

# ---------------------------------------------------------------- LICENCE
LICENCE_RE = re.compile(r"(?<![\w-])(NL|EU)[ ]?(\d{3})(?!\d)")


def licences(text: str, ctx: Context) -> Iterator[Candidate]:
    for m in LICENCE_RE.finditer(text):
        yield Candidate(m.start(), m.end(), "LICENCE", f"{m.group(1)}{m.group(2)}", 5)


# ---------------------------------------------------------------- MONEY
_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_UNITS = {"m": 10**6, "mln": 10**6, "miljoen": 10**6, "mio": 10**6,
          "mld": 10**9, "mrd": 10**9, "miljard": 10**9, "bn": 10**9, "k": 10**3, "duizend": 10**3}
_UNIT = r"miljoen|miljard|mln|mld|mrd|mio|bn|duizend|M|k"
MONEY_RE = re.compile(
    rf"(?:€|EUR\b)[ ]?(?P<n1>{_NUM})(?:[ ]?(?P<u1>{_UNIT})\b)?(?:[ ]euro\b)?"
    rf"|(?<![\w,.])(?P<n2>{_NUM})[ ](?P<u2>miljoen|miljard)(?:[ ](?P<cur>euro)\b)?"
    rf"|(?<![\w,.])(?P<n3>{_NUM})[ ](?:euro\b)"
)
_MONEY_CONTEXT = re.compile(r"€|\beuro\b|\bEUR\b|uitgegeven|uitgaven|begroot|budget|kosten|bedrag", re.IGNORECASE)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch of ``text`` between the full stops around [start, end) (a cheap sentence)."""
    hi = text.find(". ", end)
    return max(text.rfind(". ", 0, start), 0), len(text) if hi == -1 else hi


def _amount(num: str, unit: str | None) -> str | None:
    digits = num.replace(".", "").replace(",", ".")
    try:
        value = Decimal(digits) * (_UNITS[unit.lower()] if unit else 1)
    except (ArithmeticError, KeyError):
        return None
    return str(int(value))


def money(text: str, ctx: Context) -> Iterator[Candidate]:
    for m in MONEY_RE.finditer(text):
        if m.group("n1"):
            value = _amount(m.group("n1"), m.group("u1"))
        elif m.group("n2"):
            if not m.group("cur"):
                # "218 miljoen" counts as money only in a sentence about euros
                if not _MONEY_CONTEXT.search(text, *_sentence_bounds(text, m.start(), m.end())):
                    continue
            value = _amount(m.group("n2"), m.group("u2"))
        else:
            value = _amount(m.group("n3"), None)
        if value is not None:
            yield Candidate(m.start(), m.end(), "MONEY", value, 5)


# ---------------------------------------------------------------- DATE
_DAY = r"[0-3]?\d"
_YEAR = r"(?:19|20)\d\d"
# "7 april 2025", "1 jan 2022", "7/8 oktober 2023", "31 aug. 2025"; a footnote digit glued to the
# year ("9 december 20242") is left outside the span.
DMY_RE = re.compile(
    rf"(?<![\w/-])(?P<d1>{_DAY})(?:/(?P<d2>{_DAY}))?[ ](?P<mon>{MONTH_RE})\b\.?(?:[ ](?P<y>{_YEAR})(?=\d?\b))?",
    re.IGNORECASE,
)
NUMERIC_RE = re.compile(rf"(?<![\w/-])(?P<d>{_DAY})-(?P<m>[01]?\d)-(?P<y>{_YEAR})(?![\w-])")
MONTH_YEAR_RE = re.compile(rf"(?<![\w/-])(?P<mon>{MONTH_RE})\.?[ ](?P<y>{_YEAR})(?=\d?\b)", re.IGNORECASE)
YEAR_RANGE_RE = re.compile(rf"(?<![\w/.-])(?P<y1>{_YEAR})[-–](?P<y2>{_YEAR})(?![\w/-])")
YEAR_RE = re.compile(rf"(?<![\w/.,-])(?P<y>{_YEAR})(?![\w/]|[.,]\d|-\d)")

# Dates every document on this subject may leave without a year.
ANCHOR_DATES = {(10, 7): 2023}  # 7 oktober: the Hamas attack on Israel, 7 October 2023


def _year_nearby(text: str, start: int, end: int) -> int | None:
    """The year of the nearest explicit date in the same sentence (before or after)."""
    lo, hi = _sentence_bounds(text, start, end)
    best: tuple[int, int] | None = None
    for m in re.finditer(rf"(?:{MONTH_RE})\.?[ ]({_YEAR})\b", text[lo:hi], re.IGNORECASE):
        pos = lo + m.start()
        dist = abs(pos - start)
        if pos != start and (best is None or dist < best[0]):
            best = (dist, int(m.group(1)))
    return best[1] if best else None


def _resolve_year(text: str, start: int, end: int, month: int, day: int, ctx: Context) -> int | None:
    year = _year_nearby(text, start, end)
    if year is not None:
        return year
    if (month, day) in ANCHOR_DATES and ctx.year and ctx.year > ANCHOR_DATES[(month, day)]:
        return ANCHOR_DATES[(month, day)]
    return ctx.year


def dates(text: str, ctx: Context) -> Iterator[Candidate]:
    for m in DMY_RE.finditer(text):
        month = month_number(m.group("mon"))
        d1 = int(m.group("d1"))
        if month is None or not 1 <= d1 <= 31:
            continue
        year = int(m.group("y")) if m.group("y") else _resolve_year(text, m.start(), m.end(), month, d1, ctx)
        if year is None:
            continue
        first = iso_date(year, month, d1)
        if first is None:
            continue
        value = first
        if m.group("d2"):
            second = iso_date(year, month, int(m.group("d2")))
            if second is None:
                continue
            value = f"{first}/{second}"
        yield Candidate(m.start(), m.end(), "DATE", value, 4)
    for m in NUMERIC_RE.finditer(text):
        value = iso_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if value:
            yield Candidate(m.start(), m.end(), "DATE", value, 4)
    for m in MONTH_YEAR_RE.finditer(text):
        month = month_number(m.group("mon"))
        if month:
            yield Candidate(m.start(), m.end(), "DATE", f"{m.group('y')}-{month:02d}", 3)
    for m in YEAR_RANGE_RE.finditer(text):
        if int(m.group("y1")) < int(m.group("y2")):
            yield Candidate(m.start(), m.end(), "DATE", f"{m.group('y1')}/{m.group('y2')}", 3)
    for m in YEAR_RE.finditer(text):
        yield Candidate(m.start(), m.end(), "DATE", m.group("y"), 1)


# ---------------------------------------------------------------- named publications with a year
@lru_cache(maxsize=1)
def _series_re() -> tuple[re.Pattern, dict[str, str]]:
    from .knowledge import load_entries

    names = {form: e.id for e in load_entries() if e.data.get("year_suffix") for form in e.surface_forms}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<![\w-])(?P<name>{alternatives})[ ](?P<y>{_YEAR})(?![\w/-])"), names


def publications(text: str, ctx: Context) -> Iterator[Candidate]:
    """Yearly publications: "Voorjaarsnota 2025" -> DOCUMENT "Voorjaarsnota 2025"."""
    pattern, names = _series_re()
    for m in pattern.finditer(text):
        yield Candidate(m.start(), m.end(), "DOCUMENT", f"{names[m.group('name')]} {m.group('y')}", 5)


RULES: tuple[Rule, ...] = (licences, money, dates, publications)
