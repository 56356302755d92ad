"""The bad-input corpus (tests/bad_inputs): every file is refused with one line, or read with a
warning, or read cleanly; extraction of what is read stays inside the text and within time and
memory; a batch build with all of them and two seeds finishes the good ones and says what failed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bad_inputs.make_bad_inputs import CASES, build_corpus  # tests/ is on sys.path

from policy_kg.errors import DocumentError
from policy_kg.readers import MAX_TEXT_CHARS_ENV, read_document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))[:3:2]  # two seeds: 000 and 002
BY_NAME = {c.name: c for c in CASES}
READ = [c.name for c in CASES if c.outcome != "error"]
REFUSED = [c.name for c in CASES if c.outcome == "error"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad_inputs")
    build_corpus(folder)
    return folder


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_readers_bad_input_gives_one_line_or_a_warning(corpus, name, monkeypatch):
    monkeypatch.delenv(MAX_TEXT_CHARS_ENV, raising=False)
    case, path = BY_NAME[name], corpus / name
    started = time.perf_counter()
    if case.outcome == "error":
        with pytest.raises(DocumentError) as info:
            read_document(path)
        message = str(info.value)
        assert "\n" not in message and message.startswith(str(path))
        assert "hint:" in message
        assert any(w.lower() in message.lower() for w in case.words), message
    else:
        doc = read_document(path)
        assert doc.text.strip()
        assert "\x00" not in doc.text and "\r" not in doc.text
        if case.outcome == "warning":
            assert any(w.lower() in " ".join(doc.warnings).lower() for w in case.words), doc.warnings
            assert all("\n" not in w for w in doc.warnings)
        else:
            assert doc.warnings == []
    assert time.perf_counter() - started < 30  # the 100,000-level HTML takes ~4 s


@pytest.mark.parametrize("name", READ)
def test_readers_bad_input_that_is_read_extracts_inside_its_text(corpus, name):
    from policy_kg.extract import extract

    doc = read_document(corpus / name)
    started = time.perf_counter()
    x = extract(doc)
    assert time.perf_counter() - started < 60  # 1.1 million characters on one line: ~6 s
    assert x.mentions, name  # each holds "NL007" or "Israël"
    for m in x.mentions:
        assert 0 <= m.start < m.end <= len(doc.text)
        assert doc.text[m.start:m.end] == m.text
    for f in x.facts:
        for start, end in ((f.start, f.end), *f.context):
            assert 0 <= start < end <= len(doc.text)


def test_readers_rtl_and_emoji_offsets_are_code_points(corpus):
    from policy_kg.extract import extract

    doc = read_document(corpus / "rtl-emoji.txt")
    x = extract(doc)
    found = {(m.label, m.id): m for m in x.mentions}
    assert ("LICENCE", "NL007") in found and ("COUNTRY", "IL") in found
    nl007 = found[("LICENCE", "NL007")]
    assert doc.text.index("NL007") == nl007.start  # after Hebrew, Arabic, bidi marks and flag emoji


def test_readers_text_limit_is_configurable(tmp_path, monkeypatch):
    path = tmp_path / "lang.txt"
    path.write_text("Datum 7 april 2025\n" + "woord " * 5000, encoding="utf-8")
    assert read_document(path).text.startswith("Datum")
    monkeypatch.setenv(MAX_TEXT_CHARS_ENV, "20000")
    with pytest.raises(DocumentError, match=r"too long: 30,019 characters, more than the limit of 20,000 .*"
                                            + MAX_TEXT_CHARS_ENV):
        read_document(path)


def _run(code: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout, check=False,
                          cwd=ROOT, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


MEMORY_PROBE = """
import resource, sys
from policy_kg.errors import DocumentError
from policy_kg.extract import extract
from policy_kg.readers import read_document
try:
    read_document(sys.argv[1])
except DocumentError:
    pass
x = extract(read_document(sys.argv[2]))
# VmHWM is this process's own peak: ru_maxrss would carry the peak of the parent (pytest) from
# before the exec, which in a full test run is gigabytes
try:
    with open("/proc/self/status") as fh:
        print(next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) // 1024)
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="resource.getrusage is POSIX")
def test_readers_bad_input_memory_stays_bounded(corpus):
    # refusing the 50 MB text and extracting 1.1 million characters on one line: ~300 MB peak
    # (of which ~140 MB are Python, spaCy and the model)
    done = _run(MEMORY_PROBE, str(corpus / "huge.txt"), str(corpus / "one-line.txt"))
    assert done.returncode == 0, done.stderr[-2000:]
    peak_mb = int(done.stdout.split()[-1])
    assert peak_mb < 800, peak_mb


# --- the batch ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch")
    build_corpus(folder)
    for seed in SEEDS:
        (folder / seed.name).write_bytes(seed.read_bytes())
    out = tmp_path_factory.mktemp("out")
    env = {**os.environ, "POLICY_KG_CACHE": str(tmp_path_factory.mktemp("cache"))}
    env.pop(MAX_TEXT_CHARS_ENV, None)
    done = subprocess.run([sys.executable, "-m", "policy_kg.cli", "build", str(folder), "--out", str(out), "-q"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT, env=env, check=False)
    return folder, out, done


def test_build_with_bad_inputs_finishes_the_good_ones(batch):
    folder, out, done = batch
    assert done.returncode != 0, done.stderr[-3000:]
    docs = {json.loads(line)["doc"] for line in (out / "extraction.jsonl").read_text(encoding="utf-8").splitlines()}
    assert docs == set(READ) | {s.name for s in SEEDS}
    for line in (out / "extraction.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["kind"] == "mention" and record["doc"] in ("rtl-emoji.txt", "cp1252.txt", "nul-bytes.txt"):
            text = read_document(folder / record["doc"]).text
            assert text[record["start"]:record["end"]] == record["text"]


def test_build_with_bad_inputs_gives_each_failure_one_line(batch):
    _, _, done = batch
    lines = done.stderr.splitlines()
    for name in REFUSED:
        mine = [line for line in lines if f"{os.sep}{name}:" in line]
        assert len(mine) == 1, (name, mine)
        assert mine[0].startswith("error: ") and "hint:" in mine[0]
        assert any(w.lower() in mine[0].lower() for w in BY_NAME[name].words), mine[0]
    for name in (c.name for c in CASES if c.outcome == "warning"):
        assert any(line.startswith("warning: ") and f"{os.sep}{name}:" in line for line in lines), name
    assert not any("internal error" in line or "Traceback" in line for line in lines), done.stderr[-3000:]
    total = len(CASES) + len(SEEDS)
    assert re.search(rf"\b{len(REFUSED)} of {total} files failed\b", done.stderr), done.stderr[-500:]


def test_build_with_bad_inputs_summary_names_the_failures(batch):
    _, _, done = batch
    summary = [line for line in done.stderr.splitlines() if "files failed" in line]
    assert summary and all(name in summary[-1] for name in REFUSED), summary
