"""The knowledge files for ORG, SYSTEM, LAW, RULING, PLACE and EVENT under ner/data.

Checks form (one canonical JSON object per line, fixed key order, sorted and unique ids),
well-formed external ids (Wikidata QID, CELEX, BWB, ECLI), links between entries (developer,
parent, court, appeal_of, subjects), that no surface form names two entities anywhere in
ner/data, that short forms which need context are never surface forms, and coverage of the
development gold standard (tests/gold/*.json): every id is an entry, every mention text is a
surface form, a context alias or a compound of one.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pytest
from policy_kg.ner.knowledge import SURFACE_KEYS, gazetteer_files
from policy_kg.ner.pipeline import recognise

from policy_kg.model import Document

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "ner" / "data"
GOLD = sorted((ROOT / "tests" / "gold").glob("*.json"))

COMMON_TAIL = ("external", "source")
SPEC = {
    "organisations.jsonl": {
        "label": "ORG",
        "order": ("label", "id", "name", "aliases", "former_names", "context_aliases", "kind", "country", "parent",
                  "ambiguous", "note") + COMMON_TAIL,
        "required": ("label", "id", "name", "aliases", "context_aliases", "kind", "country") + COMMON_TAIL,
        "kinds": {"ministry", "agency", "armed-forces", "parliament", "committee", "court", "international", "eu-body",
                  "company", "ngo", "media", "fund", "political", "government"},
    },
    "systems.jsonl": {
        "label": "SYSTEM",
        "order": ("label", "id", "name", "aliases", "context_aliases", "kind", "developer", "ambiguous", "note") + COMMON_TAIL,
        "required": ("label", "id", "name", "aliases", "context_aliases", "kind", "developer") + COMMON_TAIL,
        "kinds": {"aircraft", "helicopter", "missile", "air-defence", "land-vehicle", "artillery", "ship", "drone",
                  "small-arms", "munition", "ai-system", "it-system", "sensor"},
    },
    "laws.jsonl": {
        "label": "LAW",
        "order": ("label", "id", "name", "aliases", "context_aliases", "kind", "date", "period", "ambiguous", "note") + COMMON_TAIL,
        "required": ("label", "id", "name", "aliases", "context_aliases", "kind") + COMMON_TAIL,
        "kinds": {"eu-regulation", "eu-directive", "eu-decision", "common-position", "treaty", "act", "policy-framework",
                  "programme", "list"},
    },
    "rulings.jsonl": {
        "label": "RULING",
        "order": ("label", "id", "name", "aliases", "court", "date", "kind", "case_names", "case_number", "appeal_of",
                  "subjects", "note") + COMMON_TAIL,
        "required": ("label", "id", "name", "aliases", "court", "date", "kind", "case_names", "appeal_of", "subjects") + COMMON_TAIL,
        "kinds": {"arrest", "vonnis", "beschikking", "advies", "uitspraak", "conclusie"},
    },
    "places.jsonl": {
        "label": "PLACE",
        "order": ("label", "id", "name", "aliases", "context_aliases", "kind", "country", "ambiguous", "note") + COMMON_TAIL,
        "required": ("label", "id", "name", "aliases", "context_aliases", "kind", "country") + COMMON_TAIL,
        "kinds": {"continent", "region", "territory", "city", "sea", "strait"},
    },
    "events.jsonl": {
        "label": "EVENT",
        "order": ("label", "id", "name", "aliases", "context_aliases", "kind", "date", "period", "ambiguous", "note") + COMMON_TAIL,
        "required": ("label", "id", "name", "aliases", "context_aliases", "kind") + COMMON_TAIL,
        "kinds": {"exercise", "operation", "mission", "summit", "conference", "fair"},
    },
}
FILES = sorted(SPEC)
BY_LABEL = {spec["label"]: name for name, spec in SPEC.items()}

EXTERNAL_RE = {
    "wikidata": re.compile(r"Q[1-9]\d*"),
    "celex": re.compile(r"[0-9]\d{4}[A-Z]{1,2}\d{4}"),
    "bwb": re.compile(r"BWBR\d{7}"),
    "ecli": re.compile(r"ECLI:[A-Z]{2}:[A-Z0-9]{1,7}:(?:19|20)\d\d:[A-Za-z0-9.]{1,25}"),
}
CELEX_ID = re.compile(r"3\d{4}[A-Z]\d{4}")
ISO_DATE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")
# "2024-07-19", "2025-06-24/2025-06-25", "2022/..", "2024/2025"
ISO_SPAN = re.compile(rf"{ISO_DATE.pattern}(?:/(?:{ISO_DATE.pattern}|\.\.))?")
# ECLI court codes and the ORG id of the court
ECLI_COURTS = {"HR": "Hoge Raad der Nederlanden", "PHR": "Parket bij de Hoge Raad", "GHDHA": "Gerechtshof Den Haag",
               "RBDHA": "Rechtbank Den Haag", "GHAMS": "Gerechtshof Amsterdam", "RBAMS": "Rechtbank Amsterdam"}

# Short forms that need context in running Dutch text: never a surface form, only a context alias.
CONTEXT_ONLY = ("Hof", "hof", "Kamer", "kamer", "Staat", "Raad", "Unie", "Defensie", "defensie", "voorzieningenrechter",
                "rechtbank", "Rechtbank", "gerechtshof", "Buitenlandse Zaken", "Financiën", "Economische Zaken",
                "coalitieakkoord", "regeerakkoord", "regeerprogramma", "Commissie", "Associatieakkoord", "Associatieverdrag",
                "statusverdrag", "kabinet", "Marine", "Landmacht", "Luchtmacht", "Leopard", "Maven", "Gemeenschappelijk Standpunt")


@lru_cache(maxsize=None)
def load(name: str) -> tuple[dict, ...]:
    return tuple(json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip())


def surface_forms(entry: dict) -> list[str]:
    out: list[str] = []
    for key in SURFACE_KEYS:
        value = entry.get(key) or []
        out.extend([value] if isinstance(value, str) else value)
    return out


@lru_cache(maxsize=1)
def all_entries() -> tuple[dict, ...]:
    """Every entry of every knowledge file in ner/data (also those other files own)."""
    out: list[dict] = []
    for path in gazetteer_files(DATA):
        out.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return tuple(out)


@lru_cache(maxsize=1)
def known_refs() -> frozenset[str]:
    return frozenset(f"{e['label']}:{e['id']}" for e in all_entries())


def ids(label: str) -> set[str]:
    return {e["id"] for e in load(BY_LABEL[label])}


def gold_entities(labels: tuple[str, ...]) -> list[tuple[str, dict]]:
    out = []
    for path in GOLD:
        doc = json.loads(path.read_text(encoding="utf-8"))
        out.extend((doc["doc"], e) for e in doc["entities"] if e["label"] in labels)
    return out


def text_variants(text: str) -> set[str]:
    """A gold span as the matcher sees it (whitespace folded, line-end hyphens joined), and the
    heads of a compound (``F-35-onderdelen`` -> ``F-35``, ``F-16's`` -> ``F-16``)."""
    out: set[str] = set()
    for joined in (text.replace("-\n", "-"), text.replace("-\n", ""), text):
        folded = " ".join(joined.split())
        out.add(folded)
        for m in re.finditer(r"-", folded):
            out.add(folded[:m.start()])
        for suffix in ("'s", "’s"):
            if folded.endswith(suffix):
                out.add(folded[: -len(suffix)])
    return out


def _ident(x):
    return x if isinstance(x, str) else f"{x['id']}:{x['text']!r}"


# ------------------------------------------------------------------ form


@pytest.mark.parametrize("name", FILES)
def test_every_line_is_one_canonical_json_object(name):
    spec = SPEC[name]
    raw = (DATA / name).read_text(encoding="utf-8")
    assert raw.endswith("\n") and "\r" not in raw, f"{name}: needs \\n line ends and a final newline"
    lines = raw.splitlines()
    entries = [json.loads(line) for line in lines]
    for line, e in zip(lines, entries):
        missing = [k for k in spec["required"] if k not in e]
        assert not missing, f"{name}: {e.get('id')}: missing keys {missing}"
        keys = list(e)
        assert keys == [k for k in spec["order"] if k in e], f"{name}: {e['id']}: keys {keys} not in the fixed order"
        assert line == json.dumps(e, ensure_ascii=False), f"{name}: {e['id']}: not canonical JSON"
        assert e["label"] == spec["label"], f"{name}: {e['id']}: label {e['label']!r}"
        assert isinstance(e["name"], str) and e["name"].strip(), f"{name}: {e['id']}: empty name"
        assert isinstance(e["source"], str) and e["source"].strip(), f"{name}: {e['id']}: no source"
        assert e["kind"] in spec["kinds"], f"{name}: {e['id']}: kind {e['kind']!r}"
        assert e.get("ambiguous", True) is True, f"{name}: {e['id']}: write 'ambiguous' only when true"


@pytest.mark.parametrize("name", FILES)
def test_ids_sorted_unique_and_clean(name):
    got = [e["id"] for e in load(name)]
    assert got == sorted(got), f"{name}: lines not sorted by id"
    dupes = sorted({i for i in got if got.count(i) > 1})
    assert not dupes, f"{name}: duplicate ids {dupes}"
    bad = [i for i in got if i != i.strip() or "  " in i or "\n" in i]
    assert not bad, f"{name}: ids with stray whitespace {bad}"


@pytest.mark.parametrize("name", FILES)
def test_surface_forms_and_context_aliases_are_clean(name):
    for e in load(name):
        forms = surface_forms(e)
        ctx = e.get("context_aliases", [])
        for f in forms + ctx:
            assert isinstance(f, str) and f and f == f.strip() and "  " not in f and "\n" not in f, f"{name}: {e['id']}: {f!r}"
        dupes = sorted({f for f in forms + ctx if (forms + ctx).count(f) > 1})
        assert not dupes, f"{name}: {e['id']}: form listed twice {dupes}"
        if e["label"] != "RULING":
            assert forms, f"{name}: {e['id']} has no surface form"


def test_rulings_have_no_surface_forms():
    """RULING spans are the nouns arrest/vonnis/advies, found by rules: the file lists no forms."""
    for e in load("rulings.jsonl"):
        assert surface_forms(e) == [], f"{e['id']}: surface forms {surface_forms(e)}"


@pytest.mark.parametrize("name", FILES)
def test_external_ids_are_well_formed(name):
    for e in load(name):
        for scheme, value in e["external"].items():
            assert scheme in EXTERNAL_RE, f"{name}: {e['id']}: unknown scheme {scheme!r}"
            assert EXTERNAL_RE[scheme].fullmatch(value), f"{name}: {e['id']}: bad {scheme} {value!r}"
            if scheme == "wikidata":
                assert value in e["source"], f"{name}: {e['id']}: the source must name {value}"


@pytest.mark.parametrize("name", FILES)
def test_dates_and_periods_are_iso(name):
    for e in load(name):
        for key in ("date", "period"):
            if e.get(key) is not None:
                assert ISO_SPAN.fullmatch(e[key]), f"{name}: {e['id']}: {key} {e[key]!r}"


# ------------------------------------------------------------------ one name, one entity


def test_no_surface_form_names_two_entities_in_ner_data():
    owners: dict[str, set[str]] = defaultdict(set)
    for e in all_entries():
        for f in surface_forms(e):
            owners[f].add(f"{e['label']}:{e['id']}")
    clashes = {f: sorted(o) for f, o in owners.items() if len(o) > 1}
    assert not clashes, f"surface forms of several entities: {clashes}"


def test_context_aliases_are_not_surface_forms():
    """A context alias is resolved by the linker; if it were also a surface form, the gazetteer
    would claim it first."""
    forms = {f for e in all_entries() for f in surface_forms(e)}
    clashes = sorted({(e["id"], c) for name in FILES for e in load(name) for c in e.get("context_aliases", []) if c in forms})
    assert not clashes, f"context aliases that are also surface forms: {clashes}"


@pytest.mark.parametrize("form", CONTEXT_ONLY)
def test_short_forms_that_need_context_are_context_aliases_only(form):
    owners = [f"{e['label']}:{e['id']}" for e in all_entries() if form in surface_forms(e)]
    assert not owners, f"{form!r} is a surface form of {owners}; put it under context_aliases"


# ------------------------------------------------------------------ links between entries


def test_law_ids_of_eu_acts_are_their_celex():
    for e in load("laws.jsonl"):
        if CELEX_ID.fullmatch(e["id"]):
            assert e["external"].get("celex") == e["id"], f"{e['id']}: external celex must equal the id"
        else:
            assert "celex" not in e["external"], f"{e['id']}: an act with a CELEX number takes it as id"


def test_system_developers_are_organisations_or_countries():
    orgs, countries = ids("ORG"), {e["id"] for e in all_entries() if e["label"] == "COUNTRY"}
    for e in load("systems.jsonl"):
        dev = e["developer"]
        assert dev is None or dev in orgs or dev in countries, f"{e['id']}: developer {dev!r} is no ORG id or ISO code"


def test_enough_systems():
    assert len(load("systems.jsonl")) >= 150


@pytest.mark.parametrize("name", ["organisations.jsonl", "places.jsonl"])
def test_countries_and_parents_are_known(name):
    countries = {e["id"] for e in all_entries() if e["label"] == "COUNTRY"}
    orgs = ids("ORG")
    for e in load(name):
        assert e["country"] is None or e["country"] in countries, f"{e['id']}: country {e['country']!r}"
        if "parent" in e:
            assert e["parent"] in orgs and e["parent"] != e["id"], f"{e['id']}: parent {e['parent']!r}"


def test_rulings_link_to_courts_rulings_and_entities():
    courts = {e["id"] for e in load("organisations.jsonl") if e["kind"] == "court"}
    rulings = {e["id"]: e for e in load("rulings.jsonl")}
    for e in rulings.values():
        assert e["court"] in courts, f"{e['id']}: court {e['court']!r} is no ORG of kind court"
        assert ISO_DATE.fullmatch(e["date"]) and len(e["date"]) == 10, f"{e['id']}: date {e['date']!r}"
        if e["id"].startswith("ECLI:"):
            assert EXTERNAL_RE["ecli"].fullmatch(e["id"]) and e["external"] == {"ecli": e["id"]}, e["id"]
            code, year = e["id"].split(":")[2:4]
            assert year == e["date"][:4], f"{e['id']}: year differs from date {e['date']}"
            if code in ECLI_COURTS:
                assert e["court"] == ECLI_COURTS[code], f"{e['id']}: court {e['court']!r}, ECLI says {ECLI_COURTS[code]!r}"
        else:
            assert e["id"] == f"{e['court']}-{e['date']}", f"{e['id']}: id must be COURT-YYYY-MM-DD"
        if e["appeal_of"] is not None:
            lower = rulings.get(e["appeal_of"])
            assert lower is not None, f"{e['id']}: appeal_of {e['appeal_of']!r} unknown"
            assert lower["date"] < e["date"], f"{e['id']}: appeal_of a later ruling"
        unknown = [s for s in e["subjects"] if s not in known_refs()]
        assert not unknown, f"{e['id']}: subjects without an entry {unknown}"


def test_f35_appeal_chain():
    rulings = {e["id"]: e for e in load("rulings.jsonl")}
    chain, rid = [], "ECLI:NL:HR:2025:1435"
    while rid:
        chain.append(rid)
        rid = rulings[rid]["appeal_of"]
    assert chain == ["ECLI:NL:HR:2025:1435", "ECLI:NL:GHDHA:2024:191", "ECLI:NL:RBDHA:2023:19744"]


# ------------------------------------------------------------------ gold coverage

GOLD_LABELS = ("ORG", "SYSTEM", "LAW", "PLACE", "EVENT", "RULING")


@pytest.mark.parametrize("label", GOLD_LABELS)
def test_gold_ids_are_entries(label):
    missing = sorted({e["id"] for _, e in gold_entities((label,))} - ids(label))
    assert not missing, f"{label} ids in tests/gold without an entry: {missing}"


@pytest.mark.parametrize(("doc", "entity"), gold_entities(("ORG", "SYSTEM", "LAW", "PLACE", "EVENT")), ids=_ident)
def test_gold_mention_is_a_known_form(doc, entity):
    entries = {e["id"]: e for e in load(BY_LABEL[entity["label"]])}
    e = entries.get(entity["id"])
    assert e is not None, f"{doc}: unknown {entity['label']} id {entity['id']!r}"
    forms = set(surface_forms(e)) | set(e.get("context_aliases", []))
    assert text_variants(entity["text"]) & forms, f"{doc}: {entity['text']!r} is no form of {entity['label']}:{entity['id']}"


# ------------------------------------------------------------------ through the recogniser


def _mentions(text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.label, m.id) for m in recognise(Document("t.txt", text, date="2025-06-01"))
            if m.label in ("ORG", "SYSTEM", "LAW", "PLACE", "EVENT")]


