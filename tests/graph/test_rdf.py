"""graph/rdf.py: the dataset built from extractions, and its networkx projection."""

from __future__ import annotations

import pytest
from policy_kg.graph.iri import (
    DEF,
    entity_iri,
    goods_iri,
    graph_iri,
    knowledge_graph_iri,
    question_iri,
    source_iri,
    span_iri,
    statement_iri,
)
from policy_kg.graph.rdf import (
    OA,
    build_dataset,
    dataset_to_networkx,
    date_literal,
    decimal_literal,
)
from policy_kg.graph.serialise import graph_from_triples, union_triples
from policy_kg.ontology import FACT_PREDICATES, ONTOLOGY_PATH, PKG, load_ontology
from rdflib import OWL, RDF, XSD, BNode, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, PROV, SKOS

from policy_kg.model import Extraction, Mention, make_fact

# the sample extractions of conftest.py (kept in sync by test_rdf_sample_constants)
DOC_A = "004_29ef86805054f4de.txt"
DOC_B = "000_895f2254901843f9.txt"
XSS = "<script>alert(1)</script>"

NL007 = URIRef("https://w3id.org/policy-kg/id/licence/NL007")
IL = URIRef("https://w3id.org/policy-kg/id/country/IL")
RUBEN = entity_iri("PERSON", "Ruben Brekelmans")


# rdflib 7.6 warns inside Dataset.triples() whenever default_union is set: not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")


def test_rdf_sample_constants(sample):
    assert (sample.DOC_A, sample.DOC_B, sample.XSS) == (DOC_A, DOC_B, XSS)


def fact_of(ex: Extraction, predicate: str):
    return next(f for f in ex.facts if f.predicate == predicate)


def test_rdf_direct_triple_present(dataset):
    assert (NL007, URIRef("https://w3id.org/policy-kg/def#excludesDestination"), IL) in dataset
    assert (NL007, DEF.excludesDestination, IL) in dataset.graph(graph_iri(DOC_A))


def test_rdf_statement_carries_qualifier_and_span(dataset, extraction_a, sample):
    f = fact_of(extraction_a, "excludesDestination")
    st = statement_iri(f)
    g = dataset.graph(graph_iri(DOC_A))
    assert (NL007, PKG.statement, st) in g
    assert (st, RDF.type, PKG.Statement) in g
    assert (st, PKG.statementSubject, NL007) in g
    assert (st, PKG.statementPredicate, PKG.excludesDestination) in g
    assert (st, PKG.statementObject, IL) in g
    assert (st, PKG.validFrom, Literal("2025-04-08", datatype=XSD.date)) in g
    span = g.value(st, PROV.wasDerivedFrom)
    assert span == span_iri(DOC_A, f.start, f.end)
    assert (span, RDF.type, PKG.TextSpan) in g
    assert (span, DCTERMS.source, source_iri(DOC_A)) in g
    assert int(g.value(span, OA.start)) == f.start and int(g.value(span, OA.end)) == f.end
    exact = g.value(span, OA.exact)
    assert str(exact) == sample.TEXT_A[f.start:f.end] == "De NL007 geldt niet voor Israël."


def test_rdf_one_named_graph_per_document(dataset):
    named = {g.identifier for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)}
    # DOC_A names a ruling of the knowledge file: its chain of appeal is background knowledge
    assert named == {graph_iri(DOC_A), graph_iri(DOC_B), knowledge_graph_iri()}
    assert len(dataset.graph(DATASET_DEFAULT_GRAPH_ID)) == 0


def test_rdf_without_knowledge_only_document_graphs(extractions):
    ds = build_dataset(extractions, knowledge=False)
    named = {g.identifier for g in ds.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)}
    assert named == {graph_iri(DOC_A), graph_iri(DOC_B)}


def test_rdf_each_named_graph_stands_alone(dataset):
    """Every project IRI used in a graph is typed (and named) in that same graph."""
    for g in dataset.graphs():
        if not len(g):
            continue
        used = {t for s, p, o in g for t in (s, o) if isinstance(t, URIRef) and "/policy-kg/id/" in t}
        for iri in used:
            assert g.value(iri, RDF.type) is not None, (g.identifier, iri)


