"""Persons, motions, rulings and names that only context can resolve; linking mentions to ids.

Two kinds of functions live here:

* rules ``(text, ctx) -> Iterator[Candidate]`` like those of :mod:`.rules`: persons named after a
  title (``het lid Dobbe (SP)``, ``minister Veldkamp``, ``de minister van Defensie, Ruben
  Brekelmans``), motions (``motie-Piri``, ``motie Van Baarle``, ``de motie van het lid
  Teunissen``), ruling nouns (``het arrest``, ``het vonnis``, ``de Advisory Opinion``) and the
  short names of the knowledge files' ``context_aliases`` (``het Hof``, ``uw Kamer``, ``de
  Staat``, ``Defensie``). Candidates whose id needs context carry a placeholder id.
* :func:`link`, run on the chosen mentions of one document: it resolves the placeholders
  (``het Hof`` -> the court named before, a ruling noun -> the ruling of that court and date),
  gives surnames the full name the document uses, appends the Kamerstuk number to a motion
  and drops what stays unresolved. :func:`link_corpus` does the same for surnames across
  the documents of one build: one id per person.

All regular expressions are linear (no nested unbounded quantifiers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

from .knowledge import Entry, load_entries
from .rules import Candidate, Context

PLACEHOLDER = "?"  # id prefix of a candidate that link() must resolve
PERSON_PRIORITY = 4
CONTEXT_PRIORITY = 2

PARTICLES = frozenset({"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "in", "op", "la", "le", "du", "da",
                       "di", "dos", "del", "von", "zu", "el", "al", "ben", "bin"})
# capitalised words that follow a title but are no name
_NOT_NAME = frozenset("""
De Het Een Uw Kamer Defensie Buitenlandse Zaken Financiën Justitie Economische Binnenlandse Algemene Sociale
Volksgezondheid Onderwijs Infrastructuur Landbouw Klimaat Asiel Migratie Buitenlandse Handel Ontwikkelingshulp
Staten-Generaal President Minister Staatssecretaris Voorzitter In Op Met Voor Van Als Bij Tot Dat Die Dit Deze
Ook Namens Hoogachtend Antwoord Vraag Zie
""".split())

_UPPER = "A-ZÀ-ÖØ-Þ\u0100-\u017f"
_WORD = re.compile(rf"[{_UPPER}a-zß-öø-ÿ\u0100-\u017f'’][\w'’]*(?:-[\w'’]+)*")
# a title after which a name follows
_TITLE = re.compile(
    r"(?<![\w-])(?:[Hh]et (?:Kamer)?lid|[Dd]e (?:Kamer)?leden|Kamerlid|[Mm]inister-president|[Mm]inisters?"
    r"|[Ss]taatssecretaris(?:sen)?|[Pp]remier|[Dd]e heer|[Mm]evrouw|[Mm]w\.|[Dd]hr\.|[Cc]ommissaris|[Aa]mbassadeur"
    r"|[Rr]apporteur|[Ee]urocommissaris|[Gg]ezant|[Ss]peciaal gezant|[Pp]resident) "
)


@lru_cache(maxsize=1)
def portfolios() -> tuple[str, ...]:
    """Ministerial portfolios (ner/data/portfolios.csv), longest first."""
    import csv

    from .knowledge import DATA_DIR

    with (DATA_DIR / "portfolios.csv").open(encoding="utf-8", newline="") as fh:
        names = [row["portfolio"] for row in csv.DictReader(fh)]
    return tuple(sorted(names, key=len, reverse=True))


@lru_cache(maxsize=1)
def _portfolio_re() -> re.Pattern:
    """"de minister van Defensie, Ruben Brekelmans", "staatssecretaris van Defensie Tuinman"."""
    pf = "|".join(re.escape(p) for p in portfolios())
    return re.compile(rf"(?<![\w-])(?:[Mm]inister|[Ss]taatssecretaris) (?:van|voor) (?:{pf})"
                      rf"(?: en (?:van |voor )?(?:{pf}))?(?P<comma>,)? (?=[A-Z\u00c0-\u017f])")
# "het lid van der Lee", "de heer van 't Wout": a surname that starts with particles
_PARTICLE_NAME = re.compile(r"van (?:der|den|'t) [A-Z\u00c0-\u017f]")
_NAME_JOIN = re.compile(r"(?:, | en )")
_PARTY_AFTER = re.compile(r" ?\((?:beiden |allen )?[^()]{2,30}\)")
# office titles whose portfolio names are not organisation mentions ("minister van Defensie")
OFFICE_TITLE = re.compile(
    r"(?i:minister-president|ministers?|staatssecretaris(?:sen)?|bewindsperso(?:o|ne)n?|ministeries?)"
    r" (?:van|voor) (?:[^\s,.;:()]+(?:,? (?:en )?|$)){1,8}"
)


@dataclass(frozen=True, slots=True)
class Name:
    start: int
    end: int
    text: str
    has_given: bool  # a given name precedes the surname ("Ruben Brekelmans")


def parse_name(text: str, pos: int, max_given: int = 2) -> Name | None:
    """The person's name starting at ``pos``: [given names] [particles] Surname."""
    tokens: list[re.Match] = []
    i = pos
    while len(tokens) < 6:
        m = _WORD.match(text, i)
        if not m:
            break
        word = m.group()
        low = word.lower()
        if low in PARTICLES:
            tokens.append(m)
        elif word[0].isupper() and word not in _NOT_NAME and not word.isupper() or (
            word[0].isupper() and len(word) <= 3 and word.isupper() and False
        ):
            tokens.append(m)
        else:
            break
        if m.end() < len(text) and text[m.end()] == " ":
            i = m.end() + 1
        else:
            break
    # trim trailing particles and check the shape
    while tokens and tokens[-1].group().lower() in PARTICLES:
        tokens.pop()
    if not tokens:
        return None
    caps = [t for t in tokens if t.group().lower() not in PARTICLES]
    first_is_particle = tokens[0].group().lower() in PARTICLES
    # a name is given names (capitalised), then particles, then one capitalised surname
    out: list[re.Match] = []
    given = 0
    seen_particle = False
    for t in tokens:
        word = t.group()
        if word.lower() in PARTICLES:
            seen_particle = True
            out.append(t)
            continue
        if seen_particle:
            out.append(t)
            break  # the surname after particles ends the name
        out.append(t)
        given += 1
    caps = [t for t in out if t.group().lower() not in PARTICLES]
    if not caps:
        return None
    if not seen_particle and len(caps) > max_given + 1:
        out = out[: max_given + 1]
        caps = out
    has_given = not first_is_particle and len(caps) >= 2
    start, end = out[0].start(), out[-1].end()
    return Name(start, end, text[start:end], has_given)


