"""The one place that mints IRIs (CONTRACT section 5).

Every IRI the graph uses for project things is built here, from the canonical ids of
CONTRACT sections 1-3, so that an IRI depends on nothing but its id: not on run order,
process, machine or ``PYTHONHASHSEED``. Researchers cite these, so the forms below are
part of the contract and must not change:

==============  ====================================================================
vocabulary      ``https://w3id.org/policy-kg/def#<term>``  (:data:`DEF`)
entity          ``https://w3id.org/policy-kg/id/<label lower>/<id>``
source file     ``https://w3id.org/policy-kg/id/source/<file name>``
named graph     ``https://w3id.org/policy-kg/graph/<file name>``
knowledge graph ``https://w3id.org/policy-kg/graph/knowledge`` (background knowledge from the
                knowledge files, not read from any document; no file may be named ``knowledge``)
question        ``https://w3id.org/policy-kg/id/question/<file name>/<n>``
answer          ``https://w3id.org/policy-kg/id/answer/<file name>/<n>`` (the answer to question n)
goods           ``https://w3id.org/policy-kg/id/goods/<literal>`` (literal fact subjects)
statement       ``https://w3id.org/policy-kg/id/statement/<16 hex of sha1>``
text span       ``https://w3id.org/policy-kg/id/span/<file name>/<start>-<end>``
dataset         ``https://w3id.org/policy-kg/dataset`` (VoID/DCAT description)
dataset part    ``https://w3id.org/policy-kg/dataset/<kind>/<name>`` (class/property
                partitions, distributions)
==============  ====================================================================

``<id>``, ``<file name>``, ``<n>`` and ``<literal>`` are one path segment each: the string in
Unicode NFC (so an NFD file name from macOS gives the same IRI), UTF-8, percent-encoded
except for the RFC 3986 unreserved characters ``A-Z a-z 0-9 - . _ ~`` (so ``:``, ``/``,
``#``, ``%`` and spaces are always encoded: ``ECLI:NL:GHDHA:2024:191`` ->
``ECLI%3ANL%3AGHDHA%3A2024%3A191``, ``Ruben Brekelmans`` -> ``Ruben%20Brekelmans``).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from urllib.parse import quote

from rdflib import OWL, RDFS, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from policy_kg.model import Fact

DEF = Namespace("https://w3id.org/policy-kg/def#")
BASE = "https://w3id.org/policy-kg/"
ID_BASE = BASE + "id/"
GRAPH_BASE = BASE + "graph/"

#: The entity labels of CONTRACT section 1, in contract order.
LABELS: tuple[str, ...] = (
    "LICENCE",
    "PERSON",
    "FACTION",
    "COUNTRY",
    "PLACE",
    "ORG",
    "SYSTEM",
    "RULING",
    "DOCUMENT",
    "LAW",
    "MOTION",
    "EVENT",
    "MONEY",
    "DATE",
)

#: Kinds of project IRI under ``id/`` that are not entity labels.
ID_KINDS: tuple[str, ...] = ("source", "question", "answer", "goods", "statement", "span")

DATASET = URIRef(BASE + "dataset")

WIKIDATA = Namespace("http://www.wikidata.org/entity/")
CELEX = Namespace("http://publications.europa.eu/resource/celex/")
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")

_PREDICATE_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_QUESTION_RE = re.compile(r"QUESTION:(?P<doc>.+)#(?P<n>[^#]+)\Z", re.S)
_CELEX_RE = re.compile(r"[0-9CE][0-9]{4}[A-Z]{1,2}[0-9A-Z()_.-]+\Z")
_QID_RE = re.compile(r"Q[1-9][0-9]*\Z")
_ECLI_NL_RE = re.compile(r"ECLI:NL:[A-Z0-9]+:[0-9]{4}:[A-Z0-9.]+\Z")
_ECLI_RE = re.compile(r"ECLI:[A-Z]{2}:[A-Z0-9.]+:[0-9]{4}:[A-Z0-9.]+\Z")
_BWB_RE = re.compile(r"BWB[RV][0-9]{7}\Z")
_ISO_RES = {"iso3166_1_alpha2": re.compile(r"[A-Z]{2}\Z"), "iso3166_1_alpha3": re.compile(r"[A-Z]{3}\Z"),
            "iso3166_1_numeric": re.compile(r"[0-9]{3}\Z")}
# Publications with a landing page at zoek.officielebekendmakingen.nl/<id>.
_OB_RE = re.compile(r"(kst|stcrt|stb|trb|gmb|prb|wsb|bgr|ah-tk|ah-ek|h-tk|h-ek|blg)-[0-9A-Za-z-]+\Z")


def encode_segment(value: str) -> str:
    """One IRI path segment: NFC, UTF-8, percent-encoded except ``A-Za-z0-9-._~``.

    The dot segments ``.`` and ``..`` are written ``%2E``/``%2E%2E``, so that IRI
    normalisation (RFC 3986 remove_dot_segments) cannot change them.
    """
    if not isinstance(value, str):
        raise TypeError(f"IRI segment must be a str, not {type(value).__name__}")
    encoded = quote(unicodedata.normalize("NFC", value), safe="")
    return encoded.replace(".", "%2E") if encoded in (".", "..") else encoded


def _check_label(label: str) -> str:
    if label not in LABELS:
        raise ValueError(f"unknown entity label {label!r}; known labels: {', '.join(LABELS)}")
    return label


def _check_nonempty(what: str, value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"empty {what} {value!r}: an IRI needs a non-empty value")
    return value


def entity_iri(label: str, id: str) -> URIRef:  # noqa: A002 - the CONTRACT calls it id
    """``id/<label lower>/<id>`` for a CONTRACT entity, e.g. ``id/licence/NL007``."""
    _check_label(label)
    _check_nonempty(f"{label} id", id)
    return URIRef(f"{ID_BASE}{label.lower()}/{encode_segment(id)}")


def source_iri(doc_id: str) -> URIRef:
    """The input document (file) node: ``id/source/<file name>``."""
    return URIRef(f"{ID_BASE}source/{encode_segment(_check_nonempty('document id', doc_id))}")


def graph_iri(doc_id: str) -> URIRef:
    """The named graph that holds what was read from one document: ``graph/<file name>``."""
    return URIRef(f"{GRAPH_BASE}{encode_segment(_check_nonempty('document id', doc_id))}")


#: Name of the graph of background knowledge (:func:`knowledge_graph_iri`); a document of this name is refused.
KNOWLEDGE_GRAPH_NAME = "knowledge"


def knowledge_graph_iri() -> URIRef:
    """The named graph of background knowledge from the knowledge files (``ner/data``), such as
    the chains of appeal between rulings: ``graph/knowledge``. Nothing in it is read from a
    document, so it holds no statements and no text spans."""
    return URIRef(f"{GRAPH_BASE}{KNOWLEDGE_GRAPH_NAME}")


def question_iri(doc_id: str, n: str | int) -> URIRef:
    """Question ``n`` of a document: ``id/question/<file name>/<n>`` (CONTRACT section 3)."""
    doc = encode_segment(_check_nonempty("document id", doc_id))
    return URIRef(f"{ID_BASE}question/{doc}/{encode_segment(_check_nonempty('question number', str(n)))}")


def answer_iri(doc_id: str, n: str | int) -> URIRef:
    """The answer to question ``n`` of a document: ``id/answer/<file name>/<n>``."""
    doc = encode_segment(_check_nonempty("document id", doc_id))
    return URIRef(f"{ID_BASE}answer/{doc}/{encode_segment(_check_nonempty('question number', str(n)))}")


def dataset_part_iri(kind: str, name: str) -> URIRef:
    """A part of the dataset description: ``dataset/<kind>/<name>`` (``dataset/class/Licence``,
    ``dataset/property/excludesDestination``, ``dataset/distribution/graph.ttl``)."""
    if kind not in ("class", "property", "distribution"):
        raise ValueError(f"unknown dataset part kind {kind!r}; known: class, property, distribution")
    return URIRef(f"{DATASET}/{kind}/{encode_segment(_check_nonempty('dataset part name', name))}")


def goods_iri(text: str) -> URIRef:
    """A literal fact subject (unnamed goods, ``"nachtzichtkijkers"``): ``id/goods/<text>``.

    RDF has no literal subjects, so the direct triple needs a node; the text is
    whitespace-normalised, case is kept (it is copied from the document).
    """
    return URIRef(f"{ID_BASE}goods/{encode_segment(_check_nonempty('goods text', normalise_space(text)))}")


def span_iri(doc_id: str, start: int, end: int) -> URIRef:
    """Characters ``[start, end)`` of a document: ``id/span/<file name>/<start>-<end>``."""
    if not (isinstance(start, int) and isinstance(end, int)) or start < 0 or end < start:
        raise ValueError(f"bad span offsets [{start!r}, {end!r}) in {doc_id!r}")
    return URIRef(f"{ID_BASE}span/{encode_segment(_check_nonempty('document id', doc_id))}/{start}-{end}")


def statement_key(fact: Fact) -> str:
    """The canonical string a statement IRI is hashed from (JSON, NFC, qualifiers sorted)."""
    nfc = lambda s: unicodedata.normalize("NFC", str(s))  # noqa: E731
    quals = sorted((nfc(k), nfc(v)) for k, v in fact.qualifiers)
    payload = [nfc(fact.doc), nfc(fact.subject), nfc(fact.predicate), nfc(fact.object), quals, fact.start, fact.end]
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def statement_iri(fact: Fact) -> URIRef:
    """``id/statement/<first 16 hex digits of sha1(statement_key(fact))>``.

    The key covers document, subject, predicate, object, qualifiers and evidence offsets,
    so the same claim read from two sentences gives two statements, each with its own
    provenance; the IRI is the same in every run, process and machine.
    """
    digest = hashlib.sha1(statement_key(fact).encode("utf-8")).hexdigest()
    return URIRef(f"{ID_BASE}statement/{digest[:16]}")


def predicate_iri(name: str) -> URIRef:
    """The vocabulary IRI of a fact predicate: ``def#<name>`` (``def#excludesDestination``)."""
    if not isinstance(name, str) or not _PREDICATE_RE.match(name):
        raise ValueError(f"bad fact predicate {name!r}: expected a name like 'excludesDestination'")
    return DEF[name]


