"""Linksets: each in its own file and named graph, every link IRI well-formed and of the right kind, only
confirmed identifiers (domain facts), each linkset described in VoID."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS, VOID

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/policy-kg/"
LINK_FILES = sorted((ROOT / "data").glob("links-*.ttl"))

# The kind of IRI each target dataset accepts (the URI space plus the local-name pattern of that dataset).
KINDS = {
    BASE + "id/dataset/wikidata": r"^http://www\.wikidata\.org/entity/Q[1-9][0-9]*$",
    BASE + "id/dataset/geonames": r"^http://sws\.geonames\.org/[1-9][0-9]*/$",
    BASE + "id/dataset/un-sdg": r"^http://metadata\.un\.org/sdg/([1-9]|1[0-7])$",
    BASE + "id/dataset/cofog": r"^https://w3id\.org/policy-kg/id/concept/cofog/(0[1-9]|10)$",
    BASE + "id/dataset/eu-resource-type": r"^http://publications\.europa\.eu/resource/authority/resource-type/[A-Z_]+$",
    BASE + "id/dataset/eu-country": r"^http://publications\.europa\.eu/resource/authority/country/[A-Z]{3}$",
    BASE + "id/dataset/eu-language": r"^http://publications\.europa\.eu/resource/authority/language/[A-Z]{3}$",
    BASE + "id/dataset/eu-data-theme": r"^http://publications\.europa\.eu/resource/authority/data-theme/[A-Z]{4}$",
    BASE + "id/dataset/eu-licence": r"^http://publications\.europa\.eu/resource/authority/licence/[A-Z0-9_]+$",
}
CONFIRMED = {  # domain facts §4: the only place identifiers a source confirms
    "http://www.wikidata.org/entity/Q881", "http://www.wikidata.org/entity/Q1858", "http://sws.geonames.org/1581130/",
}
SUBJECT_KINDS = {  # what kind of our resources each predicate links from
    SKOS.exactMatch: (BASE + "id/area/",),
    SKOS.relatedMatch: (BASE + "id/sector/", BASE + "id/goal/", BASE + "id/target/"),
    SKOS.closeMatch: (BASE + "id/concept/document-type/",),
}


def _linksets(graph: Graph):
    for linkset in graph.subjects(RDF.type, VOID.Linkset):
        target = graph.value(linkset, VOID.objectsTarget)
        yield linkset, graph.value(linkset, VOID.linkPredicate), str(target), str(graph.value(target, VOID.uriSpace))


def test_there_are_linksets_for_every_target_the_issue_names():
    targets = {t for path in LINK_FILES for _, _, t, _ in _linksets(Graph().parse(path))}
    assert set(KINDS) == targets


@pytest.mark.parametrize("path", LINK_FILES, ids=lambda p: p.stem)
def test_every_link_is_well_formed_and_of_the_right_kind(path):
    graph = Graph().parse(path)
    described = list(_linksets(graph))
    assert described, f"{path.name} describes no void:Linkset"
    for linkset, predicate, target, space in described:
        assert graph.value(linkset, VOID.subjectsTarget) == URIRef(BASE + "id/dataset/policy-kg")
        links = [(s, o) for s, o in graph.subject_objects(predicate) if str(o).startswith(space)]
        assert links, f"{linkset} has no links"
        for subject, obj in links:
            assert isinstance(obj, URIRef) and re.match(KINDS[target], str(obj)), obj
            assert str(subject).startswith(BASE)
            if predicate in SUBJECT_KINDS:
                assert str(subject).startswith(SUBJECT_KINDS[predicate]), subject
            if "wikidata" in target or "geonames" in target:
                assert str(obj) in CONFIRMED


def test_each_linkset_is_its_own_named_graph(kg):
    graphs = kg.backend.named_graphs()
    for path in LINK_FILES:
        assert f"{BASE}graph/data/{path.stem}" in graphs


def test_link_subjects_exist_in_the_curated_data(kg):
    """A link from a resource we do not describe would be a dangling link."""
    for path in LINK_FILES:
        for linkset, predicate, _, space in _linksets(Graph().parse(path)):
            for subject, _ in Graph().parse(path).subject_objects(predicate):
                if "/id/concept/cofog/" in str(subject) or "/id/dataset/" in str(subject):
                    continue
                assert kg.backend.ask(
                    f"ASK {{ GRAPH ?g {{ <{subject}> a ?type }} FILTER(!CONTAINS(STR(?g), '/graph/data/links-')) }}"
                ), subject