def person_id(name: str) -> str:
    """The id of a person as written: whitespace folded, a leading particle capitalised."""
    name = " ".join(name.split())
    return name[:1].upper() + name[1:]


def surname_of(name: str) -> str:
    """``Ruben Brekelmans`` -> ``Brekelmans``; ``Aukje de Vries`` -> ``De Vries``; ``Van der Graaf`` -> itself."""
    words = name.split()
    i = len(words) - 1
    while i > 0 and words[i - 1].lower() in PARTICLES:
        i -= 1
    return person_id(" ".join(words[i:]))


# ---------------------------------------------------------------- knowledge views
@dataclass(frozen=True, slots=True)
class _Knowledge:
    context: dict[str, tuple[Entry, ...]]  # context alias -> entries
    rulings: tuple[Entry, ...]
    courts: frozenset[str]  # ORG ids of courts
    context_re: re.Pattern


@lru_cache(maxsize=4)
def _knowledge(entries: tuple[Entry, ...] | None = None) -> _Knowledge:
    entries = load_entries() if entries is None else entries
    context: dict[str, list[Entry]] = {}
    for e in entries:
        for alias in e.data.get("context_aliases") or ():
            context.setdefault(alias, []).append(e)
    courts = {e.id for e in entries if e.label == "ORG" and e.data.get("kind") == "court"}
    rulings = tuple(e for e in entries if e.label == "RULING")
    courts |= {e.data["court"] for e in rulings if e.data.get("court")}
    alts = "|".join(re.escape(a) for a in sorted(context, key=len, reverse=True)) or "(?!)"
    return _Knowledge({k: tuple(v) for k, v in context.items()}, rulings, frozenset(courts),
                      re.compile(rf"(?<![\w-])(?:{alts})(?![\w])"))


