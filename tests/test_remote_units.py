"""The remote backend's own logic, without an engine: query forms, blank-node-safe batches, engine JSON terms,
settings wiring, a clear error when the store cannot be reached, and store locations for ``migrate``.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from conftest import free_port
from policy_kg.errors import ConfigError, QuerySyntaxError, StoreError
from policy_kg.migrate import settings_for
from policy_kg.settings import Settings
from policy_kg.store import open_backend
from policy_kg.store.remote import RemoteStore, batches, json_term, query_form


@pytest.mark.parametrize("text,form", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("PREFIX ask: <http://example.org/construct#>\n# DESCRIBE in a comment\nask { ?s ask:x 'SELECT' }", "ASK"),
    ('BASE <http://example.org/select/> CONSTRUCT { ?s ?p "ASK" } WHERE { ?s ?p ?o }', "CONSTRUCT"),
    ("describe <http://example.org/x>", "DESCRIBE"),
])
def test_query_form_skips_comments_strings_and_iris(text, form):
    assert query_form(text) == form


def test_query_form_of_nonsense_is_a_syntax_error():
    with pytest.raises(QuerySyntaxError):
        query_form("INSERT DATA { <a> <b> <c> }")


def _triples(text: str) -> list[ox.Triple]:
    return [quad.triple for quad in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)]


def test_batches_never_split_a_blank_node_group():
    data = "@prefix ex: <http://example.org/> .\n" + "\n".join(f"ex:s{i} ex:p {i} ." for i in range(25)) + """
        ex:a ex:list ( 1 2 3 4 5 6 7 8 ) .
        ex:b ex:q [ ex:r [ ex:t 1 ; ex:u 2 ] ] ."""
    triples = _triples(data)
    parts = batches(triples, 10)
    assert sorted(map(str, (t for part in parts for t in part))) == sorted(map(str, triples))
    for label in {t.subject.value for t in triples if isinstance(t.subject, ox.BlankNode)}:
        holding = [i for i, part in enumerate(parts) for t in part if label in (getattr(t.subject, "value", None), getattr(t.object, "value", None))]
        assert len(set(holding)) == 1, f"blank node {label} is split over batches {sorted(set(holding))}"
    assert len(parts) > 1


def test_engine_json_terms_become_rdf_terms():
    assert json_term({"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1"}) == \
        ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    assert json_term({"type": "literal", "xml:lang": "vi", "value": "Nghị quyết"}) == ox.Literal("Nghị quyết", language="vi")
    virtuoso, again = json_term({"type": "bnode", "value": "nodeID://b10000"}), json_term({"type": "bnode", "value": "nodeID://b10000"})
    assert isinstance(virtuoso, ox.BlankNode) and virtuoso == again
    assert json_term({"type": "bnode", "value": "nodeID://b10001"}) != virtuoso


def test_open_backend_picks_the_remote_store_from_store_url():
    settings = Settings.resolve({"store_url": "http://127.0.0.1:9/sparql-root/", "store_engine": "virtuoso",
                                 "store_user": "dba", "store_password": "secret"}, environ={})
    backend = open_backend(settings)
    assert isinstance(backend, RemoteStore)
    assert backend.query_url == "http://127.0.0.1:9/sparql-root/sparql"
    assert backend.update_url == "http://127.0.0.1:9/sparql-root/sparql-auth"
    assert backend.gsp_url == "http://127.0.0.1:9/sparql-root/sparql-graph-crud-auth"
    assert type(backend.auth).__name__ == "HTTPDigestAuth"


def test_explicit_endpoints_and_no_graph_store():
    settings = Settings.resolve({"store_url": "http://127.0.0.1:9/ds", "store_engine": "generic", "store_gsp_url": "none",
                                 "store_update_url": "http://127.0.0.1:9/ds/update"}, environ={})
    backend = open_backend(settings)
    assert (backend.query_url, backend.update_url, backend.gsp_url, backend.auth) == (
        "http://127.0.0.1:9/ds", "http://127.0.0.1:9/ds/update", None, None)


def test_unknown_engine_is_a_config_error():
    with pytest.raises(ConfigError, match="store_engine"):
        open_backend(Settings.resolve({"store_url": "http://127.0.0.1:9", "store_engine": "neptune"}, environ={}))


def test_unreachable_store_is_one_clear_line():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError) as caught:
        open_backend(Settings.resolve({"store_url": url}, environ={}))
    assert str(caught.value).startswith(f"cannot reach the SPARQL store at {url}")
    assert "\n" not in str(caught.value) and "Traceback" not in str(caught.value)
    backend = open_backend(Settings.resolve({"store_url": url, "store_engine": "oxigraph"}, environ={}))
    with pytest.raises(StoreError, match="cannot reach the SPARQL store"):
        backend.named_graphs()


def test_migrate_locations_take_credentials_from_the_address(tmp_path):
    base = Settings.resolve({}, environ={})
    remote = settings_for("http://dba:p%40ss@127.0.0.1:8890", base)
    assert (remote["store_url"], remote["store_user"], remote["store_password"]) == ("http://127.0.0.1:8890", "dba", "p@ss")
    local = settings_for(str(tmp_path / "store"), base)
    assert (local["store"], local["store_url"]) == (str(tmp_path / "store"), "")


def test_engine_rows_serialise_like_pyoxigraph_solutions_unbound_variables_included():
    """Solutions parsed from an engine's JSON go through the same serialisers as pyoxigraph's, by name and in order."""
    import json

    from policy_kg.formats import RESULT_FORMATS, by_name
    from policy_kg.store.remote import _Solutions
    from policy_kg.store.results import serialize_solutions

    rows = [{"s": {"type": "uri", "value": "http://example.org/a"}, "o": {"type": "literal", "value": "một", "xml:lang": "vi"}},
            {"o": {"type": "literal", "value": "2", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]
    names = ["s", "g", "o"]
    as_json = json.loads(serialize_solutions(_Solutions(names, rows), by_name("json", RESULT_FORMATS), 10))
    assert as_json == {"head": {"vars": names}, "results": {"bindings": rows}}
    as_csv = serialize_solutions(_Solutions(names, rows), by_name("csv", RESULT_FORMATS), 10).decode()
    assert as_csv == "s,g,o\r\nhttp://example.org/a,,một\r\n,,2\r\n"
