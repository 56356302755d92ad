"""The exported HTML views of a build: landing page, exclusions, whole graph, timeline, and one page per
licence, country, person, ruling and source document (:func:`write_views`).

Everything comes from SPARQL SELECT queries on a pyoxigraph Store (the merge of its named graphs, or
their union), so the same code serves an in-memory store of five seeds and an on-disk store of 10,000
documents. Pages hold HTML escaped by Jinja2 and data as JSON in ``<script type="application/json">``
elements (:func:`_script_json`); the shipped script ``assets/views.js`` builds every dynamic element
with textContent/DOM calls, and vis-network shows string tooltips with innerText, so no document text
is ever parsed as HTML. vis-network itself (from the pyvis package) and the stylesheets are shipped in
``<out>/assets/``: the pages load nothing else.

Output is deterministic: rows are sorted, JSON keys are sorted, the layout's random seed is fixed,
and nothing random or time-dependent is written.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyvis
from jinja2 import Environment, FunctionLoader
from policy_kg.ontology import KNOWLEDGE_LINKS, LABEL_CLASSES, PKG, QUALIFIER_PROPERTIES

from policy_kg.io import atomic_write

from .iri import DEF, LABELS

#: Node colour per label (colour-blind-friendly where possible); GOODS and QUESTION added.
LABEL_COLOURS: dict[str, str] = {
    "LICENCE": "#d62728",
    "PERSON": "#1f77b4",
    "FACTION": "#9467bd",
    "COUNTRY": "#2ca02c",
    "PLACE": "#98df8a",
    "ORG": "#ff7f0e",
    "SYSTEM": "#8c564b",
    "RULING": "#e377c2",
    "DOCUMENT": "#7f7f7f",
    "LAW": "#bcbd22",
    "MOTION": "#17becf",
    "EVENT": "#aec7e8",
    "MONEY": "#ffbb78",
    "DATE": "#c7c7c7",
    "GOODS": "#c49c94",
    "QUESTION": "#f7b6d2",
}
_OTHER_COLOUR = "#dddddd"
_LEGEND_ORDER = (*LABELS, "GOODS", "QUESTION")

_MAX_LABEL = 40


def _vis_asset(name: str) -> str:
    """vis-network 9.1.2 as shipped in the pyvis package (the version pyvis's in-line mode uses)."""
    base = Path(pyvis.__file__).parent
    for folder in (base / "templates" / "lib" / "vis-9.1.2", base / "lib" / "vis-9.1.2"):
        if (folder / name).is_file():
            text = (folder / name).read_text(encoding="utf-8")
            if "</script" in text.lower() or "</style" in text.lower():  # pragma: no cover - guard
                raise RuntimeError(f"{folder / name} cannot be inlined safely")
            return text
    raise FileNotFoundError(f"vis-network asset {name} not found in the pyvis package at {base}")


def _script_json(value) -> str:
    """JSON that is safe inside a <script> element (no <, >, & or line separators left raw)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, esc)
    return text


def _short(text: str) -> str:
    return text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 1] + "…"


_SPARQL_PREFIXES = """PREFIX pkg: <https://w3id.org/policy-kg/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""

#: class IRI -> label of a graph node (CONTRACT labels, plus GOODS and QUESTION as in the networkx projection)
NODE_CLASSES: dict[str, str] = {**{str(cls): label for label, cls in LABEL_CLASSES.items()},
                                str(PKG.Goods): "GOODS", str(PKG.Question): "QUESTION"}
#: labels that get a page of their own under ``entity/<label lower>/``
PAGE_LABELS: tuple[str, ...] = ("LICENCE", "COUNTRY", "PERSON", "RULING")
#: the files of a build that the landing page offers for download, with what each holds
DOWNLOADS: tuple[tuple[str, str], ...] = (
    ("graph.trig", "TriG: the whole dataset, one named graph per document (plus background knowledge)"),
    ("graph.ttl", "Turtle: the union of all graphs"),
    ("graph.nt", "N-Triples: the union of all graphs, one triple a line"),
    ("graph.jsonld", "JSON-LD: the dataset"),
    ("context.jsonld", "JSON-LD context of the vocabulary"),
    ("graph.graphml", "GraphML: the entity graph (yEd, Cytoscape, networkx)"),
    ("graph.gexf", "GEXF: the entity graph with colours (Gephi)"),
    ("entities.csv", "CSV: one row per entity"),
    ("facts.csv", "CSV: one row per statement, with its evidence"),
    ("void.ttl", "VoID/DCAT description of the dataset"),
    ("extraction.jsonl", "JSONL: mentions and facts per document (the extraction contract)"),
)
#: edge colours per licence (exclusions page), assigned in licence order, repeating after the last
LICENCE_PALETTE: tuple[str, ...] = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
                                    "#e377c2", "#bcbd22", "#7f7f7f", "#393b79", "#637939", "#843c39", "#7b4173")
#: timeline lanes: kind -> (heading, colour)
TIMELINE_KINDS: dict[str, tuple[str, str]] = {
    "licence": ("Licence changes", "#d62728"),
    "exclusion": ("Exclusions", "#1f77b4"),
    "ruling": ("Rulings", "#e377c2"),
}
SHIPPED_ASSETS: tuple[str, ...] = ("vis-network.min.js", "vis-network.css", "views.css", "views.js")

