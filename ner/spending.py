"""Spending tables -> one ``spending`` fact per row (COUNTRY -> MONEY).

PDF extraction breaks tables over lines (a cell per line, blank lines between rows), so the
table is read from the cleaned text, where white space is folded: a *row* is a period (two
dates joined by a dash, ``t/m`` or ``tot en met``; or one month or year) followed directly by
one or more amount cells, each optionally followed by a percentage. The *header* is the text
before the first row from the last period-column word (``Periode``); it names, per amount
column, a measure (``Uitgaven``, ``Gegunde waarde``, ``Bestelde waarde``) and the supplier
country (``Israël``). Evidence is the row; the header is its context.
"""

from __future__ import annotations

import calendar
import re

from policy_kg.model import Fact

from .factbase import FactContext, alternation, cues, values
from .rules import Candidate

RANGE_SEP = re.compile(r"\s*(?:-|–|—|t/m|tot en met|tot)\s*")
PERCENT = re.compile(r"\s*(?P<n>\d{1,3}(?:[.,]\d+)?)\s?%")
HEADER_WIDTH = 400


def _bounds(date_id: str) -> tuple[str, str] | None:
    """First and last day of an ISO date, month or year."""
    parts = date_id.split("-")
    try:
        if len(parts) == 3:
            return date_id, date_id
        if len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            return f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"
        if len(parts) == 1 and len(date_id) == 4:
            return f"{date_id}-01-01", f"{date_id}-12-31"
    except ValueError:
        return None
    return None


def _rows(text: str, cands: list[Candidate]) -> list[dict]:
    """Table rows in the cleaned text: period, amount cells with their shares, span."""
    rows = []
    i = 0
    n = len(cands)
    while i < n:
        c = cands[i]
        if c.label != "DATE":
            i += 1
            continue
        first, last, j = c, c, i + 1
        if j < n and cands[j].label == "DATE" and RANGE_SEP.fullmatch(text[c.end:cands[j].start]):
            last, j = cands[j], j + 1
        cells = []
        pos = last.end
        while j < n and cands[j].label == "MONEY" and not text[pos:cands[j].start].strip():
            money = cands[j]
            pct = PERCENT.match(text, money.end)
            share = pct.group("n").replace(",", ".") if pct else None
            end = pct.end() if pct else money.end
            cells.append((money, share))
            pos, j = end, j + 1
        lo, hi = _bounds(first.id), _bounds(last.id)
        if cells and lo and hi:
            rows.append({"start": first.start, "end": pos, "period": (lo[0], hi[1]), "cells": cells})
            i = j
        else:
            i += 1
    return rows


def _header(ctx: FactContext, start: int, floor: int) -> tuple[tuple[int, int], list[tuple[str, str]]] | None:
    """(header span, [(measure, country id) per amount column]) from the text before the first row."""
    text = ctx.view.clean
    lo = max(floor, start - HEADER_WIDTH)
    period = re.compile(rf"(?<![\w-])(?:{alternation(cues('table_period_header'))})(?![\w-])", re.IGNORECASE)
    heads = list(period.finditer(text, lo, start))
    if not heads:
        return None
    h = heads[-1].start()
    measures = []
    for value in values("spending_measure"):
        for m in re.finditer(rf"(?<![\w-])(?:{alternation(cues('spending_measure', value))})(?![\w-])", text[h:start], re.IGNORECASE):
            measures.append((h + m.start(), value))
    measures.sort()
    countries = [c for c in ctx.cands if c.label == "COUNTRY" and h <= c.start < start]
    columns = []
    for c in countries:
        before = [v for p, v in measures if p < c.start]
        after = [v for p, v in measures if p > c.end]
        measure = before[-1] if before else (after[0] if after else None)
        if measure:
            columns.append((measure, c.id))
    return ((h, len(text[:start].rstrip())), columns) if columns else None


def extract(ctx: FactContext) -> list[Fact]:
    text = ctx.view.clean
    cands = [c for c in ctx.cands if c.label in ("DATE", "MONEY")]
    facts = []
    floor = 0
    header = None
    previous_end = -1
    for row in _rows(text, cands):
        # a row right after another row belongs to the same table
        if header is None or text[previous_end:row["start"]].strip():
            header = _header(ctx, row["start"], max(floor, previous_end))
        previous_end = row["end"]
        if header is None:
            continue
        header_span, columns = header
        if len(columns) != len(row["cells"]):
            continue
        for (measure, country), (money, share) in zip(columns, row["cells"]):
            facts.append(ctx.fact(f"COUNTRY:{country}", "spending", f"MONEY:{money.id}", (row["start"], row["end"]),
                                  [header_span], measure=measure, period_start=row["period"][0],
                                  period_end=row["period"][1], share=share))
        floor = row["end"]
    return facts
