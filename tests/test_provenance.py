"""Every fact's evidence (sentence or table row, plus its context spans) names its subject and object."""

from dataclasses import replace

import pytest
from policy_kg.ner.provenance import problems

from policy_kg.model import Document, Extraction, Mention, make_fact

TEXT = ("De minister van Defensie, Ruben Brekelmans, schreef de Kamer. "
        "Het kabinet heeft de vergunning NL002 ingetrokken. "
        "Met ingang van 8 april 2025 geldt de wijziging.")


def _extraction(*facts):
    doc = Document("t.txt", TEXT)
    spans = [("Ruben Brekelmans", "PERSON", "Ruben Brekelmans"), ("NL002", "LICENCE", "NL002"),
             ("8 april 2025", "DATE", "2025-04-08")]
    mentions = [Mention("t.txt", TEXT.index(t), TEXT.index(t) + len(t), t, label, id_) for t, label, id_ in spans]
    return Extraction(doc, mentions, list(facts))


def _sentence(i):
    starts = [0, TEXT.index("Het kabinet"), TEXT.index("Met ingang")]
    ends = starts[1:] + [len(TEXT)]
    return starts[i], ends[i] - (1 if i < 2 else 0)


def test_provenance_of_every_seed_fact(seed_extractions):
    found = [p for x in seed_extractions for p in problems(x)]
    assert found == []
    assert sum(len(x.facts) for x in seed_extractions) > 100  # the check ran over real facts


def test_provenance_accepts_sound_facts():
    office = make_fact("t.txt", "PERSON:Ruben Brekelmans", "holdsOffice", "minister van Defensie", *_sentence(0))
    withdrawn = make_fact("t.txt", "LICENCE:NL002", "withdrawn", "DATE:2025-04-08", *_sentence(1), context=(_sentence(2),))
    assert problems(_extraction(office, withdrawn)) == []


@pytest.mark.parametrize("broken, complaint", [
    # the right fact with the wrong sentence: neither end is there
    (make_fact("t.txt", "LICENCE:NL002", "withdrawn", "DATE:2025-04-08", *_sentence(0)), "no mention of subject"),
    # the date sentence left out of the context
    (make_fact("t.txt", "LICENCE:NL002", "withdrawn", "DATE:2025-04-08", *_sentence(1)), "no mention of object"),
    # an office the sentence does not state
    (make_fact("t.txt", "PERSON:Ruben Brekelmans", "holdsOffice", "minister van Financiën", *_sentence(0)), "['financiën']"),
    # an evidence span past the end of the text
    (make_fact("t.txt", "PERSON:Ruben Brekelmans", "holdsOffice", "minister van Defensie", 0, len(TEXT) + 5), "outside the text"),
])
def test_provenance_flags_wrong_evidence(broken, complaint):
    found = problems(_extraction(broken))
    assert len(found) >= 1 and complaint in found[0], found


def test_provenance_flags_a_seed_fact_moved_to_another_sentence(seed_extractions):
    x = next(x for x in seed_extractions if any(f.predicate == "excludesDestination" for f in x.facts))
    fact = next(f for f in x.facts if f.predicate == "excludesDestination")
    moved = replace(fact, start=0, end=20, context=())  # the document's first line names no licence
    assert problems(Extraction(x.document, x.mentions, [moved]))


def test_provenance_with_gold_mentions(gold):
    """With the gold mentions every predicate fires (rulings too), and every fact's evidence still holds its ends."""
    from pathlib import Path

    from policy_kg.ner.tools.oracle_facts import oracle_extraction

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    extractions = [oracle_extraction(seeds / d, gold[d]) for d in sorted(gold)]
    assert {f.predicate for x in extractions for f in x.facts} >= {"decidedBy", "decisionDate", "concerns", "amendedBy", "withdrawn"}
    assert [p for x in extractions for p in problems(x)] == []
