"""SPARQL 1.1 Protocol at ``/sparql``: query (§2.1) and update (§2.2), the service description on a bare GET.

https://www.w3.org/TR/sparql11-protocol/ — GET ``?query=``, POST form-encoded, POST ``application/sparql-query``
and ``application/sparql-update``; ``default-graph-uri``/``named-graph-uri`` and ``using-graph-uri``/
``using-named-graph-uri``; results negotiated from Accept (or ``format=``), ETag and 304 for repeated reads.
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, current_app, render_template, request

from ..errors import InputError, NotAcceptable, UnsupportedMediaType
from ..formats import RDF_FORMATS, RESULT_FORMATS, Format, accepts_html, by_name, formats_for_parameter, negotiate
from ..sparql_text import with_using_dataset
from ..store import QueryDataset, QueryRequest, QueryResult
from .auth import require_writer
from .service_description import service_description

bp = Blueprint("sparql", __name__)

DIRECT_FAILURE = "policy_kg.direct_read_failure"
"""WSGI environ key: the error of a query the direct path ran, for Flask to answer in the one error shape."""
FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


def kg():
    return current_app.extensions["policy_kg"]


def _media_type() -> str:
    return (request.mimetype or "").lower()


def _charset_ok() -> bool:
    charset = (request.mimetype_params.get("charset") or "utf-8").lower()
    return charset in ("utf-8", "utf8")


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise InputError(f"more than one {name} parameter; send exactly one")
    return values[0] if values else None


def _body_text() -> str:
    if not _charset_ok():
        raise UnsupportedMediaType("the request body must be UTF-8 (SPARQL 1.1 Protocol §2.1.2)")
    try:
        return request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the request body is not valid UTF-8") from None


def _operation() -> tuple[str, str | None]:
    """Return ("query" | "update" | "describe-service", text) for this request, or raise on a malformed one."""
    args = request.args
    if request.method in ("GET", "HEAD"):
        if "update" in args:
            raise InputError("an update must be sent with POST (SPARQL 1.1 Protocol §2.2)")
        text = _single(args.getlist("query"), "query")
        return ("query", text) if text is not None else ("describe-service", None)
    media_type = _media_type()
    if media_type == FORM:
        if not _charset_ok():
            raise UnsupportedMediaType("form bodies must be UTF-8 (SPARQL 1.1 Protocol §2.1.2)")
        form = request.form
        queries, updates = form.getlist("query") + args.getlist("query"), form.getlist("update")
        if queries and updates:
            raise InputError("a request may carry a query or an update, not both")
        if updates:
            return "update", _single(updates, "update")
        if queries:
            return "query", _single(queries, "query")
        raise InputError("the form has neither a query nor an update parameter")
    if media_type == QUERY_TYPE:
        return "query", _body_text()
    if media_type == UPDATE_TYPE:
        return "update", _body_text()
    raise UnsupportedMediaType(
        f"POST /sparql takes {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}, not {media_type or '(no content type)'}"
    )


def _param_list(name: str) -> tuple[str, ...]:
    values = request.args.getlist(name)
    if _media_type() == FORM:
        values += request.form.getlist(name)
    return tuple(values)


def _inference(service) -> bool:
    """Whether the query sees the inferred graph: the ``inference`` parameter, else the ``inference`` setting."""
    value = _single(list(_param_list("inference")), "inference")
    if value is None:
        return bool(service.settings["inference"])
    if value.lower() in ("true", "1", "on", "yes"):
        return True
    if value.lower() in ("false", "0", "off", "no"):
        return False
    raise InputError(f"inference must be true or false, not {value!r}")


JSON_RESULTS = by_name("json", RESULT_FORMATS)
TURTLE = by_name("turtle", RDF_FORMATS)


def _negotiated(accept: str | None, table: tuple[Format, ...]) -> Format | None:
    try:
        return negotiate(accept, table)
    except NotAcceptable:
        return None


def formats_for_accept(accept: str | None) -> tuple[Format | None, Format | None]:
    """The results format and the graph format an Accept header allows (None: not acceptable)."""
    return _negotiated(accept, RESULT_FORMATS), _negotiated(accept, RDF_FORMATS)


def _formats() -> tuple[Format | None, Format | None]:
    """The results format and the graph format this client accepts (None: not acceptable), from ``format=`` or Accept.

    Both are decided before the query runs, since only the answer tells whether it is solutions or a graph.
    """
    explicit = request.args.get("format") or (request.form.get("format") if _media_type() == FORM else None)
    if explicit:
        return formats_for_parameter(explicit)
    return formats_for_accept(request.headers.get("Accept"))


@bp.route("/sparql", methods=["GET", "POST", "HEAD"])
@bp.route("/sparql/", methods=["GET", "POST", "HEAD"])
def endpoint() -> Response:
    operation, text = _operation()
    if operation == "describe-service":
        if accepts_html(request.headers.get("Accept")):
            return Response(render_template("query.html"), mimetype="text/html")
        return service_description()
    if operation == "update":
        return _update(text or "")
    return _query(text or "")


def _query(text: str) -> Response:
    failed = request.environ.get(DIRECT_FAILURE)
    if failed is not None:  # the direct path (direct_reads.py) ran this query already; answer its error
        raise failed
    service = kg()
    results_format, graph_format = _formats()
    query = QueryRequest(
        text,
        results_format or JSON_RESULTS,
        graph_format or TURTLE,
        QueryDataset(_param_list("default-graph-uri"), _param_list("named-graph-uri"), not _inference(service)),
        max_rows=service.settings["max_result_rows"],
        base_iri=request.base_url,
    )
    etag = query_etag(service.version, query)
    if etag in request.if_none_match:
        response = Response(status=304)
        response.set_etag(etag)
        return response
    result, cached = service.query(query)
    check_acceptable(result, results_format, graph_format)
    response = Response(result.body, content_type=content_type(result.media_type))
    response.set_etag(etag)
    response.headers["Vary"] = "Accept"
    response.headers["X-Cache"] = "hit" if cached else "miss"
    return response


def query_etag(version: str, query: QueryRequest) -> str:
    """The entity tag of ``query``'s answer at store ``version`` (RFC 9110 §8.8.3)."""
    return hashlib.sha256(repr((version, query)).encode()).hexdigest()[:32]


def check_acceptable(result: QueryResult, results_format: Format | None, graph_format: Format | None) -> None:
    """Raise ``NotAcceptable`` when the client accepts no format for this kind of answer (solutions or graph)."""
    if (graph_format if result.kind == "graph" else results_format) is None:
        table = RDF_FORMATS if result.kind == "graph" else RESULT_FORMATS
        offered = ", ".join(fmt.media_type for fmt in table)
        raise NotAcceptable(f"this query's result can be sent as {offered}; the Accept header or format= allows none of them")


def content_type(media_type: str) -> str:
    textual = media_type.startswith("text/") or media_type.endswith(("+json", "+xml", "/json", "/xml", "n-triples", "n-quads", "trig"))
    return f"{media_type}; charset=utf-8" if textual else media_type


def _update(text: str) -> Response:
    require_writer()
    using = _param_list("using-graph-uri")
    using_named = _param_list("using-named-graph-uri")
    text = with_using_dataset(text, using, using_named)
    kg().update(text, base_iri=request.base_url)
    return Response(status=204)
