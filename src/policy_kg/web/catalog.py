"""``/.well-known/void`` (VoID §7.2, https://www.w3.org/TR/void/#well-known) and ``/catalog`` (the DCAT-AP record).

Both are negotiated over the RDF formats (Turtle by default) and computed on each request from the store, so
the VoID counts are live; the response carries the store version as its ETag.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from ..catalog import dcat_graph, void_graph
from ..formats import RDF_FORMATS, negotiate

bp = Blueprint("catalog", __name__)

RDFLIB_NAMES = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml", "trig": "trig", "nquads": "nquads"}


def _public_url() -> str:
    configured = current_app.extensions["policy_kg"].settings.get("public_url")
    return (configured or request.host_url).rstrip("/") + "/"


def _respond(build) -> Response:
    kg = current_app.extensions["policy_kg"]
    fmt = negotiate(request.headers.get("Accept"), RDF_FORMATS)
    etag = f"{kg.version}-{fmt.name}"
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        graph = build(kg.backend, kg.settings["base_iri"], _public_url())
        response = Response(graph.serialize(format=RDFLIB_NAMES[fmt.name], encoding="utf-8"),
                            content_type=f"{fmt.media_type}; charset=utf-8")
    response.set_etag(etag)
    response.headers["Vary"] = "Accept"
    return response


@bp.route("/.well-known/void", methods=["GET", "HEAD"])
def void() -> Response:
    return _respond(void_graph)


@bp.route("/catalog", methods=["GET", "HEAD"])
def catalog() -> Response:
    return _respond(dcat_graph)
