"""withdrawn, amendedBy and concerns for licences (oracle mentions)."""

from policy_kg.ner.tools.oracle_facts import facts_for


def _facts(text, entities, predicate):
    return {(f.subject, f.object) for f in facts_for(text, entities) if f.predicate == predicate}


def test_facts_withdrawal_takes_the_effective_date_as_context():
    text = ("Het kabinet heeft de vergunningen NL007 en NL010 aangepast en de vergunning NL002 ingetrokken. "
            "Met ingang van 8 april 2025 is de wijziging van kracht.")
    ents = [("NL007", "LICENCE", "NL007"), ("NL010", "LICENCE", "NL010"), ("NL002", "LICENCE", "NL002"), ("8 april 2025", "DATE", "2025-04-08")]
    (fact,) = [f for f in facts_for(text, ents) if f.predicate == "withdrawn"]
    assert (fact.subject, fact.object) == ("LICENCE:NL002", "DATE:2025-04-08")
    assert "NL002" in text[fact.start:fact.end] and [text[s:e] for s, e in fact.context] == ["Met ingang van 8 april 2025 is de wijziging van kracht."]


def test_facts_not_withdrawn_when_negated():
    text = "De vergunning NL002 is niet ingetrokken per 8 april 2025."
    assert _facts(text, [("NL002", "LICENCE", "NL002"), ("8 april 2025", "DATE", "2025-04-08")], "withdrawn") == set()


def test_facts_amendment_cited_in_a_footnote():
    text = ("Het kabinet heeft de vergunningen NL007 en NL010 aangepast en de vergunning NL002 ingetrokken.\n\n"
            "De toelichting staat in de wijzigingsregeling3 zelf.\n\n3 Stcrt 2025 nr. 11446.\n")
    ents = [("NL007", "LICENCE", "NL007"), ("NL010", "LICENCE", "NL010"), ("NL002", "LICENCE", "NL002"),
            ("Stcrt 2025 nr. 11446", "DOCUMENT", "stcrt-2025-11446")]
    assert _facts(text, ents, "amendedBy") == {("LICENCE:NL007", "DOCUMENT:stcrt-2025-11446"), ("LICENCE:NL010", "DOCUMENT:stcrt-2025-11446")}


def test_facts_licence_concerns_ruling_system_and_propagates():
    text = ("De uitvoer viel onder de algemene vergunning NL009 die van toepassing is in het kader van het F-35 programma. "
            "Het kabinet heeft naar aanleiding van het arrest van het Hof deze algemene vergunning aangepast. "
            "Deze aanpassing is destijds ook voor de NL007 doorgevoerd.")
    ents = [("NL009", "LICENCE", "NL009"), ("F-35", "SYSTEM", "F-35"), ("arrest", "RULING", "R"), ("Hof", "ORG", "Gerechtshof Den Haag"),
            ("NL007", "LICENCE", "NL007")]
    assert _facts(text, ents, "concerns") == {("LICENCE:NL009", "SYSTEM:F-35"), ("LICENCE:NL009", "RULING:R"), ("LICENCE:NL007", "RULING:R")}


def test_facts_licence_still_valid_for_the_destination():
    text = ("Voor eindbestemming Israël gelden geen nationale algemene vergunningen meer. "
            "Wel geldt er nog de algemene vergunning EU007, die is uitgevaardigd door de Europese Unie.")
    ents = [("Israël", "COUNTRY", "IL"), ("EU007", "LICENCE", "EU007"), ("Europese Unie", "ORG", "Europese Unie")]
    assert _facts(text, ents, "concerns") == {("LICENCE:EU007", "COUNTRY:IL")}
