"""The ontology: it parses, every term is bilingual, the metadata is there, the contract's terms exist, and the
generated POL namespace matches it (a misspelt term fails)."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS

from policy_kg.bundle import bundle_path
from policy_kg.tools.generate_vocab import TARGET, render
from policy_kg.vocab import POL

CORE = bundle_path("ontology") / "policy-kg.ttl"
ALIGNMENTS = bundle_path("ontology") / "alignments.ttl"
CONTRACT_CLASSES = {"PolicyDocument", "Resolution", "ActionProgramme", "Conclusion", "Directive", "Plan", "Sector",
                    "Goal", "Target", "Task", "Agency", "PartyOrgan", "StateAgency", "Meeting", "Principle",
                    "AdministrativeArea"}
CONTRACT_PROPERTIES = {"hasGoal", "hasTarget", "hasTask", "contributesTo", "leadAgency", "coordinatingAgency",
                       "deadline", "deliverable", "approvingAuthority", "status", "derivesFrom"}


@pytest.fixture(scope="module")
def core() -> Graph:
    return Graph().parse(CORE, format="turtle")


def terms(graph: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {s for kind in kinds for s in graph.subjects(RDF.type, kind) if str(s).startswith(str(POL))}


def test_every_term_has_labels_and_comments_in_vi_and_en(core):
    for term in terms(core):
        for predicate in (RDFS.label, RDFS.comment):
            languages = {value.language for value in core.objects(term, predicate)}
            assert {"vi", "en"} <= languages, (term, predicate)


def test_contract_terms_exist(core):
    names = {str(t)[len(str(POL)):] for t in terms(core)}
    assert CONTRACT_CLASSES <= names
    assert CONTRACT_PROPERTIES <= names


def test_ontology_metadata(core):
    ontology = URIRef("https://w3id.org/policy-kg/ontology")
    assert (ontology, RDF.type, OWL.Ontology) in core
    assert core.value(ontology, OWL.versionIRI) is not None
    assert core.value(ontology, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert core.value(ontology, DCTERMS.created) is not None


def test_axioms_that_earn_their_place(core):
    assert (POL.derivesFrom, RDF.type, OWL.TransitiveProperty) in core
    assert (POL.leadAgency, RDF.type, OWL.FunctionalProperty) in core
    assert core.value(POL.hasTask, OWL.inverseOf) == POL.taskOf or core.value(POL.taskOf, OWL.inverseOf) == POL.hasTask
    assert (POL.PolicyDocument, RDFS.subClassOf, URIRef("http://data.europa.eu/eli/ontology#LegalResource")) in core
    assert list(core.subjects(RDF.type, OWL.AllDisjointClasses))


def test_alignments_live_in_their_own_file(core):
    alignments = Graph().parse(ALIGNMENTS, format="turtle")
    assert (POL.ActionProgramme, RDFS.subClassOf, URIRef("http://purl.org/net/p-plan#Plan")) in alignments
    assert (POL.Task, RDFS.subClassOf, URIRef("http://schema.org/Action")) in alignments
    assert not any(str(o).startswith("http://purl.org/net/p-plan#") for o in core.objects(None, RDFS.subClassOf))


def test_deprecated_eli_implements_is_not_used():
    for path in list(bundle_path("ontology").glob("*.ttl")) + list(bundle_path("data").glob("*.ttl")):
        assert "eli:implements" not in path.read_text(encoding="utf-8"), path


def test_generated_namespace_is_in_sync(core):
    assert TARGET.read_text(encoding="utf-8") == render(core)


def test_misspelt_term_fails():
    assert POL.leadAgency == URIRef("https://w3id.org/policy-kg/ontology#leadAgency")
    with pytest.raises(AttributeError):
        POL.leadAgnecy  # noqa: B018
