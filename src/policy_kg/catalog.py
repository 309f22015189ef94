"""The dataset's descriptions: VoID (https://www.w3.org/TR/void/) with live counts, and a DCAT-AP 3 record.

VoID (§4 "Describing datasets", §4.4 "Linksets"): the dataset, its SPARQL endpoint and URI space, its triple
count, and one ``void:Linkset`` subset per linkset found in the store. Each linkset file (``data/links-*.ttl``)
describes itself (target datasets, link predicate, provenance); its ``void:triples`` is counted live in its own
named graph: the triples with the link predicate from a resource of ours to an IRI in the target's URI space.

DCAT (https://www.w3.org/TR/vocab-dcat-3/) following DCAT-AP 3.0: a catalogue, the dataset, its SPARQL
distribution and data service, the publisher; country, languages, theme and licence come from the EU
authority-table linkset (``data/links-eu-authority.ttl``). ``shapes/vendor/dcat-ap/`` validates it.
"""

from __future__ import annotations

import json

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, VOID, XSD

from .formats import RDF_FORMATS, by_name
from .reasoning.graphs import source_graphs
from .store import Backend, QueryRequest
from .vocab import DCAT3

_NTRIPLES = by_name("ntriples", RDF_FORMATS)

POL = "https://w3id.org/policy-kg/ontology#"
VOCABULARIES = (
    POL, "http://data.europa.eu/eli/ontology#", "http://www.w3.org/ns/org#", "http://data.europa.eu/m8g/",
    "http://purl.org/net/p-plan#", "http://schema.org/", "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2004/02/skos/core#", "http://purl.org/dc/terms/", "http://xmlns.com/foaf/0.1/",
)
TITLE = ("Đồ thị tri thức chính sách công Việt Nam (policy-kg)", "policy-kg: a knowledge graph of Vietnamese public policy")
DESCRIPTION = (
    "Các nghị quyết chiến lược của Bộ Chính trị, các chương trình hành động của Thành ủy Hà Nội thực hiện chúng, "
    "cùng mục tiêu, chỉ tiêu, nhiệm vụ, cơ quan và nguồn tin, dưới dạng dữ liệu liên kết mở.",
    "The Politburo's strategic resolutions, the Hanoi Party Committee action programmes that implement them, and "
    "their goals, targets, tasks, agencies and sources, as linked open data.",
)
EU_LINK_PROPERTIES = (DCTERMS.spatial, DCTERMS.language, DCAT.theme, DCTERMS.license)
RANGE_CLASSES = {
    DCTERMS.spatial: DCTERMS.Location, DCTERMS.language: DCTERMS.LinguisticSystem,
    DCAT.theme: SKOS.Concept, DCTERMS.license: DCTERMS.LicenseDocument,
}


def dataset_iri(base_iri: str) -> URIRef:
    return URIRef(base_iri + "id/dataset/policy-kg")


def _bilingual(graph: Graph, subject, predicate, texts: tuple[str, str]) -> None:
    graph.add((subject, predicate, Literal(texts[0], lang="vi")))
    graph.add((subject, predicate, Literal(texts[1], lang="en")))


def _count(backend: Backend, sparql: str) -> int:
    return int(json.loads(backend.query(QueryRequest(sparql)).body)["results"]["bindings"][0]["n"]["value"])


def _string(value: str) -> str:
    return json.dumps(value)


def linksets(backend: Backend) -> list[dict]:
    """Every linkset described in a ``links-*`` graph: its IRI, graph, predicate, target and target URI space."""
    return backend.select(
        "PREFIX void: <http://rdfs.org/ns/void#> SELECT ?linkset ?graph ?predicate ?target ?space WHERE { "
        "GRAPH ?graph { ?linkset a void:Linkset ; void:linkPredicate ?predicate ; void:objectsTarget ?target } "
        "?target void:uriSpace ?space FILTER(CONTAINS(STR(?graph), \"/graph/data/links-\")) } ORDER BY ?linkset"
    )


def count_links(backend: Backend, linkset: dict, base_iri: str) -> int:
    """The links of one linkset, in its own graph: ``?s predicate ?o`` from our URI space to the target's."""
    return _count(backend, (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{linkset['graph']}> {{ ?s <{linkset['predicate']}> ?o }} "
        f"FILTER(isIRI(?o) && STRSTARTS(STR(?s), {_string(base_iri)}) && STRSTARTS(STR(?o), {_string(linkset['space'])})) }}"
    ))


