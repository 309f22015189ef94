"""The one error shape: ``{"error": {"status", "code", "message", "link"}}`` for JSON clients, and the same
one-line reason as plain text (or an HTML page for browsers) otherwise. No stack trace ever leaves the server.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from ..errors import PolicyKGError
from ..formats import accepts_html, parse_accept

log = logging.getLogger("policy_kg.web")

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         406: "not_acceptable", 409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type",
         422: "unprocessable", 429: "too_many_requests", 500: "internal_error", 503: "unavailable"}


RETRY_AFTER_SECONDS = 5
"""Retry-After (RFC 9110 §10.2.3) on every 429 and 503; a rate limit overrides it with the bucket's own wait."""


def error_body(status: int, message: str, link: str = "") -> dict:
    """The JSON error body (pinned by tests/test_error_shape.py)."""
    return {"error": {"status": status, "code": CODES.get(status, "error"), "message": message, "link": link}}


def _wants_json() -> bool:
    ranges = parse_accept(request.headers.get("Accept"))
    return any("json" in media_range for media_range, _, _ in ranges)


def error_response(status: int, message: str, link: str = "") -> Response:
    message = " ".join(message.split())
    if _wants_json():
        response = jsonify(error_body(status, message, link))
    elif accepts_html(request.headers.get("Accept")):
        from markupsafe import escape

        page = (f'<!doctype html><html lang="en"><meta charset="utf-8"><title>{status}</title>'
                f"<main><h1>{status} {CODES.get(status, 'error')}</h1><p>{escape(message)}</p></main></html>")
        response = Response(page, mimetype="text/html")
    else:
        response = Response(message + "\n", mimetype="text/plain")
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="policy-kg"'
    if status in (429, 503):
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def register(app: Flask) -> None:
    @app.errorhandler(PolicyKGError)
    def project_error(exc: PolicyKGError) -> Response:
        if exc.status >= 500 and exc.status != 503:
            log.error("server error: %s", exc.message)
        return error_response(exc.status, exc.message, exc.link)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        response = error_response(exc.code or 500, exc.description or exc.name)
        if exc.code == 405 and getattr(exc, "valid_methods", None):
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response:
        log.exception("unexpected error")
        return error_response(500, "internal error: the server failed to answer; this is a bug, please report it")
