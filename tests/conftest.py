"""Shared fixtures: the repository's seeds, gold, and their extraction (computed once)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"
EXPORTS = ROOT / "exports"


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def gold():
    from policy_kg.evaluate import load_gold

    return load_gold(GOLD)


@pytest.fixture(scope="session")
def seed_extractions(seed_paths):
    from policy_kg.build import iter_extractions

    failures = []
    out = list(iter_extractions(seed_paths, on_failure=failures.append))
    assert not failures, failures
    return out


@pytest.fixture(scope="session")
def seed_report(seed_extractions, gold):
    from policy_kg.evaluate import evaluate

    return evaluate(seed_extractions, gold)
