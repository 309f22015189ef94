"""``POST /validate`` (a dry run) and ``/submissions`` (validated writes with provenance).

Issue "Validating" and "Submitting": bodies in Turtle, TriG, N-Triples, JSON-LD, RDF/XML or the CSV task
template; reports as JSON, the standard sh:ValidationReport (Turtle and the other RDF formats) or HTML by
content negotiation, messages in Vietnamese or English (``?lang=vi|en``, else Accept-Language, else vi).
Status codes: 400 syntax (line and column), 413 too large, 415 unknown media type, 422 shape violations or
refused triples (store unchanged), 429 rate limit on /validate, 201 + Location for a stored submission.
A submission that conforms but contradicts the ontology (the HermiT gate) is also 422, store unchanged, with
the gate's report under ``"consistency"`` in the JSON answer (its explanation in vi and en).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, render_template_string, request, url_for

from ..errors import InputError
from ..formats import RDF_FORMATS, Format, accepts_html, negotiate
from ..validation import validate
from ..validation.ingest import read_body
from ..validation.report import Report
from ..validation.submissions import get_submission, list_submissions, stored_report, submit, withdraw
from .auth import require_writer
from .errors import error_response
from .ratelimit import TokenBucketLimiter, client_address

bp = Blueprint("submissions", __name__)
JSON = Format("json", "application/json", (".json",))
REPORT_FORMATS = (JSON, *RDF_FORMATS)


def kg():
    return current_app.extensions["policy_kg"]


def _limiter() -> TokenBucketLimiter:
    limiter = current_app.extensions.get("policy_kg_validate_limiter")
    if limiter is None:
        limiter = TokenBucketLimiter(int(kg().settings.get("validate_rate", 30)))
        current_app.extensions["policy_kg_validate_limiter"] = limiter
    return limiter


def _lang() -> str:
    asked = request.args.get("lang")
    if asked:
        if asked not in ("vi", "en"):
            raise InputError(f"lang must be vi or en, not {asked!r} / lang phải là vi hoặc en")
        return asked
    best = request.accept_languages.best_match(["vi", "en"])
    return best or "vi"


def _body():
    raw = request.get_data(cache=True)
    if not raw.strip():
        raise InputError("the request body is empty; send the data to validate / thân yêu cầu đang trống")
    return read_body(raw, request.content_type, kg().settings["base_iri"], kg())


def _report_response(report: Report, status: int, lang: str, extra: dict | None = None) -> Response:
    accept = request.headers.get("Accept")
    if accepts_html(accept):
        response = Response(render_template_string(REPORT_PAGE, report=report, lang=lang, extra=extra or {}),
                            mimetype="text/html")
    else:
        fmt = negotiate(accept, REPORT_FORMATS, JSON)
        if fmt is JSON:
            response = jsonify({**(extra or {}), "report": report.to_json(lang)})
        else:
            response = Response(report.graph().serialize(format=_rdflib_name(fmt), encoding="utf-8"),
                                mimetype=fmt.media_type)
    response.status_code = status
    response.headers["Vary"] = "Accept, Accept-Language"
    return response


def _rdflib_name(fmt: Format) -> str:
    return {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml", "trig": "trig",
            "nquads": "nquads"}[fmt.name]


@bp.post("/validate")
def validate_dry_run() -> Response:
    """A dry run: validate the body with the store as context; nothing is written; no token needed."""
    wait = _limiter().allow(client_address(tuple(kg().settings.get("trusted_proxies", ()))))
    if wait:
        response = error_response(429, f"too many validations; retry in {wait} s (setting validate_rate) / "
                                       f"quá nhiều yêu cầu kiểm tra; thử lại sau {wait} giây")
        response.headers["Retry-After"] = str(wait)
        return response
    lang = _lang()
    submission = _body()
    report = validate(submission.graph, kg(), lang)
    return _report_response(report, 200, lang)


@bp.post("/submissions")
def create_submission() -> Response:
    name = require_writer()
    lang = _lang()
    outcome = submit(kg(), _body(), name, lang)
    if not outcome.stored:
        extra = {"stored": False}
        if outcome.consistency is not None:
            extra["consistency"] = outcome.consistency.as_dict()
        return _report_response(outcome.report, 422, lang, extra)
    row = get_submission(kg(), outcome.id)
    response = _report_response(outcome.report, 201, lang, {"stored": True, "submission": _public(row)})
    response.headers["Location"] = url_for("submissions.show_submission", ident=outcome.id)
    return response


def _public(row: dict) -> dict:
    return {"id": row["id"], "iri": row["record"], "graph": row["graph"], "attributedTo": row["who"],
            "generatedAtTime": row["when"], "status": row["status"], "sha256": row["sha256"],
            "bytes": row["bytes"], "triples": row["triples"], "format": row["format"],
            "violations": row["violations"], "warnings": row["warnings"],
            "withdrawnAt": row.get("withdrawn"), "withdrawnBy": row.get("withdrawnBy"),
            "url": url_for("submissions.show_submission", ident=row["id"])}


@bp.get("/submissions")
def index() -> Response:
    return jsonify({"submissions": [_public(row) for row in list_submissions(kg())]})


@bp.get("/submissions/<ident>")
def show_submission(ident: str) -> Response:
    """JSON: metadata, report and links; an RDF media type: the submitted data itself."""
    row = get_submission(kg(), ident)
    fmt = negotiate(request.headers.get("Accept"), REPORT_FORMATS, JSON)
    if fmt is not JSON:
        if row["status"] == "withdrawn":
            return error_response(410, f"submission {ident} was withdrawn; its data is gone / bài nộp đã rút")
        body = kg().backend.serialize_graph(row["graph"], fmt)
        return Response(body, mimetype=fmt.media_type, headers={"Vary": "Accept"})
    report = stored_report(kg(), row["record"])
    return jsonify({"submission": _public(row), "report": _report_json(report)})


def _report_json(graph) -> dict:
    from rdflib.namespace import SH

    results = []
    for node in graph.objects(None, SH.result):
        results.append({
            "focus": str(graph.value(node, SH.focusNode)),
            "severity": str(graph.value(node, SH.resultSeverity)).rsplit("#", 1)[-1],
            "path": str(graph.value(node, SH.resultPath) or "") or None,
            "messages": {m.language: str(m) for m in graph.objects(node, SH.resultMessage)},
        })
    conforms = next(graph.objects(None, SH.conforms), None)
    return {"conforms": bool(conforms.toPython()) if conforms is not None else None, "results": results}


@bp.delete("/submissions/<ident>")
def delete_submission(ident: str) -> Response:
    name = require_writer()
    row = withdraw(kg(), ident, name)
    return jsonify({"submission": _public(row)})


REPORT_PAGE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<title>{{ 'Báo cáo kiểm tra' if lang == 'vi' else 'Validation report' }} – policy-kg</title></head>
<body><main>
<h1>{{ 'Báo cáo kiểm tra' if lang == 'vi' else 'Validation report' }}</h1>
{% set s = report.summary() %}
<p>{% if report.conforms %}{{ 'Dữ liệu phù hợp.' if lang == 'vi' else 'The data conforms.' }}{% else %}{{ 'Dữ liệu không phù hợp.' if lang == 'vi' else 'The data does not conform.' }}{% endif %}
{{ s.violations }} {{ 'vi phạm' if lang == 'vi' else 'violations' }}, {{ s.warnings }} {{ 'cảnh báo' if lang == 'vi' else 'warnings' }},
{{ s.triples }} {{ 'bộ ba' if lang == 'vi' else 'triples' }}.</p>
{% for focus, results in report.grouped().items() %}
<section><h2><code>{{ focus }}</code>{% if results[0].label(lang) %} – {{ results[0].label(lang) }}{% endif %}</h2>
<ul>{% for r in results %}<li><strong>{{ r.severity }}</strong>{% if r.path %} <code>{{ r.path }}</code>{% endif %}: {{ r.message(lang) }}</li>{% endfor %}</ul>
</section>
{% endfor %}
{% if extra.consistency %}
<section id="consistency"><h2>{{ 'Kiểm tra nhất quán (HermiT)' if lang == 'vi' else 'Consistency check (HermiT)' }}</h2>
<p>{% if extra.consistency.consistent %}{{ 'Nhất quán.' if lang == 'vi' else 'Consistent.' }}{% else %}{{ 'Không nhất quán: bài nộp mâu thuẫn với bản thể học; không có gì được lưu.' if lang == 'vi' else 'Inconsistent: the submission contradicts the ontology; nothing was stored.' }}{% endif %}</p>
<ul>{% for clash in extra.consistency.clashes %}<li>{{ clash.message[lang] }}<ul>{% for axiom in clash.axioms %}<li><code>{{ axiom }}</code></li>{% endfor %}</ul></li>{% endfor %}</ul>
</section>
{% endif %}
</main></body></html>
"""