_STATEMENT_LIMIT = 200  # statements listed on one entity / document page
_LIST_LIMIT = 1000  # entries per label on the landing page, rows on the timeline
_SENTENCE_LIMIT = 600  # characters of a sentence embedded in the network pages' data
_LABEL_EDGES_MAX = 400  # above this many edges the whole-graph view draws no edge labels
_IMPROVED_LAYOUT_MAX = 150  # above this many nodes vis's improvedLayout (slow) is turned off
_SLUG_RE = re.compile(r"[^a-z0-9]+")


def _select(store, query: str) -> list[dict[str, str | None]]:
    """Rows of a SPARQL SELECT on the union of the store's graphs, as {variable: lexical value or None}."""
    result = store.query(_SPARQL_PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        row = {}
        for name in names:
            term = solution[name]
            row[name] = None if term is None else term.value
        rows.append(row)
    return rows


def _count(store, pattern: str, var: str = "?x") -> int:
    rows = _select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT {var} WHERE {{ {pattern} }} }}")
    return int(rows[0]["n"]) if rows else 0


def slug(text: str) -> str:
    """A safe, deterministic file name stem for an id: ASCII letters/digits/hyphens, plus a short hash of the
    id unless the id is such a stem already (so ``NL007`` and ``nl007`` never share a file)."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    stem = _SLUG_RE.sub("-", ascii_.lower()).strip("-")[:60].strip("-")
    if stem and stem == text:
        return stem
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{stem}-{digest}" if stem else digest


def entity_page(label: str, id: str) -> str:
    """Path of an entity page relative to the output folder: ``entity/<label lower>/<slug>.html``."""
    return f"entity/{label.lower()}/{slug(id)}.html"


def source_page(doc: str) -> str:
    """Path of a source document page relative to the output folder: ``source/<slug>.html``."""
    return f"source/{slug(doc)}.html"


def _local(iri: str) -> str:
    return iri.removeprefix(str(DEF))


def _clip(text: str | None, limit: int = _SENTENCE_LIMIT) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------
# data from the store


@dataclass
class _Node:
    iri: str
    label: str
    name: str
    id: str
    degree: int = 0

    @property
    def page(self) -> str | None:
        return entity_page(self.label, self.id) if self.label in PAGE_LABELS and self.id else None


@dataclass
class _Edge:
    s: str
    o: str
    predicate: str
    statements: int
    docs: list[str] = field(default_factory=list)
    knowledge: bool = False


def _nodes(store) -> dict[str, _Node]:
    values = " ".join(f"<{c}>" for c in sorted(NODE_CLASSES))
    rows = _select(store, f"""
SELECT ?n (MIN(STR(?c)) AS ?cls) (MIN(?nm) AS ?name) (MIN(?i) AS ?id) WHERE {{
  VALUES ?c {{ {values} }}
  ?n a ?c . FILTER(isIRI(?n))
  OPTIONAL {{ ?n skos:prefLabel ?pl }} BIND(STR(?pl) AS ?nm)
  OPTIONAL {{ ?n dcterms:identifier ?di FILTER(LANG(?di) = "") }} BIND(STR(?di) AS ?i)
}} GROUP BY ?n""")
    return {r["n"]: _Node(r["n"], NODE_CLASSES[r["cls"]], r["name"] or r["id"] or r["n"], r["id"] or "") for r in rows}


def _edges(store) -> list[_Edge]:
    """The entity graph's edges, as :func:`policy_kg.graph.rdf.dataset_to_networkx` draws them: one per
    distinct (subject, predicate, object) of the statements with an IRI object, plus the links of the
    background knowledge that no statement states already."""
    rows = _select(store, """
SELECT ?s ?p ?o (COUNT(DISTINCT ?st) AS ?n) (GROUP_CONCAT(DISTINCT ?doc; separator="\\n") AS ?docs) WHERE {
  ?st a pkg:Statement ; pkg:statementSubject ?s ; pkg:statementPredicate ?p ; pkg:statementObject ?o .
  FILTER(isIRI(?o))
  OPTIONAL { ?st prov:wasDerivedFrom/dcterms:source/dcterms:identifier ?doc }
} GROUP BY ?s ?p ?o""")
    edges = {(r["s"], r["o"], _local(r["p"])): _Edge(r["s"], r["o"], _local(r["p"]), int(r["n"]),
                                                     sorted(d for d in (r["docs"] or "").split("\n") if d))
             for r in rows}
    values = " ".join(f"<{p}>" for p in KNOWLEDGE_LINKS)
    for r in _select(store, f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o . "
                            f"FILTER(isIRI(?s) && isIRI(?o)) }}"):
        pname = _local(r["p"])
        if (r["s"], r["o"], pname) in edges or (pname == "court" and (r["s"], r["o"], "decidedBy") in edges):
            continue
        edges[(r["s"], r["o"], pname)] = _Edge(r["s"], r["o"], pname, 0, [], knowledge=True)
    return [edges[k] for k in sorted(edges)]


def _graph(store) -> tuple[dict[str, _Node], list[_Edge]]:
    nodes = _nodes(store)
    edges = _edges(store)
    for e in edges:
        for n in (e.s, e.o):
            if n not in nodes:
                nodes[n] = _Node(n, "", n, "")
        nodes[e.s].degree += 1
        nodes[e.o].degree += 1
    return nodes, edges


def _documents(store) -> list[dict]:
    rows = _select(store, """
