"""Court rulings and motions -> ``decidedBy``, ``decisionDate`` and ``concerns`` facts.

A ruling mention (``vonnis``, ``arrest``, ``advies``) is read together with the words that
hang on it: ``van het Hof`` (the court), ``(d.d. 12 februari 2024)`` / ``van 13 december 2024``
(the date), ``in de zaak X c.s. tegen Y`` (the parties) and a subject phrase opened by
``over`` / ``ten aanzien van`` ... (what it is about). A court named just before
(``de rechtbank Den Haag in het vonnis``) also counts.
"""

from __future__ import annotations

import re

from policy_kg.model import Fact

from .factbase import FactContext, Sentence, cue_re
from .rules import Candidate

COURT_OF = re.compile(r"\s*,?\s*(?:van|door|gewezen door|uitgesproken door)\s+(?:de\s+|het\s+)?")
COURT_BEFORE = re.compile(r"\s+(?:heeft\s+)?(?:in|bij|met)\s+(?:het|de|zijn|haar)\s+")
DATE_OF = re.compile(r"\s*\(?\s*(?:d\.\s?d\.|dd\.?|van|gedateerd|gewezen op|uitgesproken op|op)\s+")
CASE_OF = re.compile(r"\s*,?\s*in\s+de\s+(?:zaak|procedure)\s+(?:van\s+)?")
PARTY_JOIN = re.compile(r"\s*(?:,|,?\s+en)\s+")
AGAINST = re.compile(r"\s*(?:c\.s\.)?\s*tegen\s+(?:de\s+|het\s+)?")
PARTY_LABELS = ("ORG", "PERSON", "COUNTRY", "FACTION")
# words that end the subject phrase of a ruling: relative pronouns and clause conjunctions
CLAUSE_WORDS = frozenset("die dat welke wat waarin waarbij waardoor waarmee omdat terwijl maar want zodat indien "
                         "wanneer als hetgeen zoals".split())
DETERMINERS = frozenset("de het een deze dit die zijn haar hun onze".split())
LINKS = frozenset("van aan in op voor met tegen naar door uit bij over tot en of om tussen jegens".split())
TOKEN = re.compile(r"[\w’'-]+|[^\w\s]")
CONTENT_LABELS = ("ORG", "RULING", "LAW", "COUNTRY", "PLACE", "SYSTEM", "EVENT", "LICENCE", "PERSON", "FACTION")


def is_court(c: Candidate) -> bool:
    return c.label == "ORG" and bool(cue_re("court_word").search(c.id))


def _next(s: Sentence, pos: int) -> Candidate | None:
    return next((m for m in s.mentions if m.start >= pos), None)


def read_tail(s: Sentence, r: Candidate) -> tuple[int, Candidate | None, Candidate | None, list[Candidate]]:
    """Where the words hanging on ruling ``r`` end, and the court, date and parties they name."""
    pos, court, date, parties = r.end, None, None, []
    while True:
        m = _next(s, pos)
        if m is None:
            break
        gap = s.between(pos, m)
        if court is None and is_court(m) and COURT_OF.fullmatch(gap):
            court, pos = m, m.end
        elif date is None and m.label == "DATE" and DATE_OF.fullmatch(gap):
            date, pos = m, m.end
            close = re.match(r"\s*\)", s.text[pos - s.start:])
            pos += close.end() if close else 0
        elif not parties and m.label in PARTY_LABELS and CASE_OF.fullmatch(gap):
            parties.append(m)
            pos = m.end
            other = _next(s, pos)
            # "in de zaak van Oxfam Novib, PAX en The Rights Forum tegen de Staat"
            while other is not None and other.label in PARTY_LABELS and PARTY_JOIN.fullmatch(s.between(pos, other)):
                parties.append(other)
                pos = other.end
                other = _next(s, pos)
            if other is not None and other.label in PARTY_LABELS and AGAINST.fullmatch(s.between(pos, other)):
                parties.append(other)
                pos = other.end
            else:
                close = re.match(r"\s*c\.s\.", s.text[pos - s.start:])
                pos += close.end() if close else 0
        else:
            break
    if court is None:
        before = [m for m in s.mentions if m.end <= r.start]
        if before and is_court(before[-1]) and COURT_BEFORE.fullmatch(s.between(before[-1], r)):
            court = before[-1]
    return pos, court, date, parties


