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
        elif word[0].isupper() and word not in _NOT_NAME and not word.isupper():
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


# European Case Law Identifier: ECLI:<country>:<court>:<year>:<number>
ECLI_RE = re.compile(r"(?<![\w:])ECLI:[A-Z]{2}:[A-Z0-9]{1,7}:(?:19|20)\d\d:[A-Za-z0-9.]{1,25}(?<!\.)")


def eclis(text: str, ctx: Context) -> Iterator[Candidate]:
    """A ruling cited by its ECLI is a RULING mention with that id."""
    for m in ECLI_RE.finditer(text):
        yield Candidate(m.start(), m.end(), "RULING", m.group(), 6)


# a platform named by its type: "onbemande vaartuigen van het type Vanguard 12", "toestellen van het type C-130"
_TYPE_NAME = re.compile(r"(?<![\w-])(?:van het|het|van dit) type (?P<name>[A-Z][\w-]*(?: (?:[A-Z][\w-]*|\d[\w-]*)){0,2})")


def typed_systems(text: str, ctx: Context) -> Iterator[Candidate]:
    """A capitalised name after "van het type" is a SYSTEM, known to the lists or not."""
    for m in _TYPE_NAME.finditer(text):
        yield Candidate(m.start("name"), m.end("name"), "SYSTEM", " ".join(m.group("name").split()), 3)


RULES = (persons, motions, ruling_nouns, eclis, typed_systems, context_aliases)


# ---------------------------------------------------------------- linking
_SENTENCE_END = re.compile(r"[.?!] (?=[A-Z0-9\u00c0-\u017f(])")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    lo = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - 400), start):
        lo = m.end()
    m = _SENTENCE_END.search(text, end)
    return lo, (m.start() + 1 if m else len(text))


@lru_cache(maxsize=1)
def _office_title_re() -> re.Pattern:
    """An office title: "minister van Defensie", "Ministers van Buitenlandse Zaken en Defensie"."""
    pf = "|".join(re.escape(p) for p in portfolios())
    return re.compile(rf"(?i:minister-president|ministers?|staatssecretaris(?:sen)?|bewindspersonen|ministeries?)"
                      rf" (?:van|voor) (?:{pf})(?:(?:,| en) (?:van |voor )?(?:{pf})){{0,4}}")


def _in_office_title(text: str, start: int, end: int) -> bool:
    """True when [start, end) is the portfolio of an office title (gold decision 9: no ORG there)."""
    for m in _office_title_re().finditer(text, max(0, start - 160), min(len(text), end + 5)):
        if m.start() < start and m.end() >= end:
            return True
    return False


_NOT_VERBS = frozenset({"het", "met", "uit", "tot", "dat", "wat", "niet", "dit", "gelet", "omdat", "want", "echt",
                        "maart", "juist", "eerst", "vast", "mocht", "zet"})


def _in_period(date: str, period: str | None) -> bool:
    """``2025-06-16`` in ``2024/2025``, ``2026/..``; no period: always."""
    if not period:
        return False
    lo, _, hi = period.partition("/")
    return (lo in ("", "..") or date[:len(lo)] >= lo) and (hi in ("", "..") or date[:len(hi)] <= hi)


def _lower_ministry(before: str, after: str) -> bool:
    """Lower-case ``defensie`` names the ministry only as the subject after a finite verb
    ("betaalt defensie leveranciers", "weegt defensie ... mee")."""
    pre = re.search(r"([a-z]+) $", before)
    return bool(pre and pre.group(1).endswith("t") and pre.group(1) not in _NOT_VERBS and re.match(r" [a-z]", after))


def _resolve_context(text: str, c: Candidate, alias: str, chosen: Sequence[Candidate], ctx: Context) -> str | None:
    """The id a context alias stands for here, or None."""
    k = _knowledge()
    options = k.context[alias]
    before = text[max(0, c.start - 12):c.start]
    after = text[c.end:c.end + 30]
    if _in_office_title(text, c.start, c.end) or text[c.start:c.end] != alias:
        return None  # an office's portfolio; a compound of a common noun ("Defensie-uitgaven")
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
    if alias == "defensie" and not _lower_ministry(before, after):
        return None
    # frameworks named by a common noun ("het coalitieakkoord") mean the one in force at the document's date
    if ctx.doc_date and any(e.data.get("period") for e in options):
        current = [e for e in options if _in_period(ctx.doc_date, e.data.get("period"))]
        options = tuple(current) or options
    ids = {e.id for e in options}
    # the most recent mention of one of the options before this one
    for prev in reversed([p for p in chosen if p.end <= c.start]):
        if prev.label == c.label and prev.id in ids:
            return prev.id
    if len(options) == 1:
        return options[0].id
    defaults = [e for e in options if e.data.get("context_default")]
    return defaults[0].id if len(defaults) == 1 else None


