"""policy_kg.structure: date, genre, title, references and signatories of the seeds and of
header forms the seeds do not show (Tweede Kamer Kamerstukken, Aanhangsel, rijksoverheid letters)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from policy_kg.model import GENRES, Document
from policy_kg.structure import (
    DATE_RULES,
    GENRE_RULES,
    analyse,
    classify_genre,
    find_chamber,
    find_committee,
    find_date,
    find_paper_number,
    find_references,
    find_signatories,
    find_title,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"


def _doc(name: str) -> Document:
    text = (SEEDS / name).read_text(encoding="utf-8")
    return analyse(Document(id=name, text=text, source=SEEDS / name))


def _analysed(text: str) -> Document:
    return analyse(Document(id="x.txt", text=text))


# --- the seeds, read by eye ----------------------------------------------------------------

SEED_EXPECTED = {
    "000_895f2254901843f9.txt": dict(
        date="2025-10-28", date_text="28 oktober 2025", genre="antwoorden-kamervragen", title=None,
        refs=[], signatories=[],
    ),
    "001_a2e5f6ec0b9d6b0c.txt": dict(
        date="2026-05-21", date_text="21 mei 2026", genre="nota-naar-aanleiding-van-verslag",
        title="Vaststelling van de begrotingsstaat van het Defensiematerieelbegrotingsfonds voor het jaar 2026",
        refs=[("36 800 K", "kst-36800-K", "self"), ("D", "kst-36800-K-D", "self"),
              ("Kamerstuk 36800-K", "kst-36800-K", "cited"),
              ("Kamerstuk 36800-X, nr.78", "kst-36800-X-78", "cited"), ("36 725 X nr. 6", "kst-36725-X-6", "cited"),
              ("MINDEF20260028717", "MINDEF20260028717", "cited"), ("36 800-X34", "kst-36800-X-34", "cited"),
              ("Kamerstuk 33.279-40", "kst-33279-40", "cited")],
        signatories=[("Dilan Yeşilgöz-Zegerius", "minister van Defensie"),
                     ("Derk Boswijk", "staatssecretaris van Defensie")],
    ),
    "002_0cfafbe4f11d88db.txt": dict(
        date="2025-06-16", date_text="16 juni 2025", genre="antwoorden-kamervragen",
        title="Beantwoording vragen van het lid Dobbe (SP) aan de minister van Buitenlandse Zaken en de minister "
              "van Defensie over het bericht dat Nederlandse militairen samen met Israëlische troepen deelgenomen "
              "hebben aan een door de VS geleide militaire oefening",
        refs=[("2025Z08791", "2025Z08791", "self"), ("MINDEF20250022706", "MINDEF20250022706", "self"),
              ("Kamerstukken II 2021/22, 36021, \nnr.6", "kst-36021-6", "cited"),
              ("I 2022/23, 36021, B", "kst-36021-B", "cited")],
        signatories=[("Ruben Brekelmans", "minister van Defensie"),
                     ("Caspar Veldkamp", "minister van Buitenlandse Zaken")],
    ),
    "003_d40e4f6b6bf2e055.txt": dict(
        date="2025-09-10", date_text="10 september 2025", genre="brief",
        title="Leveringen militaire goederen aan Oekraïne",
        refs=[("Kamerstuk 22 054, nr. \n453", "kst-22054-453", "cited"),
              ("Kamerstuk 22 054, nr. 453", "kst-22054-453", "cited"),
              ("Kamerstuk 22 054, nr. 377", "kst-22054-377", "cited"),
              ("Kamerstuk 22 054, nr. 387", "kst-22054-387", "cited")],
        signatories=[("Ruben Brekelmans", "minister van Defensie")],
    ),
    "004_29ef86805054f4de.txt": dict(
        # "Vastgesteld …………. 2025": the day was never filled in, so only the year is known
        date="2025", date_text="2025", genre="verslag-schriftelijk-overleg",
        title="Inbreng verslag van een schriftelijk overleg",
        refs=[("Kamerstuk 22 054, nr. 454", "kst-22054-454", "cited"),
              ("Kamerstuk 2024Z13849", "2024Z13849", "cited"),
              ("21 501-02, nr. 2943", "kst-21501-02-2943", "cited"),
              ("Kamerstuk 23 432, nr. 544", "kst-23432-544", "cited"),
              ("Stcrt 2025 nr. 11446", "stcrt-2025-11446", "cited")],
        signatories=[
            ("Aukje de Vries", "voorzitter van de vaste commissie voor Buitenlandse Handel en Ontwikkelingshulp"),
            ("Van der Graaf", "adjunct-griffier van de vaste commissie voor Buitenlandse Handel en Ontwikkelingshulp"),
        ],
    ),
}
SEED_NAMES = sorted(SEED_EXPECTED)


def test_structure_seed_table_covers_every_seed():
    assert SEED_NAMES == sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("name", SEED_NAMES)
def test_structure_seed_date(name):
    doc, want = _doc(name), SEED_EXPECTED[name]
    assert doc.date == want["date"]
    start, end = doc.date_span
    assert doc.text[start:end] == want["date_text"]
    assert doc.year == int(want["date"][:4])


def test_structure_seed_blank_date_is_explained_in_a_warning():
    doc = _doc("004_29ef86805054f4de.txt")
    assert doc.date_span == (65, 69)  # the gold DATE mention "2025" of the Vastgesteld line
    assert any("blank" in w and "2025-05-16" in w for w in doc.warnings)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_structure_seed_genre(name):
    assert _doc(name).genre == SEED_EXPECTED[name]["genre"]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_structure_seed_title(name):
    assert _doc(name).title == SEED_EXPECTED[name]["title"]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_structure_seed_references(name):
    doc = _doc(name)
    got = [(r.text, r.id, r.role) for r in doc.references]
    assert got == SEED_EXPECTED[name]["refs"]
    for r in doc.references:
        assert doc.text[r.start:r.end] == r.text
    assert [r.start for r in doc.references] == sorted(r.start for r in doc.references)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_structure_seed_signatories(name):
    doc = _doc(name)
    assert [(s.name, s.office) for s in doc.signatories] == SEED_EXPECTED[name]["signatories"]
    for s in doc.signatories:
        assert doc.text[s.start:s.end] == s.name


def _gold(name: str) -> dict:
    return json.loads((GOLD / name.replace(".txt", ".json")).read_text(encoding="utf-8"))


def _numeric_id(entity_id: str) -> bool:
    return entity_id.startswith(("kst-", "stcrt-", "stb-", "MINDEF")) or (
        len(entity_id) == 10 and entity_id[:4].isdigit() and entity_id[4] in "ZD"
    )


@pytest.mark.parametrize("name", SEED_NAMES)
def test_structure_find_references_equals_gold_numeric_document_mentions(name):
    """Every numeric DOCUMENT mention of the gold, exactly, and nothing else (named
    publications such as "Stand van Defensie" are the NER stage's)."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    gold = {
        (e["start"], e["end"], e["id"])
        for e in _gold(name)["entities"]
        if e["label"] == "DOCUMENT" and _numeric_id(e["id"])
        and not (e["text"][:1].isalpha() and e["text"].split()[0] in {"Ontwerpbegroting", "Beleidsbrief"})
    }
    got = {(r.start, r.end, r.id) for r in find_references(text)}
    assert got == gold


