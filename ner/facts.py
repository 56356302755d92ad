"""Mentions + sentences -> facts (CONTRACT section 2).

Each extractor reads one sentence at a time (with the sentences before it for anaphora)
and returns facts whose evidence is that sentence; where one sentence cannot hold both
ends (a date stated elsewhere, a footnoted citation, a table header) the other span goes
into the fact's ``context``. This module holds the licence facts (excludesDestination,
withdrawn, amendedBy, concerns); the others live in :mod:`.rulings`, :mod:`.relations`,
:mod:`.exports` and :mod:`.spending`, and cue words in ``data/fact_patterns.jsonl``.
:func:`extract_facts` runs them all and merges duplicates.
"""

from __future__ import annotations

import re
from typing import Sequence

from policy_kg.model import Document, Fact, make_fact

from . import authorisations, relations, rulings, spending
from .factbase import (
    NEGATION,
    FactContext,
    Sentence,
    build_sentences,
    coordinated_group,
    cue_re,
)
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


def _full_date(c: Candidate) -> bool:
    return c.label == "DATE" and len(c.id) == 10


def effective(sentences: Sequence[Sentence]) -> tuple[Candidate, Sentence] | None:
    """The date the document's change takes effect and the sentence saying so ("met ingang van 8 april 2025")."""
    best = None
    for s in sentences:
        for d in s.of("DATE"):
            cue = EFFECTIVE_CUE.search(s.before(d)) if _full_date(d) else None
            if cue and cue.group("cue").lower() == "met ingang van":
                return d, s
            if cue:
                best = best or (d, s)
    return best


def effective_date(sentences: Sequence[Sentence]) -> str | None:
    found = effective(sentences)
    return found[0].id if found else None


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


# -- withdrawals, amendments and what a licence concerns -----------------------------------
# "intrekking van de (algemene ...) vergunning NL002", "Gevolgen intrekking NL002"
WITHDRAWAL_BEFORE = re.compile(r"\b(?:intrekking|intrekken|opheffing)\s+(?:van\s+)?(?:de\s+|het\s+)?(?:[\w-]+\s+){0,4}$", re.IGNORECASE)
# the verbs that say a licence was changed (not withdrawn)
AMENDED = re.compile(r"\b(?:aangepast|gewijzigd|aan te passen|te wijzigen|aanpassing|wijziging)\b", re.IGNORECASE)
# a citation of the regulation that made a change
AMENDMENT_ACT = re.compile(r"\b(?:wijzigingsregeling|wijzigingsbesluit|wijziging|aanpassing|regeling)", re.IGNORECASE)
# a footnote: its number, then the citation ("3 Stcrt 2025 nr. 11446.")
FOOTNOTE = re.compile(r"^(\d{1,2})\s")
# a country named as where goods go
DESTINATION_BEFORE = re.compile(r"\b(?:naar|richting|(?:eind)?bestemming|voor)\s(?:de\s|het\s)?$", re.IGNORECASE)


def withdrawn_licences(s: Sentence) -> list[Candidate]:
    """The licences a sentence says are (to be) withdrawn."""
    named = s.of("LICENCE")
    stops = [m.start for m in named[1:]] + [s.end]
    out = []
    for m, stop in zip(named, stops):
        after = s.text[m.end - s.start: stop - s.start]
        cue = WITHDRAWAL_CUE.search(after)
        if cue and not NEGATION.search(after[:cue.end()]):
            out.append(m)
        elif WITHDRAWAL_BEFORE.search(s.before(m, 80)) and not NEGATION.search(s.before(m, 80)):
            out.append(m)
    return out


def withdrawals(ctx: FactContext) -> list[Fact]:
    """``withdrawn`` (LICENCE -> DATE): the date in the sentence, else the date the document's change takes effect."""
    eff = effective(ctx.sentences)
    facts = []
    for s in ctx.sentences:
        for lic in withdrawn_licences(s):
            own = [d for d in s.of("DATE") if _full_date(d) and DATE_CUE.search(s.before(d, 20))]
            if own:
                facts.append(ctx.fact(f"LICENCE:{lic.id}", "withdrawn", f"DATE:{own[0].id}", s))
            elif eff:
                facts.append(ctx.fact(f"LICENCE:{lic.id}", "withdrawn", f"DATE:{eff[0].id}", s, [eff[1]]))
    return facts


def main_change(sentences: Sequence[Sentence]) -> tuple[list[str], Sentence | None]:
    """The licences the document's change amends: those of the first sentence saying licences were changed."""
    for s in sentences:
        if s.of("LICENCE") and AMENDED.search(s.text):
            gone = {m.id for m in withdrawn_licences(s)}
            amended = list(dict.fromkeys(m.id for m in s.of("LICENCE") if m.id not in gone))
            if amended:
                return amended, s
    return [], None


def _footnote_caller(sentences: Sequence[Sentence], k: int, number: str) -> Sentence | None:
    """The sentence before ``k`` with the footnote marker ``number`` glued to a word ("wijzigingsregeling3")."""
    marker = re.compile(rf"(?<=[^\W\d_]){number}(?!\d)")
    for s in reversed(sentences[:k]):
        for m in marker.finditer(s.text):
            pos = s.start + m.start()
            if not any(c.start <= pos < c.end for c in s.mentions):
                return s
    return None