def void_graph(backend: Backend, base_iri: str, public_url: str) -> Graph:
    """The VoID description of the dataset and its linksets, counted now."""
    graph = Graph()
    graph.bind("void", VOID)
    graph.bind("dct", DCTERMS)
    dataset = dataset_iri(base_iri)
    graph.add((dataset, RDF.type, VOID.Dataset))
    _bilingual(graph, dataset, DCTERMS.title, TITLE)
    _bilingual(graph, dataset, DCTERMS.description, DESCRIPTION)
    graph.add((dataset, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(public_url + "sparql")))
    graph.add((dataset, VOID.uriSpace, Literal(base_iri)))
    graph.add((dataset, VOID.feature, URIRef("http://www.w3.org/ns/formats/Turtle")))
    graph.add((dataset, RDFS.seeAlso, URIRef(public_url + "catalog")))
    for vocabulary in VOCABULARIES:
        graph.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    sources = source_graphs(backend)
    values = " ".join(f"<{g}>" for g in sources)
    total = _count(backend, f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}") if sources else 0
    graph.add((dataset, VOID.triples, Literal(total, datatype=XSD.integer)))
    for linkset in linksets(backend):
        node = URIRef(linkset["linkset"])
        graph.add((dataset, VOID.subset, node))
        described = backend.query(QueryRequest(
            f"CONSTRUCT {{ ?x ?p ?o }} WHERE {{ GRAPH <{linkset['graph']}> {{ ?x ?p ?o "
            f"FILTER(?x IN (<{linkset['linkset']}>, <{linkset['target']}>)) }} }}",
            graph_format=_NTRIPLES,
        ))
        graph.parse(data=described.body, format="nt")
        graph.add((node, VOID.triples, Literal(count_links(backend, linkset, base_iri), datatype=XSD.integer)))
    return graph


def dcat_graph(backend: Backend, base_iri: str, public_url: str) -> Graph:
    """The DCAT-AP 3 record: catalogue, dataset, SPARQL distribution and data service, publisher."""
    graph = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF)):
        graph.bind(prefix, namespace)
    catalog = URIRef(base_iri + "id/catalog/policy-kg")
    dataset = dataset_iri(base_iri)
    publisher = URIRef(base_iri + "id/agent/policy-kg-project")
    distribution = URIRef(base_iri + "id/distribution/sparql")
    service = URIRef(base_iri + "id/service/sparql")
    endpoint = URIRef(public_url + "sparql")
    graph.add((publisher, RDF.type, FOAF.Agent))
    _bilingual(graph, publisher, FOAF.name, ("Dự án policy-kg", "The policy-kg project"))
    graph.add((catalog, RDF.type, DCAT.Catalog))
    _bilingual(graph, catalog, DCTERMS.title, ("Danh mục dữ liệu policy-kg", "policy-kg data catalogue"))
    _bilingual(graph, catalog, DCTERMS.description, ("Danh mục mô tả bộ dữ liệu policy-kg và điểm truy vấn SPARQL của nó.",
                                                     "Catalogue of the policy-kg dataset and its SPARQL endpoint."))
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, DCAT.dataset, dataset))
    graph.add((catalog, DCAT.service, service))
    graph.add((catalog, FOAF.homepage, URIRef(public_url)))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    _bilingual(graph, dataset, DCTERMS.title, TITLE)
    _bilingual(graph, dataset, DCTERMS.description, DESCRIPTION)
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    graph.add((dataset, DCAT.distribution, distribution))
    graph.add((dataset, DCAT.landingPage, URIRef(public_url)))
    graph.add((dataset, RDFS.seeAlso, URIRef(public_url + ".well-known/void")))
    for keyword in (("nghị quyết", "vi"), ("chương trình hành động", "vi"), ("resolution", "en"), ("action programme", "en")):
        graph.add((dataset, DCAT.keyword, Literal(keyword[0], lang=keyword[1])))
    for row in backend.select(f"SELECT ?p ?o WHERE {{ <{dataset}> ?p ?o }}"):
        predicate = URIRef(row["p"])
        if predicate in EU_LINK_PROPERTIES:
            graph.add((dataset, predicate, URIRef(row["o"])))
            graph.add((URIRef(row["o"]), RDF.type, RANGE_CLASSES[predicate]))
            if predicate == DCTERMS.license:
                graph.add((distribution, DCTERMS.license, URIRef(row["o"])))
                graph.add((service, DCTERMS.license, URIRef(row["o"])))
            if predicate == DCTERMS.language:
                graph.add((catalog, DCTERMS.language, URIRef(row["o"])))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    _bilingual(graph, distribution, DCTERMS.title, ("Điểm truy vấn SPARQL", "SPARQL endpoint"))
    graph.add((distribution, DCAT.accessURL, endpoint))
    graph.add((distribution, DCAT3.accessService, service))
    graph.add((distribution, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/application/sparql-results+json")))
    graph.add((service, RDF.type, DCAT3.DataService))
    _bilingual(graph, service, DCTERMS.title, ("Dịch vụ SPARQL của policy-kg", "policy-kg SPARQL service"))
    graph.add((service, DCAT3.endpointURL, endpoint))
    graph.add((service, DCAT3.endpointDescription, endpoint))
    graph.add((service, DCAT3.servesDataset, dataset))
    return graph

