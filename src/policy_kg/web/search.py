"""``GET /search``: ranked, Vietnamese-aware search as JSON or an HTML page.

Parameters: ``q`` (required for JSON), ``type`` (short name such as ``programme``, ``agency``, ``task``, or a class
IRI), ``sector`` (slug such as ``education`` or a sector IRI), ``page`` (from 1), ``size`` (1 to 100), ``lang``
(``vi`` or ``en``: which label to show first), ``format`` (``json`` or ``html``; otherwise the Accept header
decides). The ranking is described in ``policy_kg.search.ranking``. When the store changed since this process
last synchronised the index, ``policy_kg.search.index.ensure_fresh`` first compares each source graph's text
fingerprint with its index graph's and rebuilds only the graphs that differ (this catches every writer, SPARQL
Update included).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from ..errors import InputError
from ..formats import accepts_html
from ..search.index import ensure_fresh
from ..search.ranking import TYPES, search

bp = Blueprint("search", __name__)


def _int(name: str, default: int) -> int:
    value = request.args.get(name, "")
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise InputError(f"{name} must be a whole number / {name} phải là số nguyên") from None


def wants_html() -> bool:
    explicit = (request.args.get("format") or "").lower()
    if explicit in ("json", "html"):
        return explicit == "html"
    if explicit:
        raise InputError(f"unknown format {explicit!r}; use json or html / định dạng không hợp lệ")
    return accepts_html(request.headers.get("Accept"))


@bp.route("/search")
def search_page() -> Response:
    service = current_app.extensions["policy_kg"]
    base = service.settings["base_iri"]
    html = wants_html()
    q = request.args.get("q", "").strip()
    lang = "en" if request.args.get("lang") == "en" else "vi"
    answer = None
    if q or not html:
        ensure_fresh(service.backend, base)
        answer = search(service, q, request.args.get("type") or None, request.args.get("sector") or None,
                        _int("page", 1), _int("size", 20), lang, base)
    if not html:
        response = jsonify(answer)
        response.headers["Vary"] = "Accept"
        return response
    page = render_template("search.html", answer=answer, q=q, lang=lang, types=sorted(TYPES),
                           type=request.args.get("type", ""), sector=request.args.get("sector", ""))
    response = Response(page, mimetype="text/html")
    response.headers["Vary"] = "Accept"
    return response