def parse_ref(ref: str) -> tuple[str, str] | tuple[str, str, str] | None:
    """Split a fact reference: ``("LICENCE", "NL007")``, ``("QUESTION", doc, n)`` or None (a literal).

    ``LABEL:id`` is split at the first colon, so ids may contain colons
    (``RULING:ECLI:NL:GHDHA:2024:191``). Only the 14 CONTRACT labels count as labels: any
    other text is a literal, whatever colons it contains.
    """
    m = _QUESTION_RE.match(ref)
    if m:
        return ("QUESTION", m.group("doc"), m.group("n"))
    label, sep, rest = ref.partition(":")
    if sep and label in LABELS:
        return (label, rest)
    return None


def term_for_ref(ref: str) -> URIRef | Literal:
    """The RDF term of a fact subject/object: entity IRI, question IRI or a literal (``@nl``)."""
    parsed = parse_ref(ref)
    if parsed is None:
        return Literal(normalise_space(ref), lang="nl")
    if parsed[0] == "QUESTION":
        return question_iri(parsed[1], parsed[2])
    return entity_iri(parsed[0], parsed[1])


def external_iri(scheme: str, value: str) -> URIRef:
    """An IRI outside the project for a well-known identifier (the table is in ontology/policy-kg.ttl).

    ``wikidata``  ``Q42`` -> ``http://www.wikidata.org/entity/Q42`` (the entity itself: ``owl:sameAs``);
    ``celex``     -> ``http://publications.europa.eu/resource/celex/<celex>`` (the act in the EU
                  Publications Office's Cellar: ``owl:sameAs`` for a LAW);
    ``ecli``      Dutch ECLIs -> ``https://deeplink.rechtspraak.nl/uitspraak?id=<ECLI>``, the
                  Rechtspraak permanent link (a landing page: ``rdfs:seeAlso``);
    ``ob``        Kamerstuk/Staatscourant/... ids -> ``https://zoek.officielebekendmakingen.nl/<id>``;
    ``bwb``       ``BWBR0038437`` -> ``https://wetten.overheid.nl/BWBR0038437`` (landing pages);
    ``iso3166_1_alpha3`` ``ISR`` -> ``http://publications.europa.eu/resource/authority/country/ISR``,
                  the EU country authority concept, whose codes are the ISO 3166-1 alpha-3 codes.
    """
    if scheme == "wikidata":
        if not _QID_RE.match(value):
            raise ValueError(f"bad Wikidata QID {value!r}: expected Q followed by digits")
        return WIKIDATA[value]
    if scheme == "celex":
        if not _CELEX_RE.match(value):
            raise ValueError(f"bad CELEX number {value!r}")
        return CELEX[quote(value, safe="()")]
    if scheme == "ecli":
        if not _ECLI_NL_RE.match(value):
            raise ValueError(f"no resolver for ECLI {value!r}: only ECLI:NL:... is linked")
        return URIRef(f"https://deeplink.rechtspraak.nl/uitspraak?id={value}")
    if scheme == "ob":
        if not _OB_RE.match(value):
            raise ValueError(f"{value!r} is not an officielebekendmakingen.nl publication id")
        return URIRef(f"https://zoek.officielebekendmakingen.nl/{value}")
    if scheme == "bwb":
        if not _BWB_RE.match(value):
            raise ValueError(f"bad BWB id {value!r}: expected BWBR followed by 7 digits")
        return URIRef(f"https://wetten.overheid.nl/{value}")
    if scheme == "iso3166_1_alpha3":
        if not _ISO_RES[scheme].match(value):
            raise ValueError(f"bad ISO 3166-1 alpha-3 code {value!r}")
        return EU_COUNTRY[value]
    raise ValueError(f"unknown identifier scheme {scheme!r}; known: wikidata, celex, ecli, ob, bwb, iso3166_1_alpha3")


