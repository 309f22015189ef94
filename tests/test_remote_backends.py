"""The same functional tests on every backend: the embedded store, ``oxigraph serve`` and Virtuoso.

``any_backend`` is parametrised over the three; the competency questions of ``test_competency`` and the protocol
tests of ``test_sparql_service`` run unchanged against each (those modules are imported, not copied). Then what
only an external store needs: atomic graph replacement, how timeouts and syntax errors come back, and the
``migrate`` round trip embedded → Virtuoso → embedded. Engines start once per session (``engine_pool`` in conftest,
``tests/engines.py``), shared with ``test_remote_features``; a start that fails fails the tests.
"""

from __future__ import annotations

import os
import threading
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import pytest
import requests
from click.testing import CliRunner
from rdflib import XSD, Graph, Literal
from rdflib.compare import isomorphic

import test_competency
import test_sparql_service as service_tests
from conftest import LiveServer, make_settings, requests_served
from engines import Engine, start
from policy_kg.cli import main as cli
from policy_kg.errors import ParseError, QuerySyntaxError, QueryTimeout, StoreError
from policy_kg.formats import RDF_FORMATS, by_name
from policy_kg.loading import load_bundle
from policy_kg.migrate import open_location
from policy_kg.service import PolicyKG
from policy_kg.settings import Settings
from policy_kg.store import QueryRequest
from policy_kg.store.embedded import EmbeddedStore
from policy_kg.store.remote import STAGING_PREFIX, RemoteStore

ENGINE_NAMES = ("oxigraph", "virtuoso")
BACKENDS = ("embedded",) + ENGINE_NAMES
NTRIPLES = by_name("ntriples", RDF_FORMATS)
SLOW_QUERY = service_tests.SLOW_QUERY


def remote_settings(engine: Engine, store: Path, **overrides) -> Settings:
    return make_settings(store, store_url=engine.url, **engine.settings, **overrides)


@pytest.fixture(scope="session", params=[pytest.param(name, marks=[pytest.mark.slow] if name != "embedded" else [])
                                         for name in BACKENDS])
def any_backend(request, engine_pool, tmp_path_factory) -> Iterator[PolicyKG]:
    """A PolicyKG service over the bundled data on each backend."""
    if request.param == "embedded":
        yield request.getfixturevalue("kg")
        return
    engine = engine_pool(request.param)
    service = PolicyKG(remote_settings(engine, tmp_path_factory.mktemp(f"kg-{request.param}") / "store"))
    yield service
    service.close()


QUESTIONS = [value for name, value in sorted(vars(test_competency).items()) if name.startswith("test_")]


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.__name__.removeprefix("test_") for q in QUESTIONS])
def test_competency_questions(any_backend, question):
    asked = _AskedThrough(any_backend)
    question(asked)
    assert asked.backend.queries, "the question never asked the backend under test"


class _AskedThrough:
    """The service as the competency questions see it (``kg.backend.select``), keeping the queries they send."""

    def __init__(self, service: PolicyKG) -> None:
        self.backend = self
        self.queries: list[str] = []
        self._service = service

    def select(self, sparql: str, **options):
        self.queries.append(sparql)
        return self._service.backend.select(sparql, **options)


def test_the_backend_is_the_one_asked_for(any_backend, request):
    backend_name = request.node.callspec.params["any_backend"]
    kind = "embedded" if isinstance(any_backend.backend, EmbeddedStore) else any_backend.backend.engine.name
    assert kind == backend_name
    graphs = any_backend.backend.named_graphs()
    assert "https://w3id.org/policy-kg/graph/data/resolutions" in graphs
    assert not [g for g in graphs if g.startswith(("http://www.openlinksw.com/", STAGING_PREFIX))]


def test_results_are_the_same_bytes_on_every_backend(any_backend, kg):
    query = QueryRequest(test_competency.PREFIXES + """
        SELECT ?r ?n ?title WHERE { ?r a pol:Resolution ; eli:number ?n ; eli:title ?title } ORDER BY ?n ?title""")
    assert any_backend.query(query)[0].body == kg.query(query)[0].body


