"""SPARQL over the store: named queries, safe parameters, refusal of unsafe queries, output formats.

Named queries are the ``queries/*.rq`` files shipped with the package. Each starts with
header comments::

    # title: Exclusions in force on a date
    # description: Every licence-country exclusion in force on the given day ...
    # param: date (date, today) the day to look at, YYYY-MM-DD

A ``param`` line is ``name (type[, default])`` and a description. The default may be a
value, ``today`` (for dates) or ``required``; without one the parameter is optional and
stays unbound when not given. Types: ``date``, ``string``, ``integer``, ``decimal``,
``iri``, ``entity`` (``LABEL:id`` as in CONTRACT section 4, or an IRI), ``predicate``
(a pkg: term name such as ``excludesDestination``) and one per entity label in lower case
(``licence``, ``country``, ``document``, ...: the canonical id, or an IRI).

A parameter value is never pasted into the query text: it is parsed and checked against
its type, turned into one RDF term (a typed literal or an IRI) and handed to Oxigraph as a
substitution of the variable of the same name (SPARQL-dev SEP-0007: the variable is bound
to that term before the query runs). Oxigraph asks that a substituted variable be in the
SELECT projection, so a named query lists its parameters among its result columns.

:func:`check_query` refuses what a read-only, offline query service must not run: SPARQL
Update (INSERT, DELETE, LOAD, CLEAR, ...) and federated ``SERVICE`` calls, which would make
Oxigraph fetch from the network. It reads the query with a small lexer that knows strings,
IRIs, comments and prefixed names, so ``"service"`` in a string or ``ex:service`` is fine.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import quoteattr as _xml_attr

import pyoxigraph as ox

from policy_kg.errors import PolicyKGError

QUERIES_DIR = Path(__file__).with_name("queries")

XSD = "http://www.w3.org/2001/XMLSchema#"
PKG_NS = "https://w3id.org/policy-kg/def#"


class QueryError(PolicyKGError):
    """A query that cannot run: unknown name, bad parameter, syntax error."""


class QueryRefused(QueryError):
    """A query that this service will not run: an update, a SERVICE call."""


# ---------------------------------------------------------------------------
# prefixes


def default_prefixes() -> dict[str, str]:
    """The prefixes every query may use without declaring them (those of the exports)."""
    from .rdf import PREFIXES

    return dict(PREFIXES)


def compact_iri(iri: str) -> str:
    """``prefix:local`` when one of the export prefixes covers ``iri`` cleanly, else ``<iri>``."""
    from .serialise import _compact

    return _compact(iri) or f"<{iri}>"


# ---------------------------------------------------------------------------
# lexer: what kind of request is this, and does it call out?

_IRIREF_RE = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
# PN_CHARS of the SPARQL grammar, less the ASCII letters/digits/_ that \w already has
_PN_EXTRA = "\u00B7\u0300-\u036F\u203F-\u2040"
_PREFIX_RE = re.compile(rf"(?:[^\W\d_]|[{_PN_EXTRA}])(?:[\w.\-{_PN_EXTRA}])*")  # PN_PREFIX candidate
_LOCAL_PART_RE = re.compile(rf"(?:[\w.\-:{_PN_EXTRA}]|%[0-9A-Fa-f]{{2}}|\\[_~.\-!$&'()*+,;=/?#@%])*")
_WORD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_VAR_RE = re.compile(rf"[?$][\w{_PN_EXTRA}]*")
_NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


def _bare_words(text: str) -> list[str]:
    """The bare words of a SPARQL text in order, upper-cased: keywords and function names,
    not variables, prefixed names, IRIs, strings, numbers or comments.

    Follows the SPARQL 1.1 lexical grammar for what it skips (IRIREF, the four string forms
    with their escapes, comments, VAR1/VAR2, prefixed names with PN_LOCAL escapes, numbers),
    so a keyword cannot hide in what the query engine reads as something else. A backslash
    outside strings and local names is returned as the word ``\\``."""
    words = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "\"'":
            if text.startswith(c * 3, i):
                j = i + 3
                while j < n and not text.startswith(c * 3, j):
                    j += 2 if text[j] == "\\" else 1
                i = j + 3
            else:
                j = i + 1
                while j < n and text[j] != c and text[j] not in "\r\n":
                    j += 2 if text[j] == "\\" else 1
                i = j + 1
        elif c == "<":
            m = _IRIREF_RE.match(text, i)
            i = m.end() if m else i + 1
        elif c in "?$":
            i = max(_VAR_RE.match(text, i).end(), i + 1)
        elif c.isdigit():
            i = _NUMBER_RE.match(text, i).end()
        elif c == ":" or (c == "_" and text.startswith("_:", i)):
            i = _local_end(text, i + (1 if c == ":" else 2))
        elif c == "\\":
            words.append("\\")
            i += 1
        else:
            m = _PREFIX_RE.match(text, i)
            if m and m.end() < n and text[m.end()] == ":" and not text[m.end() - 1] == ".":
                i = _local_end(text, m.end() + 1)  # a prefixed name
                continue
            w = _WORD_RE.match(text, i)
            if w:
                words.append(w.group(0).upper())
                i = w.end()
            else:
                i += 1
    return words


def _local_end(text: str, i: int) -> int:
    """End of the PN_LOCAL starting at ``i`` (a trailing dot is not part of it)."""
    j = _LOCAL_PART_RE.match(text, i).end()
    while j > i and text[j - 1] == "." and not (j - 2 >= i and text[j - 2] == "\\"):
        j -= 1
    return j


def query_form(text: str) -> str:
    """``SELECT``, ``CONSTRUCT``, ``DESCRIBE``, ``ASK``, or ``UPDATE`` for SPARQL Update; ``""``
    when no form keyword is found (Oxigraph will then report the syntax error)."""
    for w in _bare_words(text):
        if w in ("PREFIX", "BASE"):
            continue
        if w in QUERY_FORMS:
            return w
        if w in UPDATE_KEYWORDS:
            return "UPDATE"
        return ""
    return ""


def check_query(text: str) -> str:
    """The query form of ``text`` (see :func:`query_form`); raises :class:`QueryRefused` for
    SPARQL Update and for ``SERVICE`` anywhere in the query (no network, read-only)."""
    words = _bare_words(text)
    form = query_form(text)
    if form == "UPDATE":
        raise QueryRefused("SPARQL Update is refused: this service is read-only",
                           hint="send a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    if "SERVICE" in words:
        raise QueryRefused("SERVICE (federated query) is refused: this service makes no network requests",
                           hint="query the local graph only")
    if "\\" in words:
        raise QueryRefused("a backslash outside strings and IRIs is refused",
                           hint="write the query without \\u escapes outside strings")
    return form


# ---------------------------------------------------------------------------
# named queries and parameters

ENTITY_TYPES = ("licence", "person", "faction", "country", "place", "org", "system", "ruling", "document",
                "law", "motion", "event", "money", "date_entity")
PARAM_TYPES = ("date", "string", "integer", "decimal", "iri", "entity", "predicate", *ENTITY_TYPES)

_HEADER_RE = re.compile(r"#\s*(title|description|param)\s*:\s*(.*)\Z", re.I)
_PARAM_RE = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?P<type>[a-z_]+)\s*(?:,\s*(?P<default>[^)]*?)\s*)?\)\s*(?P<desc>.*)\Z")
_NAME_RE = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_ABS_IRI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]+\Z")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None  # a value, "today", or None
    required: bool = False
    description: str = ""

    def describe(self) -> str:
        if self.required:
            d = "required"
        elif self.default is not None:
            d = f"default {self.default}"
        else:
            d = "optional"
        return f"{self.name} ({self.type}, {d})"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path | None = None

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_query_file(text: str, name: str, path: Path | None = None) -> NamedQuery:
    """A :class:`NamedQuery` from the text of a ``.rq`` file (header comments + SPARQL)."""
    title = description = ""
    params: list[Param] = []
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        if not s.startswith("#"):
            break  # the header ends where the SPARQL starts
        m = _HEADER_RE.match(s)
        if not m:
            continue
        key, value = m.group(1).lower(), m.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            description = f"{description} {value}".strip()
        else:
            pm = _PARAM_RE.match(value)
            if not pm:
                raise QueryError(f"{path or name}: bad param line {value!r}",
                                 hint="write `# param: name (type[, default|required]) description`")
            ptype = pm.group("type")
            if ptype not in PARAM_TYPES:
                raise QueryError(f"{path or name}: parameter {pm.group('name')!r} has unknown type {ptype!r}",
                                 hint=f"use one of {', '.join(PARAM_TYPES)}")
            default = pm.group("default") or None
            required = default == "required"
            params.append(Param(pm.group("name"), ptype, None if required else default, required,
                                pm.group("desc").strip()))
    return NamedQuery(name=name, title=title or name, description=description, params=tuple(params), text=text, path=path)


def named_queries(directory: Path | None = None) -> dict[str, NamedQuery]:
    """The named queries of ``directory`` (default: the shipped ``queries/``), by name (file stem)."""
    d = Path(directory) if directory else QUERIES_DIR
    out = {}
    for path in sorted(d.glob("*.rq")):
        out[path.stem] = parse_query_file(path.read_text(encoding="utf-8"), path.stem, path)
    return out


def _today() -> str:
    return _dt.date.today().isoformat()


def param_term(param: Param, value: str):
    """The RDF term for ``value`` of a parameter of type ``param.type``; raises QueryError when it does not fit."""
    from .iri import LABELS, entity_iri, parse_ref

    v = value.strip()
    t = param.type

    def bad(expected: str) -> QueryError:
        return QueryError(f"parameter {param.name}={value!r} is not {expected}",
                          hint=param.description or f"give a {t}")

    if t == "date":
        if v == "today":
            v = _today()
        try:
            _dt.date.fromisoformat(v)
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", v):
                raise ValueError
        except ValueError:
            raise bad("a date YYYY-MM-DD") from None
        return ox.Literal(v, datatype=ox.NamedNode(XSD + "date"))
    if t == "string":
        return ox.Literal(value)
    if t == "integer":
        if not re.fullmatch(r"[+-]?[0-9]+", v):
            raise bad("an integer")
        return ox.Literal(str(int(v)), datatype=ox.NamedNode(XSD + "integer"))
    if t == "decimal":
        if not re.fullmatch(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", v):
            raise bad("a decimal number")
        return ox.Literal(v, datatype=ox.NamedNode(XSD + "decimal"))
    if t == "predicate":
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", v):
            if v.startswith(PKG_NS):
                return _iri(v, bad)
            raise bad("a pkg: predicate name such as excludesDestination")
        return ox.NamedNode(PKG_NS + v)
    if t == "iri":
        return _iri(v, bad)
    if t == "entity":
        if re.match(r"https?://", v):
            return _iri(v, bad)
        parsed = parse_ref(v)
        if parsed is None or parsed[0] == "QUESTION":
            raise bad(f"an entity LABEL:id (labels: {', '.join(LABELS)}) or an IRI")
        return ox.NamedNode(str(entity_iri(parsed[0], parsed[1])))
    # one entity label: the canonical id or an IRI
    if re.match(r"https?://", v):
        return _iri(v, bad)
    label = "DATE" if t == "date_entity" else t.upper()
    if not v:
        raise bad(f"a {t} id")
    if label in ("LICENCE", "COUNTRY"):
        v = v.upper().replace(" ", "")
    if label == "DOCUMENT":
        v = _document_id(v)
    return ox.NamedNode(str(entity_iri(label, v)))


def _document_id(v: str) -> str:
    """``kst-22054-454`` as is; ``Kamerstuk 22054, nr. 454`` / ``22054-454`` -> ``kst-22054-454``."""
    m = re.fullmatch(r"(?:kamerstuk(?:ken)?\s*)?([0-9]{5}(?:[- ]?[A-Z]{1,3})?)\s*(?:,\s*nr\.?\s*|-|\s+nr\.?\s*)([0-9A-Z]+)", v, re.I)
    if m and not v.lower().startswith("kst-"):
        dossier = re.sub(r"[ ]", "-", m.group(1).strip()).upper()
        return f"kst-{dossier}-{m.group(2).upper()}"
    return v


def _iri(v: str, bad) -> ox.NamedNode:
    if not _ABS_IRI_RE.match(v):
        raise bad("an absolute IRI")
    try:
        return ox.NamedNode(v)
    except ValueError:
        raise bad("a valid IRI") from None


def bind_params(query: NamedQuery | None, values: Mapping[str, str]) -> dict[ox.Variable, object]:
    """Substitutions for a named query: each given or defaulted parameter as a typed RDF term.

    Unknown names and missing required parameters are :class:`QueryError`. A query that
    declares no parameters accepts none."""
    params = query.params if query else ()
    known = {p.name: p for p in params}
    for k in values:
        if k not in known:
            where = f"query {query.name!r}" if query else "this query"
            have = ", ".join(known) or "none"
            raise QueryError(f"{where} has no parameter {k!r}", hint=f"its parameters: {have}")
    subs: dict[ox.Variable, object] = {}
    for p in params:
        if p.name in values:
            subs[ox.Variable(p.name)] = param_term(p, values[p.name])
        elif p.required:
            raise QueryError(f"query {query.name!r} needs --param {p.name}=...", hint=p.description or p.type)
        elif p.default is not None:
            subs[ox.Variable(p.name)] = param_term(p, p.default)
    return subs


def parse_param_args(args: Sequence[str]) -> dict[str, str]:
    """``["date=2025-05-01", ...]`` -> ``{"date": "2025-05-01"}``."""
    out = {}
    for a in args:
        k, sep, v = a.partition("=")
        if not sep or not k.strip():
            raise QueryError(f"bad --param {a!r}", hint="write --param name=value")
        out[k.strip()] = v
    return out


@dataclass(frozen=True)
class ResolvedQuery:
    text: str
    named: NamedQuery | None  # the named query or the .rq file's header (its params)
    origin: str  # "named", "file" or "text"


def resolve_query(arg: str, directory: Path | None = None) -> ResolvedQuery:
    """A shipped query's name, a path to a ``.rq`` file, or SPARQL text."""
    arg = arg.strip() if "\n" not in arg else arg
    if _NAME_RE.match(arg):
        queries = named_queries(directory)
        if arg in queries:
            return ResolvedQuery(queries[arg].text, queries[arg], "named")
    p = Path(arg) if len(arg) < 4096 and "\n" not in arg else None
    if p is not None and (arg.endswith(".rq") or arg.endswith(".sparql")):
        if not p.is_file():
            raise QueryError(f"{p}: no such query file", hint="give a .rq file, a query name or SPARQL text")
        text = p.read_text(encoding="utf-8")
        return ResolvedQuery(text, parse_query_file(text, p.stem, p), "file")
    if query_form(arg) or "{" in arg:
        return ResolvedQuery(arg, None, "text")
    names = ", ".join(named_queries(directory))
    raise QueryError(f"{arg!r} is no named query, .rq file or SPARQL query",
                     hint=f"`policy-kg query --list` shows the named queries: {names}")


