"""The recogniser end to end on short texts: spans exactly as read, ids from the knowledge files."""

import pytest
from policy_kg.ner.pipeline import recognise

from policy_kg.model import Document


def _mentions(text, date="2025-06-01"):
    return [(m.text, m.label, m.id) for m in recognise(Document("t.txt", text, date=date))]


@pytest.mark.parametrize("text,expected", [
    ("De leden van de PVV-fractie vragen", [("PVV-fractie", "FACTION", "PVV")]),
    ("de GroenLinks-PvdA-fractie en de SGP-\nfractie", [("GroenLinks-PvdA-fractie", "FACTION", "GroenLinks-PvdA"),
                                                      ("SGP-\nfractie", "FACTION", "SGP")]),
    ("de GroenLinks-PvdA fractie", [("GroenLinks-PvdA", "FACTION", "GroenLinks-PvdA")]),
    ("het lid Dobbe (SP)", [("Dobbe", "PERSON", "Dobbe"), ("SP", "FACTION", "SP")]),
    ("de NL002-vergunning", [("NL002-vergunning", "LICENCE", "NL002")]),
])
def test_pipeline_factions_and_compounds(text, expected):
    assert _mentions(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("naar Saoedi-\nArabië (KSA)", [("Saoedi-\nArabië", "COUNTRY", "SA"), ("KSA", "COUNTRY", "SA")]),
    ("de Verenigde Arabische Emiraten (VAE)", [("Verenigde Arabische Emiraten", "COUNTRY", "AE"), ("VAE", "COUNTRY", "AE")]),
    ("het Israëlisch-Palestijns conflict", [("Israëlisch", "COUNTRY", "IL"), ("Palestijns", "COUNTRY", "PS")]),
    ("niet-Nederlandse bedrijven", []),
    ("Latijns-Amerikaanse landen", []),
    ("snel Ameri-\nkaanse wapens", [("Ameri-\nkaanse", "COUNTRY", "US")]),
    ("Guinee(-Conakry), Guinee-Bissau", [("Guinee", "COUNTRY", "GN"), ("Guinee-Bissau", "COUNTRY", "GW")]),
    ("China (met inbegrip van Taiwan, Hong Kong en Macau)",
     [("China", "COUNTRY", "CN"), ("Taiwan", "COUNTRY", "TW"), ("Hong Kong", "COUNTRY", "HK"), ("Macau", "COUNTRY", "MO")]),
    ("de Palestijnse Gebieden", [("Palestijnse Gebieden", "COUNTRY", "PS")]),
])
def test_pipeline_countries(text, expected):
    assert _mentions(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("zoals in de Beleidsbrief Defensie van 24 april jl. (Kamerstuk 36800-X, nr.78) staat. De Beleidsbrief Defensie",
     [("Beleidsbrief Defensie", "DOCUMENT", "kst-36800-X-78"), ("24 april", "DATE", "2025-04-24"),
      ("Kamerstuk 36800-X, nr.78", "DOCUMENT", "kst-36800-X-78"), ("Beleidsbrief Defensie", "DOCUMENT", "kst-36800-X-78")]),
    ("conform de Voorjaarsnota 2025.", [("Voorjaarsnota 2025", "DOCUMENT", "Voorjaarsnota 2025")]),
    ("in de Stand van Defensie", [("Stand van Defensie", "DOCUMENT", "Stand van Defensie")]),
    ("(Kamerstuk 22 054, nr. \n453, dd. 17 februari 2025)",
     [("Kamerstuk 22 054, nr. \n453", "DOCUMENT", "kst-22054-453"), ("17 februari 2025", "DATE", "2025-02-17")]),
    ("Stcrt 2025 nr. 11446", [("Stcrt 2025 nr. 11446", "DOCUMENT", "stcrt-2025-11446")]),
])
def test_pipeline_documents(text, expected):
    assert _mentions(text) == expected


@pytest.mark.parametrize("spans, holes, expected", [
    ([(0, 10)], [], [(0, 10)]),
    ([(0, 10)], [(0, 6)], [(6, 10)]),
    ([(0, 10)], [(2, 4), (6, 8)], [(0, 2), (4, 6), (8, 10)]),
    ([(0, 10), (20, 30)], [(5, 25)], [(0, 5), (25, 30)]),
])
def test_pipeline_subtract_spans(spans, holes, expected):
    from policy_kg.ner.pipeline import _subtract

    assert _subtract(spans, holes) == expected


def test_pipeline_no_mention_inside_page_debris_but_footnotes_count():
    from policy_kg.structure import analyse

    page = "De export naar Israël is beperkt.\n\n"
    text = (page * 30 + "Tweede Kamer, vergaderjaar 2024–2025, 22 054, nr. 454 3\n\n"
            + "Volgens de NAVO is dat zo.1\n\n1 Kamerstuk 22 054, nr. 453\n")
    doc = analyse(Document("t.txt", text, date="2025-06-01"))
    mentions = recognise(doc)
    header = text.index("Tweede Kamer, vergaderjaar")
    assert not [m for m in mentions if header <= m.start < header + 50]
    assert ("Kamerstuk 22 054, nr. 453", "kst-22054-453") in [(m.text, m.id) for m in mentions]
