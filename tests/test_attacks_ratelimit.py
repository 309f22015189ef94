"""Rate limits on the anonymous expensive endpoints (/sparql, /search, /reconcile): a token bucket per client,
429 with Retry-After, writers exempt, X-Forwarded-For believed only from a trusted proxy.
"""

from __future__ import annotations

import pytest

from conftest import auth, make_settings
from policy_kg.service import PolicyKG
from policy_kg.web import create_app
from policy_kg.web.ratelimit import TokenBucketLimiter


@pytest.fixture(scope="module")
def limited_kg(tmp_path_factory):
    service = PolicyKG(make_settings(tmp_path_factory.mktemp("ratelimit") / "store", rate_limit_sparql=5,
                                     rate_limit_search=3, trusted_proxies="10.0.0.1"))
    yield service
    service.close()


@pytest.fixture
def limited(limited_kg):
    app = create_app(limited_kg.settings, service=limited_kg)
    return app.test_client()


ASK = {"query": "ASK { ?s ?p ?o }"}
JSON = {"Accept": "application/sparql-results+json"}


def test_sparql_is_limited_per_client_with_retry_after(limited):
    statuses = [limited.get("/sparql", query_string=ASK, headers=JSON).status_code for _ in range(5)]
    assert statuses == [200] * 5
    refused = limited.get("/sparql", query_string=ASK, headers={"Accept": "application/json"})
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "too_many_requests"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    other = limited.get("/sparql", query_string=ASK, headers=JSON, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200


def test_a_writer_is_exempt_and_a_wrong_token_is_not(limited):
    for _ in range(5):
        limited.get("/sparql", query_string=ASK, headers=JSON)
    assert limited.get("/sparql", query_string=ASK, headers={**JSON, **auth()}).status_code == 200
    assert limited.get("/sparql", query_string=ASK, headers={**JSON, **auth("wrong")}).status_code == 429


def test_search_and_reconcile_share_their_own_limit(limited):
    statuses = [limited.get(path, query_string={"q": "Hà Nội"}).status_code for path in ("/search", "/search", "/reconcile")]
    assert 429 not in statuses
    assert limited.get("/search", query_string={"q": "Hà Nội"}).status_code == 429
    assert limited.get("/sparql", query_string=ASK, headers=JSON).status_code == 200


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(limited):
    spoofed = {"X-Forwarded-For": "198.51.100.1"}
    for _ in range(5):
        limited.get("/sparql", query_string=ASK, headers={**JSON, **spoofed}, environ_base={"REMOTE_ADDR": "203.0.113.9"})
    rotated = {"X-Forwarded-For": "198.51.100.2"}
    assert limited.get("/sparql", query_string=ASK, headers={**JSON, **rotated},
                       environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 429
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for client in ("198.51.100.1", "198.51.100.2"):
        answers = [limited.get("/sparql", query_string=ASK, headers={**JSON, "X-Forwarded-For": f"{client}, 10.0.0.1"},
                               environ_base=proxy).status_code for _ in range(6)]
        assert answers == [200] * 5 + [429]


def test_the_limit_off_means_no_limit(tmp_path):
    service = PolicyKG(make_settings(tmp_path / "store", rate_limit_sparql=0), workers=False)
    try:
        client = create_app(service.settings, service=service).test_client()
        assert {client.get("/sparql", query_string=ASK, headers=JSON).status_code for _ in range(30)} == {200}
    finally:
        service.close()


def test_the_bucket_refills_over_the_minute():
    now = [0.0]
    limiter = TokenBucketLimiter(60, clock=lambda: now[0])
    assert all(limiter.allow("a") == 0 for _ in range(60))
    assert limiter.allow("a") == 1
    now[0] += 1.0
    assert limiter.allow("a") == 0
    assert limiter.allow("a") >= 1