# --- the protocol tests of test_sparql_service, against a real server whose store is the engine -------------

def cases(module, names: list[str]) -> list:
    """``(test function, its arguments)`` for each named test of ``module``, one case per parametrize row."""
    out = []
    for name in names:
        function = getattr(module, name)
        marks = [m for m in getattr(function, "pytestmark", []) if m.name == "parametrize"]
        if not marks:
            out.append(pytest.param(function, {}, id=name))
            continue
        names_given = marks[0].args[0]
        argnames = [a.strip() for a in names_given.split(",")] if isinstance(names_given, str) else list(names_given)
        for index, values in enumerate(marks[0].args[1]):
            values = values if len(argnames) > 1 else (values,)
            out.append(pytest.param(function, dict(zip(argnames, values)), id=f"{name}[{index}]"))
    return out


PROTOCOL = cases(service_tests, [
    "test_select_in_every_results_format", "test_ask_in_json_and_xml", "test_construct_in_every_rdf_format",
    "test_direct_post_and_default_format", "test_combined_accept_headers", "test_construct_with_combined_accept_gets_rdf",
    "test_format_parameter_overrides_accept", "test_not_acceptable", "test_row_cap", "test_query_length_cap",
    "test_service_and_load_are_refused", "test_update_needs_a_valid_token", "test_etag_304_cache_and_invalidation",
    "test_graph_store_round_trip", "test_error_bodies_have_one_shape",
])


@pytest.fixture(scope="session", params=ENGINE_NAMES)
def engine_server(request, engine_pool, tmp_path_factory) -> Iterator[LiveServer]:
    """``policy-kg serve`` with POLICY_KG_STORE_URL pointing at the engine, settings as test_sparql_service's."""
    engine = engine_pool(request.param)
    server = LiveServer(tmp_path_factory.mktemp(f"serve-{request.param}") / "store", query_timeout="2",
                        max_result_rows="500", max_body_bytes="20000", max_query_bytes="4000", cache_entries="32",
                        **{k.removeprefix("POLICY_KG_").lower(): v for k, v in engine.env.items()})
    server.engine = engine
    yield server
    server.stop()


@pytest.mark.slow
@pytest.mark.parametrize("function,arguments", PROTOCOL)
def test_protocol_on_engine(engine_server, function, arguments):
    before = requests_served(engine_server.url)
    function(engine_server, **arguments)
    assert requests_served(engine_server.url) > before, "the protocol test sent nothing to the server on this engine"


@pytest.mark.slow
def test_timeout_is_503_and_the_server_keeps_answering(engine_server):
    response = service_tests.sparql(engine_server, SLOW_QUERY)
    assert response.status_code == 503
    follow_up = service_tests.sparql(engine_server, "ASK { ?s ?p ?o }")
    assert follow_up.status_code == 200 and follow_up.json()["boolean"] is True


@pytest.mark.slow
def test_syntax_error_is_400_naming_the_engine_position(engine_server):
    response = service_tests.sparql(engine_server, "SELECT * WHERE { ?s ?p }", accept="application/json")
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert message.startswith("query rejected by the SPARQL store:")
    assert ("error at 1:" if engine_server.engine.name == "oxigraph" else "line 1") in message


# --- what only an external store needs ---------------------------------------------------------------------

@pytest.fixture(params=ENGINE_NAMES)
def engine(request, engine_pool) -> Engine:
    return engine_pool(request.param)


def _store(engine: Engine, tmp_path: Path, **overrides) -> RemoteStore:
    return RemoteStore.from_settings(remote_settings(engine, tmp_path / "unused", **overrides))


def _numbers(first: int, count: int, word: str) -> bytes:
    lines = [f'<http://example.org/s{i}> <http://example.org/{word}> "{word} {i}"@vi .' for i in range(first, first + count)]
    lines += [f"<http://example.org/s{first}> <http://example.org/node> _:n{i} .\n_:n{i} <http://example.org/v> \"{i}\"^^<http://www.w3.org/2001/XMLSchema#integer> ."
              for i in range(first, first + 20)]
    return "\n".join(lines).encode()