SELECT ?src ?doc (MIN(?d) AS ?date) (MIN(?t) AS ?title) (MIN(?g) AS ?genre)
       (GROUP_CONCAT(DISTINCT ?self; separator=" ") AS ?ids) WHERE {
  ?src a pkg:SourceDocument ; dcterms:identifier ?doc .
  OPTIONAL { ?src dcterms:date ?dd } BIND(STR(?dd) AS ?d)
  OPTIONAL { ?src dcterms:title ?tt } BIND(STR(?tt) AS ?t)
  OPTIONAL { ?src dcterms:type ?type OPTIONAL { ?type skos:notation ?code }
             BIND(COALESCE(STR(?code), STRAFTER(STR(?type), "#Genre")) AS ?g) }
  OPTIONAL { ?src prov:specializationOf/dcterms:identifier ?self }
} GROUP BY ?src ?doc ORDER BY ?doc""")
    for r in rows:
        r["page"] = source_page(r["doc"])
    return rows


_QUALIFIER_VARS = {key: "q_" + key for key in QUALIFIER_PROPERTIES}


def _statement_rows(store, where: str) -> list[dict]:
    """Statements matching ``where`` (which binds ?st) with predicate, subject, object, qualifiers and
    evidence, in the order of (document, start, predicate, statement), statements without evidence first.

    Two queries joined here, not one with the evidence in an OPTIONAL group: Oxigraph evaluates
    such a group for the whole store before joining it, so every call would cost in proportion
    to the store (0.7 s per call at 1,000 documents, whatever the number of statements asked for).
    As required patterns, driven by ``where``, both queries cost in proportion to their answer."""
    optionals = "\n".join(f"  OPTIONAL {{ ?st <{prop}> ?{_QUALIFIER_VARS[key]}0 }} BIND(STR(?{_QUALIFIER_VARS[key]}0) AS ?{_QUALIFIER_VARS[key]})"
                          for key, prop in sorted(QUALIFIER_PROPERTIES.items()))
    qvars = " ".join(f"?{v}" for _, v in sorted(_QUALIFIER_VARS.items()))
    rows = _select(store, f"""
SELECT DISTINCT ?st ?s ?p ?o ?oLit {qvars} WHERE {{
  {where}
  ?st pkg:statementSubject ?s ; pkg:statementPredicate ?p ; pkg:statementObject ?obj .
  BIND(IF(isIRI(?obj), STR(?obj), ?unbound) AS ?o)
  BIND(IF(isLiteral(?obj), STR(?obj), ?unbound) AS ?oLit)
{optionals}
}}""")
    evidence: dict[str, list[dict]] = defaultdict(list)
    for r in _select(store, f"""
SELECT DISTINCT ?st ?doc ?docDate ?sentence ?start WHERE {{
  {where}
  ?st prov:wasDerivedFrom ?span . ?span dcterms:source ?src ; oa:exact ?ex ; oa:start ?st0 .
  ?src dcterms:identifier ?doc . OPTIONAL {{ ?src dcterms:date ?dd }}
  BIND(STR(?ex) AS ?sentence) BIND(STR(?dd) AS ?docDate) BIND(xsd:integer(?st0) AS ?start)
}}"""):
        evidence[r.pop("st")].append(r)
    none = {"doc": None, "docDate": None, "sentence": None, "start": None}
    joined = [{**r, **ev} for r in rows for ev in evidence.get(r["st"]) or [none]]
    for row in joined:
        row["start"] = int(row["start"]) if row["start"] not in (None, "") else None
    # SPARQL's ORDER BY ?doc ?start ?p ?st, unbound first
    joined.sort(key=lambda r: (r["doc"] is not None, r["doc"] or "", r["start"] is not None, r["start"] or 0, r["p"], r["st"]))
    for row in joined:
        row["predicate"] = _local(row.pop("p"))
        row["qualifiers"] = [(k, v) for k, v in ((key, row.pop(var)) for key, var in sorted(_QUALIFIER_VARS.items())) if v is not None]
        row["docPage"] = source_page(row["doc"]) if row["doc"] else None
    return joined


def _statement_order(r: dict) -> tuple:
    return (r["doc"] or "", r["start"] if r["start"] is not None else -1, r["predicate"], r["st"])


def _statement_details(store, statements: list[str], chunk: int = 400) -> dict[str, dict]:
    """{statement IRI: row of :func:`_statement_rows`} for the given statements, queried in batches."""
    out: dict[str, dict] = {}
    for i in range(0, len(statements), chunk):
        values = " ".join(f"<{st}>" for st in statements[i:i + chunk] if _iri_ok(st))
        if not values:
            continue
        for r in _statement_rows(store, f"VALUES ?st {{ {values} }}"):
            out.setdefault(r["st"], r)
    return out


def _exclusions(store, nodes: dict[str, _Node]) -> dict:
    """Licences, countries and exclusions (one per licence-country pair, with all its statements)."""
    rows = _select(store, """
