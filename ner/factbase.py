"""What every fact extractor shares: sentences with their mentions, cue lists, evidence spans.

The cue words live in ``ner/data/fact_patterns.jsonl`` (one entry per kind of cue, see
:func:`cues`); the extractors turn them into regular expressions here, so the rules read as
the Dutch they cover and a new wording is a data change.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from policy_kg.model import Document, Fact, make_fact

from .rules import Candidate
from .textview import TextView

PATTERNS_FILE = Path(__file__).parent / "data" / "fact_patterns.jsonl"


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    mentions: tuple[Candidate, ...]

    def of(self, *labels: str) -> list[Candidate]:
        return [m for m in self.mentions if m.label in labels]

    def before(self, m: Candidate, width: int = 40) -> str:
        """The ``width`` characters of the sentence just before mention ``m``."""
        return self.text[max(0, m.start - self.start - width): m.start - self.start]

    def after(self, m: Candidate, width: int = 40) -> str:
        """The ``width`` characters of the sentence just after mention ``m``."""
        return self.text[m.end - self.start: m.end - self.start + width]

    def between(self, a: Candidate | int, b: Candidate | int) -> str:
        """The text from the end of ``a`` to the start of ``b`` (mentions or clean offsets)."""
        lo = a.end if isinstance(a, Candidate) else a
        hi = b.start if isinstance(b, Candidate) else b
        return self.text[lo - self.start: hi - self.start] if hi >= lo else ""

    @property
    def is_question(self) -> bool:
        return self.text.rstrip(" *").endswith("?")


@dataclass
class FactContext:
    """One document on its way to facts: the view, its sentences and what the structure reader found."""

    doc_id: str
    view: TextView
    sentences: list[Sentence]
    cands: list[Candidate]
    document: Document | None = None

    def raw(self, start: int, end: int) -> tuple[int, int]:
        return self.view.raw_span(start, end)

    def fact(self, subject: str, predicate: str, obj: str, evidence: Sentence | tuple[int, int],
             context: Sequence[Sentence | tuple[int, int]] = (), **qualifiers: str | None) -> Fact:
        """A fact whose evidence is a sentence (or clean span), with further clean spans as context."""
        s, e = (evidence.start, evidence.end) if isinstance(evidence, Sentence) else evidence
        extra = [self.raw(*((c.start, c.end) if isinstance(c, Sentence) else c)) for c in context]
        return make_fact(self.doc_id, subject, predicate, obj, *self.raw(s, e), context=tuple(extra), **qualifiers)


def build_sentences(view: TextView, spans: Sequence[tuple[int, int]], cands: Sequence[Candidate]) -> list[Sentence]:
    out = []
    i = 0
    cands = sorted(cands, key=lambda c: c.start)
    for s, e in spans:
        while i < len(cands) and cands[i].start < s:
            i += 1
        j = i
        while j < len(cands) and cands[j].start < e:
            j += 1
        out.append(Sentence(s, e, view.clean[s:e], tuple(cands[i:j])))
        i = j
    return out


# ------------------------------------------------------------------ cue data
@lru_cache(maxsize=1)
def _entries() -> tuple[dict, ...]:
    with PATTERNS_FILE.open(encoding="utf-8") as fh:
        return tuple(json.loads(line) for line in fh if line.strip())


def cues(kind: str, value: str | None = None) -> list[str]:
    """The cue words of one kind (and value) from ``fact_patterns.jsonl``, longest first."""
    words = [w for e in _entries() if e["kind"] == kind and (value is None or e["value"] == value) for w in e["words"]]
    if not words:
        raise KeyError(f"no cue words of kind {kind!r} in {PATTERNS_FILE.name}")
    return sorted(set(words), key=lambda w: (-len(w), w))


def values(kind: str) -> list[str]:
    return list(dict.fromkeys(e["value"] for e in _entries() if e["kind"] == kind))


def alternation(words: Sequence[str]) -> str:
    """A regex alternation of ``words``, spaces matching any run of white space."""
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in words)


@lru_cache(maxsize=None)
def cue_re(kind: str, value: str | None = None, *, prefix: str = r"(?<![\w-])", suffix: str = r"(?![\w-])") -> re.Pattern:
    return re.compile(f"{prefix}(?:{alternation(cues(kind, value))}){suffix}", re.IGNORECASE)


# ------------------------------------------------------------------ small text helpers
WORD = re.compile(r"[\w’'-]+")
STOPWORDS = frozenset("de het een van voor en der den in op te aan met".split())
NEGATION = re.compile(r"\b(?:niet|geen|nooit)\b", re.IGNORECASE)


def content_words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text) if w.lower() not in STOPWORDS]


def coordinated_group(s: Sentence, mentions: Sequence[Candidate], last: Candidate) -> list[Candidate]:
    """``last`` and the mentions joined to it by commas and 'en'/'of' just before it ("X, Y en Z")."""
    group = [last]
    ordered = [m for m in mentions if m.end <= last.start]
    for m in reversed(ordered):
        gap = s.between(m, group[0])
        if re.fullmatch(r"\s*(?:,|,?\s+(?:en|of))\s*(?:de\s+|het\s+)?", gap):
            group.insert(0, m)
        else:
            break
    return group
