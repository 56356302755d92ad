"""Mentions + sentences -> facts (CONTRACT section 2).

Each extractor reads one sentence at a time (with the sentences before it for anaphora)
and returns facts whose evidence is that sentence. The cues are Dutch words kept as data
at the top of this module, so that the rules read as the language they cover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from policy_kg.model import Fact, make_fact

from .rules import Candidate
from .textview import TextView

# -- cues -------------------------------------------------------------------------------
EXCLUSION_CUE = re.compile(
    r"\b(?:uitgesloten|uit te sluiten|uitsluiten|uitgezonderd|met uitzondering van"
    r"|niet (?:meer|langer) (?:is |zijn )?toegestaan|niet langer (?:een )?geldige (?:eind)?bestemming)\b",
    re.IGNORECASE,
)
NEGATED_EXCLUSION = re.compile(r"\b(?:niet|nooit)\s+(?:\w+\s+){0,2}?(?:uitgesloten|uitgezonderd)\b", re.IGNORECASE)
# a country after one of these is the reason for an exclusion, not its object
CAUSAL_CUE = re.compile(r"\b(?:vanwege|omdat|om te voorkomen|in verband met|gelet op|gezien|wegens|doordat)\b", re.IGNORECASE)
ENUMERATION_CUE = re.compile(r"\b(?:volgende|deze) (?:landen|bestemmingen|eindbestemmingen)\s?:", re.IGNORECASE)
# a licence named with one of these is withdrawn, not amended: it excludes nothing
WITHDRAWAL_CUE = re.compile(r"^[^,;:]{0,40}?\b(?:ingetrokken|in te trekken|intrekking|intrekken|opgeheven)\b", re.IGNORECASE)
# a country after one of these is where goods come from or pass through, not a destination
ORIGIN_CUE = re.compile(r"\b(?:via|vanuit|uit|afkomstig uit)\s(?:de\s|het\s)?$", re.IGNORECASE)
# "deze (algemene) vergunning": the licence named last before this sentence
LICENCE_ANAPHOR = re.compile(r"\b(?:deze|die|dezelfde) (?:algemene )?(?:\w+)?vergunning(?:en)?\b", re.IGNORECASE)
# "Deze aanpassing is destijds ook voor de NL007 doorgevoerd": the previous sentence's facts hold for NL007 too
PROPAGATION_CUE = re.compile(r"\b(?:deze|die|dezelfde) (?:aanpassing|wijziging|uitsluiting)\b.*\book\b", re.IGNORECASE)
# a stated exclusion that is the change the document is about
CHANGE_CUE = re.compile(r"\b(?:aangepast|gewijzigd|aanpassing|wijziging|nu|niet langer|niet meer)\b", re.IGNORECASE)
# the date a change takes effect: "met ingang van 8 april 2025", "per 8 april 2025"
EFFECTIVE_CUE = re.compile(r"\b(?P<cue>met ingang van|per)\s$", re.IGNORECASE)
# the date an exclusion began, when the sentence gives one: "in 2020", "op 20 februari 2024"
DATE_CUE = re.compile(r"\b(?:in|op|per|sinds|vanaf|met ingang van)\s$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    mentions: tuple[Candidate, ...]

    def of(self, label: str) -> list[Candidate]:
        return [m for m in self.mentions if m.label == label]

    def before(self, m: Candidate, width: int = 40) -> str:
        """The ``width`` characters of the sentence just before mention ``m``."""
        return self.text[max(0, m.start - self.start - width): m.start - self.start]


def _sentences(view: TextView, spans: Sequence[tuple[int, int]], cands: Sequence[Candidate]) -> list[Sentence]:
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


def _full_date(c: Candidate) -> bool:
    return c.label == "DATE" and len(c.id) == 10


def effective_date(sentences: Sequence[Sentence]) -> str | None:
    """The date the document's change takes effect, if it says so ("met ingang van 8 april 2025")."""
    best = None
    for s in sentences:
        for d in s.of("DATE"):
            cue = EFFECTIVE_CUE.search(s.before(d)) if _full_date(d) else None
            if cue and cue.group("cue").lower() == "met ingang van":
                return d.id
            if cue:
                best = best or d.id
    return best