def test_rdf_no_blank_nodes(dataset):
    assert not any(isinstance(t, BNode) for q in dataset.quads((None, None, None, None)) for t in q)


def test_rdf_literal_object_fact(dataset, extraction_a):
    office = Literal("minister van Defensie", lang="nl")
    assert (RUBEN, PKG.holdsOffice, office) in dataset
    st = statement_iri(fact_of(extraction_a, "holdsOffice"))
    assert (st, PKG.statementObject, office) in dataset


def test_rdf_question_node(dataset):
    q = question_iri(DOC_A, 50)
    assert (q, RDF.type, PKG.Question) in dataset
    assert (q, DCTERMS.isPartOf, source_iri(DOC_A)) in dataset
    assert (q, PKG.askedBy, entity_iri("FACTION", "PVV")) in dataset


def test_rdf_literal_subject_becomes_goods_node(dataset, extraction_a):
    goods = goods_iri("nachtzichtkijkers")
    assert (goods, RDF.type, PKG.Goods) in dataset
    assert (goods, SKOS.prefLabel, Literal("nachtzichtkijkers", lang="nl")) in dataset
    assert (goods, PKG.exportAuthorised, IL) in dataset
    st = statement_iri(fact_of(extraction_a, "exportAuthorised"))
    assert (st, PKG.status, Literal("refused")) in dataset


def test_rdf_ruling_with_colons_in_id(dataset):
    ruling = URIRef("https://w3id.org/policy-kg/id/ruling/ECLI%3ANL%3AGHDHA%3A2024%3A191")
    assert (ruling, RDF.type, PKG.Ruling) in dataset
    assert (ruling, DCTERMS.identifier, Literal("ECLI:NL:GHDHA:2024:191")) in dataset
    assert (ruling, PKG.decidedBy, entity_iri("ORG", "Gerechtshof Den Haag")) in dataset


def test_rdf_spending_qualifiers_are_typed(dataset, extraction_b):
    st = statement_iri(extraction_b.facts[0])
    assert (st, PKG.share, Literal("1.6", datatype=XSD.decimal)) in dataset
    assert (st, PKG.periodStart, Literal("2022-01-01", datatype=XSD.date)) in dataset
    assert (st, PKG.periodEnd, Literal("2022-12-31", datatype=XSD.date)) in dataset
    assert (st, PKG.measure, Literal("uitgaven", lang="nl")) in dataset
    money = entity_iri("MONEY", "68500000")
    assert (money, RDF.value, Literal("68500000", datatype=XSD.integer)) in dataset
    assert (entity_iri("DATE", "2022"), RDF.value, Literal("2022", datatype=XSD.gYear)) in dataset


def test_rdf_source_document_node(dataset, sample):
    src = source_iri(DOC_A)
    g = dataset.graph(graph_iri(DOC_A))
    assert (src, RDF.type, PKG.SourceDocument) in g
    assert (src, DCTERMS.identifier, Literal(DOC_A)) in g
    assert (src, DCTERMS.date, Literal("2025-05-16", datatype=XSD.date)) in g
    assert (src, DCTERMS.type, PKG.GenreAntwoordenKamervragen) in g
    assert (src, DCTERMS.title, Literal("Antwoorden op Kamervragen over wapenexport", lang="nl")) in g
    assert (src, PKG.sha256, Literal("ab" * 32)) in g
    assert (src, DCTERMS.references, entity_iri("DOCUMENT", "kst-22054-454")) in g
    assert (src, PROV.specializationOf, entity_iri("DOCUMENT", "2025Z08791")) in g
    assert (src, DCTERMS.creator, RUBEN) in g
    assert (src, PKG.mentions, NL007) in g
    assert int(g.value(src, PKG.mentionCount)) == len(sample.make_a().mentions)
    assert (source_iri(DOC_B), DCTERMS.date, Literal("2023-10", datatype=XSD.gYearMonth)) in dataset