# ---------------------------------------------------------------- rules
def _names_after(text: str, pos: int, max_names: int = 6) -> Iterator[Name]:
    """Names at ``pos``, joined by commas and ``en`` ("de leden Dobbe en Van Dijk")."""
    for _ in range(max_names):
        name = parse_name(text, pos)
        if name is None:
            return
        yield name
        j = _NAME_JOIN.match(text, name.end)
        if not j:
            return
        pos = j.end()


def persons(text: str, ctx: Context) -> Iterator[Candidate]:
    """People named after a title or after an office with a comma."""
    for m in _TITLE.finditer(text):
        if text.startswith(("van ", "voor "), m.end()) and not _PARTICLE_NAME.match(text, m.end()):
            continue  # "minister van Defensie", "het lid van de commissie": no name
        for name in _names_after(text, m.end()):
            yield Candidate(name.start, name.end, "PERSON", PLACEHOLDER + person_id(name.text), PERSON_PRIORITY)
    for m in _portfolio_re().finditer(text):
        name = parse_name(text, m.end())
        if name is not None and (name.has_given or not m.group("comma")):
            yield Candidate(name.start, name.end, "PERSON", PLACEHOLDER + person_id(name.text), PERSON_PRIORITY)


# "motie-Piri", "motie Van Baarle", "motie-Teunissen/Van der Plas"
_MOTION_NAMED = re.compile(r"(?<![\w-])[Mm]otie(?P<sep>[- ])(?=[A-Z\u00c0-\u017f])")
# "de motie van het lid Teunissen", "de motie van de leden Piri en Boswijk"
_MOTION_OF = re.compile(r"(?<![\w-])(?P<noun>[Mm]otie) van (?:het (?:Kamer)?lid|de (?:Kamer)?leden) ")


def motions(text: str, ctx: Context) -> Iterator[Candidate]:
    for m in _MOTION_NAMED.finditer(text):
        name = parse_name(text, m.end(), max_given=0)
        if name is None or (m.group("sep") == " " and name.text[0].islower()):
            continue
        yield Candidate(m.start(), name.end, "MOTION", f"{PLACEHOLDER}motie-{person_id(name.text)}", 5)
    for m in _MOTION_OF.finditer(text):
        name = parse_name(text, m.end())
        if name is None:
            continue
        yield Candidate(m.start("noun"), m.end("noun"), "MOTION", f"{PLACEHOLDER}motie-{surname_of(name.text)}", 5)


# ruling nouns; "uitspraak" and "advies" only of a court (checked in link)
_RULING_NOUN = re.compile(
    r"(?<![\w-])(?P<noun>arrest|cassatiearrest|vonnis|tussenvonnis|eindvonnis|rechterlijk besluit|rechterlijke uitspraak"
    r"|beschikking|uitspraak|advies|Advisory Opinion|advisory opinion)(?![\w-])"
)
_WEAK_NOUNS = frozenset({"uitspraak", "advies", "beschikking"})


def ruling_nouns(text: str, ctx: Context) -> Iterator[Candidate]:
    for m in _RULING_NOUN.finditer(text):
        yield Candidate(m.start(), m.end(), "RULING", PLACEHOLDER + m.group("noun").lower(), 3)


def context_aliases(text: str, ctx: Context) -> Iterator[Candidate]:
    k = _knowledge()
    for m in k.context_re.finditer(text):
        alias = m.group()
        label = k.context[alias][0].label
        yield Candidate(m.start(), m.end(), label, PLACEHOLDER + "ctx:" + alias, CONTEXT_PRIORITY)


RULES = (persons, motions, ruling_nouns, context_aliases)


# ---------------------------------------------------------------- linking
_SENTENCE_END = re.compile(r"[.?!] (?=[A-Z0-9\u00c0-\u017f(])")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    lo = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - 400), start):
        lo = m.end()
    m = _SENTENCE_END.search(text, end)
    return lo, (m.start() + 1 if m else len(text))


