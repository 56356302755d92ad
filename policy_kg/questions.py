"""Numbered questions, their answers and who asked them, read from the text of answers to
Kamervragen, verslagen van een schriftelijk overleg and nota's naar aanleiding van het verslag.

Three ways of numbering occur in these genres; the first that the document uses decides:

``answer-numbered``
    Unnumbered inbreng followed by a numbered answer, as in a verslag schriftelijk overleg:
    ``14. Antwoord van het kabinet:``. The question is the inbreng between the previous answer
    (or the section heading) and the answer; its key is the answer's number.
``labelled``
    ``Vraag 3`` ... ``Antwoord`` (also ``Antwoord 3``, ``Antwoord op vraag 3``, grouped
    ``Antwoord vraag 4 & 5`` / ``Antwoord op vragen 4 en 5``), as in Aanhangsels and letters
    with answers to Kamervragen.
``numbered``
    Numbered questions, each followed by its answer, with or without an ``Antwoord`` label:
    ``1. Welk ...?`` (plain PDF text), ``- 1. ...``, ``**9. ...**`` or ``**1.**`` (bold in
    converted nota's). Numbers must run on (1, 2, 3 ...); a question-like item numbered 1 after
    a run starts a new part whose keys are made unique as ``<part>.<n>`` (``2.1``).

Who asked (``Question.asker``, ``"FACTION:<id>"`` or ``"PERSON:<surname as written>"``), in
order of precedence: the question itself names the asking members ("..., zo vragen de leden
van de GroenLinks-PvdA-fractie", "Het lid Dobbe (SP) vraagt ..."); the enclosing section
("Inbreng leden van de PVV-fractie", "Vragen en opmerkingen van de leden van de SP-fractie",
"Vragen van het lid Dobbe (SP)", "Vragen van de leden X en Y (beiden GroenLinks-PvdA)", and
in inbreng without headings a paragraph opening "De leden van de D66-fractie hebben ...");
the document's own header ("Antwoorden ... op vragen van het lid Dobbe (SP)"). A question
numbered inside a nota that names its faction does not set the faction of the questions after
it. ``asker_span`` is the heading or the sentence that names the asker.

Answers that point to other answers ("Zie het antwoord op vraag 1.", "Zie antwoord op vraag 40
en 41.") give ``answer_refers_to``; one answer to several questions gives ``answered_with`` (the
other questions' keys), as does a question directly followed by the next one without an
answer of its own. Debris (page numbers, headers, footnotes; :mod:`policy_kg.debris`) never
ends a question or an answer: a question that goes on after a page break is one question.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from .debris import DebrisLine, find_debris
from .model import Document, Fact, Question, make_fact

_H = r"[ \t\u00a0]"
_LEAD = r"^[ \t\u00a0>#*_\-\u2022\u00b7]*"  # markdown and bullets before a marker
_NUM = r"\d{1,3}[a-z]?"
_NUMLIST = rf"{_NUM}(?:{_H}*(?:,|&|\ben\b|t/m|tot{_H}+en{_H}+met|[-\u2013]){_H}*{_NUM})*"

_QLABEL = re.compile(
    rf"{_LEAD}Vraag{_H}+(?P<n>{_NUM})(?![\w/])[*_]{{0,2}}{_H}*(?P<sep>[:.)\u2013-])?[*_]{{0,2}}{_H}*(?P<text>.*)$"
)
_ALABEL = re.compile(
    rf"{_LEAD}(?:(?P<lead>{_NUM})[.)]{_H}*[*_]{{0,2}}{_H}*)?Antwoord(?:en)?"
    rf"(?:{_H}+(?:op{_H}+)?(?:de{_H}+)?vra(?:ag|gen){_H}+(?P<list1>{_NUMLIST})"
    rf"|{_H}+(?P<list2>{_NUMLIST})(?![\w/])"
    rf"|{_H}+(?:van{_H}+)?(?:het{_H}+kabinet|de{_H}+regering|de{_H}+ministers?|de{_H}+staatssecretaris(?:sen)?"
    rf"|de{_H}+bewindspersonen)(?:{_H}+van{_H}+[A-Z][\w \t]{{0,60}}?)?)?"
    rf"[*_]{{0,2}}{_H}*(?P<sep>[:.])?[*_]{{0,2}}{_H}*(?P<text>.*)$"
)
_ITEM = re.compile(rf"{_LEAD}?(?P<n>\d{{1,3}})[.)](?:[*_]{{2}})?(?:{_H}+|$)(?P<text>.*)$")
_NUMBER = re.compile(_NUM)
_RANGE = re.compile(rf"(?P<a>\d{{1,3}}){_H}*(?:t/m|tot{_H}+en{_H}+met|[-\u2013]){_H}*(?P<b>\d{{1,3}})")

# section headings that say whose inbreng follows
_SECTION_HEAD = re.compile(
    r"(?i:^[ \t\u00a0>#*_]*(?:(?:[IVX]{1,5}|\d{1,2}|[a-z])[.)]\s*)?[*_]{0,2}"
    r"(?:inbreng|vragen|opmerkingen|bijdrage|reactie\s+op\s+(?:de\s+)?inbreng)\b)"
)
_RESET_HEAD = re.compile(
    r"^[ \t\u00a0>#*_]*(?:(?:[IVX]{1,5})[.)]\s+\S|(?:Reactie|Antwoord(?:en)?|Beantwoording)\s+van\s+(?:de|het)\s+"
    r"(?:minister|regering|kabinet|staatssecretaris|bewindspersonen))"
)
_DATE_LINE = re.compile(
    r"^[ \t\u00a0*]*[0-3]?\d[ \t\u00a0]+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober"
    r"|november|december)[ \t\u00a0]+(?:19|20)\d\d[ \t\u00a0*.]*$",
    re.IGNORECASE,
)

_FACTION_NAME = r"[A-Za-z0-9\u00c0-\u00ff][\w/&+.\u2013-]{0,40}?"
_LEDEN = re.compile(
    rf"\b(?P<det>[Dd]e|[Dd]eze)?\s*leden\s+van\s+(?:de\s+)?"
    rf"(?:(?P<f>{_FACTION_NAME})(?:-[ \t]*\n?[ \t]*|\s{{1,3}})fractie\b|fractie\s+van\s+(?:de\s+)?(?P<f2>[A-Z][\w\u2013-]{{1,40}}))"
)
_PARTICLES = r"(?:[Vv]an|[Dd]e|[Dd]en|[Dd]er|[Tt]er|[Tt]en|[Tt]e|[Vv]on|[Ll]e|[Ll]a|[Dd]i|[Dd]a|[Ee]l|[Ii]n\s+['’]t|['’]t)"
_PNAME = rf"(?:{_PARTICLES}\s+){{0,3}}[A-Z\u00c0-\u00de][\w'’-]*"
_PERSONS = re.compile(
    rf"\b(?P<kind>[Hh]et\s+lid|[Dd]e\s+leden)\s+"
    rf"(?P<list>{_PNAME}(?:\s*\([^()\n]{{1,40}}\))?(?:\s*(?:,|\ben\b)\s*{_PNAME}(?:\s*\([^()\n]{{1,40}}\))?)*)"
    rf"(?:\s*\((?:beiden|allen|beide)\s+(?P<common>[^()\n]{{1,40}})\))?"
)
_ONE_PERSON = re.compile(rf"(?P<name>{_PNAME})(?:\s*\((?P<faction>[^()\n]{{1,40}})\))?")
# words after which "de leden van de X-fractie" is not the one who asks ("verzoeken van de leden ...")
_NOT_SUBJECT = frozenset("van door aan voor met bij andere namens op tot over om dan als".split())
_ASK_CONTEXT = re.compile(r"(?i)\bvragen\b|\bvraag\b|\binbreng\b|\bgesteld\b|\bingezonden\b")

# what marks inbreng rather than an answer: a question mark, the members, asking verbs with their subject
_QUESTIONISH = re.compile(
    r"\?|\bleden\b|\bfractie\b|\bvraagt\b|\bbenieuwd\b|\bzo\s+vragen\b|\bwil(?:len)?\s+(?:graag\s+)?(?:weten|vragen)\b"
    r"|\bvragen\s+(?:de|deze|zij|ze|zich|het|of|hoe|waarom|wat|welke|wanneer)\b|\bverzoek(?:en|t)\s+(?:de|het|deze|zij|om)\b",
    re.IGNORECASE,
)
_INTERROGATIVE = re.compile(
    r"^[\W_]*(?:Is|Kan|Kunt|Kunnen|Heeft|Hebben|Wat|Welke|Welk|Hoe|Hoeveel|Waarom|Wanneer|Wie|Waar|Deelt|Bent|Acht"
    r"|Klopt|Zijn|Wordt|Worden|Gaat|Gaan|Zal|Zullen|Wil|Wilt|Erkent|Herkent|Ziet|Vindt|Op welke|In hoeverre|Welk)\b"
)
_REFERS = re.compile(
    rf"(?i)\b(?:zie|verwijs|verwijzen|verwezen|zoals)\b[^.?!]{{0,80}}?\b(?:vraag|vragen)\s+(?P<list>{_NUMLIST})"
)
_LIST_ITEM = re.compile(r"^[ \t>]*(?:[-*\u2022\u00b7\u2013]|\(?[a-z]\)|[a-z]\.|\(?[ivx]{1,4}\))[ \t]")
_NEW_PARAGRAPH = re.compile(r"\n(?:[ \t]*\n)+[ \t]*(?=[A-Z\u00c0-\u00de])|\n[ \t](?=[A-Z\u00c0-\u00de])")
_RUN_ON = frozenset("de het een en of van in op te voor met aan bij door naar om tot uit dat die als".split())
_SENTENCE_END = re.compile(r"[.?!](?:[\"'’”)*]{0,3})(?=\s)")


# --------------------------------------------------------------------------------------------
# lines and blocks
# --------------------------------------------------------------------------------------------


@dataclass
class _Line:
    i: int
    start: int  # first non-blank character
    end: int  # after the last non-blank character
    text: str  # the stripped line
    blank: bool
    debris: bool
    page_start: bool


def _lines(text: str, debris: list[DebrisLine]) -> list[_Line]:
    spans = sorted((d.start, d.end) for d in debris)
    out = []
    pos = 0
    k = 0
    for i, raw in enumerate(text.split("\n")):
        s, e = pos, pos + len(raw)
        pos = e + 1
        ts, te = s, e
        while ts < te and text[ts].isspace():
            ts += 1
        while te > ts and text[te - 1].isspace():
            te -= 1
        while k < len(spans) and spans[k][1] <= ts:
            k += 1
        is_debris = te > ts and k < len(spans) and spans[k][0] <= ts and te <= spans[k][1]
        out.append(_Line(i, ts, te, text[ts:te], te == ts, is_debris, raw[:1] == " " and raw[1:2] not in (" ", "")))
    return out


@dataclass
class _Block:
    lines: list[_Line]

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    def text(self, doc: str) -> str:
        return doc[self.start:self.end]


def _bare(s: str) -> str:
    return s.strip().strip("*_").strip()


def _ends_sentence(s: str) -> bool:
    return _bare(s)[-1:] in (".", "?", "!", ":", ";") if _bare(s) else True


def _starts_lower(s: str) -> bool:
    b = s.lstrip(" \t>*_-\u2022")
    return bool(b) and b[0].isalpha() and b[0].islower()


def _blocks(lines: list[_Line]) -> list[_Block]:
    """Paragraphs of ``lines``: blank lines separate them, debris is skipped, and a paragraph
    that stops mid-sentence at a blank line or a page break goes on in the next one."""
    out: list[_Block] = []
    cur: list[_Line] = []
    gap = False
    for ln in lines:
        if ln.debris:
            continue
        if ln.blank:
            gap = gap or bool(cur)
            continue
        if gap:
            if cur and not _ends_sentence(cur[-1].text) and _starts_lower(ln.text):
                pass  # the sentence goes on after the break
            else:
                out.append(_Block(cur))
                cur = []
            gap = False
        elif cur and ln.page_start and _ends_sentence(cur[-1].text) and not _starts_lower(ln.text):
            out.append(_Block(cur))  # a new page that starts a new paragraph
            cur = []
        cur.append(ln)
    if cur:
        out.append(_Block(cur))
    return out


# --------------------------------------------------------------------------------------------
# askers
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _faction_forms() -> dict[str, str]:
    from policy_kg.ner.knowledge import load_entries

    out: dict[str, str] = {}
    for e in load_entries():
        if e.label == "FACTION":
            for form in (e.id, e.name, *e.surface_forms):
                out.setdefault(form.lower(), e.id)
    return out


def faction_id(surface: str) -> str | None:
    """The FACTION id of a surface form: ``PVV-fractie``, ``GroenLinks-PvdA``, ``SGP-\\nfractie``,
    ``GroenLinks-PvdA fractie``; None when the text names no known faction."""
    s = " ".join(surface.split())
    s = re.sub(r"(?i)[-\s]*fractie$", "", s).replace("- ", "-").strip(" -")
    s = re.sub(r"(?i)^(?:de\s+)?fractie\s+van\s+(?:de\s+)?", "", s)
    return _faction_forms().get(s.lower())


@dataclass(frozen=True)
class _Asker:
    refs: tuple[str, ...]  # "FACTION:PVV", "PERSON:Dobbe"
    span: tuple[int, int]  # heading or sentence naming them
    heading: str | None = None


def _sentence_around(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The sentence of ``text[lo:hi]`` that holds ``[start, end)``."""
    s = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        s = m.end()
    # a paragraph or page that starts with a capital after a line that does not run on
    # ("Ruben Brekelmans  Caspar Veldkamp\n Antwoorden van ...")
    for m in _NEW_PARAGRAPH.finditer(text, s, start):
        before = text[s:m.start()].rstrip()
        last_word = before.split()[-1].lower() if before.split() else ""
        if before and before[-1] not in ",-\u2013(" and last_word not in _RUN_ON:
            s = m.end()
    e = hi
    m = _SENTENCE_END.search(text, end, hi)
    if m:
        e = m.end()
    while s < e and text[s] in " \t\n\u00a0*-":
        s += 1
    while e > s and text[e - 1] in " \t\n\u00a0":
        e -= 1
    return s, e


