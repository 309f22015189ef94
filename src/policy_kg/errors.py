"""The project's exceptions: one hierarchy, each error a one-line message plus where to read more.

The web layer maps them to HTTP statuses (``web/errors.py``); the CLI prints ``error: <message>`` and exits 2.
"""

from __future__ import annotations


class PolicyKGError(Exception):
    """Base class: ``message`` is one line for a person, ``link`` a spec or docs anchor."""

    status = 500
    link = ""

    def __init__(self, message: str, *, link: str | None = None) -> None:
        super().__init__(message)
        self.message = " ".join(message.split())
        if link is not None:
            self.link = link

    def __str__(self) -> str:
        return self.message


class ConfigError(PolicyKGError):
    """A setting has a value that cannot be used."""


class InputError(PolicyKGError):
    """The client sent something unusable (bad syntax, unknown format): HTTP 400, CLI exit 2."""

    status = 400


class ParseError(InputError):
    """RDF that does not parse; carries the source name and line where known."""

    link = "https://www.w3.org/TR/rdf12-concepts/"


class QuerySyntaxError(InputError):
    """A SPARQL query or update that does not parse."""

    link = "https://www.w3.org/TR/sparql11-query/#grammar"


class UnsupportedMediaType(InputError):
    """HTTP 415: a request body in a media type this endpoint does not read."""

    status = 415


class NotAcceptable(InputError):
    """HTTP 406: no representation matches the Accept header."""

    status = 406


class PayloadTooLarge(InputError):
    """HTTP 413: the request body or query is over the configured limit."""

    status = 413


class Forbidden(PolicyKGError):
    """HTTP 403: the request is understood and refused (SERVICE to an unlisted IRI, a token without the right)."""

    status = 403


class Unauthorized(PolicyKGError):
    """HTTP 401: a write without a valid bearer token."""

    status = 401


class NotFound(PolicyKGError):
    """HTTP 404."""

    status = 404


class QueryTimeout(PolicyKGError):
    """HTTP 503: the query ran past ``query_timeout`` and was stopped."""

    status = 503


class ResultTooLarge(InputError):
    """The result holds more rows than ``max_result_rows``."""


class StoreError(PolicyKGError):
    """The store could not be opened, reached or written: HTTP 503 (the service, not the request, is at fault)."""

    status = 503