def _licences(sentences: Sequence[Sentence], k: int) -> tuple[list[str], int]:
    """Licences the sentence speaks of, and where its evidence starts (earlier for an anaphor)."""
    s = sentences[k]
    named = s.of("LICENCE")
    # the words between a licence and the next one say whether it was withdrawn
    stops = [m.start for m in named[1:]] + [s.end]
    own = list(dict.fromkeys(m.id for m, stop in zip(named, stops)
                             if not WITHDRAWAL_CUE.search(s.text[m.end - s.start: stop - s.start])))
    if own:
        return own, s.start
    if LICENCE_ANAPHOR.search(s.text):
        for prev in reversed(sentences[max(0, k - 3):k]):
            found = prev.of("LICENCE")
            if found:
                return [found[-1].id], prev.start
    return [], s.start


def exclusions(doc_id: str, view: TextView, sentences: Sequence[Sentence]) -> list[Fact]:
    """``excludesDestination`` facts: licence -> country, with ``valid_from`` when stated."""
    effective = effective_date(sentences)
    facts: list[Fact] = []
    previous: list[tuple[str, str | None]] = []  # (country, valid_from) of the previous exclusion sentence
    previous_start = 0

    def emit(licences: list[str], pairs: list[tuple[str, str | None]], raw: tuple[int, int]) -> None:
        for lic in licences:
            for country, since in pairs:
                facts.append(make_fact(doc_id, f"LICENCE:{lic}", "excludesDestination", f"COUNTRY:{country}", *raw, valid_from=since))

    for k, s in enumerate(sentences):
        cue = EXCLUSION_CUE.search(s.text)
        licences, evidence_start = _licences(sentences, k)
        if previous and licences and PROPAGATION_CUE.search(s.text) and not cue:
            emit(licences, previous, view.raw_span(previous_start, s.end))
            continue
        if not cue or not licences or NEGATED_EXCLUSION.search(s.text):
            previous = []
            continue
        enum = ENUMERATION_CUE.search(s.text)
        causal = CAUSAL_CUE.search(s.text)
        lo = s.start + (enum.end() if enum else 0)
        hi = s.start + causal.start() if causal and (not enum or causal.start() < enum.start()) else s.end
        countries = [m for m in s.of("COUNTRY") if lo <= m.start < hi
                     and not ORIGIN_CUE.search(s.before(m, 20))]
        if not countries:
            previous = []
            continue
        since = None
        for d in s.of("DATE"):
            if d.start < hi and DATE_CUE.search(s.before(d, 20)):
                since = d.id
                break
        if since is None and effective and not enum and CHANGE_CUE.search(s.text):
            since = effective
        previous = list(dict.fromkeys((c.id, since) for c in countries))
        previous_start = evidence_start
        emit(licences, previous, view.raw_span(evidence_start, s.end))
    return facts


def merge(facts: Sequence[Fact]) -> list[Fact]:
    """One fact per (subject, predicate, object, qualifiers); an undated fact gives way to dated ones."""
    dated = {(f.subject, f.predicate, f.object) for f in facts if f.qualifiers}
    seen: set = set()
    out = []
    for f in facts:
        if not f.qualifiers and (f.subject, f.predicate, f.object) in dated:
            continue
        if f.key() in seen:
            continue
        seen.add(f.key())
        out.append(f)
    return out


def extract_facts(doc_id: str, view: TextView, spans: Sequence[tuple[int, int]], cands: Sequence[Candidate]) -> list[Fact]:
    sentences = _sentences(view, spans, cands)
    return merge(exclusions(doc_id, view, sentences))
