"""Reading a submission body into a graph: RDF in any supported syntax, or the CSV task template.

Issue "Bad input": syntax errors are HTTP 400 (CLI exit 2) naming line and column; an unknown media type is 415.
TriG and N-Quads bodies are read as one graph (a submission is stored in a named graph of its own).
"""

from __future__ import annotations

import logging
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ..errors import ParseError, UnsupportedMediaType
from ..formats import RDF_FORMATS, Format, rdf_format_for_media_type, rdf_format_for_path
from ..input_guard import check_rdf_body

CSV_MEDIA_TYPE = "text/csv"


@dataclass(frozen=True)
class Submission:
    """A parsed body: the graph, the raw bytes (hashed and counted in the provenance), and its media type."""

    graph: Graph
    raw: bytes
    media_type: str


def _position(exc: SyntaxError) -> str:
    if exc.lineno:
        return f" (line {exc.lineno}, column {exc.offset or 0})"
    return ""


def parse_rdf(raw: bytes, fmt: Format, source: str = "body", base_iri: str | None = None) -> Graph:
    """Parse ``raw`` completely with pyoxigraph (errors carry line and column) into an rdflib graph."""
    check_rdf_body(raw, fmt.name, source)
    try:
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(raw, format=fmt.rdf, base_iri=base_iri)]
    except SyntaxError as exc:
        message = exc.msg if hasattr(exc, "msg") and exc.msg else str(exc)
        raise ParseError(f"{source}: {fmt.name} syntax error{_position(exc)}: {message}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ParseError(f"{source}: {fmt.name} syntax error: {exc}") from None
    graph = Graph()
    if triples:
        with quiet_literals():
            graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return graph


@contextmanager
def quiet_literals():
    """rdflib logs a traceback for every ill-typed literal; the shapes report those (sh:datatype) instead."""
    logger = logging.getLogger("rdflib.term")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(previous)


def read_body(raw: bytes, content_type: str | None, base_iri: str, context=None, source: str = "body") -> Submission:
    """A request body in any RDF syntax of ``formats.RDF_FORMATS`` or the CSV task template (``text/csv``)."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type == CSV_MEDIA_TYPE:
        from .csvtemplate import csv_to_graph

        return Submission(csv_to_graph(raw, base_iri, context, source), raw, CSV_MEDIA_TYPE)
    try:
        fmt = rdf_format_for_media_type(content_type, RDF_FORMATS)
    except UnsupportedMediaType:
        known = ", ".join([f.media_type for f in RDF_FORMATS] + [CSV_MEDIA_TYPE])
        raise UnsupportedMediaType(
            f"unsupported media type {media_type or '(none)'!r}; send one of: {known}") from None
    return Submission(parse_rdf(raw, fmt, source, base_iri), raw, fmt.media_type)


def read_files(paths: list[Path], base_iri: str, context=None) -> Submission:
    """Several files read as one submission (``policy-kg validate FILE...``); CSV by its ``.csv`` extension."""
    graph = Graph()
    raws: list[bytes] = []
    media_type = ""
    for path in paths:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ParseError(f"{path}: {exc.strerror or exc}") from None
        if path.suffix.lower() == ".csv":
            media_type = CSV_MEDIA_TYPE
        else:
            media_type = rdf_format_for_path(path).media_type
        part = read_body(raw, media_type, base_iri, context, source=str(path))
        for triple in part.graph:
            graph.add(triple)
        raws.append(raw)
    return Submission(graph, b"".join(raws), media_type if len(paths) == 1 else "multipart/mixed")
