"""The search index: a named graph of folded search keys, rebuilt from the data after every write.

For each resource in the data graphs (not the ontology, shapes or the index itself) the graph
``{base}graph/search`` holds:

- ``pol:searchKey``    the folded text of each name: ``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``,
  ``foaf:name``, ``skos:notation``, ``eli:number``;
- ``pol:searchText``   the folded text of each longer text: ``dct:title``, ``dct:description``,
  ``pol:sourceQuote``, ``pol:deliverable``, ``pol:motto``;
- ``pol:searchNumber`` canonical document-number keys ("72-NQ/TW" gives "72", "72 nq" and "72 nq tw").

So a SPARQL query filters on precomputed literals (``FILTER(CONTAINS(?key, "giao duc"))``) instead of folding
every label, and an exact number is a plain index lookup. ``refresh_search_index`` is called at the end of
``loading.load_bundle`` and ``loading.load_files``; any other writer (SPARQL Update, graph store, submissions)
must call it too, and ``ensure_fresh`` rebuilds lazily when the store changed since the last build.
"""

from __future__ import annotations

import json
import re
import threading
from typing import Any

from ..bundle import DEFAULT_BASE_IRI
from ..formats import RDF_FORMATS, by_name
from ..store import Backend, QueryRequest
from .folding import fold, tokens

POL_NS = "https://w3id.org/policy-kg/ontology#"
SEARCH_KEY = POL_NS + "searchKey"
SEARCH_TEXT = POL_NS + "searchText"
SEARCH_NUMBER = POL_NS + "searchNumber"

NAME_PROPERTIES = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://xmlns.com/foaf/0.1/name",
    "http://www.w3.org/2004/02/skos/core#notation",
    "http://data.europa.eu/eli/ontology#number",
)
TEXT_PROPERTIES = (
    "http://purl.org/dc/terms/title",
    "http://purl.org/dc/terms/description",
    POL_NS + "sourceQuote",
    POL_NS + "deliverable",
    POL_NS + "motto",
)
NUMBER_PROPERTY = "http://data.europa.eu/eli/ontology#number"

NTRIPLES = by_name("ntriples", RDF_FORMATS)
_lock = threading.Lock()
_built_for: dict[int, str] = {}


def search_graph(base_iri: str = DEFAULT_BASE_IRI) -> str:
    return f"{base_iri}graph/search"


def number_keys(number: str) -> list[str]:
    """Canonical keys of a document number: "05-CTr/TU" → ["5", "5 ctr", "5 ctr tu"] (leading zeros dropped)."""
    parts = re.findall(r"\d+|[a-z]+", fold(number))
    digits = [part for part in parts if part.isdigit()]
    if len(digits) != 1:
        return [fold(number)] if parts else []
    codes = [part for part in parts if not part.isdigit()]
    head = str(int(digits[0]))
    return [" ".join([head, *codes[:size]]) for size in range(len(codes) + 1)]


def sparql_string(text: str) -> str:
    """``text`` as a SPARQL string literal, every character that could end or bend it escaped."""
    return json.dumps(text, ensure_ascii=False)


def _text_rows(backend: Backend, base_iri: str) -> list[dict[str, Any]]:
    values = " ".join(f"<{iri}>" for iri in NAME_PROPERTIES + TEXT_PROPERTIES)
    skip = " && ".join(
        f"!STRSTARTS(STR(?g), {sparql_string(base_iri + 'graph/' + part)})" for part in ("ontology/", "shapes/", "search")
    )
    query = (
        f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER(isIRI(?s) && isLITERAL(?o) && {skip}) }}"
    )
    return backend.select(query, max_rows=10**9)


def _nt_literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def build_index_ntriples(rows: list[dict[str, Any]]) -> bytes:
    """N-Triples of the search graph for ``rows`` of (s, p, o) text values."""
    lines: set[str] = set()
    for row in rows:
        subject, prop, value = row["s"], row["p"], str(row["o"])
        folded = fold(value)
        if not folded:
            continue
        key = SEARCH_TEXT if prop in TEXT_PROPERTIES else SEARCH_KEY
        lines.add(f"<{subject}> <{key}> {_nt_literal(folded)} .")
        if prop == NUMBER_PROPERTY:
            for number_key in number_keys(value):
                lines.add(f"<{subject}> <{SEARCH_NUMBER}> {_nt_literal(number_key)} .")
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8")


def refresh_search_index(backend: Backend, base_iri: str = DEFAULT_BASE_IRI) -> int:
    """Rebuild the search graph from the data now in ``backend``; return the number of index triples."""
    with _lock:
        data = build_index_ntriples(_text_rows(backend, base_iri))
        count = backend.replace_graph(search_graph(base_iri), data, NTRIPLES, source="search index")
        _built_for[id(backend)] = backend.version
    return count


def ensure_fresh(backend: Backend, base_iri: str = DEFAULT_BASE_IRI) -> bool:
    """Rebuild the index when ``backend`` changed since this process last built it; True when it rebuilt."""
    if _built_for.get(id(backend)) == backend.version:
        return False
    refresh_search_index(backend, base_iri)
    return True


def select(source: Any, sparql: str, max_rows: int = 100_000) -> list[dict[str, Any]]:
    """Rows of a SELECT as plain values, through the service (worker pool, deadline, cache) or a bare backend."""
    if isinstance(source, Backend):
        return source.select(sparql, max_rows=max_rows)
    result, _ = source.query(QueryRequest(sparql, max_rows=max_rows))
    payload = json.loads(result.body)
    return [{name: term["value"] for name, term in row.items()} for row in payload["results"]["bindings"]]


def query_tokens(text: str) -> list[str]:
    """The folded words of a user query, longest first, duplicates dropped."""
    return sorted(dict.fromkeys(tokens(text)), key=len, reverse=True)