@pytest.mark.parametrize("name", SEED_NAMES)
def test_structure_seed_signatories_match_gold_persons_and_offices(name):
    gold = _gold(name)
    offices = {(f["subject"], f["object"]) for f in gold["facts"] if f["predicate"] == "holdsOffice"}
    persons = {(e["start"], e["end"]): e["id"] for e in gold["entities"] if e["label"] == "PERSON"}
    doc = _doc(name)
    for s in doc.signatories:
        assert (s.start, s.end) in persons  # the name span is the gold PERSON span
        assert (f"PERSON:{persons[(s.start, s.end)]}", s.office) in offices


# --- references ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cited", "ref_id"),
    [
        ("zie Kamerstuk 22 054, nr. 454.", "Kamerstuk 22 054, nr. 454", "kst-22054-454"),
        ("(Kamerstuk 22 054, nr. \n453, dd. 17 februari 2025)", "Kamerstuk 22 054, nr. \n453", "kst-22054-453"),
        ("(Kamerstukken II 2021/22, 36021, \nnr.6; I", "Kamerstukken II 2021/22, 36021, \nnr.6", "kst-36021-6"),
        ("nr.6; I 2022/23, 36021, B). Elke", "I 2022/23, 36021, B", "kst-36021-B"),
        ("(Kamerstuk 36800-X, nr.78) zet", "Kamerstuk 36800-X, nr.78", "kst-36800-X-78"),
        ("2025 (36 725 X nr. 6) en", "36 725 X nr. 6", "kst-36725-X-6"),
        ("aan de Kamer (36 800-X34) van", "36 800-X34", "kst-36800-X-34"),
        ("motie Van Baarle (21 501-02, nr. 2943) is", "21 501-02, nr. 2943", "kst-21501-02-2943"),
        ("(Kamerstuk 33.279-40).", "Kamerstuk 33.279-40", "kst-33279-40"),
        ("jaar 2026 (Kamerstuk 36800-K)**", "Kamerstuk 36800-K", "kst-36800-K"),
        ("3 Stcrt 2025 nr. 11446. ", "Stcrt 2025 nr. 11446", "stcrt-2025-11446"),
        ("(Stcrt. 2025, 11446)", "Stcrt. 2025, 11446", "stcrt-2025-11446"),
        ("Staatscourant 2024, nr. 12345", "Staatscourant 2024, nr. 12345", "stcrt-2024-12345"),
        ("(Stb. 2021, 77)", "Stb. 2021, 77", "stb-2021-77"),
        ("antwoorden (Kamerstuk 2024Z13849) genoemde", "Kamerstuk 2024Z13849", "2024Z13849"),
        ("vragen 2024Z13849 van", "2024Z13849", "2024Z13849"),
        ("de brief (2025D12345) over", "2025D12345", "2025D12345"),
        ("16 april 2026 (MINDEF20260028717).", "MINDEF20260028717", "MINDEF20260028717"),
        ("Kamerstuk 21 501-28, nr. 269", "Kamerstuk 21 501-28, nr. 269", "kst-21501-28-269"),
        ("(Kamerstuk 36\u00a0600 X, nr. 5)", "Kamerstuk 36\u00a0600 X, nr. 5", "kst-36600-X-5"),
    ],
)
def test_structure_reference_patterns(text, cited, ref_id):
    refs = find_references(text)
    assert [(r.text, r.id) for r in refs] == [(cited, ref_id)]
    assert text[refs[0].start:refs[0].end] == cited