SELECT ?st ?licence ?country ?vf ?vu ?doc ?docDate ?sentence WHERE {
  ?st a pkg:Statement ; pkg:statementPredicate pkg:excludesDestination ;
      pkg:statementSubject ?licence ; pkg:statementObject ?country .
  FILTER(isIRI(?country))
  OPTIONAL { ?st prov:wasDerivedFrom ?span . ?span dcterms:source ?src ; oa:exact ?ex .
             ?src dcterms:identifier ?doc . OPTIONAL { ?src dcterms:date ?dd } }
  OPTIONAL { ?st pkg:validFrom ?f } OPTIONAL { ?st pkg:validUntil ?u }
  BIND(STR(?f) AS ?vf) BIND(STR(?u) AS ?vu) BIND(STR(?dd) AS ?docDate) BIND(STR(?ex) AS ?sentence)
} ORDER BY ?licence ?country ?st ?doc""")
    withdrawn: dict[str, str] = {}
    for r in _select(store, "SELECT ?licence (MIN(?wd) AS ?date) WHERE { ?licence pkg:withdrawn ?w . "
                            "?w dcterms:identifier ?wd0 BIND(STR(?wd0) AS ?wd) } GROUP BY ?licence"):
        withdrawn[r["licence"]] = r["date"]
    licence_iris = sorted({r["licence"] for r in rows} | set(withdrawn)
                          | {n.iri for n in nodes.values() if n.label == "LICENCE"},
                          key=lambda i: (nodes[i].id if i in nodes else i, i))
    licences = []
    for k, iri in enumerate(licence_iris):
        n = nodes.get(iri) or _Node(iri, "LICENCE", iri, iri)
        licences.append({"iri": iri, "code": n.id or n.name, "name": n.name, "colour": LICENCE_PALETTE[k % len(LICENCE_PALETTE)],
                         "withdrawn": withdrawn.get(iri), "page": n.page})
    pairs: dict[tuple[str, str], dict] = {}
    seen: set[tuple] = set()
    for r in rows:
        pair = pairs.setdefault((r["licence"], r["country"]), {"licence": r["licence"], "country": r["country"], "statements": []})
        st = {"since": r["vf"], "until": r["vu"], "doc": r["doc"], "docDate": r["docDate"],
              "docPage": source_page(r["doc"]) if r["doc"] else None, "sentence": _clip(r["sentence"])}
        key = (r["licence"], r["country"], *st.values())
        if key not in seen:  # the same evidence twice (two statements with equal dates and sentence) is shown once
            seen.add(key)
            pair["statements"].append(st)
    exclusions = []
    for (lic, country), pair in sorted(pairs.items()):
        sts = pair["statements"]
        stated = sorted(s["since"] for s in sts if s["since"])
        dated = sorted(s["docDate"] for s in sts if s["docDate"])
        pair["since"] = stated[0] if stated else (dated[0] if dated else None)
        pair["sinceStated"] = bool(stated)
        exclusions.append(pair)
    by_country = Counter(e["country"] for e in exclusions)
    countries = []
    for iri in sorted(by_country, key=lambda i: (nodes[i].name.casefold() if i in nodes else i, i)):
        n = nodes.get(iri) or _Node(iri, "COUNTRY", iri, "")
        countries.append({"iri": iri, "code": n.id, "name": n.name, "page": n.page, "licences": by_country[iri]})
    return {"licences": licences, "countries": countries, "exclusions": exclusions}


def _timeline(store, nodes: dict[str, _Node], excl: dict) -> list[dict]:
    """Dated events: licence changes (amendments, withdrawals), exclusions (from their start) and rulings."""
    events: list[dict] = []
    lic_by_iri = {lic["iri"]: lic for lic in excl["licences"]}
    for lic in excl["licences"]:
        if lic["withdrawn"]:
            events.append({"date": lic["withdrawn"], "kind": "licence", "text": f"{lic['code']} withdrawn",
                           "page": lic["page"], "doc": None, "docPage": None})
    for r in _select(store, """
SELECT ?licence ?target (MIN(?d) AS ?date) (MIN(?doc) AS ?source) WHERE {
  ?st a pkg:Statement ; pkg:statementPredicate pkg:amendedBy ; pkg:statementSubject ?licence ; pkg:statementObject ?target ;
      prov:wasDerivedFrom/dcterms:source ?src .
  ?src dcterms:identifier ?doc . ?src dcterms:date ?dd . BIND(STR(?dd) AS ?d)
} GROUP BY ?licence ?target"""):
        lic = nodes.get(r["licence"])
        target = nodes.get(r["target"])
        events.append({"date": r["date"], "kind": "licence",
                       "text": f"{lic.id if lic else r['licence']} amended by {target.name if target else r['target']}",
                       "page": lic.page if lic else None, "doc": r["source"], "docPage": source_page(r["source"])})
    for e in excl["exclusions"]:
        if not e["since"]:
            continue
        lic = lic_by_iri.get(e["licence"], {})
        country = nodes.get(e["country"])
        until = sorted(s["until"] for s in e["statements"] if s["until"])
        text = f"{lic.get('code', e['licence'])} excludes {country.name if country else e['country']}"
        if not e["sinceStated"]:
            text += " (stated on this date)"
        if until:
            text += f" until {until[-1]}"
        docs = sorted({s["doc"] for s in e["statements"] if s["doc"]})
        events.append({"date": e["since"], "kind": "exclusion", "text": text, "page": country.page if country else None,
                       "doc": docs[0] if docs else None, "docPage": source_page(docs[0]) if docs else None})
    for r in _select(store, """
