"""The triples of one index graph, computed from the text triples of its source graph.

For a source graph ``G`` with index graph ``I`` (``terms.index_graph``):

- ``?s pol:searchKey "folded name"`` / ``?s pol:searchText "folded text"`` for each indexed literal of ``?s``;
- ``?s pol:searchNumber "72 nq"`` for each canonical key of an ``eli:number``;
- one phrase node ``<I#p-{hash}>`` per distinct folded literal, with ``pol:searchPhrase`` (the literal) and one
  ``pol:searchToken`` per distinct word of it: the postings, so that a query word is an exact-literal lookup
  (oxigraph's POS index) and "every word in one literal" is a join on one phrase node; identical texts share
  a node, so repeated labels cost their words once;
- ``<I> pol:searchWord "w"`` for each distinct word of ``I``: the vocabulary, where the last query word is
  expanded as a prefix;
- ``<G> pol:searchFingerprint "..."`` (``fingerprint_triple``), written last by ``index.py``.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Iterable

import pyoxigraph as ox

from .folding import fold, folded_tokens
from .terms import (
    NUMBER_PROPERTY,
    SEARCH_FINGERPRINT,
    SEARCH_KEY,
    SEARCH_NUMBER,
    SEARCH_PHRASE,
    SEARCH_TEXT,
    SEARCH_TOKEN,
    SEARCH_WORD,
    TEXT_PROPERTIES,
    number_keys,
)

FORMAT_VERSION = "2"
"""Part of every fingerprint: changing how the index is built changes it, so old index graphs are rebuilt."""

_KEY, _TEXT, _NUMBER = ox.NamedNode(SEARCH_KEY), ox.NamedNode(SEARCH_TEXT), ox.NamedNode(SEARCH_NUMBER)
_PHRASE, _TOKEN, _WORD = ox.NamedNode(SEARCH_PHRASE), ox.NamedNode(SEARCH_TOKEN), ox.NamedNode(SEARCH_WORD)
_TEXTS = frozenset(TEXT_PROPERTIES)


@lru_cache(maxsize=200_000)
def _folded(value: str) -> tuple[str, tuple[str, ...]]:
    """The folded literal and its distinct words (cached: labels repeat across subjects and graphs)."""
    folded = fold(value)
    return folded, tuple(dict.fromkeys(folded_tokens(folded)))


def phrase_node(index_graph: str, folded: str) -> ox.NamedNode:
    return ox.NamedNode(f"{index_graph}#p-{hashlib.sha1(folded.encode('utf-8')).hexdigest()[:16]}")


def index_triples(index_graph: str, rows: Iterable[ox.Triple]) -> set[ox.Triple]:
    """The index triples (without the fingerprint) for the text triples ``rows`` of one source graph."""
    out: set[ox.Triple] = set()
    phrases: dict[str, tuple[str, ...]] = {}
    for row in rows:
        folded, words = _folded(row.object.value)
        if not folded:
            continue
        prop = row.predicate.value
        out.add(ox.Triple(row.subject, _TEXT if prop in _TEXTS else _KEY, ox.Literal(folded)))
        if prop == NUMBER_PROPERTY:
            for key in number_keys(row.object.value):
                out.add(ox.Triple(row.subject, _NUMBER, ox.Literal(key)))
        if words:
            phrases[folded] = words
    graph_node = ox.NamedNode(index_graph)
    vocabulary: set[str] = set()
    for folded, words in phrases.items():
        node = phrase_node(index_graph, folded)
        out.add(ox.Triple(node, _PHRASE, ox.Literal(folded)))
        out.update(ox.Triple(node, _TOKEN, ox.Literal(word)) for word in words)
        vocabulary.update(words)
    out.update(ox.Triple(graph_node, _WORD, ox.Literal(word)) for word in vocabulary)
    return out


def fingerprint_triple(source_graph: str, fingerprint: str) -> ox.Triple:
    return ox.Triple(ox.NamedNode(source_graph), ox.NamedNode(SEARCH_FINGERPRINT), ox.Literal(fingerprint))
