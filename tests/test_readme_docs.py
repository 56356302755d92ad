"""The README documents what the code does: its commands, options and named queries exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_kg.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
SHELL = "\n".join(re.findall(r"```sh\n(.*?)```", README, re.DOTALL))
COMMAND_LINES = sorted(set(re.findall(r"^policy-kg (\w+)(.*)$", SHELL, re.MULTILINE)))


@pytest.mark.parametrize("command, rest", COMMAND_LINES, ids=[f"{c}{r[:30]}" for c, r in COMMAND_LINES])
def test_readme_docs_commands_and_options_exist(command, rest):
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})
    assert result.exit_code == 0, result.output
    for option in re.findall(r"(?<![\w-])(--[a-z][\w-]*)", rest.split("#")[0]):
        assert option in result.output, f"README documents {option} for 'policy-kg {command}'"


def test_readme_docs_named_queries_exist():
    from policy_kg.graph.query import named_queries

    names = set(named_queries())
    documented = set(re.findall(r"policy-kg query ([a-z][a-z-]+) ", SHELL))
    assert documented and documented <= names


def test_readme_docs_list_every_export_file():
    exports = Path(__file__).resolve().parent.parent / "exports"
    for path in exports.iterdir():
        assert f"`{path.name}`" in README or path.name in README, path.name
