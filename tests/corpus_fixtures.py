"""A small synthetic corpus for the build tests: paragraphs of the seed documents recombined,
with a sentence of varied names, licences and countries in each, so that every document differs.

``make_corpus(folder, n)`` writes ``doc_0000.txt`` ... and returns the paths; the same ``n`` and
``seed`` always give the same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

FIRST = ("Anna", "Bram", "Carla", "Daan", "Eva", "Floor", "Gijs", "Hanna", "Iris", "Joost")
LAST = ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer", "Bos", "Vos")
COUNTRIES = ("Israël", "Turkije", "Egypte", "Saoedi-Arabië", "Oekraïne", "India", "Qatar", "Pakistan")
LICENCES = ("NL001", "NL003", "NL004", "NL007", "NL009")


def _paragraphs() -> list[str]:
    out = []
    for p in sorted(SEEDS.glob("*.txt")):
        for para in p.read_text(encoding="utf-8").split("\n\n"):
            if 80 <= len(para) <= 1200:
                out.append(para.strip())
    return out


def make_doc(i: int, *, seed: int = 0, paragraphs: list[str] | None = None, size: int = 6) -> str:
    rng = random.Random(f"{seed}-{i}")
    paras = paragraphs if paragraphs is not None else _paragraphs()
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    lines = [
        f"Tweede Kamer der Staten-Generaal\n\nBrief van de minister over wapenexport ({i})",
        f"Den Haag, {rng.randint(1, 28)} {rng.choice(('januari', 'maart', 'mei', 'juli', 'oktober'))} {rng.randint(2015, 2025)}",
        (f"De algemene vergunning {rng.choice(LICENCES)} geldt niet voor {rng.choice(COUNTRIES)}. "
         f"Minister {person} heeft de Kamer hierover geïnformeerd."),
    ]
    lines += rng.sample(paras, min(size, len(paras)))
    lines.append(f"De minister van Buitenlandse Zaken,\n{person}")
    return "\n\n".join(lines) + "\n"


def make_corpus(folder: Path, n: int, *, seed: int = 0, size: int = 6) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paras = _paragraphs()
    paths = []
    for i in range(n):
        p = folder / f"doc_{i:05d}.txt"
        p.write_text(make_doc(i, seed=seed, paragraphs=paras, size=size), encoding="utf-8")
        paths.append(p)
    return paths