def test_rdf_entity_names_and_surface_forms(dataset):
    pvv = entity_iri("FACTION", "PVV")
    assert (pvv, RDF.type, PKG.Faction) in dataset
    assert (pvv, SKOS.prefLabel, Literal("PVV")) in dataset
    assert (pvv, SKOS.altLabel, Literal("PVV-fractie", lang="nl")) in dataset
    assert (IL, SKOS.prefLabel, Literal("Israël", lang="nl")) in dataset
    assert (IL, SKOS.notation, Literal("IL", datatype=PKG.ISO3166Alpha2)) in dataset
    assert list(dataset.objects(IL, SKOS.altLabel)) == []  # the only surface form equals the name


def test_rdf_labels_and_wikidata_arguments(sample):
    ds = build_dataset([sample.make_a()], labels={("LICENCE", "NL007"): "Algemene vergunning NL007"},
                       wikidata={("COUNTRY", "IL"): "Q801"})
    assert (NL007, SKOS.prefLabel, Literal("Algemene vergunning NL007", lang="nl")) in ds
    assert (NL007, SKOS.altLabel, Literal("NL007", lang="nl")) in ds
    assert (IL, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q801")) in ds


def test_rdf_mention_spans_option(sample):
    ex = sample.make_a()
    ds = build_dataset([ex], mention_spans=True)
    m = ex.mentions[2]
    span = span_iri(DOC_A, m.start, m.end)
    assert (span, PKG.denotes, NL007) in ds
    assert str(ds.value(span, OA.exact)) == "NL007"
    assert not list(build_dataset([sample.make_a()]).subjects(PKG.denotes, None))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-04-08", Literal("2025-04-08", datatype=XSD.date)),
        ("2025-03", Literal("2025-03", datatype=XSD.gYearMonth)),
        ("2025", Literal("2025", datatype=XSD.gYear)),
        ("2025-02-30", Literal("2025-02-30")),
        ("2025-13", Literal("2025-13")),
        ("voorjaar 2025", Literal("voorjaar 2025")),
    ],
)
def test_rdf_date_literal(value, expected):
    lit = date_literal(value)
    assert lit == expected and lit.datatype == expected.datatype


@pytest.mark.parametrize(("value", "expected"), [("1.6", "1.6"), ("1,6", "1.6"), ("12", "12")])
def test_rdf_decimal_literal(value, expected):
    assert decimal_literal(value) == Literal(expected, datatype=XSD.decimal)


def test_rdf_decimal_literal_keeps_non_numbers_plain():
    assert decimal_literal("ongeveer 2").datatype is None


def test_rdf_build_independent_of_input_order(sample):
    a = build_dataset([sample.make_a(), sample.make_b()])
    ex_a, ex_b = sample.make_a(), sample.make_b()
    ex_a.mentions.reverse()
    ex_a.facts.reverse()
    b = build_dataset([ex_b, ex_a])
    assert set(a.quads((None, None, None, None))) == set(b.quads((None, None, None, None)))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda ex: ex.mentions.append(Mention(DOC_A, 0, 3, "Ant", "WEAPON", "x")), "WEAPON"),
        (lambda ex: ex.facts.append(make_fact(DOC_A, "LICENCE:NL007", "concerns", "COUNTRY:IL", 5, 10**6)), "outside the text"),
        (lambda ex: ex.facts.append(make_fact(DOC_B, "LICENCE:NL007", "concerns", "COUNTRY:IL", 0, 5)), "belongs to"),
        (lambda ex: ex.facts.append(make_fact(DOC_A, "LICENCE:NL007", "has part", "COUNTRY:IL", 0, 5)), "predicate"),
    ],
)
def test_rdf_rejects_bad_extraction(mutate, message, sample):
    ex = sample.make_a()
    mutate(ex)
    with pytest.raises(ValueError, match=message):
        build_dataset([ex])


