"""The shapes themselves, and the bundled data checked against them (issue "Shapes (shapes/)").

The bundled tasks honestly lack lead agencies, deadlines, deliverables, coordinating and approving agencies:
the expected "6 rõ" results are computed independently by SPARQL over the store, and the report must name
exactly those, per task and clarity; likewise targets without a year and goals without a document.
"""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS, SH

from policy_kg.bundle import bundle_path
from policy_kg.validation import validate
from policy_kg.validation.engine import turbo_available
from policy_kg.validation.shapes import shapes_graph

POL = "https://w3id.org/policy-kg/ontology#"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
CLARITY_PROPERTY = {"ro-nguoi": "leadAgency", "ro-thoi-gian": "deadline", "ro-trach-nhiem": "coordinatingAgency",
                    "ro-tham-quyen": "approvingAuthority", "ro-san-pham": "deliverable"}
CONSTRAINT_PARAMETERS = (SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.pattern, SH["in"], SH.hasValue,
                         SH.qualifiedValueShape, SH.disjoint, SH["or"], SH["not"], SH.nodeKind, SH.minInclusive,
                         SH.sparql, SH.node)


@pytest.fixture(scope="module")
def bundled(kg) -> Graph:
    graph = Graph()
    for path in sorted(bundle_path("data").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def report(kg, bundled):
    return validate(bundled, kg, "vi")


def _without(kg, cls: str, prop: str) -> set[str]:
    rows = kg.backend.select(f"SELECT ?s WHERE {{ ?s a <{POL}{cls}> FILTER NOT EXISTS {{ ?s <{POL}{prop}> ?o }} }}")
    return {row["s"] for row in rows}


def test_every_constraint_has_messages_in_vietnamese_and_english():
    shapes = shapes_graph()
    constrained = []
    for shape in set(shapes.subjects(SH.targetClass, None)):
        if any(shapes.value(shape, parameter) is not None for parameter in CONSTRAINT_PARAMETERS if parameter != SH.sparql):
            constrained.append(shape)
        constrained.extend(shapes.objects(shape, SH.property))
        constrained.extend(shapes.objects(shape, SH.sparql))
    for shape in constrained:
        assert {m.language for m in shapes.objects(shape, SH.message)} == {"vi", "en"}, shape
    assert len(constrained) > 50


def test_six_clarities_have_one_shape_each():
    shapes = shapes_graph()
    identifiers = sorted(str(i) for _, i in shapes.subject_objects(DCTERMS.identifier) if str(i).startswith("ro-"))
    assert identifiers == ["ro-nguoi", "ro-san-pham", "ro-tham-quyen", "ro-thoi-gian", "ro-trach-nhiem", "ro-viec"]


def test_shapes_are_loaded_into_their_own_graphs(kg):
    graphs = [g for g in kg.backend.named_graphs() if g.startswith("https://w3id.org/policy-kg/graph/shapes/")]
    stems = sorted(p.stem for p in bundle_path("shapes").glob("*.ttl"))
    assert sorted(g.rsplit("/", 1)[1] for g in graphs) == stems


def test_bundled_tasks_miss_exactly_the_clarities_no_source_names(kg, report):
    tasks = {row["s"] for row in kg.backend.select(f"SELECT ?s WHERE {{ ?s a <{POL}Task> }}")}
    assert tasks
    expected: dict[str, set[str]] = {}
    for clarity, prop in CLARITY_PROPERTY.items():
        for task in _without(kg, "Task", prop):
            expected.setdefault(task, set()).add(clarity)
    assert report.clarities_missing() == expected
    assert set(expected) == tasks - {t for t in tasks if not expected.get(t)}


def test_bundled_report_names_targets_without_year_and_goals_without_document(kg, report):
    no_year = _without(kg, "Target", "targetYear")
    flagged = {r.focus for r in report.results if r.path == POL + "targetYear"}
    assert flagged == no_year
    orphan_goals = _without(kg, "Goal", "goalOf")
    assert {r.focus for r in report.results if r.path == POL + "goalOf"} == orphan_goals


def test_bundled_report_has_nothing_else(kg, report):
    explained = {POL + p for p in ("leadAgency", "deadline", "coordinatingAgency", "approvingAuthority",
                                   "deliverable", "targetYear", "goalOf")} | {PROV_DERIVED}
    undated_programmes = {row["s"] for row in kg.backend.select(
        f"SELECT ?s WHERE {{ ?s a <{POL}ActionProgramme> FILTER NOT EXISTS "
        "{ ?s <http://data.europa.eu/eli/ontology#date_document> ?d } }")}
    rest = [r for r in report.results if r.path not in explained]
    assert {(r.focus, r.severity) for r in rest} == {(p, "Warning") for p in undated_programmes}
    assert not report.conforms


def test_bundled_report_names_resources_without_provenance(kg, report):
    classes = " ".join(f"<{POL}{c}>" for c in ("PolicyDocument", "Goal", "Target", "Indicator", "Task", "Agency",
                                                "Principle", "Meeting", "Claim", "DocumentGroup", "AdministrativeArea"))
    classes += (" <http://xmlns.com/foaf/0.1/Person> <http://www.w3.org/ns/org#Post>"
                " <http://www.w3.org/2004/02/skos/core#Concept> <http://www.w3.org/2004/02/skos/core#ConceptScheme>")
    rows = kg.backend.select(
        f"SELECT DISTINCT ?s WHERE {{ VALUES ?c {{ {classes} }} ?s a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?c "
        f"FILTER NOT EXISTS {{ ?s <{PROV_DERIVED}> ?src }} FILTER (!STRSTARTS(STR(?s), \"{POL}\")) }}")
    expected = {row["s"] for row in rows}
    assert {r.focus for r in report.results if r.path == PROV_DERIVED} == expected


@pytest.mark.skipif(not turbo_available(), reason="pyshacl-turbo is not installed")
def test_both_engines_give_the_same_results_on_the_bundled_data(kg, bundled, report):
    other = validate(bundled, kg, "vi", engine="pyshacl" if report.engine == "pyshacl-turbo" else "turbo")
    key = lambda r: (r.focus, r.path, r.value, r.severity, r.source_shape, r.component)  # noqa: E731
    assert sorted(map(key, other.results)) == sorted(map(key, report.results))
