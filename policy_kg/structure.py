"""What can be read from a document's text without NER: date, genre, title, references, signatories,
committee, chamber; debris and numbered questions come from :mod:`.debris` and :mod:`.questions`.

Written for Dutch parliamentary papers as they come out of PDF-to-text conversion
(tweedekamer.nl / rijksoverheid.nl): Kamerbrieven, antwoorden op Kamervragen, verslagen van
schriftelijk overleg, nota's naar aanleiding van verslag. Every span is an offset pair into
``Document.text`` and ``text[start:end]`` is exactly the stored text.

All regular expressions here are linear-time: no nested unbounded quantifiers; line breaks
inside references are allowed only through bounded whitespace runs.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .debris import find_debris, merge_spans
from .dutch import MONTH_RE, parse_date
from .model import GENRES, Document, Reference, Signatory
from .questions import find_questions

#: how much of the start of a document counts as its header (letterhead, Betreft, kenmerk ...)
HEAD_CHARS = 4000


def _flex(pattern: str) -> str:
    """``~`` in a pattern stands for the space between two words, which in converted PDFs may
    be a no-break space or a line break: one to three whitespace characters."""
    return pattern.replace("~", r"\s{1,3}")

# --------------------------------------------------------------------------------------------
# references
# --------------------------------------------------------------------------------------------

_H = r"[ \t\u00a0]{0,3}"  # a little horizontal space
_WS = rf"{_H}\n?{_H}"  # ... with at most one line break in it
_DOSSIER = r"(?P<d1>\d{2})[ \u00a0.]?(?P<d2>\d{3})"

# Kamerstukken: "Kamerstuk 22 054, nr. 454", "Kamerstukken II 2021/22, 36021, \nnr.6",
# "I 2022/23, 36021, B", "36800-X, nr.78", "36 725 X nr. 6", "36 800-X34", "21 501-02, nr. 2943",
# "Kamerstuk 33.279-40", "Kamerstuk 36800-K".
_KST = re.compile(
    rf"""
    (?<![\w/.,-])
    (?:
        (?P<series>Kamerstukken|Kamerstuknummer|Kamerstuk|Kst\.?)
        (?:{_WS}(?P<ch>II|I|TK|EK)(?![\w]))?
        (?:{_WS}(?P<sy>(?:19|20)\d\d[/\u2013-]\d{{2,4}}),?)?
        {_WS}
      | (?P<ch2>II|I){_H}(?P<sy2>(?:19|20)\d\d/\d{{2,4}}),{_WS}
    )?
    {_DOSSIER}(?![\d])
    (?:
        -(?P<sg>[A-Z]{{1,3}})(?P<ng>\d{{1,4}})(?![\d])
      | -(?P<sd>\d{{1,4}})(?![\d])
      | (?:[ \u00a0]|-)(?P<sl>[A-Z]{{1,4}})(?![\w-])
    )?
    (?:
        ,?{_WS}(?P<nrw>nrs|nr|no)\.?{_WS}(?P<nr>\d{{1,5}})(?![\d])
      | ,{_WS}(?P<letter>[A-Z]{{1,2}})(?![\w-])
    )?
    """,
    re.VERBOSE,
)
_MORE_NRS = re.compile(rf"(?:{_H},{_H}|{_WS}(?:en|&){_WS})(?P<nr>\d{{1,5}})(?![\d])")

# Tweede Kamer registration numbers (Kamervragen "2025Z08791", documents "2025D12345")
_ZNUMBER = re.compile(r"(?<![\w])(?:(?P<series>Kamerstukken|Kamerstuk)[ \t\u00a0]{1,3})?(?P<id>(?:19|20)\d\d[ZD]\d{5})(?![\w])")

# Staatscourant / Staatsblad / Tractatenblad: "Stcrt 2025 nr. 11446", "Stcrt. 2025, 11446"
_OFFICIAL = re.compile(
    rf"(?<![\w])(?P<series>Staatscourant|Stcrt|Staatsblad|Stb|Tractatenblad|Trb)\.?{_H}(?P<year>(?:19|20)\d\d),?{_WS}"
    rf"(?:nr\.?{_WS})?(?P<nr>\d{{1,6}})(?![\d])"
)
_OFFICIAL_PREFIX = {"staatscourant": "stcrt", "stcrt": "stcrt", "staatsblad": "stb", "stb": "stb",
                    "tractatenblad": "trb", "trb": "trb"}

# ministry document numbers written without a label ("(MINDEF20260028717)")
_MINISTRY_NUMBER = re.compile(r"(?<![\w])MINDEF\d{6,14}(?![\w])")

# labelled identifiers: "Onze referentie\nMINDEF20250022706", "met kenmerk 2025Z08791"
_LABELLED = re.compile(
    _flex(r"(?<![\w])(?P<label>Onze~referentie|Ons~kenmerk|Uw~referentie|Uw~kenmerk|[Kk]enmerk|Referentie)\b")
    + r"[ \t\u00a0:]{0,5}\n?[ \t\u00a0]{0,5}(?P<tok>[A-Za-z0-9](?:[A-Za-z0-9_/-]|\.(?=[A-Za-z0-9])){3,40})"
)
_OWN_LABELS = re.compile(_flex(r"Onze~referentie|Ons~kenmerk"))

# the dossier line at the top of a Kamerstuk: "**36 800 K** Vaststelling van ...", "22 054 Wapenexportbeleid"
_DOSSIER_HEADER = re.compile(
    r"(?m)^[ \t\u00a0*]{0,4}(?P<dossier>(?P<d1>\d{2})[ \u00a0]?(?P<d2>\d{3})(?:[ \u00a0-](?P<suf>[A-Z]{1,4}|\d{2}))?)(?![\w-])"
    r"[ \t\u00a0*]{1,6}(?P<title>[A-Z\u00c0-\u00de][a-z\u00df-\u00ff][^\n]*)"
)
_HEADER_CHARS = 1500
# the number (Tweede Kamer "Nr. 455") or letter (Eerste Kamer "D") of the paper inside its dossier
_PAPER_NUMBER = re.compile(
    r"(?m)^[ \t\u00a0*]{0,4}(?:(?P<nr>Nr\.[ \t\u00a0]{0,2}(?P<n>\d{1,4}))|(?P<letter>[A-Z]{1,2}))[ \t\u00a0*]{1,6}\n?[ \t\u00a0*]{0,6}[A-Z]{3,}"
)

SELF_SCOPE = 3000  # a labelled kenmerk this close to the start identifies the document itself

# identifiers of officielebekendmakingen.nl printed in the paper ("kst-22054-454")
_KST_LITERAL = re.compile(r"(?<![\w-])kst-\d{5}(?:-[A-Z0-9]{1,4}){0,2}(?![\w-])")
# a registration number alone on its line at the top ("2025Z08791" above Kamervragen)
_ALONE_ON_LINE = re.compile(r"[ \t\u00a0*]{0,6}(?:19|20)\d\d[ZD]\d{5}[ \t\u00a0*]{0,6}(?:\n|\Z)")


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _kst_id(d1: str, d2: str, suffix: str | None, nr: str | None) -> str:
    parts = [f"kst-{d1}{d2}"]
    if suffix:
        parts.append(suffix)
    if nr:
        parts.append(nr)
    return "-".join(parts)


def _dossier_header(text: str) -> re.Match | None:
    """The dossier line of a Kamerstuk header, when the document starts with one."""
    return _DOSSIER_HEADER.search(text, 0, _HEADER_CHARS)


def find_references(text: str) -> list[Reference]:
    """Numeric references in ``text``: Kamerstukken, Staatscourant, Z-/D-numbers, kenmerken.

    Ids follow tests/gold/README.md decision 23 (``kst-22054-454``, ``kst-36800-X-78``,
    ``kst-21501-02-2943``, ``kst-36021-B``, ``stcrt-2025-11446``, ``2025Z08791``,
    ``MINDEF20250022706``). The span is the whole citation including its series word
    (``Kamerstuk``, ``Stcrt``) but not labels such as ``kenmerk`` or ``Onze referentie``.
    Role ``self`` for the document's own identifiers (the dossier line at the top of a
    Kamerstuk, ``Onze referentie``/``Ons kenmerk``, a ``kenmerk`` in the header), else ``cited``.
    Named publications ("Stand van Defensie") are not found here. Sorted by start; spans never
    overlap.
    """
    found: list[Reference] = []

    header = _dossier_header(text)
    if header:
        suffix = header.group("suf")
        found.append(Reference(header.group("dossier"), _kst_id(header.group("d1"), header.group("d2"), suffix, None),
                               header.start("dossier"), header.end("dossier"), "self"))

    for m in _KST.finditer(text):
        has_nr = bool(m.group("nr") or m.group("ng"))
        if m.group("series"):
            ok = True
        elif m.group("ch2"):
            ok = has_nr or bool(m.group("letter"))
        else:
            ok = has_nr and not m.group("letter")
        if not ok:
            continue
        letter = m.group("letter") if (m.group("series") or m.group("ch2")) else None
        suffix = m.group("sg") or m.group("sd") or m.group("sl")
        nr = m.group("ng") or m.group("nr") or letter
        end = m.end()
        found.append(Reference(text[m.start():end], _kst_id(m.group("d1"), m.group("d2"), suffix, nr), m.start(), end))
        if m.group("nrw") == "nrs":  # "nrs. 381 en 382": one reference per number
            pos = end
            while (more := _MORE_NRS.match(text, pos)) is not None:
                found.append(Reference(more.group("nr"), _kst_id(m.group("d1"), m.group("d2"), suffix, more.group("nr")),
                                       more.start("nr"), more.end("nr")))
                pos = more.end()

    for m in _ZNUMBER.finditer(text):
        alone = m.start() < SELF_SCOPE and _ALONE_ON_LINE.match(text, _line_start(text, m.start())) is not None
        found.append(Reference(m.group(0), m.group("id"), m.start(), m.end(), "self" if alone else "cited"))

    for m in _KST_LITERAL.finditer(text):
        found.append(Reference(m.group(0), m.group(0), m.start(), m.end()))

    for m in _OFFICIAL.finditer(text):
        prefix = _OFFICIAL_PREFIX[m.group("series").lower()]
        found.append(Reference(m.group(0), f"{prefix}-{m.group('year')}-{m.group('nr')}", m.start(), m.end()))

    for m in _MINISTRY_NUMBER.finditer(text):
        found.append(Reference(m.group(0), m.group(0), m.start(), m.end()))

    for m in _LABELLED.finditer(text):
        tok = m.group("tok")
        if not any(c.isdigit() for c in tok) or len(tok) < 5:
            continue
        own = bool(_OWN_LABELS.fullmatch(m.group("label"))) or m.start() < SELF_SCOPE
        found.append(Reference(tok, tok, m.start("tok"), m.end("tok"), "self" if own else "cited"))

    # the paper's own number, wherever it is cited (page footers "Tweede Kamer, vergaderjaar
    # 2024-2025, 22 054, nr. 454"), identifies the document itself
    own = find_paper_number(text)
    if own is not None:
        found = [Reference(r.text, r.id, r.start, r.end, "self") if r.id == own.id else r for r in found]

    # one reference per span: the earliest, then the longest, "self" winning a tie
    found.sort(key=lambda r: (r.start, -(r.end - r.start), r.role != "self"))
    out: list[Reference] = []
    for ref in found:
        if out and ref.start < out[-1].end:
            last = out[-1]
            if (ref.start, ref.end) == (last.start, last.end) and ref.role == "self" and last.role != "self":
                out[-1] = ref
            continue
        out.append(ref)
    return out


def find_paper_number(text: str) -> Reference | None:
    """The document's own number inside its dossier, from the Kamerstuk header.

    Eerste Kamer papers are lettered ("**36 800 K**" ... "**D** **NOTA NAAR ...**" ->
    ``kst-36800-K-D``, span "D"), Tweede Kamer papers numbered ("22 054 ..." ... "Nr. 455
    VERSLAG ..." -> ``kst-22054-455``, span "Nr. 455"). Role ``self``. None without a header.
    """
    header = _dossier_header(text)
    if not header:
        return None
    m = _PAPER_NUMBER.search(text, header.end(), min(len(text), header.end() + 600))
    if not m:
        return None
    if m.group("nr"):
        number, span = m.group("n"), m.span("nr")
    else:
        number, span = m.group("letter"), m.span("letter")
    rid = _kst_id(header.group("d1"), header.group("d2"), header.group("suf"), number)
    return Reference(text[span[0]:span[1]], rid, span[0], span[1], "self")


# --------------------------------------------------------------------------------------------
# date
# --------------------------------------------------------------------------------------------

_DATE = rf"(?<![\d])[0-3]?\d[ \t\u00a0]{{1,3}}(?:{MONTH_RE})\.?[ \t\u00a0]{{1,3}}(?:19|20)\d\d(?![\d])"


@dataclass(frozen=True)
class DateRule:
    """A way the document's own date is written in its header."""

    name: str
    pattern: re.Pattern


#: tried in order on the head of the document; the first rule that matches decides
DATE_RULES: tuple[DateRule, ...] = (
    DateRule("Datum", re.compile(rf"(?im)^[ \t\u00a0>*]{{0,4}}Datum\b[ \t\u00a0:]{{0,5}}\n?[ \t\u00a0]{{0,5}}(?P<date>{_DATE})")),
    DateRule("Den Haag,", re.compile(_flex(rf"(?i)(?:\bDen~Haag|'s-Gravenhage),?[ \t\u00a0]{{1,3}}(?P<date>{_DATE})"))),
    DateRule("Ontvangen/Vastgesteld",
             re.compile(rf"(?im)^[ \t\u00a0>*]{{0,4}}(?:Ontvangen|Vastgesteld)\b[ \t\u00a0:]{{0,5}}\n?[ \t\u00a0]{{0,5}}(?P<date>{_DATE})")),
    DateRule("(ontvangen ...)", re.compile(rf"(?i)\(ontvangen[ \t\u00a0\n]{{1,3}}(?P<date>{_DATE})\)")),
    DateRule("first line", re.compile(rf"\A\s{{0,200}}?(?P<date>{_DATE})[ \t\u00a0.]{{0,3}}(?:\n|\Z)", re.IGNORECASE)),
)
# "Vastgesteld …………. 2025": the day and month were never filled in
_BLANK_DATE = re.compile(
    r"(?im)^[ \t\u00a0>*]{0,4}(?:Vastgesteld|Ontvangen|Datum)\b[ \t\u00a0:]{0,5}[.\u2026_][.\u2026_ \t]{0,60}(?P<year>(?:19|20)\d\d)(?![\d])"
)
_ANY_DATE = re.compile(_DATE, re.IGNORECASE)


def find_date(text: str) -> tuple[str | None, tuple[int, int] | None, str | None]:
    """The document's date as ``(iso, (start, end), warning)``.

    Rules (:data:`DATE_RULES`, first match wins, header only): ``Datum 16 juni 2025``,
    ``Den Haag, 7 april 2025``, ``Ontvangen 21 mei 2026`` / ``Vastgesteld 3 juni 2025``,
    ``(ontvangen 16 juni 2025)``, a date alone on the first non-empty line.
    When the header date was left blank (``Vastgesteld …………. 2025``, as in a draft verslag)
    the date is the year alone (``"2025"``, span of the year): the introduction's dates
    ("De op 16 mei 2025 toegezonden vragen") are only lower bounds, so a full date taken from
    them would be precise but wrong. The warning then names the latest full date of the
    introduction. Without any of these the date is None.
    """
    head = text[:HEAD_CHARS]
    for rule in DATE_RULES:
        for m in rule.pattern.finditer(head):
            iso = parse_date(m.group("date"))
            if iso:
                return iso, m.span("date"), None
    m = _BLANK_DATE.search(head)
    if m:
        intro = [parse_date(d.group(0)) for d in _ANY_DATE.finditer(text, m.end(), min(len(text), m.end() + 1500))]
        intro = sorted(d for d in intro if d)
        note = f"; latest full date in the introduction: {intro[-1]}" if intro else ""
        warning = (f"document date left blank ({' '.join(m.group(0).split())!r}); "
                   f"using the year {m.group('year')}{note}")
        return m.group("year"), m.span("year"), warning
    return None, None, None


# --------------------------------------------------------------------------------------------
# genre
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GenreRule:
    """``genre`` applies when every pattern matches (the first at least ``min_count`` times)
    within the first ``scope`` characters (None: the whole text)."""

    genre: str
    why: str
    patterns: tuple[re.Pattern, ...]
    scope: int | None = HEAD_CHARS
    min_count: int = 1

    def applies(self, text: str) -> bool:
        part = text if self.scope is None else text[: self.scope]
        first, *rest = self.patterns
        if self.min_count == 1:
            if not first.search(part):
                return False
        elif sum(1 for _ in zip(range(self.min_count), first.finditer(part))) < self.min_count:
            return False
        return all(p.search(part) for p in rest)


def _rule(genre: str, why: str, *patterns: str, scope: int | None = HEAD_CHARS, min_count: int = 1) -> GenreRule:
    assert genre in GENRES, genre
    return GenreRule(genre, why, tuple(re.compile(_flex(p)) for p in patterns), scope, min_count)


#: ordered: the first rule that applies gives the genre. A letter that carries answers to
#: Kamervragen (002) has "Geachte voorzitter" too, so the answer rules come before the letter
#: rules; a nota or verslag contains numbered questions and answers, so those come first.
GENRE_RULES: tuple[GenreRule, ...] = (
    _rule("nota-naar-aanleiding-van-verslag", "title NOTA NAAR AANLEIDING VAN HET VERSLAG",
          r"NOTA~NAAR~AANLEIDING~VAN~HET~(?:NADER~|TWEEDE~)?VERSLAG"),
    _rule("nota-naar-aanleiding-van-verslag", "title line 'Nota naar aanleiding van het verslag'",
          r"(?im)^[^\w\n]{0,10}(?:[a-z]{1,2}[^\w\n]{1,10}|nr\.[ \t\u00a0]{0,2}\d{1,4}[ \t\u00a0]{1,3})?"
          r"nota~naar~aanleiding~van~het~(?:nader~|tweede~)?verslag[^\w\n]{0,10}$"),
    _rule("verslag-schriftelijk-overleg", "title VERSLAG VAN EEN SCHRIFTELIJK OVERLEG",
          r"VERSLAG~VAN~EEN~SCHRIFTELIJK~OVERLEG"),
    _rule("verslag-schriftelijk-overleg", "title line 'Verslag van een schriftelijk overleg'",
          r"(?im)^[^\w\n]{0,10}(?:nr\.[ \t\u00a0]{0,2}\d{1,4}[ \t\u00a0]{1,3})?(?:inbreng~)?verslag~van~een~schriftelijk~overleg[^\w\n]{0,10}$"),
    _rule("verslag-schriftelijk-overleg", "sections 'Inbreng leden van de ...-fractie'",
          r"(?m)^[ \t\u00a0*#]{0,6}Inbreng~(?:van~)?(?:de~)?leden~van~de~[\w-]{1,40}(?:-fractie|~fractie)", scope=None, min_count=2),
    _rule("antwoorden-kamervragen", "'Antwoorden van de minister(s) ... op vragen van het lid'",
          r"(?is)\bantwoord(?:en)?~van~(?:de~)?(?:ministers?|staatssecretariss?e?n?|minister-president)\b.{0,250}?"
          r"\bop~(?:de~)?(?:schriftelijke~)?vragen~van~(?:het~lid|de~leden)\b"),
    _rule("antwoorden-kamervragen", "'Betreft Beantwoording (Kamer)vragen'",
          r"(?im)^[^\w\n]{0,6}Betreft[ \t\u00a0:]{1,5}(?:Beantwoording|Antwoorden?)\b[^\n]{0,60}?vragen"),
    _rule("antwoorden-kamervragen", "'Beantwoording Kamervragen' / 'Antwoorden op Kamervragen'",
          r"(?i)\b(?:beantwoording~(?:van~)?(?:de~)?(?:schriftelijke~)?kamervragen|antwoorden~op~(?:de~)?kamervragen)\b"),
    _rule("antwoorden-kamervragen", "Aanhangsel van de Handelingen / 'Vragen van het lid ... (ingezonden'",
          r"(?is)\baanhangsel~(?:van~)?de~handelingen\b|\bvragen~van~(?:het~lid|de~leden)\b.{0,300}?\(ingezonden\b"),
    _rule("antwoorden-kamervragen", "LIJST VAN VRAGEN EN ANTWOORDEN", r"LIJST~VAN~VRAGEN~EN~ANTWOORDEN"),
    _rule("antwoorden-kamervragen", "'Vraag 1' ... 'Antwoord'",
          r"(?m)^[ \t\u00a0*#]{0,6}Vraag[ \t\u00a0]{1,3}1\b", r"(?m)^[ \t\u00a0*#]{0,6}Antwoord\b", scope=None),
    _rule("brief", "'Geachte voorzitter'", r"(?m)^[ \t\u00a0]{0,6}Geachte~(?:[Vv]oorzitter|mevrouw|heer|dames)"),
    _rule("brief", "'Betreft' line", r"(?m)^[ \t\u00a0>*]{0,6}Betreft\b"),
    _rule("brief", "title BRIEF VAN DE ...", r"(?m)^[ \t\u00a0*]{0,6}(?:Nr\.[ \t\u00a0]{0,2}\d{1,4}[ \t\u00a0*]{1,6})?BRIEF~VAN~DE\b"),
    _rule("antwoorden-kamervragen", "at least three numbered questions (answers without markers, like 000)",
          r"(?m)^[ \t\u00a0>*-]{0,8}\d{1,3}\.[ \t\u00a0]{1,8}[^\n?]{0,400}(?:\n[^\n?]{1,400}){0,4}\?", scope=None, min_count=3),
)


def classify_genre(text: str) -> tuple[str, str]:
    """``(genre, why)`` from :data:`GENRE_RULES`; ``("overig", ...)`` when no rule applies."""
    for rule in GENRE_RULES:
        if rule.applies(text):
            return rule.genre, rule.why
    return "overig", "no rule applied"


# --------------------------------------------------------------------------------------------
# title
# --------------------------------------------------------------------------------------------

_BETREFT = re.compile(r"(?m)^[ \t\u00a0>*]{0,6}Betreft[ \t\u00a0:]{1,5}(?P<first>[^\n]*)")
_FIELD_LABEL = re.compile(r"(?i)^[ \t\u00a0>*]{0,6}(?:Geachte|Datum|Onze|Ons|Uw|Kenmerk|Bijlage|Pagina|Contactpersoon|Aan)\b")
_MD_NOISE = re.compile(r"\*\*|__")
# letterhead lines in capitals that are no title
_LETTERHEAD = re.compile(r"(?i)^(?:tweede|eerste) kamer\b|^ministerie\b|^staten-generaal\b|^vergaderjaar\b|^retouradres\b")


def _clean_title(lines: list[str]) -> str | None:
    title = " ".join(" ".join(_MD_NOISE.sub("", line).split()) for line in lines).strip()
    title = title.rstrip(" .")
    return title or None


def _following_lines(text: str, pos: int, limit: int = 6) -> list[str]:
    """Lines after ``pos`` up to the first blank line or field label, at most ``limit``."""
    out = []
    for line in text[pos:].split("\n", limit + 1)[1 : limit + 1]:
        if not line.strip() or _FIELD_LABEL.match(line):
            break
        out.append(line)
    return out


def _sentence_case(s: str) -> str:
    low = s.lower()
    return low[:1].upper() + low[1:]


def find_title(text: str) -> str | None:
    """The subject of the document, whitespace collapsed, markdown bold and final dot removed.

    In order: the ``Betreft`` line with its continuation lines (until a blank line); the
    dossier title of a Kamerstuk header ("36 800 K Vaststelling van de begrotingsstaat ...");
    the first heading in the header (a markdown ``#`` line, a line in bold, or an ALL-CAPS
    line, given in sentence case). None when there is none (e.g. 000, which starts with its
    date and the first question).
    """
    head = text[:HEAD_CHARS]
    m = _BETREFT.search(head)
    if m and m.group("first").strip():
        return _clean_title([m.group("first")] + _following_lines(text, m.end()))
    header = _dossier_header(text)
    if header:
        return _clean_title([header.group("title")] + _following_lines(text, header.end()))
    for line in head.split("\n")[:60]:
        s = line.strip()
        if not s or set(s) <= set("-=_*#> "):
            continue
        bare = _MD_NOISE.sub("", s).strip(" #>")
        if not bare or len(bare) > 150 or _parse_office_line(bare) is not None or _LETTERHEAD.match(bare):
            continue
        if s.startswith("#") or (s.startswith("**") and s.endswith("**")):
            return _clean_title([bare])
        letters = [c for c in bare if c.isalpha()]
        if len(letters) >= 8 and all(c.isupper() for c in letters) and len(bare.split()) >= 2:
            return _clean_title([_sentence_case(bare)])
    return None


# --------------------------------------------------------------------------------------------
# signatories
# --------------------------------------------------------------------------------------------

_TITLE = re.compile(
    r"(?i)(?<![\w-])(?:de[ \t\u00a0]{1,3})?(?P<title>minister-president|minister|staatssecretaris|ondervoorzitter|voorzitter"
    r"|adjunct-griffier|plaatsvervangend[ \t\u00a0]griffier|griffier)(?![\w-])"
)
_OFFICE_LOWER = frozenset({"van", "voor", "de", "der", "het", "en", "commissie", "vaste", "algemene", "tijdelijke",
                           "parlementaire", "'t"})
_DANGLING = frozenset({"van", "voor", "de", "der", "het", "en"})
_OPENER = re.compile(r"(?i)^(?:hoogachtend|met (?:vriendelijke|hoogachtende) groet(?:en)?|namens deze)[ \t\u00a0,.]*$")
_COMMITTEE = re.compile(
    r"(?P<committee>(?:[Vv]aste|[Aa]lgemene|[Tt]ijdelijke)[ \t\u00a0\n]{1,3}commissie[ \t\u00a0\n]{1,3}voor[ \t\u00a0\n]{1,3}(?:de[ \t\u00a0\n]{1,3})?"
    r"[A-Z\u00c0-\u00de][\w'-]{0,40}(?:,?[ \t\u00a0\n]{1,3}(?:en[ \t\u00a0\n]{1,3})?(?!(?:De|Het|Een|In|Op|Dit|Deze|Die|Dat|Er|Wij|Ik|Zij|Hij|Ook|Voor|Van)\b)"
    r"[A-Z\u00c0-\u00de][\w'-]{0,40}){0,6})"
)
_PARTS = re.compile(r"\S+(?:[ \u00a0]\S+)*")  # a line's pieces separated by two or more spaces / tabs
_INITIALS = re.compile(r"(?:[A-Z][a-z]?\.){1,6}")
_PARTICLES = frozenset({"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "la", "le", "du", "da", "di",
                        "von", "zu", "op", "in", "el", "al", "bin", "ibn", "d'"})
#: capitalised words that are not names (portfolios, letter furniture, places)
_NOT_NAME = frozenset("""
Defensie Zaken Buitenlandse Binnenlandse Financiën Justitie Veiligheid Handel Ontwikkelingshulp Economische Klimaat
Landbouw Onderwijs Cultuur Wetenschap Volksgezondheid Welzijn Sport Infrastructuur Waterstaat Sociale Werkgelegenheid
Asiel Migratie Koninkrijksrelaties Algemene Volkshuisvesting Ruimtelijke Ordening Natuur Visserij Voedselzekerheid
Groene Groei Digitalisering Fiscaliteit Toeslagen Douane Herstel Jeugd Preventie Medische Zorg Rechtsbescherming
Kamer Staten-Generaal Commissie Minister Staatssecretaris Voorzitter Griffier Hoogachtend Pagina Bijlage Bijlagen
Datum Betreft Antwoord Antwoorden Vraag Vragen Inbreng Haag Nederland Postbus Ministerie Geachte Kenmerk Referentie
Inhoud Inleiding Samenvatting Conclusie Toelichting Reactie
""".split())


@dataclass
class _Office:
    title: str
    rest: str
    complete: bool

    def text(self, committee: str | None) -> str:
        rest = self.rest
        if committee and re.fullmatch(r"van de (?:vaste )?commissie", rest):
            rest = f"van de {committee}"
        return f"{self.title} {rest}".strip()


def _normalise_word(word: str) -> str:
    if word.lower() in _OFFICE_LOWER:
        return word.lower()
    if len(word) > 1 and word.isupper():
        return "-".join(part.capitalize() for part in word.split("-"))
    return word


def _parse_office_line(line: str) -> list[_Office] | None:
    """The offices on a line that holds nothing but offices ("DE MINISTER VAN DEFENSIE De MINISTER
    VAN BUITENLANDSE ZAKEN", "De staatssecretaris van", "Adjunct-griffier van de commissie,"), else None."""
    s = line.strip().strip("*").strip()
    if not s or s.endswith((".", ";", ":", "?")) or len(s) > 160:
        return None
    matches = list(_TITLE.finditer(s))
    if not matches or s[: matches[0].start()].strip(" ,*"):
        return None
    offices = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(s)
        rest = s[m.end():end].strip(" ,*\t")
        words = rest.replace(",", " ").split()
        if len(words) > 12:
            return None
        if words and words[0].lower() not in ("van", "voor"):
            return None
        for w in words:
            if w.lower() not in _OFFICE_LOWER and not w[:1].isupper():
                return None
        normal = [_normalise_word(w) for w in rest.split()]
        complete = bool(words) and words[-1].lower() not in _DANGLING
        offices.append(_Office(m.group("title").lower().replace("\t", " "), " ".join(normal), complete))
    return offices


def _fragment(line: str) -> str | None:
    """The tail of an office that wrapped or that two-column extraction moved to a line of its
    own ("Defensie,", "en Ontwikkelingshulp,"): portfolio words ending in a comma."""
    s = line.strip().strip("*").strip()
    if not s.endswith(",") or _TITLE.search(s):
        return None
    words = s.rstrip(",").split()
    if not words or len(words) > 6 or not any(w[:1].isupper() for w in words):
        return None
    if all(w.lower() in _OFFICE_LOWER or w[:1].isupper() for w in words):
        return " ".join(_normalise_word(w) for w in words)
    return None


def _name_tokens_ok(tokens: list[str], single_ok: bool) -> bool:
    if not 1 <= len(tokens) <= 6:
        return False
    words = 0
    for i, tok in enumerate(tokens):
        bare = tok.strip(",")
        if bare != tok:
            return False
        if _INITIALS.fullmatch(tok):
            continue
        if tok.lower() in _PARTICLES:
            if i == 0 and not tok[:1].isupper():
                return False
            continue
        if tok in _NOT_NAME or not tok[:1].isupper() or not any(c.islower() for c in tok):
            return False
        if not all(c.isalpha() or c in "-'\u2019" for c in tok):
            return False
        words += 1
    last = tokens[-1]
    if words == 0 or last.lower() in _PARTICLES or _INITIALS.fullmatch(last):
        return False
    return len(tokens) > 1 or single_ok


def _split_names(part: str, n: int) -> list[int] | None:
    """Token indices where ``part`` splits into ``n`` names of two or more tokens each, when that
    is unambiguous ("Caspar Veldkamp Reinette Klever" for two offices)."""
    tokens = part.split()
    if n != 2:
        return None
    cuts = [
        i for i in range(2, len(tokens) - 1)
        if tokens[i][:1].isupper()
        and _name_tokens_ok(tokens[:i], False)
        and _name_tokens_ok(tokens[i:], False)
    ]
    return cuts if len(cuts) == 1 else None


def _committee_names(text: str) -> list[tuple[int, str]]:
    """Every committee named in ``text`` ("vaste commissie voor Defensie") with its offset."""
    out = []
    for m in _COMMITTEE.finditer(text):
        name = " ".join(m.group("committee").split())
        out.append((m.start(), name[:1].lower() + name[1:]))
    return out


def _committee_before(committees: list[tuple[int, str]], pos: int) -> str | None:
    """The committee named last before ``pos``, else the first one named after it."""
    if not committees:
        return None
    k = bisect.bisect_left(committees, pos, key=lambda c: c[0])
    return committees[k - 1][1] if k > 0 else committees[0][1]


def find_signatories(text: str, warnings: list[str] | None = None) -> list[Signatory]:
    """People who sign the document, with the office their signature block gives them.

    A signature block is a run of lines that are only offices ("De minister van Defensie,"),
    office tails ("Defensie,"), person names, or blank, started by an office line or by
    "Hoogachtend,". Names are paired with offices in order, which undoes two-column PDF
    debris: "De minister van Defensie,\\nDefensie,\\n\\nDe staatssecretaris van\\n\\nDilan
    Yeşilgöz-Zegerius\\n\\nDerk Boswijk" gives minister van Defensie + staatssecretaris van
    Defensie; "Ruben Brekelmans  Caspar Veldkamp" (two or more spaces) is two names. Offices are
    lower-case Dutch with the portfolio's capitals kept; "van de commissie" becomes the
    committee named earlier in the text ("voorzitter van de vaste commissie voor Buitenlandse
    Handel en Ontwikkelingshulp"). The span is the name only.
    """
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1

    out: list[Signatory] = []
    committees: list[tuple[int, str]] | None = None  # found when first needed
    i = 0
    while i < len(lines):
        start, line = lines[i]
        stripped = line.strip().strip("*").strip()
        if not (_OPENER.match(stripped) or _parse_office_line(line) is not None):
            i += 1
            continue
        offices: list[_Office] = []
        fragments: list[str] = []
        names: list[tuple[str, int, int, int | None]] = []  # name, start, end, office index
        next_office = 0
        blanks = 0
        j = i
        while j < len(lines) and j - i < 30:
            lstart, ln = lines[j]
            s = ln.strip().strip("*").strip()
            if not s:
                blanks += 1
                if blanks > 8:
                    break
                j += 1
                continue
            blanks = 0
            if j == i and _OPENER.match(s):
                j += 1
                continue
            parsed = _parse_office_line(ln)
            if parsed is not None:
                for office in parsed:
                    if not office.complete and fragments:
                        office.rest = f"{office.rest} {fragments.pop(0)}".strip()
                        office.complete = True
                    offices.append(office)
                # names that came before their offices ("Ruben Brekelmans\nMinister van Defensie")
                for k, (nm, ns, ne, idx) in enumerate(names):
                    if idx is None and next_office < len(offices):
                        names[k] = (nm, ns, ne, next_office)
                        next_office += 1
                j += 1
                continue
            frag = _fragment(ln)
            if frag is not None:
                waiting = next((o for o in offices if not o.complete), None)
                if offices and frag.split()[0] in _DANGLING:  # "en Ontwikkelingshulp,": the last office wrapped
                    offices[-1].rest = f"{offices[-1].rest} {frag}".strip()
                    offices[-1].complete = True
                elif waiting:
                    waiting.rest = f"{waiting.rest} {frag}".strip()
                    waiting.complete = True
                else:
                    fragments.append(frag)
                j += 1
                continue
            pieces = []
            open_offices = len(offices) - next_office
            for pm in _PARTS.finditer(ln):
                piece = pm.group(0).strip("*")
                offset = lstart + pm.start() + pm.group(0).index(piece) if piece else 0
                tokens = piece.split()
                if _name_tokens_ok(tokens, single_ok=open_offices > 0):
                    if len(tokens) >= 4 and open_offices >= 2 and len(list(_PARTS.finditer(ln))) == 1:
                        cuts = _split_names(piece, 2)
                        if cuts:
                            cut_at = len(" ".join(tokens[: cuts[0]])) + 1
                            pieces.append((piece[: cut_at - 1], offset))
                            pieces.append((piece[cut_at:], offset + cut_at))
                            continue
                    pieces.append((piece, offset))
                else:
                    pieces = []
                    break
            if not pieces:
                break
            for piece, offset in pieces:
                idx = next_office if next_office < len(offices) else None
                if idx is not None:
                    next_office += 1
                names.append((piece, offset, offset + len(piece), idx))
            j += 1
        if names:
            if committees is None:
                committees = _committee_names(text)
            committee = _committee_before(committees, lines[i][0])
            for nm, ns, ne, idx in names:
                office = offices[idx].text(committee) if idx is not None else None
                if office is not None and not offices[idx].complete and warnings is not None:
                    warnings.append(f"signature office {office!r} for {nm!r} looks incomplete")
                out.append(Signatory(nm, office, ns, ne))
        i = max(j, i + 1)
    return out


# --------------------------------------------------------------------------------------------
# committee and chamber
# --------------------------------------------------------------------------------------------


def find_committee(text: str) -> str | None:
    """The committee named first in the header ("Binnen de vaste commissie voor Buitenlandse
    Handel en Ontwikkelingshulp hebben ...", "De vaste commissie voor Defensie heeft ..."),
    lower-case first letter, white space collapsed; None when the header names none."""
    names = _committee_names(text[:HEAD_CHARS])
    return names[0][1] if names else None


_EK_ADDRESS = re.compile(_flex(r"(?i)\bvoorzitter~van~de~eerste~kamer\b|^[ \t\u00a0>*]{0,6}eerste~kamer~der~staten-generaal\b"), re.MULTILINE)
_TK_ADDRESS = re.compile(_flex(r"(?i)\bvoorzitter~van~de~tweede~kamer\b|^[ \t\u00a0>*]{0,6}tweede~kamer~der~staten-generaal\b"), re.MULTILINE)
_EK_HEADER = re.compile(_flex(r"(?m)^[ \t\u00a0*]{0,6}Eerste~Kamer,~vergaderjaar\b"))
_TK_HEADER = re.compile(_flex(r"(?m)^[ \t\u00a0*]{0,6}Tweede~Kamer,~vergaderjaar\b"))


def find_chamber(text: str, genre: str | None = None) -> tuple[str | None, str]:
    """``(chamber, why)``: the chamber "uw Kamer" means in this document.

    In order: the addressee in the header ("Voorzitter van de Eerste Kamer der Staten-Generaal");
    the running header of a Kamerstuk ("Eerste Kamer, vergaderjaar 2025–2026, ..."); the paper's
    own number in its dossier (Eerste Kamer papers are lettered, "36 800 K, D"; Tweede Kamer papers
    numbered, "Nr. 455"). Without any of these, the Tweede Kamer (where Kamervragen, verslagen and
    most letters go), except for genre ``overig`` (None).
    """
    head = text[:HEAD_CHARS]
    ek, tk = _EK_ADDRESS.search(head), _TK_ADDRESS.search(head)
    if ek or tk:
        if ek and (not tk or ek.start() < tk.start()):
            return "Eerste Kamer", "addressed to the Eerste Kamer"
        return "Tweede Kamer", "addressed to the Tweede Kamer"
    ek, tk = _EK_HEADER.search(text), _TK_HEADER.search(text)
    if ek or tk:
        if ek and (not tk or ek.start() < tk.start()):
            return "Eerste Kamer", "running header 'Eerste Kamer, vergaderjaar'"
        return "Tweede Kamer", "running header 'Tweede Kamer, vergaderjaar'"
    own = find_paper_number(text)
    if own is not None:
        if own.text.isalpha():
            return "Eerste Kamer", f"lettered paper {own.id}"
        return "Tweede Kamer", f"numbered paper {own.id}"
    if genre == "overig":
        return None, "no sign of either chamber"
    return "Tweede Kamer", "default: no sign of the Eerste Kamer"


# --------------------------------------------------------------------------------------------
# all together
# --------------------------------------------------------------------------------------------


def analyse(doc: Document) -> Document:
    """Fill ``date``, ``date_span``, ``genre``, ``title``, ``references``, ``signatories``,
    ``committee``, ``chamber``, ``debris``, ``footnotes`` and ``questions`` of ``doc`` from its
    text (in place) and return it. Notes go to ``doc.warnings``. Questions and debris come from
    :mod:`policy_kg.questions` and :mod:`policy_kg.debris`.

    ``references`` are :func:`find_references` plus the paper's own number from its Kamerstuk
    header (:func:`find_paper_number`, role ``self``, e.g. ``kst-36800-K-D`` on the letter "D").
    That extra one is a document identifier, not a DOCUMENT mention in the gold sense; the NER
    stage should call :func:`find_references` itself.
    """
    text = doc.text
    doc.date, doc.date_span, warning = find_date(text)
    if warning:
        doc.warnings.append(warning)
    doc.genre, _why = classify_genre(text)
    doc.title = find_title(text)
    refs = find_references(text)
    own = find_paper_number(text)
    if own is not None and all(own.end <= r.start or own.start >= r.end for r in refs):
        refs = sorted([*refs, own], key=lambda r: r.start)
    doc.references = refs
    doc.signatories = find_signatories(text, doc.warnings)
    doc.committee = find_committee(text)
    doc.chamber, _why = find_chamber(text, doc.genre)
    debris = find_debris(text)
    doc.debris = merge_spans(text, debris)
    doc.footnotes = merge_spans(text, [d for d in debris if d.kind == "footnote"])
    doc.questions = find_questions(text, debris)
    return doc
