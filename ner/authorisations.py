"""Export licences granted, refused or prohibited -> ``exportAuthorised`` (SYSTEM or goods -> COUNTRY).

A sentence qualifies when it has a status cue (``verleend``, ``toegewezen``, ``geëxporteerd``;
``afwijzing``, ``afgewezen``; ``niet meer toegestaan``, ``verbod``) that is not negated,
hypothetical (``zou``, ``kan``) or asked. The goods follow an opener (``uitvoer van``,
``goederen zoals``, ``het gaat onder meer om``, ``, vooral``, ``naar Israël voor``) and run to
the destination or a clause boundary; they are split as a Dutch list (``A, B, C en D``). An
item that names a system gives the SYSTEM, any other item the goods as written; items made
only of generic words (``militaire goederen``) or pointing back (``deze goederen``) give
nothing. A licence granted for "a transaction that formerly fell under NL010" is for the
goods that NL010 covers ("De NL010 regelt de uitvoer van ... goederen"). The destination is
a country after ``naar``/``richting``/``eindbestemming``, else the one named shortly before.
``valid_from`` is a date after ``op``/``per``/``in`` (``sinds`` opens a reporting window, not
a validity). A prohibition supersedes an undated grant of the same goods to the same country.
"""

from __future__ import annotations

import re

from policy_kg.model import Fact

from .factbase import NEGATION, FactContext, Sentence, cue_re, cues, values

MODAL = re.compile(r"\b(?:zou|zouden|kan|kunnen|mag|mogen|moet|moeten|zal|zullen)\b", re.IGNORECASE)
GOODS_OPEN = re.compile(
    r"\b(?:uitvoer|export|doorvoer|levering|leveringen)\s+van\s+"
    r"|\b(?:gaat|ging)\s+(?:het\s+)?(?:daarbij\s+)?(?:onder meer\s+|o\.a\.\s+|vooral\s+|met name\s+|onder andere\s+)?om\s+"
    r"|\bgoederen\s+zoals\s+"
    r"|\b(?:aanvragen|aanvraag|vergunningen|vergunning|vergunningaanvragen)\s+voor\s+(?!(?:de\s+|het\s+)?(?:uitvoer|export|doorvoer)\b)(?=(?-i:[a-z]))"
    r"|\b(?:betroffen|betreffen|betrof|betreft)\s+(?:vooral\s+|voornamelijk\s+|onder meer\s+|met name\s+|onder andere\s+)?"
    r"|,\s*(?:vooral|met name|waaronder|zoals|namelijk|onder meer voor|onder andere voor|met name voor|vooral voor)\s+",
    re.IGNORECASE,
)
GOODS_CUT = re.compile(
    r"\s+(?:naar|richting|bestemd|met eindgebruik|met eindbestemming|die|dat|waarvan|welke|waarbij|waardoor|afkomstig|zijn|is|"
    r"werden|worden|wordt|heeft|hebben|geldt|gelden|onder)\b|[;:?]|\.\s*$|\.\s|\s[–—]\s",
    re.IGNORECASE,
)
LICENCE_GOODS = re.compile(r"\s+(?:regelt|omvat|dekt|geldt voor|is van toepassing op)\s+(?:de\s+)?(?:uitvoer|doorvoer|export)\s+van\s+", re.IGNORECASE)
ANAPHORIC = re.compile(r"^(?:deze|die|dit|dat|dergelijke|genoemde|bovengenoemde|overige|betreffende|zulke)\b", re.IGNORECASE)
LEADING = re.compile(r"^(?:(?:en|of|de|het|een|onder meer|onder andere|o\.a\.|vooral|met name|bijvoorbeeld|zoals|ook)\s+)+", re.IGNORECASE)
CONTINUES = re.compile(r"^(?:Dit|Dat|Het)\s+(?:gaat|ging|betreft|betrof)\b")
DESTINATION = re.compile(r"\b(?:naar|richting|(?:eind)?bestemming|eindgebruik in|aan|bestemd voor"
                         r"|(?:vergunningen|vergunning|aanvragen|aanvraag) voor)\s(?:de\s|het\s)?$", re.IGNORECASE)
