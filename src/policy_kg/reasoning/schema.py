"""The rule inputs: subproperty, inverse, transitivity and subclass axioms, composed once per refresh.

Read from the ontology graphs (``graph/ontology/*``) plus ``FOREIGN_AXIOMS``, the axioms the reused vocabularies
state themselves. Rules (OWL 2 RL, https://www.w3.org/TR/owl2-profiles/#OWL_2_RL §4.3): ``prp-spo1`` and
``prp-inv1``/``prp-inv2`` are composed per property (``Schema.derived``), ``cax-sco`` per class
(``Schema.superclasses``), ``prp-trp`` names the transitive properties (``Schema.transitive``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..formats import RDF_FORMATS, by_name
from ..store import Backend
from .graphs import ontology_graphs

NTRIPLES = by_name("ntriples", RDF_FORMATS)
TYPE = str(RDF.type)

FOREIGN_AXIOMS = """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix cv: <http://data.europa.eu/m8g/> .
# ELI ontology (http://data.europa.eu/eli/ontology): implementation_ensured_by is the inverse of ensures_implementation_of.
eli:implementation_ensured_by owl:inverseOf eli:ensures_implementation_of .
# W3C ORG (https://www.w3.org/TR/vocab-org/ §5.2, §5.4): sub-organisations and posts.
org:subOrganizationOf owl:inverseOf org:hasSubOrganization ;
    rdfs:subPropertyOf org:transitiveSubOrganizationOf .
org:transitiveSubOrganizationOf a owl:TransitiveProperty .
org:heldBy owl:inverseOf org:holds .
org:postIn owl:inverseOf org:hasPost .
# Core Public Organisation Vocabulary (https://semiceu.github.io/CPOV/): a public organisation is an org:Organization.
cv:PublicOrganisation rdfs:subClassOf org:Organization .
"""


@dataclass
class Schema:
    """The rule inputs: each property's derived (property, flipped) pairs, transitive properties, superclasses."""

    derived: dict[str, set[tuple[str, bool]]]
    transitive: set[str]
    superclasses: dict[str, set[str]]

    @property
    def closures_are_final(self) -> bool:
        """True when no transitive property has a superproperty or an inverse, so a closure entails nothing more."""
        return not any(self.derived.get(prop) for prop in self.transitive)


def closure(edges: dict[str, set[str]], start: str) -> set[str]:
    """The nodes ``start`` reaches in one step or more (``start`` itself only through a cycle)."""
    seen, frontier = set(), [start]
    while frontier:
        for nxt in edges.get(frontier.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return seen


def schema_from(tbox: Graph) -> Schema:
    """Compose subproperty and inverse axioms: ``p`` yields ``(q, flipped)`` for each property ``s p o`` entails."""
    supers: dict[str, set[str]] = defaultdict(set)
    for sub, sup in tbox.subject_objects(RDFS.subPropertyOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            supers[str(sub)].add(str(sup))
    inverse: dict[str, set[str]] = defaultdict(set)
    for a, b in tbox.subject_objects(OWL.inverseOf):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            inverse[str(a)].add(str(b))
            inverse[str(b)].add(str(a))
    properties = set(supers) | set(inverse)
    derived: dict[str, set[tuple[str, bool]]] = {}
    for prop in properties:
        seen = {(prop, False)}
        frontier = [(prop, False)]
        while frontier:
            current, flipped = frontier.pop()
            steps = [(s, flipped) for s in supers.get(current, ())] + [(i, not flipped) for i in inverse.get(current, ())]
            for step in steps:
                if step not in seen:
                    seen.add(step)
                    frontier.append(step)
        seen.discard((prop, False))
        if seen:
            derived[prop] = seen
    transitive = {str(p) for p in tbox.subjects(RDF.type, OWL.TransitiveProperty) if isinstance(p, URIRef)}
    class_edges: dict[str, set[str]] = defaultdict(set)
    for sub, sup in tbox.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef) and sub != sup:
            class_edges[str(sub)].add(str(sup))
    superclasses = {cls: closure(class_edges, cls) - {cls} for cls in class_edges}
    return Schema(derived, transitive, {c: s for c, s in superclasses.items() if s})


def load_schema(backend: Backend) -> Schema:
    tbox = Graph().parse(data=FOREIGN_AXIOMS, format="turtle")
    for name in ontology_graphs(backend):
        tbox.parse(data=backend.serialize_graph(name, NTRIPLES), format="nt")
    return schema_from(tbox)


def apply_properties(schema: Schema, triples) -> set[tuple[str, str, str]]:
    """prp-spo1 and prp-inv1/2, composed: ``s p o`` with ``(p → q, flipped)`` gives ``o q s`` or ``s q o``."""
    out = set()
    for s, p, o in triples:
        for q, flipped in schema.derived.get(p, ()):
            out.add((o, q, s) if flipped else (s, q, o))
    return out