def _persons(m: re.Match) -> list[str]:
    refs = []
    for pm in _ONE_PERSON.finditer(m.group("list")):
        name = " ".join(pm.group("name").split())
        if "fractie" in name.lower() or not any(c.islower() for c in name.split()[-1]):
            continue  # "de leden van de PVV-fractie", an acronym
        refs.append(f"PERSON:{name}")
    return refs


def _person_match_ok(m: re.Match) -> bool:
    if not _persons(m):
        return False
    parens = re.findall(r"\(([^()\n]{1,40})\)", m.group(0))
    return any(faction_id(re.sub(r"(?i)^(?:beiden|allen|beide)\s+", "", p)) for p in parens)


def _word_before(text: str, pos: int, lo: int) -> str:
    m = re.search(r"(\w+)\W*$", text[max(lo, pos - 40):pos])
    return m.group(1).lower() if m else ""


def _subject_askers(text: str, lo: int, hi: int, first_only: bool = True) -> _Asker | None:
    """Members named as the ones who ask inside ``text[lo:hi]``: "De leden van de SP-fractie
    vragen ...", "..., zo vragen de leden van de Volt-fractie", "Het lid Dobbe (SP) vraagt ..."."""
    found: list[tuple[int, int, tuple[str, ...]]] = []
    for m in _LEDEN.finditer(text, lo, hi):
        if _word_before(text, m.start(), lo) in _NOT_SUBJECT:
            continue
        fid = faction_id(m.group("f") or m.group("f2") or "")
        if fid:
            found.append((m.start(), m.end(), (f"FACTION:{fid}",)))
    for m in _PERSONS.finditer(text, lo, hi):
        if _word_before(text, m.start(), lo) in _NOT_SUBJECT or not _person_match_ok(m):
            continue
        if "fractie" in m.group(0):
            continue
        found.append((m.start(), m.end(), tuple(_persons(m))))
    if not found:
        return None
    found.sort()
    start, end, refs = found[0]
    return _Asker(refs, _sentence_around(text, start, end, lo, hi))


