"""Document -> Extraction: mentions and facts, the middle of the pipeline."""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

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


def link_across(extractions: Sequence[Extraction]) -> list[Extraction]:
    """The corpus step after :func:`extract`: one id per person across all documents.

    A person named only by surname (``minister Veldkamp``) takes the full name (``Caspar
    Veldkamp``) that another document of the same build gives, when exactly one does; the
    facts that refer to the person follow."""
    ids = {m.id for x in extractions for m in x.mentions if m.label == "PERSON"}
    mapping = {f"PERSON:{k}": f"PERSON:{v}" for k, v in link_corpus(ids).items()}
    if not mapping:
        return list(extractions)
    out = []
    for x in extractions:
        mentions = [replace(m, id=mapping[m.ref][7:]) if m.ref in mapping else m for m in x.mentions]
        facts = [replace(f, subject=mapping.get(f.subject, f.subject), object=mapping.get(f.object, f.object))
                 for f in x.facts]
        out.append(Extraction(x.document, mentions, facts))
    return out
