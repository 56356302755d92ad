"""policy_kg.ontology: the project's vocabulary (``pkg:``, https://w3id.org/policy-kg/def#).

:data:`ONTOLOGY_PATH` is the OWL/Turtle file; :class:`PKG` lists every term it declares,
so that a misspelt term fails at import time (``PKG.excludesDestinaton`` raises
AttributeError). A test checks that the two stay the same set.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DefinedNamespace, Namespace

ONTOLOGY_PATH: Path = Path(__file__).with_name("policy-kg.ttl")
SHAPES_PATH: Path = Path(__file__).with_name("shapes.ttl")
ONTOLOGY_IRI = URIRef("https://w3id.org/policy-kg/def")


class PKG(DefinedNamespace):
    """Terms of https://w3id.org/policy-kg/def# (see ontology/policy-kg.ttl)."""

    _NS = Namespace("https://w3id.org/policy-kg/def#")
    _fail = True

    # entity classes (CONTRACT section 1)
    Entity: URIRef
    Licence: URIRef
    Person: URIRef
    Faction: URIRef
    Country: URIRef
    Place: URIRef
    Organisation: URIRef
    System: URIRef
    Ruling: URIRef
    Document: URIRef
    Law: URIRef
    Motion: URIRef
    Event: URIRef
    Money: URIRef
    Date: URIRef
    Goods: URIRef
    # document structure and provenance
    SourceDocument: URIRef
    Question: URIRef
    Answer: URIRef
    Statement: URIRef
    TextSpan: URIRef
    # genres of source documents (skos:Concept, dcterms:type values)
    Genres: URIRef
    GenreBrief: URIRef
    GenreAntwoordenKamervragen: URIRef
    GenreVerslagSchriftelijkOverleg: URIRef
    GenreNotaNaarAanleidingVanVerslag: URIRef
    GenreOverig: URIRef
    # datatypes of identifiers (typed skos:notation)
    WikidataQID: URIRef
    CELEX: URIRef
    ECLI: URIRef
    BWB: URIRef
    ISO3166Alpha2: URIRef
    ISO3166Alpha3: URIRef
    ISO3166Numeric: URIRef
    # fact predicates (CONTRACT section 2)
    excludesDestination: URIRef
    withdrawn: URIRef
    amendedBy: URIRef
    holdsOffice: URIRef
    memberOf: URIRef
    askedBy: URIRef
    decidedBy: URIRef
    decisionDate: URIRef
    concerns: URIRef
    exportAuthorised: URIRef
    developedBy: URIRef
    spending: URIRef
    # statement structure
    statement: URIRef
    statementSubject: URIRef
    statementPredicate: URIRef
    statementObject: URIRef
    contextSpan: URIRef
    # qualifiers
    validFrom: URIRef
    validUntil: URIRef
    status: URIRef
    measure: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    share: URIRef
    # source documents, mentions, spans
    mentions: URIRef
    mentionCount: URIRef
    denotes: URIRef
    sha256: URIRef
    committee: URIRef
    chamber: URIRef
    # questions and answers
    questionNumber: URIRef
    hasAnswer: URIRef
    answers: URIRef
    refersToAnswer: URIRef
    textSpan: URIRef
    # external identifiers
    legalBasis: URIRef
    # background knowledge (graph/knowledge), not facts read from sentences
    appealOf: URIRef
    court: URIRef


#: CONTRACT entity label -> class.
LABEL_CLASSES: dict[str, URIRef] = {
    "LICENCE": PKG.Licence,
    "PERSON": PKG.Person,
    "FACTION": PKG.Faction,
    "COUNTRY": PKG.Country,
    "PLACE": PKG.Place,
    "ORG": PKG.Organisation,
    "SYSTEM": PKG.System,
    "RULING": PKG.Ruling,
    "DOCUMENT": PKG.Document,
    "LAW": PKG.Law,
    "MOTION": PKG.Motion,
    "EVENT": PKG.Event,
    "MONEY": PKG.Money,
    "DATE": PKG.Date,
}

#: The core fact predicates of CONTRACT section 2 (names as in the contract).
FACT_PREDICATES: tuple[str, ...] = (
    "excludesDestination",
    "withdrawn",
    "amendedBy",
    "holdsOffice",
    "memberOf",
    "askedBy",
    "decidedBy",
    "decisionDate",
    "concerns",
    "exportAuthorised",
    "developedBy",
    "spending",
)

#: Properties of the background-knowledge graph (graph/knowledge) that link two entities: the
#: networkx projection draws them as edges beside the facts (without statements).
KNOWLEDGE_LINKS: tuple[URIRef, ...] = (PKG.appealOf, PKG.court)

#: Fact qualifier (policy_kg.model.QUALIFIERS) -> property of the statement node.
QUALIFIER_PROPERTIES: dict[str, URIRef] = {
    "valid_from": PKG.validFrom,
    "valid_until": PKG.validUntil,
    "status": PKG.status,
    "measure": PKG.measure,
    "period_start": PKG.periodStart,
    "period_end": PKG.periodEnd,
    "share": PKG.share,
}


#: CONTRACT genre string (policy_kg.model.GENRES) -> its concept (dcterms:type of a source document).
GENRE_CONCEPTS: dict[str, URIRef] = {
    "brief": PKG.GenreBrief,
    "antwoorden-kamervragen": PKG.GenreAntwoordenKamervragen,
    "verslag-schriftelijk-overleg": PKG.GenreVerslagSchriftelijkOverleg,
    "nota-naar-aanleiding-van-verslag": PKG.GenreNotaNaarAanleidingVanVerslag,
    "overig": PKG.GenreOverig,
}


def load_ontology() -> Graph:
    """The vocabulary as an rdflib Graph."""
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def load_shapes() -> Graph:
    """The SHACL shapes (what a valid graph must hold) as an rdflib Graph."""
    return Graph().parse(SHAPES_PATH, format="turtle")


__all__ = ["FACT_PREDICATES", "GENRE_CONCEPTS", "KNOWLEDGE_LINKS", "LABEL_CLASSES", "ONTOLOGY_IRI", "ONTOLOGY_PATH", "PKG", "QUALIFIER_PROPERTIES",
           "SHAPES_PATH", "load_ontology", "load_shapes"]
