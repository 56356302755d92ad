"""Document -> Extraction: mentions and facts, the middle of the pipeline."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from spacy.language import Language

from policy_kg.ner import facts as _facts
from policy_kg.ner import pipeline, sentences
from policy_kg.ner.linking import link_corpus
from policy_kg.ner.textview import make_view

from .model import Document, Extraction
from .questions import asked_by_facts


def extract(document: Document, nlp: Language | None = None) -> Extraction:
    """Find every mention and fact in ``document``."""
    view = make_view(document.text)
    cands = pipeline.candidates(document, view, nlp)
    mentions = pipeline.to_mentions(document, view, cands)
    spans = sentences.split(view, document.debris, document.footnotes)
    facts = _facts.extract_facts(document.id, view, spans, cands, document)
    facts += asked_by_facts(document)
    return Extraction(document, mentions, facts)


def person_mapping(person_ids: Iterable[str]) -> dict[str, str]:
    """``PERSON:<surname>`` -> ``PERSON:<full name>`` for the PERSON ids of a whole build
    (:func:`policy_kg.ner.linking.link_corpus`); empty when no surname is linked."""
    return {f"PERSON:{k}": f"PERSON:{v}" for k, v in link_corpus(set(person_ids)).items()}


def apply_mapping(x: Extraction, mapping: Mapping[str, str]) -> Extraction:
    """``x`` with the person ids of ``mapping`` (:func:`person_mapping`) replaced in its mentions and facts."""
    if not mapping:
        return x
    mentions = [replace(m, id=mapping[m.ref][7:]) if m.ref in mapping else m for m in x.mentions]
    facts = [replace(f, subject=mapping.get(f.subject, f.subject), object=mapping.get(f.object, f.object))
             for f in x.facts]
    return Extraction(x.document, mentions, facts)


def person_ids(x: Extraction) -> set[str]:
    """The PERSON ids mentioned in ``x`` (what :func:`person_mapping` needs of each document)."""
    return {m.id for m in x.mentions if m.label == "PERSON"}


def link_across(extractions: Sequence[Extraction]) -> list[Extraction]:
    """The corpus step after :func:`extract`: one id per person across all documents.

    A person named only by surname (``minister Veldkamp``) takes the full name (``Caspar
    Veldkamp``) that another document of the same build gives, when exactly one does; the
    facts that refer to the person follow. A streaming build does the same in two steps:
    :func:`person_mapping` over the ids of every document, then :func:`apply_mapping` to each."""
    mapping = person_mapping(pid for x in extractions for pid in person_ids(x))
    if not mapping:
        return list(extractions)
    return [apply_mapping(x, mapping) for x in extractions]
