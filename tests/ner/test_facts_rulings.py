"""decidedBy, decisionDate and concerns for rulings and motions (oracle mentions)."""

from policy_kg.ner.tools.oracle_facts import facts_for


def _facts(text, entities):
    return {(f.subject, f.predicate, f.object) for f in facts_for(text, entities)}


def test_facts_ruling_court_parties_and_date():
    text = "Dat is bevestigd in het vonnis van de voorzieningenrechter in de zaak Al-Haq c.s. tegen de Staat (d.d. 13 december 2024)."
    r = "RULING:R1"
    got = _facts(text, [("vonnis", "RULING", "R1"), ("voorzieningenrechter", "ORG", "Rechtbank Den Haag"),
                        ("Al-Haq", "ORG", "Al-Haq"), ("Staat", "ORG", "Staat der Nederlanden"), ("13 december 2024", "DATE", "2024-12-13")])
    assert got == {(r, "decidedBy", "ORG:Rechtbank Den Haag"), (r, "decisionDate", "DATE:2024-12-13"),
                   (r, "concerns", "ORG:Al-Haq"), (r, "concerns", "ORG:Staat der Nederlanden")}


def test_facts_ruling_subject_phrase_stops_at_the_clause_and_skips_origin_adjectives():
    text = ("Het kabinet volhardt in de cassatie tegen het arrest van het Gerechtshof Den Haag over de levering "
            "van Amerikaanse F-35-onderdelen aan Israël.")
    got = _facts(text, [("arrest", "RULING", "R2"), ("Gerechtshof Den Haag", "ORG", "Gerechtshof Den Haag"),
                        ("Amerikaanse", "COUNTRY", "US"), ("F-35-onderdelen", "SYSTEM", "F-35"), ("Israël", "COUNTRY", "IL")])
    assert got == {("RULING:R2", "decidedBy", "ORG:Gerechtshof Den Haag"), ("RULING:R2", "concerns", "SYSTEM:F-35"),
                   ("RULING:R2", "concerns", "COUNTRY:IL")}


def test_facts_ruling_court_before_and_subject_after_the_court():
    text = ("Het advies van het Internationaal Gerechtshof ten aanzien van de bezetting van de Palestijnse Gebieden "
            "de instandhouding van het Nederlandse beleid rechtvaardigt.")
    got = _facts(text, [("advies", "RULING", "ICJ"), ("Internationaal Gerechtshof", "ORG", "Internationaal Gerechtshof"),
                        ("Palestijnse Gebieden", "COUNTRY", "PS"), ("Nederlandse", "COUNTRY", "NL")])
    assert got == {("RULING:ICJ", "decidedBy", "ORG:Internationaal Gerechtshof"), ("RULING:ICJ", "concerns", "COUNTRY:PS")}


def test_facts_ruling_day_wins_over_month():
    text = "Het kabinet voert het arrest van het Hof (d.d. 12 februari 2024) uit. Tegen het arrest van het Hof (d.d. februari 2024) loopt cassatie."
    got = _facts(text, [("arrest", "RULING", "R3"), ("Hof", "ORG", "Gerechtshof Den Haag"), ("12 februari 2024", "DATE", "2024-02-12"),
                        ("arrest", "RULING", "R3"), ("Hof", "ORG", "Gerechtshof Den Haag"), ("februari 2024", "DATE", "2024-02")])
    assert {o for s, p, o in got if p == "decisionDate"} == {"DATE:2024-02-12"}


def test_facts_motion_acted_on_concerns_what_the_action_names():
    text = ("In lijn met motie Van Baarle pleit het kabinet in EU-verband voor om de Juridische Dienst te vragen om "
            "een analyse van het advies van het Internationaal Gerechtshof.")
    got = _facts(text, [("motie Van Baarle", "MOTION", "M"), ("EU-verband", "ORG", "Europese Unie"),
                        ("Juridische Dienst", "ORG", "JDR"), ("advies", "RULING", "ICJ"),
                        ("Internationaal Gerechtshof", "ORG", "Internationaal Gerechtshof")])
    assert {(p, o) for s, p, o in got if s == "MOTION:M"} == {("concerns", "ORG:JDR"), ("concerns", "RULING:ICJ")}


def test_facts_ruling_with_a_list_of_parties():
    text = ("In zijn arrest van 3 oktober 2025 in de zaak van Oxfam Novib, PAX en The Rights Forum tegen de Staat "
            "oordeelde de Hoge Raad dat de minister opnieuw moest beslissen.")
    r = "RULING:R3"
    got = _facts(text, [("arrest", "RULING", "R3"), ("3 oktober 2025", "DATE", "2025-10-03"),
                        ("Oxfam Novib", "ORG", "Oxfam Novib"), ("PAX", "ORG", "PAX"), ("The Rights Forum", "ORG", "The Rights Forum"),
                        ("Staat", "ORG", "Staat der Nederlanden"), ("Hoge Raad", "ORG", "Hoge Raad der Nederlanden")])
    assert {f for f in got if f[1] == "concerns"} == {(r, "concerns", f"ORG:{o}") for o in
                                                      ("Oxfam Novib", "PAX", "The Rights Forum", "Staat der Nederlanden")}
