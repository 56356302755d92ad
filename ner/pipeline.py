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

from functools import lru_cache
from typing import Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_suffix_regex

from policy_kg.model import Document, Mention

from . import rules
from .knowledge import Entry, load_entries
from .textview import TextView, make_view

CANDIDATES = "policy_kg_candidates"
# labels whose mention takes in the rest of a hyphenated token: PVV-fractie, NL002-vergunning
COMPOUND_LABELS = frozenset({"LICENCE", "FACTION", "COUNTRY", "ORG", "SYSTEM", "EVENT", "LAW", "PLACE"})
# first elements that negate the entity after them: niet-Nederlandse is no country mention
NEGATING_PREFIXES = frozenset({"niet", "non"})
GAZETTEER_PRIORITY = 6

if not Doc.has_extension("policy_kg_context"):
    Doc.set_extension("policy_kg_context", default=None)


def _candidate_list(doc: Doc) -> list[rules.Candidate]:
    if CANDIDATES not in doc.user_data:
        doc.user_data[CANDIDATES] = []
    return doc.user_data[CANDIDATES]


@Language.component("policy_kg_rules")
def rules_component(doc: Doc) -> Doc:
    """Add the candidates of every rule in :data:`rules.RULES` and of document references."""
    from policy_kg.structure import find_references

    ctx = doc._.policy_kg_context or rules.Context()
    out = _candidate_list(doc)
    for rule in rules.RULES:
        out.extend(rule(doc.text, ctx))
    for ref in find_references(doc.text):
        out.append(rules.Candidate(ref.start, ref.end, "DOCUMENT", ref.id, 5))
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
    if end < n and text[end] in "-" and end + 1 < n and text[end + 1].isalnum():
        if end + 1 in starts:  # Israëlisch-Palestijns: two mentions, no compound
            return end
        return _token_end(text, end + 1)
    if end + 1 < n and text[end] in "'’" and text[end + 1] == "s" and (end + 2 == n or not text[end + 2].isalnum()):
        return end + 2
    return end


def _negated(text: str, start: int) -> bool:
    if start == 0 or text[start - 1] != "-":
        return False
    i = start - 1
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return text[i:start - 1].lower() in NEGATING_PREFIXES


@Language.component("policy_kg_resolve")
def resolve_component(doc: Doc) -> Doc:
    """Choose one candidate per stretch of text and write them to ``doc.ents``."""
    text = doc.text
    cands = list(_candidate_list(doc))
    for key in ("ruler",):
        for span in doc.spans.get(key, []):
            cands.append(rules.Candidate(span.start_char, span.end_char, span.label_, span.id_, GAZETTEER_PRIORITY))
    cands.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start, c.label, c.id))
    taken = bytearray(len(text) + 1)
    chosen: list[rules.Candidate] = []
    for c in cands:
        if c.end <= c.start or any(taken[c.start:c.end]):
            continue
        # a gazetteer match must stand on word boundaries of the text itself
        if c.start > 0 and text[c.start - 1].isalnum() or c.end < len(text) and text[c.end].isalnum():
            continue
        if _negated(text, c.start):
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


def ruler_patterns(entries: Iterable[Entry]) -> list[dict]:
    """SpanRuler phrase patterns for every surface form of every gazetteer entry."""
    out = []
    for e in entries:
        for form in e.surface_forms:
            out.append({"label": e.label, "pattern": form, "id": e.id})
    return out


def make_nlp(entries: Iterable[Entry] | None = None) -> Language:
    """Build the pipeline; ``entries`` default to the knowledge files under ner/data."""
    nlp = spacy.blank("nl")
    # split hyphenated words so that "PVV-fractie" and "Saoedi-Arabië" give matchable tokens
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[\w'’])[-–](?=[\w(])", r"(?<=\w)\((?=[-\w])", r"(?<=\w)/(?=\w)"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    # a hyphen left at a word's end ("NAVO- als", line-final "Nederlands-") is not part of the word
    suffixes = list(nlp.Defaults.suffixes) + [r"(?<=\w)[-–]"]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "ruler", "annotate_ents": False, "overwrite": False})
    ruler.add_patterns(ruler_patterns(load_entries() if entries is None else entries))
    nlp.add_pipe("policy_kg_rules")
    nlp.add_pipe("policy_kg_resolve")
    return nlp


@lru_cache(maxsize=1)
def default_nlp() -> Language:
    return make_nlp()


def candidates(document: Document, view: TextView, nlp: Language | None = None) -> list[rules.Candidate]:
    """The chosen mentions of ``document`` as spans of the cleaned text ``view.clean``."""
    nlp = nlp or default_nlp()
    doc = nlp.make_doc(view.clean)
    doc._.policy_kg_context = rules.Context(doc_date=document.date)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return list(doc.user_data["policy_kg_mentions"])


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
