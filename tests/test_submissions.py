"""Submissions end to end (issue "Submitting" and "Tests"): a valid one lands in its own graph with provenance
and is queryable; invalid, refused or malformed ones change nothing (N-Quads dump compared byte for byte);
withdraw; ownership; the CSV template; the CLI; a real server over loopback."""

from __future__ import annotations

import pytest
import requests
from rdflib import Graph
from rdflib.compare import isomorphic

from policy_kg.formats import RDF_FORMATS, by_name
from policy_kg.service import PolicyKG
from policy_kg.web import create_app

from conftest import ROOT, auth, make_settings
from test_validation import BASE, TASK, VALID_TASK, without

NQUADS = by_name("nquads", RDF_FORMATS)


def dump(kg) -> bytes:
    return kg.backend.dump(NQUADS)


def post(client, body, content_type="text/turtle", token=True, headers=None):
    headers = dict(headers or {})
    if token:
        headers.update(auth())
    return client.post("/submissions", data=body, content_type=content_type, headers=headers)


def test_a_valid_submission_lands_with_provenance_and_is_queryable(fresh_client, fresh_kg):
    response = post(fresh_client, VALID_TASK)
    assert response.status_code == 201, response.get_json()
    info = response.get_json()["submission"]
    assert response.headers["Location"] == f"/submissions/{info['id']}"
    assert info["attributedTo"] == "tester" and info["status"] == "active"
    assert info["bytes"] == len(VALID_TASK.encode()) and info["triples"] == 11
    import hashlib

    assert info["sha256"] == hashlib.sha256(VALID_TASK.encode()).hexdigest()
    assert fresh_kg.backend.ask(f"ASK {{ GRAPH <{info['graph']}> {{ <{TASK}> ?p ?o }} }}")
    sparql = fresh_client.get("/sparql", query_string={"query": f"ASK {{ <{TASK}> a ?c }}"},
                              headers={"Accept": "application/sparql-results+json"})
    assert sparql.get_json()["boolean"] is True
    stored = Graph().parse(data=fresh_client.get(response.headers["Location"], headers={"Accept": "text/turtle"}).data,
                           format="turtle")
    assert isomorphic(stored, Graph().parse(data=VALID_TASK, format="turtle"))
    listed = fresh_client.get("/submissions").get_json()["submissions"]
    assert [s["id"] for s in listed] == [info["id"]]
    shown = fresh_client.get(response.headers["Location"]).get_json()
    assert shown["report"]["conforms"] is True and shown["submission"]["iri"] == info["iri"]


@pytest.mark.parametrize("clarity", ["ro-nguoi", "ro-thoi-gian", "ro-san-pham", "ro-tham-quyen"])
def test_an_invalid_submission_is_422_names_the_clarity_and_changes_nothing(fresh_client, fresh_kg, clarity):
    before = dump(fresh_kg)
    response = post(fresh_client, without(clarity), headers={"Accept": "application/json"})
    assert response.status_code == 422
    results = response.get_json()["report"]["results"]
    assert [r["clarity"] for r in results] == [clarity]
    assert results[0]["messages"]["vi"].startswith("Rõ ") and results[0]["messages"]["en"].startswith("Clear ")
    assert dump(fresh_kg) == before


def test_refused_when_it_rewrites_curated_resources(fresh_client, fresh_kg):
    before = dump(fresh_kg)
    body = VALID_TASK + f'\n<{BASE}id/agency/so-y-te-ha-noi> <http://www.w3.org/2000/01/rdf-schema#label> "Sở khác"@vi .\n'
    response = post(fresh_client, body, headers={"Accept": "application/json"})
    assert response.status_code == 422
    [refusal] = [r for r in response.get_json()["report"]["results"] if r["clarity"] == "ownership"]
    assert refusal["focus"] == f"{BASE}id/agency/so-y-te-ha-noi"
    assert "curated" in refusal["messages"]["en"] and "biên tập" in refusal["messages"]["vi"]
    assert dump(fresh_kg) == before


def test_refused_when_it_reuses_an_iri_another_submission_owns_then_withdraw(fresh_client, fresh_kg):
    first = post(fresh_client, VALID_TASK)
    assert first.status_code == 201
    before = dump(fresh_kg)
    again = post(fresh_client, VALID_TASK, headers={"Accept": "application/json"})
    assert again.status_code == 422
    assert "another submission" in again.get_json()["report"]["results"][0]["messages"]["en"]
    assert dump(fresh_kg) == before
    location = first.headers["Location"]
    assert fresh_client.delete(location).status_code == 401
    gone = fresh_client.delete(location, headers=auth())
    assert gone.status_code == 200 and gone.get_json()["submission"]["status"] == "withdrawn"
    assert not fresh_kg.backend.ask(f"ASK {{ <{TASK}> ?p ?o }}")
    record = fresh_client.get(location).get_json()["submission"]
    assert record["status"] == "withdrawn" and record["withdrawnBy"] == "tester" and record["withdrawnAt"]
    assert fresh_client.get(location, headers={"Accept": "text/turtle"}).status_code == 410
    assert post(fresh_client, VALID_TASK).status_code == 201


