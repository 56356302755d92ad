"""Small facts about written Dutch shared by the reader and the extractor: month names, dates."""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    # abbreviations as used in tables and headers
    "jan": 1, "feb": 2, "febr": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}

# Longest names first so that the regex alternation prefers "januari" over "jan".
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

# "7 april 2025", "1 jan. 2022", "18 \nmaart", "31 augustus \n2025"
DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<day>[0-3]?\d)\s{{1,3}}(?P<month>{MONTH_RE})\.?(?:\s{{1,3}}(?P<year>(?:19|20)\d\d)(?!\d))?\b",
    re.IGNORECASE,
)


def month_number(name: str) -> int | None:
    """The month number of a Dutch month name or abbreviation (``'okt.'`` -> 10), else None."""
    return MONTHS.get(name.lower().rstrip("."))


def iso_date(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """ISO 8601 string at the precision given; None when the parts are not a real date."""
    import datetime as _dt

    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str, default_year: int | None = None) -> str | None:
    """Parse one Dutch date expression ('7 april 2025', '18 maart', '23-06-2025') to ISO 8601."""
    t = " ".join(text.split())
    m = re.fullmatch(r"([0-3]?\d)-([01]?\d)-((?:19|20)\d\d)", t)
    if m:
        return iso_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = DAY_MONTH_YEAR.fullmatch(t)
    if m:
        year = int(m.group("year")) if m.group("year") else default_year
        if year is None:
            return None
        return iso_date(year, month_number(m.group("month")), int(m.group("day")))
    m = re.fullmatch(rf"({MONTH_RE})\.?\s+((?:19|20)\d\d)", t, re.IGNORECASE)
    if m:
        return iso_date(int(m.group(2)), month_number(m.group(1)))
    return None
