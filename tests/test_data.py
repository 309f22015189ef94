"""The bundled data: every resource labelled in vi and en and sourced, quotes verbatim from the article,
unconfirmed facts never asserted plainly, no identifier beyond the confirmed ones."""

from __future__ import annotations

import re
import unicodedata

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from conftest import BASE, SHARED
from policy_kg.bundle import bundle_path
from policy_kg.vocab import POL, PROV

DATA_FILES = sorted(bundle_path("data").glob("*.ttl"))
ARTICLE = (SHARED / "sources" / "000_1fde560017e1570a.txt").read_text(encoding="utf-8")
CONFIRMED_WIKIDATA = {"http://www.wikidata.org/entity/Q881", "http://www.wikidata.org/entity/Q1858"}


@pytest.fixture(scope="module")
def data() -> Graph:
    graph = Graph()
    for path in DATA_FILES:
        graph.parse(path, format="turtle")
    return graph


def ours(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(BASE) and "/ontology" not in str(s)}


def test_every_file_parses_into_its_own_graph():
    assert {p.stem for p in DATA_FILES} >= {"sources", "resolutions", "programmes", "agencies", "schemes"}
    dataset = Dataset()
    for path in DATA_FILES:
        dataset.graph(URIRef(f"{BASE}graph/data/{path.stem}")).parse(path, format="turtle")
    assert all(len(dataset.graph(URIRef(f"{BASE}graph/data/{p.stem}"))) > 0 for p in DATA_FILES)


def test_every_resource_has_vietnamese_and_english_labels(data):
    missing = [
        (str(s), lang) for s in ours(data) for lang in ("vi", "en")
        if not any(getattr(label, "language", None) == lang for label in data.objects(s, RDFS.label))
    ]
    assert missing == []


def test_every_resource_is_sourced(data):
    unsourced = [str(s) for s in ours(data) if (s, RDF.type, POL.Source) not in data
                 and (s, PROV.wasDerivedFrom, None) not in data]
    assert unsourced == []


def test_every_source_is_a_described_source(data):
    targets = set(data.objects(None, PROV.wasDerivedFrom))
    undescribed = [str(t) for t in targets if (t, RDF.type, POL.Source) not in data]
    assert undescribed == []
    assert all((t, URIRef("http://schema.org/url"), None) in data for t in targets)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().lower()


def test_source_quotes_are_verbatim_sentences_of_the_article(data):
    quotes = list(data.objects(None, POL.sourceQuote))
    article = _fold(ARTICLE)
    assert quotes
    assert [str(q) for q in quotes if _fold(str(q)) not in article] == []
    assert all(q.language == "vi" for q in quotes)


def test_claims_are_never_asserted_plainly(data):
    claims = list(data.subjects(RDF.type, POL.Claim))
    assert claims
    for claim in claims:
        triple = (data.value(claim, RDF.subject), data.value(claim, RDF.predicate), data.value(claim, RDF.object))
        assert None not in triple, claim
        assert triple not in data, f"{claim} is asserted as a plain fact too"
        assert data.value(claim, POL.confidence) is not None
        assert data.value(claim, POL.confirmation) is not None


def test_no_wikidata_identifier_beyond_the_confirmed_ones(data):
    wikidata = {str(o) for o in data.objects() if isinstance(o, URIRef) and "wikidata.org" in str(o)}
    assert wikidata <= CONFIRMED_WIKIDATA
    assert not any("wikidata.org" in str(s) for s in data.subjects())


def test_no_owl_same_as_in_curated_data(data):
    assert list(data.triples((None, OWL.sameAs, None))) == []


def test_concepts_are_in_a_scheme_with_bilingual_labels(data):
    concepts = set(data.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for concept in concepts:
        assert data.value(concept, SKOS.inScheme) is not None, concept


def test_only_documented_ontology_terms_are_used(data):
    ontology = Graph().parse(bundle_path("ontology") / "policy-kg.ttl", format="turtle")
    declared = {str(s) for s in ontology.subjects() if str(s).startswith(str(POL))}
    used = {str(term) for triple in data for term in triple if isinstance(term, URIRef) and str(term).startswith(str(POL))}
    assert used <= declared


def test_literals_with_a_language_use_vi_or_en(data):
    languages = {o.language for o in data.objects() if isinstance(o, Literal) and o.language}
    assert languages <= {"vi", "en"}
