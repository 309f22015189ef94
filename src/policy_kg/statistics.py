"""Counts of the store: triples per named graph, instances per class (``policy-kg stats``, VoID, the home page)."""

from __future__ import annotations

from .store import Backend

GRAPH_SIZES = """
SELECT ?graph (COUNT(*) AS ?triples) WHERE { GRAPH ?graph { ?s ?p ?o } }
GROUP BY ?graph ORDER BY ?graph
"""

CLASS_SIZES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?instances) WHERE { ?s a ?class }
GROUP BY ?class ORDER BY DESC(?instances) ?class
"""


def store_statistics(backend: Backend) -> dict[str, list[dict]]:
    return {"graphs": backend.select(GRAPH_SIZES), "classes": backend.select(CLASS_SIZES)}
