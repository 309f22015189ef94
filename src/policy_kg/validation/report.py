"""The validation report: results in Vietnamese and English, as JSON, text, HTML or the standard sh:ValidationReport.

SHACL 1.0 §3.6 defines the report graph; ``Report.graph()`` is that graph (restricted to the submission's focus
nodes, plus ownership refusals). Each result carries its messages in both languages, its severity, and for the
task shapes the "6 rõ" clarity it belongs to (``dct:identifier`` of the property shape).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

LANGS = ("vi", "en")
PKSH = Namespace("https://w3id.org/policy-kg/shapes#")
OWNERSHIP = PKSH.OwnershipConstraintComponent
SEVERITY_NAMES = {"Violation": {"vi": "Vi phạm", "en": "Violation"}, "Warning": {"vi": "Cảnh báo", "en": "Warning"},
                  "Info": {"vi": "Thông tin", "en": "Info"}}


@dataclass
class Result:
    """One validation result, in both languages."""

    focus: str
    severity: str
    messages: dict[str, str]
    path: str | None = None
    value: str | None = None
    source_shape: str | None = None
    component: str | None = None
    clarity: str | None = None
    clarity_name: dict[str, str] = field(default_factory=dict)
    focus_labels: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str) -> str | None:
        return self.focus_labels.get(lang) or next(iter(self.focus_labels.values()), None)

    def message(self, lang: str) -> str:
        return self.messages.get(lang) or next(iter(self.messages.values()), "")


@dataclass
class Report:
    """A submission's validation outcome: ``conforms`` is False when any result is a sh:Violation."""

    results: list[Result]
    triples: int = 0
    engine: str = ""

    @property
    def conforms(self) -> bool:
        return not any(result.severity == "Violation" for result in self.results)

    def by_severity(self, severity: str) -> list[Result]:
        return [result for result in self.results if result.severity == severity]

    def clarities_missing(self) -> dict[str, set[str]]:
        """Focus node → the identifiers of the "6 rõ" clarities it fails."""
        missing: dict[str, set[str]] = defaultdict(set)
        for result in self.results:
            if result.clarity and result.clarity.startswith("ro-"):
                missing[result.focus].add(result.clarity)
        return dict(missing)

    def summary(self) -> dict:
        return {
            "conforms": self.conforms,
            "triples": self.triples,
            "violations": len(self.by_severity("Violation")),
            "warnings": len(self.by_severity("Warning")),
            "infos": len(self.by_severity("Info")),
            "focus_nodes": len({result.focus for result in self.results}),
            "refused": sum(1 for result in self.results if result.component == str(OWNERSHIP)),
            "engine": self.engine,
        }

    def to_json(self, lang: str = "vi") -> dict:
        return {
            "conforms": self.conforms,
            "summary": self.summary(),
            "results": [dict(asdict(result), message=result.message(lang)) for result in self.results],
        }

    def grouped(self) -> dict[str, list[Result]]:
        groups: dict[str, list[Result]] = defaultdict(list)
        for result in self.results:
            groups[result.focus].append(result)
        return dict(groups)

    def text(self, lang: str = "vi") -> str:
        """A readable list grouped by focus node, messages in ``lang``."""
        heading = {"vi": ("Phù hợp", "Không phù hợp", "vi phạm", "cảnh báo", "bộ ba"),
                   "en": ("Conforms", "Does not conform", "violations", "warnings", "triples")}[lang]
        summary = self.summary()
        lines = [f"{heading[0] if self.conforms else heading[1]}: {summary['violations']} {heading[2]}, "
                 f"{summary['warnings']} {heading[3]} ({self.triples} {heading[4]})"]
        for focus, results in self.grouped().items():
            label = results[0].label(lang)
            lines.append("")
            lines.append(f"{focus}" + (f"  ({label})" if label else ""))
            for result in results:
                where = f" [{result.path}]" if result.path else ""
                value = f" = {result.value}" if result.value else ""
                lines.append(f"  - {SEVERITY_NAMES[result.severity][lang]}{where}{value}: {result.message(lang)}")
        return "\n".join(lines) + "\n"

    def graph(self) -> Graph:
        """The standard ``sh:ValidationReport`` (SHACL 1.0 §3.6), messages in both languages."""
        graph = Graph()
        graph.bind("sh", SH)
        graph.bind("pksh", PKSH)
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms)))
        for result in self.results:
            node = BNode()
            graph.add((report, SH.result, node))
            graph.add((node, RDF.type, SH.ValidationResult))
            graph.add((node, SH.focusNode, _term(result.focus)))
            graph.add((node, SH.resultSeverity, SH[result.severity]))
            if result.component:
                graph.add((node, SH.sourceConstraintComponent, URIRef(result.component)))
            if result.source_shape and not result.source_shape.startswith("_:"):
                graph.add((node, SH.sourceShape, URIRef(result.source_shape)))
            if result.path and result.path.startswith(("http://", "https://")):
                graph.add((node, SH.resultPath, URIRef(result.path)))
            if result.value is not None:
                graph.add((node, SH.value, _term(result.value)))
            for lang, message in result.messages.items():
                graph.add((node, SH.resultMessage, Literal(message, lang=lang)))
            if result.clarity:
                graph.add((node, DCTERMS.identifier, Literal(result.clarity)))
        return graph


