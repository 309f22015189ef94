"""SPARQL 1.1 Graph Store HTTP Protocol at ``/store`` (https://www.w3.org/TR/sparql11-http-rdf-update/).

Indirect identification ``/store?graph=<iri>`` and ``/store?default`` (§4.2), direct identification
``/store/<path>`` where the graph IRI is the request URL (§4.1); GET, HEAD, PUT, POST (merge, §5.5; on ``/store``
itself it creates a graph and answers 201 with its Location, §5.5), DELETE; ``multipart/form-data`` POSTs
(§5.5). A GET of ``/store`` alone returns the whole dataset (N-Quads or TriG). Writes need a bearer token.
A write refreshes the inferences and search index of its graph (``reasoning/upkeep.py``).
"""

from __future__ import annotations

import hashlib
import uuid

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request

from ..errors import InputError, NotFound
from ..formats import RDF_FORMATS, Format, by_name, negotiate, rdf_format_for_media_type, rdf_format_for_path
from ..reasoning.upkeep import maintained
from .auth import require_writer

bp = Blueprint("graph_store", __name__)

DATASET_FORMATS = tuple(fmt for fmt in RDF_FORMATS if fmt.datasets)


def kg():
    return current_app.extensions["policy_kg"]


def _target(rest: str | None) -> tuple[bool, str | None]:
    """(is the whole store, graph IRI or None for the default graph)."""
    has_default = "default" in request.args
    graph = request.args.get("graph")
    if has_default and graph is not None:
        raise InputError("use either ?default or ?graph=, not both (Graph Store Protocol §4.2)")
    if rest:
        if has_default or graph is not None:
            raise InputError("a directly identified graph takes no ?graph= or ?default parameter")
        return False, _absolute_iri(request.base_url)
    if has_default:
        return False, None
    if graph is not None:
        if not graph.strip():
            raise InputError("?graph= needs an IRI")
        return False, _absolute_iri(graph)
    return True, None


def _absolute_iri(iri: str) -> str:
    """The graph IRI, if pyoxigraph accepts it as an absolute IRI (RFC 3987); else 400, never a 500."""
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise InputError(f"the graph name must be an absolute IRI ({exc}) / tên đồ thị phải là IRI tuyệt đối") from None
    return iri


def _bodies() -> list[tuple[bytes, Format, str]]:
    """The RDF payloads of this request: the body, or each file of a multipart/form-data POST."""
    if (request.mimetype or "") == "multipart/form-data":
        parts = []
        for name, upload in request.files.items(multi=True):
            label = upload.filename or name
            try:
                fmt = rdf_format_for_media_type(upload.mimetype)
            except InputError:
                fmt = rdf_format_for_path(label)
            parts.append((upload.read(), fmt, label))
        if not parts:
            raise InputError("the multipart/form-data body holds no file")
        return parts
    return [(request.get_data(), rdf_format_for_media_type(request.content_type), "body")]


@bp.route("/store", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
@bp.route("/store/<path:rest>", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
def graph_store(rest: str | None = None) -> Response:
    whole_store, graph = _target(rest)
    if request.method in ("GET", "HEAD"):
        return _read(whole_store, graph)
    require_writer()
    if whole_store and request.method == "POST":
        return _create()
    if whole_store:
        raise InputError("PUT and DELETE need ?graph=<iri> or ?default (Graph Store Protocol §4.2)")
    backend = kg().backend
    try:
        with maintained(backend, kg().settings["base_iri"], [graph]):
            if request.method == "DELETE":
                if not backend.drop_graph(graph):
                    raise NotFound(f"graph {graph} does not exist")
                return Response(status=204)
            existed = backend.graph_exists(graph)
            bodies = _bodies()
            if request.method == "PUT":
                data, fmt, label = bodies[0]
                backend.replace_graph(graph, data, fmt, base_iri=graph, source=label)
                for data, fmt, label in bodies[1:]:
                    backend.add_to_graph(graph, data, fmt, base_iri=graph, source=label)
            else:
                for data, fmt, label in bodies:
                    backend.add_to_graph(graph, data, fmt, base_iri=graph, source=label)
    finally:
        kg().wrote()
    return Response(status=204 if existed else 201)


def _create() -> Response:
    graph = f"{request.url_root.rstrip('/')}/store/{uuid.uuid4().hex}"
    try:
        with maintained(kg().backend, kg().settings["base_iri"], [graph]):
            for data, fmt, label in _bodies():
                kg().backend.add_to_graph(graph, data, fmt, base_iri=graph, source=label)
    finally:
        kg().wrote()
    response = Response(status=201)
    response.headers["Location"] = graph
    return response


def _read(whole_store: bool, graph: str | None) -> Response:
    backend = kg().backend
    explicit = request.args.get("format")
    if whole_store:
        fmt = by_name(explicit, RDF_FORMATS) if explicit else negotiate(request.headers.get("Accept"), DATASET_FORMATS)
        body = backend.dump(fmt)
    else:
        if not backend.graph_exists(graph):
            raise NotFound(f"graph {graph} does not exist")
        fmt = by_name(explicit, RDF_FORMATS) if explicit else negotiate(request.headers.get("Accept"), RDF_FORMATS)
        body = backend.serialize_graph(graph, fmt)
    response = Response(body, content_type=f"{fmt.media_type}; charset=utf-8")
    tag = hashlib.sha256(repr((kg().version, fmt.name, whole_store, graph)).encode()).hexdigest()[:32]
    response.set_etag(tag)
    response.headers["Vary"] = "Accept"
    return response.make_conditional(request)