def _in_office_title(text: str, start: int, end: int) -> bool:
    lo = max(0, start - 120)
    for m in OFFICE_TITLE.finditer(text, lo, min(len(text), end + 5)):
        if m.start() < start and m.end() >= end:
            return True
    return False


_DEFENSIE_AS_SUBJECT = re.compile(r"(?<![\w-])(?P<verb>[a-z]+t) defensie (?=[a-z])")
_NOT_VERBS = frozenset({"het", "met", "uit", "tot", "dat", "wat", "niet", "dit", "gelet", "omdat", "want", "echt",
                        "maart", "juist", "eerst", "vast", "mocht", "zet"})


def _resolve_context(text: str, c: Candidate, alias: str, chosen: Sequence[Candidate], ctx: Context) -> str | None:
    """The id a context alias stands for here, or None."""
    k = _knowledge()
    options = k.context[alias]
    before = text[max(0, c.start - 12):c.start]
    after = text[c.end:c.end + 30]
    if _in_office_title(text, c.start, c.end):
        return None
    if alias in ("Kamer", "kamer"):
        doc = ctx.document
        chamber = getattr(doc, "chamber", None) or "Tweede Kamer"
        if re.search(r"(?i:uw) $", before):
            wanted = "Eerste Kamer" if chamber.startswith("Eerste") else "Tweede Kamer"
        elif alias == "Kamer" and re.search(r"(?:de|der|De) $", before):
            wanted = "Tweede Kamer"
        else:
            return None
        for e in options:
            if e.id.startswith(wanted):
                return e.id
        return None
    if alias in ("Staat",):
        if not re.search(r"(?:de|De|der) $", before) or re.match(r" (?:der|van|[A-Z\u00c0-\u017f])", after):
            return None
    if alias == "Hof" and not re.search(r"(?:het|Het) $", before):
        return None
    if alias == "defensie":
        m = _DEFENSIE_AS_SUBJECT.match(text, max(0, c.start - 20)) if False else None
        pre = re.search(r"([a-z]+) $", before)
        if not pre or not pre.group(1).endswith("t") or pre.group(1) in _NOT_VERBS or not re.match(r" [a-z]", after):
            return None
    ids = {e.id for e in options}
    # the most recent mention of one of the options before this one
    for prev in reversed([p for p in chosen if p.end <= c.start]):
        if prev.label == c.label and prev.id in ids:
            return prev.id
    if len(options) == 1:
        return options[0].id
    defaults = [e for e in options if e.data.get("context_default")]
    return defaults[0].id if len(defaults) == 1 else None


def _ruling_id(text: str, c: Candidate, chosen: Sequence[Candidate], resolved: dict[int, str], ctx: Context) -> str | None:
    """The ruling a ruling noun refers to: by the court and date near it, else the last ruling named."""
    k = _knowledge()
    noun = c.id[len(PLACEHOLDER):]
    lo, hi = _sentence(text, c.start, c.end)
    court: str | None = None
    date: str | None = None
    # "het arrest van het Hof (d.d. 12 februari 2024)", "het vonnis van 13 december 2024"
    tail = [p for p in chosen if c.end <= p.start < min(hi, c.end + 120)]
    head = [p for p in chosen if lo <= p.start and p.end <= c.start]
    between = lambda p: text[c.end:p.start]  # noqa: E731
    for p in tail:
        pid = resolved.get(id(p), p.id)
        if p.label == "ORG" and pid in k.courts and re.fullmatch(r" (?:van|door) (?:het|de) ", between(p)):
            court = pid
        elif p.label == "DATE" and re.fullmatch(r" (?:van (?:het [^()]{2,60} )?|\((?:d\.d\.|dd\.|van) ?)|.{0,80}\((?:d\.d\.|dd\.) ?", between(p)):
            date = p.id
            if date:
                break
    if court is None:
        # "de voorzieningenrechter van de rechtbank Den Haag in het vonnis van ..."
        for p in reversed(head):
            pid = resolved.get(id(p), p.id)
            if p.label == "ORG" and pid in k.courts and c.start - p.end < 60:
                court = pid
                break
    if noun in _WEAK_NOUNS and court is None:
        return None
    candidates = list(k.rulings)
    if court:
        candidates = [r for r in candidates if r.data.get("court") == court]
    if date:
        candidates = [r for r in candidates if str(r.data.get("date", "")).startswith(date)]
    if court or date:
        # a ruling of this court named earlier in the document
        earlier = [resolved.get(id(p)) for p in chosen if p.label == "RULING" and p.end <= c.start]
        for rid in reversed([r for r in earlier if r]):
            if any(r.id == rid for r in candidates) or (court and rid.startswith(court + "-") and not date):
                return rid
        if len(candidates) == 1:
            return candidates[0].id
        doc_date = ctx.doc_date or "9999"
        dated = sorted((str(r.data.get("date", "")), r.id) for r in candidates if str(r.data.get("date", "")) <= doc_date)
        if dated and not date and court:
            return dated[-1][1]
        if court and date and len(date) == 10:
            return f"{court}-{date}"
        return None
    # anaphora: "het arrest", "dit vonnis", "het rechterlijk besluit" -> the last ruling named
    if not re.search(r"(?:het|Het|dit|Dit|dat|Dat|deze|Deze|dat) $", text[max(0, c.start - 6):c.start]):
        return None
    earlier = [resolved.get(id(p)) for p in chosen if p.label == "RULING" and p.end <= c.start]
    earlier = [r for r in earlier if r]
    return earlier[-1] if earlier else None


