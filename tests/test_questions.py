"""policy_kg.questions: numbered questions, answers and askers in the forms of answers to
Kamervragen, verslagen schriftelijk overleg and nota's naar aanleiding van het verslag
(small documents written for these tests), and on the five seeds against the gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policy_kg.model import Document
from policy_kg.questions import asked_by_facts, faction_id, find_questions
from policy_kg.structure import analyse

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"


def _q(text: str) -> dict:
    return {q.key: q for q in find_questions(text)}


def _span(text: str, start: int | None, end: int | None) -> str | None:
    return None if start is None else text[start:end]


# --- labelled: "Vraag n" / "Antwoord" -------------------------------------------------------

LABELLED = """Antwoorden van de minister van Defensie op vragen van de leden Piri en Paternotte (beiden GroenLinks-PvdA) over wapenexport.

Vraag 1
Kent u het bericht over de export van onderdelen?

Antwoord 1
Ja.

Vraag 2: Deelt u de mening dat de export moet stoppen?

Antwoord op vraag 2
Nee.

Vraag 3
Waarom niet?

Vraag 4
Wanneer
informeert u de Kamer?

Antwoord op vragen 3 en 4
Dat doe ik voor de zomer.

Vraag 5
Bent u bereid deze vragen te beantwoorden?

Antwoord:
Zie het antwoord op vraag 1.
"""


def test_questions_labelled_question_and_answer_texts():
    qs = _q(LABELLED)
    assert list(qs) == ["1", "2", "3", "4", "5"]
    want = {
        "1": ("Kent u het bericht over de export van onderdelen?", "Ja."),
        "2": ("Deelt u de mening dat de export moet stoppen?", "Nee."),
        "3": ("Waarom niet?", "Dat doe ik voor de zomer."),
        "4": ("Wanneer\ninformeert u de Kamer?", "Dat doe ik voor de zomer."),
        "5": ("Bent u bereid deze vragen te beantwoorden?", "Zie het antwoord op vraag 1."),
    }
    for key, (question, answer) in want.items():
        q = qs[key]
        assert (LABELLED[q.start:q.end], _span(LABELLED, q.answer_start, q.answer_end)) == (question, answer)


def test_questions_labelled_grouped_answer_and_reference():
    qs = _q(LABELLED)
    assert qs["3"].answered_with == ("4",)
    assert qs["4"].answered_with == ("3",)
    assert qs["1"].answered_with == ()
    assert qs["5"].answer_refers_to == ("1",)


def test_questions_two_members_of_one_faction_both_ask():
    qs = _q(LABELLED)
    for q in qs.values():
        assert q.askers == ("PERSON:Piri", "PERSON:Paternotte")
        assert q.asker == "PERSON:Piri"
        assert "de leden Piri en Paternotte (beiden GroenLinks-PvdA)" in LABELLED[q.asker_span[0]:q.asker_span[1]]


@pytest.mark.parametrize(
    ("label", "answered"),
    [
        ("Antwoord vraag 4 & 5", ("4", "5")),
        ("Antwoord op vragen 4 en 5", ("4", "5")),
        ("Antwoorden op vragen 4, 5 en 6", ("4", "5", "6")),
        ("Antwoord op vraag 4 t/m 6", ("4", "5", "6")),
        ("**Antwoord vraag 5**", ("5",)),
    ],
)
def test_questions_grouped_answer_labels(label, answered):
    text = "".join(f"Vraag {n}\nIs dit vraag {n}?\n\n" for n in (4, 5, 6)) + f"{label}\nDit is het antwoord.\n"
    qs = _q(text)
    for key in answered:
        q = qs[key]
        assert _span(text, q.answer_start, q.answer_end) == "Dit is het antwoord."
        assert set(q.answered_with) == set(answered) - {key}
    for key in set(qs) - set(answered):
        assert qs[key].answer_start is None


@pytest.mark.parametrize(
    ("answer", "refers"),
    [
        ("Zie het antwoord op vraag 1.", ("1",)),
        ("Zie antwoord op vraag 1 en 2.", ("1", "2")),
        ("Zie ook het antwoord op vraag 2: dat geldt hier ook.", ("2",)),
        ("Zoals toegelicht onder vraag 1, is dat zo.", ("1",)),
        ("Het antwoord is nee.", ()),
    ],
)
def test_questions_answer_by_reference(answer, refers):
    text = f"Vraag 1\nA?\n\nAntwoord\nJa.\n\nVraag 2\nB?\n\nAntwoord\nNee.\n\nVraag 3\nC?\n\nAntwoord\n{answer}\n"
    assert _q(text)["3"].answer_refers_to == refers


def test_questions_label_words_inside_sentences_are_no_labels():
    text = ("Vraag 1\nKunt u antwoord geven?\n\nAntwoord\nAntwoord geven op deze vraag\nkost tijd. Vraag 2 komt later.\n\n"
            "Vraag 2\nEn nu?\n\nAntwoord\nNu.\n")
    qs = _q(text)
    assert list(qs) == ["1", "2"]
    assert _span(text, qs["1"].answer_start, qs["1"].answer_end) == \
        "Antwoord geven op deze vraag\nkost tijd. Vraag 2 komt later."


# --- answer-numbered: inbreng, then "n. Antwoord van het kabinet:" ----------------------------

VERSLAG = """VERSLAG VAN EEN SCHRIFTELIJK OVERLEG

