"""The data model shared by every stage: Document -> Mention/Fact -> Extraction.

Offsets are always character offsets into ``Document.text``, the text exactly as read
(after decoding to str, before any cleaning), end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GENRES = (
    "brief",
    "antwoorden-kamervragen",
    "verslag-schriftelijk-overleg",
    "nota-naar-aanleiding-van-verslag",
    "overig",
)


@dataclass(frozen=True, slots=True)
class Reference:
    """A reference number read from a document (Kamerstuk, kenmerk, Staatscourant ...)."""

    text: str
    id: str  # normalised DOCUMENT id, e.g. "kst-22054-454"
    start: int
    end: int
    role: str = "cited"  # "self" when it identifies the document itself, else "cited"


@dataclass(frozen=True, slots=True)
class Signatory:
    """A person who signed the document, with the office given in the signature block."""

    name: str
    office: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Question:
    """A numbered question in answers to Kamervragen, a verslag or a nota, with its answer.

    ``key`` is unique within the document and is what ``QUESTION:<doc>#<key>`` refers to: the
    number the document gives the question (CONTRACT section 3), made unique when numbering
    restarts in a later part of the document.
    """

    key: str
    number: str  # the number as printed
    start: int  # the question text
    end: int
    answer_start: int | None = None
    answer_end: int | None = None
    asker: str | None = None  # "FACTION:PVV" or "PERSON:Dobbe" when the text names who asked
    asker_span: tuple[int, int] | None = None  # the text that names the asker (section heading, sentence)
    section: str | None = None  # heading of the enclosing section ("Inbreng leden van de PVV-fractie")
    answer_refers_to: tuple[str, ...] = ()  # keys of the questions whose answer this answer points to
    answered_with: tuple[str, ...] = ()  # keys answered together ("Antwoord vraag 4 & 5")
    askers: tuple[str, ...] = ()  # every asker when several are named ("de leden X en Y"); asker is the first


@dataclass(slots=True)
class Document:
    """One input document: its text exactly as read and what can be read from it."""

    id: str  # the file name, as used in CONTRACT section 3/4 ("004_29ef86805054f4de.txt")
    text: str
    source: Path | None = None
    format: str = "txt"  # txt | pdf | docx | html
    sha256: str = ""
    date: str | None = None  # ISO 8601
    date_span: tuple[int, int] | None = None
    genre: str = "overig"
    title: str | None = None
    references: list[Reference] = field(default_factory=list)
    signatories: list[Signatory] = field(default_factory=list)
    committee: str | None = None  # the committee the paper comes from or is addressed to
    chamber: str | None = None  # "Tweede Kamer" or "Eerste Kamer": whom "uw Kamer" means
    questions: list[Question] = field(default_factory=list)
    debris: list[tuple[int, int]] = field(default_factory=list)  # page headers, page numbers, footnote lines
    # the footnotes among the debris: displaced but real text (their citations and names are annotated)
    footnotes: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention: a span of the document text with a CONTRACT label and canonical id."""

    doc: str
    start: int
    end: int
    text: str
    label: str
    id: str

    @property
    def ref(self) -> str:
        """The entity reference used in facts: ``LABEL:id``."""
        return f"{self.label}:{self.id}"

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "kind": "mention",
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "label": self.label,
            "id": self.id,
        }


QUALIFIERS = ("valid_from", "valid_until", "status", "measure", "period_start", "period_end", "share")


@dataclass(frozen=True, slots=True)
class Fact:
    """A statement between two entities (or entity and literal) with its evidence span.

    ``subject``/``object`` are ``LABEL:id`` references, ``QUESTION:<doc>#<n>`` or plain literals.
    ``start``/``end`` delimit the sentence or table row the fact came from.
    """

    doc: str
    subject: str
    predicate: str
    object: str
    start: int
    end: int
    qualifiers: tuple[tuple[str, str], ...] = ()
    # further raw spans of the same document the fact rests on, when one sentence does not hold
    # both ends: the footnote a citation points to, the sentence giving the date, a table's header
    context: tuple[tuple[int, int], ...] = ()

    @property
    def qualifier_dict(self) -> dict[str, str]:
        return dict(self.qualifiers)

    def key(self) -> tuple:
        """Identity of the fact within a document (evidence not included)."""
        return (self.subject, self.predicate, self.object, self.qualifiers)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "doc": self.doc,
            "kind": "fact",
            "subject": self.subject,
            "predicate": self.predicate,
            "object": self.object,
        }
        out.update(self.qualifiers)
        out["start"] = self.start
        out["end"] = self.end
        if self.context:
            out["context"] = [list(span) for span in self.context]
        return out


def make_fact(doc: str, subject: str, predicate: str, obj: str, start: int, end: int,
              context: tuple[tuple[int, int], ...] = (), **qualifiers: str | None) -> Fact:
    """Build a Fact with qualifiers in canonical order, dropping empty ones; ``context`` holds
    further evidence spans (sorted, without the main span) when one sentence does not hold both ends."""
    quals = tuple((k, str(qualifiers[k])) for k in QUALIFIERS if qualifiers.get(k))
    unknown = set(qualifiers) - set(QUALIFIERS)
    if unknown:
        raise ValueError(f"unknown fact qualifier(s) {sorted(unknown)}; known: {QUALIFIERS}")
    extra = tuple(sorted({(int(s), int(e)) for s, e in context if (s, e) != (start, end)}))
    return Fact(doc, subject, predicate, obj, start, end, quals, extra)


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one document."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        """CONTRACT section 4 records: mentions in text order, then facts."""
        return [m.to_json() for m in self.mentions] + [f.to_json() for f in self.facts]