_REF_AFTER_MOTION = re.compile(r"[^()]{0,200}?\($")


def _motion_id(text: str, c: Candidate, chosen: Sequence[Candidate]) -> str:
    base = c.id[len(PLACEHOLDER):]
    lo, hi = _sentence(text, c.start, c.end)
    for p in chosen:
        if p.label == "DOCUMENT" and c.end <= p.start < hi and p.id.startswith("kst-") \
                and _REF_AFTER_MOTION.fullmatch(text[c.end:p.start]):
            return f"{base}-{p.id[4:]}"
    return base


def link(text: str, chosen: Sequence[Candidate], ctx: Context) -> list[Candidate]:
    """Resolve placeholder ids, give surnames the document's full names, drop what stays unresolved."""
    resolved: dict[int, str] = {}
    out: list[Candidate] = []
    # persons first: full names in this document
    full: dict[str, str] = {}
    for c in chosen:
        if c.label == "PERSON":
            pid = c.id[len(PLACEHOLDER):] if c.id.startswith(PLACEHOLDER) else c.id
            if " " in pid and pid.split()[0].lower() not in PARTICLES:
                full.setdefault(surname_of(pid).lower(), pid)
    for c in chosen:
        cid = c.id
        if c.label == "PERSON" and cid.startswith(PLACEHOLDER):
            pid = cid[len(PLACEHOLDER):]
            cid = full.get(surname_of(pid).lower(), pid) if not (" " in pid and pid.split()[0].lower() not in PARTICLES) else pid
        elif c.label == "MOTION" and cid.startswith(PLACEHOLDER):
            cid = _motion_id(text, c, chosen)
        elif cid.startswith(PLACEHOLDER + "ctx:"):
            cid = _resolve_context(text, c, cid[len(PLACEHOLDER) + 4:], out, ctx)
        elif c.label == "RULING" and cid.startswith(PLACEHOLDER):
            cid = _ruling_id(text, c, out, resolved, ctx)
        if cid is None or cid.startswith(PLACEHOLDER):
            continue
        new = replace(c, id=cid)
        resolved[id(new)] = cid
        out.append(new)
    return out


def link_corpus(person_ids: Iterable[str]) -> dict[str, str]:
    """Surname-only PERSON ids -> the one full name with that surname among ``person_ids``."""
    by_surname: dict[str, set[str]] = {}
    ids = set(person_ids)
    for pid in ids:
        if " " in pid and pid.split()[0].lower() not in PARTICLES:
            by_surname.setdefault(surname_of(pid).lower(), set()).add(pid)
    out = {}
    for pid in ids:
        if pid in by_surname.get(surname_of(pid).lower(), ()):
            continue
        names = by_surname.get(pid.lower())
        if names and len(names) == 1:
            out[pid] = next(iter(names))
    return out
