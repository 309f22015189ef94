"""The search index's layout and upkeep: whole-word lookups, the last word as a prefix, one index graph per
source graph, and refreshes that rebuild only the graphs that changed (by name, or by fingerprint)."""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from policy_kg.formats import RDF_FORMATS, by_name
from policy_kg.search.index import drop_search_index, refresh_search_index, sync_search_index
from policy_kg.search.postings import phrase_node
from policy_kg.search.terms import index_graph, index_prefix, legacy_graph
from policy_kg.vocab import POL
from policy_kg.web import create_app

BASE = "https://w3id.org/policy-kg/"
NT = by_name("ntriples", RDF_FORMATS)
PROGRAMME_05 = BASE + "eli/vn-hn/tu/ctr/xviii/05"
NEW_GRAPH = BASE + "graph/file/truong-dong-do"
NEW_AGENCY = BASE + "id/agency/truong-dong-do"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def found(client, q, **params):
    extra = "".join(f"&{k}={quote(v)}" for k, v in params.items())
    response = client.get(f"/search?q={quote(q)}&size=100{extra}", headers={"Accept": "application/json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["id"] for item in response.get_json()["results"]]


def fresh_kg_client(kg):
    return create_app(kg.settings, service=kg).test_client()


def index_of(backend, source):
    graph = Graph()
    graph.parse(data=backend.serialize_graph(index_graph(source, BASE), NT).decode("utf-8"), format="nt")
    return graph


def add_agency(backend, graph=NEW_GRAPH, label="Trường Đông Đô"):
    data = f'<{NEW_AGENCY}> a <{POL.Agency}> ; <{LABEL}> "{label}"@vi ; <http://data.europa.eu/eli/ontology#number> "07-QĐ/TU" .\n'
    backend.add_to_graph(graph, data.encode("utf-8"), by_name("turtle", RDF_FORMATS))


def test_words_match_whole_and_the_last_one_as_a_prefix(client):
    assert found(client, "giao duc", type="programme")[0] == PROGRAMME_05
    assert found(client, "giao du", type="programme")[0] == PROGRAMME_05
    assert found(client, "GIÁO D", type="programme")[0] == PROGRAMME_05
    assert BASE + "id/agency/bo-chinh-tri" in found(client, "chinh t")
    assert BASE + "id/agency/bo-chinh-tri" in found(client, "chin")
    assert found(client, "iao duc") == []
    assert found(client, "giao dục xyz") == []


def test_index_graph_layout(fresh_kg):
    backend = fresh_kg.backend
    add_agency(backend)
    refresh_search_index(backend, BASE, graphs=[NEW_GRAPH])
    graph = index_of(backend, NEW_GRAPH)
    target = index_graph(NEW_GRAPH, BASE)
    agency, name, number = URIRef(NEW_AGENCY), "truong dong do", "07-qd/tu"
    expected = Graph()
    for key in (name, number):
        node = URIRef(phrase_node(target, key).value)
        expected.add((agency, POL.searchKey, Literal(key)))
        expected.add((node, POL.searchPhrase, Literal(key)))
    for word in ("truong", "dong", "do"):
        expected.add((URIRef(phrase_node(target, name).value), POL.searchToken, Literal(word)))
    for word in ("07", "qd", "tu"):
        expected.add((URIRef(phrase_node(target, number).value), POL.searchToken, Literal(word)))
    for word in ("truong", "dong", "do", "07", "qd", "tu"):
        expected.add((URIRef(target), POL.searchWord, Literal(word)))
    for key in ("7", "7 qd", "7 qd tu"):
        expected.add((agency, POL.searchNumber, Literal(key)))
    fingerprints = list(graph.triples((URIRef(NEW_GRAPH), POL.searchFingerprint, None)))
    assert len(fingerprints) == 1
    graph.remove(fingerprints[0])
    assert isomorphic(graph, expected)


def test_a_new_graph_rebuilds_only_its_own_index(fresh_kg):
    backend = fresh_kg.backend
    assert sync_search_index(backend, BASE).rebuilt == []
    agencies = BASE + "graph/data/agencies"
    before = index_of(backend, agencies)
    add_agency(backend)
    targeted = sync_search_index(backend, BASE, [NEW_GRAPH])
    assert targeted.rebuilt == [NEW_GRAPH] and targeted.added > 0 and targeted.removed == 0
    assert sync_search_index(backend, BASE).rebuilt == []
    assert isomorphic(index_of(backend, agencies), before)
    client = fresh_kg_client(fresh_kg)
    assert found(client, "truong dong do")[0] == NEW_AGENCY
    assert found(client, "QĐ 7")[0] == NEW_AGENCY


def test_fingerprints_find_the_changed_graph_even_when_its_size_is_the_same(fresh_kg):
    backend = fresh_kg.backend
    add_agency(backend)
    sync_search_index(backend, BASE)
    backend.update(f'DELETE DATA {{ GRAPH <{NEW_GRAPH}> {{ <{NEW_AGENCY}> <{LABEL}> "Trường Đông Đô"@vi }} }} ; '
                   f'INSERT DATA {{ GRAPH <{NEW_GRAPH}> {{ <{NEW_AGENCY}> <{LABEL}> "Trường Tây Đô"@vi }} }}')
    report = sync_search_index(backend, BASE)
    assert report.rebuilt == [NEW_GRAPH]
    # only what the label changed: its key, phrase node (phrase and 3 words) and the new word "tay"; "dong" goes
    assert (report.added, report.removed) == (1 + 4 + 1, 1 + 4 + 1)
    assert sync_search_index(backend, BASE, [NEW_GRAPH]).added == 0
    client = fresh_kg_client(fresh_kg)
    assert found(client, "truong tay do")[0] == NEW_AGENCY
    assert NEW_AGENCY not in found(client, "truong dong do")


def test_removing_a_graph_removes_its_index(fresh_kg):
    backend = fresh_kg.backend
    add_agency(backend)
    refresh_search_index(backend, BASE, graphs=[NEW_GRAPH])
    assert backend.graph_exists(index_graph(NEW_GRAPH, BASE))
    backend.drop_graph(NEW_GRAPH)
    report = sync_search_index(backend, BASE)
    assert report.dropped == [index_graph(NEW_GRAPH, BASE)] and report.rebuilt == []
    assert NEW_AGENCY not in found(fresh_kg_client(fresh_kg), "truong dong do")
    add_agency(backend)
    refresh_search_index(backend, BASE, graphs=[NEW_GRAPH])
    backend.drop_graph(NEW_GRAPH)
    assert sync_search_index(backend, BASE, [NEW_GRAPH]).dropped == [index_graph(NEW_GRAPH, BASE)]


def test_an_interrupted_or_old_index_is_rebuilt(fresh_kg):
    backend = fresh_kg.backend
    agencies = BASE + "graph/data/agencies"
    expected = index_of(backend, agencies)
    target = index_graph(agencies, BASE)
    backend.update(f"DELETE WHERE {{ GRAPH <{target}> {{ ?g <{POL.searchFingerprint}> ?f }} }} ; "
                   f"DELETE WHERE {{ GRAPH <{target}> {{ ?s <{POL.searchToken}> \"ha\" }} }}")
    backend.add_to_graph(legacy_graph(BASE), b'<urn:x> <urn:y> "z" .\n', NT)
    report = sync_search_index(backend, BASE)
    assert report.rebuilt == [agencies] and report.dropped == [legacy_graph(BASE)]
    assert isomorphic(index_of(backend, agencies), expected)


def test_rebuilding_from_scratch_gives_the_same_index(fresh_kg):
    backend = fresh_kg.backend

    def snapshot():
        graphs = [g for g in backend.named_graphs() if g.startswith(index_prefix(BASE))]
        return {g: Graph().parse(data=backend.serialize_graph(g, NT).decode("utf-8"), format="nt") for g in graphs}

    before = snapshot()
    assert drop_search_index(backend, BASE) == len(before) > 3
    assert snapshot() == {}
    report = sync_search_index(backend, BASE)
    assert len(report.rebuilt) == len(before)
    after = snapshot()
    assert set(after) == set(before) and all(isomorphic(after[g], before[g]) for g in before)


def test_search_terms_are_plain_string_literals(kg):
    rows = kg.backend.select(f"SELECT ?o WHERE {{ GRAPH ?g {{ ?s <{POL.searchToken}> ?o }} }} LIMIT 5")
    assert rows and all(isinstance(row["o"], str) and row["o"] == row["o"].lower() for row in rows)
