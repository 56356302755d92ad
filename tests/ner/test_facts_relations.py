"""holdsOffice, memberOf and developedBy from running text and the signature block (oracle mentions)."""

import pytest
from policy_kg.ner.tools.oracle_facts import facts_for

from policy_kg.model import Document, Signatory


def _triples(facts, predicate):
    return {(f.subject, f.object) for f in facts if f.predicate == predicate}


@pytest.mark.parametrize("text, person, office", [
    ("Dit schreef de minister van Buitenlandse Zaken, Caspar Veldkamp, aan de Kamer.", "Caspar Veldkamp", "minister van Buitenlandse Zaken"),
    ("Volgens staatssecretaris van Defensie Gijs Tuinman is dat zo.", "Gijs Tuinman", "staatssecretaris van Defensie"),
    ("Gijs Tuinman, staatssecretaris van Defensie, bezocht de basis.", "Gijs Tuinman", "staatssecretaris van Defensie"),
    ("De MINISTER VAN DEFENSIE Ruben Brekelmans tekende.", "Ruben Brekelmans", "minister van Defensie"),
])
def test_facts_office_in_running_text(text, person, office):
    facts = facts_for(text, [(person, "PERSON", person)])
    assert _triples(facts, "holdsOffice") == {(f"PERSON:{person}", office)}


def test_facts_title_without_portfolio_gives_no_office():
    facts = facts_for("Volgens minister Veldkamp schendt Israël het recht.", [("Veldkamp", "PERSON", "Caspar Veldkamp")])
    assert _triples(facts, "holdsOffice") == set()


def test_facts_office_from_signature_names_the_committee():
    text = ("Binnen de vaste commissie voor Defensie zijn vragen gesteld.\n\n"
            "De voorzitter van de commissie,\nJan Jansen\n")
    start = text.index("Jan Jansen")
    doc = Document("t.txt", text, committee="vaste commissie voor Defensie",
                   signatories=[Signatory("Jan Jansen", "voorzitter van de vaste commissie voor Defensie", start, start + 10)])
    (fact,) = [f for f in facts_for(text, [("Jan Jansen", "PERSON", "Jan Jansen")], doc) if f.predicate == "holdsOffice"]
    assert fact.object == "voorzitter van de vaste commissie voor Defensie"
    assert text[fact.start:fact.end].startswith("voorzitter van de commissie") and text[fact.start:fact.end].endswith("Jan Jansen")
    assert [text[s:e] for s, e in fact.context] == ["vaste commissie voor Defensie"]


@pytest.mark.parametrize("text, entities, expected", [
    ("Vragen van het lid Dobbe (SP) aan de minister.", [("Dobbe", "PERSON", "Dobbe"), ("SP", "FACTION", "SP")],
     {("PERSON:Dobbe", "FACTION:SP")}),
    ("Vragen van de leden Piri en Kuik (beiden GroenLinks-PvdA).",
     [("Piri", "PERSON", "Kati Piri"), ("Kuik", "PERSON", "Kuik"), ("GroenLinks-PvdA", "FACTION", "GroenLinks-PvdA")],
     {("PERSON:Kati Piri", "FACTION:GroenLinks-PvdA"), ("PERSON:Kuik", "FACTION:GroenLinks-PvdA")}),
    ("Het lid Dobbe van de SP-fractie vroeg het.", [("Dobbe", "PERSON", "Dobbe"), ("SP-fractie", "FACTION", "SP")],
     {("PERSON:Dobbe", "FACTION:SP")}),
    # a faction in brackets after something else than a person
    ("De motie (SP) werd aangenomen door Dobbe.", [("SP", "FACTION", "SP"), ("Dobbe", "PERSON", "Dobbe")], set()),
])
def test_facts_membership(text, entities, expected):
    assert _triples(facts_for(text, entities), "memberOf") == expected


@pytest.mark.parametrize("text, entities, expected", [
    ("Alternatieven voor Palantirs Maven Smart System (MSS) NATO.",
     [("Palantirs", "ORG", "Palantir Technologies"), ("Maven Smart System", "SYSTEM", "Maven Smart System")],
     {("SYSTEM:Maven Smart System", "ORG:Palantir Technologies")}),
    ("Een LLM zoals Le Chat van het Franse bedrijf Mistral wordt getest.",
     [("Le Chat", "SYSTEM", "Le Chat"), ("Franse", "COUNTRY", "FR"), ("Mistral", "ORG", "Mistral AI")],
     {("SYSTEM:Le Chat", "ORG:Mistral AI")}),
    ("De radar SMART-L, ontwikkeld door Thales, is besteld.",
     [("SMART-L", "SYSTEM", "SMART-L"), ("Thales", "ORG", "Thales")], {("SYSTEM:SMART-L", "ORG:Thales")}),
    ("Heeft Nederland militaire AI-systemen uit Israël (zoals Lavender, Gospel en ChatIDF) verworven?",
     [("Israël", "COUNTRY", "IL"), ("Lavender", "SYSTEM", "Lavender"), ("Gospel", "SYSTEM", "Gospel"), ("ChatIDF", "SYSTEM", "ChatIDF")],
     {("SYSTEM:Lavender", "COUNTRY:IL"), ("SYSTEM:Gospel", "COUNTRY:IL"), ("SYSTEM:ChatIDF", "COUNTRY:IL")}),
    ("Het PULS-systeem, dat door Elbit Systems is ontwikkeld, wordt geleverd.",
     [("PULS-systeem", "SYSTEM", "PULS"), ("Elbit Systems", "ORG", "Elbit Systems")], {("SYSTEM:PULS", "ORG:Elbit Systems")}),
    ("De Hermes 900 wordt ontwikkeld door Elbit Systems.",
     [("Hermes 900", "SYSTEM", "Hermes 900"), ("Elbit Systems", "ORG", "Elbit Systems")],
     {("SYSTEM:Hermes 900", "ORG:Elbit Systems")}),
    # a clause with "door" that is not about making the system
    ("Het PULS-systeem, dat door Elbit Systems is geleverd, werkt.",
     [("PULS-systeem", "SYSTEM", "PULS"), ("Elbit Systems", "ORG", "Elbit Systems")], set()),
    # a ministry using a system is not its developer
    ("De F-35 van het Ministerie van Defensie vloog.",
     [("F-35", "SYSTEM", "F-35"), ("Ministerie van Defensie", "ORG", "Ministerie van Defensie")], set()),
])
def test_facts_developer(text, entities, expected):
    assert _triples(facts_for(text, entities), "developedBy") == expected