ORIGIN = re.compile(r"\b(?:via|vanuit|uit|afkomstig uit|in)\s(?:de\s|het\s)?$", re.IGNORECASE)
DATE_CUE = re.compile(r"\b(?:op|per|in|met ingang van|vanaf)\s$", re.IGNORECASE)
SINCE_CUE = re.compile(r"\b(?:sinds|vanaf)\s$", re.IGNORECASE)
LOOKBACK = 3


def _mask_parentheses(text: str) -> str:
    """Blank out parenthesised asides, keeping offsets ("van (een gelimiteerde lijst met) crypto-...")."""
    return re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), text)


def status_of(s: Sentence) -> tuple[str, int] | None:
    """The status a sentence states and where its cue starts, unless negated, hypothetical or asked."""
    if s.is_question:
        return None
    found = []
    for value in values("export_status"):
        m = cue_re("export_status", value).search(s.text)
        if m:
            found.append((m.start(), value))
    if not found:
        return None
    prohibited = [f for f in found if f[1] == "prohibited"]
    pos, value = prohibited[0] if prohibited else min(found)
    before = s.text[max(0, pos - 60):pos]
    if MODAL.search(before) or re.search(r"\bzou(?:den)?\b", s.text, re.IGNORECASE):
        return None
    if value != "prohibited" and NEGATION.search(before):
        return None
    return value, pos


def _is_generic(item: str) -> bool:
    generic = {w.lower() for w in cues("generic_goods")}
    words = re.findall(r"[\w’'-]+", item.lower())
    return not words or all(w in generic for w in words)


def split_list(text: str, start: int) -> list[tuple[int, int]]:
    """Spans of the items of a Dutch list "A, B, C en D" starting at clean offset ``start``."""
    items = []
    pos = 0
    for m in re.finditer(r",", text):
        items.append((pos, m.start()))
        pos = m.end()
    items.append((pos, len(text)))
    a, b = items[-1]
    last = text[a:b]
    if not re.match(r"\s*(?:en|of)\s", last):
        ands = list(re.finditer(r"\s(?:en|of)\s", last))
        if ands:
            cut = ands[-1]
            left, right = last[:cut.start()].split(), last[cut.end():].split()
            if not (len(left) == 1 and len(right) == 1):
                items[-1:] = [(a, a + cut.start()), (a + cut.end(), b)]
    return [(start + x, start + y) for x, y in items]


def goods_in(s: Sentence, lo: int, hi: int) -> list[str]:
    """Subjects for the goods listed in [lo, hi): SYSTEM refs or literal goods."""
    out = []
    for a, b in split_list(s.text[lo - s.start:hi - s.start], lo):
        text = s.text[a - s.start:b - s.start]
        zoals = re.search(r"\bzoals\s+", text)
        if zoals:
            a, text = a + zoals.end(), text[zoals.end():]
        systems = [m for m in s.of("SYSTEM") if a <= m.start < b]
        if systems:
            out.extend(f"SYSTEM:{m.id}" for m in systems)
            continue
        stripped = text.strip(" ,")
        lead = LEADING.match(stripped)
        stripped = stripped[lead.end():] if lead else stripped
        if not stripped or ANAPHORIC.match(stripped) or _is_generic(stripped):
            continue
        out.append(" ".join(stripped.split()))
    return out


def goods_region(s: Sentence, masked: str) -> list[tuple[int, int]]:
    """Clean spans of goods lists in the sentence."""
    spans = []
    for m in GOODS_OPEN.finditer(masked):
        lo = m.end()
        cut = GOODS_CUT.search(masked, lo)
        hi = cut.start() if cut else len(masked)
        if hi > lo:
            spans.append((s.start + lo, s.start + hi))
    # "uitvoer naar Israël voor kogelvrije kleding"
    if re.search(r"\b(?:uitvoer|export|doorvoer)\b", masked, re.IGNORECASE):
        for c in s.of("COUNTRY"):
            if DESTINATION.search(s.before(c, 20)):
                m = re.match(r"\s+voor\s+", masked[c.end - s.start:])
                if m:
                    lo = c.end - s.start + m.end()
                    cut = GOODS_CUT.search(masked, lo)
                    hi = cut.start() if cut else len(masked)
                    spans.append((s.start + lo, s.start + hi))
    return spans


