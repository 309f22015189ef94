"""Timing search on a graph of any size, for the benchmark issue: ``measure_search(service_or_backend)``.

Reports the seconds taken to rebuild the search index and, for each query, the median and worst of ``repeats``
runs of ``ranking.search`` (the JSON answer of ``GET /search`` without HTTP) and of ``reconcile.reconcile``.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from ..bundle import DEFAULT_BASE_IRI
from ..store import Backend
from .index import refresh_search_index
from .ranking import search
from .reconcile import reconcile

SEARCH_QUERIES = ("giao duc", "GIÁO DỤC", "72-NQ/TW", "NQ 72", "so y te", "ha noi", "d", "education and training")
RECONCILE_QUERIES = ("Sở Y tế", "NQ 72", "Bo Chinh tri")


def _timed(call, repeats: int) -> dict[str, float]:
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        runs.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(runs), 4), "max_s": round(max(runs), 4)}


def measure_search(source: Any, base_iri: str = DEFAULT_BASE_IRI, repeats: int = 5, rebuild: bool = True) -> dict[str, Any]:
    """Time the index rebuild (when ``rebuild``) and each benchmark query; ``source`` is a PolicyKG or a Backend."""
    backend = source if isinstance(source, Backend) else source.backend
    report: dict[str, Any] = {}
    if rebuild:
        started = time.perf_counter()
        report["index_triples"] = refresh_search_index(backend, base_iri)
        report["index_build_s"] = round(time.perf_counter() - started, 3)
    report["search"] = {q: _timed(lambda q=q: search(source, q, base_iri=base_iri), repeats) for q in SEARCH_QUERIES}
    report["reconcile"] = {q: _timed(lambda q=q: reconcile(source, {"query": q}, base_iri), repeats) for q in RECONCILE_QUERIES}
    return report