# the kind of decision each ruling noun names (knowledge files' "kind"); other nouns fit any kind
_NOUN_KIND = {"arrest": "arrest", "cassatiearrest": "arrest", "vonnis": "vonnis", "tussenvonnis": "vonnis",
              "eindvonnis": "vonnis", "advies": "advies", "advisory opinion": "advies", "beschikking": "beschikking"}
_COURT_AFTER = re.compile(r" (?:van|door) (?:het|de) ")
# the date of a ruling after its noun, possibly after its court: "het vonnis van 13 december 2024",
# "het arrest van het Hof (d.d. 12 februari 2024)", "het vonnis van de rechtbank Den Haag van 3 maart 2023"
_DATE_AFTER = re.compile(r"(?: van (?:het|de) [^().;,]{2,60})? (?:van |\((?:d\.d\.|dd\.|van) ?)|[^()]{0,80}\((?:d\.d\.|dd\.) ?")
# a ruling noun is a mention only with a determiner: "het vonnis", "de uitspraak", "dit arrest"
_DETERMINER_BEFORE = re.compile(r"(?:het|de|dit|dat|deze|die|zijn|haar|hun|een) $", re.IGNORECASE)
_ANAPHOR_BEFORE = re.compile(r"(?:het|Het|dit|Dit|dat|Dat|deze|Deze|die|Die) $")


def _ruling_id(text: str, c: Candidate, before: Sequence[Candidate], after: Sequence[tuple[int, Candidate, str]],
               ctx: Context) -> tuple[str, tuple[int, str] | None] | None:
    """The ruling a ruling noun refers to, and a correction of the court's id if one is due.

    By the court and the date named with it ("het arrest van het Hof (d.d. 12 februari 2024)",
    "de voorzieningenrechter van de rechtbank Den Haag in het vonnis van 13 december 2024"),
    matched against the knowledge file of rulings, or ``COURT-YYYY-MM-DD`` for a ruling it does
    not know; else, for "het arrest" / "dit vonnis", the last ruling named before."""
    k = _knowledge()
    if not _DETERMINER_BEFORE.search(text, max(0, c.start - 6), c.start):
        return None
    noun = c.id.removeprefix(PLACEHOLDER).lower()
    kind = _NOUN_KIND.get(noun)
    lo, _ = _sentence(text, c.start, c.end)
    court: str | None = None
    courts: set[str] = set()  # the courts a short name after the noun may stand for
    court_at: int | None = None
    date: str | None = None
    for j, p, original in after:
        if p.start >= c.end + 120:
            break
        gap = text[c.end:p.start]
        if court is None and p.label == "ORG" and p.id in k.courts and _COURT_AFTER.fullmatch(gap):
            court, court_at = p.id, j
            alias = original.removeprefix(PLACEHOLDER + "ctx:") if original.startswith(PLACEHOLDER + "ctx:") else None
            courts = {e.id for e in k.context.get(alias, ()) if e.id in k.courts} if alias else set()
        elif date is None and p.label == "DATE" and _DATE_AFTER.fullmatch(gap):
            date = p.id
    if court is None and noun not in _WEAK_NOUNS:  # "uitspraak" and "advies" need "van <court>" after them
        for p in reversed(before):
            if p.end <= lo or c.start - p.end > 60:
                break
            if p.label == "ORG" and p.id in k.courts:
                court = p.id
                break
    earlier = [p.id for p in before if p.label == "RULING"]
    if court is None and date is None:
        if noun in _WEAK_NOUNS or not _ANAPHOR_BEFORE.search(text, max(0, c.start - 6), c.start):
            return None
        return (earlier[-1], None) if earlier else None
    if noun in _WEAK_NOUNS and court is None:
        return None

    def known_for(court_ids: set[str] | None) -> list[Entry]:
        return [r for r in k.rulings
                if (court_ids is None or r.data.get("court") in court_ids)
                and (date is None or str(r.data.get("date", "")).startswith(date))
                and (kind is None or r.data.get("kind") == kind)]

    known = known_for({court} if court else None)
    fix = None
    if not known and courts and date:
        # "het Hof" resolved to the last court named, but the ruling's date fits another court's ruling
        other = known_for(courts)
        if len(other) == 1:
            known, court = other, other[0].data["court"]
            fix = (court_at, court) if court_at is not None else None
    ids = {r.id for r in known}
    for rid in reversed(earlier):  # the ruling of this court named before
        if rid in ids or (court and date is None and rid.startswith(court + "-")):
            return rid, fix
    if len(known) == 1:
        return known[0].id, fix
    if date is None and known:  # the court's latest such ruling before the document
        doc_date = ctx.doc_date or "9999"
        dated = sorted((str(r.data.get("date", "")), r.id) for r in known if str(r.data.get("date", "")) <= doc_date)
        return (dated[-1][1], fix) if dated else None
    if court and date and len(date) == 10:
        return f"{court}-{date}", fix
    return None