def _heading_askers(text: str, ln: _Line) -> _Asker | None:
    """Askers named by a section heading line ("Inbreng leden van de PVV-fractie")."""
    line = ln.text
    bare = _bare(line)
    if not _SECTION_HEAD.match(line) or bare[-1:] in (".", "?", ";", ",") or len(bare) > 200:
        return None
    refs: list[str] = []
    for m in _LEDEN.finditer(line):
        fid = faction_id(m.group("f") or m.group("f2") or "")
        if fid:
            refs.append(f"FACTION:{fid}")
    if not refs:
        # "Inbreng van de PVV-fractie", "Vragen van de SP-fractie"
        for m in re.finditer(rf"\b(?:van\s+)?(?:de\s+)?(?P<f>{_FACTION_NAME})(?:-\s*|\s)fractie\b", line):
            fid = faction_id(m.group("f"))
            if fid:
                refs.append(f"FACTION:{fid}")
    if not refs:
        for m in _PERSONS.finditer(line):
            if "fractie" not in m.group(0):
                refs.extend(_persons(m))
    if not refs:
        return None
    return _Asker(tuple(dict.fromkeys(refs)), (ln.start, ln.end), " ".join(bare.split()))


def _document_askers(text: str, lo: int, hi: int) -> _Asker | None:
    """The members named in the header as the ones whose questions are answered
    ("Antwoorden ... op vragen van het lid Dobbe (SP) ...", "vragen gesteld door de leden X en Y
    (beiden GroenLinks-PvdA)"): the last such phrase before the first question."""
    best = None
    for m in _PERSONS.finditer(text, lo, hi):
        if "fractie" in m.group(0) or not _persons(m):
            continue
        before = text[max(lo, m.start() - 60):m.start()]
        if not _ASK_CONTEXT.search(before) or "motie" in before.lower():
            continue
        brk = text.rfind("\n\n", lo, m.start())
        para_lo = brk + 2 if brk >= 0 else lo
        para_hi = text.find("\n\n", m.end(), hi)
        para_hi = hi if para_hi < 0 else para_hi
        best = _Asker(tuple(_persons(m)), _sentence_around(text, m.start(), m.end(), para_lo, para_hi))
    return best