De vaste commissie voor Defensie heeft een aantal vragen voorgelegd.

I. Vragen en opmerkingen vanuit de fracties

Inbreng leden van de VVD-fractie

De leden van de VVD-fractie hebben kennisgenomen van de brief. Zij vragen de minister hoe de
export naar Israël wordt getoetst en of de

Tweede Kamer, vergaderjaar 2024–2025, 22 054, nr. 455 2

minister bereid is dit toe te lichten.

1. Antwoord van het kabinet:
Elke aanvraag wordt getoetst.

Een tweede alinea van het antwoord.

Gevolgen voor bedrijven

En wat betekent dit voor bedrijven?
2. Antwoord van het kabinet:
Weinig.

Inbreng leden van de BBB-fractie

De leden van de BBB-fractie maken zich zorgen.

Vragen van het lid Dobbe (SP)

Het lid Dobbe wil weten waarom de export niet stopt?

3. Antwoord van het kabinet:
Zie antwoord op vraag 1.

II. Reactie van de minister

Slotopmerking van de minister.
"""


def test_questions_answer_numbered_keys_spans_and_askers():
    qs = _q(VERSLAG)
    assert list(qs) == ["1", "2", "3"]
    q1, q2, q3 = qs["1"], qs["2"], qs["3"]
    assert VERSLAG[q1.start:q1.end].startswith("De leden van de VVD-fractie hebben kennisgenomen")
    assert VERSLAG[q1.start:q1.end].endswith("minister bereid is dit toe te lichten.")
    assert _span(VERSLAG, q1.answer_start, q1.answer_end) == "Elke aanvraag wordt getoetst.\n\nEen tweede alinea van het antwoord."
    assert VERSLAG[q2.start:q2.end] == "En wat betekent dit voor bedrijven?"
    assert _span(VERSLAG, q2.answer_start, q2.answer_end) == "Weinig."
    assert VERSLAG[q3.start:q3.end] == "Het lid Dobbe wil weten waarom de export niet stopt?"
    assert _span(VERSLAG, q3.answer_start, q3.answer_end) == "Zie antwoord op vraag 1."
    assert q3.answer_refers_to == ("1",)
    assert [q.asker for q in qs.values()] == ["FACTION:VVD", "FACTION:VVD", "PERSON:Dobbe"]
    assert q2.section == "Inbreng leden van de VVD-fractie"
    assert VERSLAG[slice(*q2.asker_span)] == "Inbreng leden van de VVD-fractie"
    assert VERSLAG[slice(*q3.asker_span)] == "Vragen van het lid Dobbe (SP)"


def test_questions_page_header_inside_a_question_does_not_split_it():
    q1 = _q(VERSLAG)["1"]
    header = VERSLAG.index("Tweede Kamer, vergaderjaar")
    assert q1.start < header < q1.end


def test_questions_inbreng_without_answer_is_no_question():
    # the BBB section has no numbered answer: no question carries BBB, none starts in it
    qs = _q(VERSLAG)
    bbb = VERSLAG.index("De leden van de BBB-fractie")
    assert all(q.asker != "FACTION:BBB" for q in qs.values())
    assert all(not (q.start <= bbb < q.end) for q in qs.values())


# --- numbered questions in a nota ------------------------------------------------------------

NOTA = """NOTA NAAR AANLEIDING VAN HET VERSLAG

