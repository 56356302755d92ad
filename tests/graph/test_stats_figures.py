"""graph/stats.py and `policy-kg stats`: counts by class and predicate, most connected, components."""

from __future__ import annotations

import json

import pytest
from policy_kg.graph.iri import entity_iri
from policy_kg.graph.stats import graph_stats, is_rdf_file, load_graph
from typer.testing import CliRunner

from policy_kg.cli import app

pytestmark = [
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

IL = str(entity_iri("COUNTRY", "IL"))
HOF = str(entity_iri("RULING", "ECLI:NL:GHDHA:2024:191"))


def test_stats_totals_and_counts(dataset):
    s = graph_stats(dataset)
    assert s["totals"]["documents"] == 2
    assert s["totals"]["statements"] == 7 and s["totals"]["facts"] == 7
    assert s["classes"]["pkg:Statement"] == 7 and s["classes"]["pkg:Country"] == 2
    assert s["classes"]["pkg:Question"] == 1 and s["classes"]["pkg:Answer"] == 1
    assert list(s["classes"].values()) == sorted(s["classes"].values(), reverse=True)
    assert s["predicates"]["excludesDestination"] == {"triples": 1, "statements": 1}
    assert s["predicates"]["withdrawn"] == {"triples": 0, "statements": 0}  # every contract predicate is listed
    assert s["labels"]["COUNTRY"] == 2


def test_stats_most_connected_and_components(dataset):
    s = graph_stats(dataset, top=3)
    top = s["most_connected"]
    assert len(top) == 3
    # the ruling: decidedBy and concerns from the document, appealOf both ways from the background knowledge
    assert top[0]["iri"] == HOF and top[0]["degree"] == 4 and top[0]["in"] == 1 and top[0]["documents"] == 1
    assert top[1]["iri"] == IL and top[1]["degree"] == 2 and top[1]["in"] == 2 and top[1]["documents"] == 1
    degrees = [r["degree"] for r in top]
    assert degrees == sorted(degrees, reverse=True)
    comp = s["components"]
    # ruling+court+F-35 with the chain of appeal (2 rulings, 2 courts), IL+NL007+goods, question+PVV,
    # US+money; the rest are mentioned but in no fact
    assert comp["largest_sizes"][:4] == [7, 3, 2, 2]
    assert comp["nodes_in_facts"] == 14
    assert comp["count"] == comp["isolated_nodes"] + 4


def test_stats_counts_background_knowledge_apart_from_facts(dataset):
    s = graph_stats(dataset)
    # GHDHA:2024:191 <- HR:2025:1435 and RBDHA:2023:19744 <- GHDHA:2024:191; a court for each of the three
    assert s["knowledge"] == {"appealOf": 2, "court": 3}
    assert s["totals"]["knowledge_links"] == 4  # the hof's court is also a decidedBy fact: one edge
    assert "appealOf" not in s["predicates"] and s["totals"]["facts"] == 7


def test_stats_same_for_dataset_and_file_read_back(dataset, written):
    out, _ = written
    from_file = graph_stats(load_graph(out / "graph.trig"))
    assert from_file == graph_stats(dataset)
    assert graph_stats(load_graph(out / "graph.ttl")) == from_file


@pytest.mark.parametrize("name", ["graph.ttl", "graph.trig", "graph.nt", "graph.jsonld"])
def test_stats_loads_every_rdf_export(written, dataset, name):
    out, _ = written
    assert is_rdf_file(out / name)
    from policy_kg.graph.serialise import union_triples

    assert len(load_graph(out / name)) == len(union_triples(dataset))


def test_stats_rejects_non_rdf(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("a,b\n", encoding="utf-8")
    assert not is_rdf_file(p)
    with pytest.raises(ValueError, match="not an RDF file"):
        load_graph(p)


def test_stats_empty_graph():
    from rdflib import Graph

    s = graph_stats(Graph())
    assert s["totals"]["network_nodes"] == 0 and s["components"]["count"] == 0 and s["most_connected"] == []


def test_stats_cli_json(written):
    out, _ = written
    result = CliRunner().invoke(app, ["stats", str(out / "graph.trig"), "--json", "--top", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["totals"]["documents"] == 2 and len(data["most_connected"]) == 2


def test_stats_cli_tables(written):
    out, _ = written
    result = CliRunner().invoke(app, ["stats", str(out / "graph.ttl")])
    assert result.exit_code == 0, result.output
    for heading in ("Totals", "Instances by class", "Facts by predicate", "Most connected", "Components:"):
        assert heading in result.stdout
    assert "excludesDestination" in result.stdout and "Israël" in result.stdout


def test_stats_cli_from_documents(tmp_path):
    doc = tmp_path / "brief.txt"
    doc.write_text("De algemene vergunning NL007 geldt niet voor Israël.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["stats", str(doc), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["totals"]["documents"] == 1


def test_stats_cli_missing_input(tmp_path):
    result = CliRunner().invoke(app, ["stats", str(tmp_path / "nothing.trig")])
    assert result.exit_code == 2
    assert "policy-kg build" in result.output
