"""Reading IRI triples for the rules and writing inferred triples back (the store I/O of ``inference.py``).

Reads are SELECTs answered as SPARQL 1.1 Query Results TSV (https://www.w3.org/TR/sparql11-results-csv-tsv/ §3),
where an IRI cell is ``<iri>``: cheaper to produce and parse than JSON for the 10⁵–10⁶ rows of a full refresh.
Every read names its graphs, so the union of the store is never scanned by accident.
"""

from __future__ import annotations

from typing import Iterable

from ..formats import RDF_FORMATS, RESULT_FORMATS, by_name
from ..store import Backend, QueryDataset, QueryRequest

TSV = by_name("tsv", RESULT_FORMATS)
NTRIPLES = by_name("ntriples", RDF_FORMATS)
BATCH = 500


def iri_rows(backend: Backend, sparql: str, graphs: Iterable[str]) -> list[tuple[str, ...]]:
    """Rows of a SELECT whose bindings are all IRIs, over the union of ``graphs`` (none: no rows)."""
    graphs = tuple(graphs)
    if not graphs:
        return []
    request = QueryRequest(sparql, results_format=TSV, dataset=QueryDataset(default_graphs=graphs), max_rows=10**10)
    lines = backend.query(request).body.decode("utf-8").split("\n")[1:]
    return [tuple(cell[1:-1] for cell in line.split("\t")) for line in lines if line]


def iri_values(iris: Iterable[str]) -> str:
    """The body of a ``VALUES`` block: ``<a> <b> ...``."""
    return " ".join(f"<{iri}>" for iri in sorted(iris))


def batches(items: Iterable[str], size: int = BATCH) -> Iterable[list[str]]:
    ordered = sorted(items)
    for start in range(0, len(ordered), size):
        yield ordered[start:start + size]


def ntriples(triples: Iterable[tuple[str, str, str]]) -> bytes:
    return "".join(f"<{s}> <{p}> <{o}> .\n" for s, p, o in sorted(triples)).encode("utf-8")
