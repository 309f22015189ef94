"""Why a view is inconsistent: individuals that fall into two disjoint classes, and the axioms that put them there.

HermiT through owlready2 says only *that* an ontology is inconsistent. This finds the usual cause in policy data
by following the axioms a clash is built from (OWL 2 Direct Semantics, https://www.w3.org/TR/owl2-direct-semantics/
§2.3): class assertions, ``rdfs:subClassOf``, ``rdfs:domain``/``rdfs:range`` of object properties,
``rdfs:subPropertyOf``, and ``owl:FunctionalProperty`` (two values of a functional property denote one
individual). A clash is reported with every axiom on the path, written in OWL 2 Functional Syntax
(https://www.w3.org/TR/owl2-syntax/), which reads the same in Vietnamese and English.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from .view import short


@dataclass(frozen=True)
class Clash:
    """One individual (or several merged by a functional property) in two disjoint classes."""

    individuals: tuple[str, ...]
    classes: tuple[str, str]
    axioms: tuple[str, ...]

    def sentence_vi(self) -> str:
        who = " và ".join(short(i) for i in self.individuals)
        merged = " (là cùng một cá thể vì thuộc tính hàm)" if len(self.individuals) > 1 else ""
        return (f"{who}{merged} vừa thuộc lớp {short(self.classes[0])} vừa thuộc lớp {short(self.classes[1])}, "
                f"mà hai lớp này rời nhau.")

    def sentence_en(self) -> str:
        who = " and ".join(short(i) for i in self.individuals)
        merged = " (one individual, by a functional property)" if len(self.individuals) > 1 else ""
        return (f"{who}{merged} is both a {short(self.classes[0])} and a {short(self.classes[1])}, "
                f"which are disjoint classes.")


class _Schema:
    """The T-box pieces the search follows, read from the view."""

    def __init__(self, view: Graph) -> None:
        self.view = view
        self.super: dict = defaultdict(set)
        for sub, sup in view.subject_objects(RDFS.subClassOf):
            if isinstance(sup, URIRef):
                self.super[sub].add(sup)
        self.superprop: dict = defaultdict(set)
        for sub, sup in view.subject_objects(RDFS.subPropertyOf):
            self.superprop[sub].add(sup)
        object_props = set(view.subjects(RDF.type, OWL.ObjectProperty))
        self.domain = {p: set(o for o in view.objects(p, RDFS.domain) if isinstance(o, URIRef)) for p in object_props}
        self.range = {p: set(o for o in view.objects(p, RDFS.range) if isinstance(o, URIRef)) for p in object_props}
        self.object_props = object_props
        self.functional = set(view.subjects(RDF.type, OWL.FunctionalProperty))
        self.disjoint: dict[frozenset, str] = {}
        for a, b in view.subject_objects(OWL.disjointWith):
            self.disjoint[frozenset((a, b))] = f"DisjointClasses({short(a)} {short(b)})"
        for axiom in view.subjects(RDF.type, OWL.AllDisjointClasses):
            for members in view.objects(axiom, OWL.members):
                names = [m for m in Collection(view, members)]
                text = f"DisjointClasses({' '.join(short(m) for m in names)})"
                for a, b in combinations(names, 2):
                    self.disjoint[frozenset((a, b))] = text

    def property_ancestors(self, prop) -> dict:
        """Each super property of ``prop`` (itself included) with the SubObjectPropertyOf axioms leading to it."""
        found = {prop: ()}
        frontier = [prop]
        while frontier:
            current = frontier.pop()
            for sup in self.superprop.get(current, ()):
                if sup not in found:
                    found[sup] = found[current] + (f"SubObjectPropertyOf({short(current)} {short(sup)})",)
                    frontier.append(sup)
        return found


def _types(view: Graph, schema: _Schema) -> dict:
    """For each individual, each class it belongs to with the axioms that show it (shortest found first)."""
    why: dict = defaultdict(dict)

    def note(individual, cls, axioms: tuple) -> None:
        if isinstance(individual, Literal) or isinstance(cls, BNode):
            return
        if cls not in why[individual] or len(axioms) < len(why[individual][cls]):
            why[individual][cls] = axioms

    for individual, cls in view.subject_objects(RDF.type):
        if not str(cls).startswith(str(OWL)) and cls != RDFS.Datatype:
            note(individual, cls, (f"ClassAssertion({short(cls)} {short(individual)})",))
    for subject, prop, obj in view:
        if prop not in schema.object_props or isinstance(obj, Literal):
            continue
        assertion = f"ObjectPropertyAssertion({short(prop)} {short(subject)} {short(obj)})"
        for ancestor, path in schema.property_ancestors(prop).items():
            for cls in schema.domain.get(ancestor, ()):
                note(subject, cls, (assertion, *path, f"ObjectPropertyDomain({short(ancestor)} {short(cls)})"))
            for cls in schema.range.get(ancestor, ()):
                note(obj, cls, (assertion, *path, f"ObjectPropertyRange({short(ancestor)} {short(cls)})"))
    for individual, classes in why.items():
        frontier = list(classes)
        while frontier:
            cls = frontier.pop()
            for sup in schema.super.get(cls, ()):
                axioms = classes[cls] + (f"SubClassOf({short(cls)} {short(sup)})",)
                if sup not in classes or len(axioms) < len(classes[sup]):
                    classes[sup] = axioms
                    frontier.append(sup)
    return why


def _clash_in(individuals: tuple, classes: dict, schema: _Schema, extra: tuple = ()) -> list[Clash]:
    clashes = []
    for a, b in combinations(sorted(classes, key=str), 2):
        axiom = schema.disjoint.get(frozenset((a, b)))
        if axiom:
            axioms = tuple(dict.fromkeys(extra + classes[a] + classes[b] + (axiom,)))
            clashes.append(Clash(tuple(str(i) for i in individuals), (str(a), str(b)), axioms))
    return clashes


def find_clashes(view: Graph, limit: int = 20) -> list[Clash]:
    """Individuals in two disjoint classes (directly, or merged through a functional property), with their axioms."""
    schema = _Schema(view)
    why = _types(view, schema)
    clashes: list[Clash] = []
    for individual in sorted(why, key=str):
        clashes.extend(_clash_in((individual,), why[individual], schema))
    for prop in schema.functional:
        for subject in set(view.subjects(prop, None)):
            values = sorted(set(view.objects(subject, prop)), key=str)
            if len(values) < 2:
                continue
            merged: dict = {}
            for value in values:
                for cls, axioms in why.get(value, {}).items():
                    merged.setdefault(cls, axioms)
            extra = (f"FunctionalObjectProperty({short(prop)})",) + tuple(
                f"ObjectPropertyAssertion({short(prop)} {short(subject)} {short(v)})" for v in values
            )
            own = {frozenset((c1, c2)) for v in values for c1 in why.get(v, {}) for c2 in why.get(v, {})}
            for clash in _clash_in(tuple(values), merged, schema, extra):
                if frozenset(clash.classes) not in {frozenset(map(str, pair)) for pair in own}:
                    clashes.append(clash)
    return clashes[:limit]
