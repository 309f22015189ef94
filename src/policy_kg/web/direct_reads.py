"""Plain SPARQL reads answered without Flask: ``GET /sparql?query=…`` and nothing else, from the WSGI environ.

Flask's request context, hooks and response object cost about as much Python as the worker hand-off of a point
lookup, in the one process that holds the GIL for every request. A plain read is the SPARQL 1.1 Protocol's
commonest request (§2.1.1: query via GET, no dataset parameters), so it is answered here: the same
``QueryRequest``, entity tag, content negotiation, rate limit, metrics and headers as ``sparql.py``, which a test
compares header by header (``tests/test_direct_reads.py``). Anything else goes to Flask untouched: another
parameter, a method other than GET, a token, ``If-None-Match``, a rate-limited client. A query that fails here is
not run twice: its error travels to Flask in the environ (``sparql.DIRECT_FAILURE``) and is answered in the one
error shape there, with the rate limit already counted (``ratelimit.CHARGED``).
"""

from __future__ import annotations

import time
from typing import Any, Callable, Iterable
from urllib.parse import unquote_plus

from flask import Flask
from werkzeug.wsgi import get_current_url

from ..formats import Format
from ..store import QueryDataset, QueryRequest
from .ratelimit import admits
from .sparql import DIRECT_FAILURE, JSON_RESULTS, TURTLE, check_acceptable, content_type, formats_for_accept, query_etag

ENDPOINTS = ("/sparql", "/sparql/")
NEGOTIATED_KEEP = 64  # Accept headers whose negotiation is remembered (clients send a handful of distinct ones)


class DirectReads:
    """WSGI middleware around ``app.wsgi_app`` (see the module docstring)."""

    def __init__(self, app: Flask) -> None:
        self.wsgi_app = app.wsgi_app
        self.flask = app
        self.service = app.extensions["policy_kg"]
        self.metrics = app.extensions["policy_kg_metrics"]
        self._negotiated: dict[str, tuple[Format | None, Format | None]] = {}

    @staticmethod
    def plain_query(environ: dict[str, Any]) -> str | None:
        """The query text of a plain read (the only parameter is one ``query``), else None."""
        text = environ.get("QUERY_STRING", "")
        if (environ.get("REQUEST_METHOD") != "GET" or environ.get("PATH_INFO") not in ENDPOINTS
                or not text.startswith("query=") or "&" in text
                or "HTTP_IF_NONE_MATCH" in environ or "HTTP_AUTHORIZATION" in environ):
            return None
        return unquote_plus(text[len("query="):], errors="replace")

    def _formats(self, accept: str | None) -> tuple[Format | None, Format | None]:
        key = accept or ""
        formats = self._negotiated.get(key)
        if formats is None:
            formats = formats_for_accept(accept)
            if len(self._negotiated) < NEGOTIATED_KEEP:
                self._negotiated[key] = formats
        return formats

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        text = self.plain_query(environ)
        if text is None or not admits(self.flask, "rate_limit_sparql", environ):
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()
        service, settings = self.service, self.service.settings
        results_format, graph_format = self._formats(environ.get("HTTP_ACCEPT"))
        query = QueryRequest(text, results_format or JSON_RESULTS, graph_format or TURTLE,
                             QueryDataset((), (), not settings["inference"]), max_rows=settings["max_result_rows"],
                             base_iri=get_current_url(environ, strip_querystring=True))
        etag = query_etag(service.version, query)
        try:
            result, cached = service.query(query)
            check_acceptable(result, results_format, graph_format)
        except Exception as exc:  # noqa: BLE001 - answered by Flask's handlers, a bug as a 500 in the one shape
            environ[DIRECT_FAILURE] = exc
            return self.wsgi_app(environ, start_response)
        start_response("200 OK", [
            ("Content-Type", content_type(result.media_type)), ("Content-Length", str(len(result.body))),
            ("ETag", f'"{etag}"'), ("Vary", "Accept"), ("X-Cache", "hit" if cached else "miss"),
            ("Access-Control-Allow-Origin", "*"),
        ])
        self.metrics.observe(environ["PATH_INFO"], 200, time.perf_counter() - started)
        return [result.body]


def install(app: Flask) -> None:
    """Answer plain reads in front of ``app`` (after ``metrics.install`` and ``ratelimit.install``)."""
    app.wsgi_app = DirectReads(app)  # type: ignore[method-assign]