def _adjective(s: Sentence, c) -> bool:
    text = s.text[c.start - s.start:c.end - s.start]
    return text.endswith(("e", "s")) and bool(re.match(r"\s[a-z]", s.text[c.end - s.start:c.end - s.start + 2]))


def destinations(s: Sentence, loose: bool = False) -> list:
    out = [c for c in s.of("COUNTRY") if DESTINATION.search(s.before(c, 25))]
    if not out and loose:
        out = [c for c in s.of("COUNTRY") if not ORIGIN.search(s.before(c, 20)) and not _adjective(s, c)]
    return out


def licence_goods(ctx: FactContext) -> dict[str, tuple[str, Sentence]]:
    """What each licence covers, where the document says so ("De NL010 regelt de uitvoer van ... goederen")."""
    out: dict[str, tuple[str, Sentence]] = {}
    for s in ctx.sentences:
        masked = _mask_parentheses(s.text)
        for lic in s.of("LICENCE"):
            m = LICENCE_GOODS.match(masked, lic.end - s.start)
            if not m:
                continue
            cut = GOODS_CUT.search(masked, m.end())
            items = goods_in(s, s.start + m.end(), s.start + (cut.start() if cut else len(masked)))
            if items and lic.id not in out:
                out[lic.id] = (items[0], s)
    return out


def extract(ctx: FactContext) -> list[Fact]:
    facts = []
    covered = licence_goods(ctx)
    sents = ctx.sentences
    last: tuple[str, int] | None = None  # status of the previous sentence, for "Dit gaat onder meer om ..."
    for k, s in enumerate(sents):
        status = status_of(s)
        if status is None and last is not None and CONTINUES.match(s.text):
            status = last
        last = status
        if status is None:
            continue
        masked = _mask_parentheses(s.text)
        subjects: list[str] = []
        context: list[Sentence] = []
        for lo, hi in goods_region(s, masked):
            subjects.extend(goods_in(s, lo, hi))
        if not subjects:
            for lic in s.of("LICENCE"):
                if lic.id in covered:
                    subjects.append(covered[lic.id][0])
                    context.append(covered[lic.id][1])
                    break
        if not subjects:
            continue
        countries = destinations(s)
        if not countries:
            # the sentences before, headings ("8.", "Antwoord van het kabinet:") not counted
            before = [p for p in reversed(sents[max(0, k - 3 * LOOKBACK):k]) if len(p.text.split()) >= 4][:LOOKBACK]
            for back in (False, True):
                for prev in (before if not back else before[:1]):
                    countries = destinations(prev, loose=back)
                    if countries:
                        context.append(prev)
                        break
                if countries:
                    break
        if not countries:
            continue
        since = None
        # a ban "dat sinds 20 februari 2024 geldt" runs from that date; for grants and refusals
        # "sinds" opens a reporting window ("sinds 7 oktober zijn ... afgewezen"), not a validity
        cues = (SINCE_CUE, DATE_CUE) if status[0] == "prohibited" else (DATE_CUE,)
        for cue in cues:
            since = next((d.id for d in s.of("DATE") if cue.search(s.before(d, 20))), None)
            if since:
                break
        for subject in dict.fromkeys(subjects):
            for c in dict.fromkeys(c.id for c in countries):
                facts.append(ctx.fact(subject, "exportAuthorised", f"COUNTRY:{c}", s, context,
                                      status=status[0], valid_from=since))
    prohibited = {(f.subject, f.object) for f in facts if f.qualifier_dict.get("status") == "prohibited"}
    return [f for f in facts if not (f.qualifier_dict.get("status") == "granted" and (f.subject, f.object) in prohibited)]
