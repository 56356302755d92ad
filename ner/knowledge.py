"""Knowledge files under ner/data: gazetteer entries with canonical ids, aliases and sources."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from policy_kg.errors import KnowledgeError

DATA_DIR = Path(__file__).with_name("data")

LABELS = (
    "LICENCE", "PERSON", "FACTION", "COUNTRY", "PLACE", "ORG", "SYSTEM",
    "RULING", "DOCUMENT", "LAW", "MOTION", "EVENT", "MONEY", "DATE",
)

# keys of an entry whose values are surface forms that name the entity
SURFACE_KEYS = ("aliases", "adjectives", "long_names", "former_names")


@dataclass(frozen=True, slots=True)
class Entry:
    label: str
    id: str
    name: str
    surface_forms: tuple[str, ...]
    external: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    source: str = ""
    data: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def _parse_line(path: Path, lineno: int, line: str) -> Entry:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise KnowledgeError(f"{path.name}:{lineno}: not JSON ({exc.msg})", hint="one JSON object per line") from exc
    for key in ("label", "id"):
        if not obj.get(key):
            raise KnowledgeError(f"{path.name}:{lineno}: entry without '{key}'", hint="every entry needs label and id")
    if obj["label"] not in LABELS:
        raise KnowledgeError(f"{path.name}:{lineno}: unknown label {obj['label']!r}", hint=f"use one of {', '.join(LABELS)}")
    forms: list[str] = []
    for key in SURFACE_KEYS:
        value = obj.get(key) or []
        if isinstance(value, str):
            value = [value]
        forms.extend(value)
    name = obj.get("name") or obj["id"]
    if not forms:
        forms = [name]
    uniq = tuple(dict.fromkeys(f for f in forms if f and f.strip()))
    return Entry(obj["label"], obj["id"], name, uniq, dict(obj.get("external") or {}), obj.get("source", ""), obj)


def load_file(path: Path) -> list[Entry]:
    entries = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                entries.append(_parse_line(path, lineno, line))
    return entries


def gazetteer_files(data_dir: Path = DATA_DIR) -> list[Path]:
    """Every knowledge file (JSONL with label/id entries); pattern files are named *patterns*.jsonl."""
    return sorted(p for p in data_dir.glob("*.jsonl") if "patterns" not in p.name)


@lru_cache(maxsize=4)
def load_entries(data_dir: Path = DATA_DIR) -> tuple[Entry, ...]:
    out: list[Entry] = []
    for path in gazetteer_files(data_dir):
        out.extend(load_file(path))
    return tuple(out)


def index(entries: Iterable[Entry]) -> dict[tuple[str, str], Entry]:
    """Entries by (label, id)."""
    return {(e.label, e.id): e for e in entries}
