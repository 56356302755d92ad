"""spending facts: one per table row, header read for measure and supplier country (oracle mentions)."""

from policy_kg.ner.tools.oracle_facts import facts_for

# a table as PDF extraction leaves it: cells on their own lines, blank lines between rows
TABLE = ("Gegunde waarde* Israël t.o.v. totaal\n\nPeriode \nGegunde waarde \nIsraël Percentage op totaal \n\n"
         "1 jan 2022 – 31 dec 2022 € 13,5 M 0,6% \n\n1 jan 2023 – 7 okt 2023 \n\n€ 165,7 M \n2,5% \n\n"
         "*Gegunde waarde: het afgesproken bedrag.\n\nPeriode Uitgaven Israël Uitgaven Oekraïne\n2024 € 1 M € 2 M\n")
ENTITIES = [("Israël", "COUNTRY", "IL"), ("Israël", "COUNTRY", "IL"), ("1 jan 2022", "DATE", "2022-01-01"), ("31 dec 2022", "DATE", "2022-12-31"),
            ("€ 13,5 M", "MONEY", "13500000"), ("1 jan 2023", "DATE", "2023-01-01"), ("7 okt 2023", "DATE", "2023-10-07"),
            ("€ 165,7 M", "MONEY", "165700000"), ("Israël", "COUNTRY", "IL"), ("Oekraïne", "COUNTRY", "UA"),
            ("2024", "DATE", "2024"), ("€ 1 M", "MONEY", "1000000"), ("€ 2 M", "MONEY", "2000000")]


def test_facts_spending_rows():
    facts = [f for f in facts_for(TABLE, ENTITIES) if f.predicate == "spending"]
    got = {(f.subject, f.object) + tuple(sorted(f.qualifier_dict.items())) for f in facts}
    assert got == {
        ("COUNTRY:IL", "MONEY:13500000", ("measure", "gegunde waarde"), ("period_end", "2022-12-31"), ("period_start", "2022-01-01"), ("share", "0.6")),
        ("COUNTRY:IL", "MONEY:165700000", ("measure", "gegunde waarde"), ("period_end", "2023-10-07"), ("period_start", "2023-01-01"), ("share", "2.5")),
        ("COUNTRY:IL", "MONEY:1000000", ("measure", "uitgaven"), ("period_end", "2024-12-31"), ("period_start", "2024-01-01")),
        ("COUNTRY:UA", "MONEY:2000000", ("measure", "uitgaven"), ("period_end", "2024-12-31"), ("period_start", "2024-01-01")),
    }


def test_facts_spending_evidence_is_the_row_and_the_header():
    fact = next(f for f in facts_for(TABLE, ENTITIES) if f.object == "MONEY:165700000")
    assert " ".join(TABLE[fact.start:fact.end].split()) == "1 jan 2023 – 7 okt 2023 € 165,7 M 2,5%"
    ((s, e),) = fact.context
    assert " ".join(TABLE[s:e].split()) == "Periode Gegunde waarde Israël Percentage op totaal"


def test_facts_amounts_in_running_text_are_not_spending():
    text = "Defensie noemde in juni 2025 een bedrag van 430 miljoen euro voor Israël."
    facts = facts_for(text, [("juni 2025", "DATE", "2025-06"), ("430 miljoen euro", "MONEY", "430000000"), ("Israël", "COUNTRY", "IL")])
    assert [f for f in facts if f.predicate == "spending"] == []
