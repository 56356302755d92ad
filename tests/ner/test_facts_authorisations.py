"""exportAuthorised: status, goods lists, systems, destinations and dates (oracle mentions)."""

import pytest
from policy_kg.ner.tools.oracle_facts import facts_for

IL = ("Israël", "COUNTRY", "IL")


def _exports(text, entities):
    return {(f.subject, f.object, f.qualifier_dict.get("status"), f.qualifier_dict.get("valid_from"))
            for f in facts_for(text, entities) if f.predicate == "exportAuthorised"}


def test_facts_refused_goods_list_with_destination_from_the_question():
    text = ("Wil het kabinet de export van militaire goederen richting Israël verder beperken?\n\n8. Antwoord van het kabinet:\n"
            "Het kabinet vindt de toetsing voldoende. Daarbij wijst het kabinet op de afwijzing van vergunningen voor uitvoer "
            "van munitie, helmen, beschermende platen en onderdelen voor marineschepen.")
    got = _exports(text, [IL])
    assert got == {(g, "COUNTRY:IL", "refused", None) for g in ("munitie", "helmen", "beschermende platen", "onderdelen voor marineschepen")}


def test_facts_granted_system_with_month_and_prohibited_system_with_day():
    text = ("Zo zijn in maart 2025 vergunningen verleend voor de uitvoer van onderdelen voor het Iron Dome-luchtafweersysteem naar Israël. "
            "Het kabinet heeft op 20 februari 2024 de vergunning aangepast waardoor de uitvoer van goederen voor de F-35 "
            "met eindbestemming Israël sindsdien niet meer is toegestaan.")
    got = _exports(text, [("maart 2025", "DATE", "2025-03"), ("Iron Dome-luchtafweersysteem", "SYSTEM", "Iron Dome"), IL,
                          ("20 februari 2024", "DATE", "2024-02-20"), ("F-35", "SYSTEM", "F-35"), IL])
    assert got == {("SYSTEM:Iron Dome", "COUNTRY:IL", "granted", "2025-03"), ("SYSTEM:F-35", "COUNTRY:IL", "prohibited", "2024-02-20")}


def test_facts_exported_list_with_nested_examples_and_a_prohibition_superseding_a_grant():
    text = ("Sinds 7 oktober 2023 zijn militaire goederen zoals delen voor F-35 gevechtsvliegtuigen, technologie voor F-16 "
            "gevechtsvliegtuigen, en dual-use goederen zoals onderdelen voor lithografische apparatuur, programmatuur en "
            "technologie naar Israël geëxporteerd. Uitvoer van F-35-onderdelen naar Israël is niet meer toegestaan.")
    got = _exports(text, [("7 oktober 2023", "DATE", "2023-10-07"), ("F-35", "SYSTEM", "F-35"), ("F-16", "SYSTEM", "F-16"), IL,
                          ("F-35-onderdelen", "SYSTEM", "F-35"), IL])
    assert got == {("SYSTEM:F-16", "COUNTRY:IL", "granted", None), ("onderdelen voor lithografische apparatuur", "COUNTRY:IL", "granted", None),
                   ("programmatuur en technologie", "COUNTRY:IL", "granted", None), ("SYSTEM:F-35", "COUNTRY:IL", "prohibited", None)}


def test_facts_licence_granted_for_what_a_general_licence_covered():
    text = ("De NL010 regelt de uitvoer van (een gelimiteerde lijst met) cryptografische goederen naar alle bestemmingen. "
            "Nu is voor transacties naar Israël een vergunning vereist. "
            "Sinds 8 april is er één vergunning verleend voor een transactie die voorheen onder de NL010 viel (per 23-06-2025).")
    got = _exports(text, [("NL010", "LICENCE", "NL010"), IL, ("8 april", "DATE", "2025-04-08"), ("NL010", "LICENCE", "NL010"),
                          ("23-06-2025", "DATE", "2025-06-23")])
    assert got == {("cryptografische goederen", "COUNTRY:IL", "granted", "2025-06-23")}


@pytest.mark.parametrize("text", [
    "Met ingang van 8 april 2025 zijn er geen vergunningen verleend voor de uitvoer van helmen naar Israël.",     # negated
    "Dan zouden ook onderdelen voor helmen niet meer naar Israël mogen worden geëxporteerd.",                     # hypothetical
    "Zijn er vergunningen verleend voor de uitvoer van helmen naar Israël?",                                       # asked
    "Het kabinet heeft vergunningen toegewezen voor de uitvoer van militaire goederen naar Israël.",               # generic goods
    "Voor de uitvoer van deze goederen naar Israël zijn vergunningen afgegeven.",                                  # anaphoric goods
])
def test_facts_no_export_fact(text):
    assert _exports(text, [IL]) == set()


@pytest.mark.parametrize("text, entities, expected", [
    # goods after "aanvragen voor", destination after "bestemd voor"
    ("Vier aanvragen voor versleutelde radioapparatuur bestemd voor de Israëlische krijgsmacht heb ik afgewezen.",
     [("Israëlische", "COUNTRY", "IL")], {("versleutelde radioapparatuur", "COUNTRY:IL", "refused", None)}),
    # goods after "betroffen vooral"; a country after "vergunningen voor" is no goods
    ("De afgegeven vergunningen voor Israël betroffen vooral netwerkapparatuur voor civiele telecombedrijven.",
     [IL], {("netwerkapparatuur voor civiele telecombedrijven", "COUNTRY:IL", "granted", None)}),
    # goods after ", onder meer voor"
    ("Sinds de uitsluiting zijn elf aanvragen voor uitvoer naar Israël afgewezen, onder meer voor onderdelen voor "
     "radarsystemen en software voor vuurleidingssystemen.",
     [IL], {("onderdelen voor radarsystemen", "COUNTRY:IL", "refused", None),
            ("software voor vuurleidingssystemen", "COUNTRY:IL", "refused", None)}),
    # a ban runs from the date after "sinds", not from the day it was confirmed
    ("Op 14 november 2025 heb ik besloten dat het verbod op de uitvoer van F-35-onderdelen naar Israël, dat sinds "
     "20 februari 2024 geldt, van kracht blijft.",
     [("14 november 2025", "DATE", "2025-11-14"), ("F-35-onderdelen", "SYSTEM", "F-35"), IL,
      ("20 februari 2024", "DATE", "2024-02-20")],
     {("SYSTEM:F-35", "COUNTRY:IL", "prohibited", "2024-02-20")}),
])
def test_facts_authorisation_phrasings(text, entities, expected):
    assert _exports(text, entities) == expected