def test_structure_reference_number_lists_give_one_reference_each():
    text = "(Kamerstuk 22 054, nrs. 381 en 382)"
    assert [(r.text, r.id) for r in find_references(text)] == [
        ("Kamerstuk 22 054, nrs. 381", "kst-22054-381"), ("382", "kst-22054-382")]


@pytest.mark.parametrize(
    "text",
    [
        "€ 68,5 M 1,6%", "1 januari 2022 - 31 december 2022", "2594 AC Den Haag", "Postbus 20701",
        "een kenmerkend verschil", "in 2025 zijn 20 000 vergunningen verleend", "artikel 15, nr. 3",
        "in dossier 22 054 Wapenexportbeleid staat het", "Kamerstukken aangaande de samenwerking",
        "het jaar 2025-2026", "tel. 070 318 8188",
    ],
)
def test_structure_reference_patterns_ignore_lookalikes(text):
    assert find_references(text) == []


@pytest.mark.parametrize(
    ("text", "ref_id", "role"),
    [
        ("Onze referentie\nMINDEF20250022706\n", "MINDEF20250022706", "self"),
        ("Ons kenmerk BZ2512345\n", "BZ2512345", "self"),
        ("Deze vragen werden ingezonden op\u00a07 mei 2025\u00a0met kenmerk\u00a02025Z08791.\n", "2025Z08791", "self"),
        ("Aanhangsel van de Handelingen\n\n2025Z08791\n\nAntwoord van", "2025Z08791", "self"),
        ("x" * 3500 + " zie de vragen met kenmerk 2024Z13849.", "2024Z13849", "cited"),
    ],
)
def test_structure_reference_roles(text, ref_id, role):
    refs = [r for r in find_references(text) if r.id == ref_id]
    assert len(refs) == 1 and refs[0].role == role


