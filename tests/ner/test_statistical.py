"""The statistical PERSON/ORG/SYSTEM component and its training data generator (no training here)."""

import pytest
from policy_kg.ner import statistical
from policy_kg.ner.pipeline import CANDIDATES, make_nlp
from policy_kg.ner.train import data

TEXTS = [
    "Het lid Jansen (VVD) vroeg de minister van Defensie naar de levering van onderdelen aan Israël.",
    "Vragen van het lid Verhagen (CDA) aan de minister van Buitenlandse Zaken over de export naar Egypte.",
    "De minister van Defensie, Marieke Verhagen",
    "Het bedrijf Noorderlicht Avionics B.V. levert radars aan Turkije; volgens het kabinet is dat toegestaan.",
]


@pytest.fixture(scope="module")
def bare_nlp():
    """The main pipeline's tokenizer without gazetteers or model."""
    return make_nlp(entries=(), statistical=False)


@pytest.fixture(scope="module")
def component(bare_nlp):
    return statistical.make_statistical(bare_nlp, "policy_kg_statistical", None, True)


def _run(bare_nlp, component, text):
    doc = bare_nlp.make_doc(text)
    component(doc)
    return doc.user_data.get(CANDIDATES, [])


def test_statistical_model_ships_with_the_package():
    assert statistical.model_present()
    size = sum(p.stat().st_size for p in statistical.MODEL_DIR.rglob("*") if p.is_file())
    assert size < 8 * 2**20


def test_statistical_pipeline_places_component_before_resolve():
    names = make_nlp(entries=()).pipe_names
    assert names.index("policy_kg_statistical") == names.index("policy_kg_resolve") - 1
    assert "policy_kg_statistical" not in make_nlp(entries=(), statistical=False).pipe_names


@pytest.mark.parametrize("text", TEXTS)
def test_statistical_candidates_are_labelled_low_priority_spans_of_the_text(bare_nlp, component, text):
    cands = _run(bare_nlp, component, text)
    assert cands
    for c in cands:
        assert c.label in statistical.LABELS
        assert c.priority == 0
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start:c.end] == text[c.start:c.end].strip()


@pytest.mark.parametrize("text, name", [
    (TEXTS[0], "Jansen"),
    (TEXTS[1], "Verhagen"),
    (TEXTS[2], "Marieke Verhagen"),
])
def test_statistical_finds_unknown_person_in_typical_context(bare_nlp, component, text, name):
    found = {(text[c.start:c.end], c.id) for c in _run(bare_nlp, component, text) if c.label == "PERSON"}
    assert (name, name) in found


def test_statistical_finds_unknown_company(bare_nlp, component):
    text = TEXTS[3]
    found = {c.id for c in _run(bare_nlp, component, text) if c.label == "ORG"}
    assert any(i.startswith("Noorderlicht Avionics") for i in found)


def test_statistical_skips_stretches_already_claimed(bare_nlp, component):
    from policy_kg.ner import rules

    text = TEXTS[0]
    doc = bare_nlp.make_doc(text)
    start = text.index("Jansen")
    doc.user_data[CANDIDATES] = [rules.Candidate(start, start + 6, "PERSON", "Jan Jansen", 5)]
    component(doc)
    assert [c.priority for c in doc.user_data[CANDIDATES] if c.start == start] == [5]


@pytest.mark.parametrize("label, text, expected", [
    ("PERSON", "minister Veldkamp", "Veldkamp"),
    ("PERSON", "het lid  Van der Graaf", "Van der Graaf"),
    ("PERSON", "Aukje de Vries", "Aukje de Vries"),
    ("SYSTEM", "Iron Dome-luchtafweersysteem", "Iron Dome"),
    ("SYSTEM", "F-16's", "F-16"),
    ("SYSTEM", "F-35", "F-35"),
    ("ORG", "Al-Haq", "Al-Haq"),
    ("ORG", "Human Rights\nWatch", "Human Rights Watch"),
])
def test_statistical_entity_id_drops_titles_and_compound_tails(label, text, expected):
    assert statistical.entity_id(label, text) == expected


@pytest.mark.parametrize("words, max_len, expected", [
    (["Ja", ".", "Het", "kan", "."], 80, [(0, 2), (2, 5)]),
    (["Kan", "dat", "?", "Nee", "."], 80, [(0, 3), (3, 5)]),
    (["de", "heer", ".", "de", "Jong"], 80, [(0, 5)]),
    (["a", "b", "c", "d", "e"], 2, [(0, 2), (2, 4), (4, 5)]),
])
def test_statistical_sentence_bounds(words, max_len, expected):
    assert list(statistical.sentence_bounds(words, max_len=max_len)) == expected


def test_statistical_training_data_is_deterministic(bare_nlp):
    first = data.docbin_bytes(data.synthetic_examples(bare_nlp, n=300), bare_nlp)
    second = data.docbin_bytes(data.synthetic_examples(bare_nlp, n=300), bare_nlp)
    other = data.docbin_bytes(data.synthetic_examples(bare_nlp, n=300, seed=data.SEED + 1), bare_nlp)
    assert first == second
    assert first != other


