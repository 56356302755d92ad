"""Figures about a built graph: counts by class and predicate, most connected entities, components.

Everything network-shaped comes from :func:`..rdf.dataset_to_networkx`, the projection the
GraphML/GEXF exports and the HTML views also use (entities, goods and questions as nodes, the
direct fact triples as edges), so the numbers here describe what those files show.
``policy-kg stats`` is a thin layer over :func:`graph_stats` and :func:`load_graph`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
from policy_kg.ontology import FACT_PREDICATES, KNOWLEDGE_LINKS, PKG
from rdflib import RDF, Dataset, Graph, URIRef

from .iri import DEF
from .rdf import curie, dataset_to_networkx, union_graph

#: File suffix -> rdflib parser name, for the RDF files ``policy-kg stats`` reads.
RDF_SUFFIXES: dict[str, str] = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld"}
_QUAD_FORMATS = {"trig", "nquads", "json-ld"}


def is_rdf_file(path: str | Path) -> bool:
    return Path(path).suffix.lower() in RDF_SUFFIXES and Path(path).is_file()


def load_graph(path: str | Path) -> Graph:
    """Read an RDF export (Turtle, TriG, N-Triples, N-Quads, JSON-LD) as one graph (the union)."""
    path = Path(path)
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: not an RDF file ({', '.join(sorted(RDF_SUFFIXES))})")
    if fmt in _QUAD_FORMATS:
        ds = Dataset()
        ds.parse(path, format=fmt)
        return union_graph(ds)
    return Graph().parse(path, format=fmt)


def graph_stats(graph: Graph, top: int = 10) -> dict:
    """Figures of a graph or dataset (a dataset counts as the union of its named graphs).

    Returns a JSON-ready dict:

    * ``totals``: triples, documents, entities, statements, facts (distinct direct triples),
      knowledge links (network edges from background knowledge), network nodes and edges, density;
    * ``classes``: instances per class (``{"pkg:Country": 60, ...}``, most first);
    * ``predicates``: per fact predicate of CONTRACT section 2, the direct ``triples`` and the
      ``statements`` (a fact read in two sentences is one triple and two statements);
    * ``knowledge``: per link of the background-knowledge graph (``appealOf``, ``court``), its
      triples; these are network edges too, but not facts or statements;
    * ``labels``: network nodes per CONTRACT label (plus GOODS, QUESTION);
    * ``most_connected``: the ``top`` nodes by degree (number of fact edges, in + out), with
      label, name, in/out degree and number of documents; ties by IRI;
    * ``components``: weakly connected components of the network: count, the sizes of the
      largest five, isolated nodes (mentioned but in no fact) and the largest one's top members.
    """
    g = union_graph(graph)
    G = dataset_to_networkx(g)
    classes = Counter(curie(o) for o in g.objects(None, RDF.type) if isinstance(o, URIRef))
    direct = Counter()
    for name in FACT_PREDICATES:
        direct[name] = sum(1 for _ in g.triples((None, DEF[name], None)))
    statements = Counter()
    for st in g.subjects(RDF.type, PKG.Statement):
        p = g.value(st, PKG.statementPredicate)
        if p is not None:
            statements[str(p)[len(str(DEF)):] if str(p).startswith(str(DEF)) else str(p)] += 1
    predicates = {name: {"triples": direct[name], "statements": statements[name]}
                  for name in sorted(set(FACT_PREDICATES) | set(statements), key=lambda n: (-statements[n], -direct[n], n))}

    knowledge = {str(p)[len(str(DEF)):]: sum(1 for _ in g.triples((None, p, None))) for p in KNOWLEDGE_LINKS}

    def node_row(n: str) -> dict:
        a = G.nodes[n]
        return {"iri": n, "label": a.get("label", ""), "name": a.get("name", ""), "degree": G.degree(n),
                "in": G.in_degree(n), "out": G.out_degree(n), "documents": len(a.get("docs", []))}

    ranked = sorted(G.nodes, key=lambda n: (-G.degree(n), n))
    components = sorted((sorted(c) for c in nx.weakly_connected_components(G)), key=lambda c: (-len(c), c[0])) if len(G) else []
    largest = components[0] if components else []
    n_nodes, n_edges = G.number_of_nodes(), G.number_of_edges()
    return {
        "totals": {
            "triples": len(g),
            "documents": G.graph.get("documents", 0),
            "entities": G.graph.get("entities", 0),
            "statements": G.graph.get("statements", 0),
            "facts": G.graph.get("facts", 0),
            "knowledge_links": G.graph.get("knowledge_links", 0),
            "network_nodes": n_nodes,
            "network_edges": n_edges,
            "density": round(nx.density(G), 6) if n_nodes > 1 else 0.0,
        },
        "classes": dict(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0]))),
        "predicates": predicates,
        "knowledge": knowledge,
        "labels": dict(sorted(Counter(a.get("label", "") for _, a in G.nodes(data=True)).items(), key=lambda kv: (-kv[1], kv[0]))),
        "most_connected": [node_row(n) for n in ranked[:top] if G.degree(n) > 0],
        "components": {
            "count": len(components),
            "largest_sizes": [len(c) for c in components[:5]],
            "isolated_nodes": sum(1 for c in components if len(c) == 1),
            "nodes_in_facts": sum(len(c) for c in components if len(c) > 1),
            "largest_top": [node_row(n) for n in sorted(largest, key=lambda n: (-G.degree(n), n))[:5]],
        },
    }


__all__ = ["RDF_SUFFIXES", "curie", "graph_stats", "is_rdf_file", "load_graph"]
