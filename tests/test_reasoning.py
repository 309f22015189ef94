"""The HermiT gate: clean bundled data passes, injected contradictions are caught and explained (vi and en).

Each HermiT run takes about a second (a JVM start plus reasoning), so these are marked slow.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, XSD

from policy_kg.cli import main
from policy_kg.errors import StoreError
from policy_kg.reasoning.consistency import check_submission, neighbourhood
from policy_kg.reasoning.hermit import run_hermit
from policy_kg.reasoning.view import build_view

BASE = "https://w3id.org/policy-kg/"
POL = "https://w3id.org/policy-kg/ontology#"

BOTH_TYPES = f"""
@prefix pol: <{POL}> .
<{BASE}eli/vn/bct/nq/xiii/72> a pol:ActionProgramme .
"""

PERSON_LEADS = f"""
@prefix pol: <{POL}> .
<{BASE}id/task/test-person-leads> a pol:Task ;
    pol:taskOf <{BASE}eli/vn-hn/tu/ctr/xviii/06> ;
    pol:leadAgency <{BASE}id/person/to-lam> .
"""

CLEAN = f"""
@prefix pol: <{POL}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{BASE}id/task/test-clean> a pol:Task ;
    pol:taskOf <{BASE}eli/vn-hn/tu/ctr/xviii/06> ;
    pol:leadAgency <{BASE}id/agency/so-y-te-ha-noi> ;
    pol:deadline "2027-12-31"^^xsd:date ;
    pol:deliverable "Đề án"@vi .
"""


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow
def test_clean_bundled_data_is_consistent(runner):
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert "CONSISTENT" in result.output and "NHẤT QUÁN" in result.output
    assert "xsd:gYear" in result.output  # the report says what the view left out


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "axioms"),
    [
        (BOTH_TYPES, ["ClassAssertion(pol:ActionProgramme", "ClassAssertion(pol:Resolution",
                      "DisjointClasses(pol:Resolution pol:ActionProgramme"]),
        (PERSON_LEADS, ["ClassAssertion(foaf:Person <https://w3id.org/policy-kg/id/person/to-lam>)",
                        "ObjectPropertyRange(pol:leadAgency pol:Agency)", "DisjointClasses(pol:Agency foaf:Person)"]),
    ],
    ids=["resolution-and-programme", "person-as-lead-agency"],
)
def test_injected_contradiction_fails_the_check(runner, tmp_path, text, axioms):
    assert runner.invoke(main, ["load", str(_write(tmp_path, "bad.ttl", text))]).exit_code == 0
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1, result.output
    assert "INCONSISTENT" in result.output and "KHÔNG NHẤT QUÁN" in result.output
    assert "rời nhau" in result.output and "disjoint classes" in result.output
    for axiom in axioms:
        assert axiom in result.output


@pytest.mark.slow
def test_submission_gate_refuses_a_person_as_lead_agency(kg):
    report = check_submission(kg.backend, Graph().parse(data=PERSON_LEADS, format="turtle"))
    assert not report.consistent
    payload = report.as_dict()
    clash = payload["clashes"][0]
    assert clash["individuals"] == [f"{BASE}id/person/to-lam"]
    assert set(clash["classes"]) == {f"{POL}Agency", "http://xmlns.com/foaf/0.1/Person"}
    assert "ObjectPropertyRange(pol:leadAgency pol:Agency)" in clash["axioms"]
    assert clash["message"]["vi"] and clash["message"]["en"]


@pytest.mark.slow
def test_submission_gate_refuses_a_second_document_type(kg):
    report = check_submission(kg.backend, Graph().parse(data=BOTH_TYPES, format="turtle"))
    assert not report.consistent
    assert any("DisjointClasses(pol:Resolution pol:ActionProgramme" in a for c in report.clashes for a in c.axioms)


@pytest.mark.slow
def test_submission_gate_accepts_a_clean_task_with_dates_and_language_tags(kg):
    report = check_submission(kg.backend, Graph().parse(data=CLEAN, format="turtle"))
    assert report.consistent, report.text()
    assert report.notes.literals_left_out[str(XSD.date)] == 1


@pytest.mark.slow
def test_functional_lead_agency_merges_a_party_organ_and_a_state_agency(kg):
    two_leads = f"""
    @prefix pol: <{POL}> .
    <{BASE}id/task/test-two-leads> a pol:Task ;
        pol:leadAgency <{BASE}id/agency/bo-chinh-tri> , <{BASE}id/agency/so-y-te-ha-noi> .
    """
    report = check_submission(kg.backend, Graph().parse(data=two_leads, format="turtle"))
    assert not report.consistent
    axioms = [a for c in report.clashes for a in c.axioms]
    assert "FunctionalObjectProperty(pol:leadAgency)" in axioms


@pytest.mark.slow
def test_hermit_rejects_the_raw_datatypes_that_the_view_leaves_out():
    """Why the view exists: a data assertion typed xsd:date stops HermiT, the view of the same graph does not."""
    raw = Graph()
    prop = URIRef(POL + "deadline")
    raw.add((prop, RDF.type, OWL.DatatypeProperty))
    raw.add((URIRef(BASE + "id/task/t"), prop, Literal("2027-01-01", datatype=XSD.date)))
    with pytest.raises(StoreError):
        run_hermit(raw)
    view, notes = build_view(raw)
    assert run_hermit(view).consistent
    assert notes.literals_left_out[str(XSD.date)] == 1


def test_view_declares_undeclared_properties_and_drops_claim_reification():
    source = Graph().parse(data=f"""
        @prefix pol: <{POL}> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        <{BASE}id/claim/c> a pol:Claim ; rdf:subject <{BASE}id/task/t> ; skos:note "n"@en .
        <{BASE}ontology> owl:imports <{BASE}ontology/other> .
    """, format="turtle")
    view, notes = build_view(source)
    skos_note = URIRef("http://www.w3.org/2004/02/skos/core#note")
    assert (skos_note, RDF.type, OWL.AnnotationProperty) in view
    assert (URIRef(POL + "Claim"), RDF.type, OWL.Class) in view
    assert not list(view.triples((None, RDF.subject, None)))
    assert not list(view.triples((None, OWL.imports, None)))
    assert notes.reserved_left_out[str(RDF.subject)] == 1


def test_neighbourhood_reaches_the_named_resources_and_their_neighbours(kg):
    found = neighbourhood(kg.backend, Graph().parse(data=PERSON_LEADS, format="turtle"))
    person = URIRef(f"{BASE}id/person/to-lam")
    programme = URIRef(f"{BASE}eli/vn-hn/tu/ctr/xviii/06")
    assert (person, RDF.type, URIRef("http://xmlns.com/foaf/0.1/Person")) in found
    assert (programme, RDF.type, URIRef(POL + "ActionProgramme")) in found
    # one edge further: the resolution the programme implements is described too
    assert (URIRef(f"{BASE}eli/vn/bct/nq/xiii/72"), RDF.type, URIRef(POL + "Resolution")) in found
