"""Typed namespaces: ``POL`` (generated from the ontology) and the standard vocabularies the project reuses.

Each is a ``DefinedNamespace`` with ``_fail = True`` where we list the terms, so a misspelt term raises.
rdflib's bundled DCAT is DCAT 2; the DCAT 3 terms we use are declared in ``DCAT3``.
"""

from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD, DefinedNamespace, Namespace
from rdflib.term import URIRef

from ._pol import POL


class ELI(DefinedNamespace):
    """European Legislation Identifier ontology (the terms policy-kg uses)."""

    _fail = True
    _NS = Namespace("http://data.europa.eu/eli/ontology#")

    LegalResource: URIRef
    Organization: URIRef
    AdministrativeArea: URIRef
    ensures_implementation_of: URIRef
    implementation_ensured_by: URIRef
    passed_by: URIRef
    number: URIRef
    date_document: URIRef
    is_about: URIRef
    jurisdiction: URIRef
    type_document: URIRef
    cites: URIRef
    responsibility_of_agent: URIRef


class CV(DefinedNamespace):
    """Core Public Organisation Vocabulary."""

    _fail = True
    _NS = Namespace("http://data.europa.eu/m8g/")

    PublicOrganisation: URIRef


class PPLAN(DefinedNamespace):
    """P-Plan."""

    _fail = True
    _NS = Namespace("http://purl.org/net/p-plan#")

    Plan: URIRef
    Step: URIRef
    isStepOfPlan: URIRef


class SD(DefinedNamespace):
    """SPARQL 1.1 Service Description."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/sparql-service-description#")

    Service: URIRef
    Dataset: URIRef
    Graph: URIRef
    NamedGraph: URIRef
    endpoint: URIRef
    supportedLanguage: URIRef
    SPARQL11Query: URIRef
    SPARQL11Update: URIRef
    resultFormat: URIRef
    feature: URIRef
    UnionDefaultGraph: URIRef
    BasicFederatedQuery: URIRef
    defaultDataset: URIRef
    defaultGraph: URIRef
    namedGraph: URIRef
    name: URIRef
    graph: URIRef
    extensionFunction: URIRef
    Function: URIRef


class DCAT3(DefinedNamespace):
    """DCAT 3 terms missing from rdflib's DCAT 2 module."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/dcat#")

    DataService: URIRef
    endpointURL: URIRef
    endpointDescription: URIRef
    servesDataset: URIRef
    accessService: URIRef


SCHEMA = Namespace("http://schema.org/")
SDG = Namespace("http://metadata.un.org/sdg/")

__all__ = [
    "CV", "DCAT", "DCAT3", "DCTERMS", "ELI", "FOAF", "ORG", "OWL", "POL", "PPLAN", "PROV", "RDF", "RDFS",
    "SCHEMA", "SD", "SDG", "SKOS", "VOID", "XSD",
]
