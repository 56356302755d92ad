"""The PERSON knowledge file ner/data/persons.jsonl.

Checks form (one canonical JSON object per line, key order, sorted unique ids), the
content rules of ner/data/README.md (party is a known FACTION id, aliases are full names,
offices are lower-case Dutch office strings, dates are ISO 8601) and coverage against the
development gold standard in tests/gold/*.json.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "ner" / "data"
PERSONS = DATA / "persons.jsonl"
GOLD = sorted((ROOT / "tests" / "gold").glob("*.json"))

KEY_ORDER = ("label", "id", "name", "aliases", "surname", "surname_variants", "party", "offices",
             "tk_member", "external", "source")
OFFICE_KEYS = ("office", "cabinet", "from", "until")
TK_KEYS = ("term", "from", "until", "faction")
CABINETS = {"Rutte IV", "Schoof", "Jetten"}
TERMS = {"2023-2025", "2025-"}
# ISO 8601 calendar date at day, month or year precision (the sources do not always give the day)
DATE_RE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
OFFICE_RE = re.compile(r"(minister-president|minister (van|voor) [A-Z].*|staatssecretaris van [A-Z].*)")
SURFACE_KEYS = ("aliases", "adjectives", "long_names", "former_names")
# gold persons known only by surname whom no public source names in full (see ner/data/README.md)
NOT_IN_FILE = {"Van der Graaf": "adjunct-griffier of a Kamer committee; first name not found"}


def load(path: Path = PERSONS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def gold_persons() -> list[tuple[str, dict]]:
    out = []
    for path in GOLD:
        doc = json.loads(path.read_text(encoding="utf-8"))
        out.extend((doc["doc"], e) for e in doc["entities"] if e["label"] == "PERSON")
    return out


def is_full_name(gold_id: str, surnames: set[str]) -> bool:
    return " " in gold_id and gold_id not in surnames


ENTRIES = load()
BY_ID = {e["id"]: e for e in ENTRIES}


# ------------------------------------------------------------------ form


def test_file_is_canonical_jsonl():
    raw = PERSONS.read_text(encoding="utf-8")
    assert raw.endswith("\n") and "\r" not in raw
    lines = raw.splitlines()
    assert all(line.strip() for line in lines), "blank line"
    for line, entry in zip(lines, ENTRIES):
        assert list(entry) == list(KEY_ORDER), f"{entry.get('id')}: keys {list(entry)}"
        assert line == json.dumps(entry, ensure_ascii=False), f"{entry['id']}: not canonical JSON"


def test_ids_sorted_unique_and_equal_to_name():
    ids = [e["id"] for e in ENTRIES]
    assert ids == sorted(ids), "lines not sorted by id"
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"duplicate ids {dupes}"
    for e in ENTRIES:
        assert e["label"] == "PERSON"
        assert e["name"] == e["id"] and e["id"] == " ".join(e["id"].split()), e["id"]
        assert " " in e["id"], f"{e['id']}: the file lists people by full name"
        assert isinstance(e["external"], dict) and all(isinstance(v, str) and v for v in e["external"].values())
        if "wikidata" in e["external"]:
            assert re.fullmatch(r"Q\d+", e["external"]["wikidata"]), e["id"]
        assert e["source"].strip(), f"{e['id']}: no source"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_aliases_are_full_names_and_include_the_name(entry):
    aliases = entry["aliases"]
    assert aliases and aliases[0] == entry["name"], f"{entry['id']}: name must be the first alias"
    assert len(aliases) == len(set(aliases)), f"{entry['id']}: alias listed twice"
    for a in aliases:
        assert a == " ".join(a.split()) and a, f"{entry['id']}: stray whitespace in {a!r}"
        assert len(a.split()) >= 2, f"{entry['id']}: alias {a!r} is a bare single word"
        assert a not in {entry["surname"], *entry["surname_variants"]}, f"{entry['id']}: alias {a!r} is a surname"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_surname_is_written_as_after_a_title(entry):
    for s in [entry["surname"], *entry["surname_variants"]]:
        assert s and s == " ".join(s.split()), f"{entry['id']}: bad surname {s!r}"
        assert s[0].isupper(), f"{entry['id']}: surname {s!r} must start with a capital (Van der Graaf)"
        assert s.lower() in entry["name"].lower() or any(s.lower() in a.lower() for a in entry["aliases"]), (
            f"{entry['id']}: surname {s!r} does not occur in the name or an alias"
        )
    assert entry["surname"] not in entry["surname_variants"]


def test_party_and_factions_are_known_faction_ids():
    factions = {json.loads(line)["id"] for line in (DATA / "factions.jsonl").read_text(encoding="utf-8").splitlines()}
    for e in ENTRIES:
        assert e["party"] is None or e["party"] in factions, f"{e['id']}: unknown party {e['party']!r}"
        for t in e["tk_member"]:
            assert t["faction"] in factions, f"{e['id']}: unknown faction {t['faction']!r}"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e["offices"]], ids=lambda e: e["id"])
def test_offices_are_lower_case_office_strings_with_iso_dates(entry):
    for o in entry["offices"]:
        assert tuple(o) == OFFICE_KEYS, f"{entry['id']}: office keys {list(o)}"
        assert o["office"][0].islower() and OFFICE_RE.fullmatch(o["office"]), f"{entry['id']}: office {o['office']!r}"
        assert o["cabinet"] in CABINETS, f"{entry['id']}: cabinet {o['cabinet']!r}"
        assert DATE_RE.fullmatch(o["from"]), f"{entry['id']}: from {o['from']!r}"
        assert o["until"] is None or DATE_RE.fullmatch(o["until"]), f"{entry['id']}: until {o['until']!r}"
        assert o["until"] is None or o["from"] <= o["until"], f"{entry['id']}: {o['from']} after {o['until']}"
        if o["until"] is None:
            assert o["cabinet"] == "Jetten", f"{entry['id']}: open-ended office outside the sitting cabinet"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e["tk_member"]], ids=lambda e: e["id"])
def test_tk_membership_periods(entry):
    for t in entry["tk_member"]:
        assert tuple(t) == TK_KEYS, f"{entry['id']}: tk_member keys {list(t)}"
        assert t["term"] in TERMS, f"{entry['id']}: term {t['term']!r}"
        for key in ("from", "until"):
            assert t[key] is None or DATE_RE.fullmatch(t[key]), f"{entry['id']}: {key} {t[key]!r}"
        if t["from"] and t["until"]:
            assert t["from"] <= t["until"]
        lo, hi = ("2023-12-06", "2025-11-11") if t["term"] == "2023-2025" else ("2025-11-12", "9999")
        for key in ("from", "until"):
            if t[key] and len(t[key]) == 10:
                assert lo <= t[key] <= hi, f"{entry['id']}: {key} {t[key]} outside term {t['term']}"


def test_every_entry_is_a_minister_state_secretary_or_member():
    bare = [e["id"] for e in ENTRIES if not e["offices"] and not e["tk_member"]]
    assert not bare, f"entries without office or membership: {bare}"


def test_party_is_the_current_faction_of_sitting_members():
    for e in ENTRIES:
        seated = [t for t in e["tk_member"] if t["term"] == "2025-" and t["until"] is None]
        if seated:
            assert e["party"] == seated[-1]["faction"], f"{e['id']}: party {e['party']} vs faction {seated[-1]['faction']}"


# ------------------------------------------------------------------ surface forms across files


def test_no_surface_form_names_two_persons():
    owners: dict[str, set[str]] = defaultdict(set)
    for e in ENTRIES:
        for a in e["aliases"]:
            owners[a].add(e["id"])
    clashes = {a: sorted(ids) for a, ids in owners.items() if len(ids) > 1}
    assert not clashes, f"aliases shared by several people: {clashes}"


def test_no_person_alias_is_a_form_of_another_file():
    forms: dict[str, str] = {}
    for path in sorted(DATA.glob("*.jsonl")):
        if path == PERSONS or "patterns" in path.name:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            obj = json.loads(line)
            for key in SURFACE_KEYS:
                for f in obj.get(key) or []:
                    forms[f] = f"{obj['label']}:{obj['id']}"
    clashes = {a: forms[a] for e in ENTRIES for a in e["aliases"] if a in forms}
    assert not clashes, f"person aliases that another knowledge file also claims: {clashes}"


# ------------------------------------------------------------------ coverage against the gold standard

SURNAMES = {s for e in ENTRIES for s in [e["surname"], *e["surname_variants"]]}
GOLD_PERSONS = gold_persons()


@pytest.mark.parametrize(("doc", "entity"), GOLD_PERSONS, ids=lambda x: x if isinstance(x, str) else f"{x['id']}:{x['text']!r}")
def test_gold_person_is_covered(doc, entity):
    gid = entity["id"]
    if gid in NOT_IN_FILE:
        pytest.skip(NOT_IN_FILE[gid])
    if is_full_name(gid, SURNAMES):
        assert gid in BY_ID, f"{doc}: full-name gold id {gid!r} missing from persons.jsonl"
        surface = " ".join(entity["text"].split())
        entry = BY_ID[gid]
        assert surface in entry["aliases"] or surface in {entry["surname"], *entry["surname_variants"]}, (
            f"{doc}: {surface!r} is neither an alias nor a surname of {gid}"
        )
    else:
        assert gid in SURNAMES, f"{doc}: surname-only gold id {gid!r} is no entry's surname"


def test_gold_memberships_agree_with_the_file():
    for path in GOLD:
        doc = json.loads(path.read_text(encoding="utf-8"))
        for f in doc["facts"]:
            if f["predicate"] != "memberOf":
                continue
            who = f["subject"].split(":", 1)[1]
            faction = f["object"].split(":", 1)[1]
            matches = [e for e in ENTRIES if who == e["id"] or who in {e["surname"], *e["surname_variants"]}]
            assert any(faction in {e["party"], *(t["faction"] for t in e["tk_member"])} for e in matches), (
                f"{path.name}: no {who} of {faction} in persons.jsonl"
            )


def test_gold_offices_are_listed():
    for path in GOLD:
        doc = json.loads(path.read_text(encoding="utf-8"))
        for f in doc["facts"]:
            if f["predicate"] != "holdsOffice" or not f["object"].startswith(("minister", "staatssecretaris")):
                continue
            who = f["subject"].split(":", 1)[1]
            assert who in BY_ID, f"{path.name}: office holder {who} missing"
            assert f["object"] in {o["office"] for o in BY_ID[who]["offices"]}, f"{path.name}: {who} {f['object']}"