SELECT ?ruling (MIN(?stated) AS ?s) (MIN(?known) AS ?k) WHERE {
  ?ruling a pkg:Ruling .
  OPTIONAL { ?ruling pkg:decisionDate/dcterms:identifier ?sd } BIND(STR(?sd) AS ?stated)
  OPTIONAL { ?ruling dcterms:date ?kd } BIND(STR(?kd) AS ?known)
} GROUP BY ?ruling"""):
        date = r["s"] or r["k"]
        n = nodes.get(r["ruling"])
        if date and n:
            events.append({"date": date, "kind": "ruling", "text": f"ruling {n.name}" + ("" if r["s"] else " (date from background knowledge)"),
                           "page": n.page, "doc": None, "docPage": None})
    events = [e for e in events if re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", e["date"] or "")]
    events.sort(key=lambda e: (e["date"], list(TIMELINE_KINDS).index(e["kind"]), e["text"], e["doc"] or ""))
    return events


# ---------------------------------------------------------------------------
# rendering


def _template_source(name: str):
    text = resources.files("policy_kg.graph").joinpath(f"assets/{name}").read_text(encoding="utf-8")
    return text, None, lambda: True


def _env() -> Environment:
    env = Environment(loader=FunctionLoader(_template_source), autoescape=True, keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["json"] = _script_json
    return env


def _shipped_asset(name: str) -> str:
    if name.startswith("vis-network"):
        return _vis_asset(name)
    return resources.files("policy_kg.graph").joinpath(f"assets/{name}").read_text(encoding="utf-8")


def _node_text(n: _Node) -> str:
    lines = [n.name, f"{n.label or 'node'}" + (f" · {n.id}" if n.id and n.id != n.name else ""),
             f"{n.degree} link{'s' if n.degree != 1 else ''}", n.iri]
    return "\n".join(lines)


def _edge_text(e: _Edge, nodes: dict[str, _Node]) -> str:
    lines = [f"{nodes[e.s].name} — {e.predicate} → {nodes[e.o].name}"]
    if e.knowledge:
        lines.append("background knowledge (ner/data), not stated in a document")
    else:
        lines.append(f"{e.statements} statement{'s' if e.statements != 1 else ''}"
                     + (f" in {', '.join(e.docs[:5])}" + (f" and {len(e.docs) - 5} more" if len(e.docs) > 5 else "") if e.docs else ""))
    return "\n".join(lines)


def _graph_options(n_nodes: int, n_edges: int) -> dict:
    """vis-network options that keep the drawing usable from a handful of nodes up to several thousand."""
    big = n_nodes > _IMPROVED_LAYOUT_MAX
    iterations = 400 if n_nodes <= 300 else 200 if n_nodes <= 1500 else 80
    return {
        "layout": {"randomSeed": 7, "improvedLayout": not big},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based" if not big else "barnesHut",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.4},
            "barnesHut": {"gravitationalConstant": -8000, "springLength": 140, "springConstant": 0.02, "avoidOverlap": 0.1},
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True},
        },
        "nodes": {"shape": "dot", "scaling": {"min": 6, "max": 32}, "font": {"size": 12}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.4}}, "color": {"color": "#aaaaaa", "highlight": "#333333"},
                  "smooth": False if big else {"enabled": True, "type": "continuous"}, "font": {"size": 9, "align": "middle"},
                  "width": 1},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big, "hideEdgesOnZoom": n_edges > 2000,
                        "navigationButtons": False, "keyboard": False},
    }


def _graph_page_data(nodes: dict[str, _Node], edges: list[_Edge], max_nodes: int) -> dict:
    order = sorted(nodes.values(), key=lambda n: (-n.degree, n.iri))
    kept = {n.iri for n in order[:max_nodes]} if len(order) > max_nodes else set(nodes)
    shown_edges = [e for e in edges if e.s in kept and e.o in kept]
    vis_nodes = []
    for n in sorted((nodes[i] for i in kept), key=lambda n: n.iri):
        vis_nodes.append({"id": n.iri, "label": _short(n.name), "title": _node_text(n), "color": LABEL_COLOURS.get(n.label, _OTHER_COLOUR),
                          "value": 1 + round(math.log2(1 + n.degree), 3), "kind": n.label, "name": n.name, "ident": n.id,
                          "page": n.page, "degree": n.degree})
    labelled = len(shown_edges) <= _LABEL_EDGES_MAX
    vis_edges = []
    for k, e in enumerate(shown_edges):
        d = {"id": f"e{k}", "from": e.s, "to": e.o, "title": _edge_text(e, nodes), "predicate": e.predicate}
        if labelled:
            d["label"] = e.predicate
        if e.knowledge:
            d["dashes"] = True
        vis_edges.append(d)
    return {"nodes": vis_nodes, "edges": vis_edges, "options": _graph_options(len(vis_nodes), len(vis_edges)),
            "total": {"nodes": len(nodes), "edges": len(edges)}, "capped": len(kept) < len(nodes)}


def _legend(nodes: dict[str, _Node], shown: list[dict] | None = None) -> list[dict]:
    counts = Counter(n.label for n in nodes.values())
    shown_counts = Counter(d["kind"] for d in shown) if shown is not None else counts
    order = [*_LEGEND_ORDER, ""]
    return [{"label": lab or "other", "color": LABEL_COLOURS.get(lab, _OTHER_COLOUR), "count": counts[lab], "shown": shown_counts[lab]}
            for lab in order if counts[lab]]


def _iri_ok(iri: str) -> bool:
    return bool(iri) and not re.search(r"[\s<>\"{}|\\^`]", iri)


def _statement_view(r: dict, nodes: dict[str, _Node], me: str | None, root: str) -> dict:
    """A statement row as the entity/source templates show it (other end linked when it has a page)."""
    def end(iri: str | None, lit: str | None) -> dict:
        if iri is None:
            return {"text": lit or "", "href": None, "kind": "literal"}
        n = nodes.get(iri)
        if n is None:
            return {"text": iri, "href": None, "kind": ""}
        return {"text": n.name, "href": root + n.page if n.page else None, "kind": n.label, "me": iri == me}
    return {"subject": end(r["s"], None), "predicate": r["predicate"], "object": end(r["o"], r["oLit"]),
            "qualifiers": r["qualifiers"], "sentence": " ".join((r["sentence"] or "").split()), "doc": r["doc"],
            "docDate": r["docDate"], "docHref": root + r["docPage"] if r["docPage"] else None, "iri": r["st"]}


def _entity_statements(store, iri: str, limit: int = _STATEMENT_LIMIT) -> list[dict]:
    """The first ``limit`` statements about ``iri`` (as subject or object) in the pages' order, with their details.

    Ranked by the store (statements without a span first, then by document, start, predicate and IRI) and
    only the ones shown fetched in full, so an entity named in 10,000 documents costs a sort of its own
    statements, and memory stays at one page's worth. (Oxigraph evaluates a UNION or a many-pattern
    NOT EXISTS for the whole store before joining it, hence VALUES and a one-pattern NOT EXISTS.)"""
    about = f"VALUES ?role {{ pkg:statementSubject pkg:statementObject }} ?st ?role <{iri}> . ?st a pkg:Statement ."
    ranked = [r["st"] for r in _select(store, f"""