TK_BRIEF = """Tweede Kamer der Staten-Generaal 2
Vergaderjaar 2024–2025

22 054 Wapenexportbeleid

Nr. 454 BRIEF VAN DE MINISTER VOOR BUITENLANDSE HANDEL EN
ONTWIKKELINGSHULP

Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Den Haag, 7 april 2025

Het kabinet heeft besloten (Kamerstuk 22 054, nrs. 381 en 382) de vergunningen aan te passen.

De minister voor Buitenlandse Handel en Ontwikkelingshulp,
R.J. Klever

kst-22054-454
ISSN 0921 - 7371
’s-Gravenhage 2025 Tweede Kamer, vergaderjaar 2024–2025, 22 054, nr. 454 1
"""

TK_VSO = """22 054 Wapenexportbeleid

Nr. 455 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG

Vastgesteld 3 juni 2025

Binnen de vaste commissie voor Buitenlandse Handel en
Ontwikkelingshulp hebben enkele fracties de behoefte vragen voor te leggen.

De voorzitter van de commissie,
De Vries

Adjunct-griffier van de commissie,
Van der Graaf

Inbreng leden van de VVD-fractie
Tekst.
Inbreng leden van de SP-fractie
Tekst.
"""

TK_NOTA = """36 600 X Vaststelling van de begrotingsstaten van het Ministerie van
Defensie (X) voor het jaar 2025

Nr. 12 NOTA NAAR AANLEIDING VAN HET VERSLAG

Ontvangen 15 november 2024

1. Waarom? Daarom.

De Minister van Defensie,
R.P. Brekelmans

De Staatssecretaris van Defensie,
G.P. Tuinman
"""

RIJKS_BRIEF = """> Retouradres Postbus 20061 2500 EB Den Haag

Aan de Voorzitter van de
Tweede Kamer der Staten-Generaal
Prinses Irenestraat 6
Den Haag

Datum 7 april 2025
Betreft Aanpassing algemene vergunningen NL007 en NL010
en intrekking NL002

Onze referentie
BZ2512345

Geachte voorzitter,

Hierbij informeer ik u over de aanpassing.

De minister voor Buitenlandse Handel
en Ontwikkelingshulp,



Reinette Klever
"""

AANHANGSEL = """Aanhangsel van de Handelingen
Vragen gesteld door de leden der Kamer, met de daarop door de regering gegeven antwoorden

2025Z08791

Vragen van het lid Dobbe (SP) aan de minister van Defensie over een oefening (ingezonden 7 mei 2025).

Antwoord van minister Brekelmans (Defensie) (ontvangen 16 juni 2025)

Vraag 1
Bent u op de hoogte van het bericht?

Antwoord 1
Ja.
"""


def test_structure_tweede_kamer_header_gives_dossier_and_paper_number():
    doc = _analysed(TK_BRIEF)
    got = [(r.text, r.id, r.role) for r in doc.references]
    assert got == [
        ("22 054", "kst-22054", "self"),
        ("Nr. 454", "kst-22054-454", "self"),
        ("Kamerstuk 22 054, nrs. 381", "kst-22054-381", "cited"),
        ("382", "kst-22054-382", "cited"),
        ("kst-22054-454", "kst-22054-454", "self"),
        ("22 054, nr. 454", "kst-22054-454", "self"),  # the page footer names the paper itself
    ]
    for r in doc.references:
        assert doc.text[r.start:r.end] == r.text