def test_bad_input_statuses_leave_the_store_unchanged(fresh_client, fresh_kg):
    before = dump(fresh_kg)
    broken = post(fresh_client, "@prefix ex: <http://e/> .\nex:a ex:b .\n", headers={"Accept": "application/json"})
    assert broken.status_code == 400 and "line 2" in broken.get_json()["error"]["message"]
    assert post(fresh_client, VALID_TASK, content_type="application/pdf").status_code == 415
    assert post(fresh_client, VALID_TASK, token=False).status_code == 401
    assert dump(fresh_kg) == before


def test_too_large_is_413(tmp_path):
    service = PolicyKG(make_settings(tmp_path / "store", max_body_bytes=200), workers=False)
    try:
        client = create_app(service.settings, service=service).test_client()
        assert client.post("/validate", data=VALID_TASK, content_type="text/turtle").status_code == 413
    finally:
        service.close()


def test_csv_template_submission_round_trip(fresh_client, fresh_kg):
    raw = (ROOT / "docs" / "examples" / "tasks.csv").read_bytes()
    response = post(fresh_client, raw, content_type="text/csv; charset=utf-8")
    assert response.status_code == 201, response.get_json()
    info = response.get_json()["submission"]
    assert info["format"] == "text/csv" and info["bytes"] == len(raw)
    rows = fresh_kg.backend.select(
        f"SELECT ?t WHERE {{ GRAPH <{info['graph']}> {{ ?t <https://w3id.org/policy-kg/ontology#leadAgency> ?a }} }}")
    assert sorted(r["t"].rsplit("/", 1)[1] for r in rows) == ["05-de-an-truong-hoc-so", "06-ke-hoach-ho-so-suc-khoe-dien-tu"]


def test_validate_is_a_dry_run_with_content_negotiation(fresh_client, fresh_kg):
    before = dump(fresh_kg)
    body = without("ro-nguoi")
    as_json = fresh_client.post("/validate?lang=en", data=body, content_type="text/turtle")
    assert as_json.status_code == 200 and as_json.get_json()["report"]["results"][0]["message"].startswith("Clear people")
    as_turtle = fresh_client.post("/validate", data=body, content_type="text/turtle", headers={"Accept": "text/turtle"})
    assert as_turtle.mimetype == "text/turtle"
    assert "ValidationReport" in as_turtle.get_data(as_text=True)
    as_html = fresh_client.post("/validate", data=body, content_type="text/turtle",
                                headers={"Accept": "text/html", "Accept-Language": "vi"})
    assert as_html.mimetype == "text/html" and "Rõ người" in as_html.get_data(as_text=True)
    assert dump(fresh_kg) == before


