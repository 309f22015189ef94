"""SPARQL patterns that find folded literals in the index by exact-literal lookups (``postings.py``'s layout).

A query's words are matched as whole words (``?k pol:searchToken "giao"``, an index lookup), the last word as a
prefix (type-ahead: "giao du" finds "giao duc"). The prefix is checked on the words of phrases that the other
words already found, or, when it is the only word, expanded over the index graph's vocabulary
(``?ig pol:searchWord ?w FILTER(STRSTARTS(?w, "du"))``: a few thousand short literals, not every key).
Every pattern binds ``?ig`` (an index graph) and ``?key`` (a folded name or text holding all the words).
"""

from __future__ import annotations

from typing import Any

from .index import select
from .terms import SEARCH_PHRASE, SEARCH_TOKEN, SEARCH_WORD, index_prefix, sparql_string

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
MAX_EXPANSIONS = 64
"""A last word that starts more vocabulary words than this is matched by a filter instead of exact lookups."""


def expand_prefix(source: Any, prefix: str, base_iri: str) -> list[str] | None:
    """The indexed words that start with ``prefix`` (a scan of the short vocabulary), or None when too many do."""
    rows = select(source, f"SELECT DISTINCT ?w WHERE {{ GRAPH ?ig {{ ?ig <{SEARCH_WORD}> ?w FILTER(STRSTARTS(?w, {sparql_string(prefix)})) }} "
                          f"{in_index(base_iri)} }} LIMIT {MAX_EXPANSIONS + 1}")
    words = sorted(row["w"] for row in rows)
    return words if len(words) <= MAX_EXPANSIONS else None


def phrase_pattern(words: list[str], prefix_last: bool = True, expansions: list[str] | None = None) -> str:
    """Triple patterns (inside ``GRAPH ?ig``) binding ``?key`` to each phrase holding every one of ``words``.

    ``expansions`` (from ``expand_prefix``) are the words the last one may stand for, looked up exactly.
    """
    exact = sorted(words[:-1] if prefix_last else words, key=len, reverse=True)
    parts = [f"?k <{SEARCH_TOKEN}> {sparql_string(word)} ." for word in exact]
    if prefix_last and expansions is not None:
        alternatives = " ".join(sparql_string(word) for word in expansions) or '""'
        parts.insert(0, f"VALUES ?last {{ {alternatives} }}")
        parts.append(f"?k <{SEARCH_TOKEN}> ?last .")
    elif prefix_last:
        last = sparql_string(words[-1])
        if exact:
            parts.append(f"?k <{SEARCH_TOKEN}> ?last . FILTER(STRSTARTS(?last, {last}))")
        else:
            parts.append(f"?ig <{SEARCH_WORD}> ?last . FILTER(STRSTARTS(?last, {last})) ?k <{SEARCH_TOKEN}> ?last .")
    parts.append(f"?k <{SEARCH_PHRASE}> ?key .")
    return " ".join(parts)


def any_word_pattern(words: list[str]) -> str:
    """Triple patterns (inside ``GRAPH ?ig``) binding ``?key`` to each phrase holding at least one of ``words``."""
    alternatives = " UNION ".join(f"{{ ?k <{SEARCH_TOKEN}> {sparql_string(word)} }}" for word in words)
    return f"{alternatives} ?k <{SEARCH_PHRASE}> ?key ."


def subclasses(source: Any, classes: list[str]) -> list[str]:
    """``classes`` and their subclasses (read once, so a type test per candidate is one lookup, not a path)."""
    values = " ".join(f"<{iri}>" for iri in classes)
    rows = select(source, f"SELECT DISTINCT ?c WHERE {{ VALUES ?top {{ {values} }} ?c <{SUBCLASS}>* ?top }}")
    return sorted({row["c"] for row in rows} | set(classes))


def has_type(classes: list[str]) -> str:
    """An expression true when ``?s`` has one of ``classes`` (use with ``subclasses``)."""
    return f"EXISTS {{ ?s <{RDF_TYPE}> ?class FILTER(?class IN ({', '.join(f'<{iri}>' for iri in classes)})) }}"


def in_index(base_iri: str) -> str:
    """The filter that keeps ``?ig`` to the index graphs."""
    return f"FILTER(STRSTARTS(STR(?ig), {sparql_string(index_prefix(base_iri))}))"
