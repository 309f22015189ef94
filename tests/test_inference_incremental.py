"""Incremental inferences (docs/inference.md): one source graph added, replaced or dropped updates only what it
contributes, and the union of the inferred graphs is then exactly what a full refresh computes and what an
independent implementation of the rules entails; every write path refreshes; a crash midway is repaired."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from conftest import auth, make_settings
from policy_kg.errors import ParseError
from policy_kg.formats import RDF_FORMATS, by_name
from policy_kg.reasoning.graphs import local_graph, pending_graph, source_graphs, transitive_graph
from policy_kg.reasoning.inference import FOREIGN_AXIOMS, refresh_inferences
from policy_kg.reasoning.upkeep import _mark, maintained, pending
from policy_kg.search.terms import index_prefix
from policy_kg.service import PolicyKG
from policy_kg.update_scope import written_graphs
from test_inference import _reference_closure
from test_validation import TASK, VALID_TASK

BASE = "https://w3id.org/policy-kg/"
POL = "https://w3id.org/policy-kg/ontology#"
ORG = "http://www.w3.org/ns/org#"
INFERRED = BASE + "graph/inferred"
NT = by_name("ntriples", RDF_FORMATS)
TURTLE = by_name("turtle", RDF_FORMATS)
RES72 = BASE + "eli/vn/bct/nq/xiii/72"
PROG06 = BASE + "eli/vn-hn/tu/ctr/xviii/06"
DERIVES = POL + "derivesFrom"
PREFIXES = f"@prefix pol: <{POL}> . @prefix eli: <http://data.europa.eu/eli/ontology#> . @prefix org: <{ORG}> .\n"

# Source graphs that exercise every rule across graphs: a new programme implementing a curated resolution, tasks
# of it in another graph, an inverse stated on the other side, a sub-organisation chain spanning three graphs,
# a cycle, and a triple one graph asserts while another entails it.
GRAPHS = {
    "submission/a": f"<{BASE}eli/test/prog-a> a pol:ActionProgramme ; eli:ensures_implementation_of <{RES72}> .",
    "submission/b": f"<{BASE}id/task/b1> a pol:Task ; pol:taskOf <{BASE}eli/test/prog-a> .\n"
                    f"<{BASE}id/task/b2> pol:contributesTo <{BASE}id/task/b1> .",
    "submission/c": f"<{BASE}eli/test/prog-a> pol:hasTask <{BASE}id/task/c1> .\n"
                    f"<{BASE}id/task/b1> pol:taskOf <{BASE}eli/test/prog-a> .",
    "submission/d": f"<{BASE}id/agency/d1> a pol:StateAgency ; org:subOrganizationOf <{BASE}id/agency/so-y-te-ha-noi> .",
    "submission/e": f"<{BASE}id/agency/e1> org:subOrganizationOf <{BASE}id/agency/d1> .",
    "file/cycle-1": f"<{BASE}id/x/u1> pol:derivesFrom <{BASE}id/x/u2> .",
    "file/cycle-2": f"<{BASE}id/x/u2> pol:derivesFrom <{BASE}id/x/u1> . <{BASE}id/x/u2> pol:goalOf <{PROG06}> .",
}


def graph_iri(name: str) -> str:
    return f"{BASE}graph/{name}"


def inferred_union(backend) -> set:
    union = Graph()
    for name in backend.named_graphs():
        if name.startswith(INFERRED + "/") and name != pending_graph(BASE):
            union.parse(data=backend.serialize_graph(name, NT), format="nt")
    return set(union)


def write(backend, name: str, text: str | None) -> None:
    """Replace (or, with None, drop) one source graph the way every write path does: inside ``maintained``."""
    with maintained(backend, BASE, [graph_iri(name)]):
        if text is None:
            backend.drop_graph(graph_iri(name))
        else:
            backend.replace_graph(graph_iri(name), (PREFIXES + text).encode(), TURTLE)


def assert_matches_the_reference(backend) -> None:
    source, tbox = Graph(), Graph().parse(data=FOREIGN_AXIOMS, format="turtle")
    for name in source_graphs(backend):
        source.parse(data=backend.serialize_graph(name, NT), format="nt")
        if "/graph/ontology/" in name:
            tbox.parse(data=backend.serialize_graph(name, NT), format="nt")
    expected = _reference_closure(source, tbox)
    asserted = set(source)
    union = inferred_union(backend)
    assert union - asserted == expected
    assert union <= expected | asserted  # a graph's own entailment may be asserted by another graph


def test_incremental_steps_equal_the_reference_and_then_a_full_refresh(fresh_kg):
    backend = fresh_kg.backend
    for name, text in GRAPHS.items():
        write(backend, name, text)
        assert_matches_the_reference(backend)
    derives = URIRef(DERIVES)
    union = inferred_union(backend)
    assert (URIRef(BASE + "id/task/b2"), derives, URIRef(RES72)) in union
    assert (URIRef(BASE + "id/task/c1"), derives, URIRef(RES72)) in union
    assert (URIRef(BASE + "id/agency/e1"), URIRef(ORG + "transitiveSubOrganizationOf"),
            URIRef(BASE + "id/agency/so-y-te-ha-noi")) in union
    assert (URIRef(BASE + "id/x/u1"), derives, URIRef(BASE + "id/x/u1")) in union  # through the cycle
    assert (URIRef(BASE + "id/x/u1"), derives, URIRef(RES72)) in union

    for name, text in [("submission/a", None), ("file/cycle-2", GRAPHS["file/cycle-2"].split(" . ")[0] + " ."),
                       ("submission/d", None), ("submission/c", GRAPHS["submission/c"].split("\n")[0])]:
        write(backend, name, text)
        assert_matches_the_reference(backend)
    union = inferred_union(backend)
    assert not any(s == URIRef(BASE + "id/task/b2") and o == URIRef(RES72) for s, _, o in union)
    assert not any(s == URIRef(BASE + "id/agency/e1") and o == URIRef(BASE + "id/agency/so-y-te-ha-noi") for s, _, o in union)
    assert not backend.graph_exists(local_graph(BASE, graph_iri("submission/a")))

    incremental = inferred_union(backend)
    refresh_inferences(backend, BASE)
    assert inferred_union(backend) == incremental
    assert not backend.graph_exists(pending_graph(BASE))


def test_only_the_written_graph_gets_a_new_local_graph(fresh_kg):
    backend = fresh_kg.backend
    untouched = {g: backend.serialize_graph(g, NT) for g in backend.named_graphs() if g.startswith(INFERRED + "/")}
    write(backend, "submission/leaf", f"<{BASE}id/task/leaf> a pol:Task ; pol:taskOf <{PROG06}> .")
    local = local_graph(BASE, graph_iri("submission/leaf"))
    assert backend.graph_exists(local)
    local_triples = set(Graph().parse(data=backend.serialize_graph(local, NT), format="nt"))
    assert (URIRef(PROG06), URIRef(POL + "hasTask"), URIRef(BASE + "id/task/leaf")) in local_triples
    assert (URIRef(BASE + "id/task/leaf"), URIRef(DERIVES), URIRef(PROG06)) in local_triples
    transitive = set(Graph().parse(data=backend.serialize_graph(transitive_graph(BASE), NT), format="nt"))
    assert (URIRef(BASE + "id/task/leaf"), URIRef(DERIVES), URIRef(RES72)) in transitive
    for name, body in untouched.items():
        if name != transitive_graph(BASE):
            assert backend.serialize_graph(name, NT) == body, name


def test_inference_false_hides_every_inferred_graph(fresh_client, fresh_kg):
    write(fresh_kg.backend, "submission/leaf", f"<{BASE}id/task/leaf> pol:taskOf <{PROG06}> .")
    fresh_kg.wrote()
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    seen = fresh_client.get("/sparql", query_string={"query": query}, headers={"Accept": "application/sparql-results+json"})
    hidden = fresh_client.get("/sparql", query_string={"query": query, "inference": "false"},
                              headers={"Accept": "application/sparql-results+json"})
    graphs_on = {row["g"]["value"] for row in seen.get_json()["results"]["bindings"]}
    graphs_off = {row["g"]["value"] for row in hidden.get_json()["results"]["bindings"]}
    assert transitive_graph(BASE) in graphs_on and local_graph(BASE, graph_iri("submission/leaf")) in graphs_on
    assert not any(g.startswith(INFERRED) for g in graphs_off)
    ask = f"ASK {{ <{BASE}id/task/leaf> <{DERIVES}> <{RES72}> }}"
    assert fresh_client.get("/sparql", query_string={"query": ask}).get_json()["boolean"] is True
    assert fresh_client.get("/sparql", query_string={"query": ask, "inference": "false"}).get_json()["boolean"] is False


def _ask(client, query: str, **params) -> bool:
    response = client.get("/sparql", query_string={"query": query, **params}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["boolean"]


def test_graph_store_writes_refresh_inferences_and_search(fresh_client):
    graph = graph_iri("data/test-gsp")
    body = (f"<{BASE}id/task/gsp> <{POL}taskOf> <{PROG06}> ; "
            f"<http://www.w3.org/2000/01/rdf-schema#label> \"Nhiệm vụ thử nghiệm kho đồ thị\"@vi .").encode()
    derived = f"ASK {{ <{BASE}id/task/gsp> <{DERIVES}> <{RES72}> }}"
    indexed = (f"ASK {{ GRAPH ?index {{ <{BASE}id/task/gsp> ?key ?value }} "
               f"FILTER(STRSTARTS(STR(?index), \"{index_prefix(BASE)}\")) }}")
    put = fresh_client.put("/store", query_string={"graph": graph}, data=body, headers={**auth(), "Content-Type": "text/turtle"})
    assert put.status_code == 201
    assert _ask(fresh_client, derived) and _ask(fresh_client, indexed)
    other = f"<{BASE}id/task/gsp> <{POL}taskOf> <{BASE}eli/vn-hn/tu/ctr/xviii/05> .".encode()
    assert fresh_client.put("/store", query_string={"graph": graph}, data=other,
                            headers={**auth(), "Content-Type": "text/turtle"}).status_code == 204
    assert not _ask(fresh_client, derived) and not _ask(fresh_client, indexed)
    assert _ask(fresh_client, f"ASK {{ <{BASE}id/task/gsp> <{DERIVES}> <{BASE}eli/vn/bct/nq/xiii/71> }}")
    assert fresh_client.post("/store", query_string={"graph": graph}, data=body,
                             headers={**auth(), "Content-Type": "text/turtle"}).status_code == 204
    assert _ask(fresh_client, derived)
    assert fresh_client.delete("/store", query_string={"graph": graph}, headers=auth()).status_code == 204
    assert not _ask(fresh_client, f"ASK {{ <{BASE}id/task/gsp> ?p ?o }}")


def test_sparql_update_refreshes_the_graphs_it_writes(fresh_client, fresh_kg):
    graph = graph_iri("data/test-update")
    task = f"<{BASE}id/task/upd>"
    derived = f"ASK {{ {task} <{DERIVES}> <{RES72}> }}"

    def update(text: str) -> None:
        response = fresh_client.post("/sparql", data={"update": text}, headers=auth())
        assert response.status_code in (200, 204), response.get_data(as_text=True)

    update(f"INSERT DATA {{ GRAPH <{graph}> {{ {task} <{POL}taskOf> <{PROG06}> }} }}")
    assert _ask(fresh_client, derived)
    update(f"DELETE WHERE {{ GRAPH ?g {{ {task} ?p ?o }} }}")  # any graph: a full refresh
    assert not _ask(fresh_client, derived)
    update(f"PREFIX d: <{BASE}graph/data/> INSERT DATA {{ GRAPH d:test-update {{ {task} <{POL}taskOf> <{PROG06}> }} }}")
    assert _ask(fresh_client, derived)
    update(f"DROP GRAPH <{graph}>")
    assert not _ask(fresh_client, derived)
    assert not fresh_kg.backend.graph_exists(local_graph(BASE, graph))


def test_a_submission_and_its_withdrawal_refresh_inferences_and_search(fresh_client, fresh_kg):
    created = fresh_client.post("/submissions", data=VALID_TASK, content_type="text/turtle", headers=auth())
    assert created.status_code == 201, created.get_json()
    graph = created.get_json()["submission"]["graph"]
    backend = fresh_kg.backend
    local = local_graph(BASE, graph)
    assert backend.graph_exists(local)
    assert _ask(fresh_client, f"ASK {{ <{TASK}> <{DERIVES}> <{BASE}eli/vn/bct/nq/xiii/71> }}")
    assert _ask(fresh_client, f"ASK {{ GRAPH ?index {{ <{TASK}> ?k ?v }} FILTER(STRSTARTS(STR(?index), \"{index_prefix(BASE)}\")) }}")
    assert fresh_client.delete(created.headers["Location"], headers=auth()).status_code == 200
    assert not backend.graph_exists(local)
    assert not _ask(fresh_client, f"ASK {{ <{TASK}> ?p ?o }}")
    assert not _ask(fresh_client, f"ASK {{ ?s ?p <{TASK}> }}")
    assert not backend.graph_exists(pending_graph(BASE))


def test_a_crash_between_write_and_refresh_is_repaired_on_start(tmp_path):
    settings = make_settings(tmp_path / "store")
    service = PolicyKG(settings, workers=False)
    backend = service.backend
    graph = graph_iri("submission/crashed")
    _mark(backend, BASE, [graph])  # what ``maintained`` writes first; then the process dies after the write
    backend.replace_graph(graph, f"<{BASE}id/task/crash> <{POL}taskOf> <{PROG06}> .".encode(), TURTLE)
    assert pending(backend, BASE) == [graph]
    assert not backend.ask(f"ASK {{ <{BASE}id/task/crash> <{DERIVES}> <{RES72}> }}")
    service.close()
    reopened = PolicyKG(settings, workers=False)
    try:
        assert reopened.backend.ask(f"ASK {{ <{BASE}id/task/crash> <{DERIVES}> <{RES72}> }}")
        assert pending(reopened.backend, BASE) == []
        assert not reopened.backend.graph_exists(pending_graph(BASE))
    finally:
        reopened.close()


def test_a_failed_write_refreshes_nothing_and_leaves_no_marker(fresh_kg):
    backend = fresh_kg.backend
    before = inferred_union(backend)
    with pytest.raises(ParseError):
        with maintained(backend, BASE, [graph_iri("data/broken")]):
            backend.replace_graph(graph_iri("data/broken"), b"<a> <b> .", TURTLE)
    assert inferred_union(backend) == before
    assert not backend.graph_exists(pending_graph(BASE))


@pytest.mark.parametrize(
    ("update", "graphs"),
    [
        ("INSERT DATA { GRAPH <http://g/1> { <a:s> <a:p> <a:o> } }", {"http://g/1"}),
        ("PREFIX g: <http://g/> DELETE DATA { GRAPH g:2 { <a:s> <a:p> 'GRAPH ?x' } } ; INSERT DATA { <a:s> <a:p> <a:o> }",
         {"http://g/2", None}),
        ("WITH <http://g/3> DELETE { ?s ?p ?o } INSERT { GRAPH <http://g/4> { ?s ?p ?o } } "
         "WHERE { GRAPH ?any { ?s ?p ?o } }", {"http://g/3", "http://g/4"}),
        ("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", None),
        ("DROP ALL", None),
        ("CLEAR SILENT NAMED", None),
        ("DROP SILENT GRAPH <http://g/5> ; CREATE GRAPH <http://g/6>", {"http://g/5", "http://g/6"}),
        ("MOVE <http://g/7> TO GRAPH <http://g/8>", {"http://g/7", "http://g/8"}),
        ("COPY DEFAULT TO <http://g/9>", {None, "http://g/9"}),
        ("LOAD <http://example.org/x.ttl> INTO GRAPH <http://g/10>", {"http://g/10"}),
        ("BASE <http://g/> INSERT DATA { GRAPH <11> { <a:s> <a:p> <a:o> } } # GRAPH ?comment", {"http://g/11"}),
        ("INSERT { GRAPH ?g { <a:s> <a:p> <a:o> } } WHERE { BIND(<http://g/12> AS ?g) }", None),
    ],
)
def test_the_graphs_an_update_writes(update, graphs):
    found = written_graphs(update)
    if graphs is None:
        assert found is None
    else:
        assert found is not None and {g for g in found if g is not None} == {g for g in graphs if g is not None}


def test_a_sparql_update_refreshes_only_the_local_graph_it_names(fresh_kg):
    """A SPARQL Update through the service refreshes exactly the local graph of the source graph it names."""
    backend = fresh_kg.backend
    others = {g: backend.serialize_graph(g, NT) for g in backend.named_graphs()
              if g.startswith(INFERRED + "/") and g != transitive_graph(BASE)}
    fresh_kg.update(f"INSERT DATA {{ GRAPH <{graph_iri('file/scoped')}> {{ <{BASE}id/task/s> <{POL}taskOf> <{PROG06}> }} }}")
    assert backend.graph_exists(local_graph(BASE, graph_iri("file/scoped")))
    for name, body in others.items():
        assert backend.serialize_graph(name, NT) == body
    assert backend.ask(f"ASK {{ <{BASE}id/task/s> <{DERIVES}> <{RES72}> }}")