# --------------------------------------------------------------------------------------------
# the three schemes
# --------------------------------------------------------------------------------------------


@dataclass
class _Q:
    number: str
    part: int
    start: int
    end: int
    answer_start: int | None = None
    answer_end: int | None = None
    inline: _Asker | None = None
    section: _Asker | None = None
    answered_with: list[str] = field(default_factory=list)  # numbers
    refers: list[str] = field(default_factory=list)  # numbers
    grouped_with_next: bool = False


def _numbers(spec: str) -> list[str]:
    out: list[str] = []
    for piece in re.split(r"\s*(?:,|&|\ben\b)\s*", spec.strip()):
        r = _RANGE.fullmatch(piece.strip())
        if r and int(r.group("b")) - int(r.group("a")) < 50:
            out.extend(str(k) for k in range(int(r.group("a")), int(r.group("b")) + 1))
        elif _NUMBER.fullmatch(piece.strip()):
            out.append(piece.strip())
    return out


def _text_start(ln: _Line, m: re.Match, group: str = "text") -> int | None:
    """Offset of the text that follows a marker on its line (markup stripped), None if none."""
    s = m.start(group)
    t = m.group(group)
    stripped = t.lstrip(" \t*_")
    if not stripped.strip(" *_"):
        return None
    return ln.start + s + (len(t) - len(stripped))


