"""The web application: ``create_app(config)`` builds a Flask app with one blueprint per concern.

``config`` is a mapping of settings (see ``settings.py``) or a resolved ``Settings``; the app keeps its one
``PolicyKG`` service in ``app.extensions["policy_kg"]``.
"""

from __future__ import annotations

from typing import Any, Mapping

from flask import Flask, Response, g, request

from ..service import PolicyKG
from ..settings import Settings
from . import errors, graph_store, health, metrics, sparql
from . import monitoring, reconcile, search
from . import pages, query_page
from . import submissions
from . import ratelimit
from . import direct_reads, repeated_reads
from . import admin
from . import body_limit
from . import catalog


def create_app(config: Mapping[str, Any] | None = None, service: PolicyKG | None = None) -> Flask:
    settings = config if isinstance(config, Settings) else Settings.resolve(config)
    app = Flask(__name__)
    app.config["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["policy_kg"] = service or PolicyKG(settings)
    errors.register(app)
    body_limit.install(app, settings["max_body_bytes"])
    app.register_blueprint(sparql.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(reconcile.bp)
    app.register_blueprint(monitoring.bp)
    app.register_blueprint(graph_store.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(query_page.bp)
    app.register_blueprint(submissions.bp)
    app.register_blueprint(catalog.bp)
    metrics.install(app)
    ratelimit.install(app)
    app.register_blueprint(admin.bp)
    app.after_request(_cors)
    direct_reads.install(app)
    repeated_reads.install(app)
    return app


def _cors(response: Response) -> Response:
    """CORS open for reads, closed for writes: write requests (marked by ``auth.require_writer``) get no CORS
    headers, and preflights never allow the Authorization header, so no browser can send a token cross-origin."""
    if g.get("write_request"):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
    return response
