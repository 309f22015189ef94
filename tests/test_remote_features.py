"""Pages, search, reconciliation, submissions and ``inference=false`` on every backend (issue 8: the same functional
tests on each backend by parametrising the fixture, not by copying tests).

``any_server`` is a real ``policy-kg serve`` per backend: on an embedded store of its own, or with
``POLICY_KG_STORE_URL`` pointing at the session's ``oxigraph serve`` or Virtuoso (``engine_pool`` in conftest, the
engines that ``test_remote_backends`` uses). The tests of ``test_pages``, ``test_search``, ``test_reconcile`` and
``test_inference`` are imported and run unchanged against it through ``HttpClient``, which answers like Flask's test
client but over loopback HTTP. Then what the issue names for every backend: the resource's Turtle is the embedded
store's graph, search and reconciliation find the same entities without ``pol:fold`` (which only the embedded store
has), and a submission is refused, stored, searchable and withdrawn, leaving the whole dataset as it was.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any, Iterator
from urllib.parse import quote

import pytest
import requests
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

import test_inference
import test_pages
import test_reconcile
import test_search
from conftest import BASE, LiveServer, auth, requests_served
from test_remote_backends import BACKENDS, cases, numbers_by_value
from test_validation import TASK, VALID_TASK, without

R72, P05, P06 = f"{BASE}eli/vn/bct/nq/xiii/72", f"{BASE}eli/vn-hn/tu/ctr/xviii/05", f"{BASE}eli/vn-hn/tu/ctr/xviii/06"
ELI = "http://data.europa.eu/eli/ontology#"
SO_Y_TE = f"{BASE}id/agency/so-y-te-ha-noi"
HTML = test_pages.HTML


class HttpResponse:
    """The parts of a Flask test response the imported tests read, over a ``requests`` response."""

    def __init__(self, response: requests.Response) -> None:
        self.status_code = response.status_code
        self.headers = response.headers
        self.data = response.content
        self.mimetype = response.headers.get("Content-Type", "").split(";")[0].strip()

    def get_data(self, as_text: bool = False) -> bytes | str:
        return self.data.decode("utf-8") if as_text else self.data

    def get_json(self) -> Any:
        return json.loads(self.data)


class HttpClient:
    """Flask's test-client calls (``get``, ``post``, ``delete``) sent to a real server; cookies kept per client,
    redirects not followed, and no Accept header unless the test sends one, as with the test client.

    The read timeout is generous: a submission on Virtuoso (SHACL, HermiT, then the inference and index upkeep,
    each a run of SPARQL round trips) took 60 to 80 s while the rest of the suite loaded both cores."""

    READ_TIMEOUT = 240

    def __init__(self, url: str) -> None:
        self.url = url
        self.sent = 0
        self.session = requests.Session()
        del self.session.headers["Accept"]

    def _send(self, method: str, path: str, headers=None, query_string=None, data=None, content_type=None) -> HttpResponse:
        headers = dict(headers or {})
        if content_type:
            headers["Content-Type"] = content_type
        if isinstance(data, str):
            data = data.encode("utf-8")
        target = path if path.startswith("http") else self.url + path
        self.sent += 1
        return HttpResponse(self.session.request(method, target, params=query_string, data=data, headers=headers,
                                                 allow_redirects=False, timeout=self.READ_TIMEOUT))

    def get(self, path: str, **kwargs) -> HttpResponse:
        return self._send("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> HttpResponse:
        return self._send("POST", path, **kwargs)

    def delete(self, path: str, **kwargs) -> HttpResponse:
        return self._send("DELETE", path, **kwargs)


@pytest.fixture(scope="session", params=[pytest.param(name, marks=pytest.mark.slow) for name in BACKENDS])
def any_server(request, engine_pool, tmp_path_factory) -> Iterator[LiveServer]:
    """``policy-kg serve`` with default limits over each backend, the engines shared with test_remote_backends."""
    settings = {}
    if request.param != "embedded":
        settings = {k.removeprefix("POLICY_KG_").lower(): v for k, v in engine_pool(request.param).env.items()}
    server = LiveServer(tmp_path_factory.mktemp(f"features-{request.param}") / "store", **settings)
    server.backend = request.param
    yield server
    server.stop()


@pytest.fixture
def http(any_server) -> HttpClient:
    return HttpClient(any_server.url)


READS = (
    cases(test_pages, [
        "test_resource_conneg_gives_the_same_graph_in_every_format", "test_description_leaves_out_the_search_index",
        "test_browser_gets_the_page_and_curl_gets_turtle", "test_unknown_iri_is_404_in_the_one_error_shape",
        "test_unacceptable_and_unknown_formats", "test_published_jsonld_context_maps_the_terms",
        "test_entity_page_groups_labels_incoming_sources_and_downloads", "test_language_from_accept_language_toggle_and_cookie",
        "test_home_page_counts_documents_and_next_steps", "test_ontology_page_and_rdf", "test_named_graph_page_and_content",
        "test_cascade_svg_links_every_node", "test_clarities_view_of_a_programme",
        "test_query_page_renders_rows_links_and_downloads", "test_every_example_query_answers",
        "test_sparql_get_for_a_browser_is_the_editor",
    ])
    + cases(test_search, [
        "test_vietnamese_with_and_without_diacritics_find_the_education_programme",
        "test_english_query_finds_the_education_programme", "test_exact_number_ranks_first", "test_d_finds_dj_and_telex",
        "test_label_matches_rank_above_text_matches", "test_type_and_sector_filters", "test_paging",
        "test_bad_requests_get_the_error_shape", "test_html_page_escapes_the_query", "test_search_key_in_sparql",
    ])
    + cases(test_reconcile, [
        "test_manifest", "test_manifest_as_jsonp_and_a_hostile_callback", "test_openrefine_batch_by_form_post",
        "test_batch_by_get_and_types_returned", "test_ambiguous_queries_are_not_matched",
        "test_type_filter_excludes_other_types", "test_property_filter_changes_the_ranking",
        "test_malformed_batches_get_the_error_shape", "test_suggest_entity_type_and_property",
        "test_preview_and_flyout_are_escaped_html", "test_data_extension",
    ])
    + cases(test_inference, ["test_everything_under_resolution_72_without_property_paths",
                             "test_inference_false_hides_the_inferred_graph"])
)


@pytest.mark.parametrize("function,arguments", READS)
def test_read_features_on_every_backend(http, function, arguments):
    function(http, **arguments)
    assert http.sent, "the feature test sent nothing to the server on this backend"


def test_reconcile_over_a_real_server(any_server):
    before = requests_served(any_server.url)
    test_reconcile.test_reconcile_over_a_real_server(any_server)
    assert requests_served(any_server.url) > before, "the reconciliation test sent nothing to this server"


# --- pages --------------------------------------------------------------------------------------------------

def test_resource_turtle_is_the_embedded_graph(http, client, any_server):
    for path in ("/eli/vn/bct/nq/xiii/72", "/eli/vn-hn/tu/ctr/xviii/06"):
        expected = Graph().parse(data=client.get(path, headers={"Accept": "text/turtle"}).data, format="turtle")
        response = http.get(path, headers={"Accept": "text/turtle"})
        assert response.status_code == 200 and response.mimetype == "text/turtle"
        served = Graph().parse(data=response.data, format="turtle")
        assert len(served) == len(expected) > 20
        if any_server.backend == "virtuoso":  # numbers come back as values (docs/backends.md)
            expected, served = numbers_by_value(expected), numbers_by_value(served)
        assert isomorphic(served, expected), path


def test_resolution_page_cascade_and_home(http, kg):
    page = http.get("/eli/vn/bct/nq/xiii/72", headers=HTML)
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert "72-NQ/TW" in text and 'href="/eli/vn-hn/tu/ctr/xviii/06"' in text
    svg = http.get("/cascade/eli/vn/bct/nq/xiii/72.svg")
    assert svg.mimetype == "image/svg+xml"
    assert ET.fromstring(svg.data).tag == "{http://www.w3.org/2000/svg}svg"
    home = http.get("/", headers=HTML).get_data(as_text=True)
    resolutions = kg.backend.select(f"SELECT ?r WHERE {{ ?r a <https://w3id.org/policy-kg/ontology#Resolution> }}")
    assert len(resolutions) >= 10
    for row in resolutions:
        assert f'class="resolution" href="/{row["r"].removeprefix(BASE)}"' in home, row["r"]


# --- search and reconciliation --------------------------------------------------------------------------------

def test_search_and_reconcile_find_the_same_entities(http):
    answer = http.get("/search?q=giao%20duc&format=json").get_json()
    assert P05 in [item["id"] for item in answer["results"]]
    queries = json.dumps({"q0": {"query": "So y te", "type": "https://w3id.org/policy-kg/ontology#Agency"}})
    best = http.get("/reconcile?queries=" + quote(queries)).get_json()["q0"]["result"][0]
    assert best["id"] == SO_Y_TE and best["name"] == "Sở Y tế Hà Nội"


# --- inference=false ----------------------------------------------------------------------------------------

def test_inference_false_leaves_out_inverse_links(http):
    query = f"ASK {{ <{R72}> <{ELI}implementation_ensured_by> <{P06}> }}"
    asked = {}
    for inference in (None, "false", "true"):
        params = {"query": query} | ({"inference": inference} if inference else {})
        response = http.get("/sparql", query_string=params, headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 200, response.get_data(as_text=True)
        asked[inference] = response.get_json()["boolean"]
    assert asked == {None: True, "false": False, "true": True}
    stated = f"ASK {{ <{P06}> <{ELI}ensures_implementation_of> <{R72}> }}"
    response = http.get("/sparql", query_string={"query": stated, "inference": "false"},
                        headers={"Accept": "application/sparql-results+json"})
    assert response.get_json()["boolean"] is True


# --- submissions ------------------------------------------------------------------------------------------------

def dataset(http: HttpClient) -> dict[str, Graph]:
    """Every named graph of the store, from the whole-store N-Quads dump of ``GET /store``."""
    response = http.get("/store", headers={"Accept": "application/n-quads"})
    assert response.status_code == 200, response.get_data(as_text=True)
    parsed = Dataset()
    parsed.parse(data=response.data, format="nquads")
    return {str(g.identifier): Graph() + g for g in parsed.graphs() if len(g)}


def same_dataset(left: dict[str, Graph], right: dict[str, Graph]) -> bool:
    return set(left) == set(right) and all(isomorphic(left[g], right[g]) for g in left)


def ask(http: HttpClient, query: str) -> bool:
    response = http.get("/sparql", query_string={"query": query}, headers={"Accept": "application/sparql-results+json"})
    return response.get_json()["boolean"]


def search_ids(http: HttpClient, q: str) -> list[str]:
    return [item["id"] for item in http.get("/search", query_string={"q": q, "format": "json"}).get_json()["results"]]


def test_submission_refused_stored_searchable_withdrawn(http):
    before = dataset(http)
    submit = {"content_type": "text/turtle", "headers": auth() | {"Accept": "application/json"}}
    try:
        refused = http.post("/submissions", data=without("ro-thoi-gian"), **submit)
        assert refused.status_code == 422
        assert [r["clarity"] for r in refused.get_json()["report"]["results"]] == ["ro-thoi-gian"]
        assert same_dataset(dataset(http), before)
        created = http.post("/submissions", data=VALID_TASK, **submit)
        assert created.status_code == 201, created.get_data(as_text=True)
        info = created.get_json()["submission"]
        assert info["triples"] == 11 and info["status"] == "active"
        assert ask(http, f"ASK {{ GRAPH <{info['graph']}> {{ <{TASK}> a <https://w3id.org/policy-kg/ontology#Task> }} }}")
        assert ask(http, f"ASK {{ <{TASK}> <https://w3id.org/policy-kg/ontology#derivesFrom> <{BASE}eli/vn/bct/nq/xiii/71> }}")
        assert search_ids(http, "de an thu nghiem")[0] == TASK
        stored = Graph().parse(data=http.get(created.headers["Location"], headers={"Accept": "text/turtle"}).data,
                               format="turtle")
        assert isomorphic(stored, Graph().parse(data=VALID_TASK, format="turtle"))
        gone = http.delete(created.headers["Location"], headers=auth())
        assert gone.status_code == 200 and gone.get_json()["submission"]["status"] == "withdrawn"
        assert not ask(http, f"ASK {{ <{TASK}> ?p ?o }}")
        assert TASK not in search_ids(http, "de an thu nghiem")
    finally:
        http.post("/sparql", data={"update": f"DROP SILENT GRAPH <{BASE}graph/submissions>"}, headers=auth())
    assert same_dataset(dataset(http), before)