def _content_end(lines: list[_Line]) -> int | None:
    for ln in reversed(lines):
        if not ln.blank and not ln.debris:
            end = ln.end
            while end > ln.start and ln.text[end - ln.start - 1] in "*_ ":
                end -= 1
            return end if end > ln.start else ln.end  # a line of markers only ("____") is kept whole
    return None


def _content_start(lines: list[_Line]) -> int | None:
    for ln in lines:
        if not ln.blank and not ln.debris:
            s = ln.start
            while s < ln.end and ln.text[s - ln.start] in "*_-> \u2022":
                s += 1
            return s if s < ln.end else ln.start  # as _content_end: never past the line's end
    return None


def _alabel(ln: _Line) -> re.Match | None:
    if ln.blank or ln.debris:
        return None
    m = _ALABEL.match(ln.text)
    if not m:
        return None
    text = m.group("text")
    if text.strip(" *_") and not m.group("sep"):
        return None  # "Antwoord geven op ..." is a sentence, not a label
    return m


def _qlabel(ln: _Line) -> re.Match | None:
    if ln.blank or ln.debris:
        return None
    m = _QLABEL.match(ln.text)
    if not m:
        return None
    text = m.group("text").strip(" *_")
    if text and not m.group("sep") and not text[:1].isupper():
        return None
    return m


class _Sections:
    """Section headings and the asker in force at each offset.

    A heading is a line of its own: it starts with a capital, the line before it is blank or
    ends a sentence. Faction headings set the asker, the government's reply ("II. Reactie van de
    minister") resets it. Headings, resets and a date alone on its line (a new set of answers)
    end any question or answer (:meth:`boundary`).
    """

    def __init__(self, text: str, lines: list[_Line]):
        self.events: list[tuple[int, _Asker | None]] = []
        self.stops: set[int] = set()
        prev: _Line | None = None
        for ln in lines:
            if ln.debris:
                continue
            if ln.blank:
                prev = ln
                continue
            own_line = prev is None or prev.blank or _ends_sentence(prev.text) or ln.page_start
            first = _bare(ln.text).lstrip("#> ")
            capital = bool(first) and (first[0].isupper() or first[0].isdigit())
            prev = ln
            if not (own_line and capital):
                continue
            a = _heading_askers(text, ln)
            if a is not None:
                self.events.append((ln.start, a))
                self.stops.add(ln.i)
            elif _RESET_HEAD.match(ln.text):
                self.events.append((ln.start, None))
                self.stops.add(ln.i)
            elif _DATE_LINE.match(ln.text):
                self.stops.add(ln.i)

    def boundary(self, ln: _Line) -> bool:
        return ln.i in self.stops

    def add(self, pos: int, asker: _Asker | None) -> None:
        k = bisect.bisect_right(self.events, pos, key=lambda e: e[0])
        self.events.insert(k, (pos, asker))

    def at(self, pos: int) -> _Asker | None:
        k = bisect.bisect_right(self.events, pos, key=lambda e: e[0])
        return self.events[k - 1][1] if k else None


