"""Shared fixtures: the repository's seeds, gold, and their extraction (computed once)."""

from __future__ import annotations

import shutil
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


# One headless chromium for the whole session (Playwright allows one sync instance per process),
# shared by the views' browser tests (tests/browser/) and the served pages' (tests/graph/).
@pytest.fixture(scope="session")
def chromium_path():
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("no chromium on PATH (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=["--no-sandbox"], headless=True)
        yield b
        b.close()
