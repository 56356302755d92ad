"""The knowledge files ner/data/{countries,factions,licences}.jsonl and their generator.

Checks form (one JSON object per line, keys, ids, order, determinism), consistency
(no surface form names two ids; countries.jsonl is what make_countries.py writes now)
and coverage against the development gold standard in tests/gold/*.json.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest
from policy_kg.ner.tools import make_countries

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "ner" / "data"
GOLD = sorted((ROOT / "tests" / "gold").glob("*.json"))

# keys whose values are surface forms the matcher looks for (see ner/knowledge.py SURFACE_KEYS)
SURFACE_KEYS = ("aliases", "adjectives", "long_names", "former_names")

SPEC = {
    "countries.jsonl": {
        "label": "COUNTRY",
        "required": ("label", "id", "name", "aliases", "adjectives", "external", "source"),
        "order": make_countries.KEY_ORDER,
        "id_re": re.compile(r"[A-Z]{2}"),
    },
    "factions.jsonl": {
        "label": "FACTION",
        "required": ("label", "id", "name", "aliases", "long_names", "period", "external", "source"),
        "order": ("label", "id", "name", "aliases", "long_names", "statutory_name", "former_names",
                  "predecessors", "merged_into", "period", "note", "external", "source"),
        # the party's own short name: no surrounding space, no line break
        "id_re": re.compile(r"\S(?:[^\n]*\S)?"),
    },
    "licences.jsonl": {
        "label": "LICENCE",
        "required": ("label", "id", "name", "aliases", "issuer", "legal_basis", "scope", "external", "source"),
        "order": ("label", "id", "name", "aliases", "issuer", "legal_basis", "scope", "external", "source"),
        "id_re": re.compile(r"(NL|EU)\d{3}"),
    },
}
FILES = sorted(SPEC)

# Surface forms deliberately shared by two ids of one file: (file, form) -> ids. None so far.
SHARED_FORMS: dict[tuple[str, str], frozenset[str]] = {}


def load(name: str) -> list[dict]:
    path = DATA / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def surface_forms(entry: dict) -> list[str]:
    out: list[str] = []
    for key in SURFACE_KEYS:
        out.extend(entry.get(key) or [])
    return out


def gold_entities(label: str) -> list[tuple[str, dict]]:
    out = []
    for path in GOLD:
        doc = json.loads(path.read_text(encoding="utf-8"))
        out.extend((doc["doc"], e) for e in doc["entities"] if e["label"] == label)
    return out


def text_variants(text: str) -> set[str]:
    """Ways a gold span may be written in the knowledge file: line breaks and soft hyphens undone."""
    out = {text}
    for joined in (text.replace("-\n", "-"), text.replace("-\n", ""), text):
        out.add(" ".join(joined.split()))
    return out


# ------------------------------------------------------------------ form


@pytest.mark.parametrize("name", FILES)
def test_every_line_is_one_json_object_with_required_keys(name):
    spec = SPEC[name]
    raw = (DATA / name).read_text(encoding="utf-8")
    assert raw.endswith("\n") and "\r" not in raw, f"{name}: needs \\n line ends and a final newline"
    for lineno, line in enumerate(raw.splitlines(), 1):
        assert line.strip(), f"{name}:{lineno}: blank line"
        obj = json.loads(line)
        assert isinstance(obj, dict), f"{name}:{lineno}: not an object"
        missing = [k for k in spec["required"] if k not in obj]
        assert not missing, f"{name}:{lineno}: missing keys {missing}"
        unknown = [k for k in obj if k not in spec["order"]]
        assert not unknown, f"{name}:{lineno}: unknown keys {unknown}"
        assert obj["label"] == spec["label"], f"{name}:{lineno}: label {obj['label']!r}"
        assert isinstance(obj["name"], str) and obj["name"].strip(), f"{name}:{lineno}: empty name"
        assert isinstance(obj["external"], dict), f"{name}:{lineno}: external must be an object"
        assert all(isinstance(v, str) and v for v in obj["external"].values()), f"{name}:{lineno}: external values"
        assert isinstance(obj["source"], str) and obj["source"].strip(), f"{name}:{lineno}: no source"
        for key in SURFACE_KEYS:
            if key in obj:
                assert isinstance(obj[key], list), f"{name}:{lineno}: {key} must be a list"


@pytest.mark.parametrize("name", FILES)
def test_lines_are_deterministic(name):
    """Sorted by id, keys in the fixed order, compact UTF-8 JSON exactly as json.dumps writes it."""
    spec = SPEC[name]
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    ids = [e["id"] for e in entries]
    assert ids == sorted(ids), f"{name}: lines not sorted by id"
    for line, entry in zip(lines, entries):
        keys = list(entry)
        assert keys == [k for k in spec["order"] if k in entry], f"{name}: {entry['id']}: key order {keys}"
        assert line == json.dumps(entry, ensure_ascii=False), f"{name}: {entry['id']}: not canonical JSON"


@pytest.mark.parametrize("name", FILES)
def test_ids_unique_and_in_contract_form(name):
    ids = [e["id"] for e in load(name)]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"{name}: duplicate ids {dupes}"
    bad = [i for i in ids if not SPEC[name]["id_re"].fullmatch(i)]
    assert not bad, f"{name}: ids not in CONTRACT form: {bad}"


@pytest.mark.parametrize("name", FILES)
def test_surface_forms_are_clean(name):
    for e in load(name):
        forms = surface_forms(e)
        assert e["aliases"], f"{name}: {e['id']} has no aliases"
        for f in forms:
            assert isinstance(f, str) and f, f"{name}: {e['id']}: empty form"
            assert f == f.strip() and "  " not in f and "\n" not in f, f"{name}: {e['id']}: stray whitespace in {f!r}"
        dupes = sorted({f for f in forms if forms.count(f) > 1})
        assert not dupes, f"{name}: {e['id']}: form listed twice {dupes}"


@pytest.mark.parametrize("name", FILES)
def test_no_surface_form_names_two_ids(name):
    owners: dict[str, set[str]] = defaultdict(set)
    for e in load(name):
        for f in surface_forms(e):
            owners[f].add(e["id"])
    clashes = {f: sorted(ids) for f, ids in owners.items() if len(ids) > 1 and SHARED_FORMS.get((name, f)) != frozenset(ids)}
    assert not clashes, f"{name}: surface forms shared by several ids: {clashes}"


def test_no_surface_form_crosses_files():
    owners: dict[str, set[str]] = defaultdict(set)
    for name in FILES:
        for e in load(name):
            for f in surface_forms(e):
                owners[f].add(f"{e['label']}:{e['id']}")
    clashes = {f: sorted(o) for f, o in owners.items() if len({x.split(':')[0] for x in o}) > 1}
    assert not clashes, f"surface forms in more than one file: {clashes}"


# ------------------------------------------------------------------ countries


def test_countries_file_is_what_the_generator_writes(tmp_path):
    out = make_countries.generate(tmp_path / "countries.jsonl")
    assert out.read_bytes() == (DATA / "countries.jsonl").read_bytes(), (
        "ner/data/countries.jsonl is out of date: run python -m policy_kg.ner.tools.make_countries"
    )


def test_generator_check_mode(capsys):
    assert make_countries.main(["--check"]) == 0


def test_every_iso_code_once_with_its_codes():
    entries = {e["id"]: e for e in load("countries.jsonl")}
    assert set(entries) == {c.alpha_2 for c in pycountry.countries}
    for c in pycountry.countries:
        ext = entries[c.alpha_2]["external"]
        assert ext == {"iso3166_1_alpha2": c.alpha_2, "iso3166_1_alpha3": c.alpha_3, "iso3166_1_numeric": c.numeric}


def test_country_name_is_an_alias_and_adjectives_are_not_aliases():
    for e in load("countries.jsonl"):
        assert e["name"] in e["aliases"], f"{e['id']}: name {e['name']!r} not among aliases"
        both = set(e["aliases"]) & set(e["adjectives"])
        assert not both, f"{e['id']}: {sorted(both)} both alias and adjective"


def test_curated_rows_reach_the_output():
    entries = {e["id"]: e for e in load("countries.jsonl")}
    for v in make_countries.read_variants():
        e = entries[v.id]
        if v.kind == "adjective":
            assert v.alias in e["adjectives"], f"line {v.line}: {v.alias!r} missing from {v.id} adjectives"
        elif v.kind == "exclude":
            assert v.alias not in e["aliases"], f"line {v.line}: excluded {v.alias!r} still an alias of {v.id}"
        elif v.kind == "preferred":
            assert e["name"] == v.alias, f"line {v.line}: {v.id} name is {e['name']!r}"
        else:
            assert v.alias in e["aliases"], f"line {v.line}: {v.alias!r} missing from {v.id} aliases"
        assert "curated variants" in e["source"], f"{v.id}: source does not name the CSV"


def test_enough_countries_have_adjectives():
    assert sum(1 for e in load("countries.jsonl") if e["adjectives"]) >= 120


def test_bad_variant_rows_are_refused(tmp_path):
    from policy_kg.errors import KnowledgeError

    bad = tmp_path / "v.csv"
    for body in ("XX,Nowhere,name,x", "NL,Holland,nickname,x", "NL, Holland,name,x"):
        bad.write_text("id,alias,kind,source_note\n" + body + "\n", encoding="utf-8")
        with pytest.raises(KnowledgeError):
            make_countries.read_variants(bad)


@pytest.mark.parametrize(("doc", "entity"), gold_entities("COUNTRY"), ids=lambda x: x if isinstance(x, str) else f"{x['id']}:{x['text']!r}")
def test_gold_country_mention_is_a_known_form(doc, entity):
    entries = {e["id"]: e for e in load("countries.jsonl")}
    assert entity["id"] in entries, f"{doc}: unknown country id {entity['id']}"
    forms = set(entries[entity["id"]]["aliases"]) | set(entries[entity["id"]]["adjectives"])
    variants = text_variants(entity["text"])
    # compounds: US-led keeps the whole token, the form is the part before the hyphen
    variants |= {v.split("-")[0] for v in variants if "-" in v}
    assert variants & forms, f"{doc}: {entity['text']!r} is no alias or adjective of {entity['id']}"


# ------------------------------------------------------------------ factions and licences

FRACTIE_RE = re.compile(r"-\s*fractie$")


@pytest.mark.parametrize(("doc", "entity"), gold_entities("FACTION"), ids=lambda x: x if isinstance(x, str) else f"{x['id']}:{x['text']!r}")
def test_gold_faction_mention_is_a_known_form(doc, entity):
    entries = {e["id"]: e for e in load("factions.jsonl")}
    assert entity["id"] in entries, f"{doc}: unknown faction id {entity['id']}"
    forms = set(surface_forms(entries[entity["id"]]))
    stripped = {FRACTIE_RE.sub("", v) for v in text_variants(entity["text"])}
    assert stripped & forms, f"{doc}: {entity['text']!r} is no alias of {entity['id']}"


def test_gold_licence_ids_are_known():
    known = {e["id"] for e in load("licences.jsonl")}
    missing = sorted({e["id"] for _, e in gold_entities("LICENCE")} - known)
    assert not missing, f"licences in the gold standard without an entry: {missing}"


def test_faction_links_point_to_known_ids():
    entries = {e["id"]: e for e in load("factions.jsonl")}
    for e in entries.values():
        for key in ("merged_into",):
            if key in e:
                assert e[key] in entries, f"{e['id']}: {key} {e[key]!r} unknown"
        for p in e.get("predecessors", []):
            assert p in entries, f"{e['id']}: predecessor {p!r} unknown"
            assert entries[p].get("merged_into") == e["id"], f"{p}: merged_into should be {e['id']}"
        assert re.fullmatch(r"\d{4}(-(\d{4})?)?(; \d{4}(-(\d{4})?)?)*", e["period"]), f"{e['id']}: period {e['period']!r}"


def test_licence_codes_are_their_own_alias_and_issuer_matches_prefix():
    for e in load("licences.jsonl"):
        assert e["id"] in e["aliases"], f"{e['id']}: code not an alias"
        expected = "Nederland" if e["id"].startswith("NL") else "Europese Unie"
        assert e["issuer"] == expected, f"{e['id']}: issuer {e['issuer']!r}"
        if e["id"].startswith("EU"):
            assert e["external"].get("celex") == "32021R0821"
