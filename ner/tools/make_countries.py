"""Generate ner/data/countries.jsonl from pycountry and ner/data/country_variants.csv.

    python -m policy_kg.ner.tools.make_countries            # rewrite ner/data/countries.jsonl
    python -m policy_kg.ner.tools.make_countries --check    # exit 1 if the file is out of date
    python -m policy_kg.ner.tools.make_countries --out F    # write somewhere else

One entry per ISO 3166-1 code. The Dutch names come from the iso-codes translations that
pycountry ships (gettext domain ``iso3166-1``, locale ``nl``); the curated CSV adds what Dutch
government texts actually write. CSV columns: ``id,alias,kind,source_note`` with kind

``name``          another name of the country, as written in running text
``abbreviation``  an abbreviation (``VS``, ``VK``, ``KSA``)
``adjective``     an adjectival form, inflected and uninflected (``Israëlische``, ``Israëlisch``)
``preferred``     replaces the pycountry name as ``name`` (where that one is inverted or wrong)
``exclude``       drops a pycountry name from the aliases (inverted ISO forms, misleading names)

The output is deterministic: keys in a fixed order, lines sorted by id, UTF-8, ``\\n`` line ends.
No network access is needed.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import json
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Iterable, Sequence

import pycountry

from policy_kg.errors import KnowledgeError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
VARIANTS_CSV = DATA_DIR / "country_variants.csv"
OUTPUT = DATA_DIR / "countries.jsonl"
VARIANTS_REF = "ner/data/country_variants.csv"

KINDS = ("preferred", "name", "abbreviation", "adjective", "exclude")
CSV_COLUMNS = ["id", "alias", "kind", "source_note"]
KEY_ORDER = ("label", "id", "name", "aliases", "adjectives", "external", "source")


@dataclass(frozen=True, slots=True)
class Variant:
    id: str
    alias: str
    kind: str
    source_note: str
    line: int


def pycountry_version() -> str:
    try:
        return metadata.version("pycountry")
    except metadata.PackageNotFoundError:  # pragma: no cover - pycountry is a dependency
        return "unknown"


def dutch() -> gettext.NullTranslations:
    """The Dutch translations of the ISO 3166-1 names shipped with pycountry."""
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"])
    except OSError as exc:
        raise KnowledgeError(
            f"no Dutch iso3166-1 translations under {pycountry.LOCALES_DIR}",
            hint="install a pycountry release that ships the iso-codes locales",
        ) from exc


def read_variants(path: Path = VARIANTS_CSV) -> list[Variant]:
    """Read and check the curated CSV; errors name the line."""
    codes = {c.alpha_2 for c in pycountry.countries}
    out: list[Variant] = []
    seen: set[tuple[str, str, str]] = set()
    preferred: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != CSV_COLUMNS:
            raise KnowledgeError(f"{path.name}: header is {reader.fieldnames}", hint=f"use {','.join(CSV_COLUMNS)}")
        for row in reader:
            line = reader.line_num
            id_, alias, kind = row["id"] or "", row["alias"] or "", row["kind"] or ""
            where = f"{path.name}:{line}"
            if id_ not in codes:
                raise KnowledgeError(f"{where}: {id_!r} is not an ISO 3166-1 alpha-2 code", hint="use the upper-case alpha-2 code")
            if kind not in KINDS:
                raise KnowledgeError(f"{where}: unknown kind {kind!r}", hint=f"use one of {', '.join(KINDS)}")
            if not alias or alias != alias.strip() or "  " in alias or "\n" in alias:
                raise KnowledgeError(f"{where}: alias {alias!r} is empty or has stray whitespace", hint="write the form exactly as in text")
            if (id_, alias, kind) in seen:
                raise KnowledgeError(f"{where}: duplicate row {id_},{alias},{kind}", hint="remove one of them")
            if kind == "preferred":
                if id_ in preferred:
                    raise KnowledgeError(f"{where}: second preferred name for {id_}", hint=f"first one on line {preferred[id_]}")
                preferred[id_] = line
            seen.add((id_, alias, kind))
            out.append(Variant(id_, alias, kind, (row["source_note"] or "").strip(), line))
    return out


def _iso_names(country, nl: gettext.NullTranslations) -> tuple[str, list[str]]:
    """(pycountry Dutch name, every Dutch name pycountry knows) for one country."""
    common = getattr(country, "common_name", None)
    official = getattr(country, "official_name", None)
    name = nl.gettext(common) if common else nl.gettext(country.name)
    names = [nl.gettext(country.name)]
    if common:
        names.append(nl.gettext(common))
    if official:
        names.append(nl.gettext(official))
    return name, list(dict.fromkeys(names))


def build_entries(variants: Sequence[Variant] | None = None) -> list[dict]:
    """One COUNTRY entry per ISO 3166-1 code, sorted by id."""
    variants = read_variants() if variants is None else list(variants)
    nl = dutch()
    source_base = f"pycountry {pycountry_version()} (iso-codes, Dutch locale)"
    by_id: dict[str, list[Variant]] = {}
    for v in variants:
        by_id.setdefault(v.id, []).append(v)

    entries = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = country.alpha_2
        rows = by_id.get(code, [])
        iso_name, iso_names = _iso_names(country, nl)
        excluded = {v.alias for v in rows if v.kind == "exclude"}
        stale = excluded - set(iso_names)
        if stale:
            line = min(v.line for v in rows if v.kind == "exclude" and v.alias in stale)
            raise KnowledgeError(
                f"{VARIANTS_CSV.name}:{line}: exclude {sorted(stale)} is not a pycountry name of {code}",
                hint=f"pycountry {pycountry_version()} has {iso_names}; drop the stale row",
            )
        preferred = [v.alias for v in rows if v.kind == "preferred"]
        name = preferred[0] if preferred else iso_name
        forms = [n for n in iso_names if n not in excluded]
        forms += [v.alias for v in rows if v.kind in ("preferred", "name", "abbreviation")]
        rest = sorted(set(forms) - {name})
        aliases = ([name] if name not in excluded else []) + rest
        adjectives = list(dict.fromkeys(v.alias for v in rows if v.kind == "adjective"))
        entry = {
            "label": "COUNTRY",
            "id": code,
            "name": name,
            "aliases": aliases,
            "adjectives": adjectives,
            "external": {
                "iso3166_1_alpha2": code,
                "iso3166_1_alpha3": country.alpha_3,
                "iso3166_1_numeric": country.numeric,
            },
            "source": source_base + (f"; curated variants: {VARIANTS_REF}" if rows else ""),
        }
        entries.append({k: entry[k] for k in KEY_ORDER})
    return entries


def render(entries: Iterable[dict]) -> str:
    """The JSONL text: one object per line, UTF-8 characters kept, trailing newline."""
    return "".join(json.dumps(e, ensure_ascii=False, separators=(", ", ": ")) + "\n" for e in entries)


def generate(out: Path = OUTPUT, variants_csv: Path = VARIANTS_CSV) -> Path:
    """Write the countries file to ``out`` (atomically) and return its path."""
    from policy_kg.io import atomic_write

    return atomic_write(out, render(build_entries(read_variants(variants_csv))))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m policy_kg.ner.tools.make_countries", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUTPUT, help=f"output file (default: {OUTPUT})")
    parser.add_argument("--variants", type=Path, default=VARIANTS_CSV, help="curated CSV (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the output file differs")
    args = parser.parse_args(argv)
    try:
        text = render(build_entries(read_variants(args.variants)))
        if args.check:
            current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
            if current != text:
                print(f"{args.out} is out of date; run python -m policy_kg.ner.tools.make_countries", file=sys.stderr)
                return 1
            print(f"{args.out} is up to date")
            return 0
        from policy_kg.io import atomic_write

        atomic_write(args.out, text)
    except KnowledgeError as exc:
        print(f"error: {exc.one_line()}", file=sys.stderr)
        return 2
    n = text.count("\n")
    print(f"wrote {n} countries to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
