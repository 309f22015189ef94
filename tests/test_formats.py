"""Content negotiation over the one formats table (RFC 9110 §12.5.1): q-values, combined Accept headers, defaults."""

from __future__ import annotations

import pytest

from policy_kg.errors import NotAcceptable, UnsupportedMediaType
from policy_kg.formats import RDF_FORMATS, RESULT_FORMATS, accepts_html, negotiate, rdf_format_for_media_type, rdf_format_for_path


@pytest.mark.parametrize("accept,table,expected", [
    (None, RESULT_FORMATS, "json"),
    ("", RDF_FORMATS, "turtle"),
    ("*/*", RESULT_FORMATS, "json"),
    ("application/sparql-results+xml", RESULT_FORMATS, "xml"),
    ("text/csv;q=0.5, text/tab-separated-values", RESULT_FORMATS, "tsv"),
    ("application/sparql-results+xml;q=0.9, application/sparql-results+json", RESULT_FORMATS, "json"),
    ("application/sparql-results+xml, application/rdf+xml", RESULT_FORMATS, "xml"),
    ("application/sparql-results+xml, application/rdf+xml", RDF_FORMATS, "rdfxml"),
    ("text/turtle;q=0.9, */*;q=0.1", RDF_FORMATS, "turtle"),
    ("application/ld+json, text/turtle;q=0.5", RDF_FORMATS, "jsonld"),
    ("text/*", RDF_FORMATS, "turtle"),
    ("application/json", RESULT_FORMATS, "json"),
    ("text/plain", RDF_FORMATS, "ntriples"),
    ("text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8", RESULT_FORMATS, "xml"),
])
def test_negotiate(accept, table, expected):
    assert negotiate(accept, table).name == expected


def test_nothing_acceptable():
    with pytest.raises(NotAcceptable):
        negotiate("image/png", RESULT_FORMATS)
    with pytest.raises(NotAcceptable):
        negotiate("text/turtle;q=0", RDF_FORMATS[:1])


def test_accepts_html():
    assert accepts_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert not accepts_html("application/sparql-results+json")
    assert not accepts_html(None)


def test_body_media_types_and_extensions():
    assert rdf_format_for_media_type("text/turtle; charset=utf-8").name == "turtle"
    assert rdf_format_for_path("x.nq").name == "nquads"
    with pytest.raises(UnsupportedMediaType):
        rdf_format_for_media_type("image/png")
    with pytest.raises(UnsupportedMediaType):
        rdf_format_for_path("x.docx")