def amendments(ctx: FactContext) -> list[Fact]:
    """``amendedBy`` (LICENCE -> DOCUMENT): a Staatscourant regulation cited for a change, directly or in a footnote."""
    facts = []
    sents = ctx.sentences
    for k, s in enumerate(sents):
        for doc in s.of("DOCUMENT"):
            if not doc.id.startswith("stcrt-"):
                continue
            citing, context = s, []
            foot = FOOTNOTE.match(s.text)
            if foot and not s.text[:doc.start - s.start].strip(" ").rstrip("0123456789").strip():
                citing = _footnote_caller(sents, k, foot.group(1))
                if citing is None:
                    continue
                context.append(s)
            if not AMENDMENT_ACT.search(citing.text):
                continue
            gone = {m.id for m in withdrawn_licences(citing)}
            licences = [m.id for m in citing.of("LICENCE") if m.id not in gone]
            if not licences:
                licences, where = main_change(sents)
                if where is not None:
                    context.append(where)
            for lic in dict.fromkeys(licences):
                facts.append(ctx.fact(f"LICENCE:{lic}", "amendedBy", f"DOCUMENT:{doc.id}", citing, context))
    return facts


def _cue_objects(s: Sentence, kind: str, labels: tuple[str, ...], width: int = 25) -> list[tuple[re.Match, Candidate]]:
    """(cue, mention) pairs: a mention of ``labels`` starting within ``width`` characters after a cue."""
    out = []
    for cue in cue_re(kind).finditer(s.text):
        end = s.start + cue.end()
        for m in s.of(*labels):
            if end <= m.start <= end + width and re.fullmatch(r"\s*(?:(?:de|het|een)\s+)?(?:[\w-]+\s+)?", s.between(end, m)):
                out.append((cue, m))
                break
    return out


def licence_concerns(ctx: FactContext) -> list[Fact]:
    """``concerns`` for licences: the ruling a change follows, the system a licence covers, the destination it still serves."""
    facts = []
    sents = ctx.sentences
    previous: list[str] = []
    previous_start = 0
    for k, s in enumerate(sents):
        pairs = _cue_objects(s, "licence_reason_cue", ("RULING",)) + _cue_objects(s, "licence_scope_cue", ("SYSTEM",), 40)
        named = s.of("LICENCE")
        if named and previous and PROPAGATION_CUE.search(s.text):
            for lic in dict.fromkeys(m.id for m in named):
                for obj in previous:
                    facts.append(ctx.fact(f"LICENCE:{lic}", "concerns", obj, (previous_start, s.end)))
            previous = []
            continue
        emitted: list[str] = []
        if named:
            for cue, obj in pairs:
                before = [m for m in named if m.end <= s.start + cue.start()]
                if not before:
                    continue
                for lic in coordinated_group(s, before, before[-1]):
                    facts.append(ctx.fact(f"LICENCE:{lic.id}", "concerns", f"{obj.label}:{obj.id}", s))
                    emitted.append(f"{obj.label}:{obj.id}")
        elif pairs and LICENCE_ANAPHOR.search(s.text) and AMENDED.search(s.text):
            licences, start = _licences(sents, k)
            for lic in licences:
                for _, obj in pairs:
                    facts.append(ctx.fact(f"LICENCE:{lic}", "concerns", f"{obj.label}:{obj.id}", (start, s.end)))
                    emitted.append(f"{obj.label}:{obj.id}")
            previous_start = start
        # "Wel geldt er nog de algemene vergunning EU007": it still serves the destination just named
        if named and cue_re("licence_still_valid").search(s.text):
            for where in (s, *(sents[k - 1:k] if k else ())):
                dest = [c for c in where.of("COUNTRY") if DESTINATION_BEFORE.search(where.before(c, 25))]
                if dest:
                    for lic in dict.fromkeys(m.id for m in named):
                        facts.append(ctx.fact(f"LICENCE:{lic}", "concerns", f"COUNTRY:{dest[0].id}", s,
                                              [where] if where is not s else []))
                    break
        previous = list(dict.fromkeys(emitted))
        if emitted and named:
            previous_start = s.start
    return facts


DATED = ("valid_from", "valid_until")


def merge(facts: Sequence[Fact]) -> list[Fact]:
    """One fact per (subject, predicate, object, qualifiers), the first evidence kept; a fact without a
    date gives way to the same fact (same status and other qualifiers) with one."""
    def core(f: Fact) -> tuple:
        return (f.subject, f.predicate, f.object, tuple(q for q in f.qualifiers if q[0] not in DATED))

    dated = {core(f) for f in facts if any(q[0] in DATED for q in f.qualifiers)}
    seen: set = set()
    out = []
    for f in facts:
        if not any(q[0] in DATED for q in f.qualifiers) and core(f) in dated:
            continue
        if f.key() in seen:
            continue
        seen.add(f.key())
        out.append(f)
    return out


def extract_facts(doc_id: str, view: TextView, spans: Sequence[tuple[int, int]], cands: Sequence[Candidate],
                  document: Document | None = None) -> list[Fact]:
    """Every core fact of CONTRACT section 2 that the sentences (and tables) of one document state."""
    sentences = build_sentences(view, spans, cands)
    ctx = FactContext(doc_id, view, sentences, sorted(cands, key=lambda c: c.start), document)
    facts = exclusions(doc_id, view, sentences)
    for extractor in (withdrawals, amendments, licence_concerns, rulings.extract, relations.offices,
                      relations.memberships, relations.developers, authorisations.extract, spending.extract):
        facts.extend(extractor(ctx))
    return merge(facts)