SELECT DISTINCT ?st WHERE {{ {about} FILTER NOT EXISTS {{ ?st prov:wasDerivedFrom ?span }} }} ORDER BY ?st LIMIT {int(limit)}""")]
    if len(ranked) < limit:
        seen = set(ranked)
        for r in _select(store, f"""
SELECT ?st WHERE {{ {about} ?st pkg:statementPredicate ?p ; prov:wasDerivedFrom ?span .
  ?span dcterms:source/dcterms:identifier ?doc ; oa:start ?st0 . BIND(xsd:integer(?st0) AS ?start) }}
ORDER BY ?doc ?start ?p ?st LIMIT {int(limit) * 2}"""):  # a statement with two spans has two rows
            if r["st"] not in seen and len(ranked) < limit:
                seen.add(r["st"])
                ranked.append(r["st"])
    details = _statement_details(store, ranked)
    return sorted((details[st] for st in ranked if st in details), key=_statement_order)


def _entity_pages(store, nodes: dict[str, _Node], edges: list[_Edge], env: Environment, title: str):
    """(path, html) of every entity page, one at a time."""
    page_nodes = sorted((n for n in nodes.values() if n.page and _iri_ok(n.iri)), key=lambda n: (n.label, n.id, n.iri))
    if not page_nodes:
        return
    classes = " ".join(f"<{LABEL_CLASSES[lab]}>" for lab in PAGE_LABELS)
    st_counts = {r["e"]: int(r["n"]) for r in _select(store, f"""
SELECT ?e (COUNT(DISTINCT ?st) AS ?n) WHERE {{ VALUES ?c {{ {classes} }} ?e a ?c .
  {{ ?st pkg:statementSubject ?e }} UNION {{ ?st pkg:statementObject ?e }} ?st a pkg:Statement }} GROUP BY ?e""")}
    mention_counts = {r["e"]: int(r["n"]) for r in _select(store, f"""
SELECT ?e (COUNT(DISTINCT ?src) AS ?n) WHERE {{ VALUES ?c {{ {classes} }} ?e a ?c . ?src pkg:mentions ?e ; a pkg:SourceDocument }}
GROUP BY ?e""")}
    incident: dict[str, list[_Edge]] = defaultdict(list)
    for e in edges:
        incident[e.s].append(e)
        if e.o != e.s:
            incident[e.o].append(e)
    template = env.get_template("entity.html.j2")
    root = "../../"
    for n in page_nodes:
        neighbours = []
        for e in incident.get(n.iri, []):
            other = nodes[e.o if e.s == n.iri else e.s]
            neighbours.append({"predicate": e.predicate, "direction": "out" if e.s == n.iri else "in", "iri": other.iri,
                               "name": other.name, "kind": other.label or "other", "href": root + other.page if other.page else None,
                               "statements": e.statements, "knowledge": e.knowledge,
                               "color": LABEL_COLOURS.get(other.label, _OTHER_COLOUR)})
        neighbours.sort(key=lambda d: (d["predicate"], d["direction"], d["name"].casefold(), d["iri"]))
        total = st_counts.get(n.iri, 0)
        rows = _entity_statements(store, n.iri)
        mentioned = [{"doc": r["doc"], "href": root + source_page(r["doc"])} for r in _select(store, f"""
