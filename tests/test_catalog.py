"""VoID at /.well-known/void and the DCAT-AP record at /catalog: negotiated, live counts, conforming record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, RDF, VOID

from policy_kg.formats import RDF_FORMATS, by_name

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ROOT / "shapes" / "vendor" / "dcat-ap" / "dcat-ap-3.0-subset-shapes.ttl"
BASE = "https://w3id.org/policy-kg/"
DATASET = URIRef(BASE + "id/dataset/policy-kg")


def _get(client, path: str, accept: str = "text/turtle") -> Graph:
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == accept
    fmt = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}[accept]
    return Graph().parse(data=response.data, format=fmt)


def _count(client, query: str) -> int:
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": "application/sparql-results+json"})
    return int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json", "application/n-triples"])
def test_void_is_negotiated_and_the_same_in_every_format(client, accept):
    assert isomorphic(_get(client, "/.well-known/void", accept), _get(client, "/.well-known/void"))


def test_void_linkset_counts_equal_sparql_counts(client):
    void = _get(client, "/.well-known/void")
    subsets = list(void.objects(DATASET, VOID.subset))
    assert len(subsets) >= 9
    for linkset in subsets:
        assert (linkset, RDF.type, VOID.Linkset) in void
        predicate = void.value(linkset, VOID.linkPredicate)
        space = str(void.value(void.value(linkset, VOID.objectsTarget), VOID.uriSpace))
        graph = BASE + "graph/data/" + {
            "places-wikidata": "links-wikidata", "places-geonames": "links-geonames", "sdg": "links-sdg",
            "sectors-cofog": "links-cofog", "document-types-eu-resource-type": "links-resource-type",
        }.get(str(linkset).rsplit("/", 1)[1], "links-eu-authority")
        expected = _count(client, f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s <{predicate}> ?o }}
                                      FILTER(STRSTARTS(STR(?o), "{space}")) }}""")
        assert int(void.value(linkset, VOID.triples)) == expected > 0


def test_void_total_counts_the_asserted_graphs(client):
    void = _get(client, "/.well-known/void")
    expected = _count(client, """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o }
        FILTER(CONTAINS(STR(?g), "/graph/ontology/") || CONTAINS(STR(?g), "/graph/data/")
               || CONTAINS(STR(?g), "/graph/file/") || CONTAINS(STR(?g), "/graph/submission/")) }""")
    assert int(void.value(DATASET, VOID.triples)) == expected
    assert str(void.value(DATASET, VOID.sparqlEndpoint)).endswith("/sparql")


def test_void_counts_follow_a_write(fresh_client, fresh_kg):
    fresh_kg.backend.add_to_graph(BASE + "graph/data/links-wikidata",
                                  b"<https://w3id.org/policy-kg/id/area/x> <http://www.w3.org/2004/02/skos/core#exactMatch> <http://www.wikidata.org/entity/Q881> .",
                                  by_name("ntriples", RDF_FORMATS))
    fresh_kg.wrote()
    void = _get(fresh_client, "/.well-known/void")
    assert int(void.value(URIRef(BASE + "id/linkset/places-wikidata"), VOID.triples)) == 3


def test_dcat_record_conforms_to_the_dcat_ap_shapes(client):
    record = _get(client, "/catalog")
    conforms, _, text = validate(record, shacl_graph=Graph().parse(SHAPES), inference="none")
    assert conforms, text
    assert (DATASET, RDF.type, DCAT.Dataset) in record
    assert (DATASET, DCAT.theme, URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")) in record


def test_the_shapes_reject_a_record_without_its_mandatory_properties(client):
    record = _get(client, "/catalog")
    record.remove((DATASET, URIRef("http://purl.org/dc/terms/title"), None))
    conforms, _, text = validate(record, shacl_graph=Graph().parse(SHAPES), inference="none")
    assert not conforms and "title" in text


def test_catalog_answers_304_to_a_repeated_read(client):
    first = client.get("/catalog")
    again = client.get("/catalog", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
