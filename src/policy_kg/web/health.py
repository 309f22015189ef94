"""``/health``: liveness and readiness (the store answers a query)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from ..store import QueryRequest

bp = Blueprint("health", __name__)


@bp.route("/health")
def health():
    kg = current_app.extensions["policy_kg"]
    kg.backend.query(QueryRequest("ASK { }"))
    return jsonify({"status": "ok", "store": "ready", "version": kg.version})
