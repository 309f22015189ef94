"""Materialised inferences: the expected entailments are there, nothing beyond the rules, visible by default,
hidden with ``inference=false``, refreshed after a load."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from conftest import make_settings
from policy_kg.formats import RDF_FORMATS, by_name
from policy_kg.loading import load_files
from policy_kg.reasoning.graphs import source_graphs
from policy_kg.reasoning.inference import FOREIGN_AXIOMS, refresh_inferences
from policy_kg.service import PolicyKG
from policy_kg.web import create_app

BASE = "https://w3id.org/policy-kg/"
POL = "https://w3id.org/policy-kg/ontology#"
ELI = "http://data.europa.eu/eli/ontology#"
INFERRED = BASE + "graph/inferred"
NT = by_name("ntriples", RDF_FORMATS)
RES72 = BASE + "eli/vn/bct/nq/xiii/72"
PROG06 = BASE + "eli/vn-hn/tu/ctr/xviii/06"
TASK06 = BASE + "id/task/06-lo-trinh-mien-vien-phi-co-ban"


def _inferred(backend) -> Graph:
    """The union of the inferred graphs: one per source graph, the transitive closures (not the pending markers)."""
    union = Graph()
    for name in backend.named_graphs():
        if name.startswith(INFERRED + "/") and name != INFERRED + "/pending":
            union.parse(data=backend.serialize_graph(name, NT), format="nt")
    return union


def _reference_closure(source: Graph, tbox: Graph) -> set:
    """The same four rules, written independently as a naive fixpoint over rdflib triples."""
    inverse = defaultdict(set)
    for a, b in tbox.subject_objects(OWL.inverseOf):
        inverse[a].add(b)
        inverse[b].add(a)
    supers = defaultdict(set)
    for a, b in tbox.subject_objects(RDFS.subPropertyOf):
        supers[a].add(b)
    classes = defaultdict(set)
    for a, b in tbox.subject_objects(RDFS.subClassOf):
        if isinstance(b, URIRef):
            classes[a].add(b)
    transitive = set(tbox.subjects(RDF.type, OWL.TransitiveProperty))
    facts = {(s, p, o) for s, p, o in source if isinstance(s, URIRef) and isinstance(o, URIRef)}
    asserted = set(facts)
    while True:
        new = set()
        by_property = defaultdict(set)
        for s, p, o in facts:
            by_property[p].add((s, o))
            for q in inverse.get(p, ()):
                new.add((o, q, s))
            for q in supers.get(p, ()):
                new.add((s, q, o))
            if p == RDF.type:
                for d in classes.get(o, ()):
                    new.add((s, RDF.type, d))
        for p in transitive:
            following = defaultdict(set)
            for s, o in by_property[p]:
                following[s].add(o)
            for s, o in by_property[p]:
                for o2 in following.get(o, ()):
                    new.add((s, p, o2))
        new -= facts
        if not new:
            return facts - asserted
        facts |= new


def test_inferred_graph_is_exactly_the_rule_closure(kg):
    backend = kg.backend
    source = Graph()
    for name in source_graphs(backend):
        source.parse(data=backend.serialize_graph(name, NT), format="nt")
    tbox = Graph().parse(data=FOREIGN_AXIOMS, format="turtle")
    for name in source_graphs(backend):
        if "/graph/ontology/" in name:
            tbox.parse(data=backend.serialize_graph(name, NT), format="nt")
    expected = _reference_closure(source, tbox)
    actual = set(_inferred(backend))
    assert actual == expected
    assert len(actual) > 100


@pytest.mark.parametrize(
    "triple",
    [
        (TASK06, POL + "derivesFrom", RES72),  # taskOf ⊑ derivesFrom, ensures_implementation_of ⊑ derivesFrom, transitive
        (RES72, ELI + "implementation_ensured_by", PROG06),  # ELI inverse
        (PROG06, POL + "derivesFrom", RES72),
        (TASK06, str(RDF.type), "http://purl.org/net/p-plan#Step"),
        (TASK06, str(RDF.type), "http://schema.org/Action"),
        (PROG06, str(RDF.type), "http://purl.org/net/p-plan#Plan"),
        (PROG06, str(RDF.type), ELI + "LegalResource"),
        (TASK06, "http://purl.org/net/p-plan#isStepOfPlan", PROG06),
        (BASE + "id/agency/so-y-te-ha-noi", str(RDF.type), "http://www.w3.org/ns/org#Organization"),
        (BASE + "id/agency/so-y-te-ha-noi", str(RDF.type), ELI + "Organization"),
    ],
)
def test_expected_entailment(kg, triple):
    assert tuple(URIRef(t) for t in triple) in _inferred(kg.backend)


def test_sub_organisations_are_closed_transitively(kg):
    rows = kg.backend.select(
        "PREFIX org: <http://www.w3.org/ns/org#> SELECT ?a ?c WHERE { ?a org:subOrganizationOf ?b . ?b org:subOrganizationOf ?c }"
    )
    assert rows, "the bundled agencies have nested sub-organisations"
    inferred = _inferred(kg.backend)
    transitive = URIRef("http://www.w3.org/ns/org#transitiveSubOrganizationOf")
    for row in rows:
        assert (URIRef(row["a"]), transitive, URIRef(row["c"])) in inferred


EVERYTHING_UNDER_72 = f"""
PREFIX pol: <{POL}>
PREFIX eli: <{ELI}>
SELECT DISTINCT ?item ?kind WHERE {{
  {{ ?item pol:derivesFrom <{RES72}> ; a ?kind . FILTER(?kind IN (pol:ActionProgramme, pol:Goal, pol:Target, pol:Task)) }}
  UNION
  {{ ?doc pol:derivesFrom <{RES72}> ; eli:responsibility_of_agent ?item . BIND(pol:Agency AS ?kind) }}
  UNION
  {{ ?task pol:derivesFrom <{RES72}> ; pol:leadAgency ?item . BIND(pol:Agency AS ?kind) }}
}}
"""


def _select(client, query: str, **params) -> list[dict]:
    response = client.get("/sparql", query_string={"query": query, **params}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.loads(response.data)["results"]["bindings"]


def test_everything_under_resolution_72_without_property_paths(client):
    rows = _select(client, EVERYTHING_UNDER_72)
    kinds = defaultdict(set)
    for row in rows:
        kinds[row["kind"]["value"]].add(row["item"]["value"])
    assert PROG06 in kinds[POL + "ActionProgramme"]
    assert TASK06 in kinds[POL + "Task"]
    assert kinds[POL + "Goal"] and kinds[POL + "Target"]
    assert BASE + "id/agency/so-y-te-ha-noi" in kinds[POL + "Agency"]
    # the education programme (71) is not under 72
    assert BASE + "eli/vn-hn/tu/ctr/xviii/05" not in kinds[POL + "ActionProgramme"]


def test_inference_false_hides_the_inferred_graph(client):
    query = f"ASK {{ <{TASK06}> <{POL}derivesFrom> <{RES72}> }}"
    assert json.loads(client.get("/sparql", query_string={"query": query}).data)["boolean"] is True
    off = client.get("/sparql", query_string={"query": query, "inference": "false"})
    assert json.loads(off.data)["boolean"] is False
    graphs = _select(client, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", inference="false")
    assert INFERRED not in {row["g"]["value"] for row in graphs}
    assert client.get("/sparql", query_string={"query": query, "inference": "maybe"}).status_code == 400


def test_setting_turns_inference_off_by_default(tmp_path):
    service = PolicyKG(make_settings(tmp_path / "store", inference="false"), workers=False)
    try:
        app = create_app(service.settings, service=service)
        client = app.test_client()
        query = f"ASK {{ <{TASK06}> <{POL}derivesFrom> <{RES72}> }}"
        assert json.loads(client.get("/sparql", query_string={"query": query}).data)["boolean"] is False
        on = client.get("/sparql", query_string={"query": query, "inference": "true"})
        assert json.loads(on.data)["boolean"] is True
    finally:
        service.close()


def test_a_load_refreshes_the_inferences(fresh_kg, tmp_path):
    new_task = tmp_path / "task.ttl"
    new_task.write_text(f"""
        @prefix pol: <{POL}> .
        <{BASE}id/task/test-new> a pol:Task ; pol:taskOf <{PROG06}> .
    """, encoding="utf-8")
    load_files(fresh_kg.backend, [new_task], None, BASE)
    inferred = _inferred(fresh_kg.backend)
    assert (URIRef(BASE + "id/task/test-new"), URIRef(POL + "derivesFrom"), URIRef(RES72)) in inferred
    assert (URIRef(PROG06), URIRef(POL + "hasTask"), URIRef(BASE + "id/task/test-new")) in inferred


def test_refresh_is_idempotent_and_reports_its_counts(fresh_kg):
    before = set(_inferred(fresh_kg.backend))
    stats = refresh_inferences(fresh_kg.backend, BASE)
    assert set(_inferred(fresh_kg.backend)) == before
    assert stats.total == len(before)
    assert stats.transitive_triples > 0 and stats.type_triples > 0 and stats.property_triples > 0
