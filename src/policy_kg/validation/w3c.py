"""Running the W3C SHACL Core test suite (manifest-driven) through the project's engines.

Each ``sht:Validate`` entry names a data graph and a shapes graph (SHACL test suite, "Validate" tests) and an
expected ``sh:ValidationReport``; a run passes when ``sh:conforms`` matches and the reports are isomorphic after
both are reduced to the compared terms: focus node, path (with its structure), value, severity, source shape and
constraint component. Messages are not compared (the suite leaves their wording to implementations).
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")

COMPARED = (SH.focusNode, SH.resultPath, SH.value, SH.resultSeverity, SH.sourceShape, SH.sourceConstraintComponent)


@dataclass(frozen=True)
class SuiteCase:
    name: str
    file: Path
    data_graph: Graph
    shapes_graph: Graph
    expected: Graph
    expected_conforms: bool


def _load(path: Path) -> Graph:
    """Parse a suite file; some hold ill-typed literals on purpose, which rdflib warns about."""
    graph = Graph()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        previous = logging.getLogger("rdflib.term").level
        logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
        try:
            graph.parse(path, format="turtle", publicID=path.resolve().as_uri())
        finally:
            logging.getLogger("rdflib.term").setLevel(previous)
    return graph


def manifest_files(root: Path) -> list[Path]:
    """Every test file reachable from ``root/manifest.ttl`` through ``mf:include``, in order."""
    files: list[Path] = []
    pending = [root / "manifest.ttl"]
    while pending:
        path = pending.pop(0)
        graph = _load(path)
        for include in graph.objects(None, MF.include):
            pending.append(Path(include.removeprefix("file://")))
        for entries in graph.objects(None, MF.entries):
            for entry in Collection(graph, entries):
                target = Path(str(entry).removeprefix("file://"))
                files.append(target if target.suffix == ".ttl" else path)
    return sorted(set(files), key=files.index)


def _copy_closure(source: Graph, node, target: Graph):
    """A fresh copy of blank node ``node`` and what it describes (a path's structure, a list); IRIs as they are.

    Each result gets its own copy, so reports that share one path node and reports that repeat it compare equal.
    """
    if not isinstance(node, BNode):
        return node
    copy = BNode()
    for predicate, obj in source.predicate_objects(node):
        target.add((copy, predicate, _copy_closure(source, obj, target)))
    return copy


def reduced_report(report: Graph) -> Graph:
    """The compared part of a report: sh:conforms and, per result, the COMPARED terms (paths in full)."""
    reduced = Graph()
    for node in report.subjects(RDF.type, SH.ValidationReport):
        reduced.add((BNode("report"), RDF.type, SH.ValidationReport))
        for conforms in report.objects(node, SH.conforms):
            reduced.add((BNode("report"), SH.conforms, conforms))
        for result in report.objects(node, SH.result):
            reduced.add((BNode("report"), SH.result, result))
            reduced.add((result, RDF.type, SH.ValidationResult))
            for predicate in COMPARED:
                for obj in report.objects(result, predicate):
                    if predicate == SH.resultPath:
                        obj = _copy_closure(report, obj, reduced)
                    reduced.add((result, predicate, obj))
    return reduced


def suite_cases(root: Path) -> list[SuiteCase]:
    cases: list[SuiteCase] = []
    for path in manifest_files(root):
        graph = _load(path)
        for entry in graph.subjects(RDF.type, SHT.Validate):
            action = graph.value(entry, MF.action)
            result = graph.value(entry, MF.result)
            data_iri = graph.value(action, SHT.dataGraph)
            shapes_iri = graph.value(action, SHT.shapesGraph)
            base = path.resolve().as_uri()
            data = graph if str(data_iri) == base else _load(Path(str(data_iri).removeprefix("file://")))
            shapes = graph if str(shapes_iri) == base else _load(Path(str(shapes_iri).removeprefix("file://")))
            expected = Graph()
            _copy_report(graph, result, expected)
            conforms = bool(graph.value(result, SH.conforms).toPython())
            name = f"{path.parent.name}/{path.stem}"
            cases.append(SuiteCase(name, path, data, shapes, expected, conforms))
    return cases


def _copy_report(source: Graph, node, target: Graph) -> None:
    for predicate, obj in source.predicate_objects(node):
        target.add((node, predicate, obj))
        if isinstance(obj, BNode):
            _copy_report(source, obj, target)


def compare(case: SuiteCase, conforms: bool, report: Graph) -> str | None:
    """None when the run matches the expected report, else a one-line reason."""
    if conforms != case.expected_conforms:
        return f"conforms {conforms}, expected {case.expected_conforms}"
    if not isomorphic(reduced_report(report), reduced_report(case.expected)):
        got = len(set(report.objects(None, SH.result)))
        want = len(set(case.expected.objects(None, SH.result)))
        return f"the reports differ ({got} results, expected {want})"
    return None


__all__ = ["SuiteCase", "compare", "manifest_files", "reduced_report", "suite_cases", "URIRef"]