def test_statistical_training_data_holds_gold_sentences_of_every_seed(bare_nlp):
    examples = data.gold_examples(bare_nlp)
    sources = {ex.source for ex in examples}
    assert len(sources) == len(list(data.GOLD_DIR.glob("*.json")))
    tagged = [ex for ex in examples if "B-PERSON" in ex.ents]
    assert any("Brekelmans" in ex.words for ex in tagged)
    for ex in examples:
        assert {t[2:] for t in ex.ents if t != "O"} <= set(statistical.LABELS)


def test_statistical_synthetic_examples_record_entity_ids(bare_nlp):
    examples = data.synthetic_examples(bare_nlp, n=len(data.TEMPLATES))
    named = [ex for ex in examples if any(t.startswith("B-") for t in ex.ents)]
    assert named and all(ex.ids for ex in named)
    assert all(ex.source == "synthetic" for ex in examples)


@pytest.fixture(scope="module")
def name_filter():
    """A filter from a few knowledge-like entries (no files read)."""
    from policy_kg.ner.knowledge import Entry

    entries = [
        Entry("COUNTRY", "HK", "Hong Kong", ("Hong Kong",)),
        Entry("PLACE", "Palestijnse Gebieden", "Palestijnse Gebieden", ("Palestijnse Gebieden",)),
        Entry("ORG", "Human Rights Watch", "Human Rights Watch", ("Human Rights Watch",)),
        Entry("LAW", "Wiv", "Wet op de inlichtingen- en veiligheidsdiensten", ("Wiv",)),
        Entry("PERSON", "Aukje de Vries", "Aukje de Vries", ("Aukje de Vries",)),
    ]
    return statistical.build_filter(entries)


@pytest.mark.parametrize("label, text, kept", [
    ("PERSON", "Marieke Verhagen", "Marieke Verhagen"),
    ("PERSON", "A.B. van der Meer", "A.B. van der Meer"),
    ("PERSON", "Van der Graaf I.", "Van der Graaf"),             # trailing initials of a list
    ("PERSON", "Aukje de Vries Adjunct", "Aukje de Vries"),      # signature word after the name
    ("PERSON", "Dilan Yeşilgöz - Zegerius", "Dilan Yeşilgöz - Zegerius"),
    ("PERSON", "Hong Kong", None),                               # words of a place
    ("PERSON", "Human Rights", None),                            # words of an organisation
    ("PERSON", "Lightning II", None),
    ("PERSON", "Van de contracten", None),                       # lower-case word: no name
    ("PERSON", "Cuba , Djibouti", None),
    ("ORG", "IT - goederen", None),                              # a guessed compound head
    ("ORG", "Kyiv School of Economics", "Kyiv School of Economics"),
    ("ORG", "Hierop", None),                                     # sentence-opening adverb
    ("ORG", "Als Nederland", None),                              # stop word first
    ("ORG", "Kamer voor het verkiezingsreces geïnformeerd", None),
    ("ORG", "Palestijnse Gebieden", None),                       # a place the knowledge files hold
    ("ORG", "Wiv", None),                                        # a law
    ("SYSTEM", "50 %", None),
    ("SYSTEM", "F", None),                                       # one letter
    ("ORG", "II", None),
    ("SYSTEM", "F - 16 's", "F - 16 's"),
])
def test_statistical_accept_keeps_only_name_like_guesses(name_filter, label, text, kept):
    words = text.split()
    got = statistical.accept(label, words, name_filter)
    assert (None if got is None else " ".join(words[got[0]:got[1]])) == kept


@pytest.mark.parametrize("kind", ["LAW", "TITLE", "CAPS"])
def test_statistical_synthetic_negative_context_is_untagged(bare_nlp, kind):
    """Laws, titles and headings are filled into templates but never tagged."""
    import random

    fill = data._Filler(random.Random(1), entries=())
    for template in [t for t in data.TEMPLATES if "{" + kind + "}" in t][:5]:
        text, spans, _ = data.render(template, fill)
        slot_free = template.split("{" + kind + "}")[0]
        first = len(slot_free)  # the first such slot starts here when nothing before it is filled
        if "{" not in slot_free:
            assert all(s != first for s, _, _ in spans)


def test_statistical_synthetic_law_ids_are_recorded_for_loo():
    import random

    from policy_kg.ner.knowledge import Entry

    law = Entry("LAW", "32008E0944", "Gemeenschappelijk Standpunt", ("Gemeenschappelijk Standpunt",))
    fill = data._Filler(random.Random(3), entries=(law,), p_known=1.0)
    _, spans, ids = data.render("Deze aanvragen worden getoetst aan de {LAW}.", fill)
    assert spans == [] and ids == {"32008E0944"}