_REF_AFTER_MOTION = re.compile(r"[^()]{0,200}?\($")


def _motion_id(text: str, c: Candidate, chosen: Sequence[Candidate]) -> str:
    base = c.id[len(PLACEHOLDER):]
    _, hi = _sentence(text, c.start, c.end)
    for p in chosen:
        if p.label == "DOCUMENT" and c.end <= p.start < hi and p.id.startswith("kst-") \
                and _REF_AFTER_MOTION.fullmatch(text[c.end:p.start]):
            return f"{base}-{p.id[4:]}"
    return base


def _is_full_name(pid: str) -> bool:
    return " " in pid and pid.split()[0].lower() not in PARTICLES


def link(text: str, chosen: Sequence[Candidate], ctx: Context) -> list[Candidate]:
    """Resolve placeholder ids, give surnames the document's full names, drop what stays unresolved.

    First persons, motions and context names; then ruling nouns, which look at the courts and
    dates around them and at the rulings named before them. When a ruling shows that a short
    court name (``het Hof``) meant another court than the last one named, the short names are
    resolved once more with that correction."""
    overrides: dict[int, str] = {}
    for _ in range(3):
        first = _first_pass(text, chosen, ctx, overrides)
        out, fixes = _ruling_pass(text, chosen, first, ctx)
        fixes = {i: cid for i, cid in fixes.items() if overrides.get(i) != cid}
        if not fixes:
            break
        overrides.update(fixes)
    return out


def _first_pass(text: str, chosen: Sequence[Candidate], ctx: Context, overrides: dict[int, str]) -> dict[int, Candidate]:
    full: dict[str, str] = {}
    for c in chosen:
        if c.label == "PERSON":
            pid = c.id.removeprefix(PLACEHOLDER)
            if _is_full_name(pid):
                full.setdefault(surname_of(pid).lower(), pid)
    first: dict[int, Candidate] = {}
    for i, c in enumerate(chosen):
        cid: str | None = c.id
        if i in overrides:
            cid = overrides[i]
        elif c.label == "PERSON" and cid.startswith(PLACEHOLDER):
            pid = cid.removeprefix(PLACEHOLDER)
            cid = pid if _is_full_name(pid) else full.get(surname_of(pid).lower(), pid)
        elif c.label == "MOTION" and cid.startswith(PLACEHOLDER):
            cid = _motion_id(text, c, chosen)
        elif cid.startswith(PLACEHOLDER + "ctx:"):
            cid = _resolve_context(text, c, cid.removeprefix(PLACEHOLDER + "ctx:"), list(first.values()), ctx)
        if cid is not None:
            first[i] = replace(c, id=cid)
    return first


def _ruling_pass(text: str, chosen: Sequence[Candidate], first: dict[int, Candidate],
                 ctx: Context) -> tuple[list[Candidate], dict[int, str]]:
    out: list[Candidate] = []
    fixes: dict[int, str] = {}
    items = sorted(first.items())
    for n, (_, c) in enumerate(items):
        if c.label == "RULING" and c.id.startswith(PLACEHOLDER):
            after = [(j, x, chosen[j].id) for j, x in items[n + 1:]]
            found = _ruling_id(text, c, out, after, ctx)
            if found is None:
                continue
            rid, fix = found
            if fix:
                fixes[fix[0]] = fix[1]
            c = replace(c, id=rid)
        out.append(c)
    return out, fixes


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