def test_structure_find_paper_number_letter_and_number():
    eerste_kamer = "Vergaderjaar 2025-2026\n\n**36 800 K** Vaststelling van iets\n\n**D** **NOTA NAAR AANLEIDING VAN HET VERSLAG**\n"
    ref = find_paper_number(eerste_kamer)
    assert (ref.text, ref.id, ref.role) == ("D", "kst-36800-K-D", "self")
    assert find_paper_number(TK_VSO).id == "kst-22054-455"
    assert find_paper_number("Geachte voorzitter,\n\nNr. 5 BRIEF\n") is None


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso", "span_text"),
    [
        ("Datum 16 juni 2025\nBetreft x", "2025-06-16", "16 juni 2025"),
        ("Datum\n16 juni 2025\n", "2025-06-16", "16 juni 2025"),
        ("Aan de Voorzitter\n\nDen Haag, 7 april 2025\n", "2025-04-07", "7 april 2025"),
        ("NOTA\nOntvangen 21 mei 2026\n", "2026-05-21", "21 mei 2026"),
        ("VERSLAG\nVastgesteld 3 juni 2025\n", "2025-06-03", "3 juni 2025"),
        ("Antwoord van minister X (ontvangen 16 juni 2025)\n", "2025-06-16", "16 juni 2025"),
        ("\n 28 oktober 2025 \n \n1. Welk materieel?", "2025-10-28", "28 oktober 2025"),
        ("Vastgesteld …………. 2025\n\nDe op 16 mei 2025 toegezonden vragen", "2025", "2025"),
        # the Datum line wins over an earlier date in the text
        ("Brief van 1 maart 2024 ontvangen.\nDatum 16 juni 2025\n", "2025-06-16", "16 juni 2025"),
    ],
)
def test_structure_date_rules(text, iso, span_text):
    got, span, _warning = find_date(text)
    assert got == iso
    assert text[span[0]:span[1]] == span_text


def test_structure_date_none_when_not_in_header():
    assert find_date("Een tekst zonder kop.\nIn de tekst staat 7 april 2025.\n") == (None, None, None)


def test_structure_date_rules_are_ordered_data():
    assert [r.name for r in DATE_RULES][0] == "Datum"


# --- genre ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "genre"),
    [
        ("**D** **NOTA NAAR AANLEIDING VAN HET VERSLAG**\n\n1. Vraag?\nAntwoord.\n", "nota-naar-aanleiding-van-verslag"),
        ("Nota naar aanleiding van het verslag\n", "nota-naar-aanleiding-van-verslag"),
        (" INBRENG VERSLAG VAN EEN SCHRIFTELIJK OVERLEG\n\nVastgesteld 3 juni 2025\n", "verslag-schriftelijk-overleg"),
        ("Inbreng leden van de PVV-fractie\nx\nInbreng leden van de SP-fractie\ny\n", "verslag-schriftelijk-overleg"),
        ("Geachte voorzitter,\n\nBetreft Beantwoording vragen van het lid Dobbe\n", "antwoorden-kamervragen"),
        ("Antwoorden van de Ministers van Buitenlandse Zaken en Defensie op vragen van\u00a0het \nlid Dobbe",
         "antwoorden-kamervragen"),
        ("Vraag 1\n\nBent u bekend met het bericht?\n\nAntwoord\n\nJa.\n", "antwoorden-kamervragen"),
        (AANHANGSEL, "antwoorden-kamervragen"),
        ("Betreft Leveringen aan Oekraïne\n\nGeachte voorzitter,\n\nHierbij.\n", "brief"),
        (TK_BRIEF, "brief"),
        (" 28 oktober 2025\n\n1. Welk materieel\nis gekocht?\nAntwoord.\n2. Hoeveel geld?\nVeel.\n"
         "3. Welk percentage?\nWeinig.\n", "antwoorden-kamervragen"),
        ("Persbericht\n\nDe minister heeft vandaag een bezoek gebracht.\n", "overig"),
    ],
)
def test_structure_genre_rules(text, genre):
    assert classify_genre(text)[0] == genre


