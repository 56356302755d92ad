"""Document -> Extraction: mentions and facts, the middle of the pipeline."""

from __future__ import annotations

from spacy.language import Language

from policy_kg.ner import facts as _facts
from policy_kg.ner import pipeline, sentences
from policy_kg.ner.textview import make_view

from .model import Document, Extraction


def extract(document: Document, nlp: Language | None = None) -> Extraction:
    """Find every mention and fact in ``document``."""
    view = make_view(document.text)
    cands = pipeline.candidates(document, view, nlp)
    mentions = pipeline.to_mentions(document, view, cands)
    spans = sentences.split(view)
    facts = _facts.extract_facts(document.id, view, spans, cands)
    return Extraction(document, mentions, facts)
