"""Reading IRI triples for the rules and writing inferred triples back (the store I/O of ``inference.py``).

Reads are ``Backend.iri_rows``: the embedded store hands over the engine's terms directly, an external store
answers in SPARQL 1.1 Query Results TSV. Every read names its graphs, so the union of the store is never scanned
by accident.
"""

from __future__ import annotations

from typing import Iterable

from ..store import Backend

BATCH = 500


def iri_rows(backend: Backend, sparql: str, graphs: Iterable[str]) -> list[tuple[str, ...]]:
    """Rows of a SELECT whose bindings are all IRIs, over the union of ``graphs`` (none: no rows)."""
    graphs = tuple(graphs)
    return backend.iri_rows(sparql, graphs) if graphs else []


def iri_values(iris: Iterable[str]) -> str:
    """The body of a ``VALUES`` block: ``<a> <b> ...``."""
    return " ".join(f"<{iri}>" for iri in sorted(iris))


def batches(items: Iterable[str], size: int = BATCH) -> Iterable[list[str]]:
    ordered = sorted(items)
    for start in range(0, len(ordered), size):
        yield ordered[start:start + size]


def ntriples(triples: Iterable[tuple[str, str, str]]) -> bytes:
    return "".join(f"<{s}> <{p}> <{o}> .\n" for s, p, o in sorted(triples)).encode("utf-8")
