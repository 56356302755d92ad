"""policy_kg.debris: page numbers, page labels, running headers and footnotes in converted PDF
text, and how sentences (ner.sentences.split) and questions read across them."""

from __future__ import annotations

from pathlib import Path

import pytest
from policy_kg.ner import sentences
from policy_kg.ner.textview import make_view

from policy_kg.debris import debris_spans, find_debris, inside, merge_spans
from policy_kg.model import Document
from policy_kg.structure import analyse

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def _found(text: str) -> list[tuple[str, str]]:
    return [(d.kind, text[d.start:d.end]) for d in find_debris(text)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Het kabinet vindt dat\n\n4\n\n\nwe verder moeten.\n", [("page-number", "4")]),
        ("Einde van de pagina.\n\n- 12 -\n\nBegin.\n", [("page-number", "- 12 -")]),
        ("Einde van de pagina.\n3/12\n Begin van de nieuwe pagina.\n", [("page-number", "3/12")]),
        ("Is dat zo?\n\n\nPagina 5 van 4\n\nAntwoord\n", [("page-label", "Pagina 5 van 4")]),
        ("tekst\n  Blad 2\ntekst\n", [("page-label", "Blad 2")]),
        ("zoals de minister\nTweede Kamer, vergaderjaar 2024–2025, 22 054, nr. 454 3\nheeft gezegd.\n",
         [("running-header", "Tweede Kamer, vergaderjaar 2024–2025, 22 054, nr. 454 3")]),
        ("tekst\nEerste Kamer, vergaderjaar 2025-2026, 36 800 K, D 4\nmeer tekst\n",
         [("running-header", "Eerste Kamer, vergaderjaar 2025-2026, 36 800 K, D 4")]),
        ("slot.\nkst-22054-454 ISSN 0921 - 7371 's-Gravenhage 2025\n",
         [("running-header", "kst-22054-454 ISSN 0921 - 7371 's-Gravenhage 2025")]),
    ],
)
def test_debris_page_furniture(text, want):
    assert _found(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "De bedragen waren\n12\nmiljoen en meer.\n",  # a number inside running text
        "Periode Uitgaven\n1 januari 2022 - 31 december 2022 € 68,5 M 1,6%\n1 januari 2023 - 31 oktober 2023 € 53,7 M\n",
        "Er zijn drie punten:\n\n1. Een verbod.\n\n2. Een regeling.\n",
        "Zie het antwoord op vraag 1.\n\n" * 4,
        # a footnote line without a marker before it is text
        "De minister schreef dit.\n\n2 Kamerstuk 22 054, nr. 453 ging hierover.\n",
    ],
)
def test_debris_content_is_not_debris(text):
    assert find_debris(text) == []


def test_debris_footnotes_with_markers_in_sequence():
    text = (
        "Zoals het NRC1 meldde is dit zo, zie de Kamerbrief van 9 december 20242.\n"
        "Het kabinet neemt\n"
        "\n"
        "1 NRC, 10 april 2025, 'Een artikel over export'\n"
        "(https://www.nrc.nl/artikel)\n"
        "2 Kamerstuk 23 432, nr. 544\n"
        "\n"
        "7\n"
        "\n"
        "maatregelen in de wijzigingsregeling3 zelf.\n"
        "\n"
        "3 Stcrt 2025 nr. 11446.\n"
        " Dit is de volgende pagina.\n"
    )
    got = _found(text)
    assert got == [
        ("footnote", "1 NRC, 10 april 2025, 'Een artikel over export'"),
        ("footnote", "(https://www.nrc.nl/artikel)"),
        ("footnote", "2 Kamerstuk 23 432, nr. 544"),
        ("page-number", "7"),
        ("footnote", "3 Stcrt 2025 nr. 11446."),
    ]
    spans = merge_spans(text, find_debris(text))
    assert [text[s:e] for s, e in spans] == [
        "1 NRC, 10 april 2025, 'Een artikel over export'\n(https://www.nrc.nl/artikel)\n2 Kamerstuk 23 432, nr. 544\n\n7",
        "3 Stcrt 2025 nr. 11446.",
    ]
    assert inside(spans, text.index("NRC, 10"), text.index("NRC, 10") + 3)
    assert not inside(spans, 0, 10)


