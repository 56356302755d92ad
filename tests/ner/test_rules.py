"""Rules for dates, money and licence codes, on the cleaned text."""

import pytest
from policy_kg.ner import rules
from policy_kg.ner.textview import make_view


def _found(rule, text, doc_date="2025-06-01"):
    view = make_view(text)
    return [(view.clean[c.start:c.end], c.id) for c in rule(view.clean, rules.Context(doc_date))]


@pytest.mark.parametrize("text,expected", [
    ("op 7 april 2025 kwam", ("7 april 2025", "2025-04-07")),
    ("d.d. 13 december 2024", ("13 december 2024", "2024-12-13")),
    ("dd. 17 februari 2025)", ("17 februari 2025", "2025-02-17")),
    ("op 18 maart jl. en", ("18 maart", "2025-03-18")),
    ("1 jan 2022 -", ("1 jan 2022", "2022-01-01")),
    ("31 aug. 2025", ("31 aug. 2025", "2025-08-31")),
    ("(per 23-06-2025)", ("23-06-2025", "2025-06-23")),
    ("Splitsing 7/8 oktober 2023 is", ("7/8 oktober 2023", "2023-10-07/2023-10-08")),
    ("9 december 20242 ", ("9 december 2024", "2024-12-09")),
    ("sinds 7 oktober is", ("7 oktober", "2023-10-07")),
])
def test_rules_dates_first_match(text, expected):
    assert _found(rules.dates, text)[0] == expected


@pytest.mark.parametrize("text,expected", [
    ("in december 2024 kwam", [("december 2024", "2024-12"), ("2024", "2024")]),
    ("Vergaderjaar 2025-2026", [("2025-2026", "2025/2026")]),
    ("Kamerstukken II 2021/22, 36021", []),
    ("nummer 2025Z08791", []),
])
def test_rules_dates_all_candidates(text, expected):
    assert _found(rules.dates, text) == expected


def test_rules_dates_year_from_same_sentence():
    # "t/m 31 oktober en vanaf 1 november 2023": the year comes from the date beside it
    found = dict(_found(rules.dates, "(dus t/m 31 oktober en vanaf 1 november 2023)", doc_date="2025-10-28"))
    assert found["31 oktober"] == "2023-10-31"


@pytest.mark.parametrize("text,expected", [
    ("€    68,5 M 1,6%", ("€ 68,5 M", "68500000")),
    ("circa €13,6 mld. aan", ("€13,6 mld", "13600000000")),
    ("€ 0,18 mld", ("€ 0,18 mld", "180000000")),
    ("€500 mln. aan", ("€500 mln", "500000000")),
    ("76,2 miljoen euro", ("76,2 miljoen euro", "76200000")),
    ("een bedrag van 218 miljoen uitgegeven", ("218 miljoen", "218000000")),
    ("€100 miljoen", ("€100 miljoen", "100000000")),
    ("€ 1.250.000", ("€ 1.250.000", "1250000")),
])
def test_rules_money_value(text, expected):
    assert _found(rules.money, text) == [expected]


def test_rules_money_needs_currency_context():
    assert _found(rules.money, "Het land telt 17 miljoen inwoners.") == []


@pytest.mark.parametrize("text,expected", [
    ("de NL007 en NL010", [("NL007", "NL007"), ("NL010", "NL010")]),
    ("de NL002-vergunning", [("NL002", "NL002")]),
    ("vergunning EU007,", [("EU007", "EU007")]),
    ("code XNL0071", []),
])
def test_rules_licences_codes(text, expected):
    assert _found(rules.licences, text) == expected