# ---------------------------------------------------------------------------
# running


@dataclass
class QueryResult:
    """A materialised result: ``kind`` is ``select``, ``ask`` or ``graph`` (CONSTRUCT/DESCRIBE)."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)  # pyoxigraph terms or None
    boolean: bool | None = None
    triples: list = field(default_factory=list)
    truncated: bool = False

    def __len__(self) -> int:
        if self.kind == "select":
            return len(self.rows)
        if self.kind == "graph":
            return len(self.triples)
        return 1


def execute(
    store: ox.Store,
    text: str,
    substitutions: Mapping | None = None,
    *,
    max_rows: int | None = None,
    default_graph: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
) -> QueryResult:
    """Run a query (after :func:`check_query`) and collect at most ``max_rows`` rows/triples.

    Without ``default_graph`` the default graph is the store's merged default graph (every
    triple of every graph once, :func:`policy_kg.graph.store.merge_default_graph`), or for a
    store without one (made by an older version) Oxigraph's union of the graphs, which repeats a
    triple once per graph that holds it. Syntax and evaluation errors are :class:`QueryError`;
    refused queries :class:`QueryRefused`."""
    from .store import has_merged_default

    check_query(text)
    kwargs: dict = {"prefixes": default_prefixes()}
    if substitutions:
        kwargs["substitutions"] = dict(substitutions)
    if default_graph:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph]
    elif not has_merged_default(store):
        kwargs["use_default_graph_as_union"] = True
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        res = store.query(text, **kwargs)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {' '.join(str(exc).split())}", hint="check the query") from exc
    except (RuntimeError, OSError, ValueError) as exc:
        raise QueryError(f"the query failed: {' '.join(str(exc).split())}") from exc
    try:
        if isinstance(res, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            variables = [v.value for v in res.variables]
            out = QueryResult("select", variables=variables)
            for sol in res:
                if max_rows is not None and len(out.rows) >= max_rows:
                    out.truncated = True
                    break
                out.rows.append([sol[i] for i in range(len(variables))])
            return out
        out = QueryResult("graph")
        for t in res:
            if max_rows is not None and len(out.triples) >= max_rows:
                out.truncated = True
                break
            out.triples.append(t)
        return out
    except (RuntimeError, OSError, ValueError) as exc:
        raise QueryError(f"the query failed: {' '.join(str(exc).split())}") from exc


# ---------------------------------------------------------------------------
# output formats

#: --format names of results of SELECT/ASK and their media types
RESULT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
#: formats of CONSTRUCT/DESCRIBE results and their media types
GRAPH_FORMATS = {
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}
_OX_GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
# characters XML 1.0 cannot carry, even escaped
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _json_term(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != XSD + "string":
            d["datatype"] = t.datatype.value
        return d
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(t.subject), "predicate": _json_term(t.predicate),
                                            "object": _json_term(t.object)}}
    raise TypeError(f"unexpected term {t!r}")


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.kind == "ask":
        doc: dict = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = []
        for row in result.rows:
            bindings.append({v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None})
        doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _xml_text(s: str) -> str:
    return _xml_escape(_XML_BAD.sub("\ufffd", s))


def _xml_term(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{_xml_text(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{_xml_text(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={_xml_attr(t.language)}>{_xml_text(t.value)}</literal>"
        if t.datatype.value != XSD + "string":
            return f"<literal datatype={_xml_attr(t.datatype.value)}>{_xml_text(t.value)}</literal>"
        return f"<literal>{_xml_text(t.value)}</literal>"
    if isinstance(t, ox.Triple):
        return (f"<triple><subject>{_xml_term(t.subject)}</subject><predicate>{_xml_term(t.predicate)}</predicate>"
                f"<object>{_xml_term(t.object)}</object></triple>")
    raise TypeError(f"unexpected term {t!r}")


def to_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML. Characters that XML 1.0 cannot hold become U+FFFD."""
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    for v in result.variables:
        out.append(f"<variable name={_xml_attr(v)}/>")
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("<result>")
            for v, t in zip(result.variables, row, strict=True):
                if t is not None:
                    out.append(f"<binding name={_xml_attr(v)}>{_xml_term(t)}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _csv_value(t) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, (ox.NamedNode, ox.Literal)):
        return t.value
    return str(t)


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV (values only, CRLF line ends)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if result.kind == "ask":
        w.writerow(["boolean"])
        w.writerow(["true" if result.boolean else "false"])
    else:
        w.writerow(result.variables)
        for row in result.rows:
            w.writerow([_csv_value(t) for t in row])
    return buf.getvalue()


def _tsv_value(t) -> str:
    if t is None:
        return ""
    return str(t)  # N-Triples syntax: tabs and line breaks inside literals are escaped


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV (terms in N-Triples syntax)."""
    if result.kind == "ask":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines.extend("\t".join(_tsv_value(t) for t in row) for row in result.rows)
    return "\n".join(lines) + "\n"


def to_rdf(result: QueryResult, fmt: str = "turtle") -> bytes:
    """CONSTRUCT/DESCRIBE triples as Turtle (with the export prefixes), JSON-LD, N-Triples or RDF/XML.
    Triples are sorted, so the same result gives the same bytes."""
    triples = sorted(set(result.triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    f = _OX_GRAPH_FORMATS[fmt]
    if f == ox.RdfFormat.TURTLE:
        return ox.serialize(triples, format=f, prefixes=default_prefixes())
    return ox.serialize(triples, format=f)


def serialise(result: QueryResult, fmt: str) -> bytes:
    """The result in ``fmt``: json/xml/csv/tsv for SELECT and ASK, turtle/jsonld/ntriples/rdfxml for graphs."""
    if result.kind == "graph":
        if fmt not in _OX_GRAPH_FORMATS:
            raise QueryError(f"a CONSTRUCT/DESCRIBE result cannot be written as {fmt}",
                             hint=f"use one of {', '.join(GRAPH_FORMATS)}")
        return to_rdf(result, fmt)
    writer = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv}.get(fmt)
    if writer is None:
        raise QueryError(f"a {result.kind.upper()} result cannot be written as {fmt}",
                         hint=f"use one of {', '.join(RESULT_FORMATS)}")
    return writer(result).encode("utf-8")


def display_value(t) -> str:
    """A short text for a term in a terminal or HTML table: prefixed IRIs, literal values."""
    if t is None:
        return ""
    if isinstance(t, ox.NamedNode):
        return compact_iri(t.value)
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, ox.Literal):
        return t.value
    return str(t)


def to_table(result: QueryResult, title: str | None = None):
    """A rich Table of a SELECT result (ASK: one cell)."""
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False)
    if result.kind == "ask":
        table.add_column("boolean")
        table.add_row("true" if result.boolean else "false")
        return table
    for v in result.variables:
        table.add_column(v, overflow="fold")
    for row in result.rows:
        table.add_row(*(display_value(t) for t in row))
    return table


__all__ = [
    "GRAPH_FORMATS", "NamedQuery", "Param", "QUERIES_DIR", "QueryError", "QueryRefused", "QueryResult", "RESULT_FORMATS",
    "ResolvedQuery", "bind_params", "check_query", "compact_iri", "default_prefixes", "display_value", "execute",
    "named_queries", "param_term", "parse_param_args", "parse_query_file", "query_form", "resolve_query", "serialise",
    "to_csv", "to_json", "to_rdf", "to_table", "to_tsv", "to_xml",
]
