"""excludesDestination facts from running text, enumerations, anaphora and propagation."""

import pytest

from policy_kg.extract import extract
from policy_kg.model import Document


def _facts(text, date="2025-06-01"):
    x = extract(Document("t.txt", text, date=date))
    return {(f.subject, f.object, f.qualifier_dict.get("valid_from")) for f in x.facts if f.predicate == "excludesDestination"}, x


def test_facts_enumeration_after_colon():
    text = ("De algemene uitvoervergunning NL010 geldt voor uitvoer naar alle bestemmingen, met uitzondering van "
            "landen ten aanzien waarvan een wapenembargo is opgelegd, en de volgende landen: Afghanistan, "
            "Armenië, China (met inbegrip van Taiwan, Hong Kong en Macau), Cuba en Vietnam.")
    facts, _ = _facts(text)
    assert facts == {("LICENCE:NL010", f"COUNTRY:{c}", None) for c in ("AF", "AM", "CN", "TW", "HK", "MO", "CU", "VN")}


def test_facts_year_and_reason_clause():
    text = ("In het geval van Egypte is in 2019 besloten om Egypte uit te sluiten als eindbestemming van "
            "algemene vergunning NL007, vanwege vermeende militaire betrokkenheid in het conflict in Jemen.")
    facts, _ = _facts(text)
    assert facts == {("LICENCE:NL007", "COUNTRY:EG", "2019")}


def test_facts_anaphor_and_propagation():
    text = ("De goederen vielen onder de algemene vergunning NL009 voor het F-35-programma. "
            "Het kabinet heeft op 20 februari 2024 deze algemene vergunning aangepast waardoor de uitvoer "
            "met eindbestemming Israël sindsdien niet meer is toegestaan. "
            "Deze aanpassing is destijds ook voor de NL007 doorgevoerd.")
    facts, _ = _facts(text)
    assert facts == {("LICENCE:NL009", "COUNTRY:IL", "2024-02-20"), ("LICENCE:NL007", "COUNTRY:IL", "2024-02-20")}


@pytest.mark.parametrize("text", [
    "Israël wordt niet uitgesloten van de vergunning NL007.",                      # negated
    "De vergunning NL007 geldt voor doorvoer naar Israël.",                        # no exclusion cue
    "Wordt Israël ook uitgesloten van mondiale vergunningen?",                     # no licence
])
def test_facts_no_exclusion(text):
    facts, _ = _facts(text)
    assert facts == set()


def test_facts_withdrawn_licence_excludes_nothing_and_change_takes_effective_date():
    text = ("Het kabinet heeft de vergunningen NL007 en NL010 aangepast en de vergunning NL002 ingetrokken, "
            "waarbij Israël is uitgesloten als land van eindbestemming. "
            "Met ingang van 8 april 2025 zijn er geen vergunningen verleend.")
    facts, _ = _facts(text)
    assert facts == {("LICENCE:NL007", "COUNTRY:IL", "2025-04-08"), ("LICENCE:NL010", "COUNTRY:IL", "2025-04-08")}


def test_facts_evidence_holds_subject_and_object():
    text = "In 2020 is besloten om Turkije uit te sluiten als eindbestemming van de algemene vergunning NL007."
    _, x = _facts(text)
    (fact,) = x.facts
    evidence = x.document.text[fact.start:fact.end]
    assert "NL007" in evidence and "Turkije" in evidence
    assert fact.qualifier_dict == {"valid_from": "2020"}
