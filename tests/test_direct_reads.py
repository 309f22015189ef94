"""Plain reads answered in front of Flask (``web/direct_reads.py``): the same answer as Flask's, header by header,
for every outcome; Flask never sees them unless they fail; errors in the one shape; the rate limit counted once."""

from __future__ import annotations

import json

import pytest
from werkzeug.test import Client

from conftest import BASE, make_settings
from policy_kg.service import PolicyKG
from policy_kg.web import create_app
from policy_kg.web.direct_reads import DirectReads

JSON = "application/sparql-results+json"
RESOLUTION = f"<{BASE}eli/vn/bct/nq/xiii/71>"
IGNORED_HEADERS = {"date", "server"}


class Counted:
    """An app whose Flask requests are counted (a ``before_request`` hook), with a client for the whole stack and
    one for Flask alone (the app behind ``DirectReads``)."""

    def __init__(self, tmp_path, **settings) -> None:
        self.service = PolicyKG(make_settings(tmp_path / "store", cache_entries=0, **settings))
        self.app = create_app(self.service.settings, service=self.service)
        self.flask_requests = 0

        @self.app.before_request
        def _count() -> None:
            self.flask_requests += 1

        direct = self.app.wsgi_app.wsgi_app
        assert isinstance(direct, DirectReads)
        self.whole = self.app.test_client()
        self.flask_only = Client(direct.wsgi_app)

    def get(self, client, query: str, accept: str | None):
        headers = {"Accept": accept} if accept is not None else {}
        return client.get("/sparql", query_string={"query": query}, headers=headers)


@pytest.fixture(scope="module")
def counted(tmp_path_factory):
    app = Counted(tmp_path_factory.mktemp("direct"), rate_limit_sparql=0)
    yield app
    app.service.close()


def _headers(response) -> dict[str, str]:
    return {name.lower(): value for name, value in response.headers.items() if name.lower() not in IGNORED_HEADERS}


CASES = [
    ("point lookup as JSON", f"SELECT ?p ?o WHERE {{ {RESOLUTION} ?p ?o }} ORDER BY ?p ?o", JSON, 200),
    ("XML results", f"SELECT ?p WHERE {{ {RESOLUTION} ?p ?o }} ORDER BY ?p", "application/sparql-results+xml", 200),
    ("CSV results", f"SELECT ?p WHERE {{ {RESOLUTION} ?p ?o }} ORDER BY ?p", "text/csv", 200),
    ("no Accept header", f"ASK {{ {RESOLUTION} ?p ?o }}", None, 200),
    ("any type", f"ASK {{ {RESOLUTION} ?p ?o }}", "*/*", 200),
    ("Vietnamese literal", 'SELECT ?s WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), "giáo dục")) } ORDER BY ?s LIMIT 3', JSON, 200),
    ("CONSTRUCT as Turtle", f"CONSTRUCT WHERE {{ {RESOLUTION} ?p ?o }}", "text/turtle", 200),
    ("CONSTRUCT asked as results", f"CONSTRUCT WHERE {{ {RESOLUTION} ?p ?o }}", JSON, 406),
    ("syntax error", "SELEKT ?s WHERE { ?s ?p ?o }", JSON, 400),
    ("SERVICE not on the allow-list", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", JSON, 403),
    ("result over the row cap", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", JSON, 400),
]


@pytest.mark.parametrize(("query", "accept", "status"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_whole_stack_answers_as_flask_alone_does(counted, query, accept, status):
    before = counted.flask_requests
    whole = counted.get(counted.whole, query, accept)
    went_to_flask = counted.flask_requests - before
    alone = counted.get(counted.flask_only, query, accept)
    assert whole.status_code == alone.status_code == status
    assert _headers(whole) == _headers(alone)
    assert whole.data == alone.data
    assert went_to_flask == (0 if status == 200 else 1)
    if status != 200:
        error = json.loads(whole.data)["error"]
        assert error["status"] == status and error["message"]


@pytest.mark.parametrize("query_string", [
    {"query": "ASK {}", "format": "json"},
    {"query": "ASK {}", "default-graph-uri": f"{BASE}graph/data"},
    {"query": "ASK {}", "inference": "false"},
])
def test_other_parameters_go_to_flask(counted, query_string):
    before = counted.flask_requests
    assert counted.whole.get("/sparql", query_string=query_string).status_code == 200
    assert counted.flask_requests == before + 1


def test_conditional_and_authorised_requests_go_to_flask(counted):
    first = counted.get(counted.whole, "ASK { ?s ?p ?o }", JSON)
    before = counted.flask_requests
    again = counted.whole.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"},
                              headers={"Accept": JSON, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and counted.flask_requests == before + 1


def test_failed_direct_read_is_counted_once_against_the_rate_limit(tmp_path):
    limited = Counted(tmp_path, rate_limit_sparql=2)
    try:
        statuses = [counted_get.status_code for counted_get in
                    (limited.get(limited.whole, "SELEKT nothing", JSON) for _ in range(3))]
        assert statuses == [400, 400, 429]
        assert "Retry-After" in limited.get(limited.whole, "ASK {}", JSON).headers
    finally:
        limited.service.close()


def test_rate_limited_client_gets_429_without_running_the_query(tmp_path):
    limited = Counted(tmp_path, rate_limit_sparql=1)
    try:
        assert limited.get(limited.whole, "ASK {}", JSON).status_code == 200
        refused = limited.get(limited.whole, "ASK {}", JSON)
        assert refused.status_code == 429 and json.loads(refused.data)["error"]["status"] == 429
    finally:
        limited.service.close()