SELECT DISTINCT ?doc WHERE {{ ?src pkg:mentions <{n.iri}> ; a pkg:SourceDocument ; dcterms:identifier ?doc }}
ORDER BY ?doc LIMIT {_STATEMENT_LIMIT}""")]
        ego = _ego_network(n, neighbours)
        yield n.page, template.render(
            title=title, root=root, network=bool(neighbours), node=n, colour=LABEL_COLOURS.get(n.label, _OTHER_COLOUR), neighbours=neighbours,
            statements=[_statement_view(r, nodes, n.iri, root) for r in rows], total=total,
            more=max(0, total - len(rows)), mentioned=mentioned,
            mentioned_total=mention_counts.get(n.iri, 0), ego=ego)


_EGO_MAX = 60


def _ego_network(n: _Node, neighbours: list[dict]) -> dict:
    """The entity and its neighbours (at most _EGO_MAX), as vis data for the small network on its page."""
    others: dict[str, dict] = {}
    for d in neighbours:
        if d["iri"] not in others and len(others) < _EGO_MAX:
            others[d["iri"]] = d
    vis_nodes = [{"id": n.iri, "label": _short(n.name), "title": n.name, "color": LABEL_COLOURS.get(n.label, _OTHER_COLOUR),
                  "value": 3, "href": None}]
    vis_nodes += [{"id": d["iri"], "label": _short(d["name"]), "title": f"{d['name']}\n{d['kind']}", "color": d["color"], "value": 1,
                   "href": d["href"]} for d in sorted(others.values(), key=lambda d: d["iri"]) if d["iri"] != n.iri]
    vis_edges = []
    for k, d in enumerate(x for x in neighbours if x["iri"] in others):
        a, b = (n.iri, d["iri"]) if d["direction"] == "out" else (d["iri"], n.iri)
        vis_edges.append({"id": f"e{k}", "from": a, "to": b, "label": d["predicate"], "title": d["predicate"], "dashes": d["knowledge"]})
    options = _graph_options(len(vis_nodes), len(vis_edges))
    return {"nodes": vis_nodes, "edges": vis_edges, "options": options, "more": max(0, len({d["iri"] for d in neighbours}) - len(others))}


def _source_pages(store, docs: list[dict], nodes: dict[str, _Node], env: Environment, title: str, chunk: int = 50):
    """(path, html) of every source document page, documents queried in batches of ``chunk``."""
    if not docs:
        return
    counts = {r["doc"]: int(r["n"]) for r in _select(store, """
