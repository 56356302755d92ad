"""No regex of policy_kg or policy_kg.ner backtracks catastrophically (issue 8).

Every compiled pattern at module level of ``policy_kg/*.py`` and ``ner/*.py`` (including the
ones built from the cue words in ner/data) runs over 100,000-character adversarial strings (runs
of spaces, digits, dots, hyphens, line breaks, capitalised words, ``"a" * 100000 + "!"``, nested
parentheses ...) and must finish each within a time limit. Patterns of ``ner`` run on the cleaned
view of the text (:mod:`policy_kg.ner.textview`: white space folded to one space), so they get the
cleaned string, as in the pipeline. Patterns built inside functions are covered end to end:
``structure.analyse`` and ``extract`` run over every adversarial string within a time limit.

The limit is enforced with SIGALRM, which interrupts the regex engine (POSIX only).
"""

from __future__ import annotations

import importlib
import re
import signal
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs SIGALRM (POSIX)")

ROOT = Path(__file__).resolve().parent.parent
N = 100_000
LIMIT_S = 2.0  # per pattern and string; linear patterns take milliseconds
E2E_LIMIT_S = 30.0  # analyse + extract of 100,000 characters: 0.1-3 s on an idle machine


def _rep(s: str) -> str:
    return (s * (N // len(s) + 1))[:N]


ADVERSARIAL = {
    "spaces": " " * N,
    "a-then-bang": "a" * N + "!",
    "digits": "1" * N,
    "dots": "." * N,
    "hyphens": "-" * N,
    "newlines": "\n" * N,
    "nbsp": "\u00a0" * N,
    "capitalised-words": _rep("Aaaa "),
    "capitals": "A" * N,
    "nested-parens": "(" * (N // 2) + ")" * (N // 2),
    "digit-space": _rep("1 "),
    "digit-dot": _rep("1."),
    "hyphen-newline": _rep("-\n"),
    "initials": _rep("A."),
    "space-tab-newline": _rep(" \t\n"),
    "numbers": _rep("12.345,6 "),
    "hyphenated": _rep("aa-"),
    "citation-numbers": _rep("nr. 1, "),
    "question-labels": _rep("Vraag 1 "),
    "capitalised-lines": _rep("Aa\n"),
    "numbered-lines": _rep("1.\n"),
    "apostrophes": _rep("a'"),
    "comma-digits": _rep("1,"),
    "licences": _rep("NL007 "),
    "dates": _rep("7 april 2025 "),
    "names": _rep("Van Der Berg "),
}

# patterns the code only applies anchored to a line or a gap between two mentions (match or
# fullmatch): a run of white space makes finditer over the whole string quadratic, not them
ANCHORED = {
    "policy_kg.debris._PAGE_NUMBER", "policy_kg.debris._PAGE_LABEL", "policy_kg.debris._RUNNING_HEADER",
    "policy_kg.debris._PUBLICATION_FOOTER", "policy_kg.debris._SEPARATOR",
}
# known quadratic on a long run of empty lines (finditer from every line break of the run);
# questions._sentence_around applies it to the stretch before a mention only
KNOWN_SLOW = {("policy_kg.questions._NEW_PARAGRAPH", "newlines"), ("policy_kg.questions._NEW_PARAGRAPH", "space-tab-newline")}


def _modules() -> list[str]:
    names = []
    for package, folder in (("policy_kg", ROOT / "policy_kg"), ("policy_kg.ner", ROOT / "ner")):
        names += [f"{package}.{f.stem}" for f in sorted(folder.glob("*.py")) if f.stem != "__init__"]
    return names


def _patterns() -> dict[str, re.Pattern]:
    found: dict[tuple[str, int], tuple[str, re.Pattern]] = {}

    def walk(obj, name: str, depth: int = 0) -> None:
        if isinstance(obj, re.Pattern):
            found.setdefault((obj.pattern, obj.flags), (name, obj))
        elif depth < 3 and isinstance(obj, (list, tuple)):
            for i, item in enumerate(obj):
                walk(item, f"{name}[{i}]", depth + 1)
        elif depth < 3 and isinstance(obj, dict):
            for key, item in obj.items():
                walk(item, f"{name}[{key!r}]", depth + 1)

    for module in _modules():
        for attr, value in vars(importlib.import_module(module)).items():
            walk(value, f"{module}.{attr}")
    return dict(found.values())


PATTERNS = _patterns()


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def _timed(fn, limit: float) -> float | None:
    """Seconds ``fn()`` took, or None when it was stopped at ``limit``."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    started = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        fn()
        return time.perf_counter() - started
    except _Timeout:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_regex_adversarial_patterns_are_collected():
    # the walk finds the patterns of every module, cue-word alternations from ner/data included
    assert len(PATTERNS) > 100
    assert any(name.startswith("policy_kg.ner.") for name in PATTERNS)
    assert any(name.startswith("policy_kg.structure.") for name in PATTERNS)


@pytest.fixture(scope="module")
def cleaned() -> dict[str, str]:
    from policy_kg.ner.textview import make_view

    return {name: make_view(s).clean for name, s in ADVERSARIAL.items()}


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_regex_adversarial_pattern_is_linear(name, cleaned):
    pattern = PATTERNS[name]
    inputs = cleaned if name.startswith("policy_kg.ner.") else ADVERSARIAL
    slow = []
    for kind, text in inputs.items():
        if (name, kind) in KNOWN_SLOW:
            continue
        if name in ANCHORED:
            def run(text=text):
                pattern.match(text)
                pattern.fullmatch(text)
        else:
            def run(text=text):
                for _ in pattern.finditer(text):
                    pass
        took = _timed(run, LIMIT_S)
        if took is None:
            slow.append(kind)
    assert not slow, f"{name} takes more than {LIMIT_S} s on {len(text):,}-character strings: {slow}"


@pytest.mark.parametrize("kind", sorted(ADVERSARIAL))
def test_regex_adversarial_analyse_and_extract_finish(kind):
    from policy_kg.ner.pipeline import default_nlp

    from policy_kg.extract import extract
    from policy_kg.model import Document
    from policy_kg.structure import analyse

    nlp = default_nlp()
    text = ADVERSARIAL[kind]
    result = {}

    def run():
        doc = analyse(Document(id=f"{kind}.txt", text=text))
        result["x"] = extract(doc, nlp)

    took = _timed(run, E2E_LIMIT_S)
    assert took is not None, f"analyse + extract did not finish within {E2E_LIMIT_S} s on {kind}"
    for m in result["x"].mentions:
        assert text[m.start:m.end] == m.text


if __name__ == "__main__":  # print the timings: python tests/test_regex_adversarial.py
    for name, pattern in sorted(PATTERNS.items()):
        worst = max((_timed(lambda p=pattern, t=t: [None for _ in p.finditer(t)], LIMIT_S) or LIMIT_S, k)
                    for k, t in ADVERSARIAL.items())
        print(f"{worst[0]:6.3f}s  {worst[1]:18}  {name}", file=sys.stdout)
