"""The served pages in a real browser (Playwright driving Debian's chromium, headless): markup in a
query, a path or a file name never runs, and the server's CSP is what the browser enforces.
Skipped when there is no playwright package or no chromium on PATH."""

from __future__ import annotations

import shutil
import threading
from urllib.parse import quote

import pytest
from policy_kg.graph.server import make_server

XSS = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"


@pytest.fixture(scope="module")
def base(written, tmp_path_factory):
    d = tmp_path_factory.mktemp("browser-hostile")
    shutil.copy(written[0] / "graph.trig", d / "graph.trig")
    (d / f"{IMG}.txt").write_text("x")
    # a file of DIR that is not HTML but holds markup: served as text/plain with a sandboxing CSP
    (d / "notes.txt").write_text(f"<html><body>{XSS}{IMG}</body></html>")
    srv = make_server(d, port=0, workers=1, quiet=True, time_limit=5)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv.url.rstrip("/")
    srv.shutdown()
    srv.close()
    t.join(5)


@pytest.mark.parametrize("path", [
    "/",
    "/files/",
    "/queries/",
    f"/{quote(XSS)}",
    f"/query/{quote(XSS)}",
    f"/query/exclusions-in-force?date={quote(XSS)}",
    "/sparql?format=html&query=" + quote(f'SELECT ?x WHERE {{ BIND("</textarea>{XSS}{IMG}" AS ?x) }}'),
    "/sparql?query=" + quote(f"SELECT * WHERE {{ {XSS}"),
    "/files/notes.txt",
])
def test_serve_pages_in_browser_run_nothing(browser, base, path):
    page = browser.new_page()
    dialogs, requests = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(base + path)
        page.wait_for_timeout(200)
        assert dialogs == []
        assert page.evaluate("document.querySelectorAll('script, img[onerror]').length") == 0
        assert [u for u in requests if not u.startswith(base)] == []  # nothing fetched from elsewhere
        if "BIND" in path:  # the value is shown as text, in the table and in the form
            assert f"</textarea>{XSS}{IMG}" in page.inner_text("table")
    finally:
        page.close()


def test_serve_csp_is_enforced_by_the_browser(browser, base):
    """Script that would be injected into a page of ours is blocked by the CSP header (the page's
    own markup is replaced in the browser to simulate an escaping bug)."""
    page = browser.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(base + "/queries/")
        page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';
                                 document.body.appendChild(s); }""")
        assert page.evaluate("window.ran === undefined")
        assert violations and ("script-src" in violations[0] or "default-src" in violations[0])
    finally:
        page.close()
