"""Query workers past ``query_worker_max_rss_mb`` are replaced after their answer, and queries go on being answered."""

from __future__ import annotations

import pytest

from conftest import make_settings
from policy_kg.service import PolicyKG
from policy_kg.web import create_app

RESOLUTIONS = "SELECT ?r WHERE { ?r a <https://w3id.org/policy-kg/ontology#Resolution> } ORDER BY ?r"


@pytest.fixture
def service_with_limit(request, tmp_path):
    service = PolicyKG(make_settings(tmp_path / "store", query_worker_max_rss_mb=request.param, cache_entries=0))
    yield service
    service.close()


def _ask(service: PolicyKG) -> list[str]:
    client = create_app(service.settings, service=service).test_client()
    response = client.get("/sparql", query_string={"query": RESOLUTIONS, "format": "json"})
    assert response.status_code == 200
    return [row["r"]["value"] for row in response.get_json()["results"]["bindings"]]


def _worker_pids(service: PolicyKG) -> set[int]:
    return {worker.process.pid for worker in service.pool._all}


@pytest.mark.parametrize("service_with_limit", [1], indirect=True)
def test_a_worker_over_the_limit_is_replaced_and_answers_stay_the_same(service_with_limit):
    service = service_with_limit
    seen = _worker_pids(service)
    answers = [_ask(service) for _ in range(4)]
    assert len(answers[0]) >= 4 and all(answer == answers[0] for answer in answers)
    assert service.pool.recycled == 4
    now = _worker_pids(service)
    assert len(now) == 2 and not now & seen
    metrics = {line.split()[0]: line.split()[1] for line in _metrics(service).splitlines() if not line.startswith("#")}
    assert metrics["policy_kg_query_workers_recycled_total"] == "4"


@pytest.mark.parametrize("service_with_limit", [0, 1000], indirect=True)
def test_workers_under_the_limit_or_without_one_are_kept(service_with_limit):
    service = service_with_limit
    seen = _worker_pids(service)
    for _ in range(4):
        _ask(service)
    assert service.pool.recycled == 0 and _worker_pids(service) == seen


def _metrics(service: PolicyKG) -> str:
    return create_app(service.settings, service=service).test_client().get("/metrics").get_data(as_text=True)
