"""The command line: bad files give one-line errors naming the file, the rest still gets processed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from policy_kg.cli import app

GOOD = "De algemene vergunning NL007 geldt niet voor Israël, met uitzondering van de volgende landen: Jemen en Egypte.\n"

BAD = {
    "missing": ("weg.txt", None),
    "empty": ("leeg.txt", b""),
    "binary": ("plaatje.txt", bytes(range(256)) * 8),
    "undecodable": ("kapot.txt", b"Isra\xebl \x81\x8d\x9d"),
}


def _run(args):
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_goed.txt").write_text(GOOD, encoding="utf-8")
    (folder / "z_goed.txt").write_text(GOOD.replace("NL007", "NL010"), encoding="utf-8")
    return folder


@pytest.mark.parametrize("case", sorted(BAD))
def test_cli_extract_bad_file_reported_and_batch_completes(batch, case):
    name, content = BAD[case]
    bad = batch / name
    if content is not None:
        bad.write_bytes(content)
    code, stdout, stderr = _run(["extract", str(batch / "a_goed.txt"), str(bad), str(batch / "z_goed.txt")])
    assert code == 1
    error_lines = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1 and name in error_lines[0]
    docs = {json.loads(line)["doc"] for line in stdout.splitlines()}
    assert docs == {"a_goed.txt", "z_goed.txt"}


def test_cli_build_directory_with_one_bad_file(batch, tmp_path):
    (batch / "m_kapot.txt").write_bytes(BAD["binary"][1])
    out = tmp_path / "out"
    code, _, stderr = _run(["build", str(batch), "--out", str(out), "--quiet"])
    assert code == 1
    assert sum(line.startswith("error:") and "m_kapot.txt" in line for line in stderr.splitlines()) == 1
    assert "1 of 3 files failed: m_kapot.txt" in stderr
    records = [json.loads(line) for line in (out / "extraction.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["doc"] for r in records} == {"a_goed.txt", "z_goed.txt"}
    facts = {(r["doc"], r["subject"], r["object"]) for r in records if r["kind"] == "fact"}
    assert ("z_goed.txt", "LICENCE:NL010", "COUNTRY:YE") in facts
    assert (out / "graph.ttl").exists() and (out / "index.html").exists()


def test_cli_extract_writes_contract_jsonl(batch, tmp_path):
    out = tmp_path / "x.jsonl"
    code, _, _ = _run(["extract", str(batch), "--out", str(out)])
    assert code == 0
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first == {"doc": "a_goed.txt", "kind": "mention", "start": 23, "end": 28, "text": "NL007", "label": "LICENCE", "id": "NL007"}


def test_cli_eval_json_reports_floors():
    code, stdout, _ = _run(["eval", "--json"])
    assert code == 0
    data = json.loads(stdout)
    assert data["mentions_strict"]["LICENCE"]["f1"] >= 0.95
    assert data["facts"]["excludesDestination"]["f1"] == 1.0


def test_cli_console_script_runs(tmp_path):
    """The installed entry point (as a user types it) works and exits 0 on good input."""
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "policy_kg.cli", "extract", str(tmp_path / "a.txt")],
                          capture_output=True, text=True, env=dict(os.environ))
    assert proc.returncode == 0, proc.stderr
    assert '"label": "LICENCE"' in proc.stdout


def test_cli_build_mixed_formats(tmp_path):
    """A journalist's folder: DOCX, HTML and text side by side all reach the graph."""
    import docx

    folder = tmp_path / "in"
    folder.mkdir()
    d = docx.Document()
    d.add_paragraph(GOOD)
    d.save(folder / "brief.docx")
    (folder / "pagina.html").write_text(f"<html><body><p>{GOOD.replace('NL007', 'NL010')}</p></body></html>", encoding="utf-8")
    (folder / "notitie.txt").write_text(GOOD.replace("Egypte", "Turkije"), encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = _run(["build", str(folder), "--out", str(out), "--quiet"])
    assert code == 0, stderr
    records = [json.loads(line) for line in (out / "extraction.jsonl").read_text(encoding="utf-8").splitlines()]
    facts = {(r["doc"], r["subject"], r["object"]) for r in records if r["kind"] == "fact"}
    assert ("brief.docx", "LICENCE:NL007", "COUNTRY:EG") in facts
    assert ("pagina.html", "LICENCE:NL010", "COUNTRY:YE") in facts
    assert ("notitie.txt", "LICENCE:NL007", "COUNTRY:TR") in facts


def test_cli_extract_cp1252_decoded_with_warning(tmp_path):
    path = tmp_path / "oud.txt"
    path.write_bytes(GOOD.encode("cp1252"))
    code, stdout, stderr = _run(["extract", str(path)])
    assert code == 0
    assert any(line.startswith("warning:") and "oud.txt" in line and "cp1252" in line for line in stderr.splitlines())
    records = [json.loads(line) for line in stdout.splitlines()]
    assert {"text": "Israël", "id": "IL"}.items() <= next(r for r in records if r.get("label") == "COUNTRY").items()
