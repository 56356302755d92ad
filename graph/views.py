"""A self-contained HTML view of the entity graph (pyvis / vis-network, everything inline).

The page loads nothing from the network: vis-network's JS and CSS (shipped inside the
installed pyvis package) are inlined, and the page template (``assets/index.html.j2``) is
the project's own, not pyvis's, which links Bootstrap from a CDN.

Escaping: text from documents reaches the page in two places. In HTML (title, legend, the
entity table) Jinja2 autoescaping applies. In the vis data (node/edge labels and tooltips)
it is JSON with ``<``, ``>``, ``&`` written as ``\\u003c`` etc., so it cannot end the
script element; vis-network 9 shows string tooltips as text (innerText), never as HTML.

Output is deterministic: nodes and edges are sorted, JSON keys are sorted, the layout's
random seed is fixed, and nothing random or time-dependent is written.
"""

from __future__ import annotations

import json
import math
import os
from importlib import resources
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import Environment, select_autoescape
from pyvis.network import Network
from rdflib import Graph

from policy_kg.io import atomic_write

from .iri import LABELS
from .rdf import dataset_to_networkx

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

#: vis-network options: fixed layout seed, so the drawing is the same on every load.
VIS_OPTIONS: dict = {
    "layout": {"randomSeed": 7, "improvedLayout": True},
    "physics": {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.4},
        "stabilization": {"enabled": True, "iterations": 400, "fit": True},
    },
    "nodes": {"shape": "dot", "scaling": {"min": 8, "max": 36}, "font": {"size": 13}},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "color": {"color": "#999999", "highlight": "#333333"},
              "smooth": {"enabled": True, "type": "dynamic"}, "font": {"size": 10, "align": "middle"}},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
}

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


def _node_title(d: dict) -> str:
    lines = [d.get("name") or d.get("iri", ""), f"{d.get('label') or '?'} · {d.get('id') or ''}".rstrip(" ·")]
    if d.get("surface_forms"):
        lines.append("forms: " + "; ".join(d["surface_forms"]))
    for pred, values in sorted((d.get("literals") or {}).items()):
        lines.append(f"{pred}: " + "; ".join(values))
    if d.get("docs"):
        lines.append("documents: " + ", ".join(d["docs"]))
    lines.append(d.get("iri", ""))
    return "\n".join(lines)


def _edge_title(d: dict) -> str:
    lines = [d.get("predicate", "")]
    for q in d.get("qualifiers") or []:
        lines.append(", ".join(f"{k}: {v}" for k, v in sorted(q.items())))
    if d.get("knowledge"):
        lines.append("background knowledge (ner/data), not stated in a document")
        return "\n".join(lines)
    n = len(d.get("statements") or [])
    docs = d.get("docs") or []
    lines.append(f"{n} statement{'s' if n != 1 else ''}" + (f" in {', '.join(docs)}" if docs else ""))
    return "\n".join(lines)


def build_network(G: nx.MultiDiGraph, *, height: str = "720px") -> Network:
    """The pyvis Network of an entity graph (nodes sorted, coloured by label, sized by degree)."""
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    for n in sorted(G.nodes, key=str):
        d = G.nodes[n]
        label = d.get("label") or ""
        net.add_node(str(n), label=_short(d.get("name") or str(n)), title=_node_title(d),
                     color=LABEL_COLOURS.get(label, _OTHER_COLOUR),
                     value=1 + round(math.log2(1 + G.degree(n)), 3))
    for s, o, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        net.add_edge(str(s), str(o), title=_edge_title(d), label=d.get("predicate", str(k)))
    net.options = dict(VIS_OPTIONS)
    return net


def _counts(G: nx.MultiDiGraph) -> dict:
    return {
        "documents": G.graph.get("documents", len({doc for _, docs in G.nodes(data="docs") for doc in (docs or [])})),
        "entities": G.graph.get("entities", G.number_of_nodes()),
        "facts": G.graph.get("statements", G.number_of_edges()),
    }


def render_index_html(ds_or_nx, title: str, *, height: str = "720px") -> str:
    """The page as a string (see :func:`write_index_html`)."""
    G = ds_or_nx if isinstance(ds_or_nx, nx.Graph) else dataset_to_networkx(ds_or_nx) if isinstance(ds_or_nx, Graph) else None
    if G is None:
        raise TypeError(f"expected an rdflib Dataset/Graph or a networkx graph, not {type(ds_or_nx).__name__}")
    net = build_network(G, height=height)
    nodes, edges, _heading, _height, _width, _options = net.get_network_data()
    for node in nodes:  # pyvis adds font colour False etc.; keep only what vis needs
        node.pop("font", None)
        node.pop("group", None)
    label_counts: dict[str, int] = {}
    for _, label in G.nodes(data="label"):
        label_counts[label or ""] = label_counts.get(label or "", 0) + 1
    legend = [{"label": lab, "color": LABEL_COLOURS[lab], "count": label_counts[lab]} for lab in _LEGEND_ORDER if lab in label_counts]
    order = {lab: i for i, lab in enumerate(_LEGEND_ORDER)}
    rows = sorted((dict(G.nodes[n]) for n in G.nodes),
                  key=lambda d: (order.get(d.get("label") or "", len(order)), (d.get("name") or "").casefold(), d.get("iri", "")))
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True), keep_trailing_newline=True)
    template = env.from_string(resources.files("policy_kg.graph").joinpath("assets/index.html.j2").read_text(encoding="utf-8"))
    return template.render(
        title=title,
        height=height,
        counts=_counts(G),
        legend=legend,
        rows=rows,
        vis_css=_vis_asset("vis-network.css"),
        vis_js=_vis_asset("vis-network.min.js"),
        nodes_json=_script_json(nodes),
        edges_json=_script_json(edges),
        options_json=_script_json(net.options),
    )


def write_index_html(ds_or_nx, path: str | os.PathLike, title: str, *, height: str = "720px") -> Path:
    """Write the self-contained graph page to ``path`` (atomically) and return the path.

    ``ds_or_nx`` is the rdflib Dataset from :func:`policy_kg.graph.rdf.build_dataset` or its
    :func:`policy_kg.graph.rdf.dataset_to_networkx` projection.
    """
    return atomic_write(path, render_index_html(ds_or_nx, title, height=height))


__all__ = ["LABEL_COLOURS", "VIS_OPTIONS", "build_network", "render_index_html", "write_index_html"]
