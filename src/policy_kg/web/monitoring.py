"""``/monitoring``: implementation monitoring as JSON, CSV and HTML pages with a server-side SVG chart.

Paths (docs/monitoring.md): ``/monitoring`` (index and example queries), ``/monitoring/programmes``,
``/monitoring/programmes/<IRI path>`` (e.g. ``eli/vn-hn/tu/ctr/xviii/05``), ``/monitoring/agencies``,
``/monitoring/agencies/<slug>`` (e.g. ``so-y-te-ha-noi``). Parameters: ``today=YYYY-MM-DD`` (default: the real
date), ``format=json|csv|html`` (otherwise Accept decides), ``table=tasks|goals|targets`` for a programme's CSV.
Numbers come from ``policy_kg.monitoring``; the chart is drawn here as SVG, no script and no CDN.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from markupsafe import Markup

from ..clarities import CLARITIES
from ..errors import InputError, NotFound
from ..formats import accepts_html, parse_accept
from ..monitoring import EXAMPLE_QUERIES, STATUSES, agency_report, find, parse_today, programme_report

bp = Blueprint("monitoring", __name__, url_prefix="/monitoring")

STATUS_LABELS = {"planned": ("Đã lên kế hoạch", "Planned"), "in-progress": ("Đang thực hiện", "In progress"),
                 "done": ("Đã hoàn thành", "Done"), "cancelled": ("Đã hủy", "Cancelled"),
                 "unknown": ("Chưa rõ trạng thái", "No status")}
COLOURS = {"planned": "#9ecae1", "in-progress": "#3182bd", "done": "#31a354", "cancelled": "#bdbdbd", "unknown": "#fdae6b"}


def _service():
    return current_app.extensions["policy_kg"]


def _format() -> str:
    explicit = (request.args.get("format") or "").lower()
    if explicit:
        if explicit not in ("json", "csv", "html"):
            raise InputError(f"unknown format {explicit!r}; use json, csv or html / định dạng không hợp lệ")
        return explicit
    if accepts_html(request.headers.get("Accept")):
        return "html"
    if any(media == "text/csv" for media, _, _ in parse_accept(request.headers.get("Accept"))):
        return "csv"
    return "json"


def _safe_cell(value: Any) -> Any:
    """Spreadsheet formula injection guard: a text cell starting with = + - @ gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(rows: list[dict[str, Any]], name: str) -> Response:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({key: _safe_cell(value) for key, value in row.items()} for row in rows)
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _summary_row(row: dict[str, Any]) -> dict[str, Any]:
    flat = {"id": row["id"], "number": row.get("number") or "", "label_vi": row["label"].get("vi", ""),
            "label_en": row["label"].get("en", ""), "tasks": row["tasks"]}
    flat.update({status: row["byStatus"][status] for status in STATUSES})
    flat.update({"overdue": row["overdue"], "compliant": row["compliant"],
                 "compliance": "" if row["compliance"] is None else row["compliance"]})
    flat.update({f"missing_{c.id}": row["missingByClarity"][c.id] for c in CLARITIES})
    if "goalsWithoutTasks" in row:
        flat.update({"goals_without_tasks": len(row["goalsWithoutTasks"]),
                     "targets_without_indicator": len(row["targetsWithoutIndicator"])})
    if "coordinated" in row:
        flat["coordinated"] = row["coordinated"]
    return flat


def _task_row(task: dict[str, Any]) -> dict[str, Any]:
    flat = {"id": task["id"], "label_vi": task["label"].get("vi", ""), "label_en": task["label"].get("en", ""),
            "status": task["status"], "deadline": task["deadline"] or "", "overdue": task["overdue"],
            "lead_agencies": " ".join(task["leadAgencies"]),
            "coordinating_agencies": " ".join(task["coordinatingAgencies"]),
            "missing_clarities": " ".join(task["missingClarities"]), "compliant": task["compliant"]}
    if "role" in task:
        flat["role"] = task["role"]
    return flat


def status_chart(rows: list[dict[str, Any]], lang: str = "vi") -> Markup:
    """A horizontal stacked bar per row (tasks by status), with overdue and compliance written beside it."""
    bar_width, row_height, label_width = 360, 26, 300
    most = max((row["tasks"] for row in rows), default=0) or 1
    height = row_height * len(rows) + 40
    parts = [Markup('<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{}" height="{}" viewBox="0 0 {} {}" '
                    'font-family="sans-serif" font-size="12"><title>{}</title>').format(
        label_width + bar_width + 220, height, label_width + bar_width + 220, height,
        "Nhiệm vụ theo trạng thái / Tasks by status")]
    for index, row in enumerate(rows):
        y = index * row_height + 4
        name = row["label"].get(lang) or row["label"].get("vi") or row.get("number") or row["id"]
        parts.append(Markup('<text x="0" y="{}">{}</text>').format(y + 15, name[:48]))
        x = label_width
        for status in STATUSES:
            count = row["byStatus"][status]
            if count:
                width = bar_width * count / most
                parts.append(Markup('<rect x="{:.1f}" y="{}" width="{:.1f}" height="18" fill="{}"><title>{}: {}</title></rect>')
                             .format(x, y + 2, width, COLOURS[status], STATUS_LABELS[status][0 if lang == "vi" else 1], count))
                x += width
        compliance = "–" if row["compliance"] is None else f"{row['compliance'] * 100:.0f}%"
        parts.append(Markup('<text x="{}" y="{}">{} · quá hạn/overdue {} · 6 rõ {}</text>')
                     .format(label_width + bar_width + 6, y + 15, row["tasks"], row["overdue"], compliance))
    legend_y = len(rows) * row_height + 20
    for position, status in enumerate(STATUSES):
        x = position * 150
        parts.append(Markup('<rect x="{}" y="{}" width="12" height="12" fill="{}"/><text x="{}" y="{}">{}</text>')
                     .format(x, legend_y, COLOURS[status], x + 16, legend_y + 11, STATUS_LABELS[status][0 if lang == "vi" else 1]))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _page(template: str, **context: Any) -> Response:
    context.setdefault("lang", "en" if request.args.get("lang") == "en" else "vi")
    body = render_template(template, clarities=CLARITIES, statuses=STATUSES, status_labels=STATUS_LABELS,
                           today=context.pop("today").isoformat(), **context)
    return Response(body, mimetype="text/html")