def test_validate_is_rate_limited(tmp_path):
    service = PolicyKG(make_settings(tmp_path / "store", validate_rate=2), workers=False)
    try:
        client = create_app(service.settings, service=service).test_client()
        codes = [client.post("/validate", data=VALID_TASK, content_type="text/turtle").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        limited = client.post("/validate", data=VALID_TASK, content_type="text/turtle")
        assert int(limited.headers["Retry-After"]) >= 1
    finally:
        service.close()


def test_cli_submit(runner, tmp_path):
    from policy_kg.cli import main

    good = tmp_path / "task.ttl"
    good.write_text(VALID_TASK, encoding="utf-8")
    stored = runner.invoke(main, ["submit", str(good), "--name", "so-gd"])
    assert stored.exit_code == 0, stored.output
    assert f"{BASE}id/submission/" in stored.stderr
    again = runner.invoke(main, ["submit", str(good), "--name", "so-gd", "--lang", "en"])
    assert again.exit_code == 1 and "another submission" in again.stdout
    listed = runner.invoke(main, ["query", "SELECT ?who WHERE { ?s <http://www.w3.org/ns/prov#wasAttributedTo>/"
                                           "<http://www.w3.org/2000/01/rdf-schema#label> ?who }", "--format", "csv"])
    assert "so-gd" in listed.stdout


@pytest.mark.slow
def test_real_server_submission_cycle(fresh_live_server):
    url = fresh_live_server.url

    def snapshot() -> list[str]:
        """The whole dataset from the Graph Store (no row cap, no query timeout), as sorted N-Quads lines."""
        response = requests.get(url + "/store", headers={"Accept": "application/n-quads"}, timeout=60)
        assert response.status_code == 200
        return sorted(response.text.splitlines())

    before = snapshot()
    refused = requests.post(url + "/submissions", data=without("ro-thoi-gian").encode(), timeout=30,
                            headers={**auth(), "Content-Type": "text/turtle", "Accept": "application/json"})
    assert refused.status_code == 422 and refused.json()["report"]["results"][0]["clarity"] == "ro-thoi-gian"
    assert snapshot() == before
    created = requests.post(url + "/submissions", data=VALID_TASK.encode(), timeout=30,
                            headers={**auth(), "Content-Type": "text/turtle"})
    assert created.status_code == 201
    ask = requests.get(url + "/sparql", params={"query": f"ASK {{ <{TASK}> ?p ?o }}"}, timeout=30,
                       headers={"Accept": "application/sparql-results+json"})
    assert ask.json()["boolean"] is True
    location = url + created.headers["Location"]
    assert requests.delete(location, headers=auth(), timeout=30).json()["submission"]["status"] == "withdrawn"
    ask = requests.get(url + "/sparql", params={"query": f"ASK {{ <{TASK}> ?p ?o }}"}, timeout=30,
                       headers={"Accept": "application/sparql-results+json"})
    assert ask.json()["boolean"] is False


# The HermiT gate (issue "Reasoning"): a submission that passes the shapes but contradicts the ontology is refused
# with 422 before anything is stored, the gate's explanation under "consistency".

DOCUMENT_OF_TWO_KINDS = f"""
@prefix pol: <https://w3id.org/policy-kg/ontology#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{BASE}eli/vn-hn/tu/ctr/xviii/99> a pol:Resolution , pol:ActionProgramme ;
  rdfs:label "Chương trình hành động thử nghiệm số 99"@vi , "Pilot action programme No. 99"@en ;
  dct:title "Chương trình hành động thử nghiệm số 99 thực hiện Nghị quyết số 72-NQ/TW"@vi ,
            "Pilot action programme No. 99 implementing Resolution No. 72-NQ/TW"@en ;
  eli:number "99-CTr/NQTU" ;
  eli:type_document <{BASE}id/concept/document-type/ctr> ;
  eli:passed_by <{BASE}id/agency/ban-thuong-vu-thanh-uy-ha-noi> ;
  eli:date_document "2026-03-01"^^xsd:date ;
  eli:jurisdiction <{BASE}id/area/hanoi> ;
  eli:ensures_implementation_of <{BASE}eli/vn/bct/nq/xiii/72> ;
  eli:is_about <{BASE}id/sector/health> ;
  pol:status <{BASE}id/concept/document-status/issued> ;
  prov:wasDerivedFrom <{BASE}eli/vn/bct/nq/xiii/72> .
"""

# The lead agency is also the speaker of a meeting, and pol:speaker ranges over foaf:Person: the task's lead
# agency is then a person, which the shapes (they see no foaf:Person type) let through and HermiT does not.
LEAD_AGENCY_IS_A_PERSON = VALID_TASK + f"""
<{BASE}id/meeting/test-hoi-nghi-thu> <https://w3id.org/policy-kg/ontology#speaker> <{BASE}id/agency/so-giao-duc-va-dao-tao-ha-noi> .
"""


@pytest.mark.parametrize(
    ("body", "classes"),
    [(DOCUMENT_OF_TWO_KINDS, {"https://w3id.org/policy-kg/ontology#Resolution", "https://w3id.org/policy-kg/ontology#ActionProgramme"}),
     (LEAD_AGENCY_IS_A_PERSON, {"https://w3id.org/policy-kg/ontology#Agency", "http://xmlns.com/foaf/0.1/Person"})],
    ids=["resolution-and-programme", "lead-agency-is-a-person"],
)
def test_the_consistency_gate_refuses_with_422_and_changes_nothing(fresh_client, fresh_kg, body, classes):
    assert fresh_client.post("/validate", data=body, content_type="text/turtle").get_json()["report"]["conforms"] is True
    before = dump(fresh_kg)
    graphs_before = fresh_kg.backend.named_graphs()
    response = post(fresh_client, body, headers={"Accept": "application/json"})
    assert response.status_code == 422
    payload = response.get_json()
    assert payload["stored"] is False and payload["report"]["conforms"] is True
    gate = payload["consistency"]
    assert gate["consistent"] is False
    assert any(set(clash["classes"]) == classes for clash in gate["clashes"])
    assert all(clash["message"]["vi"] and clash["message"]["en"] for clash in gate["clashes"])
    assert dump(fresh_kg) == before
    assert fresh_kg.backend.named_graphs() == graphs_before
    assert fresh_client.get("/submissions").get_json()["submissions"] == []
    page = post(fresh_client, body, headers={"Accept": "text/html", "Accept-Language": "en"})
    assert page.status_code == 422 and "Inconsistent" in page.get_data(as_text=True)


def test_cli_submit_runs_the_consistency_gate(runner, tmp_path):
    from policy_kg.cli import main

    bad = tmp_path / "two-kinds.ttl"
    bad.write_text(DOCUMENT_OF_TWO_KINDS, encoding="utf-8")
    refused = runner.invoke(main, ["submit", str(bad), "--name", "so-y-te"])
    assert refused.exit_code == 1
    assert "INCONSISTENT" in refused.stdout and "KHÔNG NHẤT QUÁN" in refused.stdout
    assert "DisjointClasses(pol:Resolution pol:ActionProgramme" in refused.stdout
