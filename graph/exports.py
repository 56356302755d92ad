"""The exports besides Turtle/TriG/JSON-LD: N-Triples, GraphML, GEXF, CSV tables, VoID/DCAT.

* ``graph.nt`` — the union of all named graphs as N-Triples, one triple per line, sorted;
* ``context.jsonld`` — the JSON-LD context of ``graph.jsonld`` on its own, for reuse;
* ``graph.graphml`` and ``graph.gexf`` — the entity network (:func:`..rdf.dataset_to_networkx`,
  the projection the HTML views and ``policy-kg stats`` use) with scalar attributes, for Gephi,
  yEd or networkx; GEXF nodes carry their label colour;
* ``entities.csv`` — one row per node of the network: IRI, label, id, name, surface forms,
  documents, degree, external identifiers and links;
* ``facts.csv`` — one row per statement: subject, predicate, object, qualifiers and the
  evidence (document, offsets, sentence, further context spans);
* ``void.ttl`` — a VoID and DCAT description of the dataset: title, description, licence
  (CC BY 4.0 for the data), version (the package version), date (the latest document date,
  never the clock), counts (triples, entities, documents, per class and per property), one
  subset per named graph (each source document's, and ``graph/knowledge``, the background
  knowledge, with its source file) and one distribution per export file.

Every output depends on the dataset only: rows, nodes and edges are sorted, and nothing reads
the clock, so the same input gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from policy_kg.ontology import LABEL_CLASSES, PKG, QUALIFIER_PROPERTIES
from rdflib import OWL, RDF, RDFS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, SKOS, VOID

from policy_kg import __version__
from policy_kg.io import atomic_write

from .iri import (
    DATASET,
    DEF,
    GRAPH_BASE,
    ID_BASE,
    KNOWLEDGE_GRAPH_NAME,
    dataset_part_iri,
    knowledge_graph_iri,
)
from .rdf import OA, curie, dataset_to_networkx, date_literal, union_graph
from .serialise import JSONLD_CONTEXT, _ox, _triple_key, to_turtle, union_triples

#: Licence of the published data (the code is EUPL-1.2, see pyproject.toml).
DATA_LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
LANGUAGE_NL = URIRef("http://publications.europa.eu/resource/authority/language/NLD")
IANA = Namespace("https://www.iana.org/assignments/media-types/")
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3; rdflib's closed DCAT namespace predates it

#: Export file -> (IANA media type or None, format name, English description).
DISTRIBUTIONS: dict[str, tuple[str | None, str, str]] = {
    "extraction.jsonl": (None, "JSON Lines", "every mention and fact, one JSON object per line (CONTRACT section 4)"),
    "graph.ttl": ("text/turtle", "Turtle", "the whole graph: entities, direct fact triples, statements with provenance"),
    "graph.trig": ("application/trig", "TriG", "the graph with one named graph per source document, and graph/knowledge for background knowledge"),
    "graph.nt": ("application/n-triples", "N-Triples", "the whole graph, one triple per line, sorted"),
    "graph.jsonld": ("application/ld+json", "JSON-LD", "the named graphs as JSON-LD 1.1 with a @context"),
    "context.jsonld": ("application/ld+json", "JSON-LD", "the JSON-LD context of graph.jsonld on its own"),
    "graph.graphml": (None, "GraphML", "the entity network (entities and direct facts) for networkx, yEd or Gephi"),
    "graph.gexf": (None, "GEXF 1.2", "the entity network with label colours, for Gephi"),
    "entities.csv": ("text/csv", "CSV", "one row per entity: IRI, label, id, name, surface forms, documents, links"),
    "facts.csv": ("text/csv", "CSV", "one row per statement: subject, predicate, object, qualifiers and evidence"),
    "index.html": ("text/html", "HTML", "an offline network view of the graph with a searchable entity table"),
}

_QUALIFIER_COLUMNS = tuple(QUALIFIER_PROPERTIES)  # valid_from, valid_until, status, ...
_EXTRA_PREFIXES = (("dcat", str(DCAT)), ("void", str(VOID)), ("iana", str(IANA)), ("dataset", f"{DATASET}/"))


def _join(values: Iterable[str]) -> str:
    """Several values in one CSV/GraphML cell: `` | ``-separated, sorted, without duplicates."""
    return " | ".join(sorted({v for v in values if v}))


# ---------------------------------------------------------------------------
# N-Triples, JSON-LD context


def to_ntriples(triples: Iterable[tuple]) -> str:
    """Triples as N-Triples in the sorted order of :func:`..serialise.to_turtle` (Oxigraph's writer)."""
    ordered = [ox.Triple(_ox(s), _ox(p), _ox(o)) for s, p, o in sorted(set(triples), key=_triple_key)]
    return ox.serialize(ordered, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def jsonld_context() -> str:
    """``{"@context": ...}`` of graph.jsonld, sorted."""
    return json.dumps({"@context": JSONLD_CONTEXT}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# ---------------------------------------------------------------------------
# GraphML / GEXF


def _rgb(hex_colour: str) -> dict:
    h = hex_colour.lstrip("#")
    return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16), "a": 1.0}


def flat_network(G: nx.MultiDiGraph, *, colours: bool = False) -> nx.MultiDiGraph:
    """The projection with scalar attributes only (GraphML and GEXF hold no lists or dicts).

    Nodes (keyed by IRI): ``label`` (the display name, which Gephi shows), ``kind`` (CONTRACT
    label, or GOODS / QUESTION), ``iri``, ``canonical_id`` (not ``id``, which GEXF would take as
    the node id), ``surface_forms`` and ``docs`` (`` | ``-joined), ``doc_count``,
    ``literals`` (JSON). Edges: ``label`` and ``predicate`` (the predicate name), ``iri``,
    ``weight`` (number of statements; 1 for a link of background knowledge, which has none),
    ``statements`` (space-separated IRIs), ``docs``, ``qualifiers`` (JSON) and ``knowledge``
    (true for a link of the background-knowledge graph, e.g. ``appealOf``). With ``colours``,
    nodes get a GEXF ``viz`` colour per kind.
    """
    from .views import (
        LABEL_COLOURS,  # the HTML views' palette, so Gephi shows the same colours
    )

    F = nx.MultiDiGraph()
    F.graph.update({k: v for k, v in sorted(G.graph.items()) if isinstance(v, (str, int, float, bool))})
    for n, a in G.nodes(data=True):
        attrs = {
            "label": a.get("name") or a.get("id") or n,
            "kind": a.get("label", ""),
            "iri": a.get("iri", n),
            "canonical_id": a.get("id", ""),
            "surface_forms": _join(a.get("surface_forms", [])),
            "docs": _join(a.get("docs", [])),
            "doc_count": len(a.get("docs", [])),
            "literals": json.dumps(a.get("literals", {}), ensure_ascii=False, sort_keys=True),
        }
        if colours:
            attrs["viz"] = {"color": _rgb(LABEL_COLOURS.get(attrs["kind"], "#dddddd"))}
        F.add_node(n, **attrs)
    for s, o, key, a in G.edges(keys=True, data=True):
        F.add_edge(s, o, key=key, label=a["predicate"], predicate=a["predicate"], iri=a["iri"],
                   weight=len(a["statements"]) or (1 if a.get("knowledge") else 0), statements=" ".join(a["statements"]),
                   docs=_join(a["docs"]), qualifiers=json.dumps(a["qualifiers"], ensure_ascii=False, sort_keys=True),
                   knowledge=bool(a.get("knowledge", False)))
    return F


def to_graphml(G: nx.MultiDiGraph) -> str:
    """The network as GraphML (networkx's writer; keys and elements in insertion order, which is sorted)."""
    return "\n".join(nx.generate_graphml(flat_network(G), encoding="utf-8", prettyprint=True)) + "\n"


def to_gexf(G: nx.MultiDiGraph, date: str | None = None) -> str:
    """The network as GEXF 1.2 with label colours.

    networkx writes today's date and its own version into ``<meta>``; both are replaced (by
    ``date``, the dataset's date, and by ``policy-kg <version>``) so that the bytes depend
    only on the graph.
    """
    text = "\n".join(nx.generate_gexf(flat_network(G, colours=True), encoding="utf-8", prettyprint=True))
    text = re.sub(r'<meta lastmodifieddate="[^"]*">', f'<meta lastmodifieddate="{date or "1970-01-01"}">', text, count=1)
    text = re.sub(r"<creator>[^<]*</creator>", f"<creator>policy-kg {__version__}</creator>", text, count=1)
    return "<?xml version='1.0' encoding='utf-8'?>\n" + text + "\n"


# ---------------------------------------------------------------------------
# CSV

ENTITY_COLUMNS = ("iri", "label", "id", "name", "surface_forms", "documents", "degree", "facts_as_subject",
                  "facts_as_object", "notations", "same_as", "see_also", "legal_basis")
FACT_COLUMNS = ("statement", "subject", "subject_label", "subject_name", "predicate", "object", "object_label",
                "object_name", *_QUALIFIER_COLUMNS, "document", "start", "end", "sentence", "context")


def _csv(columns: tuple[str, ...], rows: Iterable[dict]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writeheader()
    for row in rows:
        w.writerow(row)
    return buf.getvalue()


def _notation(lit) -> str:
    dt = str(lit.datatype) if getattr(lit, "datatype", None) else ""
    return f"{dt[len(str(DEF)):]}:{lit}" if dt.startswith(str(DEF)) else str(lit)


def entities_csv(ds: Graph, G: nx.MultiDiGraph | None = None) -> str:
    """One row per node of the network (entities, goods, questions), sorted by IRI.

    ``degree`` counts every edge of the network, background knowledge (``appealOf``, ``court``)
    included; ``facts_as_subject``/``facts_as_object`` count only facts read from documents."""
    g = union_graph(ds)
    G = G if G is not None else dataset_to_networkx(g)
    rows = []
    for n, a in sorted(G.nodes(data=True)):
        iri = URIRef(n)
        facts_out = sum(1 for _, _, k in G.out_edges(n, data="knowledge") if not k)
        facts_in = sum(1 for _, _, k in G.in_edges(n, data="knowledge") if not k)
        rows.append({
            "iri": n,
            "label": a.get("label", ""),
            "id": a.get("id", ""),
            "name": a.get("name", ""),
            "surface_forms": _join(a.get("surface_forms", [])),
            "documents": _join(a.get("docs", [])),
            "degree": G.degree(n),
            "facts_as_subject": facts_out + sum(len(v) for v in a.get("literals", {}).values()),
            "facts_as_object": facts_in,
            "notations": _join(_notation(v) for v in g.objects(iri, SKOS.notation)),
            "same_as": _join(str(v) for v in g.objects(iri, OWL.sameAs)),
            "see_also": _join(str(v) for v in g.objects(iri, RDFS.seeAlso)),
            "legal_basis": _join(str(v) for v in g.objects(iri, PKG.legalBasis)),
        })
    return _csv(ENTITY_COLUMNS, rows)


def _label_of(g: Graph, node) -> str:
    for cls in g.objects(node, RDF.type):
        for label, c in LABEL_CLASSES.items():
            if c == cls:
                return label
        if cls == PKG.Goods:
            return "GOODS"
        if cls == PKG.Question:
            return "QUESTION"
    return ""


def _name_of(g: Graph, node) -> str:
    names = sorted(g.objects(node, SKOS.prefLabel), key=lambda v: (getattr(v, "language", None) != "nl", str(v)))
    return str(names[0]) if names else ""


def _span(g: Graph, span) -> tuple[str, int, int, str]:
    src = g.value(span, DCTERMS.source)
    doc = str(g.value(src, DCTERMS.identifier) or src or "")
    start, end = g.value(span, OA.start), g.value(span, OA.end)
    return doc, int(start) if start is not None else -1, int(end) if end is not None else -1, str(g.value(span, OA.exact) or "")


def facts_csv(ds: Graph) -> str:
    """One row per pkg:Statement with its qualifiers and evidence, sorted by document, offsets and fact."""
    g = union_graph(ds)
    rows = []
    for st in set(g.subjects(RDF.type, PKG.Statement)):
        s, p, o = g.value(st, PKG.statementSubject), g.value(st, PKG.statementPredicate), g.value(st, PKG.statementObject)
        spans = sorted(_span(g, sp) for sp in g.objects(st, PROV.wasDerivedFrom))
        doc, start, end, sentence = spans[0] if spans else ("", -1, -1, "")
        context = sorted(_span(g, sp) for sp in g.objects(st, PKG.contextSpan))
        row = {
            "statement": str(st),
            "subject": str(s or ""),
            "subject_label": _label_of(g, s) if s is not None else "",
            "subject_name": _name_of(g, s) if s is not None else "",
            "predicate": str(p or "")[len(str(DEF)):] if str(p or "").startswith(str(DEF)) else str(p or ""),
            "object": str(o or ""),
            "object_label": _label_of(g, o) if isinstance(o, URIRef) else "",
            "object_name": _name_of(g, o) if isinstance(o, URIRef) else "",
            "document": doc,
            "start": start if start >= 0 else "",
            "end": end if end >= 0 else "",
            "sentence": sentence,
            "context": " | ".join(f"{c[1]}-{c[2]}" for c in context),
        }
        for key, prop in QUALIFIER_PROPERTIES.items():
            row[key] = _join(str(v) for v in g.objects(st, prop))
        rows.append(row)
    rows.sort(key=lambda r: (r["document"], r["start"] if r["start"] != "" else -1, r["end"] if r["end"] != "" else -1,
                             r["subject"], r["predicate"], r["object"], r["statement"]))
    return _csv(FACT_COLUMNS, rows)


# ---------------------------------------------------------------------------
# VoID / DCAT


def dataset_date(ds: Graph) -> Literal | None:
    """The latest ``dcterms:date`` of a source document, typed (the dataset's date; never the clock)."""
    g = union_graph(ds)
    dates = [str(d) for s in g.subjects(RDF.type, PKG.SourceDocument) for d in g.objects(s, DCTERMS.date)]
    dates = [d for d in dates if re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", d)]
    return date_literal(max(dates)) if dates else None


def _part_name(iri: URIRef) -> str:
    return curie(iri).replace(":", "-", 1)


def void_graph(ds: Dataset, *, version: str = __version__, files: Iterable[str] | None = None) -> Graph:
    """The VoID/DCAT description of ``ds`` (see the module docstring). No blank nodes."""
    union = union_triples(ds) if isinstance(ds, Dataset) else set(ds)
    g = Graph()
    d = DATASET
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.title, Literal("policy-kg: Dutch parliamentary documents on arms exports", lang="en")))
    g.add((d, DCTERMS.title, Literal("policy-kg: Nederlandse parlementaire documenten over wapenexport", lang="nl")))
    g.add((d, DCTERMS.description, Literal(
        "A knowledge graph read from Dutch parliamentary and government documents on arms exports and defence: "
        "licences and the destinations they exclude, ministers and members of parliament, factions, systems, "
        "court rulings, documents, laws, motions and money. Every fact carries the sentence it was read from, "
        "with its document and character offsets.", lang="en")))
    g.add((d, DCTERMS.description, Literal(
        "Een kennisgraaf uit Nederlandse parlementaire en overheidsdocumenten over wapenexport en defensie: "
        "vergunningen en de bestemmingen die ze uitsluiten, bewindspersonen en Kamerleden, fracties, systemen, "
        "rechterlijke uitspraken, documenten, wetten, moties en geldbedragen. Elk feit draagt de zin waaruit het "
        "gelezen is, met document en tekenposities.", lang="nl")))
    g.add((d, DCTERMS.license, DATA_LICENCE))
    g.add((d, DCTERMS.language, LANGUAGE_NL))
    g.add((d, DCTERMS.conformsTo, URIRef("https://w3id.org/policy-kg/def")))
    g.add((d, OWL.versionInfo, Literal(version)))
    g.add((d, DCAT_VERSION, Literal(version)))
    date = dataset_date(ds)
    if date is not None:
        g.add((d, DCTERMS.modified, date))
    for kw_nl, kw_en in (("wapenexport", "arms exports"), ("exportvergunning", "export licence"),
                         ("Tweede Kamer", "Dutch parliament"), ("kennisgraaf", "knowledge graph")):
        g.add((d, DCAT.keyword, Literal(kw_nl, lang="nl")))
        g.add((d, DCAT.keyword, Literal(kw_en, lang="en")))
    g.add((d, VOID.uriSpace, Literal(ID_BASE)))
    for ns in (str(DEF), str(DCTERMS), str(PROV), str(SKOS), str(OA), str(OWL), str(RDFS)):
        g.add((d, VOID.vocabulary, URIRef(ns)))

    # counts
    subjects = {s for s, _, _ in union}
    objects = {o for _, _, o in union}
    predicates = Counter(p for _, p, _ in union)
    classes = Counter(o for _, p, o in union if p == RDF.type)
    entities = {s for s, p, o in union if p == RDF.type and (o in LABEL_CLASSES.values() or o == PKG.Goods)}
    documents = {s for s, p, o in union if p == RDF.type and o == PKG.SourceDocument}
    g.add((d, VOID.triples, Literal(len(union))))
    g.add((d, VOID.entities, Literal(len(entities))))
    g.add((d, VOID.documents, Literal(len(documents))))
    g.add((d, VOID.distinctSubjects, Literal(len(subjects))))
    g.add((d, VOID.distinctObjects, Literal(len(objects))))
    g.add((d, VOID.properties, Literal(len(predicates))))
    g.add((d, VOID.classes, Literal(len(classes))))
    for cls, n in sorted(classes.items()):
        part = dataset_part_iri("class", _part_name(cls))
        g.add((d, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(n)))
    for prop, n in sorted(predicates.items()):
        part = dataset_part_iri("property", _part_name(prop))
        g.add((d, VOID.propertyPartition, part))
        g.add((part, VOID.property, prop))
        g.add((part, VOID.triples, Literal(n)))

    # one subset per named graph: each source document's, and the background knowledge
    if isinstance(ds, Dataset):
        for named in ds.graphs():
            name = named.identifier
            if not (isinstance(name, URIRef) and str(name).startswith(GRAPH_BASE)) or not len(named):
                continue
            g.add((d, VOID.subset, name))
            g.add((name, RDF.type, VOID.Dataset))
            g.add((name, VOID.triples, Literal(len(named))))
            for src in named.subjects(RDF.type, PKG.SourceDocument):
                g.add((name, DCTERMS.source, src))
                for ident in named.objects(src, DCTERMS.identifier):
                    g.add((name, DCTERMS.title, Literal(str(ident))))
            if name == knowledge_graph_iri():  # not read from a document: says where it comes from
                g.add((name, DCTERMS.title, Literal(KNOWLEDGE_GRAPH_NAME)))
                for prop in (DCTERMS.source, DCTERMS.description, PROV.wasDerivedFrom):
                    for value in named.objects(name, prop):
                        g.add((name, prop, value))

    # distributions: the export files
    for fname in sorted(files if files is not None else DISTRIBUTIONS):
        media, fmt, description = DISTRIBUTIONS.get(fname, (None, fname.rsplit(".", 1)[-1], ""))
        dist = dataset_part_iri("distribution", fname)
        g.add((d, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(fname)))
        g.add((dist, DCTERMS.format, Literal(fmt)))
        g.add((dist, DCTERMS.license, DATA_LICENCE))
        if description:
            g.add((dist, DCTERMS.description, Literal(description, lang="en")))
        if media:
            g.add((dist, DCAT.mediaType, IANA[media]))
    return g


def to_void_turtle(g: Graph) -> str:
    """The VoID graph as Turtle with the fixed prefixes plus dcat:, void:, iana:, dataset:."""
    return to_turtle(g, prefixes=dict(_EXTRA_PREFIXES))


# ---------------------------------------------------------------------------


EXPORT_NAMES = ("graph.nt", "context.jsonld", "graph.graphml", "graph.gexf", "entities.csv", "facts.csv", "void.ttl")


def write_exports(ds: Dataset, out_dir: Path, *, G: nx.MultiDiGraph | None = None, version: str = __version__,
                  files: Iterable[str] | None = None) -> list[Path]:
    """Write :data:`EXPORT_NAMES` into ``out_dir`` (atomically), in that order; return the paths.

    ``G`` is the networkx projection if already computed; ``files`` the names of every export
    file for the VoID distributions (default: :data:`DISTRIBUTIONS`).
    """
    out_dir = Path(out_dir)
    G = G if G is not None else dataset_to_networkx(ds)
    date = dataset_date(ds)
    return [
        atomic_write(out_dir / "graph.nt", to_ntriples(union_triples(ds))),
        atomic_write(out_dir / "context.jsonld", jsonld_context()),
        atomic_write(out_dir / "graph.graphml", to_graphml(G)),
        atomic_write(out_dir / "graph.gexf", to_gexf(G, str(date) if date is not None else None)),
        atomic_write(out_dir / "entities.csv", entities_csv(ds, G)),
        atomic_write(out_dir / "facts.csv", facts_csv(ds)),
        atomic_write(out_dir / "void.ttl", to_void_turtle(void_graph(ds, version=version, files=files))),
    ]


__all__ = ["DATA_LICENCE", "DISTRIBUTIONS", "ENTITY_COLUMNS", "EXPORT_NAMES", "FACT_COLUMNS", "dataset_date",
           "entities_csv", "facts_csv", "flat_network", "jsonld_context", "to_gexf", "to_graphml", "to_ntriples",
           "to_void_turtle", "void_graph", "write_exports"]