def _size(store: RemoteStore, graph: str) -> int:
    rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return rows[0]["n"]


def _graph(store, graph: str) -> Graph:
    return Graph().parse(data=store.serialize_graph(graph, NTRIPLES), format="nt")


@pytest.mark.slow
def test_staged_replace_is_never_seen_partial(engine, tmp_path):
    store = _store(engine, tmp_path, store_batch_triples="40")
    graph = f"http://example.org/atomic/{engine.name}"
    old, new = _numbers(0, 300, "old"), _numbers(1000, 900, "new")
    assert store.replace_graph(graph, old, NTRIPLES) == 340
    seen: set[int] = set()
    writer = threading.Thread(target=store.replace_graph, args=(graph, new, NTRIPLES))
    writer.start()
    while writer.is_alive():
        seen.add(_size(store, graph))
    writer.join()
    seen.add(_size(store, graph))
    assert seen <= {340, 940} and 940 in seen
    assert isomorphic(_graph(store, graph), Graph().parse(data=new, format="nt"))
    leftovers = store.select(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER STRSTARTS(STR(?g), "{STAGING_PREFIX}") }}')
    assert leftovers == []


@pytest.mark.slow
def test_failed_loads_leave_the_old_graph(engine, tmp_path):
    store = _store(engine, tmp_path, store_batch_triples="40")
    graph = f"http://example.org/failed/{engine.name}"
    old = _numbers(0, 100, "old")
    store.replace_graph(graph, old, NTRIPLES)
    with pytest.raises(ParseError, match="line 2"):
        store.replace_graph(graph, b"<http://example.org/a> <http://example.org/b> \"1\" .\n<http://example.org/a> broken", NTRIPLES)
    broken_endpoint = _store(engine, tmp_path, store_batch_triples="40", store_gsp_url=engine.url + "/no-such-graph-store")
    with pytest.raises(StoreError, match="failed the graph write"):
        broken_endpoint.replace_graph(graph, _numbers(500, 400, "new"), NTRIPLES)
    assert isomorphic(_graph(store, graph), Graph().parse(data=old, format="nt"))


@pytest.mark.slow
def test_additions_larger_than_one_engine_update_are_split(engine, tmp_path):
    """3 000 triples fit the default batch (5 000) but not one Virtuoso INSERT DATA (it refuses 1 500)."""
    store = _store(engine, tmp_path)
    graph = f"http://example.org/large-add/{engine.name}"
    data = _numbers(0, 3000, "added")
    assert store.add_to_graph(graph, data, NTRIPLES) == 3040
    assert _size(store, graph) == 3040
    assert isomorphic(_graph(store, graph), Graph().parse(data=data, format="nt"))
    assert store.drop_graph(graph) is True


@pytest.mark.slow
def test_engine_errors_map_to_project_errors(engine, tmp_path):
    store = _store(engine, tmp_path)
    with pytest.raises(QueryTimeout):
        store.query(QueryRequest(SLOW_QUERY), timeout=1)
    with pytest.raises(QuerySyntaxError, match="rejected by the SPARQL store"):
        store.update("INSERT DATA { GRAPH <http://example.org/x> { <http://example.org/a> }")
    version = store.version
    store.update("INSERT DATA { GRAPH <http://example.org/v> { <http://example.org/a> <http://example.org/b> 1 } }")
    assert store.version != version
    assert store.drop_graph("http://example.org/v") is True
    assert store.graph_exists("http://example.org/v") is False


def _dataset(backend) -> dict[str | None, Graph]:
    graphs = [None, *backend.named_graphs()] if isinstance(backend, EmbeddedStore) else backend.named_graphs()
    out = {g: Graph().parse(data=backend.serialize_graph(g, NTRIPLES), format="nt") for g in graphs}
    return {g: graph for g, graph in out.items() if len(graph) or g is not None}


XSD_NS = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD_NS + name for name in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")}


