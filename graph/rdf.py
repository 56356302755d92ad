"""Extractions -> an RDF dataset (one named graph per document) and its networkx projection.

Modelling (see ontology/policy-kg.ttl for the vocabulary and the statement pattern):

* the input file is a ``pkg:SourceDocument`` (``id/source/<file name>``) with
  ``dcterms:identifier`` (file name), ``dcterms:date``, ``dcterms:type`` (the genre concept,
  :data:`policy_kg.ontology.GENRE_CONCEPTS`), ``dcterms:title``, ``dcterms:format``,
  ``pkg:sha256``, ``pkg:mentionCount``, ``dcterms:references`` (cited DOCUMENT entities),
  ``prov:specializationOf`` (the DOCUMENT entity it is itself, from references with role
  "self"), ``dcterms:creator`` (signatories as PERSON entities), ``pkg:committee`` and
  ``pkg:chamber`` (ORG entities) and ``pkg:mentions`` for every entity mentioned;
* every numbered question is a ``pkg:Question`` (``id/question/<file name>/<key>``) and its
  answer a ``pkg:Answer`` (``id/answer/<file name>/<key>``): ``dcterms:isPartOf`` the source
  document, ``pkg:textSpan`` the ``pkg:TextSpan`` of its text, ``pkg:hasAnswer`` /
  ``pkg:answers`` between them, ``pkg:refersToAnswer`` between answers, ``pkg:mentions`` the
  entities mentioned inside; who asked is the ``askedBy`` fact (a statement like any other);
* every entity IRI used in a graph is described in that graph: ``rdf:type``,
  ``skos:prefLabel``, ``dcterms:identifier`` (canonical id) and external links
  (:func:`policy_kg.graph.iri.external_links`: typed ``skos:notation``, ``owl:sameAs``,
  ``rdfs:seeAlso``, ``pkg:legalBasis``), ``skos:altLabel`` for each surface form in
  that document, ``rdf:value`` for DATE and MONEY;
* every fact is a direct triple plus a ``pkg:Statement`` with qualifiers and
  ``prov:wasDerivedFrom`` a ``pkg:TextSpan`` (``oa:start``/``oa:end``/``oa:exact``,
  ``dcterms:source`` the source document);
* no blank nodes: every node has an IRI from :mod:`policy_kg.graph.iri`, so a build is
  reproducible triple for triple.
"""

from __future__ import annotations

import datetime as _dt
import gettext
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache

import networkx as nx
from policy_kg.ontology import (
    GENRE_CONCEPTS,
    KNOWLEDGE_LINKS,
    LABEL_CLASSES,
    PKG,
    QUALIFIER_PROPERTIES,
)
from rdflib import OWL, RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from policy_kg.model import Extraction, Fact

from .iri import (
    DEF,
    ID_BASE,
    LABELS,
    answer_iri,
    entity_iri,
    external_links,
    goods_iri,
    graph_iri,
    knowledge_graph_iri,
    normalise_space,
    parse_ref,
    predicate_iri,
    question_iri,
    source_iri,
    span_iri,
    statement_iri,
)

OA = Namespace("http://www.w3.org/ns/oa#")

#: Prefixes bound on every dataset and used, in this order, by every serialisation.
PREFIXES: tuple[tuple[str, str], ...] = (
    ("pkg", str(DEF)),
    ("rdf", str(RDF)),
    ("rdfs", str(RDFS)),
    ("xsd", str(XSD)),
    ("owl", str(OWL)),
    ("skos", str(SKOS)),
    ("dcterms", str(DCTERMS)),
    ("prov", str(PROV)),
    ("oa", str(OA)),
    # entity prefixes are the label in lower case, except ORG: "org:" is the W3C Organization vocabulary's
    *(("organisation" if label == "ORG" else label.lower(), f"{ID_BASE}{label.lower()}/") for label in LABELS),
    ("goods", f"{ID_BASE}goods/"),
    ("question", f"{ID_BASE}question/"),
    ("answer", f"{ID_BASE}answer/"),
    ("source", f"{ID_BASE}source/"),
    ("statement", f"{ID_BASE}statement/"),
    ("span", f"{ID_BASE}span/"),
    ("graph", "https://w3id.org/policy-kg/graph/"),
)
_PREFIXES_BY_LENGTH = sorted(PREFIXES, key=lambda p: -len(p[1]))


def curie(iri) -> str:
    """``pkg:Licence`` for an IRI under a bound namespace (longest first), else the IRI as text."""
    text = str(iri)
    for prefix, ns in _PREFIXES_BY_LENGTH:
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text

