"""The OWL 2 DL view of the graph that HermiT is given, and a record of what it leaves out.

The stored graph is never changed; this builds a separate rdflib graph from it (OWL 2 Mapping to RDF Graphs,
https://www.w3.org/TR/owl2-mapping-to-rdf/):

- HermiT as owlready2 runs it knows only the OWL 2 datatype map (OWL 2 Structural Specification §4,
  https://www.w3.org/TR/owl2-syntax/#Datatype_Maps). ``xsd:date``, ``xsd:gYear``, ``xsd:gYearMonth`` and
  ``rdf:langString`` are outside it, so data property assertions with those datatypes (annotation values are
  not reasoned over and stay), the range axioms naming them and
  their ``rdfs:Datatype`` declarations are left out; a range of ``rdf:langString`` becomes ``rdf:PlainLiteral``
  (OWL 2's datatype for language-tagged strings), which keeps its meaning.
- Properties the data uses and the ontology does not declare (``skos:*``, ``prov:*``, ``dct:*`` ...) are
  declared annotation properties, and classes used in ``rdf:type`` undeclared are declared classes (§5.8),
  so the view is OWL 2 DL. ``rdf:subject``/``rdf:predicate``/``rdf:object`` (on ``pol:Claim``) are reserved
  vocabulary that OWL 2 DL forbids as properties (§2.4): those triples are left out.
- ``owl:imports`` is left out: everything imported is already in the view, and nothing is fetched at run time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

UNSUPPORTED_DATATYPES = frozenset({XSD.date, XSD.gYear, XSD.gYearMonth, RDF.langString})
PLAIN_LITERAL = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#PlainLiteral")
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
RESERVED = (str(RDF), str(RDFS), str(OWL), str(XSD))
# Structural vocabulary of the OWL 2 RDF mapping that may appear as a predicate (Mapping to RDF, tables 1-16).
STRUCTURAL = frozenset({
    RDF.type, RDF.first, RDF.rest, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
    RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy,
} | {URIRef(str(OWL) + name) for name in (
    "equivalentClass", "disjointWith", "unionOf", "intersectionOf", "complementOf", "oneOf", "onProperty",
    "someValuesFrom", "allValuesFrom", "hasValue", "minCardinality", "maxCardinality", "cardinality",
    "qualifiedCardinality", "minQualifiedCardinality", "maxQualifiedCardinality", "onClass", "onDataRange",
    "inverseOf", "equivalentProperty", "propertyDisjointWith", "propertyChainAxiom", "members",
    "distinctMembers", "sameAs", "differentFrom", "imports", "versionIRI", "versionInfo", "hasKey",
    "annotatedSource", "annotatedProperty", "annotatedTarget", "onDatatype", "withRestrictions",
    "datatypeComplementOf", "deprecated", "priorVersion", "backwardCompatibleWith", "incompatibleWith",
    "sourceIndividual", "assertionProperty", "targetIndividual", "targetValue", "hasSelf", "onProperties",
)})


@dataclass
class ViewNotes:
    """What the view left out or changed, for the report (each entry: a count per kind)."""

    literals_left_out: Counter = field(default_factory=Counter)  # datatype IRI -> data assertions left out
    ranges_left_out: list[str] = field(default_factory=list)  # property IRIs whose range axiom was left out
    ranges_mapped: list[str] = field(default_factory=list)  # rdf:langString ranges read as rdf:PlainLiteral
    reserved_left_out: Counter = field(default_factory=Counter)  # reserved predicate -> triples left out
    annotation_properties: list[str] = field(default_factory=list)  # declared by the view
    classes_declared: list[str] = field(default_factory=list)

    def lines(self) -> list[tuple[str, str]]:
        """(Vietnamese, English) lines describing the view."""
        out: list[tuple[str, str]] = []
        for datatype, count in sorted(self.literals_left_out.items()):
            out.append((f"bỏ qua {count} giá trị kiểu {_short(datatype)} (HermiT không hỗ trợ kiểu này)",
                        f"left out {count} values of type {_short(datatype)} (a datatype HermiT does not support)"))
        if self.ranges_left_out:
            names = ", ".join(_short(p) for p in sorted(self.ranges_left_out))
            out.append((f"bỏ qua tiên đề miền giá trị (rdfs:range) của {names}",
                        f"left out the range axioms (rdfs:range) of {names}"))
        if self.ranges_mapped:
            names = ", ".join(_short(p) for p in sorted(self.ranges_mapped))
            out.append((f"đọc miền giá trị rdf:langString của {names} là rdf:PlainLiteral",
                        f"read the rdf:langString range of {names} as rdf:PlainLiteral"))
        for predicate, count in sorted(self.reserved_left_out.items()):
            out.append((f"bỏ qua {count} bộ ba dùng từ vựng dành riêng {_short(predicate)} (tái hiện hóa pol:Claim)",
                        f"left out {count} triples using the reserved term {_short(predicate)} (pol:Claim reification)"))
        if self.annotation_properties:
            out.append((f"khai báo {len(self.annotation_properties)} thuộc tính chưa khai báo là thuộc tính chú thích",
                        f"declared {len(self.annotation_properties)} undeclared properties as annotation properties"))
        if self.classes_declared:
            out.append((f"khai báo {len(self.classes_declared)} lớp chưa khai báo (ví dụ {_short(self.classes_declared[0])})",
                        f"declared {len(self.classes_declared)} undeclared classes (e.g. {_short(self.classes_declared[0])})"))
        return out


PREFIXES = {
    "https://w3id.org/policy-kg/ontology#": "pol:", str(XSD): "xsd:", str(RDF): "rdf:", str(RDFS): "rdfs:",
    str(OWL): "owl:", "http://data.europa.eu/eli/ontology#": "eli:", "http://xmlns.com/foaf/0.1/": "foaf:",
    "http://www.w3.org/2004/02/skos/core#": "skos:", "http://www.w3.org/ns/prov#": "prov:",
    "http://purl.org/dc/terms/": "dct:", "http://www.w3.org/ns/org#": "org:", "http://schema.org/": "schema:",
    "http://data.europa.eu/m8g/": "cv:", "http://purl.org/net/p-plan#": "p-plan:",
}


def _short(iri: str) -> str:
    for namespace, prefix in PREFIXES.items():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace):]
    return f"<{iri}>"


def short(iri: str) -> str:
    """A compact name for an IRI in messages (``pol:Task``), or the IRI in angle brackets."""
    return _short(str(iri))


def _list_nodes(graph: Graph, head: BNode) -> set:
    nodes = set()
    node = head
    while isinstance(node, BNode) and node not in nodes:
        nodes.add(node)
        node = graph.value(node, RDF.rest)
    return nodes


def _names_unsupported(graph: Graph, data_range) -> bool:
    """True when a data range is, or is built from, a datatype outside the OWL 2 map."""
    if data_range in UNSUPPORTED_DATATYPES:
        return True
    if isinstance(data_range, BNode):
        for member_list in graph.objects(data_range, OWL.unionOf):
            return any(_names_unsupported(graph, m) for m in Collection(graph, member_list))
    return False


def build_view(source: Graph) -> tuple[Graph, ViewNotes]:
    """The OWL 2 DL view of ``source`` (ontology plus data) for HermiT, and notes of what it changed."""
    notes = ViewNotes()
    view = Graph()
    skip: set = set()
    datatype_properties = set(source.subjects(RDF.type, OWL.DatatypeProperty))
    for prop, data_range in list(source.subject_objects(RDFS.range)):
        if data_range == RDF.langString:
            notes.ranges_mapped.append(str(prop))
        elif _names_unsupported(source, data_range):
            notes.ranges_left_out.append(str(prop))
            skip.add((prop, RDFS.range, data_range))
            if isinstance(data_range, BNode):
                skip.update(source.triples((data_range, None, None)))
                for member_list in source.objects(data_range, OWL.unionOf):
                    for node in _list_nodes(source, member_list):
                        skip.update(source.triples((node, None, None)))
    for triple in source:
        subject, predicate, obj = triple
        if triple in skip or predicate == OWL.imports:
            continue
        if predicate == RDF.type and obj == RDFS.Datatype and subject in UNSUPPORTED_DATATYPES:
            continue
        if isinstance(obj, Literal) and obj.datatype in UNSUPPORTED_DATATYPES and predicate in datatype_properties:
            notes.literals_left_out[str(obj.datatype)] += 1
            continue
        if str(predicate).startswith(RESERVED) and predicate not in STRUCTURAL:
            notes.reserved_left_out[str(predicate)] += 1
            continue
        if predicate == RDFS.range and obj == RDF.langString:
            view.add((subject, predicate, PLAIN_LITERAL))
            continue
        view.add(triple)
    _declare(view, notes)
    return view, notes


def _declare(view: Graph, notes: ViewNotes) -> None:
    declared_properties = {s for kind in PROPERTY_KINDS for s in view.subjects(RDF.type, kind)}
    for predicate in sorted(set(view.predicates())):
        if predicate in STRUCTURAL or predicate in declared_properties or str(predicate).startswith(RESERVED):
            continue
        view.add((predicate, RDF.type, OWL.AnnotationProperty))
        notes.annotation_properties.append(str(predicate))
    declared_classes = set(view.subjects(RDF.type, OWL.Class)) | set(view.subjects(RDF.type, RDFS.Datatype))
    used = {o for o in view.objects(None, RDF.type) if isinstance(o, URIRef) and not str(o).startswith(RESERVED)}
    for cls in sorted(used - declared_classes):
        view.add((cls, RDF.type, OWL.Class))
        notes.classes_declared.append(str(cls))
