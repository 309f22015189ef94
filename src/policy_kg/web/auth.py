"""Bearer-token authorisation for writes (RFC 6750 §3): tokens come from the setting ``tokens`` (``name:token``).

No tokens configured: the server is read-only and every write is 403. A missing token is 401 with
``WWW-Authenticate: Bearer``; a wrong one is 401 ``invalid_token``. Tokens are compared in constant time.
"""

from __future__ import annotations

import hmac

from flask import current_app, g, request

from ..errors import Forbidden, Unauthorized


def require_writer() -> str:
    """Return the name of the token this request carries, or raise 401/403."""
    g.write_request = True
    tokens: dict[str, str] = current_app.extensions["policy_kg"].settings.token_names
    if not tokens:
        raise Forbidden("this server is read-only: no write tokens are configured (setting tokens)")
    header = request.headers.get("Authorization", "")
    scheme, _, presented = header.partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        raise Unauthorized("writes need an Authorization: Bearer <token> header")
    name = token_name(presented.strip(), tokens)
    if name is None:
        raise Unauthorized("the bearer token is not valid")
    g.writer = name
    return name


def token_name(presented: str, tokens: dict[str, str]) -> str | None:
    """The name of the configured token equal to ``presented``: every token is compared, each in constant time."""
    name = None
    for token, candidate in tokens.items():
        if hmac.compare_digest(token.encode(), presented.encode()):
            name = candidate
    return name


def presented_writer() -> str | None:
    """The writer named by this request's valid bearer token, or None; never raises (used by the rate limits)."""
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    tokens: dict[str, str] = current_app.extensions["policy_kg"].settings.token_names
    if scheme.lower() != "bearer" or not presented.strip() or not tokens:
        return None
    return token_name(presented.strip(), tokens)