def test_debris_repeated_letter_header_keeps_the_first():
    page = "Datum 16 juni 2025\nOnze referentie MINDEF20250022706\n\n" + "Tekst van de brief. " * 60 + "\n\n"
    text = page * 3
    got = _found(text)
    assert [k for k, _ in got] == ["repeated-line"] * 4
    first = text.index("Datum 16 juni 2025")
    assert all(d.start > first for d in find_debris(text))


def test_debris_repeated_content_lines_are_text():
    para = "Vergunningaanvragen voor de uitvoer van strategische goederen (dual-use en militair)\nworden getoetst.\n\n"
    filler = "Andere tekst van het antwoord. " * 40 + "\n\n"
    assert find_debris((para + filler) * 3) == []


EXPECTED_SEED_DEBRIS = {
    "000_895f2254901843f9.txt": [],
    "001_a2e5f6ec0b9d6b0c.txt": [],
    "002_0cfafbe4f11d88db.txt": [("footnote", "1 U.S. Army,"), ("footnote", "tions''"), ("footnote", "african_lion_25"),
                                 ("page-label", "Pagina 5 van 4")],
    "003_d40e4f6b6bf2e055.txt": [("footnote", "1 Ter vertrouwelijke"), ("footnote", "2 Overeenkomst"),
                                 ("footnote", "3 De toetsing")],
    "004_29ef86805054f4de.txt": [("page-number", "4"), ("footnote", "1 Deze criteria"), ("footnote", "van het Europees"),
                                 ("footnote", "uitvoer, de tussenhandel"), ("footnote", "gebruik (herschikking))."),
                                 ("page-number", "18"), ("footnote", "2 Kamerstuk 23 432, nr. 544"), ("page-number", "20"),
                                 ("footnote", "3 Stcrt 2025 nr. 11446.")],
}


@pytest.mark.parametrize("name", sorted(EXPECTED_SEED_DEBRIS))
def test_debris_seeds(name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    got = _found(text)
    want = EXPECTED_SEED_DEBRIS[name]
    assert [k for k, _ in got] == [k for k, _ in want]
    for (_, found), (_, start) in zip(got, want):
        assert found.startswith(start)


def test_debris_document_fields():
    text = (SEEDS / "004_29ef86805054f4de.txt").read_text(encoding="utf-8")
    doc = analyse(Document(id="004_29ef86805054f4de.txt", text=text))
    assert doc.debris == debris_spans(text)
    assert [text[s:e] for s, e in doc.footnotes][-2:] == ["2 Kamerstuk 23 432, nr. 544", "3 Stcrt 2025 nr. 11446."]
    assert all(any(ds <= fs and fe <= de for ds, de in doc.debris) for fs, fe in doc.footnotes)
    assert doc.text == text  # nothing is changed


# --- sentences across debris ----------------------------------------------------------------


def _sentences(text: str, with_debris: bool = True) -> list[str]:
    doc = analyse(Document(id="x.txt", text=text))
    view = make_view(text)
    spans = sentences.split(view, doc.debris, doc.footnotes) if with_debris else sentences.split(view)
    return [view.clean[s:e] for s, e in spans]


def test_debris_sentence_goes_on_across_a_page_number():
    text = "Kan de minister zeggen of dit mag\n\n18\n\n\n\nworden onder de huidige regels? Ja.\n"
    assert _sentences(text) == ["Kan de minister zeggen of dit mag 18 worden onder de huidige regels?", "Ja."]
    assert _sentences(text, with_debris=False)[0] == "Kan de minister zeggen of dit mag"


def test_debris_footnote_is_a_sentence_of_its_own():
    text = ("Dit leidde tot een brief2 en een leverantie van\n\n2 Kamerstuk 23 432, nr. 544\n"
            " EU-lidstaten uit eigen voorraad. Daarna niets.\n")
    assert _sentences(text) == [
        "Dit leidde tot een brief2 en een leverantie van",
        "2 Kamerstuk 23 432, nr. 544",
        "EU-lidstaten uit eigen voorraad.",
        "Daarna niets.",
    ]


def test_debris_sentence_split_without_debris_is_unchanged_for_headings():
    view = make_view("Is dat zo? 13. Antwoord van het kabinet: Ja, dat is zo.")
    assert [view.clean[s:e] for s, e in sentences.split(view)] == [
        "Is dat zo?", "13. Antwoord van het kabinet:", "Ja, dat is zo."]