def _questionish(s: str) -> bool:
    return bool(_QUESTIONISH.search(s) or _INTERROGATIVE.match(s))


def _heading_like(text: str, b: _Block) -> bool:
    if len(b.lines) != 1:
        return False
    s = _bare(b.lines[0].text)
    return bool(s) and len(s.split()) <= 14 and s[-1:] not in ".?!:;," and (s[0].isupper() or s[0].isdigit())


def _leden_opening(text: str, b: _Block) -> _Asker | None:
    """A paragraph that opens with "De leden van de X-fractie ..." (inbreng of a faction)."""
    s = b.start
    while s < b.end and text[s] in "*_ ":
        s += 1
    m = _LEDEN.match(text, s)
    if not m or not m.group("det"):
        return None
    fid = faction_id(m.group("f") or m.group("f2") or "")
    if not fid:
        return None
    return _Asker((f"FACTION:{fid}",), _sentence_around(text, m.start(), m.end(), b.start, b.end))


def _answer_numbered(text: str, lines: list[_Line], labels: list[tuple[_Line, re.Match]],
                     sections: _Sections) -> list[_Q]:
    qs: list[_Q] = []
    prev_label: tuple[_Line, re.Match] | None = None
    seen: set[str] = set()
    part = 1
    for k in range(len(labels) + 1):
        lo = prev_label[0].i + 1 if prev_label else 0
        hi = labels[k][0].i if k < len(labels) else len(lines)
        region = lines[lo:hi]
        blocks = _blocks(region)
        # the previous answer: from its label to the first heading or inbreng
        tail_end = None
        first_q = 0
        if prev_label is not None:
            ln, m = prev_label
            # the first paragraph after a label without text on its line is the answer itself
            j = 0 if _text_start(ln, m) is not None else 1
            while j < len(blocks):
                b = blocks[j]
                if _heading_like(text, b) or _questionish(b.text(text)) or any(sections.boundary(ln) for ln in b.lines):
                    break
                j += 1
            j = min(j, len(blocks))
            tail_end = blocks[j - 1].end if j > 0 else None
            first_q = j
            a_start = _text_start(ln, m)
            if a_start is None:
                a_start = blocks[0].start if blocks and j > 0 else None
            qs[-1].answer_start = a_start
            qs[-1].answer_end = tail_end if tail_end is not None else (ln.end if a_start is not None else None)
        if k == len(labels):
            break
        # the question: after the last section heading, from the first inbreng paragraph
        for j in range(first_q, len(blocks)):
            if any(sections.boundary(ln) for ln in blocks[j].lines):
                first_q = j + 1
        cand = [j for j in range(first_q, len(blocks))
                if not _heading_like(text, blocks[j]) and _questionish(blocks[j].text(text))]
        start_j = cand[0] if cand else (len(blocks) - 1 if blocks else None)
        ln, m = labels[k]
        number = m.group("lead")
        if number in seen:
            part += 1
            seen = set()
        seen.add(number)
        if start_j is None:
            prev_label = labels[k]
            qs.append(_Q(number, part, ln.start, ln.start))
            continue
        qblocks = blocks[start_j:]
        opening = _leden_opening(text, qblocks[0])
        if opening is not None:
            current = sections.at(qblocks[0].start)
            if current is None or current.refs != opening.refs:
                sections.add(qblocks[0].start, opening)
        q = _Q(number, part, _content_start(qblocks[0].lines), _content_end(qblocks[-1].lines))
        q.inline = _subject_askers(text, q.start, q.end)
        q.section = sections.at(q.start)
        qs.append(q)
        prev_label = labels[k]
    return qs