def phrase_end(s: Sentence, pos: int) -> int:
    """End of the noun phrase chain starting at clean offset ``pos`` ("de doorlevering van X aan Y")."""
    text = s.text[pos - s.start:]
    prev = None
    for tok in TOKEN.finditer(text):
        word = tok.group().lower()
        at = pos + tok.start()
        if any(m.start < at < m.end for m in s.mentions):
            continue  # inside a mention ("F-35-onderdelen", "c.s.")
        if not tok.group()[0].isalnum():
            if tok.group() in "-’'":
                continue
            return at
        if word in CLAUSE_WORDS and prev is not None:
            return at
        if word in DETERMINERS and prev is not None and prev not in LINKS:
            return at
        prev = word
    return s.end


def subjects(s: Sentence, start: int, end: int, exclude: set[tuple[int, int]]) -> list[Candidate]:
    """The mentions a subject phrase names; a country adjective on a following mention is its origin, not a subject."""
    found = [m for m in s.mentions if start <= m.start and m.end <= end and m.label in CONTENT_LABELS
             and (m.start, m.end) not in exclude]
    out = []
    for i, m in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        if m.label == "COUNTRY" and nxt is not None and re.fullmatch(r"\s", s.between(m, nxt)) and m.id != nxt.id:
            continue
        out.append(m)
    return out


def extract(ctx: FactContext) -> list[Fact]:
    facts = []
    subject_cue = cue_re("ruling_subject_cue")
    for s in ctx.sentences:
        for r in s.of("RULING"):
            ref = f"RULING:{r.id}"
            pos, court, date, parties = read_tail(s, r)
            if court is not None:
                facts.append(ctx.fact(ref, "decidedBy", f"ORG:{court.id}", s))
            if date is not None:
                facts.append(ctx.fact(ref, "decisionDate", f"DATE:{date.id}", s))
            for p in parties:
                facts.append(ctx.fact(ref, "concerns", f"{p.label}:{p.id}", s))
            cue = subject_cue.match(s.text, pos - s.start)
            if cue is None:
                cue = re.compile(rf"\s*,?\s*(?:{subject_cue.pattern})", re.IGNORECASE).match(s.text, pos - s.start)
            if cue is not None:
                start = s.start + cue.end()
                skip = {(x.start, x.end) for x in (court, date) if x is not None}
                for m in subjects(s, start, phrase_end(s, start), skip):
                    if m.label == "RULING" and m.id == r.id:
                        continue
                    facts.append(ctx.fact(ref, "concerns", f"{m.label}:{m.id}", s))
    facts.extend(motions(ctx))
    # a ruling dated to the day is not also dated to its month ("(d.d. februari 2024)")
    dates = {(f.subject, f.object) for f in facts if f.predicate == "decisionDate"}
    return [f for f in facts if not (f.predicate == "decisionDate" and any(
        subj == f.subject and obj != f.object and obj.startswith(f.object + "-") for subj, obj in dates))]


# "waarin werd verzocht om ...", "die de regering verzoekt om ..."
MOTION_CONTENT = re.compile(r"\b(?:waarin|die|dat)\s+(?:de regering\s+|het kabinet\s+)?(?:werd\s+|wordt\s+)?(?:verzocht|verzoekt|gevraagd|vraagt)\s+(?:om|te)\b", re.IGNORECASE)


def motions(ctx: FactContext) -> list[Fact]:
    """``concerns`` for a motion: what a sentence acting on it (``In lijn met motie X ... om Y``) or its request names."""
    facts = []
    basis = re.compile(rf"(?:{cue_re('motion_basis_cue').pattern})\s+(?:de\s+)?$", re.IGNORECASE)
    for s in ctx.sentences:
        for mo in s.of("MOTION"):
            start = None
            if basis.search(s.before(mo, 40)):
                om = re.search(r"\bom\b", s.text[mo.end - s.start:])
                start = mo.end + om.end() if om else None
            else:
                req = MOTION_CONTENT.search(s.text, mo.end - s.start)
                start = s.start + req.end() if req else None
            if start is None:
                continue
            skip: set[tuple[int, int]] = set()
            for r in s.of("RULING"):
                _, court, date, _ = read_tail(s, r)
                skip |= {(x.start, x.end) for x in (court, date) if x is not None}
            for m in s.mentions:
                if m.start >= start and m.label in CONTENT_LABELS and (m.start, m.end) not in skip and m.label != "MOTION":
                    facts.append(ctx.fact(f"MOTION:{mo.id}", "concerns", f"{m.label}:{m.id}", s))
    return facts