def numbers_by_value(graph: Graph) -> Graph:
    """Numeric literals as one canonical decimal: Virtuoso keeps numbers as values, not lexical forms, so
    ``"2"^^xsd:decimal`` comes back as ``"2"^^xsd:integer`` (documented in docs/backends.md)."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype is not None and str(o.datatype) in NUMERIC:
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def _round_trip(tmp_path: Path, monkeypatch, engine: Engine) -> tuple[dict, dict, dict]:
    """embedded (bundle + a graph with blank nodes and Vietnamese) → engine → a new embedded store, by the CLI."""
    source = EmbeddedStore(tmp_path / "source")
    load_bundle(source, "https://w3id.org/policy-kg/")
    extra = '<http://example.org/a> <http://example.org/b> [ <http://example.org/c> "Hà Nội"@vi ; <http://example.org/d> ( 1 2 ) ] .'
    source.replace_graph("http://example.org/extra", extra.encode(), by_name("turtle", RDF_FORMATS))
    source.close()
    for name in list(os.environ):
        if name.startswith("POLICY_KG_"):
            monkeypatch.delenv(name)
    user = "dba:dba@" if engine.name == "virtuoso" else ""
    url = f"http://{user}{engine.url.removeprefix('http://')}"
    for origin, target in ((str(tmp_path / "source"), url), (url, str(tmp_path / "back"))):
        result = CliRunner().invoke(cli, ["migrate", "--from", origin, "--to", target, "--store-engine", engine.name])
        assert result.exit_code == 0, result.output
        assert "migrated" in result.output
    original, returned = EmbeddedStore(tmp_path / "source"), EmbeddedStore(tmp_path / "back")
    middle = open_location(url, Settings.resolve({"store_engine": engine.name}, environ={}))
    datasets = _dataset(original), _dataset(middle), _dataset(returned)
    original.close()
    returned.close()
    return datasets


@pytest.mark.slow
def test_migrate_round_trip_embedded_oxigraph_embedded_is_isomorphic(tmp_path, monkeypatch):
    oxigraph = start("oxigraph", tmp_path / "oxigraph")
    try:
        expected, middle, returned = _round_trip(tmp_path, monkeypatch, oxigraph)
    finally:
        oxigraph.stop()
    assert len(expected) > 10 and set(expected) - {None} == set(middle) == set(returned) - {None}
    for graph, content in expected.items():
        assert isomorphic(content, returned[graph]), f"graph {graph} differs after the round trip"


@pytest.mark.slow
def test_migrate_round_trip_embedded_virtuoso_embedded(tmp_path, monkeypatch):
    virtuoso = start("virtuoso", tmp_path / "virtuoso")
    try:
        expected, middle, returned = _round_trip(tmp_path, monkeypatch, virtuoso)
    finally:
        virtuoso.stop()
    assert len(expected) > 10 and set(expected) - {None} == set(middle) == set(returned) - {None}
    exact = 0
    for graph, content in expected.items():
        if isomorphic(content, returned[graph]):
            exact += 1
            continue
        assert isomorphic(numbers_by_value(content), numbers_by_value(returned[graph])), f"graph {graph} differs"
        assert len(content) == len(returned[graph])
    assert isomorphic(expected["http://example.org/extra"], returned["http://example.org/extra"])
    assert exact >= len(expected) - 2, "more graphs than the numeric-literal ones changed in Virtuoso"


@pytest.mark.slow
def test_cli_reads_the_engine_from_the_environment(engine, runner, monkeypatch, tmp_path):
    for key, value in engine.env.items():
        monkeypatch.setenv(key, value)
    result = runner.invoke(cli, ["query", test_competency.PREFIXES + """
        SELECT ?p WHERE { ?p eli:ensures_implementation_of <https://w3id.org/policy-kg/eli/vn/bct/nq/xiii/72> }"""])
    assert result.exit_code == 0, result.output
    assert "https://w3id.org/policy-kg/eli/vn-hn/tu/ctr/xviii/06" in result.output
    health = requests.get(engine.url + ("/query" if engine.name == "oxigraph" else "/sparql"), timeout=10)
    assert health.status_code < 500