SELECT ?doc (COUNT(DISTINCT ?st) AS ?n) WHERE { ?st a pkg:Statement ; prov:wasDerivedFrom/dcterms:source ?src .
  ?src dcterms:identifier ?doc } GROUP BY ?doc""")}
    template = env.get_template("source.html.j2")
    root = "../"
    docs = [d for d in docs if _iri_ok(d["src"])]
    for i in range(0, len(docs), chunk):
        group = docs[i:i + chunk]
        values = " ".join(f"<{d['src']}>" for d in group)
        by_doc: dict[str, list[dict]] = defaultdict(list)
        # from the documents to their statements: written as a path from ?st, Oxigraph scans every statement
        for r in _statement_rows(store, f"VALUES ?src0 {{ {values} }} ?span0 dcterms:source ?src0 . ?st prov:wasDerivedFrom ?span0 . "
                                        "?st a pkg:Statement ."):
            by_doc[r["doc"]].append(r)
        for d in group:
            total = counts.get(d["doc"], 0)
            rows = sorted(by_doc.get(d["doc"], []), key=_statement_order)[:_STATEMENT_LIMIT]
            yield d["page"], template.render(title=title, root=root, doc=d, total=total, more=max(0, total - len(rows)),
                                             statements=[_statement_view(r, nodes, None, root) for r in rows])


def _timeline_svg(events: list[dict]) -> dict:
    """Positions of the events on a horizontal axis (one lane per kind), computed here so the page needs no script."""
    import datetime as dt

    def day(value: str) -> dt.date:
        parts = [int(p) for p in value.split("-")] + [1, 1]
        try:
            return dt.date(parts[0], parts[1], parts[2])
        except ValueError:
            return dt.date(parts[0], 1, 1)

    width, left, right, lane_h, top = 1100, 150, 30, 46, 34
    kinds = list(TIMELINE_KINDS)
    if not events:
        return {"width": width, "height": top + lane_h * len(kinds) + 30, "ticks": [], "dots": [], "lanes": []}
    first, last = day(events[0]["date"]), day(events[-1]["date"])
    start, end = dt.date(first.year, 1, 1), dt.date(last.year + 1, 1, 1)
    span = (end - start).days or 1

    def x(d: dt.date) -> float:
        return round(left + (width - left - right) * (d - start).days / span, 1)

    years = list(range(start.year, end.year + 1))
    step = max(1, len(years) // 12)
    ticks = [{"x": x(dt.date(y, 1, 1)), "text": str(y)} for y in years[::step]]
    if span <= 3 * 366:  # short spans: quarter ticks too
        ticks += [{"x": x(dt.date(y, m, 1)), "text": ""} for y in years for m in (4, 7, 10) if dt.date(y, m, 1) < end]
    lanes = [{"y": top + lane_h * i + lane_h / 2, "text": TIMELINE_KINDS[k][0], "colour": TIMELINE_KINDS[k][1]} for i, k in enumerate(kinds)]
    dots = []
    stack: Counter = Counter()
    for e in events:
        i = kinds.index(e["kind"])
        px = x(day(e["date"]))
        key = (i, round(px / 6))
        offset = (stack[key] % 5) * 5 - 10  # spread events on the same spot a little
        stack[key] += 1
        dots.append({"x": px, "y": top + lane_h * i + lane_h / 2 + offset, "colour": TIMELINE_KINDS[e["kind"]][1],
                     "title": f"{e['date']} {e['text']}"})
    height = top + lane_h * len(kinds) + 30
    return {"width": width, "height": height, "ticks": sorted(ticks, key=lambda t: t["x"]), "dots": dots, "lanes": lanes,
            "axis_y": top + lane_h * len(kinds) + 4, "left": left, "right": width - right}


def _counts_from_store(store, nodes: dict[str, _Node], edges: list[_Edge], docs: list[dict], excl: dict) -> dict:
    by_label = Counter(n.label for n in nodes.values() if n.label in LABEL_CLASSES)
    return {
        "documents": len(docs),
        "entities": sum(by_label.values()),
        "by_label": [{"label": lab, "count": by_label[lab], "color": LABEL_COLOURS.get(lab, _OTHER_COLOUR)} for lab in LABELS if by_label[lab]],
        "statements": _count(store, "?x a pkg:Statement"),
        "facts": _count(store, "?x a pkg:Statement ; pkg:statementSubject ?s ; pkg:statementPredicate ?p ; pkg:statementObject ?o",
                        "?s ?p ?o"),
        "nodes": len(nodes),
        "edges": len(edges),
        "exclusions": len(excl["exclusions"]),
        "licences": len(excl["licences"]),
    }


def iter_views(store, *, title: str = "policy-kg", max_nodes: int = 5000):
    """Every page and shipped asset of the views as (path relative to the output folder, text), one at a time
    (a build of 10,000 documents has tens of thousands of entity pages: they are never all in memory)."""
    env = _env()
    nodes, edges = _graph(store)
    docs = _documents(store)
    excl = _exclusions(store, nodes)
    events = _timeline(store, nodes, excl)
    counts = _counts_from_store(store, nodes, edges, docs, excl)
    graph_data = _graph_page_data(nodes, edges, max_nodes)
    out: dict[str, str] = {f"assets/{name}": _shipped_asset(name) for name in SHIPPED_ASSETS}
    pages_by_label: dict[str, list[dict]] = {}
    for lab in PAGE_LABELS:
        items = sorted((n for n in nodes.values() if n.label == lab and n.page and _iri_ok(n.iri)),
                       key=lambda n: (n.name.casefold(), n.id))
        pages_by_label[lab] = [{"name": n.name, "id": n.id, "href": n.page} for n in items]
    out["index.html"] = env.get_template("landing.html.j2").render(
        title=title, root="", counts=counts, downloads=DOWNLOADS, docs=docs[:_LIST_LIMIT], docs_more=max(0, len(docs) - _LIST_LIMIT),
        pages=[{"label": lab, "entries": items[:_LIST_LIMIT], "more": max(0, len(items) - _LIST_LIMIT),
                "color": LABEL_COLOURS[lab]} for lab, items in pages_by_label.items()])
    several = [c for c in excl["countries"] if c["licences"] > 1]
    out["exclusions.html"] = env.get_template("exclusions.html.j2").render(
        title=title, root="", network=True, data=excl, licences=excl["licences"], several=several, counts=counts)
    out["graph.html"] = env.get_template("graph.html.j2").render(
        title=title, root="", network=True, data=graph_data, legend=_legend(nodes, graph_data["nodes"]), max_nodes=max_nodes, counts=counts)
    out["timeline.html"] = env.get_template("timeline.html.j2").render(
        title=title, root="", events=events[:_LIST_LIMIT], more=max(0, len(events) - _LIST_LIMIT), svg=_timeline_svg(events),
        kinds=[{"kind": k, "text": v[0], "colour": v[1], "count": sum(1 for e in events if e["kind"] == k)} for k, v in TIMELINE_KINDS.items()])
    yield from sorted(out.items())
    yield from _entity_pages(store, nodes, edges, env, title)
    yield from _source_pages(store, docs, nodes, env, title)


def render_views(store, *, title: str = "policy-kg", max_nodes: int = 5000) -> dict[str, str]:
    """Every page and shipped asset of the views as {path relative to the output folder: text}."""
    return dict(iter_views(store, title=title, max_nodes=max_nodes))


def write_views(store, out_dir: Path, *, title: str = "policy-kg", max_nodes: int = 5000, fsync: bool = True) -> list[Path]:
    """Write the HTML views of the graph in ``store`` (a pyoxigraph Store holding a build's dataset) into ``out_dir``:
    ``index.html`` (landing page), ``exclusions.html``, ``graph.html``, ``timeline.html``, one page per licence,
    country, person and ruling under ``entity/<label>/``, one per source document under ``source/``, and the
    shipped scripts and stylesheets under ``assets/``. Atomic writes, deterministic bytes; returns the paths, sorted.
    ``fsync=False`` skips the per-file flush to disk, for a build that writes into a staging folder and syncs it once."""
    out_dir = Path(out_dir)
    return sorted(atomic_write(out_dir / rel, text, fsync=fsync) for rel, text in iter_views(store, title=title, max_nodes=max_nodes))


__all__ = ["LABEL_COLOURS", "DOWNLOADS", "NODE_CLASSES", "PAGE_LABELS", "SHIPPED_ASSETS", "entity_page", "iter_views", "render_views", "slug", "source_page", "write_views"]
