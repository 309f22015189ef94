"""SPARQL 1.1 Query Results JSON written directly (``store/results.py``): the bytes ``json.dumps`` gives for the
same document, for every kind of term and every character JSON escapes, and a document that parses to §3.2.2."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from policy_kg.formats import RESULT_FORMATS, by_name
from policy_kg.store.results import serialize_solutions, term_json_text

TRICKY = 'quote " backslash \\ newline \n tab \t nul \x00 bell \x07 del \x7f Việt Nam 😀 \u2028'
TERMS = [
    ox.NamedNode("http://example.org/a?b=c&d=Việt/~é"),
    ox.Literal(TRICKY),
    ox.Literal("Nghị quyết", language="vi"),
    ox.Literal("2026-02-25", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
    ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.BlankNode("b0"),
    ox.Triple(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal(TRICKY)),
]
EXPECTED = [
    {"type": "uri", "value": "http://example.org/a?b=c&d=Việt/~é"},
    {"type": "literal", "value": TRICKY},
    {"type": "literal", "value": "Nghị quyết", "xml:lang": "vi"},
    {"type": "literal", "value": "2026-02-25", "datatype": "http://www.w3.org/2001/XMLSchema#date"},
    {"type": "literal", "value": "42", "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
    {"type": "bnode", "value": "b0"},
    {"type": "triple", "value": {"subject": {"type": "uri", "value": "http://example.org/s"},
                                 "predicate": {"type": "uri", "value": "http://example.org/p"},
                                 "object": {"type": "literal", "value": TRICKY}}},
]


@pytest.mark.parametrize(("term", "expected"), list(zip(TERMS, EXPECTED)), ids=[type(t).__name__ + str(i) for i, t in enumerate(TERMS)])
def test_term_text_is_what_json_dumps_writes(term, expected):
    assert term_json_text(term) == json.dumps(expected, ensure_ascii=False)


class _Solutions:
    """Rows as pyoxigraph gives them: variables, and solutions iterating values in variable order (None: unbound)."""

    def __init__(self, names: list[str], rows: list[list]) -> None:
        self.variables = [ox.Variable(name) for name in names]
        self._rows = rows

    def __iter__(self):
        return iter(self._rows)


def test_document_parses_to_the_results_json_shape():
    rows = [[TERMS[0], TERMS[1]], [None, TERMS[2]], [TERMS[5], None], [None, None]]
    body = serialize_solutions(_Solutions(["x", "y"], rows), by_name("json", RESULT_FORMATS), 10)
    assert json.loads(body) == {"head": {"vars": ["x", "y"]}, "results": {"bindings": [
        {"x": EXPECTED[0], "y": EXPECTED[1]}, {"y": EXPECTED[2]}, {"x": EXPECTED[5]}, {}]}}
    assert body == json.dumps({"head": {"vars": ["x", "y"]}, "results": {"bindings": [
        {"x": EXPECTED[0], "y": EXPECTED[1]}, {"y": EXPECTED[2]}, {"x": EXPECTED[5]}, {}]}}, ensure_ascii=False).encode()


def test_empty_result():
    body = serialize_solutions(_Solutions(["x"], []), by_name("json", RESULT_FORMATS), 10)
    assert json.loads(body) == {"head": {"vars": ["x"]}, "results": {"bindings": []}}
