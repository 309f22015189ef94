"""The Reconciliation Service API 0.2 at /reconcile: requests shaped as OpenRefine 3.x sends them
(tests/fixtures/reconcile/*.json), every response checked against the API's JSON shapes
(tests/fixtures/reconcile/schemas.json), Vietnamese with and without diacritics."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import jsonschema
import pytest
import requests

FIXTURES = Path(__file__).parent / "fixtures" / "reconcile"
SCHEMAS = json.loads((FIXTURES / "schemas.json").read_text(encoding="utf-8"))
BATCH = json.loads((FIXTURES / "openrefine-batch.json").read_text(encoding="utf-8"))
EXTEND = json.loads((FIXTURES / "openrefine-extend.json").read_text(encoding="utf-8"))
BASE = "https://w3id.org/policy-kg/"
POL = "https://w3id.org/policy-kg/ontology#"


def check(kind: str, payload) -> None:
    jsonschema.validate(payload, SCHEMAS[kind], format_checker=jsonschema.FormatChecker())


def test_manifest(client):
    manifest = client.get("/reconcile").get_json()
    check("manifest", manifest)
    assert manifest["identifierSpace"] == BASE and manifest["schemaSpace"] == POL
    assert {t["id"] for t in manifest["defaultTypes"]} == {
        POL + "Agency", POL + "PolicyDocument", POL + "AdministrativeArea", POL + "Sector", "http://xmlns.com/foaf/0.1/Person"}
    assert manifest["suggest"]["entity"]["service_path"] == "/reconcile/suggest/entity"


def test_manifest_as_jsonp_and_a_hostile_callback(client):
    response = client.get("/reconcile?callback=jQuery123_456")
    assert response.mimetype == "application/javascript"
    text = response.get_data(as_text=True)
    assert text.startswith("/**/jQuery123_456(") and text.endswith(");")
    check("manifest", json.loads(text[len("/**/jQuery123_456("):-2]))
    bad = client.get("/reconcile?callback=alert(1)//", headers={"Accept": "application/json"})
    assert bad.status_code == 400


def test_openrefine_batch_by_form_post(client):
    response = client.post("/reconcile", data={"queries": json.dumps(BATCH["request"], ensure_ascii=False)})
    assert response.status_code == 200
    answer = response.get_json()
    check("batch", answer)
    assert set(answer) == set(BATCH["request"])
    for key, expected in BATCH["expected"].items():
        best = answer[key]["result"][0]
        assert best["id"] == expected, key
        assert best["match"] is True, key
        assert all(not other["match"] for other in answer[key]["result"][1:])
        scores = [item["score"] for item in answer[key]["result"]]
        assert scores == sorted(scores, reverse=True)


def test_batch_by_get_and_types_returned(client):
    queries = json.dumps({"q0": {"query": "So Giao duc va Dao tao", "type": POL + "Agency"}})
    answer = client.get("/reconcile?queries=" + quote(queries)).get_json()
    check("batch", answer)
    best = answer["q0"]["result"][0]
    assert best["id"] == BASE + "id/agency/so-giao-duc-va-dao-tao-ha-noi"
    assert best["type"] == [{"id": POL + "Agency", "name": "Cơ quan / Agency"}]
    assert best["name"] == "Sở Giáo dục và Đào tạo Hà Nội" and best["description"] == "Hanoi Department of Education and Training"


def test_ambiguous_queries_are_not_matched(client):
    answer = client.post("/reconcile", data={"queries": json.dumps({"q": {"query": "Sở", "type": POL + "Agency", "limit": 5}})}).get_json()
    results = answer["q"]["result"]
    assert len(results) == 5 and not any(item["match"] for item in results)


def test_type_filter_excludes_other_types(client):
    answer = client.post("/reconcile", data={"queries": json.dumps({"q": {"query": "giao duc", "type": POL + "Sector"}})}).get_json()
    assert [item["id"] for item in answer["q"]["result"]] == [BASE + "id/sector/education"]


def test_property_filter_changes_the_ranking(client):
    def best(value):
        query = {"q": {"query": "Sở Hà Nội", "type": POL + "Agency", "limit": 3,
                       "properties": [{"pid": "parent", "v": value}]}}
        return client.post("/reconcile", data={"queries": json.dumps(query)}).get_json()["q"]["result"]

    with_parent = best({"id": BASE + "id/agency/ubnd-ha-noi"})
    assert all("/id/agency/so-" in item["id"] for item in with_parent)
    wrong_parent = best("Bộ Chính trị")
    assert wrong_parent[0]["score"] == pytest.approx(with_parent[0]["score"] / 2)


@pytest.mark.parametrize("queries", ['{"q0": {"query": 5}}', "not json", '{"q0": {"query": "x", "type": "http://example.org/T"}}',
                                     '{"q0": {"query": "x", "properties": [{"pid": "nope", "v": "x"}]}}'])
def test_malformed_batches_get_the_error_shape(client, queries):
    response = client.post("/reconcile", data={"queries": queries}, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert set(response.get_json()["error"]) == {"status", "code", "message", "link"}


def test_suggest_entity_type_and_property(client):
    entity = client.get("/reconcile/suggest/entity?prefix=" + quote("bo chi")).get_json()
    check("suggest", entity)
    assert entity["result"][0]["id"] == BASE + "id/agency/bo-chinh-tri"
    typed = client.get("/reconcile/suggest/entity?prefix=so%20y&type=" + quote(POL + "Agency")).get_json()
    assert typed["result"][0]["id"] == BASE + "id/agency/so-y-te-ha-noi"
    types = client.get("/reconcile/suggest/type?prefix=" + quote("van ban")).get_json()
    check("suggest", types)
    assert [t["id"] for t in types["result"]] == [POL + "PolicyDocument"]
    props = client.get("/reconcile/suggest/property?prefix=" + quote("so hieu")).get_json()
    check("suggest", props)
    assert [p["id"] for p in props["result"]] == ["number"]


def test_preview_and_flyout_are_escaped_html(client):
    preview = client.get("/reconcile/preview?id=" + quote(BASE + "eli/vn/bct/nq/xiii/72"))
    html = preview.get_data(as_text=True)
    assert preview.mimetype == "text/html" and "72-NQ/TW" in html and "Bộ Chính trị" in html and "2025-09-09" in html
    flyout = client.get("/reconcile/flyout/entity?id=" + quote(BASE + "id/agency/so-y-te-ha-noi")).get_json()
    check("flyout", flyout)
    assert "Sở Y tế Hà Nội" in flyout["html"] and "Hanoi Department of Health" in flyout["html"]
    assert client.get("/reconcile/preview?id=" + quote(BASE + "id/agency/none"), headers={"Accept": "application/json"}).status_code == 404
    hostile = client.get("/reconcile/preview?id=" + quote('javascript:alert("x")'), headers={"Accept": "application/json"})
    assert hostile.status_code == 400


def test_data_extension(client):
    propose = client.get("/reconcile/properties/propose?type=" + quote(POL + "PolicyDocument")).get_json()
    check("propose", propose)
    assert {"number", "date", "issuer"} <= {p["id"] for p in propose["properties"]}
    answer = client.post("/reconcile", data={"extend": json.dumps(EXTEND["request"])}).get_json()
    check("extend", answer)
    assert [m["id"] for m in answer["meta"]] == ["number", "date", "issuer", "label_en", "wikidata"]
    for entity, cells in EXTEND["expected"].items():
        for prop, values in cells.items():
            assert answer["rows"][entity][prop] == values, (entity, prop)
    assert answer["rows"][BASE + "eli/vn/bct/nq/xiii/72"]["date"] == [{"date": "2025-09-09T00:00:00+00:00"}]


@pytest.mark.slow
def test_reconcile_over_a_real_server(live_server):
    manifest = requests.get(live_server.url + "/reconcile", timeout=10).json()
    check("manifest", manifest)
    assert manifest["preview"]["url"].startswith(live_server.url)
    response = requests.post(live_server.url + "/reconcile", data={"queries": json.dumps(BATCH["request"])}, timeout=30)
    answer = response.json()
    check("batch", answer)
    assert {key: answer[key]["result"][0]["id"] for key in BATCH["expected"]} == BATCH["expected"]