def test_structure_genre_rules_are_an_ordered_table_of_known_genres():
    assert all(rule.genre in GENRES for rule in GENRE_RULES)
    order = [rule.genre for rule in GENRE_RULES]
    # answers to Kamervragen are tested before the letter markers that a cover letter also has
    assert order.index("antwoorden-kamervragen") < order.index("brief")
    assert order[0] == "nota-naar-aanleiding-van-verslag"


# --- title ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (RIJKS_BRIEF, "Aanpassing algemene vergunningen NL007 en NL010 en intrekking NL002"),
        (TK_BRIEF, "Wapenexportbeleid"),
        (TK_NOTA, "Vaststelling van de begrotingsstaten van het Ministerie van Defensie (X) voor het jaar 2025"),
        ("\n# Wapenexport in 2024\n\nTekst.\n", "Wapenexport in 2024"),
        ("**Jaarrapportage wapenexport**\n\nTekst.\n", "Jaarrapportage wapenexport"),
        (" 28 oktober 2025 \n\n1. Welk militair materieel?\n", None),
    ],
)
def test_structure_title_rules(text, title):
    assert find_title(text) == title


# --- signatories ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TK_BRIEF, [("R.J. Klever", "minister voor Buitenlandse Handel en Ontwikkelingshulp")]),
        (RIJKS_BRIEF, [("Reinette Klever", "minister voor Buitenlandse Handel en Ontwikkelingshulp")]),
        (TK_VSO, [("De Vries", "voorzitter van de vaste commissie voor Buitenlandse Handel en Ontwikkelingshulp"),
                  ("Van der Graaf", "adjunct-griffier van de vaste commissie voor Buitenlandse Handel en Ontwikkelingshulp")]),
        (TK_NOTA, [("R.P. Brekelmans", "minister van Defensie"), ("G.P. Tuinman", "staatssecretaris van Defensie")]),
        # two columns on one line, names separated by a single space
        ("Hoogachtend,\n\nDe minister van Buitenlandse Zaken, De minister voor Buitenlandse Handel en\n"
         "Ontwikkelingshulp,\n\n\n\nCaspar Veldkamp Reinette Klever\n",
         [("Caspar Veldkamp", "minister van Buitenlandse Zaken"),
          ("Reinette Klever", "minister voor Buitenlandse Handel en Ontwikkelingshulp")]),
        # name before office
        ("Met vriendelijke groet,\n\nRuben Brekelmans\nMinister van Defensie\n", [("Ruben Brekelmans", "minister van Defensie")]),
        # offices in running text and address blocks are no signature
        ("de Voorzitter van de Tweede Kamer\nder Staten-Generaal\nBezuidenhoutseweg 67\n", []),
        ("Mede namens de minister van Buitenlandse Zaken informeer ik u\nRuben Brekelmans\n", []),
        ("Hoogachtend,\n\nDe minister van Defensie.\nTraining\n", []),
    ],
)
def test_structure_signature_blocks(text, expected):
    sigs = find_signatories(text)
    assert [(s.name, s.office) for s in sigs] == expected
    for s in sigs:
        assert text[s.start:s.end] == s.name


# --- robustness ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        " " * 200_000, "1 " * 100_000, "22 054 " * 30_000, "Kamerstuk " * 30_000, "Kamerstuk 22 054, nr. \n" * 10_000,
        "\n" * 200_000, "1. aaa\n" * 30_000, "De minister van Defensie,\n" * 10_000,
        "Hoogachtend,\n\nDE MINISTER VAN DEFENSIE\n\nRuben Brekelmans\n" * 3_000,
        "vaste commissie voor " + "Aa " * 50_000, "Datum " + "1 " * 50_000, "kenmerk " + "A1" * 50_000,
        "Vraag 1\n" * 20_000, "1. Antwoord van het kabinet:\n" * 15_000, "1 a\n\n" * 20_000,
        "a1 b\n\n1 Noot\n\n" * 10_000, "de leden van de " * 40_000, "het lid " + "Aa " * 50_000,
        "Inbreng leden van de PVV-fractie\n\n" * 10_000,
    ],
    ids=lambda t: repr(t[:20]),
)
def test_structure_analyse_is_fast_on_pathological_text(text):
    t0 = time.perf_counter()
    _analysed(text)
    assert time.perf_counter() - t0 < 2.0


