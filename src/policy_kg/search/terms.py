"""The search index's vocabulary and naming: which properties are indexed, the ``pol:search*`` terms the index
writes (declared in ontology/policy-kg.ttl), the IRIs of the index graphs, and small helpers shared by the
index writer (``index.py``, ``postings.py``) and the readers (``lookup.py``, ``ranking.py``, ``reconcile.py``).

Every source graph ``G`` that holds indexed text gets its own index graph ``{base}graph/search/{sha256(G)[:20]}``,
so a write to ``G`` only rebuilds that one graph (docs/search.md).
"""

from __future__ import annotations

import hashlib
import json
import re

from ..bundle import DEFAULT_BASE_IRI
from ..vocab import POL
from .folding import fold, tokens

POL_NS = str(POL)
SEARCH_KEY = str(POL.searchKey)
SEARCH_TEXT = str(POL.searchText)
SEARCH_NUMBER = str(POL.searchNumber)
SEARCH_PHRASE = str(POL.searchPhrase)
SEARCH_TOKEN = str(POL.searchToken)
SEARCH_WORD = str(POL.searchWord)
SEARCH_FINGERPRINT = str(POL.searchFingerprint)

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
    str(POL.sourceQuote),
    str(POL.deliverable),
    str(POL.motto),
)
NUMBER_PROPERTY = "http://data.europa.eu/eli/ontology#number"
SKIPPED_GRAPHS = ("graph/ontology/", "graph/shapes/", "graph/search")
"""Graphs (below the base IRI) that are never indexed: the ontology, the shapes and the index itself."""


def index_prefix(base_iri: str = DEFAULT_BASE_IRI) -> str:
    """Every index graph's IRI starts with this."""
    return f"{base_iri}graph/search/"


def legacy_graph(base_iri: str = DEFAULT_BASE_IRI) -> str:
    """The single index graph of earlier versions; removed by the next refresh."""
    return f"{base_iri}graph/search"


def index_graph(source: str, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """The index graph of the source graph ``source``."""
    return index_prefix(base_iri) + hashlib.sha256(source.encode("utf-8")).hexdigest()[:20]


def is_source_graph(graph: str, base_iri: str = DEFAULT_BASE_IRI) -> bool:
    """True for the graphs whose text is indexed."""
    return not any(graph.startswith(base_iri + part) for part in SKIPPED_GRAPHS)


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


def iri_values(iris) -> str:
    return " ".join(f"<{iri}>" for iri in iris)


def query_tokens(text: str) -> list[str]:
    """The folded words of a user query in the order typed, duplicates dropped (the last one is the one being typed)."""
    words = tokens(text)
    return list(dict.fromkeys(reversed(words)))[::-1]
