"""SHACL validation of a built graph against ``ontology/shapes.ttl`` (pyshacl).

The shapes say what a valid graph must hold (CONTRACT sections 2, 3 and 5): entity classes at
both ends of every fact predicate, one subject/predicate/object and provenance for every
statement, offsets and text for every span. The ontology (``ontology/policy-kg.ttl``) is mixed
in so that ``sh:class pkg:Entity`` accepts every entity class through ``rdfs:subClassOf``.

:func:`validate` returns a :class:`ValidationReport` whose ``violations`` are sorted, so that
the warnings a build prints come in the same order every time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policy_kg.ontology import load_ontology, load_shapes
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH

from .rdf import curie, union_graph


@dataclass(frozen=True, slots=True, order=True)
class Violation:
    """One SHACL result: the node, the property path (if any), the value (if any) and the message."""

    focus: str
    path: str
    value: str
    message: str
    severity: str = "Violation"
    shape: str = ""

    def line(self) -> str:
        """One line for a warning: ``SHACL <severity>: <focus> <path> <value>: <message>``, IRIs compacted."""
        parts = [curie(self.focus)]
        if self.path:
            parts.append(curie(self.path))
        if self.value:
            parts.append(curie(self.value))
        text = " ".join(" ".join(parts).split())
        return f"SHACL {self.severity.lower()}: {text}: {' '.join(self.message.split())}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [v.line() for v in self.violations]


def _text(term) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        value = str(term)
        return repr(value if len(value) <= 60 else value[:57] + "...")
    return str(term)


def _path_text(report: Graph, result) -> str:
    path = report.value(result, SH.resultPath)
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return str(path)
    inverse = report.value(path, SH.inversePath)
    return f"^{inverse}" if inverse is not None else "(complex path)"


def _shape_name(shape) -> str:
    """The IRI of a named shape (``pkgsh:StatementShape``); property shapes are blank nodes: empty."""
    return str(shape) if isinstance(shape, URIRef) else ""


def validate(graph: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate ``graph`` (a Dataset is validated as the union of its graphs) against the shapes.

    ``shapes`` defaults to ``ontology/shapes.ttl``. Raises ImportError with a hint when pyshacl
    is not installed.
    """
    try:
        from pyshacl import validate as shacl_validate
    except ImportError as exc:  # pragma: no cover - pyshacl is a declared dependency
        raise ImportError("pyshacl is needed to validate the graph (pip install pyshacl)") from exc

    data = union_graph(graph)
    conforms, report, _ = shacl_validate(
        data,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        ont_graph=load_ontology(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    if not isinstance(report, Graph):  # pyshacl's ValidationFailure: the shapes themselves are broken
        raise ValueError(f"SHACL validation could not run: {report}")
    violations = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        violations.append(Violation(
            focus=_text(report.value(result, SH.focusNode)),
            path=_path_text(report, result),
            value=_text(report.value(result, SH.value)),
            message=" ".join(str(m) for m in sorted(report.objects(result, SH.resultMessage))),
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            shape=_shape_name(report.value(result, SH.sourceShape)),
        ))
    return ValidationReport(conforms=bool(conforms), violations=sorted(set(violations)))


__all__ = ["ValidationReport", "Violation", "validate"]