Vragen en opmerkingen van de leden van de SP-fractie

**1.**
Waarom kiest de regering voor deze aanpak?

Omdat dit de beste aanpak is.

**2.** Hoeveel kost dit, zo vragen de leden van de D66-fractie.

Dit kost niets.

3. Wanneer wordt de Kamer geïnformeerd?

Voor de zomer.

De leden van de CDA-fractie hebben kennisgenomen van het wetsvoorstel. Zij hebben nog enkele vragen.

4. Kan de regering dit toelichten?

Zie het antwoord op vraag 1.
"""


def test_questions_nota_bold_and_plain_numbers():
    qs = _q(NOTA)
    assert list(qs) == ["1", "2", "3", "4"]
    assert [NOTA[q.start:q.end] for q in qs.values()] == [
        "Waarom kiest de regering voor deze aanpak?",
        "Hoeveel kost dit, zo vragen de leden van de D66-fractie.",
        "Wanneer wordt de Kamer geïnformeerd?",
        "Kan de regering dit toelichten?",
    ]
    assert _span(NOTA, qs["3"].answer_start, qs["3"].answer_end) == "Voor de zomer."


def test_questions_nota_askers_section_inline_and_opening_paragraph():
    qs = _q(NOTA)
    # a question that names its faction keeps it to itself; the section goes on after it
    assert [q.asker for q in qs.values()] == ["FACTION:SP", "FACTION:D66", "FACTION:SP", "FACTION:CDA"]
    assert NOTA[slice(*qs["4"].asker_span)] == "De leden van de CDA-fractie hebben kennisgenomen van het wetsvoorstel."
    assert NOTA[slice(*qs["2"].asker_span)] == "Hoeveel kost dit, zo vragen de leden van de D66-fractie."


@pytest.mark.parametrize(
    ("heading", "asker"),
    [
        ("Inbreng leden van de PVV-fractie", "FACTION:PVV"),
        ("Inbreng van de leden van de GroenLinks-PvdA-fractie", "FACTION:GroenLinks-PvdA"),
        ("Vragen en opmerkingen van de leden van de SP-fractie", "FACTION:SP"),
        ("**Vragen en opmerkingen van de leden van de SGP-fractie**", "FACTION:SGP"),
        ("2. Inbreng van de leden van de fractie van de ChristenUnie", "FACTION:ChristenUnie"),
        ("Vragen van het lid Dobbe (SP)", "PERSON:Dobbe"),
        ("Vragen van het lid Van der Graaf (ChristenUnie)", "PERSON:Van der Graaf"),
    ],
)
def test_questions_section_heading_gives_the_asker(heading, asker):
    text = f"{heading}\n\n1. Waarom is dat zo?\n\nDaarom.\n\n2. En hoe dan?\n\nZo.\n"
    qs = _q(text)
    assert [q.asker for q in qs.values()] == [asker, asker]
    assert text[slice(*qs["2"].asker_span)] == heading


def test_questions_numbering_restarts_in_a_second_part():
    text = ("28 oktober 2025\n\n1. Wat kost dit?\nVeel.\n\n2. Waarom?\nDaarom.\n\n"
            "7 november 2025\n\n1. Kan dat ook goedkoper?\nNee.\n\n2. Hoe dan?\nZo.\n")
    qs = find_questions(text)
    assert [q.key for q in qs] == ["1", "2", "2.1", "2.2"]
    assert [q.number for q in qs] == ["1", "2", "1", "2"]
    assert [_span(text, q.answer_start, q.answer_end) for q in qs] == ["Veel.", "Daarom.", "Nee.", "Zo."]


def test_questions_answer_on_the_next_line_after_the_question_mark():
    text = "1. Welk materieel is\ngekocht? En van wie?\nDefensie kocht veel.\nOok dit jaar.\n\n2. Hoeveel\nkostte het?\nVeel.\n"
    qs = _q(text)
    assert text[qs["1"].start:qs["1"].end] == "Welk materieel is\ngekocht? En van wie?"
    assert _span(text, qs["1"].answer_start, qs["1"].answer_end) == "Defensie kocht veel.\nOok dit jaar."


def test_questions_question_without_answer_is_answered_with_the_next():
    text = "1. Wat kost dit?\n2. En wat kost dat?\nSamen kost het weinig.\n\n3. Klopt dat?\nJa.\n"
    qs = _q(text)
    assert qs["1"].answered_with == ("2",) and qs["2"].answered_with == ("1",)
    assert _span(text, qs["1"].answer_start, qs["1"].answer_end) == "Samen kost het weinig."


def test_questions_a_list_in_the_question_belongs_to_it():
    text = "1. Kan de regering een overzicht geven van:\n\n- de uitgaven;\n- de inkomsten?\n\nJa.\n\n2. En verder?\n\nNee.\n"
    q = _q(text)["1"]
    assert text[q.start:q.end].endswith("- de inkomsten?")
    assert _span(text, q.answer_start, q.answer_end) == "Ja."


def test_questions_numbered_statements_are_no_questions():
    text = "Het kabinet neemt drie maatregelen.\n\n1. Een verbod op export.\n\n2. Een nieuwe regeling.\n\n3. Meer toezicht.\n"
    assert find_questions(text) == []


# --- askers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "fid"),
    [
        ("PVV-fractie", "PVV"),
        ("GroenLinks-PvdA-fractie", "GroenLinks-PvdA"),
        ("GroenLinks-PvdA fractie", "GroenLinks-PvdA"),
        ("GroenLinks–PvdA", "GroenLinks-PvdA"),
        ("SGP-\nfractie", "SGP"),
        ("fractie van de VVD", "VVD"),
        ("ChristenUnie", "ChristenUnie"),
        ("Partij voor de Dieren", "PvdD"),
        ("Piratenpartij-fractie", None),
    ],
)
def test_questions_faction_id_of_surface_forms(surface, fid):
    assert faction_id(surface) == fid


@pytest.mark.parametrize(
    ("sentence", "asker"),
    [
        ("Hoe staat het daarmee, zo vragen de leden van de Volt-fractie.", "FACTION:Volt"),
        ("De leden van de SP-fractie vragen of dit klopt?", "FACTION:SP"),
        ("Het lid Dobbe (SP) vraagt of dit klopt?", "PERSON:Dobbe"),
        ("Klopt het dat de motie van het lid Teunissen (PvdD) is aangenomen?", None),
        ("Klopt het dat verzoeken van onder andere de leden van de SP-fractie zijn afgewezen?", None),
    ],
)
def test_questions_inline_asker_only_when_they_ask(sentence, asker):
    text = f"1. {sentence}\n\nJa.\n\n2. Waarom?\n\nDaarom.\n"
    assert _q(text)["1"].asker == asker
    assert _q(text)["2"].asker is None


def test_questions_asked_by_facts_cite_the_text_naming_the_asker():
    doc = analyse(Document(id="v.txt", text=VERSLAG))
    facts = asked_by_facts(doc)
    assert [(f.subject, f.object) for f in facts] == [
        ("QUESTION:v.txt#1", "FACTION:VVD"), ("QUESTION:v.txt#2", "FACTION:VVD"), ("QUESTION:v.txt#3", "PERSON:Dobbe"),
    ]
    for f in facts:
        assert f.predicate == "askedBy"
        name = f.object.split(":", 1)[1]
        assert name in VERSLAG[f.start:f.end]


def test_questions_asked_by_facts_one_per_asker():
    doc = analyse(Document(id="a.txt", text=LABELLED))
    facts = asked_by_facts(doc)
    assert len(facts) == 10
    assert {f.object for f in facts} == {"PERSON:Piri", "PERSON:Paternotte"}


# --- the seeds against the gold --------------------------------------------------------------

SEED_COUNTS = {
    "000_895f2254901843f9.txt": 10,  # two parts: 6 + 4, the second keyed 2.1 ... 2.4
    "001_a2e5f6ec0b9d6b0c.txt": 22,
    "002_0cfafbe4f11d88db.txt": 11,
    "003_d40e4f6b6bf2e055.txt": 0,
    "004_29ef86805054f4de.txt": 55,
}


def _seed(name: str) -> Document:
    return analyse(Document(id=name, text=(SEEDS / name).read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", sorted(SEED_COUNTS))
def test_questions_seed_counts_and_unique_keys(name):
    doc = _seed(name)
    keys = [q.key for q in doc.questions]
    assert len(keys) == SEED_COUNTS[name]
    assert len(set(keys)) == len(keys)
    for q in doc.questions:
        assert q.start < q.end
        if q.answer_start is not None:
            assert q.end <= q.answer_start < q.answer_end


@pytest.mark.parametrize("name", sorted(SEED_COUNTS))
def test_questions_seed_askers_equal_gold_asked_by(name):
    gold = json.loads((GOLD / name.replace(".txt", ".json")).read_text(encoding="utf-8"))
    want = {(f["subject"], f["object"]) for f in gold["facts"] if f["predicate"] == "askedBy"}
    doc = _seed(name)
    assert {(f.subject, f.object) for f in asked_by_facts(doc)} == want


@pytest.mark.parametrize("name", sorted(SEED_COUNTS))
def test_questions_seed_evidence_holds_a_gold_mention_of_the_asker(name):
    gold = json.loads((GOLD / name.replace(".txt", ".json")).read_text(encoding="utf-8"))
    mentions = [(e["start"], e["end"], f"{e['label']}:{e['id']}") for e in gold["entities"]]
    for f in asked_by_facts(_seed(name)):
        assert any(f.start <= s and e <= f.end and ref == f.object for s, e, ref in mentions), f


def test_questions_seed_002_grouped_and_referring_answers():
    qs = {q.key: q for q in _seed("002_0cfafbe4f11d88db.txt").questions}
    assert qs["4"].answered_with == ("5",) and qs["5"].answered_with == ("4",)
    assert qs["7"].answer_refers_to == ("4", "5")
    # the footnote and "Pagina 5 van 4" stay outside the questions they interrupt
    doc = _seed("002_0cfafbe4f11d88db.txt")
    label = doc.text.index("Pagina 5 van 4")
    assert doc.text[qs["10"].start:qs["10"].end].endswith("Zo nee, waarom \nniet?")
    assert qs["10"].end < label < qs["10"].answer_start


def test_questions_seed_004_sections_and_references():
    qs = {q.key: q for q in _seed("004_29ef86805054f4de.txt").questions}
    assert qs["17"].section == "Inbreng leden van de VVD-fractie"
    assert qs["42"].answer_refers_to == ("40", "41")
    assert qs["45"].answer_refers_to == ("44",)