def test_structure_analyse_on_empty_text():
    doc = _analysed("")
    assert (doc.date, doc.genre, doc.title, doc.references, doc.signatories) == (None, "overig", None, [], [])


# --- committee and chamber ------------------------------------------------------------------

SEED_COMMITTEE_CHAMBER = {
    "000_895f2254901843f9.txt": (None, "Tweede Kamer"),
    "001_a2e5f6ec0b9d6b0c.txt": (None, "Eerste Kamer"),  # lettered paper 36 800 K, D
    "002_0cfafbe4f11d88db.txt": (None, "Tweede Kamer"),
    "003_d40e4f6b6bf2e055.txt": (None, "Tweede Kamer"),
    "004_29ef86805054f4de.txt": ("vaste commissie voor Buitenlandse Handel en Ontwikkelingshulp", "Tweede Kamer"),
}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_structure_seed_committee_and_chamber(name):
    doc = _doc(name)
    assert (doc.committee, doc.chamber) == SEED_COMMITTEE_CHAMBER[name]


@pytest.mark.parametrize(
    ("text", "committee"),
    [
        ("De vaste commissie voor Defensie heeft een aantal vragen voorgelegd.", "vaste commissie voor Defensie"),
        ("Binnen de vaste commissie voor Buitenlandse\nHandel en Ontwikkelingshulp hebben enkele fracties",
         "vaste commissie voor Buitenlandse Handel en Ontwikkelingshulp"),
        ("Aan de Algemene commissie voor Economische Zaken en Klimaat", "algemene commissie voor Economische Zaken en Klimaat"),
        ("Geachte voorzitter,\n\nHierbij zend ik u de brief.", None),
    ],
)
def test_structure_committee(text, committee):
    assert find_committee(text) == committee


@pytest.mark.parametrize(
    ("text", "genre", "chamber"),
    [
        ("Aan de Voorzitter van de Eerste Kamer der Staten-Generaal\n\nGeachte voorzitter,", "brief", "Eerste Kamer"),
        ("de Voorzitter van de Tweede Kamer\nder Staten-Generaal\n", "brief", "Tweede Kamer"),
        ("tekst\nEerste Kamer, vergaderjaar 2025–2026, 36 800 K, D 4\ntekst", "overig", "Eerste Kamer"),
        ("tekst\nTweede Kamer, vergaderjaar 2024–2025, 22 054, nr. 454 3\ntekst", "overig", "Tweede Kamer"),
        ("**36 800 K** Vaststelling van de begrotingsstaat\n\n**D** **NOTA NAAR AANLEIDING VAN HET VERSLAG**\n",
         "nota-naar-aanleiding-van-verslag", "Eerste Kamer"),
        ("22 054 Wapenexportbeleid\n\nNr. 455 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG\n", "verslag-schriftelijk-overleg",
         "Tweede Kamer"),
        ("1. Waarom?\nDaarom.", "antwoorden-kamervragen", "Tweede Kamer"),
        ("Een tekst zonder kenmerken.", "overig", None),
    ],
)
def test_structure_chamber(text, genre, chamber):
    assert find_chamber(text, genre)[0] == chamber


def test_structure_analyse_fills_questions_and_debris():
    doc = _doc("002_0cfafbe4f11d88db.txt")
    assert [q.key for q in doc.questions] == [str(n) for n in range(1, 12)]
    assert {q.asker for q in doc.questions} == {"PERSON:Dobbe"}
    assert [doc.text[s:e] for s, e in doc.debris][-1] == "Pagina 5 van 4"
    assert len(doc.footnotes) == 1 and doc.text[slice(*doc.footnotes[0])].startswith("1 U.S. Army")
