"""The repeated-read cache in front of Flask (``web/repeated_reads.py``): same bytes again, never stale, still
rate-limited, still counted, and off when ``cache_entries`` is 0."""

from __future__ import annotations

import json

import pytest

from conftest import BASE, auth, make_settings
from policy_kg.service import PolicyKG
from policy_kg.web import create_app

JSON = "application/sparql-results+json"
MARKER = "http://example.org/repeated/marker"
ASK_MARKER = f"ASK {{ <{MARKER}> ?p ?o }}"


def _client(tmp_path, **settings):
    service = PolicyKG(make_settings(tmp_path / "store", **settings))
    app = create_app(service.settings, service=service)
    return service, app.test_client()


@pytest.fixture
def repeated(tmp_path):
    service, client = _client(tmp_path)
    yield client
    service.close()


def test_second_identical_get_is_the_same_answer_from_the_cache(repeated):
    query = f"SELECT ?p ?o WHERE {{ <{BASE}eli/vn/bct/nq/xiii/71> ?p ?o }} ORDER BY ?p ?o"
    first = repeated.get("/sparql", query_string={"query": query}, headers={"Accept": JSON})
    second = repeated.get("/sparql", query_string={"query": query}, headers={"Accept": JSON})
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Cache"] == "miss" and second.headers["X-Cache"] == "hit"
    assert second.data == first.data and len(json.loads(second.data)["results"]["bindings"]) > 5
    for header in ("Content-Type", "ETag", "Vary", "Access-Control-Allow-Origin"):
        assert second.headers[header] == first.headers[header], header


def test_another_accept_is_another_entry(repeated):
    query = f"SELECT ?o WHERE {{ <{BASE}eli/vn/bct/nq/xiii/71> ?p ?o }}"
    repeated.get("/sparql", query_string={"query": query}, headers={"Accept": JSON})
    as_csv = repeated.get("/sparql", query_string={"query": query}, headers={"Accept": "text/csv"})
    assert as_csv.headers["X-Cache"] == "miss" and as_csv.headers["Content-Type"].startswith("text/csv")
    assert repeated.get("/sparql", query_string={"query": query}, headers={"Accept": "text/csv"}).data == as_csv.data


def test_a_write_ends_every_entry(repeated):
    before = repeated.get("/sparql", query_string={"query": ASK_MARKER}, headers={"Accept": JSON})
    assert repeated.get("/sparql", query_string={"query": ASK_MARKER}, headers={"Accept": JSON}).headers["X-Cache"] == "hit"
    assert json.loads(before.data)["boolean"] is False
    write = repeated.post("/sparql", data={"update": f"INSERT DATA {{ GRAPH <http://example.org/g> {{ <{MARKER}> <http://example.org/p> 1 }} }}"},
                          headers=auth())
    assert write.status_code == 204
    after = repeated.get("/sparql", query_string={"query": ASK_MARKER}, headers={"Accept": JSON})
    assert after.headers["X-Cache"] == "miss" and json.loads(after.data)["boolean"] is True


def test_errors_and_conditional_requests_are_not_replayed(repeated):
    broken = {"query": "SELECT WHERE {"}
    assert repeated.get("/sparql", query_string=broken, headers={"Accept": JSON}).status_code == 400
    assert repeated.get("/sparql", query_string=broken, headers={"Accept": JSON}).status_code == 400
    first = repeated.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": JSON})
    conditional = repeated.get("/sparql", query_string={"query": "ASK {}"},
                               headers={"Accept": JSON, "If-None-Match": first.headers["ETag"]})
    assert conditional.status_code == 304


def test_hits_are_counted_in_metrics(repeated):
    def hits() -> int:
        text = repeated.get("/metrics").get_data(as_text=True)
        return int(next(line.split()[1] for line in text.splitlines() if line.startswith("policy_kg_cache_hits_total")))

    repeated.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": JSON})
    start = hits()
    for _ in range(3):
        assert repeated.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": JSON}).headers["X-Cache"] == "hit"
    assert hits() == start + 3


def test_the_rate_limit_still_applies_to_cached_answers(tmp_path):
    service, client = _client(tmp_path, rate_limit_sparql=3)
    try:
        statuses = [client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": JSON}) for _ in range(5)]
        assert [r.status_code for r in statuses] == [200, 200, 200, 429, 429]
        assert statuses[1].headers["X-Cache"] == "hit"
        assert json.loads(statuses[3].data)["error"]["code"] == "too_many_requests"
    finally:
        service.close()


def test_no_cache_when_cache_entries_is_zero(tmp_path):
    service, client = _client(tmp_path, cache_entries=0)
    try:
        answers = [client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": JSON}) for _ in range(2)]
        assert [a.headers["X-Cache"] for a in answers] == ["miss", "miss"]
    finally:
        service.close()
