"""Text -> mentions: a spaCy pipeline of gazetteer patterns, rules and a resolver.

    nlp = make_nlp()
    mentions = recognise(document, nlp)

The pipeline runs on the cleaned view of the text (:mod:`.textview`); mentions are mapped
back to spans of the text as read. Components:

``span_ruler``       gazetteer surface forms from ner/data/*.jsonl -> candidates
``policy_kg_rules``  regex rules (:mod:`.rules`) and document references -> candidates
``policy_kg_resolve`` one span per stretch of text (longest, then priority), compounds
                      extended to the whole token (``PVV-fractie``), ``doc.ents`` set.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex

from policy_kg.debris import inside
from policy_kg.model import Document, Mention

from . import linking, rules
from .knowledge import Entry, load_entries
from .textview import TextView, make_view

CANDIDATES = "policy_kg_candidates"
RULER_KEY = "ruler"  # doc.spans key the span_ruler writes gazetteer matches to
# labels whose mention takes in the rest of a hyphenated token: PVV-fractie, NL002-vergunning
COMPOUND_LABELS = frozenset({"LICENCE", "FACTION", "COUNTRY", "ORG", "SYSTEM", "EVENT", "LAW", "PLACE"})
GAZETTEER_PRIORITY = 6
MAX_TEXT_LENGTH = 100_000_000  # nlp.max_length (characters of the cleaned text)
# a footnote number glued to the end of a name: "NRC3" (the mention is "NRC")
_FOOTNOTE_MARK = re.compile(r"\d{1,2}(?![\w])")

if not Doc.has_extension("policy_kg_context"):
    Doc.set_extension("policy_kg_context", default=None)


def _candidate_list(doc: Doc) -> list[rules.Candidate]:
    if CANDIDATES not in doc.user_data:
        doc.user_data[CANDIDATES] = []
    return doc.user_data[CANDIDATES]


@Language.component("policy_kg_rules")
def rules_component(doc: Doc) -> Doc:
    """Add the candidates of every rule in :data:`rules.RULES` and those the context brings."""
    ctx = doc._.policy_kg_context or rules.Context()
    out = _candidate_list(doc)
    for rule in rules.RULES + linking.RULES:
        out.extend(rule(doc.text, ctx))
    out.extend(ctx.extra)
    return doc


def _token_end(text: str, pos: int) -> int:
    """End of the word that starts at ``pos`` (letters, digits, hyphens between them, 's)."""
    n = len(text)
    while pos < n and (text[pos].isalnum() or (text[pos] in "-'’" and pos + 1 < n and text[pos + 1].isalnum())):
        pos += 1
    return pos


def _extend_compound(text: str, end: int, starts: set[int]) -> int:
    """Extend a mention ending at ``end`` over ``-suffix`` or ``'s`` glued to it."""
    n = len(text)
    if end < n and text[end] == "-" and end + 1 < n and text[end + 1].isalnum():
        if end + 1 in starts:  # Israëlisch-Palestijns: two mentions, no compound
            return end
        return _token_end(text, end + 1)
    if end + 1 < n and text[end] in "'’" and text[end + 1] == "s" and (end + 2 == n or not text[end + 2].isalnum()):
        return end + 2
    return end


def _inside_compound(text: str, start: int, ends: set[int]) -> bool:
    """True for the second element of a compound whose first element names nothing:
    ``niet-Nederlandse``, ``Latijns-Amerikaanse``, ``Noordoost-Syrië`` (but not ``Israëlisch-Palestijns``)."""
    return start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha() and (start - 1) not in ends


@Language.component("policy_kg_resolve")
def resolve_component(doc: Doc) -> Doc:
    """Choose one candidate per stretch of text and write them to ``doc.ents``."""
    text = doc.text
    cands = list(_candidate_list(doc))
    for span in doc.spans.get(RULER_KEY, []):
        cands.append(rules.Candidate(span.start_char, span.end_char, span.label_, span.id_, GAZETTEER_PRIORITY))
    # longest first, then priority; statistical guesses (priority 0) only fill what nothing else claims
    cands.sort(key=lambda c: (c.priority == 0, -(c.end - c.start), -c.priority, c.start, c.label, c.id))
    ends = {c.end for c in cands}
    taken = bytearray(len(text) + 1)
    chosen: list[rules.Candidate] = []
    for c in cands:
        if c.end <= c.start or any(taken[c.start:c.end]):
            continue
        # a gazetteer match must stand on word boundaries of the text itself
        if c.priority == GAZETTEER_PRIORITY and (
            c.start > 0 and text[c.start - 1].isalnum() or c.end < len(text) and text[c.end].isalnum()
            and not _FOOTNOTE_MARK.match(text, c.end)
        ):
            continue
        if _inside_compound(text, c.start, ends):
            continue
        if c.priority == GAZETTEER_PRIORITY and (c.label, c.id) in _ambiguous_entries() and not _has_cue(text, c):
            continue
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    starts = {c.start for c in chosen}
    final: list[rules.Candidate] = []
    for i, c in enumerate(chosen):
        end = c.end
        if c.label in COMPOUND_LABELS:
            limit = chosen[i + 1].start if i + 1 < len(chosen) else len(text)
            end = min(_extend_compound(text, c.end, starts), limit)
        final.append(rules.Candidate(c.start, end, c.label, c.id, c.priority))
    doc.user_data["policy_kg_mentions"] = final
    ents = []
    for c in final:
        span = doc.char_span(c.start, c.end, label=c.label, alignment_mode="expand")
        if span is not None and (not ents or span.start >= ents[-1].end):
            span.id_ = c.id
            ents.append(span)
    doc.set_ents(ents)
    return doc


# words that show an ambiguous name ("Gospel", "Claude", "Lavender") is meant as the entity
CUES = {
    "SYSTEM": re.compile(r"(?i:systeem|systemen|\bAI\b|AI-|\bLLM|taalmodel|\bmodel|software|wapen|raket|helikopter|helicopter"
                         r"|vliegtuig|tank|geschut|drone|toestel|platform|applicatie|chatbot)"),
}


@lru_cache(maxsize=1)
def _ambiguous_entries() -> frozenset[tuple[str, str]]:
    """(label, id) of knowledge entries marked ``"ambiguous": true``: ordinary words as names."""
    return frozenset((e.label, e.id) for e in load_entries() if e.data.get("ambiguous"))


def _has_cue(text: str, c: rules.Candidate) -> bool:
    cue = CUES.get(c.label)
    if cue is None:
        return True
    lo, hi = rules._sentence_bounds(text, c.start, c.end)
    return bool(cue.search(text, max(lo, c.start - 150), min(hi, c.end + 150)))


def ruler_patterns(entries: Iterable[Entry]) -> list[dict]:
    """SpanRuler phrase patterns for every surface form of every gazetteer entry."""
    out = []
    for e in entries:
        for form in e.surface_forms:
            out.append({"label": e.label, "pattern": form, "id": e.id})
    return out


def make_nlp(entries: Iterable[Entry] | None = None, statistical: bool = True) -> Language:
    """Build the pipeline; ``entries`` default to the knowledge files under ner/data.
    ``statistical``: add the trained PERSON/ORG/SYSTEM model (:mod:`.statistical`) when it is shipped."""
    nlp = spacy.blank("nl")
    # spaCy refuses texts over 1,000,000 characters (E088) to protect parsers that need ~1 GB per
    # 100,000; this pipeline has none and grows linearly (~150 bytes a character), so the length
    # limit is the readers' (policy_kg.readers.MAX_TEXT_CHARS), not spaCy's
    nlp.max_length = MAX_TEXT_LENGTH
    # split hyphenated words so that "PVV-fractie" and "Saoedi-Arabië" give matchable tokens
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[\w'’)])[-–](?=[\w(])", r"(?<=\w)\((?=[-\w])", r"(?<=\w)/(?=\w)", r"(?<=\w)\)(?=[-–]\w)",
                                            r"(?<=[^\W\d_]{3})(?=\d{1,2}[-–])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    # a hyphen left at a word's end ("NAVO- als", line-final "Nederlands-") is not part of the word
    # ... nor a possessive 's ("F-16's") or a footnote number glued to a word ("NRC3", gold decision 8);
    # names with two letters before their digits stay whole ("JA21", "CV90", "NH90-helikopters"), and a
    # name split before its digits is split the same way inside a compound ("BIJ1-fractie")
    suffixes = list(nlp.Defaults.suffixes) + [r"(?<=\w)[-–]", r"(?<=\w)['’]s", r"(?<=[^\W\d_]{3})\d{1,2}"]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": RULER_KEY, "annotate_ents": False, "overwrite": False})
    ruler.add_patterns(ruler_patterns(load_entries() if entries is None else entries))
    nlp.add_pipe("policy_kg_rules")
    nlp.add_pipe("policy_kg_resolve")
    from . import statistical as _statistical  # registers the factory

    if statistical and _statistical.model_present():
        nlp.add_pipe("policy_kg_statistical", before="policy_kg_resolve")
    return nlp


@lru_cache(maxsize=1)
def default_nlp() -> Language:
    return make_nlp()


def candidates(document: Document, view: TextView, nlp: Language | None = None) -> list[rules.Candidate]:
    """The chosen mentions of ``document`` as spans of the cleaned text ``view.clean``."""
    nlp = nlp or default_nlp()
    from policy_kg.structure import find_references

    doc = make_doc(nlp, view.clean)
    # references are read from the text as read (their patterns know its line structure)
    refs = []
    for ref in find_references(document.text):
        start = view.clean_offset(ref.start)
        end = view.clean_offset(ref.end - 1) + 1
        refs.append(rules.Candidate(start, end, "DOCUMENT", ref.id, 5))
    # signatories read from the signature block
    for sig in document.signatories:
        start = view.clean_offset(sig.start)
        end = view.clean_offset(sig.end - 1) + 1
        refs.append(rules.Candidate(start, end, "PERSON", linking.PLACEHOLDER + linking.person_id(sig.name), 5))
    ctx = rules.Context(doc_date=document.date, extra=refs, document=document)
    doc._.policy_kg_context = ctx
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    chosen = linking.link(view.clean, list(doc.user_data["policy_kg_mentions"]), ctx)
    return link_citations(view.clean, drop_debris(document, view, chosen))


# spaCy's tokenizer strips a chunk's prefixes and suffixes one at a time, searching the rest of the
# chunk each time: a run of thousands of brackets or quotes ("((((...") takes minutes. A chunk
# (text without white space) longer than this is cut into pieces of this length, given as tokens.
MAX_CHUNK_CHARS = 200
_LONG_CHUNK = re.compile(rf"\S{{{MAX_CHUNK_CHARS + 1},}}")


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, except that chunks longer than :data:`MAX_CHUNK_CHARS` become
    tokens of that length instead of going through the tokenizer's affix rules."""
    if not _LONG_CHUNK.search(text):
        return nlp.make_doc(text)
    words: list[str] = []
    spaces: list[bool] = []

    def tokenise(segment: str) -> None:
        if segment[:1] == " " and words and not spaces[-1]:
            spaces[-1] = True  # the space after the previous piece
            segment = segment[1:]
        if segment:
            for token in nlp.make_doc(segment):
                words.append(token.text)
                spaces.append(bool(token.whitespace_))

    pos = 0
    for m in _LONG_CHUNK.finditer(text):
        tokenise(text[pos:m.start()])
        for i in range(m.start(), m.end(), MAX_CHUNK_CHARS):
            words.append(text[i:min(i + MAX_CHUNK_CHARS, m.end())])
            spaces.append(False)
        pos = m.end()
    tokenise(text[pos:])
    return Doc(nlp.vocab, words=words, spaces=spaces)


def _subtract(spans: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``spans`` outside every span of ``holes`` (both sorted)."""
    out = []
    for start, end in spans:
        for h_start, h_end in holes:
            if h_end <= start or h_start >= end:
                continue
            if h_start > start:
                out.append((start, h_start))
            start = max(start, h_end)
        if start < end:
            out.append((start, end))
    return out


def drop_debris(document: Document, view: TextView, cands: list[rules.Candidate]) -> list[rules.Candidate]:
    """Leave out mentions that touch PDF debris (page headers, page numbers); footnotes are text."""
    debris = _subtract(sorted(document.debris), sorted(document.footnotes))
    if not debris:
        return cands
    return [c for c in cands if not inside(debris, *view.raw_span(c.start, c.end))]


# a named publication followed by its citation: "Beleidsbrief Defensie van 24 april jl. (Kamerstuk 36800-X, nr.78)"
_CITED_NEXT = re.compile(r"[^()]{0,40}?\($")


def link_citations(text: str, cands: list[rules.Candidate]) -> list[rules.Candidate]:
    """Give a named publication (``cited_as: next`` in ner/data) the id of the citation beside it,
    for every mention of it in the document."""
    cited = _cited_next_ids()
    ids: dict[str, str] = {}
    for i, c in enumerate(cands):
        if c.label == "DOCUMENT" and c.id in cited and c.id not in ids:
            for nxt in cands[i + 1:i + 4]:
                if nxt.label == "DOCUMENT" and nxt.id not in cited and _CITED_NEXT.fullmatch(text[c.end:nxt.start]):
                    ids[c.id] = nxt.id
                    break
    if not ids:
        return cands
    return [rules.Candidate(c.start, c.end, c.label, ids.get(c.id, c.id), c.priority) if c.label == "DOCUMENT" else c
            for c in cands]


@lru_cache(maxsize=1)
def _cited_next_ids() -> frozenset[str]:
    return frozenset(e.id for e in load_entries() if e.data.get("cited_as") == "next")


def to_mentions(document: Document, view: TextView, cands: Iterable[rules.Candidate]) -> list[Mention]:
    """Map cleaned-text candidates back to mentions over the text as read."""
    out = []
    for c in cands:
        start, end = view.raw_span(c.start, c.end)
        out.append(Mention(document.id, start, end, document.text[start:end], c.label, c.id))
    return out


def recognise(document: Document, nlp: Language | None = None) -> list[Mention]:
    """Every entity mention in ``document``, as spans of its text as read."""
    view = make_view(document.text)
    return to_mentions(document, view, candidates(document, view, nlp))
