"""Extraction quality on the development gold (tests/gold), the figures issue 2 asks for."""

import pytest

FLOORS_STRICT = {"LICENCE": 0.95, "COUNTRY": 0.95, "FACTION": 0.95, "DATE": 0.95, "MONEY": 0.95}


@pytest.mark.parametrize("label,floor", sorted(FLOORS_STRICT.items()))
def test_extract_mention_strict_f1_floor(seed_report, label, floor):
    score = seed_report.strict[label]
    assert score.f1 >= floor, f"{label} strict F1 {score.f1:.3f} < {floor} (fp={score.fp}, fn={score.fn})"


@pytest.mark.parametrize("label", sorted(FLOORS_STRICT))
def test_extract_entity_ids_f1_floor(seed_report, label):
    assert seed_report.entities[label].f1 >= 0.95


def test_extract_excludes_destination_is_exact(seed_report):
    score = seed_report.facts["excludesDestination"]
    assert (score.tp, score.fp, score.fn) == (59, 0, 0)


@pytest.mark.parametrize("licence,expected", [
    ("NL007", {"YE": None, "SA": "2016", "AE": "2016", "EG": "2019", "TR": "2020", "UA": "2020"}),
])
def test_extract_nl007_exclusions_with_dates(seed_extractions, licence, expected):
    x = next(x for x in seed_extractions if x.document.id.startswith("004"))
    got = {f.object.split(":")[1]: f.qualifier_dict.get("valid_from")
           for f in x.facts if f.predicate == "excludesDestination" and f.subject == f"LICENCE:{licence}" and f.object != "COUNTRY:IL"}
    assert got == expected


def test_extract_mentions_are_exact_spans(seed_extractions):
    for x in seed_extractions:
        for m in x.mentions:
            assert x.document.text[m.start:m.end] == m.text
        spans = sorted((m.start, m.end) for m in x.mentions)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "mentions overlap"


def test_extract_fact_evidence_contains_subject_and_object(seed_extractions):
    for x in seed_extractions:
        by_span = {}
        for m in x.mentions:
            by_span.setdefault(m.ref, []).append((m.start, m.end))
        for f in x.facts:
            for ref in (f.subject, f.object):
                if ref in by_span:
                    evidence = [(f.start, f.end), *f.context]  # context: a footnote, a table header
                    assert any(a <= s and e <= b for s, e in by_span[ref] for a, b in evidence), (f, ref)
