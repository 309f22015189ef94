"""SPARQL 1.1 Service Description (https://www.w3.org/TR/sparql11-service-description/) of ``/sparql``.

Served on a GET without a query for non-HTML clients, in the negotiated RDF format (Turtle by default).
"""

from __future__ import annotations

from flask import Response, current_app, request
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from ..formats import RDF_FORMATS, RESULT_FORMATS, negotiate
from ..vocab import SD, XSD

FORMAT_IRIS = {
    "json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "tsv": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "turtle": "http://www.w3.org/ns/formats/Turtle",
    "ntriples": "http://www.w3.org/ns/formats/N-Triples",
    "jsonld": "http://www.w3.org/ns/formats/JSON-LD",
    "rdfxml": "http://www.w3.org/ns/formats/RDF_XML",
    "trig": "http://www.w3.org/ns/formats/TriG",
    "nquads": "http://www.w3.org/ns/formats/N-Quads",
}


def description_graph(endpoint: str, graphs: list[str], writable: bool) -> Graph:
    graph = Graph()
    graph.bind("sd", str(SD._NS))
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if writable:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for fmt in RESULT_FORMATS + RDF_FORMATS:
        graph.add((service, SD.resultFormat, URIRef(FORMAT_IRIS[fmt.name])))
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    for name in graphs:
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
    graph.add((service, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
               Literal("policy-kg SPARQL 1.1 endpoint; default graph = union of named graphs", datatype=XSD.string)))
    return graph


def service_description() -> Response:
    kg = current_app.extensions["policy_kg"]
    fmt = negotiate(request.headers.get("Accept"), RDF_FORMATS)
    graph = description_graph(request.base_url, kg.backend.named_graphs(), bool(kg.settings["tokens"]))
    rdflib_name = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml", "trig": "trig", "nquads": "nquads"}[fmt.name]
    body = graph.serialize(format=rdflib_name, encoding="utf-8")
    return Response(body, content_type=f"{fmt.media_type}; charset=utf-8", headers={"Vary": "Accept"})
