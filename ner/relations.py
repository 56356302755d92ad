"""People and systems -> ``holdsOffice``, ``memberOf`` and ``developedBy`` facts.

* offices: from the signature block (``document.signatories``) and from running text
  (``de minister van Defensie, Ruben Brekelmans``; ``Ruben Brekelmans, minister van Defensie``);
  a title without portfolio (``minister Veldkamp``) gives no fact;
* memberships: ``het lid Dobbe (SP)``, ``de leden X en Y (beiden GL-PvdA)``,
  ``X, lid van de SP-fractie``;
* developers: ``Palantirs Maven Smart System``, ``Le Chat van het Franse bedrijf Mistral``,
  ``X, ontwikkeld door Y``, ``militaire AI-systemen uit Israël (zoals A, B en C)``.
"""

from __future__ import annotations

import re

from policy_kg.model import Fact

from .factbase import (
    FactContext,
    alternation,
    content_words,
    coordinated_group,
    cue_re,
    cues,
)

# ------------------------------------------------------------------ offices
_PORTFOLIO_WORD = r"(?:[A-ZÀ-Ý][\w’'-]*|en|voor|van|de|het|der|vaste|commissie)"


def _office_re() -> re.Pattern:
    titles = alternation(cues("office_title"))
    return re.compile(rf"(?<![\w-])(?P<title>(?i:{titles}))\s+(?P<rest>(?i:van|voor)(?:\s+{_PORTFOLIO_WORD})*\s+[A-ZÀ-Ý][\w’'-]*)")


OFFICE = _office_re()


def normalise_office(title: str, rest: str) -> str:
    words = []
    for w in rest.split():
        if w.lower() in ("van", "voor", "en", "de", "het", "der", "vaste", "commissie"):
            words.append(w.lower())
        elif len(w) > 1 and w.isupper():
            words.append("-".join(p.capitalize() for p in w.split("-")))
        else:
            words.append(w)
    return " ".join([title.lower(), *words])


def _signature_evidence(ctx: FactContext, sig) -> tuple[tuple[int, int], list[tuple[int, int]]]:
    """Clean spans: from the office title in the signature block to the name; the committee's naming as context."""
    raw = ctx.view.raw
    title = sig.office.split()[0]
    words = content_words(sig.office)
    lo = max(0, sig.start - 400)
    hits = [m.start() + lo for m in re.finditer(re.escape(title), raw[lo:sig.start], re.IGNORECASE)]
    start = sig.start
    for h in reversed(hits):
        if all(w in raw[h:sig.end].lower() for w in words):
            start = h
            break
    else:
        start = hits[-1] if hits else sig.start
    clean = (ctx.view.clean_offset(start), ctx.view.clean_offset(sig.end - 1) + 1)
    context = []
    block = raw[start:sig.end].lower()
    committee = ctx.document.committee if ctx.document else None
    missing = [w for w in words if w not in block]
    if missing:
        names = [committee] if committee else []
        names.append(" ".join(sig.office.split()[2:]))  # the office without its title: "de vaste commissie voor ..."
        for name in names:
            pattern = r"\s+".join(re.escape(w) for w in name.split())
            found = re.search(pattern, ctx.view.clean, re.IGNORECASE) if pattern else None
            if found:
                context.append(found.span())
                break
    return clean, context


def offices(ctx: FactContext) -> list[Fact]:
    facts = []
    persons = [c for c in ctx.cands if c.label == "PERSON"]
    for sig in (ctx.document.signatories if ctx.document else ()):
        if not sig.office:
            continue
        lo, hi = ctx.view.clean_offset(sig.start), ctx.view.clean_offset(sig.end - 1) + 1
        person = next((p for p in persons if p.start < hi and lo < p.end), None)
        if person is None:
            continue
        office = sig.office[0].lower() + sig.office[1:]
        evidence, context = _signature_evidence(ctx, sig)
        facts.append(ctx.fact(f"PERSON:{person.id}", "holdsOffice", office, evidence, context))
    for s in ctx.sentences:
        for p in s.of("PERSON"):
            before = s.before(p, 120)
            m = None
            for cand in OFFICE.finditer(before):
                if re.fullmatch(r"\s*,?\s*", before[cand.end():]):
                    m = cand
            if m is None:
                after = re.match(r"\s*,\s*(?:de\s+|het\s+)?", s.after(p, 160))
                if after:
                    m = OFFICE.match(s.after(p, 160), after.end())
            if m is not None:
                facts.append(ctx.fact(f"PERSON:{p.id}", "holdsOffice", normalise_office(m.group("title"), m.group("rest")), s))
    return facts


# ------------------------------------------------------------------ memberships
OPEN_PAREN = re.compile(r"\s*\(\s*(?P<all>(?:beiden|beide|allen|allebei)\s+)?")
MEMBER_OF = re.compile(r"\s*,?\s*(?:\(?\s*)?(?:(?:lid|leden|Kamerlid|woordvoerder)\s+)?(?:van|namens)\s+(?:de\s+|het\s+)?")


