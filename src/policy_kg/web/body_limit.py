"""The request body limit (setting ``max_body_bytes``), for every route, whatever the HTTP server.

A body announced by Content-Length beyond the limit is refused with 413 before any of it is read (RFC 9110
§15.5.14). A chunked body (RFC 9112 §7.1) has no length up front, so it is read here, at most one byte past the
limit: within it, the app sees an ordinary body with its Content-Length (as PEP 3333 servers present de-chunked
input); past it, the app sees a Content-Length over the limit and answers 413 without the body.
"""

from __future__ import annotations

import io
from typing import Any, Callable, Iterable

from flask import Flask, request

from ..errors import PayloadTooLarge


class ChunkedBodyLimit:
    """WSGI middleware: buffer a body that has no Content-Length, up to ``limit`` + 1 bytes."""

    def __init__(self, app: Callable, limit: int) -> None:
        self.app = app
        self.limit = limit

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if environ.get("CONTENT_LENGTH") or "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            return self.app(environ, start_response)
        stream, parts, size = environ["wsgi.input"], [], 0
        while size <= self.limit:
            part = stream.read(min(65536, self.limit + 1 - size))
            if not part:
                break
            parts.append(part)
            size += len(part)
        body = b"".join(parts) if size <= self.limit else b""
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(size)
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        return self.app(environ, start_response)


def install(app: Flask, limit: int) -> None:
    """Refuse bodies over ``limit`` bytes on every route of ``app``, chunked or not."""
    app.config["MAX_CONTENT_LENGTH"] = limit
    app.wsgi_app = ChunkedBodyLimit(app.wsgi_app, limit)  # type: ignore[method-assign]

    @app.before_request
    def _refuse_oversized_body() -> None:
        if request.content_length is not None and request.content_length > limit:
            raise PayloadTooLarge(f"the request body is larger than {limit} bytes (setting max_body_bytes)")
