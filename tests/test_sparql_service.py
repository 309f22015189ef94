"""The SPARQL service through a real ``policy-kg serve`` on a loopback port: every format parsed back, content
negotiation, timeouts that stop the work, auth, limits, SERVICE/LOAD refusal, ETag/304, CORS, health, metrics.
"""

from __future__ import annotations

import io
import json
import threading

import pytest
import requests
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.query import Result

from conftest import BASE, LiveServer, auth

pytestmark = pytest.mark.slow

SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
RESOLUTIONS = f"""PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?r ?n WHERE {{ ?r a <https://w3id.org/policy-kg/ontology#Resolution> ; eli:number ?n ;
  eli:passed_by <{BASE}id/agency/bo-chinh-tri> }}"""
EXPECTED_NUMBERS = {"55-NQ/TW", "57-NQ/TW", "59-NQ/TW", "66-NQ/TW", "68-NQ/TW", "70-NQ/TW", "71-NQ/TW", "72-NQ/TW",
                    "79-NQ/TW", "80-NQ/TW"}
CONSTRUCT = f"""PREFIX eli: <http://data.europa.eu/eli/ontology#>
CONSTRUCT {{ ?p eli:ensures_implementation_of ?r ; eli:number ?n }}
WHERE {{ ?p eli:ensures_implementation_of ?r OPTIONAL {{ ?p eli:number ?n }} }}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("svc") / "store", query_timeout="2", max_result_rows="500",
                      max_body_bytes="20000", max_query_bytes="4000", cache_entries="32")
    yield live
    live.stop()


def sparql(server, query, accept=None, method="GET", **params):
    headers = {"Accept": accept} if accept else {}
    if method == "GET":
        return requests.get(server.url + "/sparql", params={"query": query, **params}, headers=headers, timeout=30)
    return requests.post(server.url + "/sparql", data={"query": query, **params}, headers=headers, timeout=30)


@pytest.mark.parametrize("media_type,fmt", [
    ("application/sparql-results+json", "json"), ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"), ("text/tab-separated-values", "tsv"),
])
def test_select_in_every_results_format(server, media_type, fmt):
    response = sparql(server, RESOLUTIONS, accept=media_type)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(media_type)
    result = Result.parse(io.BytesIO(response.content), format=fmt)
    assert {str(row[1]) for row in result} == EXPECTED_NUMBERS


def test_ask_in_json_and_xml(server):
    for media_type, fmt in (("application/sparql-results+json", "json"), ("application/sparql-results+xml", "xml")):
        response = sparql(server, f"ASK {{ <{BASE}eli/vn/bct/nq/xiii/72> ?p ?o }}", accept=media_type)
        assert Result.parse(io.BytesIO(response.content), format=fmt).askAnswer is True


@pytest.mark.parametrize("media_type,rdflib_format", [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"), ("application/trig", "trig"), ("application/n-quads", "nquads"),
])
def test_construct_in_every_rdf_format(server, media_type, rdflib_format):
    reference = Graph().parse(data=sparql(server, CONSTRUCT, accept="text/turtle").text, format="turtle")
    response = sparql(server, CONSTRUCT, accept=media_type, method="POST")
    assert response.headers["Content-Type"].startswith(media_type)
    graph = Graph()
    if rdflib_format in ("trig", "nquads"):
        from rdflib import Dataset

        dataset = Dataset().parse(data=response.text, format=rdflib_format)
        for quad in dataset.quads():
            graph.add(quad[:3])
    else:
        graph.parse(data=response.content, format=rdflib_format)
    assert len(reference) == 6  # four programmes implement a resolution; two have a number
    assert isomorphic(graph, reference)


def test_direct_post_and_default_format(server):
    response = requests.post(server.url + "/sparql", data=RESOLUTIONS.encode(),
                             headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert response.headers["Content-Type"].startswith("application/sparql-results+json")
    assert len(response.json()["results"]["bindings"]) == len(EXPECTED_NUMBERS)


@pytest.mark.parametrize("accept,expected", [
    ("application/sparql-results+xml;q=0.5, text/csv", "text/csv"),
    ("text/html;q=0.9, application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml, application/rdf+xml", "application/sparql-results+xml"),
    ("*/*", "application/sparql-results+json"),
])
def test_combined_accept_headers(server, accept, expected):
    assert sparql(server, RESOLUTIONS, accept=accept).headers["Content-Type"].startswith(expected)


def test_construct_with_combined_accept_gets_rdf(server):
    response = sparql(server, CONSTRUCT, accept="application/sparql-results+xml, application/rdf+xml")
    assert response.headers["Content-Type"].startswith("application/rdf+xml")


def test_format_parameter_overrides_accept(server):
    response = sparql(server, RESOLUTIONS, accept="text/html", format="csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    response = sparql(server, CONSTRUCT, accept="text/html", format="ntriples")
    assert response.headers["Content-Type"].startswith("application/n-triples")


def test_not_acceptable(server):
    response = sparql(server, RESOLUTIONS, accept="image/png")
    assert response.status_code == 406


def test_html_client_gets_the_query_page_and_others_the_service_description(server):
    page = requests.get(server.url + "/sparql", headers={"Accept": "text/html"}, timeout=30)
    assert page.headers["Content-Type"].startswith("text/html") and "<form" in page.text
    description = requests.get(server.url + "/sparql", headers={"Accept": "text/turtle"}, timeout=30)
    graph = Graph().parse(data=description.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert graph.query(f"ASK {{ ?s a <{sd}Service> ; <{sd}endpoint> ?e ; <{sd}feature> <{sd}UnionDefaultGraph> }}").askAnswer


def test_timeout_stops_the_query_and_the_server_keeps_answering(server):
    response = sparql(server, SLOW_QUERY)
    assert response.status_code == 503
    assert response.headers["Content-Type"].startswith("text/plain")
    assert "query_timeout" in response.text
    follow_up = sparql(server, "ASK {}")
    assert follow_up.status_code == 200 and follow_up.json()["boolean"] is True
    metrics = requests.get(server.url + "/metrics", timeout=30).text
    killed = [line for line in metrics.splitlines() if line.startswith("policy_kg_query_workers_killed_total")]
    assert killed and int(killed[0].split()[-1]) >= 1


def test_other_queries_answer_while_one_is_running_long(server):
    answers: list[int] = []
    slow = threading.Thread(target=lambda: answers.append(sparql(server, SLOW_QUERY, format="json").status_code))
    slow.start()
    quick = sparql(server, "ASK {}")
    slow.join()
    assert quick.status_code == 200
    assert answers == [503]


def test_syntax_error_is_400_with_position(server):
    response = sparql(server, "SELECT * WHERE { ?s ?p }", accept="application/json")
    assert response.status_code == 400
    assert "error at 1:" in response.json()["error"]["message"]


def test_row_cap(server):
    response = sparql(server, "SELECT * WHERE { ?s ?p ?o }", accept="application/json")
    assert response.status_code == 400
    assert "more than 500 rows" in response.json()["error"]["message"]


def test_query_length_cap(server):
    long_query = "ASK { " + "?s ?p ?o . " * 500 + "}"
    response = sparql(server, long_query, method="POST")
    assert response.status_code == 413


def test_body_size_cap(server):
    response = requests.post(server.url + "/sparql", data=b"x" * 30000,
                             headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert response.status_code == 413


def test_unsupported_media_type(server):
    response = requests.post(server.url + "/sparql", data="ASK {}", headers={"Content-Type": "text/plain"}, timeout=30)
    assert response.status_code == 415


@pytest.mark.parametrize("text,is_update", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", False),
    ("SELECT * WHERE { SERVICE SILENT <http://169.254.169.254/latest/> { ?s ?p ?o } }", False),
    ("PREFIX x: <http://localhost:22/> SELECT * WHERE { SERVICE x:sparql { ?s ?p ?o } }", False),
    ("SELECT * WHERE { BIND(<http://127.0.0.1/> AS ?e) SERVICE ?e { ?s ?p ?o } }", False),
    ("LOAD <http://127.0.0.1:1/data.ttl>", True),
    ("LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://example.org/g>", True),
])
def test_service_and_load_are_refused(server, text, is_update):
    if is_update:
        response = requests.post(server.url + "/sparql", data={"update": text}, headers=auth(), timeout=30)
    else:
        response = sparql(server, text)
    assert response.status_code == 403
    assert "allow-list" in response.text or "fixed IRI" in response.text


def test_the_word_service_inside_a_literal_is_not_refused(server):
    response = sparql(server, 'SELECT * WHERE { BIND("SERVICE <http://127.0.0.1/>" AS ?x) }')
    assert response.status_code == 200


def test_update_needs_a_valid_token(server):
    update = {"update": "INSERT DATA { GRAPH <http://example.org/t> { <http://example.org/a> <http://example.org/b> 1 } }"}
    missing = requests.post(server.url + "/sparql", data=update, timeout=30)
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = requests.post(server.url + "/sparql", data=update, headers=auth("not-the-token"), timeout=30)
    assert wrong.status_code == 401
    ok = requests.post(server.url + "/sparql", data=update, headers=auth(), timeout=30)
    assert ok.status_code == 204
    assert "Access-Control-Allow-Origin" not in ok.headers


def test_read_only_server_refuses_writes(tmp_path):
    live = LiveServer(tmp_path / "store", tokens="", load_bundle="false")
    try:
        response = requests.post(live.url + "/sparql", data={"update": "CLEAR ALL"}, headers=auth(), timeout=30)
        assert response.status_code == 403
        put = requests.put(live.url + "/store?default", data="<http://a> <http://b> <http://c> .",
                           headers={"Content-Type": "application/n-triples", **auth()}, timeout=30)
        assert put.status_code == 403
    finally:
        live.stop()


def test_etag_304_cache_and_invalidation(server):
    query = f"ASK {{ <{BASE}eli/vn/bct/nq/xiii/71> ?p ?o }}"
    first = sparql(server, query)
    etag = first.headers["ETag"]
    again = requests.get(server.url + "/sparql", params={"query": query}, headers={"If-None-Match": etag}, timeout=30)
    assert again.status_code == 304
    repeated = sparql(server, query)
    assert repeated.headers["X-Cache"] == "hit" and repeated.headers["ETag"] == etag
    write = requests.post(server.url + "/sparql", headers=auth(), timeout=30,
                          data={"update": "INSERT DATA { GRAPH <http://example.org/etag> { <http://example.org/x> <http://example.org/y> 2 } }"})
    assert write.status_code == 204
    after = requests.get(server.url + "/sparql", params={"query": query}, headers={"If-None-Match": etag}, timeout=30)
    assert after.status_code == 200 and after.headers["ETag"] != etag and after.headers["X-Cache"] == "miss"


def test_cors_open_for_reads_closed_for_writes(server):
    read = sparql(server, "ASK {}")
    assert read.headers["Access-Control-Allow-Origin"] == "*"
    preflight = requests.options(server.url + "/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization"}, timeout=30)
    assert "authorization" not in preflight.headers.get("Access-Control-Allow-Headers", "").lower()


def test_graph_store_round_trip(server):
    data = '@prefix ex: <http://example.org/> . ex:a ex:b "Nghị quyết"@vi ; ex:c [ ex:d 1 ] .'
    target = server.url + "/store?graph=http%3A%2F%2Fexample.org%2Fgsp"
    put = requests.put(target, data=data.encode(), headers={"Content-Type": "text/turtle", **auth()}, timeout=30)
    assert put.status_code in (201, 204)
    for media_type, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")):
        got = requests.get(target, headers={"Accept": media_type}, timeout=30)
        assert isomorphic(Graph().parse(data=got.content, format=fmt), Graph().parse(data=data, format="turtle"))
    bad = requests.put(target, data=b"@prefix broken", headers={"Content-Type": "text/turtle", **auth()}, timeout=30)
    assert bad.status_code == 400 and "line 1" in bad.text
    still = requests.get(target, headers={"Accept": "text/turtle"}, timeout=30)
    assert isomorphic(Graph().parse(data=still.text, format="turtle"), Graph().parse(data=data, format="turtle"))
    unsupported = requests.put(target, data=b"x", headers={"Content-Type": "image/png", **auth()}, timeout=30)
    assert unsupported.status_code == 415


def test_health_and_metrics(server):
    health = requests.get(server.url + "/health", timeout=30)
    assert health.json()["status"] == "ok"
    sparql(server, "ASK {}")
    metrics = requests.get(server.url + "/metrics", timeout=30)
    assert metrics.headers["Content-Type"].startswith("text/plain")
    text = metrics.text
    assert 'policy_kg_requests_total{endpoint="/sparql",status="200"}' in text
    assert "policy_kg_request_seconds_bucket" in text
    store_line = next(line for line in text.splitlines() if line.startswith("policy_kg_store_triples "))
    count = sparql(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").json()
    assert int(store_line.split()[-1]) == int(count["results"]["bindings"][0]["n"]["value"])


def test_error_bodies_have_one_shape(server):
    for response in (
        sparql(server, "SELECT", accept="application/json"),
        requests.get(server.url + "/nowhere", headers={"Accept": "application/json"}, timeout=30),
        requests.post(server.url + "/sparql", data={"update": "CLEAR ALL"}, headers={"Accept": "application/json"}, timeout=30),
    ):
        body = response.json()
        assert set(body) == {"error"}
        assert set(body["error"]) == {"status", "code", "message", "link"}
        assert body["error"]["status"] == response.status_code
        assert "Traceback" not in response.text and "\n" not in body["error"]["message"]