def memberships(ctx: FactContext) -> list[Fact]:
    facts = []
    for s in ctx.sentences:
        persons = s.of("PERSON")
        for f in s.of("FACTION"):
            before = [p for p in persons if p.end <= f.start]
            if not before:
                continue
            p = before[-1]
            gap = s.between(p, f)
            paren = OPEN_PAREN.fullmatch(gap)
            if paren and re.match(r"\s*\)", s.after(f, 5)):
                members = coordinated_group(s, before, p) if paren.group("all") else [p]
            elif MEMBER_OF.fullmatch(gap) and ("lid" in gap.lower() or "fractie" in s.text[f.start - s.start:f.end - s.start].lower()):
                members = [p]
            else:
                continue
            for m in members:
                facts.append(ctx.fact(f"PERSON:{m.id}", "memberOf", f"FACTION:{f.id}", s))
    return facts


# ------------------------------------------------------------------ developers
def _is_public(c) -> bool:
    return bool(cue_re("public_body").search(c.id))


def developers(ctx: FactContext) -> list[Fact]:
    facts = []
    noun = alternation(cues("developer_noun"))
    company = re.compile(rf"\s*(?:\([^()]{{1,20}}\)\s*)?(?:[\w-]+\s+){{0,2}}?(?:van|door)\s+(?:het|de|een)\s+(?:[\w-]+\s+){{0,3}}?(?:{noun})\s+", re.IGNORECASE)
    plain_of = re.compile(r"\s*(?:\([^()]{1,20}\)\s*)?van\s+")
    made_by = re.compile(rf"\s*(?:\([^()]{{1,20}}\)\s*)?,?\s*(?:(?:dat|die)\s+)?(?:(?:is|werd|wordt)\s+)?(?:{alternation(cues('developer_verb'))})\s+(?:het\s+|de\s+)?", re.IGNORECASE)
    origin = re.compile(rf"(?:{alternation(cues('system_class'))})\s+(?:uit|van)\s+$", re.IGNORECASE)
    # the subordinate clause: "het PULS-systeem, dat door Elbit Systems is ontwikkeld"
    participles = alternation([w.removesuffix(" door") for w in cues("developer_verb")])
    by_clause = re.compile(r"\s*(?:\([^()]{1,20}\)\s*)?,?\s*(?:dat|die)\s+door\s+(?:het\s+|de\s+)?", re.IGNORECASE)
    clause_end = re.compile(rf"\s*(?:is|werd|wordt|zijn|werden|worden)?\s*(?:{participles})\b", re.IGNORECASE)
    listing = re.compile(r"\s*\(?\s*(?:zoals|waaronder|bijvoorbeeld|o\.a\.)\s+")
    for s in ctx.sentences:
        ms = list(s.mentions)
        for i, sysm in enumerate(ms):
            if sysm.label != "SYSTEM":
                continue
            prev = ms[i - 1] if i else None
            # "Palantirs Maven Smart System": a maker named right before its product
            if prev is not None and prev.label == "ORG" and not _is_public(prev) and re.fullmatch(r"\s", s.between(prev, sysm)):
                facts.append(ctx.fact(f"SYSTEM:{sysm.id}", "developedBy", f"ORG:{prev.id}", s))
                continue
            for nxt in ms[i + 1:i + 3]:
                if nxt.label not in ("ORG", "COUNTRY"):
                    continue
                gap = s.between(sysm, nxt)
                if nxt.label == "ORG" and (company.fullmatch(gap) or (plain_of.fullmatch(gap) and not _is_public(nxt))):
                    facts.append(ctx.fact(f"SYSTEM:{sysm.id}", "developedBy", f"ORG:{nxt.id}", s))
                    break
                if made_by.fullmatch(gap) or (by_clause.fullmatch(gap) and clause_end.match(s.after(nxt, 30))):
                    facts.append(ctx.fact(f"SYSTEM:{sysm.id}", "developedBy", f"{nxt.label}:{nxt.id}", s))
                    break
        # "militaire AI-systemen uit Israël (zoals ChatIDF, Lavender, Gospel en Where's Daddy)"
        for c in s.of("COUNTRY"):
            if not origin.search(s.before(c, 60)):
                continue
            systems = [m for m in s.of("SYSTEM") if m.start > c.end]
            if not systems or not listing.fullmatch(s.between(c, systems[0])):
                continue
            group = [systems[0]]
            for m in systems[1:]:
                if re.fullmatch(r"\s*(?:,|,?\s+(?:en|of))\s*", s.between(group[-1], m)):
                    group.append(m)
                else:
                    break
            for m in group:
                facts.append(ctx.fact(f"SYSTEM:{m.id}", "developedBy", f"COUNTRY:{c.id}", s))
    return facts
