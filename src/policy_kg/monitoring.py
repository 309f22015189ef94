"""Implementation monitoring: for each programme and each agency, tasks by status, overdue tasks, "6 rõ"
compliance, goals without tasks and targets without an indicator.

Definitions (docs/monitoring.md): a task belongs to a document by ``pol:taskOf`` or ``pol:hasTask``; its status
is its ``pol:status`` concept in the scheme ``id/scheme/task-status`` (no status: "unknown"). A task is *open*
unless its status is done or cancelled, and *overdue* when it is open and its ``pol:deadline`` is over on
``today``: an ``xsd:date`` before today, an ``xsd:gYearMonth`` before this month, an ``xsd:gYear`` before this
year. A task is *compliant* when it has all six clarities of ``clarities.CLARITIES``. A goal has no tasks when no
task ``pol:contributesTo`` it; a target (of the document or of one of its goals) has no indicator without
``pol:indicator``. ``today`` is a parameter so results are reproducible.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .clarities import CLARITIES, PREFIXES
from .search.index import select

XSD = "http://www.w3.org/2001/XMLSchema#"
STATUSES = ("planned", "in-progress", "done", "cancelled", "unknown")
CLOSED = ("done", "cancelled")
PREFIX_BLOCK = PREFIXES + (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
_DEADLINE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def is_overdue(deadline: str | None, datatype: str | None, status: str, today: date) -> bool:
    """True when an open task's deadline is over on ``today`` (see the module docstring)."""
    if not deadline or status in CLOSED:
        return False
    found = _DEADLINE.match(deadline.strip())
    if not found:
        return False
    year, month, day = found.groups()
    if datatype == XSD + "gYear" or month is None:
        return int(year) < today.year
    if datatype == XSD + "gYearMonth" or day is None:
        return (int(year), int(month)) < (today.year, today.month)
    return date(int(year), int(month), int(day)) < today


@dataclass
class Task:
    id: str
    labels: dict[str, str] = field(default_factory=dict)
    documents: set[str] = field(default_factory=set)
    status: str = "unknown"
    deadline: str | None = None
    deadline_type: str | None = None
    leads: set[str] = field(default_factory=set)
    coordinators: set[str] = field(default_factory=set)
    missing: list[str] = field(default_factory=list)
    overdue: bool = False

    def row(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.labels, "status": self.status, "deadline": self.deadline,
                "overdue": self.overdue, "leadAgencies": sorted(self.leads),
                "coordinatingAgencies": sorted(self.coordinators), "missingClarities": self.missing,
                "compliant": not self.missing}


def _labels(source: Any, subjects_pattern: str) -> dict[str, dict[str, str]]:
    rows = select(source, PREFIX_BLOCK + f"SELECT ?s ?l (LANG(?l) AS ?lang) WHERE {{ {subjects_pattern} ?s rdfs:label ?l }}")
    out: dict[str, dict[str, str]] = {}
    for row in rows:
        out.setdefault(row["s"], {})[row.get("lang") or "und"] = row["l"]
    return out


def load_tasks(source: Any, today: date) -> dict[str, Task]:
    """Every task, with its documents, status, deadline, agencies and missing clarities."""
    tasks_pattern = "{ ?s a pol:Task } UNION { ?s pol:taskOf|^pol:hasTask ?anyDocument }"
    flags = " ".join(f"({c.condition.replace('?task', '?s')} AS ?{c.id})" for c in CLARITIES)
    tasks: dict[str, Task] = {}
    for row in select(source, PREFIX_BLOCK + f"SELECT DISTINCT ?s {flags} WHERE {{ {tasks_pattern} }}"):
        tasks[row["s"]] = Task(row["s"], missing=[c.id for c in CLARITIES if row.get(c.id) not in ("true", "1")])
    facts = select(source, PREFIX_BLOCK + (
        f"SELECT ?s ?p ?o (DATATYPE(?o) AS ?dt) WHERE {{ {tasks_pattern} "
        "VALUES ?p { pol:status pol:deadline pol:leadAgency pol:coordinatingAgency pol:taskOf } ?s ?p ?o }"
    ))
    facts += [{"s": row["s"], "p": "https://w3id.org/policy-kg/ontology#taskOf", "o": row["d"]}
              for row in select(source, PREFIX_BLOCK + "SELECT ?s ?d WHERE { ?d pol:hasTask ?s }")]
    for row in sorted(facts, key=lambda r: (r["s"], r["p"], r["o"])):
        task = tasks.get(row["s"])
        if task is None:
            continue
        name = row["p"].rsplit("#", 1)[-1]
        if name == "status":
            task.status = row["o"].rstrip("/").rsplit("/", 1)[-1] if "/task-status/" in row["o"] else task.status
        elif name == "deadline" and task.deadline is None:
            task.deadline, task.deadline_type = row["o"], row.get("dt")
        elif name == "leadAgency":
            task.leads.add(row["o"])
        elif name == "coordinatingAgency":
            task.coordinators.add(row["o"])
        elif name == "taskOf":
            task.documents.add(row["o"])
    for iri, labels in _labels(source, tasks_pattern).items():
        if iri in tasks:
            tasks[iri].labels = labels
    for task in tasks.values():
        if task.status not in STATUSES:
            task.status = "unknown"
        task.overdue = is_overdue(task.deadline, task.deadline_type, task.status, today)
    return tasks