#: Knowledge-file ``external`` key -> local name of the pkg: datatype of its ``skos:notation``.
NOTATION_DATATYPES: dict[str, str] = {
    "wikidata": "WikidataQID",
    "celex": "CELEX",
    "ecli": "ECLI",
    "bwb": "BWB",
    "iso3166_1_alpha2": "ISO3166Alpha2",
    "iso3166_1_alpha3": "ISO3166Alpha3",
    "iso3166_1_numeric": "ISO3166Numeric",
}

#: Knowledge-file ``external`` keys that name the same thing (``officielebekendmakingen`` = ``ob``).
_SCHEME_ALIASES = {"officielebekendmakingen": "ob"}

_VALID = {
    "wikidata": _QID_RE, "celex": _CELEX_RE, "ecli": _ECLI_RE, "bwb": _BWB_RE, "ob": _OB_RE, **_ISO_RES,
}


def _notation(scheme: str, value: str) -> Literal:
    return Literal(value, datatype=DEF[NOTATION_DATATYPES[scheme]])


def external_links(
    label: str,
    id: str,  # noqa: A002
    wikidata: str | None = None,
    external: Mapping[str, str] | None = None,
) -> list[tuple[URIRef, URIRef | Literal]]:
    """(property, value) pairs that tie an entity to well-known identifiers.

    Every entity has ``dcterms:identifier`` = its canonical id. Identifiers of the entity itself
    (from its own id, or from ``external``, the knowledge file's ``{scheme: value}``, or
    ``wikidata``) become a ``skos:notation`` typed with the scheme's datatype
    (``"IL"^^pkg:ISO3166Alpha2``, ``"32021R0821"^^pkg:CELEX``, ``"ECLI:NL:..."^^pkg:ECLI``,
    ``"Q801"^^pkg:WikidataQID``) and a link: ``owl:sameAs`` the Wikidata entity and the CELEX
    resource, ``rdfs:seeAlso`` landing pages (Rechtspraak, officielebekendmakingen.nl,
    wetten.overheid.nl) and the EU country authority concept.

    A LICENCE's ``external`` ids name the act that establishes it (the Dual-use Regulation for
    EU001-EU008, a Regeling for NL008/NL009), not the licence: they become ``pkg:legalBasis``
    links. Malformed or unknown ``external`` values are skipped (tests check the knowledge files).
    """
    _check_label(label)
    links: list[tuple[URIRef, URIRef | Literal]] = [(DCTERMS.identifier, Literal(id))]
    ids: dict[str, str] = {}
    if label == "COUNTRY" and _ISO_RES["iso3166_1_alpha2"].match(id):
        ids["iso3166_1_alpha2"] = id
    elif label == "LAW" and _CELEX_RE.match(id):
        ids["celex"] = id
    elif label == "RULING" and _ECLI_RE.match(id):
        ids["ecli"] = id
    elif label == "DOCUMENT" and _OB_RE.match(id):
        ids["ob"] = id
    for key, value in sorted((external or {}).items()):
        scheme = _SCHEME_ALIASES.get(key, key)
        if isinstance(value, str) and scheme in _VALID and _VALID[scheme].match(value):
            ids.setdefault(scheme, value)
    if wikidata and _QID_RE.match(wikidata):
        ids["wikidata"] = wikidata
    for scheme, value in sorted(ids.items()):
        if label == "LICENCE" and scheme in ("celex", "bwb", "ob"):
            links.append((DEF.legalBasis, external_iri(scheme, value)))
            continue
        if scheme in NOTATION_DATATYPES:
            links.append((SKOS.notation, _notation(scheme, value)))
        if scheme in ("wikidata", "celex"):
            links.append((OWL.sameAs, external_iri(scheme, value)))
        elif scheme in ("ob", "bwb", "iso3166_1_alpha3") or (scheme == "ecli" and _ECLI_NL_RE.match(value)):
            links.append((RDFS.seeAlso, external_iri(scheme, value)))
    return links


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace (line breaks included) to one space and strip."""
    return " ".join(text.split())
