"""Properties of ``extract`` on generated text (hypothesis): it never raises, and every span it
returns lies inside the text, matches its ``text`` field and does not overlap another mention of
the same label; fact evidence and context spans lie inside the text too.

The text is built as the readers build a Document (``Document(id, text)`` then
``structure.analyse``), from fragments of the seed documents, licence codes, dates, Dutch
words, PDF debris (page numbers, running headers, soft hyphens, line-end hyphens, form feeds),
NUL and other control characters, bidi marks, Hebrew and Arabic, emoji and arbitrary
surrogate-free unicode.

Runs are deterministic (``derandomize=True``, no example database) and sized to take well under
a minute (760 examples, ~15 s); ``HYPOTHESIS_PROFILE=policy-kg-thorough`` runs 20 times as many,
randomised, for local runs.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policy_kg.ner.pipeline import default_nlp

from policy_kg.extract import extract
from policy_kg.model import Document
from policy_kg.structure import analyse

settings.register_profile(
    "policy-kg-ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("policy-kg-thorough", settings.get_profile("policy-kg-ci"), derandomize=False)
THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "policy-kg-thorough"
PROFILE = settings.get_profile("policy-kg-thorough" if THOROUGH else "policy-kg-ci")


def examples(n: int) -> settings:
    """The profile with ``n`` examples (20 times as many in the thorough profile)."""
    return settings(PROFILE, max_examples=n * (20 if THOROUGH else 1))


SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _seed_pieces() -> list[str]:
    """Lines and sentence pieces of the seeds (the seeds are public documents of this genre)."""
    pieces: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            if line.strip():
                pieces.append(line)
                pieces.extend(p for p in re.split(r"(?<=[.,;:)])\s", line) if len(p) > 3)
    return sorted(set(pieces))


SEED_PIECES = _seed_pieces()
DUTCH = ("de", "het", "een", "van", "voor", "naar", "niet", "geen", "vergunning", "uitvoer", "doorvoer",
         "minister", "staatssecretaris", "Kamer", "leden", "fractie", "vraag", "Antwoord", "Vraag", "betreft",
         "Datum", "Kenmerk", "Hoogachtend,", "ingetrokken", "gewijzigd", "uitgezonderd", "Israël", "Israëlische",
         "Oekraïne", "Saoedi-Arabië", "Gazastrook", "Defensie", "Buitenlandse Handel", "PVV-fractie",
         "GroenLinks-PvdA", "SP", "DENK", "F-35", "Iron Dome", "Rechtbank Den Haag", "Gerechtshof", "motie",
         "Kamerstuk", "nr.", "€", "M", "miljoen", "%", "t/m", "tot en met")
LICENCES = ("NL007", "NL 007", "NL-007", "NL002-vergunning", "EU001", "EU007", "NL010", "nl007", "NL0", "NL00007")
DATES = ("7 april 2025", "07-04-2025", "1 januari 2022 - 31 december 2022", "april 2025", "2022-2023",
         "16 juni 2025", "31 febr. 2025", "1 nov. 2023", "2025–2026", "20 0 2025")
REFERENCES = ("Kamerstuk 22 054, nr. 454", "Kamerstukken II 2024/25, 22054, nr. 453", "Stcrt. 2025, 11446",
              "2025Z08791", "ECLI:NL:GHDHA:2024:191", "kst-22054-454", "(Kamerstuk 36800-X, nr.78)")
DEBRIS = ("\n3\n", "\nPagina 5 van 6\n", "\n- 12 -\n", "\nTweede Kamer, vergaderjaar 2025–2026, 22 054, nr. 486\n",
          "\f", "\u00ad", "-\n", "- \n", "Ameri-\nkaanse", "\n\n\n", "   ", "\t", "\r\n", "\r", "\x00", "\x01\x02",
          "\ufeff", "\u00a0", "________", "* ", "1. ", "2) ", "\n 1 \n", "¹", "1)", "\u2028")
EXOTIC = ("\u200f", "\u200e", "\u202e", "\u202c", "\u2066", "\u2069", "\u200d", "\u200b", "שלום", "سلام", "عربي",
          "😀", "🇮🇱", "👩‍⚖️", "✈️", "e\u0301", "İ", "ß", "ﬁ", "𝔘𝔫𝔦", "Ⅻ", "٣", "①", "\U000e0001")

surrogate_free = st.characters(blacklist_categories=("Cs",))
pieces = st.one_of(
    st.sampled_from(SEED_PIECES),
    st.sampled_from(DUTCH),
    st.sampled_from(LICENCES),
    st.sampled_from(DATES),
    st.sampled_from(REFERENCES),
    st.sampled_from(DEBRIS),
    st.sampled_from(EXOTIC),
    st.text(surrogate_free, max_size=12),
    st.from_regex(r"[A-Z]{2}\d{1,4}|\d{1,3}(?:[.,]\d{1,3})*|[A-Z][a-zë]{2,9}(?: [A-Z][a-zë]{2,9})?", fullmatch=True),
)
separators = st.sampled_from((" ", " ", " ", "\n", "\n\n", "", ", ", ". ", "-", " (", ") ", ": ", " | "))
domain_text = st.lists(st.tuples(pieces, separators), max_size=40).map(lambda xs: "".join(a + b for a, b in xs))


def _document(text: str) -> Document:
    return analyse(Document(id="eigenschap.txt", text=text, format="txt"))


def _check(text: str) -> None:
    doc = _document(text)
    n = len(text)
    for start, end in [*doc.debris, *doc.footnotes, *([doc.date_span] if doc.date_span else [])]:
        assert 0 <= start <= end <= n
    for ref in doc.references:
        assert 0 <= ref.start <= ref.end <= n
    for q in doc.questions:
        assert 0 <= q.start <= q.end <= n
        if q.answer_start is not None:
            assert 0 <= q.answer_start <= q.answer_end <= n
    x = extract(doc, default_nlp())
    last_end: dict[str, int] = {}
    for m in sorted(x.mentions, key=lambda m: (m.label, m.start, m.end)):
        assert 0 <= m.start < m.end <= n, m
        assert text[m.start:m.end] == m.text, m
        assert m.id, m
        assert m.start >= last_end.get(m.label, 0), f"overlapping {m.label} mentions at {m.start}"
        last_end[m.label] = m.end
    assert [m.start for m in x.mentions] == sorted(m.start for m in x.mentions)  # text order
    for f in x.facts:
        assert 0 <= f.start < f.end <= n, f
        for start, end in f.context:
            assert 0 <= start < end <= n, f
        assert f.subject and f.predicate and f.object, f


@examples(400)
@given(domain_text)
def test_extract_properties_domain_text(text):
    _check(text)


@examples(300)
@given(st.text(surrogate_free, max_size=400))
def test_extract_properties_arbitrary_unicode(text):
    _check(text)


@examples(60)
@given(st.sampled_from(sorted(SEEDS.glob("*.txt"))), st.data())
def test_extract_properties_seed_with_debris_inserted(path, data):
    """A seed with debris, exotic characters or a cut inserted at a few places: still consistent."""
    text = path.read_text(encoding="utf-8")
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), min_size=1, max_size=4), label="at"))
    parts, prev = [], 0
    for at in cuts:
        parts.append(text[prev:at])
        parts.append(data.draw(st.sampled_from(DEBRIS + EXOTIC + ("",)), label="insert"))
        prev = at
    parts.append(text[prev:])
    _check("".join(parts))