_CLASS_LABELS: dict[URIRef, str] = {cls: label for label, cls in LABEL_CLASSES.items()}
_CLASS_LABELS[PKG.Goods] = "GOODS"
_CLASS_LABELS[PKG.Question] = "QUESTION"

_MIME = {"txt": "text/plain", "pdf": "application/pdf", "html": "text/html",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
_DATE_QUALIFIERS = {"valid_from", "valid_until", "period_start", "period_end"}
_DECIMAL_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")
_INTEGER_RE = re.compile(r"[+-]?[0-9]+\Z")


# ---------------------------------------------------------------------------
# typed literals


def date_literal(value: str) -> Literal:
    """ISO 8601 ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` as xsd:date / gYearMonth / gYear.

    Anything else (or an impossible date such as 2025-02-30) stays a plain string, so a
    bad value never becomes an ill-typed literal.
    """
    v = value.strip()
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", v):
        try:
            _dt.date.fromisoformat(v)
        except ValueError:
            return Literal(v)
        return Literal(v, datatype=XSD.date)
    if re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", v):
        return Literal(v, datatype=XSD.gYearMonth)
    if re.fullmatch(r"[0-9]{4}", v):
        return Literal(v, datatype=XSD.gYear)
    return Literal(v)


def decimal_literal(value: str) -> Literal:
    """A decimal string (``1.6``; a Dutch decimal comma is accepted) as xsd:decimal, else a plain string."""
    v = value.strip().replace(",", ".") if value.count(",") == 1 and "." not in value else value.strip()
    return Literal(v, datatype=XSD.decimal) if _DECIMAL_RE.match(v) else Literal(value.strip())


def _amount_literal(value: str) -> Literal:
    v = value.strip()
    if _INTEGER_RE.match(v):
        return Literal(v, datatype=XSD.integer)
    return decimal_literal(v)


def _offset(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.nonNegativeInteger)


@lru_cache(maxsize=1)
def _country_names_nl():
    """Dutch country names from pycountry's bundled ISO 3166-1 translations (no network)."""
    try:
        import pycountry

        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"], fallback=True)
    except Exception:  # pragma: no cover - pycountry is a declared dependency
        return {}
    names = {}
    for c in pycountry.countries:
        names[c.alpha_2] = tr.gettext(getattr(c, "common_name", None) or c.name)
    return names


def default_name(label: str, id: str) -> Literal:  # noqa: A002
    """The skos:prefLabel used when no name is supplied: the Dutch country name or the id itself."""
    if label == "COUNTRY":
        name = _country_names_nl().get(id)
        if name:
            return Literal(name, lang="nl")
    return Literal(id)


# ---------------------------------------------------------------------------
# building


def _describe_entity(g: Graph, label: str, id: str, labels: Mapping, wikidata: Mapping,  # noqa: A002
                     external: Mapping) -> URIRef:
    """Type, name, canonical id and external links of an entity, added to ``g`` (the same in every graph)."""
    iri = entity_iri(label, id)
    g.add((iri, RDF.type, LABEL_CLASSES[label]))
    name = labels.get((label, id))
    g.add((iri, SKOS.prefLabel, Literal(name, lang="nl") if name else default_name(label, id)))
    for prop, value in external_links(label, id, wikidata.get((label, id)), external.get((label, id))):
        g.add((iri, prop, value))
    if label == "DATE":
        lit = date_literal(id)
        if lit.datatype is not None:
            g.add((iri, RDF.value, lit))
    elif label == "MONEY":
        lit = _amount_literal(id)
        if lit.datatype is not None:
            g.add((iri, RDF.value, lit))
    return iri


class _DocGraph:
    """Adds the content of one extraction to its named graph."""

    def __init__(self, ds: Dataset, ex: Extraction, labels: Mapping, wikidata: Mapping, external: Mapping,
                 mention_spans: bool):
        self.doc = ex.document
        self.ex = ex
        self.g = ds.graph(graph_iri(self.doc.id))
        self.src = source_iri(self.doc.id)
        self.labels = labels
        self.wikidata = wikidata
        self.external = external
        self.mention_spans = mention_spans
        self.described: set[URIRef] = set()
        self.entities: set[tuple[str, str]] = set()  # (label, id) of every entity described here

    def add(self, s, p, o) -> None:
        self.g.add((s, p, o))

    # -- nodes -----------------------------------------------------------

    def entity(self, label: str, id: str) -> URIRef:  # noqa: A002
        iri = entity_iri(label, id)
        if iri in self.described:
            return iri
        self.described.add(iri)
        self.entities.add((label, id))
        _describe_entity(self.g, label, id, self.labels, self.wikidata, self.external)
        return iri

    def question(self, doc: str, n: str) -> URIRef:
        iri = question_iri(doc, n)
        if iri not in self.described:
            self.described.add(iri)
            self.add(iri, RDF.type, PKG.Question)
            self.add(iri, SKOS.prefLabel, Literal(f"vraag {n}", lang="nl"))
            self.add(iri, DCTERMS.identifier, Literal(f"{doc}#{n}"))
            self.add(iri, DCTERMS.isPartOf, source_iri(doc))
        return iri

    def answer(self, key: str) -> URIRef:
        iri = answer_iri(self.doc.id, key)
        if iri not in self.described:
            self.described.add(iri)
            self.add(iri, RDF.type, PKG.Answer)
            self.add(iri, SKOS.prefLabel, Literal(f"antwoord {key}", lang="nl"))
            self.add(iri, DCTERMS.identifier, Literal(f"{self.doc.id}#{key}"))
            self.add(iri, DCTERMS.isPartOf, self.src)
        return iri

    def goods(self, text: str) -> URIRef:
        iri = goods_iri(text)
        if iri not in self.described:
            self.described.add(iri)
            self.add(iri, RDF.type, PKG.Goods)
            self.add(iri, SKOS.prefLabel, Literal(normalise_space(text), lang="nl"))
            self.add(iri, DCTERMS.identifier, Literal(normalise_space(text)))
        return iri

    def ref(self, ref: str, *, subject: bool) -> URIRef | Literal:
        parsed = parse_ref(ref)
        if parsed is None:
            if subject:  # RDF has no literal subjects: unnamed goods get a node
                return self.goods(ref)
            return Literal(normalise_space(ref), lang="nl")
        if parsed[0] == "QUESTION":
            return self.question(parsed[1], parsed[2])
        return self.entity(parsed[0], parsed[1])

    def span(self, start: int, end: int, what: str) -> URIRef:
        text = self.doc.text
        if not (0 <= start <= end <= len(text)):
            raise ValueError(f"{self.doc.id}: {what} has offsets [{start}, {end}) outside the text (length {len(text)})")
        iri = span_iri(self.doc.id, start, end)
        self.add(iri, RDF.type, PKG.TextSpan)
        self.add(iri, DCTERMS.source, self.src)
        self.add(iri, OA.start, _offset(start))
        self.add(iri, OA.end, _offset(end))
        self.add(iri, OA.exact, Literal(text[start:end]))
        return iri

    # -- content ---------------------------------------------------------

    def source_document(self) -> None:
        d, s = self.doc, self.src
        self.add(s, RDF.type, PKG.SourceDocument)
        self.add(s, DCTERMS.identifier, Literal(d.id))
        if d.date:
            self.add(s, DCTERMS.date, date_literal(d.date))
        self.add(s, DCTERMS.type, GENRE_CONCEPTS.get(d.genre, PKG.GenreOverig))
        if d.title:
            self.add(s, DCTERMS.title, Literal(normalise_space(d.title), lang="nl"))
        if d.format in _MIME:
            self.add(s, DCTERMS.format, Literal(_MIME[d.format]))
        if d.sha256:
            self.add(s, PKG.sha256, Literal(d.sha256.lower()))
        self.add(s, PKG.mentionCount, _offset(len(self.ex.mentions)))
        for r in d.references:
            doc_entity = self.entity("DOCUMENT", r.id)
            if r.role == "self":
                self.add(s, PROV.specializationOf, doc_entity)
            else:
                self.add(s, DCTERMS.references, doc_entity)
        for sig in d.signatories:
            if sig.name.strip():
                self.add(s, DCTERMS.creator, self.entity("PERSON", normalise_space(sig.name)))
        if d.committee and d.committee.strip():
            self.add(s, PKG.committee, self.entity("ORG", committee_id(d.committee)))
        if d.chamber and d.chamber.strip():
            self.add(s, PKG.chamber, self.entity("ORG", chamber_id(d.chamber)))

    def questions(self) -> None:
        """Question and answer nodes, the links between them, and the entities mentioned inside.

        Questions answered together (the same answer text, or ``answered_with``) share one
        answer node, keyed by the first of them in the text.
        """
        qs = {q.key: q for q in self.doc.questions}
        answer_keys: dict[tuple[int, int], str] = {}
        for q in sorted(self.doc.questions, key=lambda q: (q.start, q.end, q.key)):
            if _has_answer(q):
                answer_keys.setdefault((q.answer_start, q.answer_end), q.key)

        def answer_of(q) -> str | None:
            if _has_answer(q):
                return answer_keys[(q.answer_start, q.answer_end)]
            for k in q.answered_with:  # no answer text of its own: the answer of the group
                if k in qs and _has_answer(qs[k]):
                    return answer_keys[(qs[k].answer_start, qs[k].answer_end)]
            return None

        parts: list[tuple[int, int, URIRef]] = []  # text spans of questions and answers
        for q in self.doc.questions:
            qi = self.question(self.doc.id, q.key)
            self.add(qi, PKG.questionNumber, Literal(normalise_space(q.number)))
            self.add(qi, PKG.textSpan, self.span(q.start, q.end, f"question {q.key}"))
            parts.append((q.start, q.end, qi))
            key = answer_of(q)
            if key is None:
                continue
            self._answers(qi, self.answer(key))
            for k in q.answer_refers_to:
                target = answer_of(qs[k]) if k in qs else None
                if target is not None and target != key:
                    self.add(self.answer(key), PKG.refersToAnswer, self.answer(target))
        for (start, end), key in sorted(answer_keys.items()):
            ai = self.answer(key)
            self.add(ai, PKG.textSpan, self.span(start, end, f"answer {key}"))
            parts.append((start, end, ai))
        if not parts:
            return
        for m in self.ex.mentions:
            for start, end, node in parts:
                if start <= m.start and m.end <= end:
                    self.add(node, PKG.mentions, self.entity(m.label, m.id))

    def _answers(self, question: URIRef, answer: URIRef) -> None:
        self.add(question, PKG.hasAnswer, answer)
        self.add(answer, PKG.answers, question)

    def mentions(self) -> None:
        for m in self.ex.mentions:
            if m.doc != self.doc.id:
                raise ValueError(f"mention {m.ref} at [{m.start}, {m.end}) belongs to {m.doc!r}, not {self.doc.id!r}")
            iri = self.entity(m.label, m.id)
            self.add(self.src, PKG.mentions, iri)
            surface = normalise_space(m.text)
            pref = self.g.value(iri, SKOS.prefLabel)
            if surface and (pref is None or surface != str(pref)):
                self.add(iri, SKOS.altLabel, Literal(surface, lang="nl"))
            if self.mention_spans:
                self.add(self.span(m.start, m.end, f"mention {m.ref}"), PKG.denotes, iri)

    def fact(self, f: Fact) -> None:
        if f.doc != self.doc.id:
            raise ValueError(f"fact {f.subject} {f.predicate} {f.object} belongs to {f.doc!r}, not {self.doc.id!r}")
        s = self.ref(f.subject, subject=True)
        p = predicate_iri(f.predicate)
        o = self.ref(f.object, subject=False)
        self.add(s, p, o)  # the direct triple
        st = statement_iri(f)
        self.add(s, PKG.statement, st)
        self.add(st, RDF.type, PKG.Statement)
        self.add(st, PKG.statementSubject, s)
        self.add(st, PKG.statementPredicate, p)
        self.add(st, PKG.statementObject, o)
        for key, value in f.qualifiers:
            prop = QUALIFIER_PROPERTIES.get(key)
            if prop is None:
                raise ValueError(f"unknown qualifier {key!r} on fact {f.subject} {f.predicate} {f.object}; known: {sorted(QUALIFIER_PROPERTIES)}")
            self.add(st, prop, qualifier_literal(key, value))
        self.add(st, PROV.wasDerivedFrom, self.span(f.start, f.end, f"fact {f.subject} {f.predicate} {f.object}"))
        for start, end in getattr(f, "context", ()):  # further evidence: a footnote, a table header ...
            self.add(st, PKG.contextSpan, self.span(start, end, f"context of fact {f.subject} {f.predicate} {f.object}"))


def _has_answer(q) -> bool:
    return q.answer_start is not None and q.answer_end is not None


def committee_id(name: str) -> str:
    """ORG id of a committee named in a document: spaces normalised, first letter upper case
    (``vaste commissie voor Defensie`` -> ``Vaste commissie voor Defensie``, as ORG ids are written)."""
    name = normalise_space(name)
    return name[:1].upper() + name[1:]


def chamber_id(name: str) -> str:
    """ORG id of a chamber: ``Tweede Kamer`` -> ``Tweede Kamer der Staten-Generaal`` (the official name)."""
    name = normalise_space(name)
    if re.fullmatch(r"(?i)(eerste|tweede) kamer", name):
        return f"{name.split()[0].capitalize()} Kamer der Staten-Generaal"
    return name


def qualifier_literal(key: str, value: str) -> Literal:
    """A qualifier value as a typed literal: dates as xsd:date/gYearMonth/gYear, share as xsd:decimal."""
    if key in _DATE_QUALIFIERS:
        return date_literal(value)
    if key == "share":
        return decimal_literal(value)
    if key == "measure":
        return Literal(normalise_space(value), lang="nl")
    return Literal(normalise_space(value))


def bind_prefixes(ds) -> None:
    """Bind :data:`PREFIXES` on a dataset or graph (replacing rdflib's defaults of the same name)."""
    nm = ds.namespace_manager
    for prefix, ns in PREFIXES:
        nm.bind(prefix, URIRef(ns), override=True, replace=True)


def build_dataset(
    extractions: Iterable[Extraction],
    *,
    labels: Mapping[tuple[str, str], str] | None = None,
    wikidata: Mapping[tuple[str, str], str] | None = None,
    external: Mapping[tuple[str, str], Mapping[str, str]] | None = None,
    mention_spans: bool = False,
    knowledge: bool = True,
    rulings: Iterable | None = None,
) -> Dataset:
    """One named graph ``graph/<file name>`` per extraction, each complete in itself, and with
    ``knowledge`` the graph of background knowledge ``graph/knowledge``.

    ``labels`` maps ``(label, id)`` to a display name (``skos:prefLabel``, Dutch) instead of
    the id; ``wikidata`` maps ``(label, id)`` to a QID (``owl:sameAs``); ``external`` maps
    ``(label, id)`` to the knowledge file's ``{scheme: identifier}`` (see
    :func:`knowledge_maps`). With ``knowledge`` (the default) the names and external ids of the
    knowledge files (``ner/data``) are used where ``labels``/``external`` give none, and the
    chains of appeal of the rulings the documents name go into ``graph/knowledge``
    (:func:`add_knowledge_graph`; ``rulings`` replaces the entries of ``ner/data/rulings.jsonl``).
    With ``mention_spans`` every mention also becomes a ``pkg:TextSpan`` that ``pkg:denotes`` its
    entity. Raises ValueError for an unknown entity label, a bad predicate name, an unknown
    qualifier, offsets outside the text, a mention/fact of another document, or a document
    named like the knowledge graph.
    """
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    if knowledge:
        known = knowledge_maps()
        labels = {**known["labels"], **(labels or {})}
        external = {**known["external"], **(external or {})}
    labels, external = labels or {}, external or {}
    ruling_ids: set[str] = set()
    for ex in extractions:
        if graph_iri(ex.document.id) == knowledge_graph_iri():
            raise ValueError(f"document {ex.document.id!r} has the name of the knowledge graph "
                             f"{knowledge_graph_iri()}; rename the file")
        dg = _DocGraph(ds, ex, labels, wikidata or {}, external, mention_spans)
        dg.source_document()
        dg.mentions()
        dg.questions()
        for f in ex.facts:
            dg.fact(f)
        ruling_ids |= {id_ for label, id_ in dg.entities if label == "RULING"}
    if knowledge:
        add_knowledge_graph(ds, ruling_ids, knowledge_rulings() if rulings is None else rulings,
                            labels=labels, wikidata=wikidata or {}, external=external)
    return ds


# ---------------------------------------------------------------------------
# background knowledge: graph/knowledge

#: The knowledge file of rulings, as the knowledge graph names it (``dcterms:source``): its path in the project.
RULINGS_FILE = "ner/data/rulings.jsonl"

_KNOWLEDGE_DESCRIPTION = (
    Literal("Achtergrondkennis uit de kennisbestanden van policy-kg (ner/data), niet gelezen uit een document: "
            "de reeks van instanties van de genoemde uitspraken, met rechtscollege, datum en ECLI.", lang="nl"),
    Literal("Background knowledge from the policy-kg knowledge files (ner/data), not read from any document: "
            "the chains of appeal of the rulings named, with court, date and ECLI.", lang="en"),
)


def _ruling_record(entry) -> dict:
    """A knowledge-file RULING entry (an :class:`policy_kg.ner.knowledge.Entry` or its JSON object) as a dict."""
    if isinstance(entry, Mapping):
        return dict(entry)
    return {**entry.data, "id": entry.id, "name": entry.name, "source": entry.source}


@lru_cache(maxsize=1)
def knowledge_rulings() -> tuple[dict, ...]:
    """The entries of ``ner/data/rulings.jsonl`` (RULING label only), as dicts."""
    from policy_kg.ner.knowledge import DATA_DIR, load_file

    return tuple(_ruling_record(e) for e in load_file(DATA_DIR / "rulings.jsonl") if e.label == "RULING")


def appeal_chain(ruling_id: str, appeal_of: Mapping[str, str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The chain of appeal of a ruling, both ways, as far as ``appeal_of`` (later id -> earlier id) goes.

    Returns the rulings of the chain (sorted; the ruling itself included) and the
    ``(later, earlier)`` steps between them (sorted): the rulings it was given on appeal
    against, back to the first instance, and the rulings given on appeal against it, up to
    the last instance. Rulings given on appeal against an earlier step of the chain by another
    party (side branches) are not followed. A cycle in the data stops the walk.
    """
    appealed_in: dict[str, set[str]] = defaultdict(set)
    for later, earlier in appeal_of.items():
        if earlier:
            appealed_in[earlier].add(later)
    members = {ruling_id}
    steps: set[tuple[str, str]] = set()
    cur = ruling_id
    while appeal_of.get(cur):  # back to the first instance
        earlier = appeal_of[cur]
        steps.add((cur, earlier))
        if earlier in members:
            break
        members.add(earlier)
        cur = earlier
    todo = [ruling_id]
    while todo:  # on to the last instance
        earlier = todo.pop()
        for later in sorted(appealed_in.get(earlier, ())):
            steps.add((later, earlier))
            if later not in members:
                members.add(later)
                todo.append(later)
    return sorted(members), sorted(steps)


def add_knowledge_graph(
    ds: Dataset,
    ruling_ids: Iterable[str],
    rulings: Iterable,
    *,
    labels: Mapping[tuple[str, str], str] | None = None,
    wikidata: Mapping[tuple[str, str], str] | None = None,
    external: Mapping[tuple[str, str], Mapping[str, str]] | None = None,
) -> URIRef | None:
    """Add the named graph ``graph/knowledge``: what the knowledge file of rulings says about the
    rulings ``ruling_ids`` (those the documents name). Returns its IRI, or None when there is
    nothing to say (no ruling of ``ruling_ids`` is in ``rulings``; no graph is added then).

    For every ruling that has an entry, its chain of appeal (:func:`appeal_chain`) both ways:
    ``<later> pkg:appealOf <earlier>`` for each step, and for each ruling of the chain its type,
    name (``skos:prefLabel``, the ``labels`` name as in the document graphs, else the entry's),
    canonical id and ECLI links (:func:`policy_kg.graph.iri.external_links`), its court
    (``pkg:court``, the ORG entity, described too) and date (``dcterms:date``, a typed literal).
    The graph itself gets ``dcterms:source`` the knowledge file, ``prov:wasDerivedFrom`` the
    entries' ``source`` strings and a description. No statements, text spans, mentions or
    surface forms: nothing in it is read from a document.
    """
    labels, wikidata, external = labels or {}, wikidata or {}, external or {}
    by_id = {r["id"]: r for r in map(_ruling_record, rulings) if r.get("id")}
    appeal_of = {rid: str(r["appeal_of"]) for rid, r in by_id.items() if r.get("appeal_of")}
    members: set[str] = set()
    steps: set[tuple[str, str]] = set()
    for rid in sorted(set(ruling_ids)):
        if rid not in by_id:
            continue
        chain, chain_steps = appeal_chain(rid, appeal_of)
        members.update(chain)
        steps.update(chain_steps)
    if not members:
        return None
    names = {("RULING", rid): r["name"] for rid, r in by_id.items() if r.get("name") and r["name"] != rid}
    names.update(labels)
    kg = ds.graph(knowledge_graph_iri())
    iri = kg.identifier
    kg.add((iri, DCTERMS.source, Literal(RULINGS_FILE)))
    for text in _KNOWLEDGE_DESCRIPTION:
        kg.add((iri, DCTERMS.description, text))
    for rid in sorted(members):
        ruling = _describe_entity(kg, "RULING", rid, names, wikidata, external)
        entry = by_id.get(rid)
        if entry is None:  # named as an earlier step only: no entry of its own
            continue
        if entry.get("source"):
            kg.add((iri, PROV.wasDerivedFrom, Literal(normalise_space(str(entry["source"])))))
        court = normalise_space(str(entry.get("court") or ""))
        if court:
            kg.add((ruling, PKG.court, _describe_entity(kg, "ORG", court, names, wikidata, external)))
        date = date_literal(str(entry.get("date") or ""))
        if date.datatype is not None:
            kg.add((ruling, DCTERMS.date, date))
    for later, earlier in sorted(steps):
        kg.add((entity_iri("RULING", later), PKG.appealOf, entity_iri("RULING", earlier)))
    return iri


def knowledge_maps(entries=None) -> dict[str, dict]:
    """``labels`` and ``external`` for :func:`build_dataset` from the knowledge files (``ner/data``).

    ``labels``: the entry's Dutch name where it differs from the id (not for LICENCE, whose
    name is a description shared by several codes: "algemene doorvoervergunning");
    ``external``: the entry's ``external`` identifiers (Wikidata, CELEX, ECLI, ISO, BWB ...).
    """
    if entries is None:
        return _knowledge_maps_cached()
    labels: dict[tuple[str, str], str] = {}
    external: dict[tuple[str, str], dict[str, str]] = {}
    for e in entries:
        if e.label != "LICENCE" and e.name and e.name != e.id:
            labels[(e.label, e.id)] = e.name
        if e.external:
            external[(e.label, e.id)] = {str(k): str(v) for k, v in e.external.items() if v}
    return {"labels": labels, "external": external}


@lru_cache(maxsize=1)
def _knowledge_maps_cached() -> dict[str, dict]:
    from policy_kg.ner.knowledge import load_entries

    return knowledge_maps(load_entries())


# ---------------------------------------------------------------------------
# networkx projection


def _first(values) -> str:
    """Deterministic pick among several literal values: Dutch first, then sorted."""
    vals = sorted(values, key=lambda v: (getattr(v, "language", None) != "nl", str(v)))
    return str(vals[0]) if vals else ""


def union_graph(ds: Graph) -> Graph:
    """All triples of all graphs of a dataset as one plain Graph (a Graph is returned as is)."""
    if not isinstance(ds, Dataset):
        return ds
    union = Graph()
    for g in ds.graphs():
        for t in g.triples((None, None, None)):
            union.add(t)
    return union


#: Link of background knowledge -> the fact predicate that says the same when a document states it.
_STATED_AS = {"court": "decidedBy"}


def dataset_to_networkx(ds: Graph) -> nx.MultiDiGraph:
    """The entity graph: nodes are entities (plus questions and goods), edges the direct facts.

    Node (key: IRI string) attributes: ``label`` (CONTRACT label, or GOODS / QUESTION),
    ``name`` (prefLabel), ``id`` (canonical id), ``iri``, ``surface_forms`` (sorted altLabels),
    ``docs`` (sorted file names of the documents that mention it or state a fact about it)
    and ``literals`` ({predicate: sorted literal objects}, e.g. holdsOffice).
    Edge (key: predicate name) attributes: ``predicate``, ``iri`` (predicate IRI),
    ``statements`` (sorted statement IRIs), ``docs``, ``qualifiers`` (sorted list of
    {qualifier property name: value} of the statements that have any) and ``knowledge``
    (False for a fact; True for a link of the background-knowledge graph,
    :data:`policy_kg.ontology.KNOWLEDGE_LINKS`: ``appealOf`` between rulings, ``court`` from a
    ruling to its court unless a ``decidedBy`` fact links the two already; these have no
    statements and no documents).
    Graph attributes (counts): ``documents``, ``entities`` (nodes with a CONTRACT label),
    ``statements``, ``facts`` (distinct subject-predicate-object triples) and
    ``knowledge_links`` (edges from background knowledge).
    Nodes and edges are inserted in sorted order, so the result is deterministic.
    Accepts a Dataset (its union is used) or a plain Graph (e.g. graph.ttl read back).
    """
    ds = union_graph(ds)
    doc_ids = {s: _first(ds.objects(s, DCTERMS.identifier)) or str(s) for s in ds.subjects(RDF.type, PKG.SourceDocument)}
    node_attrs: dict[URIRef, dict] = {}
    for cls, label in _CLASS_LABELS.items():
        for s in ds.subjects(RDF.type, cls):
            if isinstance(s, URIRef):
                node_attrs[s] = {"label": label}
    for s, attrs in node_attrs.items():
        attrs["name"] = _first(ds.objects(s, SKOS.prefLabel))
        attrs["id"] = _first(v for v in ds.objects(s, DCTERMS.identifier) if not getattr(v, "language", None))
        attrs["iri"] = str(s)
        attrs["surface_forms"] = sorted({str(v) for v in ds.objects(s, SKOS.altLabel)})
        attrs["docs"] = sorted({doc_ids[d] for d in ds.subjects(PKG.mentions, s) if d in doc_ids})
        attrs["literals"] = {}

    edges: dict[tuple[str, str, str], dict] = {}
    literals: dict[URIRef, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    statements = sorted(set(ds.subjects(RDF.type, PKG.Statement)))
    facts: set = set()
    for st in statements:
        s = ds.value(st, PKG.statementSubject)
        p = ds.value(st, PKG.statementPredicate)
        o = ds.value(st, PKG.statementObject)
        if s is None or p is None or o is None:
            continue
        facts.add((s, p, o))
        pname = str(p)[len(str(DEF)):] if str(p).startswith(str(DEF)) else str(p)
        docs = {doc_ids.get(src, str(src)) for span in ds.objects(st, PROV.wasDerivedFrom) for src in ds.objects(span, DCTERMS.source)}
        for n in (s, o):
            if isinstance(n, URIRef) and n not in node_attrs:
                node_attrs[n] = {"label": "", "name": str(n), "id": "", "iri": str(n), "surface_forms": [], "docs": [], "literals": {}}
        if isinstance(s, URIRef):
            node_attrs[s]["docs"] = sorted(set(node_attrs[s]["docs"]) | docs)
        if not isinstance(o, URIRef):
            literals[s][pname].add(str(o))
            continue
        node_attrs[o]["docs"] = sorted(set(node_attrs[o]["docs"]) | docs)
        quals = {}
        for prop in QUALIFIER_PROPERTIES.values():
            for v in ds.objects(st, prop):
                quals[str(prop)[len(str(DEF)):]] = str(v)
        e = edges.setdefault((str(s), str(o), pname), {"predicate": pname, "iri": str(p), "statements": set(), "docs": set(),
                                                       "qualifiers": set(), "knowledge": False})
        e["statements"].add(str(st))
        e["docs"] |= docs
        if quals:
            e["qualifiers"].add(tuple(sorted(quals.items())))
    n_knowledge = 0
    for p in KNOWLEDGE_LINKS:  # background knowledge: links without statements
        pname = str(p)[len(str(DEF)):]
        for s, o in ds.subject_objects(p):
            if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
                continue
            for n in (s, o):
                if n not in node_attrs:
                    node_attrs[n] = {"label": "", "name": str(n), "id": "", "iri": str(n), "surface_forms": [], "docs": [], "literals": {}}
            if (str(s), str(o), pname) in edges or (str(s), str(o), _STATED_AS.get(pname, "")) in edges:
                continue  # a document states it: the fact's edge is enough
            n_knowledge += 1
            edges.setdefault((str(s), str(o), pname), {"predicate": pname, "iri": str(p), "statements": set(), "docs": set(),
                                                       "qualifiers": set(), "knowledge": True})
    for s, by_pred in literals.items():
        node_attrs[s]["literals"] = {k: sorted(v) for k, v in sorted(by_pred.items())}

    G = nx.MultiDiGraph()
    for s in sorted(node_attrs, key=str):
        G.add_node(str(s), **node_attrs[s])
    for (s, o, pname) in sorted(edges):
        e = edges[(s, o, pname)]
        G.add_edge(s, o, key=pname, predicate=e["predicate"], iri=e["iri"], statements=sorted(e["statements"]),
                   docs=sorted(e["docs"]), qualifiers=[dict(q) for q in sorted(e["qualifiers"])], knowledge=e["knowledge"])
    n_entities = sum(1 for _, label in G.nodes(data="label") if label in LABEL_CLASSES)
    G.graph.update(documents=len(doc_ids), entities=n_entities, statements=len(statements), facts=len(facts),
                   knowledge_links=n_knowledge)
    return G


__all__ = ["OA", "PREFIXES", "RULINGS_FILE", "add_knowledge_graph", "appeal_chain", "bind_prefixes", "build_dataset", "chamber_id", "committee_id", "curie", "dataset_to_networkx", "date_literal",
           "decimal_literal", "default_name", "knowledge_maps", "knowledge_rulings", "qualifier_literal", "union_graph"]
