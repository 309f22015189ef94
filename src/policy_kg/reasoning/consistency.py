"""The consistency gate: the whole graph offline (``policy-kg check``) and one submission with its neighbourhood.

What is checked: the ontology graphs (``graph/ontology/*``: core and alignments), the curated data
(``graph/data/*``, including the linksets), files loaded with ``policy-kg load`` (``graph/file/*``) and every
accepted submission (``graph/submission/*``); never the shapes or the materialised inferences
(``graph/inferred``, which are entailed anyway). They go through the OWL 2 DL view (``view.py``) to HermiT
(``hermit.py``); an inconsistency is explained by ``explain.py``.

HermiT's cost grows fast with the number of individuals (1.3 s for 374, 21.9 s for 2,818, unfinished after 300 s
for 11,000), so a submission is checked with its *neighbourhood* only (``neighbourhood_query``): the ontology,
the submission, the stored description (outgoing triples) of every resource the submission names and of every
resource one edge away from those, and the incoming edges of the named resources. What that can miss: a clash
that needs a fact two or more edges away from what the submission names (for example a type implied by a range
axiom on an edge into a neighbour from elsewhere, or a chain through ``owl:sameAs``); ``policy-kg check`` on the
whole graph catches those offline.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..formats import RDF_FORMATS, by_name
from ..store import Backend, QueryRequest
from .explain import Clash, find_clashes
from .graphs import SOURCE_KINDS, ontology_graphs, source_graphs
from .hermit import run_hermit
from .view import ViewNotes, build_view, short

NTRIPLES = by_name("ntriples", RDF_FORMATS)
NEIGHBOURHOOD_BATCH = 400


@dataclass
class Report:
    """The outcome of a check, printable (``text()``) and serialisable (``as_dict()``) in Vietnamese and English."""

    consistent: bool
    scope_vi: str
    scope_en: str
    triples: int
    individuals: int
    seconds: float
    unsatisfiable: tuple[str, ...] = ()
    clashes: list[Clash] = field(default_factory=list)
    notes: ViewNotes = field(default_factory=ViewNotes)

    def text(self) -> str:
        lines = [f"{self.scope_vi} / {self.scope_en}: {self.triples} triples, {self.individuals} individuals; "
                 f"HermiT {self.seconds:.1f} s"]
        if self.consistent:
            lines.append("NHẤT QUÁN: HermiT không tìm thấy mâu thuẫn. / CONSISTENT: HermiT found no contradiction.")
        elif self.unsatisfiable:
            lines.append("KHÔNG NHẤT QUÁN: có lớp không thể có thành viên. / INCONSISTENT: some classes cannot have members.")
            lines += [f"  - lớp không thỏa mãn được / unsatisfiable class: {short(c)}" for c in self.unsatisfiable]
        else:
            lines.append("KHÔNG NHẤT QUÁN: HermiT tìm thấy mâu thuẫn. / INCONSISTENT: HermiT found a contradiction.")
        for clash in self.clashes:
            lines.append(f"  - {clash.sentence_vi()}")
            lines.append(f"    {clash.sentence_en()}")
            lines.append("    Tiên đề liên quan / axioms involved:")
            lines += [f"      {axiom}" for axiom in clash.axioms]
        if not self.consistent and not self.clashes and not self.unsatisfiable:
            lines.append("  Không tìm được cặp lớp rời nhau gây ra mâu thuẫn; hãy xem các tiên đề khác (hạn chế số lượng, "
                         "thuộc tính bất đối xứng...). / No pair of disjoint classes explains it; look at other axioms "
                         "(cardinalities, property characteristics ...).")
        if self.notes.lines():
            lines.append("Khung nhìn OWL 2 DL cho HermiT / OWL 2 DL view given to HermiT (the stored data is unchanged):")
            for vi, en in self.notes.lines():
                lines.append(f"  - {vi} / {en}")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {
            "consistent": self.consistent,
            "scope": {"vi": self.scope_vi, "en": self.scope_en},
            "triples": self.triples,
            "individuals": self.individuals,
            "seconds": round(self.seconds, 3),
            "unsatisfiable": list(self.unsatisfiable),
            "clashes": [
                {"individuals": list(c.individuals), "classes": list(c.classes), "axioms": list(c.axioms),
                 "message": {"vi": c.sentence_vi(), "en": c.sentence_en()}}
                for c in self.clashes
            ],
            "view": [{"vi": vi, "en": en} for vi, en in self.notes.lines()],
        }


def _export(backend: Backend, graphs: list[str]) -> Graph:
    merged = Graph()
    for name in graphs:
        merged.parse(data=backend.serialize_graph(name, NTRIPLES), format="nt")
    return merged


def _individuals(graph: Graph) -> int:
    schema_types = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.Ontology,
                    RDFS.Datatype, OWL.AllDisjointClasses, OWL.Axiom, OWL.TransitiveProperty, OWL.FunctionalProperty}
    return len({s for s, o in graph.subject_objects(RDF.type) if o not in schema_types and isinstance(s, URIRef)})


def check_graph(graph: Graph, scope_vi: str, scope_en: str) -> Report:
    """Run the gate on an rdflib graph that already holds ontology plus data."""
    view, notes = build_view(graph)
    result = run_hermit(view)
    clashes = [] if result.consistent else find_clashes(view)
    return Report(
        consistent=result.consistent and not result.unsatisfiable,
        scope_vi=scope_vi, scope_en=scope_en,
        triples=len(graph), individuals=_individuals(graph), seconds=result.seconds,
        unsatisfiable=result.unsatisfiable, clashes=clashes, notes=notes,
    )


def check_store(backend: Backend) -> Report:
    """The whole graph under HermiT: ontology, curated data, loaded files and every accepted submission."""
    return check_graph(_export(backend, source_graphs(backend)), "toàn bộ đồ thị", "whole graph")


def _iri(term) -> str:
    return "<" + str(term).replace("\\", "\\\\").replace(">", "\\>") + ">"


def _graph_filter() -> str:
    return " || ".join(f'CONTAINS(STR(?g), "{kind}")' for kind in SOURCE_KINDS if kind != "/graph/ontology/")


def _construct(backend: Backend, resources: list, pattern: str) -> Graph:
    found = Graph()
    for start in range(0, len(resources), NEIGHBOURHOOD_BATCH):
        values = " ".join(_iri(r) for r in resources[start:start + NEIGHBOURHOOD_BATCH])
        sparql = (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?r {{ {values} }} "
                  f"GRAPH ?g {{ {pattern} }} FILTER({_graph_filter()}) }}")
        result = backend.query(QueryRequest(sparql, graph_format=NTRIPLES, max_rows=10**9))
        found.parse(data=result.body, format="nt")
    return found


def neighbourhood(backend: Backend, submission: Graph) -> Graph:
    """The stored triples a submission is checked against (see the module docstring for how far they reach)."""
    schema_terms = set(submission.predicates()) | set(submission.objects(None, RDF.type))
    named = sorted({t for t in set(submission.subjects()) | set(submission.objects())
                    if isinstance(t, URIRef) and t not in schema_terms}, key=str)
    found = _construct(backend, named, "{ ?r ?p ?o BIND(?r AS ?s) } UNION { ?s ?p ?r BIND(?r AS ?o) }")
    known = set(named)
    adjacent = sorted({t for triple in found for t in (triple[0], triple[2]) if isinstance(t, URIRef) and t not in known}
                      - set(found.objects(None, RDF.type)) - set(found.predicates()), key=str)
    found += _construct(backend, adjacent, "?r ?p ?o BIND(?r AS ?s)")
    return found


def check_submission(backend: Backend, submission_graph: Graph) -> Report:
    """Would accepting ``submission_graph`` keep the graph consistent? Checked on its neighbourhood plus the ontology.

    The submissions endpoint refuses the submission when ``report.consistent`` is false and shows
    ``report.as_dict()`` (explanations in vi and en).
    """
    started = time.perf_counter()
    graph = _export(backend, ontology_graphs(backend))
    graph += neighbourhood(backend, submission_graph)
    graph += submission_graph
    report = check_graph(graph, "bài gửi và vùng lân cận", "submission and its neighbourhood")
    report.seconds = time.perf_counter() - started
    return report
