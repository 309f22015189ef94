"""Implementation monitoring: numbers checked against independent SPARQL counts, on the bundled data and on
tests/fixtures/monitoring.ttl (known overdue and incomplete tasks), as JSON, CSV and HTML with an SVG chart."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from policy_kg.clarities import CLARITIES
from policy_kg.clarities import PREFIXES as CLARITY_PREFIXES
from policy_kg.loading import load_files
from policy_kg.monitoring import EXAMPLE_QUERIES, agency_report, is_overdue, programme_report
from policy_kg.web import create_app

BASE = "https://w3id.org/policy-kg/"
FIXTURE = Path(__file__).parent / "fixtures" / "monitoring.ttl"
PROGRAMME = BASE + "eli/vn-hn/tu/ctr/xviii/test-monitoring"
TODAY = date(2026, 3, 1)
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = CLARITY_PREFIXES + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


def count(kg, where: str) -> int:
    rows = kg.backend.select(PREFIXES + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")
    return int(rows[0]["n"])


@pytest.fixture
def fixture_kg(fresh_kg):
    load_files(fresh_kg.backend, [FIXTURE], None, BASE)
    fresh_kg.wrote()
    return fresh_kg


@pytest.fixture
def fixture_client(fixture_kg):
    app = create_app(fixture_kg.settings, service=fixture_kg)
    app.config["TESTING"] = True
    return app.test_client()


def test_overdue_rule_for_each_deadline_datatype():
    assert is_overdue("2026-02-28", XSD + "date", "planned", TODAY)
    assert not is_overdue("2026-03-01", XSD + "date", "planned", TODAY)
    assert is_overdue("2026-02", XSD + "gYearMonth", "in-progress", TODAY)
    assert not is_overdue("2026-03", XSD + "gYearMonth", "in-progress", TODAY)
    assert is_overdue("2025", XSD + "gYear", "unknown", TODAY)
    assert not is_overdue("2026", XSD + "gYear", "planned", TODAY)
    assert not is_overdue("2020-01-01", XSD + "date", "done", TODAY)
    assert not is_overdue("2020-01-01", XSD + "date", "cancelled", TODAY)
    assert not is_overdue(None, None, "planned", TODAY)


def test_fixture_programme_numbers(fixture_kg):
    row = next(r for r in programme_report(fixture_kg, TODAY) if r["id"] == PROGRAMME)
    assert row["tasks"] == 7
    assert row["byStatus"] == {"planned": 3, "in-progress": 1, "done": 1, "cancelled": 1, "unknown": 1}
    assert row["overdue"] == 3
    assert {t["id"].rsplit("/", 1)[-1] for t in row["taskList"] if t["overdue"]} == {"test-t2", "test-t3", "test-t6"}
    assert row["compliant"] == 2 and row["compliance"] == round(2 / 7, 4)
    assert row["missingByClarity"] == {"ro_nguoi": 2, "ro_viec": 2, "ro_thoi_gian": 1, "ro_trach_nhiem": 2,
                                       "ro_tham_quyen": 3, "ro_san_pham": 3}
    missing = {t["id"].rsplit("/", 1)[-1]: set(t["missingClarities"]) for t in row["taskList"]}
    assert missing["test-t3"] == {"ro_tham_quyen", "ro_san_pham"}
    assert missing["test-t4"] == {"ro_nguoi"}
    assert missing["test-t5"] == {"ro_viec"}
    assert missing["test-t7"] == {c.id for c in CLARITIES}
    assert row["goalsWithoutTasks"] == [BASE + "id/goal/test-g2"]
    assert row["targetsWithoutIndicator"] == [BASE + "id/target/test-x2", BASE + "id/target/test-x3"]


@pytest.mark.parametrize("today, expected", [(date(2025, 12, 15), 0), (date(2026, 1, 1), 2), (date(2026, 3, 1), 3)])
def test_overdue_depends_on_today(fixture_kg, today, expected):
    row = next(r for r in programme_report(fixture_kg, today) if r["id"] == PROGRAMME)
    assert row["overdue"] == expected


def test_fixture_numbers_match_independent_sparql(fixture_kg):
    row = next(r for r in programme_report(fixture_kg, TODAY) if r["id"] == PROGRAMME)
    owned = f"?x pol:taskOf|^pol:hasTask <{PROGRAMME}> ."
    assert row["tasks"] == count(fixture_kg, owned)
    for status in ("planned", "in-progress", "done", "cancelled"):
        assert row["byStatus"][status] == count(fixture_kg, owned + f" ?x pol:status <{BASE}id/concept/task-status/{status}>")
    overdue_query = next(text for qid, _, _, text in EXAMPLE_QUERIES if qid == "monitoring-overdue")
    overdue = {r["task"] for r in fixture_kg.backend.select(overdue_query)}
    assert {t["id"] for t in row["taskList"] if t["overdue"]} == overdue
    all_six = " && ".join(c.condition.replace("?task", "?x") for c in CLARITIES)
    assert row["compliant"] == count(fixture_kg, owned + f" FILTER({all_six})")
    for clarity in CLARITIES:
        assert row["missingByClarity"][clarity.id] == count(
            fixture_kg, owned + f" FILTER(!({clarity.condition.replace('?task', '?x')}))")


def test_fixture_agency_numbers(fixture_kg):
    report = {r["id"].rsplit("/", 1)[-1]: r for r in agency_report(fixture_kg, TODAY)}
    education = report["so-giao-duc-va-dao-tao-ha-noi"]
    assert (education["tasks"], education["overdue"], education["compliant"]) == (5, 2, 2)
    health = report["so-y-te-ha-noi"]
    assert (health["tasks"], health["overdue"], health["compliant"]) == (2, 1, 0)
    assert report["so-tai-chinh-ha-noi"]["coordinated"] == 3
    for slug, row in report.items():
        assert row["tasks"] == count(fixture_kg, f"?x pol:leadAgency <{BASE}id/agency/{slug}>")


def test_bundled_numbers_match_sparql_counts(kg):
    report = programme_report(kg, TODAY)
    assert {r["id"] for r in report if r["tasks"]} == {
        BASE + "eli/vn-hn/tu/ctr/xviii/05", BASE + "eli/vn-hn/tu/ctr/xviii/06",
        BASE + "eli/vn-hn/tu/ctr/xviii/draft-nq79", BASE + "eli/vn-hn/tu/ctr/xviii/draft-nq80"}
    goals_query = next(text for qid, _, _, text in EXAMPLE_QUERIES if qid == "monitoring-goals-without-tasks")
    goals = {(r["document"], r["goal"]) for r in kg.backend.select(goals_query)}
    assert {(r["id"], g) for r in report for g in r["goalsWithoutTasks"]} == goals
    overdue_query = next(text for qid, _, _, text in EXAMPLE_QUERIES if qid == "monitoring-overdue")
    overdue = {r["task"] for r in kg.backend.select(overdue_query)}
    for row in report:
        assert row["tasks"] == count(kg, f"?x pol:taskOf|^pol:hasTask <{row['id']}>")
        assert {t["id"] for t in row["taskList"] if t["overdue"]} == {t["id"] for t in row["taskList"]} & overdue
        assert sum(row["byStatus"].values()) == row["tasks"]
        without = count(kg, "{ ?x pol:targetOf|^pol:hasTarget <%s> } UNION { ?x pol:targetOf|^pol:hasTarget ?g . "
                            "?g pol:goalOf|^pol:hasGoal <%s> } FILTER NOT EXISTS { ?x pol:indicator ?i }" % (row["id"], row["id"]))
        assert len(row["targetsWithoutIndicator"]) == without
    total = sum(r["tasks"] for r in report)
    assert total == count(kg, "?x a pol:Task")


def test_json_paths(fixture_client):
    listing = fixture_client.get("/monitoring/programmes?today=2026-03-01&format=json").get_json()
    assert listing["today"] == "2026-03-01"
    entry = next(p for p in listing["programmes"] if p["id"] == PROGRAMME)
    assert entry["overdue"] == 3 and "taskList" not in entry
    detail = fixture_client.get(entry["href"] + "?today=2026-03-01", headers={"Accept": "application/json"}).get_json()
    assert detail["tasks"] == 7 and len(detail["taskList"]) == 7
    agency = fixture_client.get("/monitoring/agencies/so-y-te-ha-noi?today=2026-03-01&format=json").get_json()
    assert agency["tasks"] == 2 and {t["role"] for t in agency["taskList"]} == {"lead"}
    index = fixture_client.get("/monitoring?format=json").get_json()
    assert {q["id"] for q in index["exampleQueries"]} >= {"monitoring-overdue", "search-fold"}


def test_csv_export(fixture_client):
    response = fixture_client.get("/monitoring/programmes?today=2026-03-01", headers={"Accept": "text/csv"})
    assert response.mimetype == "text/csv"
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(response.get_data(as_text=True)))}
    assert rows[PROGRAMME]["overdue"] == "3" and rows[PROGRAMME]["goals_without_tasks"] == "1"
    assert rows[PROGRAMME]["label_vi"] == "Chương trình thử nghiệm theo dõi"
    tasks = fixture_client.get("/monitoring/programmes/eli/vn-hn/tu/ctr/xviii/test-monitoring?today=2026-03-01&format=csv")
    task_rows = list(csv.DictReader(io.StringIO(tasks.get_data(as_text=True))))
    assert len(task_rows) == 7 and sum(r["overdue"] == "True" for r in task_rows) == 3
    targets = fixture_client.get("/monitoring/programmes/eli/vn-hn/tu/ctr/xviii/test-monitoring?format=csv&table=targets")
    assert len(list(csv.DictReader(io.StringIO(targets.get_data(as_text=True))))) == 2


def test_csv_cells_cannot_start_a_formula(fresh_kg, tmp_path):
    evil = tmp_path / "evil.ttl"
    evil.write_text('@prefix pol: <https://w3id.org/policy-kg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                    '<https://w3id.org/policy-kg/id/task/evil> a pol:Task ; rdfs:label "=HYPERLINK(\\"http://x\\")"@vi ;\n'
                    '  pol:taskOf <https://w3id.org/policy-kg/eli/vn-hn/tu/ctr/xviii/05> .\n', encoding="utf-8")
    load_files(fresh_kg.backend, [evil], None, BASE)
    fresh_kg.wrote()
    client = create_app(fresh_kg.settings, service=fresh_kg).test_client()
    text = client.get("/monitoring/programmes/eli/vn-hn/tu/ctr/xviii/05?format=csv").get_data(as_text=True)
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["id"].endswith("/evil"))
    assert row["label_vi"].startswith("'=")


def test_html_page_has_an_escaped_svg_chart(fresh_kg, tmp_path):
    hostile = tmp_path / "hostile.ttl"
    hostile.write_text(FIXTURE.read_text(encoding="utf-8").replace(
        '"Chương trình thử nghiệm theo dõi"@vi', '"<script>alert(1)</script> & co"@vi'), encoding="utf-8")
    load_files(fresh_kg.backend, [hostile], None, BASE)
    fresh_kg.wrote()
    client = create_app(fresh_kg.settings, service=fresh_kg).test_client()
    page = client.get("/monitoring/programmes?today=2026-03-01", headers={"Accept": "text/html"})
    body = page.get_data(as_text=True)
    assert page.mimetype == "text/html"
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert "http://" not in body.split("<svg", 1)[1].split("</svg>")[0].replace("http://www.w3.org/2000/svg", "")
    svg = body[body.index("<svg"):body.index("</svg>") + 6]
    tree = ET.fromstring(svg)
    bars = [el for el in tree.iter("{http://www.w3.org/2000/svg}rect") if el.find("{http://www.w3.org/2000/svg}title") is not None]
    assert sum(int(bar.find("{http://www.w3.org/2000/svg}title").text.rsplit(": ", 1)[1]) for bar in bars) == 7 + 34
    detail = client.get("/monitoring/agencies/so-y-te-ha-noi?today=2026-03-01", headers={"Accept": "text/html"})
    assert "Nhiệm vụ quá hạn một ngày" in detail.get_data(as_text=True)


def test_bad_parameters_get_the_error_shape(client):
    response = client.get("/monitoring/programmes?today=yesterday", headers={"Accept": "application/json"})
    assert response.status_code == 400 and set(response.get_json()["error"]) == {"status", "code", "message", "link"}
    missing = client.get("/monitoring/agencies/no-such-agency", headers={"Accept": "application/json"})
    assert missing.status_code == 404