def _answer(payload: dict[str, Any], csv_rows: list[dict[str, Any]], name: str, template: str, **context: Any) -> Response:
    chosen = _format()
    if chosen == "csv":
        return _csv(csv_rows, name)
    if chosen == "html":
        return _page(template, data=payload, **context)
    response = jsonify(payload)
    response.headers["Vary"] = "Accept"
    return response


@bp.route("")
@bp.route("/")
def index() -> Response:
    today = parse_today(request.args.get("today"))
    payload = {"today": today.isoformat(),
               "programmes": url_for("monitoring.programmes"), "agencies": url_for("monitoring.agencies"),
               "exampleQueries": [{"id": qid, "title": {"vi": vi, "en": en}, "sparql": text}
                                  for qid, vi, en, text in EXAMPLE_QUERIES]}
    rows = [{"id": q["id"], "title_vi": q["title"]["vi"], "title_en": q["title"]["en"], "sparql": q["sparql"]}
            for q in payload["exampleQueries"]]
    return _answer(payload, rows, "monitoring-queries", "monitoring_index.html", today=today)


@bp.route("/programmes")
def programmes() -> Response:
    today = parse_today(request.args.get("today"))
    report = programme_report(_service(), today)
    base = _service().settings["base_iri"]
    summaries = [{key: value for key, value in row.items() if key != "taskList"} for row in report]
    for row in summaries:
        row["href"] = url_for("monitoring.programme", rest=row["id"][len(base):]) if row["id"].startswith(base) else None
    payload = {"today": today.isoformat(), "programmes": summaries}
    return _answer(payload, [_summary_row(row) for row in report], "programmes", "monitoring_list.html", today=today,
                   kind="programmes", chart=status_chart([r for r in report if r["tasks"]]))


@bp.route("/programmes/<path:rest>")
def programme(rest: str) -> Response:
    today = parse_today(request.args.get("today"))
    iri = _service().settings["base_iri"] + rest
    row = find(programme_report(_service(), today), iri)
    if row is None:
        raise NotFound(f"no programme or document with tasks, goals or targets at {iri} / không tìm thấy chương trình")
    table = request.args.get("table", "tasks")
    if table not in ("tasks", "goals", "targets"):
        raise InputError("table must be tasks, goals or targets / table phải là tasks, goals hoặc targets")
    csv_rows = {"tasks": [_task_row(task) for task in row["taskList"]],
                "goals": [{"document": iri, "goal_without_tasks": goal} for goal in row["goalsWithoutTasks"]],
                "targets": [{"document": iri, "target_without_indicator": t} for t in row["targetsWithoutIndicator"]]}[table]
    return _answer({"today": today.isoformat(), **row}, csv_rows, f"programme-{table}", "monitoring_detail.html",
                   today=today, kind="programme", chart=status_chart([row]) if row["tasks"] else Markup(""))


@bp.route("/agencies")
def agencies() -> Response:
    today = parse_today(request.args.get("today"))
    report = agency_report(_service(), today)
    base = _service().settings["base_iri"] + "id/agency/"
    summaries = [{key: value for key, value in row.items() if key != "taskList"} for row in report]
    for row in summaries:
        row["href"] = url_for("monitoring.agency", slug=row["id"][len(base):]) if row["id"].startswith(base) else None
    payload = {"today": today.isoformat(), "agencies": summaries}
    return _answer(payload, [_summary_row(row) for row in report], "agencies", "monitoring_list.html", today=today,
                   kind="agencies", chart=status_chart([r for r in report if r["tasks"]]))


@bp.route("/agencies/<slug>")
def agency(slug: str) -> Response:
    today = parse_today(request.args.get("today"))
    iri = _service().settings["base_iri"] + "id/agency/" + slug
    row = find(agency_report(_service(), today), iri)
    if row is None:
        raise NotFound(f"no agency {iri} / không tìm thấy cơ quan")
    return _answer({"today": today.isoformat(), **row}, [_task_row(task) for task in row["taskList"]],
                   f"agency-{slug}-tasks", "monitoring_detail.html", today=today, kind="agency",
                   chart=status_chart([row]) if row["tasks"] else Markup(""))
