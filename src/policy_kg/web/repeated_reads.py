"""Repeated SPARQL reads answered in front of Flask: the same ``GET /sparql?query=…`` at the same store version gets
the bytes of the first answer again, status and headers included (with ``X-Cache: hit``).

An HTTP response cache in the app's WSGI pipeline (what a caching proxy would do, RFC 9111 §4: same method, target
URI and the ``Vary`` header Accept, plus the Host and scheme the base IRI is made from). Entries live for one store
version; a write empties them. It keeps only successful query answers (``X-Cache`` marks them) and at most
``cache_entries`` of them in ``BYTE_BUDGET`` bytes. The rate limit of ``/sparql`` still applies: a client over it
goes on to Flask, which answers 429. Requests with a token, ``If-None-Match`` (Flask answers 304) or another method
always go to Flask. Measured by ``bench/run.py`` (cached phase): a cache hit costs tens of microseconds of Python
here against about half a millisecond through Flask.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any, Callable, Iterable

from flask import Flask

from .ratelimit import admits

BYTE_BUDGET = 32 * 2**20
ENDPOINTS = ("/sparql", "/sparql/")

Entry = tuple[str, list[tuple[str, str]], bytes]


class RepeatedReads:
    """WSGI middleware around ``app.wsgi_app`` (see the module docstring)."""

    def __init__(self, app: Flask) -> None:
        self.wsgi_app = app.wsgi_app
        self.flask = app
        self.service = app.extensions["policy_kg"]
        self.metrics = app.extensions["policy_kg_metrics"]
        self.entries = int(self.service.settings["cache_entries"])
        self._items: OrderedDict[tuple, Entry] = OrderedDict()
        self._bytes = 0
        self._version = ""
        self._lock = threading.Lock()

    @staticmethod
    def _key(environ: dict[str, Any]) -> tuple | None:
        if (environ.get("REQUEST_METHOD") != "GET" or environ.get("PATH_INFO") not in ENDPOINTS
                or "query=" not in environ.get("QUERY_STRING", "")
                or "HTTP_IF_NONE_MATCH" in environ or "HTTP_AUTHORIZATION" in environ):
            return None
        return (environ["PATH_INFO"], environ["QUERY_STRING"], environ.get("HTTP_ACCEPT", ""),
                environ.get("HTTP_HOST", ""), environ.get("wsgi.url_scheme", ""), environ.get("SCRIPT_NAME", ""))

    def _lookup(self, version: str, key: tuple) -> Entry | None:
        with self._lock:
            if version != self._version:
                self._items.clear()
                self._bytes, self._version = 0, version
                return None
            entry = self._items.get(key)
            if entry is not None:
                self._items.move_to_end(key)
            return entry

    def _keep(self, version: str, key: tuple, entry: Entry) -> None:
        size = len(entry[2])
        with self._lock:
            if version != self._version or size > BYTE_BUDGET // 8 or key in self._items:
                return
            self._items[key] = entry
            self._bytes += size
            while len(self._items) > self.entries or self._bytes > BYTE_BUDGET:
                _, (_, _, body) = self._items.popitem(last=False)
                self._bytes -= len(body)

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        key = self._key(environ) if self.entries > 0 else None
        if key is None:
            return self.wsgi_app(environ, start_response)
        started, version = time.perf_counter(), self.service.version
        entry = self._lookup(version, key)
        if entry is not None and admits(self.flask, "rate_limit_sparql", environ):
            status, headers, body = entry
            start_response(status, headers)
            self.service.cache.count_hit()
            self.metrics.observe(environ["PATH_INFO"], 200, time.perf_counter() - started)
            return [body]
        answered: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable:
            answered.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        body_parts = self.wsgi_app(environ, capture)
        headers = answered.get("headers", [])
        if not answered.get("status", "").startswith("200 ") or not any(name == "X-Cache" for name, _ in headers):
            return body_parts
        try:
            body = b"".join(body_parts)
        finally:
            getattr(body_parts, "close", lambda: None)()
        replayed = [(name, "hit") if name == "X-Cache" else (name, value) for name, value in headers]
        self._keep(version, key, (answered["status"], replayed, body))
        return [body]


def install(app: Flask) -> None:
    """Put the repeated-read cache in front of ``app`` (after ``metrics.install``, whose counters it feeds)."""
    app.wsgi_app = RepeatedReads(app)  # type: ignore[method-assign]
