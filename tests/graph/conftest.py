"""Small hand-made extractions for the graph tests (no extractor involved)."""

from __future__ import annotations

import pytest

from policy_kg.model import (
    Document,
    Extraction,
    Mention,
    Question,
    Reference,
    Signatory,
    make_fact,
)

DOC_A = "004_29ef86805054f4de.txt"
DOC_B = "000_895f2254901843f9.txt"
XSS = "<script>alert(1)</script>"

TEXT_A = (
    "Antwoorden op Kamervragen over wapenexport (Kamerstuk 22 054, nr. 454).\n"
    "50. Vraag van de PVV-fractie: welke vergunningen gelden nog?\n"
    "De NL007 geldt niet voor Israël.\n"
    "Ruben Brekelmans is minister van Defensie.\n"
    "Het Gerechtshof Den Haag (ECLI:NL:GHDHA:2024:191) oordeelde over de F-35.\n"
    "Een aanvraag voor nachtzichtkijkers naar Israël is afgewezen.\n"
    f"Stichting {XSS} & co diende een verzoek in.\n"
    "De minister van Defensie,\nRuben Brekelmans\n"
)

TEXT_B = "In 2022 ging € 68,5 M naar leveranciers in de Verenigde Staten (1,6 procent van het totaal).\n"


def span_of(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """[start, end) of the ``occurrence``-th ``needle`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def sentence_of(text: str, needle: str) -> tuple[int, int]:
    """[start, end) of the line that contains ``needle``."""
    i = text.index(needle)
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    return start, end


def mention(doc: str, text: str, surface: str, label: str, id: str, occurrence: int = 0) -> Mention:  # noqa: A002
    s, e = span_of(text, surface, occurrence)
    return Mention(doc, s, e, text[s:e], label, id)


def make_extraction_a() -> Extraction:
    t = TEXT_A
    ref_s, ref_e = span_of(t, "Kamerstuk 22 054, nr. 454")
    sig_s, sig_e = span_of(t, "Ruben Brekelmans", 1)
    q_s, q_e = sentence_of(t, "50. Vraag")
    a_s, a_e = sentence_of(t, "De NL007")
    doc = Document(
        id=DOC_A,
        text=t,
        sha256="AB" * 32,
        date="2025-05-16",
        genre="antwoorden-kamervragen",
        title="Antwoorden op Kamervragen  over\nwapenexport",
        references=[
            Reference("Kamerstuk 22 054, nr. 454", "kst-22054-454", ref_s, ref_e, role="cited"),
            Reference("2025Z08791", "2025Z08791", 0, 0, role="self"),
        ],
        signatories=[Signatory("Ruben Brekelmans", "minister van Defensie", sig_s, sig_e)],
        committee="vaste commissie voor Buitenlandse Handel en Ontwikkelingshulp",
        chamber="Tweede Kamer",
        questions=[Question("50", "50", q_s, q_e, a_s, a_e, asker="FACTION:PVV")],
    )
    mentions = [
        mention(DOC_A, t, "Kamerstuk 22 054, nr. 454", "DOCUMENT", "kst-22054-454"),
        mention(DOC_A, t, "PVV-fractie", "FACTION", "PVV"),
        mention(DOC_A, t, "NL007", "LICENCE", "NL007"),
        mention(DOC_A, t, "Israël", "COUNTRY", "IL"),
        mention(DOC_A, t, "Ruben Brekelmans", "PERSON", "Ruben Brekelmans"),
        mention(DOC_A, t, "Gerechtshof Den Haag", "ORG", "Gerechtshof Den Haag"),
        mention(DOC_A, t, "ECLI:NL:GHDHA:2024:191", "RULING", "ECLI:NL:GHDHA:2024:191"),
        mention(DOC_A, t, "F-35", "SYSTEM", "F-35"),
        mention(DOC_A, t, "Israël", "COUNTRY", "IL", 1),
        mention(DOC_A, t, f"Stichting {XSS}", "ORG", f"Stichting {XSS}"),
        mention(DOC_A, t, "Ruben Brekelmans", "PERSON", "Ruben Brekelmans", 1),
    ]
    facts = [
        make_fact(DOC_A, "LICENCE:NL007", "excludesDestination", "COUNTRY:IL",
                  *sentence_of(t, "De NL007"), valid_from="2025-04-08"),
        make_fact(DOC_A, "PERSON:Ruben Brekelmans", "holdsOffice", "minister van Defensie",
                  *sentence_of(t, "Ruben Brekelmans is")),
        make_fact(DOC_A, f"QUESTION:{DOC_A}#50", "askedBy", "FACTION:PVV", *sentence_of(t, "50. Vraag")),
        make_fact(DOC_A, "RULING:ECLI:NL:GHDHA:2024:191", "decidedBy", "ORG:Gerechtshof Den Haag",
                  *sentence_of(t, "Gerechtshof")),
        make_fact(DOC_A, "RULING:ECLI:NL:GHDHA:2024:191", "concerns", "SYSTEM:F-35", *sentence_of(t, "Gerechtshof")),
        make_fact(DOC_A, "nachtzichtkijkers", "exportAuthorised", "COUNTRY:IL",
                  *sentence_of(t, "nachtzichtkijkers"), status="refused"),
    ]
    return Extraction(doc, mentions, facts)


def make_extraction_b() -> Extraction:
    t = TEXT_B
    doc = Document(id=DOC_B, text=t, date="2023-10", genre="brief", title=None)
    mentions = [
        mention(DOC_B, t, "2022", "DATE", "2022"),
        mention(DOC_B, t, "€ 68,5 M", "MONEY", "68500000"),
        mention(DOC_B, t, "Verenigde Staten", "COUNTRY", "US"),
    ]
    facts = [
        make_fact(DOC_B, "COUNTRY:US", "spending", "MONEY:68500000", 0, len(t) - 1,
                  period_start="2022-01-01", period_end="2022-12-31", measure="uitgaven", share="1.6"),
    ]
    return Extraction(doc, mentions, facts)


@pytest.fixture
def extraction_a() -> Extraction:
    return make_extraction_a()


@pytest.fixture
def extraction_b() -> Extraction:
    return make_extraction_b()


@pytest.fixture
def extractions() -> list[Extraction]:
    return [make_extraction_a(), make_extraction_b()]


@pytest.fixture
def dataset(extractions):
    from policy_kg.graph.rdf import build_dataset

    return build_dataset(extractions)


@pytest.fixture
def sample():
    """The constants and builders of this module (tests/graph has no __init__.py to import it by)."""
    import types

    return types.SimpleNamespace(DOC_A=DOC_A, DOC_B=DOC_B, TEXT_A=TEXT_A, TEXT_B=TEXT_B, XSS=XSS,
                                 make_a=make_extraction_a, make_b=make_extraction_b)


TITLE = "Wapenexport <test> & co"

_WRITE_SCRIPT = """
import importlib.util, sys
from pathlib import Path
spec = importlib.util.spec_from_file_location("graph_sample", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
from policy_kg.graph.rdf import build_dataset
from policy_kg.graph.serialise import write_rdf
from policy_kg.graph.exports import write_exports
from policy_kg.graph.store import views_store
from policy_kg.graph.views import write_views
out = Path(sys.argv[2])
a, b = mod.make_extraction_a(), mod.make_extraction_b()
if sys.argv[3] == "reversed":
    a.mentions.reverse(); a.facts.reverse(); exs = [b, a]
else:
    exs = [a, b]
ds = build_dataset(exs)
write_rdf(ds, out)
write_exports(ds, out)
write_views(views_store(ds), out, title=mod.TITLE)
"""


def write_outputs(out, order: str = "as-is", hashseed: str | None = None):
    """Build the sample dataset and write every output into ``out``, in a fresh Python process."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = dict(os.environ)
    if hashseed is not None:
        env["PYTHONHASHSEED"] = hashseed
    subprocess.run([sys.executable, "-c", _WRITE_SCRIPT, str(Path(__file__).resolve()), str(out), order],
                   check=True, env=env, capture_output=True, text=True)
    return out


@pytest.fixture(scope="session")
def written(tmp_path_factory):
    """Outputs written in this process: build_dataset -> write_rdf + write_views + write_exports."""
    from policy_kg.graph.exports import write_exports
    from policy_kg.graph.rdf import build_dataset
    from policy_kg.graph.serialise import write_rdf
    from policy_kg.graph.store import views_store
    from policy_kg.graph.views import write_views

    out = tmp_path_factory.mktemp("graph-out")
    ds = build_dataset([make_extraction_a(), make_extraction_b()])
    paths = write_rdf(ds, out)
    paths += write_views(views_store(ds), out, title=TITLE)
    paths += write_exports(ds, out)
    return out, paths


@pytest.fixture(scope="session")
def written_elsewhere(tmp_path_factory):
    """The same outputs from another process, another PYTHONHASHSEED and reversed input order."""
    import os

    seed = os.environ.get("PYTHONHASHSEED")
    other = str(int(seed) + 1) if seed and seed.isdigit() else "12345"
    return write_outputs(tmp_path_factory.mktemp("graph-out-subprocess"), order="reversed", hashseed=other)


@pytest.fixture(scope="session")
def seed_dataset(seed_extractions):
    """The dataset of the five seeds as ``policy-kg build`` makes it (extraction, cross-document linking)."""
    from policy_kg.graph.rdf import build_dataset

    from policy_kg.extract import link_across

    return build_dataset(sorted(link_across(list(seed_extractions)), key=lambda x: x.document.id))