def _term(text: str) -> Node:
    if text.startswith("_:"):
        return BNode(text[2:])
    if text.startswith(("http://", "https://", "urn:", "file:")):
        return URIRef(text)
    return Literal(text)


def _labels(graph: Graph, node: Node) -> dict[str, str]:
    labels: dict[str, str] = {}
    for label in list(graph.objects(node, SKOS.prefLabel)) + list(graph.objects(node, RDFS.label)):
        labels.setdefault(getattr(label, "language", None) or "", str(label))
    return {lang: text for lang, text in labels.items() if lang in LANGS} or ({"vi": labels[""]} if "" in labels else {})


def _node_text(node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def _path_text(graph: Graph, path: Node | None) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{inverse}"
    return "(complex path)"


def _clarity(shapes: Graph, shape: Node | None) -> tuple[str | None, dict[str, str]]:
    if shape is None:
        return None, {}
    identifier = shapes.value(shape, DCTERMS.identifier)
    names = {name.language: str(name) for name in shapes.objects(shape, SH.name) if getattr(name, "language", None)}
    return (str(identifier) if identifier is not None else None), names


def _template_language(shapes: Graph, constraint: Node | None, text: str) -> str | None:
    """The language of an untagged message: both engines drop the tag when they fill in ``{?var}``
    (SHACL 1.0 §5.3.2 keeps it), so match the text against the constraint's tagged templates."""
    if constraint is None:
        return None
    for template in shapes.objects(constraint, SH.message):
        pattern = "".join(".*" if part.startswith("{") else re.escape(part)
                          for part in re.split(r"(\{[?$][A-Za-z_][A-Za-z0-9_]*\})", str(template)))
        if getattr(template, "language", None) in LANGS and re.fullmatch(pattern, text, re.DOTALL):
            return template.language
    return None


def _messages(report: Graph, shapes: Graph, node: Node, component: Node | None) -> dict[str, str]:
    messages: dict[str, str] = {}
    for literal in report.objects(node, SH.resultMessage):
        lang = getattr(literal, "language", None) or _template_language(
            shapes, report.value(node, SH.sourceConstraint), str(literal))
        if lang in LANGS:
            messages[lang] = str(literal)
    if len(messages) < len(LANGS):
        name = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent") if component else "SHACL"
        messages.setdefault("vi", f"Không thỏa ràng buộc {name}.")
        messages.setdefault("en", f"The {name} constraint is not met.")
    return messages


def from_report_graph(report: Graph, shapes: Graph, data: Graph, keep: set[Node] | None) -> list[Result]:
    """Turn an engine's report graph into Results, keeping only focus nodes in ``keep`` (None keeps all)."""
    results: list[Result] = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(node, SH.focusNode)
        if keep is not None and focus not in keep:
            continue
        shape = report.value(node, SH.sourceShape)
        component = report.value(node, SH.sourceConstraintComponent)
        severity = report.value(node, SH.resultSeverity)
        value = report.value(node, SH.value)
        clarity, names = _clarity(shapes, shape)
        results.append(Result(
            focus=_node_text(focus) or "",
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            messages=_messages(report, shapes, node, component),
            path=_path_text(report, report.value(node, SH.resultPath)),
            value=str(value) if value is not None and not isinstance(value, BNode) else _node_text(value),
            source_shape=_node_text(shape),
            component=_node_text(component),
            clarity=clarity,
            clarity_name=names,
            focus_labels=_labels(data, focus) if focus is not None else {},
        ))
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    results.sort(key=lambda r: (r.focus, order.get(r.severity, 3), r.clarity or "~", r.path or "", r.value or ""))
    return results


__all__ = ["LANGS", "OWNERSHIP", "PKSH", "Report", "Result", "XSD", "from_report_graph"]
