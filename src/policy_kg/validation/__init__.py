"""Validation against the project's SHACL shapes (issue "Validation and submissions").

``validate(data, context, lang)`` is the one entry point: the CLI ``validate`` and ``submit`` commands,
``POST /validate`` and ``POST /submissions`` all go through it. ``validate_graphs(data, shapes)`` is the lower
level (data and shapes graphs only), used by the W3C SHACL Core suite.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import BNode

from ..bundle import DEFAULT_BASE_IRI
from ..store import Backend
from .context import neighbourhood
from .engine import ValidationRunError, engine_name, run_shacl
from .report import Report, Result, from_report_graph
from .shapes import class_hierarchy, shapes_graph


def validate_graphs(data: Graph, shapes: Graph, *, engine: str = "auto", allow_warnings: bool = False) -> tuple[bool, Graph]:
    """SHACL validation of ``data`` against ``shapes`` (SHACL 1.0 §3): (sh:conforms, the sh:ValidationReport)."""
    return run_shacl(data, shapes, engine=engine, allow_warnings=allow_warnings)


def _backend(context: Any) -> Backend | None:
    if context is None or isinstance(context, Backend):
        return context
    return context.backend


def _settings(context: Any) -> dict:
    return getattr(context, "settings", None) or {}


def validate(data_graph: Graph, context: Any = None, lang: str = "vi", *, base_iri: str | None = None,
             engine: str | None = None) -> Report:
    """Validate a submission against the shapes, with the store's neighbourhood of it as context.

    ``context`` is a Backend, a PolicyKG service or None (no store: the bundled shapes and ontology only).
    Only results about resources the submission describes (its subjects) are reported.
    """
    settings = _settings(context)
    base_iri = base_iri or settings.get("base_iri", DEFAULT_BASE_IRI)
    engine = engine or settings.get("shacl_engine", "auto")
    backend = _backend(context)
    shapes = shapes_graph(backend, base_iri)
    work = Graph()
    for triple in data_graph:
        work.add(triple)
    if backend is not None:
        for triple in neighbourhood(backend, data_graph):
            work.add(triple)
    for triple in class_hierarchy(backend, base_iri):
        work.add(triple)
    _, report_graph = run_shacl(work, shapes, engine=engine, allow_warnings=True)
    focus = {s for s in data_graph.subjects() if isinstance(s, (URIRef, BNode))}
    results = from_report_graph(report_graph, shapes, work, focus)
    return Report(results=results, triples=len(data_graph), engine=engine_name(engine))


__all__ = ["Report", "Result", "ValidationRunError", "validate", "validate_graphs"]