def summarise(tasks: list[Task]) -> dict[str, Any]:
    """Counts for one group of tasks: by status, overdue, compliance and each clarity's misses."""
    by_status = Counter(task.status for task in tasks)
    compliant = sum(1 for task in tasks if not task.missing)
    return {
        "tasks": len(tasks),
        "byStatus": {status: by_status.get(status, 0) for status in STATUSES},
        "overdue": sum(1 for task in tasks if task.overdue),
        "compliant": compliant,
        "compliance": round(compliant / len(tasks), 4) if tasks else None,
        "missingByClarity": {c.id: sum(1 for task in tasks if c.id in task.missing) for c in CLARITIES},
    }


def goals_and_targets(source: Any) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(goals without tasks, targets without an indicator), each row with its document."""
    goals = select(source, PREFIX_BLOCK + (
        "SELECT DISTINCT ?goal ?document WHERE { ?goal pol:goalOf|^pol:hasGoal ?document "
        "FILTER NOT EXISTS { ?task pol:contributesTo ?goal } } ORDER BY ?document ?goal"
    ))
    targets = select(source, PREFIX_BLOCK + (
        "SELECT DISTINCT ?target ?document WHERE { "
        "{ ?target pol:targetOf|^pol:hasTarget ?document } UNION "
        "{ ?target pol:targetOf|^pol:hasTarget ?goal . ?goal pol:goalOf|^pol:hasGoal ?document } "
        "?document a/rdfs:subClassOf* pol:PolicyDocument "
        "FILTER NOT EXISTS { ?target pol:indicator ?indicator } } ORDER BY ?document ?target"
    ))
    return goals, targets


def documents(source: Any) -> dict[str, dict[str, Any]]:
    """Documents that have tasks, goals or targets: the programmes (and resolutions) monitoring reports on."""
    pattern = ("{ ?s pol:hasTask|pol:hasGoal|pol:hasTarget|^pol:taskOf|^pol:goalOf|^pol:targetOf ?part } "
               "?s a/rdfs:subClassOf* pol:PolicyDocument .")
    rows = select(source, PREFIX_BLOCK + f"SELECT DISTINCT ?s ?number WHERE {{ {pattern} OPTIONAL {{ ?s eli:number ?number }} }}")
    labels = _labels(source, pattern)
    return {row["s"]: {"id": row["s"], "label": labels.get(row["s"], {}), "number": row.get("number")} for row in rows}


def agencies(source: Any) -> dict[str, dict[str, Any]]:
    pattern = "?s a/rdfs:subClassOf* pol:Agency ."
    rows = select(source, PREFIX_BLOCK + f"SELECT DISTINCT ?s WHERE {{ {pattern} }}")
    labels = _labels(source, pattern)
    return {row["s"]: {"id": row["s"], "label": labels.get(row["s"], {})} for row in rows}


def programme_report(source: Any, today: date) -> list[dict[str, Any]]:
    """One row per document: its summary plus its task, goal and target lists."""
    tasks = load_tasks(source, today)
    goals, targets = goals_and_targets(source)
    report = []
    for iri, info in sorted(documents(source).items()):
        own = sorted((t for t in tasks.values() if iri in t.documents), key=lambda t: t.id)
        report.append({
            **info, **summarise(own),
            "goalsWithoutTasks": [row["goal"] for row in goals if row["document"] == iri],
            "targetsWithoutIndicator": sorted({row["target"] for row in targets if row["document"] == iri}),
            "taskList": [task.row() for task in own],
        })
    return report


def agency_report(source: Any, today: date) -> list[dict[str, Any]]:
    """One row per agency: the summary of the tasks it leads, the count it coordinates, and both task lists."""
    tasks = load_tasks(source, today)
    report = []
    for iri, info in sorted(agencies(source).items()):
        led = sorted((t for t in tasks.values() if iri in t.leads), key=lambda t: t.id)
        coordinated = sorted((t for t in tasks.values() if iri in t.coordinators), key=lambda t: t.id)
        report.append({
            **info, **summarise(led), "coordinated": len(coordinated),
            "taskList": [{**task.row(), "role": "lead"} for task in led]
            + [{**task.row(), "role": "coordinating"} for task in coordinated],
        })
    return report


def find(report: list[dict[str, Any]], iri: str) -> dict[str, Any] | None:
    return next((row for row in report if row["id"] == iri), None)


def parse_today(text: str | None) -> date:
    """The ``today`` parameter (YYYY-MM-DD), or the real date."""
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        from .errors import InputError

        raise InputError(f"today must be a date as YYYY-MM-DD, got {text!r} / today phải có dạng YYYY-MM-DD") from None


EXAMPLE_QUERIES: tuple[tuple[str, str, str, str], ...] = (
    ("monitoring-tasks-by-status", "Nhiệm vụ theo trạng thái của mỗi chương trình", "Tasks by status per programme",
     PREFIX_BLOCK + "SELECT ?programme ?status (COUNT(DISTINCT ?task) AS ?tasks) WHERE {\n"
     "  ?task pol:taskOf|^pol:hasTask ?programme .\n  OPTIONAL { ?task pol:status ?status }\n}\n"
     "GROUP BY ?programme ?status ORDER BY ?programme ?status"),
    ("monitoring-overdue", "Nhiệm vụ quá hạn (ngày 2026-03-01)", "Overdue tasks (as of 2026-03-01)",
     PREFIX_BLOCK + "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
     "SELECT ?task ?deadline ?status WHERE {\n  ?task pol:deadline ?deadline .\n"
     "  OPTIONAL { ?task pol:status ?status }\n"
     "  FILTER(!BOUND(?status) || !(STRENDS(STR(?status), \"/done\") || STRENDS(STR(?status), \"/cancelled\")))\n"
     "  FILTER((DATATYPE(?deadline) = xsd:date && ?deadline < \"2026-03-01\"^^xsd:date)\n"
     "      || (DATATYPE(?deadline) = xsd:gYearMonth && STR(?deadline) < \"2026-03\")\n"
     "      || (DATATYPE(?deadline) = xsd:gYear && STR(?deadline) < \"2026\"))\n} ORDER BY ?deadline"),
    ("monitoring-6-ro", "Nhiệm vụ thiếu \"6 rõ\"", "Tasks missing one of the six clarities",
     PREFIX_BLOCK + "SELECT ?task " + " ".join(f"({c.condition} AS ?{c.id})" for c in CLARITIES)
     + " WHERE {\n  ?task a pol:Task .\n} ORDER BY ?task"),
    ("monitoring-goals-without-tasks", "Mục tiêu chưa có nhiệm vụ", "Goals without tasks",
     PREFIX_BLOCK + "SELECT ?document ?goal WHERE {\n  ?goal pol:goalOf|^pol:hasGoal ?document .\n"
     "  FILTER NOT EXISTS { ?task pol:contributesTo ?goal }\n} ORDER BY ?document ?goal"),
    ("monitoring-targets-without-indicator", "Chỉ tiêu chưa có chỉ số đo", "Targets without an indicator",
     PREFIX_BLOCK + "SELECT ?target ?label WHERE {\n  ?target a pol:Target .\n"
     "  OPTIONAL { ?target rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), \"vi\")) }\n"
     "  FILTER NOT EXISTS { ?target pol:indicator ?indicator }\n} ORDER BY ?target"),
    ("search-fold", "Tìm nhãn không dấu với pol:fold", "Diacritic-free label search with pol:fold",
     PREFIX_BLOCK + "SELECT ?s ?label WHERE {\n  ?s rdfs:label ?label .\n"
     "  FILTER(CONTAINS(pol:fold(?label), \"giao duc\"))\n} LIMIT 20"),
    ("search-key", "Tìm bằng khóa tìm kiếm dựng sẵn", "Search with the precomputed search key",
     PREFIX_BLOCK + "SELECT DISTINCT ?s WHERE {\n"
     "  ?s pol:searchKey ?key .\n"
     "  FILTER(CONTAINS(?key, \"so y te\"))\n} LIMIT 20"),
)
"""(id, title in Vietnamese, title in English, SPARQL) for the query UI's examples."""
