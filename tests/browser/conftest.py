"""Browser tests of the HTML views: Playwright driving Debian's chromium (headless, never downloaded).

Skipped only when the browser is absent (no ``playwright`` package or no ``chromium`` on PATH).
Screenshots go to ``test-artifacts/screenshots/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
from views_fixtures import XSS_IMG, XSS_PERSON, XSS_SCRIPT, XSS_TEXT  # noqa: F401


def store_of(extractions):
    """An in-memory Oxigraph store holding the dataset of ``extractions`` as ``policy-kg build`` makes it."""
    from policy_kg.graph.rdf import build_dataset
    from policy_kg.graph.store import views_store

    from policy_kg.extract import link_across

    ds = build_dataset(sorted(link_across(list(extractions)), key=lambda x: x.document.id))
    return ds, views_store(ds)


def xss_extractions(folder: Path):
    """A document whose sentences (and one person's name) carry script and onerror payloads, extracted as
    usual; the person is added by hand (no recogniser would take that for a name)."""
    from policy_kg.build import iter_extractions
    from policy_kg.model import Mention, make_fact

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "xss_brief.txt").write_text(XSS_TEXT, encoding="utf-8")
    failures = []
    xs = list(iter_extractions([folder], on_failure=failures.append))
    assert not failures, failures
    x = xs[0]
    text = x.document.text
    s = text.index(XSS_PERSON)
    e = s + len(XSS_PERSON)
    line_end = text.index("\n", e)
    x.mentions.append(Mention(x.document.id, s, e, XSS_PERSON, "PERSON", XSS_PERSON))
    x.facts.append(make_fact(x.document.id, f"PERSON:{XSS_PERSON}", "memberOf", "FACTION:PVV", s, line_end))
    return xs


@pytest.fixture(scope="session")
def seed_views(seed_extractions, tmp_path_factory):
    """The views of the five seeds: (output folder, rdflib Dataset, Oxigraph store)."""
    from policy_kg.graph.views import write_views

    ds, store = store_of(seed_extractions)
    out = tmp_path_factory.mktemp("views-seeds")
    write_views(store, out, title="policy-kg seeds")
    return out, ds, store


@pytest.fixture(scope="session")
def xss_views(tmp_path_factory):
    from policy_kg.graph.views import write_views

    base = tmp_path_factory.mktemp("views-xss")
    ds, store = store_of(xss_extractions(base / "docs"))
    out = base / "out"
    write_views(store, out, title=f"XSS {XSS_SCRIPT}")
    return out, ds, store


class PageRun:
    """A page opened in the browser, with everything it logged, requested and failed to load."""

    def __init__(self, browser, out: Path, rel: str, *, viewport=(1400, 1000)):
        self.out = Path(out).resolve()
        self.page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        self.page.on("request", lambda r: self.requests.append(r.url))

        def on_dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", on_dialog)
        self.url = (self.out / rel).as_uri()
        self.page.goto(self.url)

    def wait_ready(self, timeout_ms: int = 60000) -> None:
        """Wait until the page's script says it is drawn (the pages' CSP forbids eval, so poll with evaluate)."""
        waited = 0
        while waited < timeout_ms:
            if self.page.evaluate("document.body.getAttribute('data-ready') === 'true'"):
                return
            self.page.wait_for_timeout(100)
            waited += 100
        raise AssertionError(f"{self.url} not ready after {timeout_ms} ms")

    def drawn(self) -> dict:
        return self.page.evaluate("window.policyKgView.drawn()")

    def assert_clean(self) -> None:
        problems = [f"{t}: {m}" for t, m in self.console if t in ("error", "warning")]
        assert not problems, problems
        assert not self.errors, self.errors
        assert not self.failed, self.failed
        assert not self.dialogs, self.dialogs
        base = self.out.as_uri() + "/"
        outside = [u for u in self.requests if not u.startswith(base)]
        assert not outside, f"requests outside the export folder: {outside}"

    def screenshot(self, name: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / name
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def open_page(browser):
    runs: list[PageRun] = []

    def _open(out, rel, **kw) -> PageRun:
        run = PageRun(browser, out, rel, **kw)
        runs.append(run)
        return run

    yield _open
    for run in runs:
        run.close()