def _labelled(text: str, lines: list[_Line], sections: _Sections) -> list[_Q]:
    marks: list[tuple[int, str, re.Match | None]] = []
    for ln in lines:
        qm = _qlabel(ln)
        if qm:
            marks.append((ln.i, "q", qm))
            continue
        am = _alabel(ln)
        if am:
            marks.append((ln.i, "a", am))
        elif sections.boundary(ln):
            marks.append((ln.i, "b", None))
    qs: list[_Q] = []
    by_number: dict[str, _Q] = {}
    pending: list[_Q] = []
    part = 1
    for k, (i, kind, m) in enumerate(marks):
        nxt = marks[k + 1][0] if k + 1 < len(marks) else len(lines)
        seg = lines[i:nxt]
        ln = lines[i]
        if kind == "b":
            pending = []
            continue
        start = _text_start(ln, m) if m else None
        body = seg[1:]
        if start is None:
            start = _content_start(body)
        end = _content_end(body) if len(body) and _content_end(body) is not None else None
        if end is None and start is not None:
            end = ln.end
        if kind == "q":
            number = m.group("n")
            if number in by_number:
                part += 1
                by_number = {}
            if start is None:
                start = end = ln.end
            q = _Q(number, part, start, end)
            q.inline = _subject_askers(text, q.start, q.end)
            q.section = sections.at(ln.start)
            by_number[number] = q
            qs.append(q)
            pending.append(q)
            continue
        spec = m.group("list1") or m.group("list2")
        targets = [by_number[n] for n in _numbers(spec) if n in by_number] if spec else list(pending)
        if not targets:
            continue
        for q in targets:
            q.answer_start, q.answer_end = start, end
            q.answered_with = [t.number for t in targets if t is not q]
        pending = [q for q in pending if q not in targets]
    return qs


def _question_end(text: str, lines: list[_Line]) -> tuple[int, int | None]:
    """Where a numbered question without an answer label ends and its answer begins.

    The question is the first paragraph (continued across page breaks); when its answer follows
    without a blank line, the question ends with the last line that ends in "?" before a line
    that ends a statement; with no such line, right after its last "?"."""
    blocks = _blocks(lines)
    if not blocks:
        return lines[0].end, None
    # "... een overzicht kan geven van:" followed by a list: the list is part of the question
    while len(blocks) > 1 and _bare(blocks[0].lines[-1].text).endswith(":") and _LIST_ITEM.match(blocks[1].lines[0].text):
        blocks = [_Block(blocks[0].lines + blocks[1].lines)] + blocks[2:]
    first = blocks[0]
    cand = None
    for idx, ln in enumerate(first.lines):
        s = re.sub(r"[\d*_\"'’”)\s]+$", "", ln.text)
        if s.endswith("?"):
            cand = idx
        elif s.endswith(".") and cand is not None:
            break
    after = [ln for b in blocks[1:] for ln in b.lines]
    if cand is not None:
        qend = _content_end(first.lines[: cand + 1])
        rest = first.lines[cand + 1:] + after
        return qend, _content_start(rest) if rest else None
    body = first.text(text)
    if "?" in body and not after:
        cut = first.start + body.rindex("?") + 1
        nxt = cut
        while nxt < first.end and text[nxt].isspace():
            nxt += 1
        return cut, (nxt if nxt < first.end else None)
    return _content_end(first.lines), (_content_start(after) if after else None)


