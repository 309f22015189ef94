"""A thread-safe token bucket per client, for ``POST /validate`` (issue "Validating": a dry run, rate-limited).

Each client (remote address) gets a bucket of ``rate`` tokens refilled continuously over a minute (setting
``validate_rate``, requests per minute per client IP; 0 turns the limit off). An empty bucket answers 429 with
``Retry-After`` in whole seconds (RFC 6585 §4, RFC 9110 §10.2.3). Buckets idle for a full refill are dropped.

``install(app)`` puts the same limit in front of the other anonymous expensive endpoints, keyed by path:
``/sparql`` (setting ``rate_limit_sparql``), ``/search`` and ``/reconcile`` (``rate_limit_search``). A request
carrying a valid write token is exempt. The client is the socket's address; ``X-Forwarded-For`` is believed only
when that address is one of the ``trusted_proxies`` (then the right-most address not itself a trusted proxy).
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from flask import Flask, Response, current_app, request

from .auth import presented_writer
from .errors import error_response


class TokenBucketLimiter:
    """``allow(key)`` returns 0 when the request may go ahead, else the seconds to wait."""

    def __init__(self, per_minute: int, clock=time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> int:
        if self.capacity <= 0:
            return 0
        now = self.clock()
        with self._lock:
            tokens, stamp = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - stamp) * self.rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                self._forget_idle(now)
                return 0
            self._buckets[key] = (tokens, now)
            return max(1, math.ceil((1 - tokens) / self.rate))

    def _forget_idle(self, now: float) -> None:
        if len(self._buckets) < 10_000:
            return
        full = self.capacity / self.rate
        self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < full}


CHARGED = "policy_kg.rate_limit_charged"
"""WSGI environ key: a middleware in front of Flask has counted this request against its bucket already."""

LIMITED_PATHS: tuple[tuple[str, str], ...] = (
    ("/sparql", "rate_limit_sparql"),
    ("/search", "rate_limit_search"),
    ("/reconcile", "rate_limit_search"),
)


def client_key(peer: str | None, forwarded_for: str, trusted_proxies: tuple[str, ...]) -> str:
    """The client: the socket ``peer``, or, behind a trusted proxy, the address that proxy saw (``forwarded_for``)."""
    peer = peer or "unknown"
    if peer not in trusted_proxies:
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted_proxies:
            return hop
    return peer


def client_address(trusted_proxies: tuple[str, ...]) -> str:
    """This request's client (see ``client_key``)."""
    return client_key(request.remote_addr, request.headers.get("X-Forwarded-For", ""), trusted_proxies)


def limiter_for(app: Flask, setting: str) -> TokenBucketLimiter:
    """The app's one bucket set for ``setting`` (made on first use)."""
    limiters: dict[str, TokenBucketLimiter] = app.extensions.setdefault("policy_kg_rate_limits", {})
    limiter = limiters.get(setting)
    if limiter is None:
        limiter = limiters.setdefault(setting, TokenBucketLimiter(int(app.extensions["policy_kg"].settings[setting])))
    return limiter


def admits(app: Flask, setting: str, environ: dict[str, Any]) -> bool:
    """Whether ``setting``'s limit lets the anonymous client of the WSGI ``environ`` through (taking one token if so),
    for middleware in front of Flask; it marks the request ``CHARGED`` so that ``_check`` does not count it again."""
    settings = app.extensions["policy_kg"].settings
    if not settings[setting]:
        return True
    client = client_key(environ.get("REMOTE_ADDR"), environ.get("HTTP_X_FORWARDED_FOR", ""),
                        tuple(settings["trusted_proxies"]))
    if limiter_for(app, setting).allow(client):
        return False
    environ[CHARGED] = True
    return True


def _limited_setting(path: str) -> str | None:
    for prefix, setting in LIMITED_PATHS:
        if path == prefix or path.startswith(prefix + "/"):
            return setting
    return None


def _check() -> Response | None:
    """The ``before_request`` hook: 429 with Retry-After when this anonymous client's bucket is empty."""
    setting = _limited_setting(request.path)
    if setting is None or request.method == "OPTIONS":
        return None
    settings = current_app.extensions["policy_kg"].settings
    if not settings[setting] or presented_writer() is not None or request.environ.get(CHARGED):
        return None
    wait = limiter_for(current_app, setting).allow(client_address(tuple(settings["trusted_proxies"])))
    if not wait:
        return None
    response = error_response(429, f"too many requests; retry in {wait} s (setting {setting}) / "
                                   f"quá nhiều yêu cầu; thử lại sau {wait} giây")
    response.headers["Retry-After"] = str(wait)
    return response


def install(app: Flask) -> None:
    """Rate-limit the anonymous expensive endpoints of ``app`` (see the module docstring)."""
    app.before_request(_check)
