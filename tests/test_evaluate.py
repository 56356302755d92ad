"""Scores computed by the evaluator on small hand-made cases."""

import pytest

from policy_kg.evaluate import Score, evaluate
from policy_kg.model import Document, Extraction, Mention, make_fact

TEXT = "De NL007 sluit Israël uit sinds 2025."


def _gold(entities, facts=()):
    return {"t.txt": {"doc": "t.txt", "entities": entities, "facts": list(facts)}}


def _x(mentions, facts=()):
    return Extraction(Document("t.txt", TEXT), [Mention("t.txt", s, e, TEXT[s:e], l, i) for s, e, l, i in mentions], list(facts))


G = [{"start": 3, "end": 8, "text": "NL007", "label": "LICENCE", "id": "NL007"},
     {"start": 15, "end": 21, "text": "Israël", "label": "COUNTRY", "id": "IL"}]


def test_evaluate_perfect():
    r = evaluate([_x([(3, 8, "LICENCE", "NL007"), (15, 21, "COUNTRY", "IL")])], _gold(G))
    assert r.micro(r.strict).f1 == 1.0 and r.micro(r.entities).f1 == 1.0


def test_evaluate_strict_and_lenient_differ_on_boundaries():
    r = evaluate([_x([(3, 8, "LICENCE", "NL007"), (15, 25, "COUNTRY", "IL")])], _gold(G))
    assert r.strict["COUNTRY"].tp == 0 and r.strict["COUNTRY"].fp == 1 and r.strict["COUNTRY"].fn == 1
    assert r.lenient["COUNTRY"].tp == 1 and r.lenient["COUNTRY"].f1 == 1.0
    assert r.entities["COUNTRY"].f1 == 1.0


def test_evaluate_facts_with_qualifiers_and_loose_literals():
    gold = _gold(G, [
        {"subject": "LICENCE:NL007", "predicate": "excludesDestination", "object": "COUNTRY:IL", "valid_from": "2025"},
        {"subject": "nachtzichtkijkers", "predicate": "exportAuthorised", "object": "COUNTRY:IL", "status": "refused"},
    ])
    facts = [
        make_fact("t.txt", "LICENCE:NL007", "excludesDestination", "COUNTRY:IL", 0, 10, valid_from="2024"),
        make_fact("t.txt", "Nachtzichtkijkers ", "exportAuthorised", "COUNTRY:IL", 0, 10, status="refused"),
    ]
    r = evaluate([_x([], facts)], gold)
    assert (r.facts["excludesDestination"].tp, r.facts["excludesDestination"].fp, r.facts["excludesDestination"].fn) == (0, 1, 1)
    assert r.facts["exportAuthorised"].f1 == 1.0


@pytest.mark.parametrize("tp,fp,fn,f1", [(0, 0, 0, 1.0), (1, 1, 0, 2 / 3), (0, 1, 1, 0.0)])
def test_evaluate_score_f1(tp, fp, fn, f1):
    assert Score(tp, fp, fn).f1 == pytest.approx(f1)