@pytest.mark.parametrize("text,expected", [
    ("Tijdens de NAVO-top in Den Haag", [("NAVO-top in Den Haag", "EVENT", "NAVO-top Den Haag 2025")]),
    ("het Iron Dome-luchtafweersysteem", [("Iron Dome-luchtafweersysteem", "SYSTEM", "Iron Dome")]),
    ("de Juridische \nDienst van de Raad van de EU (JDR)",
     [("Juridische \nDienst van de Raad van de EU", "ORG", "Juridische Dienst van de Raad van de Europese Unie"),
      ("JDR", "ORG", "Juridische Dienst van de Raad van de Europese Unie")]),
    ("het Maven Smart System (MSS) van Palantir",
     [("Maven Smart System", "SYSTEM", "Maven Smart System"), ("MSS", "SYSTEM", "Maven Smart System"),
      ("Palantir", "ORG", "Palantir Technologies")]),
    ("onder Verordening (EU) 2021/821", [("Verordening (EU) 2021/821", "LAW", "32021R0821")]),
    ("de EU-lidstaten en NAVO-landen", [("EU-lidstaten", "ORG", "Europese Unie"), ("NAVO-landen", "ORG", "NAVO")]),
    ("in de Gazastrook en op de West Bank", [("Gazastrook", "PLACE", "Gazastrook"), ("West Bank", "PLACE", "Westelijke Jordaanoever")]),
    ("de OESO-richtlijnen voor \nmultinationale ondernemingen",
     [("OESO-richtlijnen voor \nmultinationale ondernemingen", "LAW", "OESO-richtlijnen voor multinationale ondernemingen")]),
    ("de minister van Buitenlandse Zaken", []),
    ("AI-systemen zoals Where’s Daddy en Lavender", [("Where’s Daddy", "SYSTEM", "Where's Daddy"), ("Lavender", "SYSTEM", "Lavender")]),
    # an entry marked ambiguous needs a cue nearby
    ("Lavender en rozen bloeien in juni.", []),
])
def test_recogniser_finds_entities_of_these_files(text, expected):
    assert _mentions(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("het Arrangement van Wassenaar en de gemeente Wassenaar",
     [("Arrangement van Wassenaar", "ORG", "Wassenaar Arrangement"), ("Wassenaar", "PLACE", "Wassenaar")]),
    ("het verdrag van Ottawa", [("verdrag van Ottawa", "LAW", "Verdrag van Ottawa")]),
    ("de ambassade in Mexico-Stad", [("Mexico-Stad", "PLACE", "Mexico-Stad")]),
    ("de legerplaats in 't Harde", [("'t Harde", "PLACE", "'t Harde")]),
    ("onder de ITAR, de EAR en de Wet op de economische delicten",
     [("ITAR", "LAW", "International Traffic in Arms Regulations"), ("EAR", "LAW", "Export Administration Regulations"),
      ("Wet op de economische delicten", "LAW", "Wet op de economische delicten")]),
    ("het F-35 Joint Program Office", [("F-35 Joint Program Office", "ORG", "F-35 Joint Program Office")]),
    ("Zr.Ms. Tromp in de Rode Zee", [("Zr.Ms. Tromp", "SYSTEM", "Zr.Ms. Tromp"), ("Rode Zee", "PLACE", "Rode Zee")]),
    # names left out on purpose: a first name and a surname are no places
    ("Sofia sprak in Santiago.", []),
    # an ambiguous system name needs a cue nearby
    ("Meteor", []),
])
def test_recogniser_finds_added_export_control_and_place_entries(text, expected):
    assert _mentions(text) == expected