def test_rdf_ontology_parses_and_declares_every_term_used(dataset):
    onto = load_ontology()
    declared = {s for s in onto.subjects() if isinstance(s, URIRef) and s.startswith(str(DEF))}
    # PKG (the Python namespace) and the Turtle file list the same terms
    assert declared == {PKG[name] for name in PKG.__annotations__}
    assert {PKG[p] for p in FACT_PREDICATES} <= declared
    used = {t for q in dataset.quads((None, None, None, None)) for t in q[:3] if isinstance(t, URIRef) and t.startswith(str(DEF))}
    assert used and used <= declared, used - declared
    assert ONTOLOGY_PATH.name == "policy-kg.ttl"


def test_rdf_ontology_terms_have_dutch_and_english_labels():
    from rdflib import RDFS

    onto = load_ontology()
    for name in PKG.__annotations__:
        langs = {lit.language for lit in onto.objects(PKG[name], RDFS.label)}
        assert {"nl", "en"} <= langs, name
        assert onto.value(PKG[name], SKOS.definition) is not None, name


def test_rdf_ontology_parses_with_pyoxigraph():
    import pyoxigraph

    triples = list(pyoxigraph.parse(path=str(ONTOLOGY_PATH), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(load_ontology())


def test_rdf_networkx_projection(dataset):
    G = dataset_to_networkx(dataset)
    # 13 mentioned + committee + chamber + from the knowledge graph: 2 rulings of the chain and their 2 courts
    assert G.graph == {"documents": 2, "entities": 19, "statements": 7, "facts": 7, "knowledge_links": 4}
    n = G.nodes[str(NL007)]
    assert n["label"] == "LICENCE" and n["name"] == "NL007" and n["id"] == "NL007"
    assert n["docs"] == [DOC_A]
    assert G.nodes[str(RUBEN)]["literals"] == {"holdsOffice": ["minister van Defensie"]}
    assert G.nodes[str(entity_iri("FACTION", "PVV"))]["surface_forms"] == ["PVV-fractie"]
    assert G.nodes[str(question_iri(DOC_A, 50))]["label"] == "QUESTION"
    assert G.nodes[str(goods_iri("nachtzichtkijkers"))]["label"] == "GOODS"
    edge = G.get_edge_data(str(NL007), str(IL), key="excludesDestination")
    assert edge["qualifiers"] == [{"validFrom": "2025-04-08"}]
    assert edge["docs"] == [DOC_A] and len(edge["statements"]) == 1 and edge["knowledge"] is False
    hof, hr = str(entity_iri("RULING", "ECLI:NL:GHDHA:2024:191")), str(entity_iri("RULING", "ECLI:NL:HR:2025:1435"))
    appeal = G.get_edge_data(hr, hof, key="appealOf")
    assert appeal["knowledge"] is True and appeal["statements"] == [] and appeal["docs"] == []
    assert G.nodes[hr]["label"] == "RULING" and G.nodes[hr]["docs"] == []  # named by no document
    court = str(entity_iri("ORG", "Hoge Raad der Nederlanden"))
    assert G.get_edge_data(hr, court, key="court")["knowledge"] is True
    # the hof's court is stated in the document: the decidedBy fact, no second edge from the knowledge
    assert set(G.get_edge_data(hof, str(entity_iri("ORG", "Gerechtshof Den Haag")))) == {"decidedBy"}
    assert all(isinstance(n, str) for n in G.nodes)
    assert G.nodes[str(entity_iri("ORG", f"Stichting {XSS}"))]["name"] == f"Stichting {XSS}"


def test_rdf_networkx_projection_is_deterministic(sample):
    a = dataset_to_networkx(build_dataset([sample.make_a(), sample.make_b()]))
    b = dataset_to_networkx(build_dataset([sample.make_b(), sample.make_a()]))
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


def test_rdf_union_graph_matches_union_of_named_graphs(dataset):
    union = graph_from_triples(dataset.triples((None, None, None)))
    assert isomorphic(union, graph_from_triples(union_triples(dataset)))
