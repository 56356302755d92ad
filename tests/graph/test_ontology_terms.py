"""ontology/: the Turtle is the source of truth; the Python mirror, the contract and the built graph follow it."""

from __future__ import annotations

import pyoxigraph
import pytest
from policy_kg.graph.iri import DEF, LABELS, NOTATION_DATATYPES
from policy_kg.ontology import (
    FACT_PREDICATES,
    GENRE_CONCEPTS,
    LABEL_CLASSES,
    ONTOLOGY_PATH,
    PKG,
    QUALIFIER_PROPERTIES,
    SHAPES_PATH,
    load_ontology,
    load_shapes,
)
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SH, SKOS

from policy_kg.model import GENRES, QUALIFIERS

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")

ONTO = load_ontology()
DECLARED = {s for s in ONTO.subjects() if isinstance(s, URIRef) and str(s).startswith(str(DEF))}
CONTRACT_PREDICATES = ("excludesDestination", "withdrawn", "amendedBy", "holdsOffice", "memberOf", "askedBy",
                       "decidedBy", "decisionDate", "concerns", "exportAuthorised", "developedBy", "spending")
DOCUMENT_PARTS = ("SourceDocument", "Document", "Question", "Answer", "Statement", "TextSpan")


def test_ontology_mirror_lists_exactly_the_declared_terms():
    mirror = {PKG[name] for name in PKG.__annotations__}
    assert DECLARED == mirror, (sorted(DECLARED - mirror), sorted(mirror - DECLARED))


def test_ontology_mirror_fails_on_unknown_term():
    with pytest.raises(AttributeError):
        PKG.excludesDestinaton  # noqa: B018 - misspelt on purpose


@pytest.mark.parametrize("term", sorted(PKG.__annotations__))
def test_ontology_term_has_dutch_and_english_label_and_definition(term):
    iri = PKG[term]
    labels = {lit.language for lit in ONTO.objects(iri, RDFS.label)}
    definitions = {lit.language for lit in ONTO.objects(iri, SKOS.definition)} | {
        lit.language for lit in ONTO.objects(iri, RDFS.comment)}
    assert {"nl", "en"} <= labels, f"pkg:{term} needs rdfs:label @nl and @en"
    assert {"nl", "en"} <= definitions, f"pkg:{term} needs skos:definition @nl and @en"
    assert ONTO.value(iri, RDF.type) is not None, f"pkg:{term} has no rdf:type"


@pytest.mark.parametrize("label", LABELS)
def test_ontology_every_contract_label_is_an_entity_class(label):
    cls = LABEL_CLASSES[label]
    assert (cls, RDF.type, OWL.Class) in ONTO
    assert (cls, RDFS.subClassOf, PKG.Entity) in ONTO


@pytest.mark.parametrize("name", CONTRACT_PREDICATES)
def test_ontology_every_contract_predicate_is_a_property_with_its_name(name):
    assert name in FACT_PREDICATES
    types = set(ONTO.objects(DEF[name], RDF.type))
    assert types & {OWL.ObjectProperty, OWL.DatatypeProperty}, name


@pytest.mark.parametrize("qualifier", QUALIFIERS)
def test_ontology_every_qualifier_is_a_statement_property(qualifier):
    prop = QUALIFIER_PROPERTIES[qualifier]
    assert (prop, RDFS.domain, PKG.Statement) in ONTO


@pytest.mark.parametrize("part", DOCUMENT_PARTS)
def test_ontology_document_parts_are_classes(part):
    assert (PKG[part], RDF.type, OWL.Class) in ONTO


@pytest.mark.parametrize("genre", GENRES)
def test_ontology_genre_concepts_carry_the_contract_string(genre):
    concept = GENRE_CONCEPTS[genre]
    assert (concept, RDF.type, SKOS.Concept) in ONTO
    assert (concept, SKOS.inScheme, PKG.Genres) in ONTO
    assert str(ONTO.value(concept, SKOS.notation)) == genre


@pytest.mark.parametrize(("cls", "reused"), [
    ("Person", "http://xmlns.com/foaf/0.1/Person"),
    ("Organisation", "http://www.w3.org/ns/org#Organization"),
    ("Date", "http://www.w3.org/2006/time#TemporalEntity"),
    ("Event", "https://schema.org/Event"),
    ("Question", "https://schema.org/Question"),
    ("Statement", "http://www.w3.org/ns/prov#Entity"),
    ("TextSpan", "http://www.w3.org/ns/oa#TextPositionSelector"),
])
def test_ontology_reuses_standard_vocabularies(cls, reused):
    assert (PKG[cls], RDFS.subClassOf, URIRef(reused)) in ONTO


@pytest.mark.parametrize("scheme", sorted(NOTATION_DATATYPES))
def test_ontology_declares_a_datatype_for_each_identifier_scheme(scheme):
    assert (DEF[NOTATION_DATATYPES[scheme]], RDF.type, RDFS.Datatype) in ONTO


def test_ontology_and_shapes_parse_with_pyoxigraph_like_rdflib():
    for path, graph in ((ONTOLOGY_PATH, ONTO), (SHAPES_PATH, load_shapes())):
        triples = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
        assert len(triples) == len(graph) > 100


def test_ontology_shapes_use_only_declared_terms():
    shapes = load_shapes()
    used = {t for triple in shapes for t in triple if isinstance(t, URIRef) and str(t).startswith(str(DEF))}
    assert used and used <= DECLARED, sorted(used - DECLARED)
    assert set(shapes.subjects(RDF.type, SH.NodeShape))


def test_ontology_declares_every_term_of_a_built_graph(dataset):
    used = {t for q in dataset.quads((None, None, None, None)) for t in q[:3]
            if isinstance(t, URIRef) and str(t).startswith(str(DEF))}
    used |= {URIRef(lit.datatype) for q in dataset.quads((None, None, None, None))
             for lit in q[2:3] if getattr(lit, "datatype", None) and str(lit.datatype).startswith(str(DEF))}
    assert PKG.Question in used and PKG.Answer in used and PKG.ISO3166Alpha2 in used
    assert used <= DECLARED, sorted(used - DECLARED)


def test_ontology_declares_every_term_of_the_seed_graph(seed_dataset):
    used = {t for t in _terms(seed_dataset) if str(t).startswith(str(DEF))}
    assert used <= DECLARED, sorted(used - DECLARED)


def _terms(ds: Graph):
    for s, p, o, _ in ds.quads((None, None, None, None)):
        yield from (t for t in (s, p, o) if isinstance(t, URIRef))
        if getattr(o, "datatype", None):
            yield URIRef(o.datatype)
