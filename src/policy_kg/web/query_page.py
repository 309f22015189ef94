"""The query page at ``/query``: runs ``?query=`` through the service and renders the result as an HTML table
(links to entity pages, labels in the page language), with download links to ``/sparql`` in every format and
errors shown inline with their line and column. ``/sparql`` serves the same page, empty, to browsers.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, render_template, request

from ..errors import PolicyKGError
from ..formats import RDF_FORMATS, RESULT_FORMATS, by_name
from ..store import QueryRequest
from . import i18n
from .describe import external_name
from .labels import Term, fetch_labels, local_path

bp = Blueprint("query_page", __name__)

NTRIPLES = by_name("ntriples", RDF_FORMATS)
SHOWN_ROWS = 1000
POSITION = re.compile(r"\bat (\d+):(\d+)")


def kg():
    return current_app.extensions["policy_kg"]


def error_position(message: str) -> tuple[int, int] | None:
    """(line, column) of a syntax error message such as ``query syntax: error at 1:25: ...``."""
    found = POSITION.search(message)
    return (int(found.group(1)), int(found.group(2))) if found else None


def _cell(term: Term | None, labels: dict[str, str], base: str) -> dict:
    if term is None:
        return {"text": ""}
    if term.is_iri:
        path = local_path(term.value, base)
        return {"text": labels.get(term.value) or external_name(term.value), "href": path or term.value,
                "iri": term.value, "external": path is None}
    if term.kind == "bnode":
        return {"text": "_:" + term.value}
    return {"text": term.value, "lang": term.lang}


def _solutions(body: bytes, lang: str, base: str) -> dict:
    payload = json.loads(body)
    if "boolean" in payload:
        return {"kind": "boolean", "value": payload["boolean"]}
    names = payload["head"]["vars"]
    bindings = payload["results"]["bindings"]
    rows = [{name: Term.from_json(row[name]) if name in row else None for name in names} for row in bindings[:SHOWN_ROWS]]
    iris = {t.value for row in rows for t in row.values() if t is not None and t.is_iri}
    labels = fetch_labels(kg(), iris, lang)
    return {"kind": "solutions", "vars": names, "total": len(bindings),
            "rows": [[_cell(row[name], labels, base) for name in names] for row in rows]}


def _graph(body: bytes) -> dict:
    lines = [line for line in body.decode("utf-8").splitlines() if line.strip()]
    return {"kind": "graph", "total": len(lines), "lines": lines[:SHOWN_ROWS]}


def downloads(text: str, kind: str) -> list[dict]:
    table = RDF_FORMATS[:4] if kind == "graph" else RESULT_FORMATS
    return [{"name": fmt.name, "media_type": fmt.media_type,
             "href": "/sparql?" + urlencode({"query": text, "format": fmt.name})} for fmt in table]


@bp.route("/query")
def query_page() -> Response:
    text = request.args.get("query", "")
    lang = i18n.current_language()
    result, error, position, status = None, "", None, 200
    if text.strip():
        service = kg()
        try:
            answer, _ = service.query(QueryRequest(text, graph_format=NTRIPLES, max_rows=service.settings["max_result_rows"]))
            base = service.settings["base_iri"]
            result = _graph(answer.body) if answer.kind == "graph" else _solutions(answer.body, lang, base)
            result["downloads"] = downloads(text, result["kind"])
        except PolicyKGError as exc:
            error, position = exc.message, error_position(exc.message)
            status = exc.status
    page = render_template("query.html", query_text=text, result=result, error=error, position=position)
    return Response(page, status=status, mimetype="text/html")