def _numbered(text: str, lines: list[_Line], sections: _Sections) -> list[_Q]:
    items: list[tuple[_Line, re.Match]] = []
    last = None
    for ln in lines:
        if ln.blank or ln.debris or _alabel(ln) or sections.boundary(ln):
            continue
        m = _ITEM.match(ln.text)
        if not m:
            continue
        n = int(m.group("n"))
        # the item's first lines (a bold number may stand alone on its line)
        body = [m.group("text")]
        for x in lines[ln.i + 1: ln.i + 6]:
            if x.debris:
                continue
            if x.blank and any(b.strip(" *_") for b in body):
                break
            body.append(x.text)
        head = " ".join(b for b in body if b.strip(" *_"))
        if not _questionish(head) and not _questionish(_bare(head)):
            continue
        if last is None or n == last + 1 or n == 1:
            items.append((ln, m))
            last = n
    if len(items) < 2:
        return []
    qs: list[_Q] = []
    seen: set[str] = set()
    part = 1
    stops = sections.stops
    for k, (ln, m) in enumerate(items):
        hi = items[k + 1][0].i if k + 1 < len(items) else len(lines)
        stop = next((i for i in range(ln.i + 1, hi) if i in stops), hi)
        region = lines[ln.i:stop]
        number = m.group("n")
        if number in seen:
            part += 1
            seen = set()
        seen.add(number)
        start = _text_start(ln, m)
        body_lines = region if start is not None else region[1:]
        if start is None:
            start = _content_start(body_lines)
        label_at = next((j for j, x in enumerate(region) if j > 0 and _alabel(x)), None)
        if label_at is not None:
            q_end = _content_end(region[:label_at])
            am = _alabel(region[label_at])
            a_start = _text_start(region[label_at], am)
            rest = region[label_at + 1:]
            if a_start is None:
                a_start = _content_start(rest)
            a_end = _content_end(rest) if _content_end(rest) is not None else (region[label_at].end if a_start else None)
        else:
            first = [replace(region[0], start=start, text=text[start:region[0].end])] + region[1:] \
                if start is not None and start >= region[0].start and start < region[0].end else body_lines
            q_end, a_start = _question_end(text, first)
            a_end = _content_end(region) if a_start is not None else None
        q = _Q(number, part, start, q_end, a_start, a_end)
        # a paragraph in the answer that opens with "De leden van de X-fractie hebben ..." starts
        # the inbreng of that faction
        if a_start is not None:
            ans_lines = [x for x in region if x.start >= a_start]
            for b in _blocks(ans_lines)[1:]:
                opening = _leden_opening(text, b)
                if opening is not None:
                    sections.add(b.start, opening)
                    before = [x for x in ans_lines if x.end <= b.start]
                    q.answer_end = _content_end(before)
                    break
        q.inline = _subject_askers(text, q.start, q.end)
        q.section = sections.at(ln.start)
        qs.append(q)
    # a question followed straight away by the next one is answered together with it
    for a, b in pairwise(qs):
        if a.answer_start is None and a.part == b.part:
            a.grouped_with_next = True
    k = 0
    while k < len(qs):
        j = k
        while j < len(qs) and qs[j].grouped_with_next:
            j += 1
        if j > k and j < len(qs):
            group = qs[k:j + 1]
            for q in group:
                q.answer_start, q.answer_end = qs[j].answer_start, qs[j].answer_end
                q.answered_with = [g.number for g in group if g is not q]
        k = j + 1
    return qs


# --------------------------------------------------------------------------------------------
# all together
# --------------------------------------------------------------------------------------------


def _key(q: _Q) -> str:
    return q.number if q.part == 1 else f"{q.part}.{q.number}"


def find_questions(text: str, debris: list[DebrisLine] | None = None) -> list[Question]:
    """The numbered questions of ``text`` with their answers and askers (see the module docstring)."""
    if debris is None:
        debris = find_debris(text)
    lines = _lines(text, debris)
    sections = _Sections(text, lines)
    labels = [(ln, m) for ln in lines if (m := _alabel(ln)) is not None and m.group("lead")]
    if labels:
        qs = _answer_numbered(text, lines, labels, sections)
    elif any(_qlabel(ln) for ln in lines):
        qs = _labelled(text, lines, sections)
    else:
        qs = _numbered(text, lines, sections)
    if not qs:
        return []
    first = min(q.start for q in qs)
    document = _document_askers(text, 0, first)

    # references between answers, resolved within the part
    keys: dict[tuple[int, str], str] = {}
    for q in qs:
        keys.setdefault((q.part, q.number), _key(q))
    out: list[Question] = []
    used: set[str] = set()
    for q in qs:
        refers: list[str] = []
        if q.answer_start is not None and q.answer_end is not None:
            for m in _REFERS.finditer(text, q.answer_start, q.answer_end):
                for n in _numbers(m.group("list")):
                    ref = keys.get((q.part, n))
                    if ref and ref != _key(q) and ref not in refers:
                        refers.append(ref)
        asker = q.inline or q.section or document
        key = _key(q)
        while key in used:
            key += "'"
        used.add(key)
        out.append(Question(
            key=key,
            number=q.number,
            start=q.start,
            end=q.end,
            answer_start=q.answer_start,
            answer_end=q.answer_end,
            asker=asker.refs[0] if asker else None,
            askers=asker.refs if asker else (),
            asker_span=asker.span if asker else None,
            section=q.section.heading if q.section else None,
            answer_refers_to=tuple(refers),
            answered_with=tuple(keys.get((q.part, n), n) for n in q.answered_with),
        ))
    return out


def asked_by_facts(document: Document) -> list[Fact]:
    """One ``askedBy`` fact per question and asker: ``QUESTION:<doc>#<key> askedBy FACTION:x``
    (or ``PERSON:x``), evidence = the heading or sentence that names the asker."""
    facts = []
    for q in document.questions:
        if not q.asker or q.asker_span is None:
            continue
        start, end = q.asker_span
        for ref in q.askers or (q.asker,):
            facts.append(make_fact(document.id, f"QUESTION:{document.id}#{q.key}", "askedBy", ref, start, end))
    return facts
