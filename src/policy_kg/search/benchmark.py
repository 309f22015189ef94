"""Timing search and index upkeep on a graph of any size: ``measure_search`` and ``measure_upkeep``.

``measure_search`` times building the index from scratch (``rebuild``), the fingerprint check when nothing
changed, and the median and worst of ``repeats`` runs of each query through ``ranking.search`` (the JSON answer
of ``GET /search`` without HTTP) and ``reconcile.reconcile``. ``measure_upkeep`` times the incremental cases: a
new small graph, its removal, and one changed label in the largest graph. It writes to the store, and puts back
what it changed. Command line (on a store made with ``policy-kg load``; it changes the index graphs only)::

    python -m policy_kg.search.benchmark --store STORE_DIR [--repeats 5] [--no-rebuild]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

from ..bundle import DEFAULT_BASE_IRI
from ..store import Backend
from .index import drop_search_index, select, sync_search_index
from .ranking import search
from .reconcile import reconcile
from .terms import NAME_PROPERTIES, TEXT_PROPERTIES, iri_values, is_source_graph, sparql_string

SEARCH_QUERIES = ("giao duc", "GIÁO DỤC", "72-NQ/TW", "NQ 72", "so y te", "ha noi", "d", "education and training",
                  "phát triển công nghiệp văn hóa", "phat tr", "nang luong tai tao", "sở giáo dục và đào tạo hải phòng")
TYPED_QUERIES = (("so y te", "agency"), ("giao duc", "programme"), ("nang luong", "task"))
RECONCILE_QUERIES = ("Sở Y tế", "NQ 72", "Bo Chinh tri", "Sở Tài chính Hải Phòng")
PROBE_GRAPH = "graph/file/search-benchmark-probe"
PROBE_ENTITY = "id/agency/search-benchmark-probe"


def _timed(call, repeats: int) -> dict[str, float]:
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        runs.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(runs), 4), "max_s": round(max(runs), 4)}


def _backend(source: Any) -> Backend:
    return source if isinstance(source, Backend) else source.backend


def measure_search(source: Any, base_iri: str = DEFAULT_BASE_IRI, repeats: int = 5, rebuild: bool = True) -> dict[str, Any]:
    """Time the index build (when ``rebuild``), the no-change check and each benchmark query; ``source`` is a PolicyKG or a Backend."""
    backend = _backend(source)
    report: dict[str, Any] = {}
    if rebuild:
        drop_search_index(backend, base_iri)
        built = sync_search_index(backend, base_iri)
        report["index_build"] = {"seconds": round(built.seconds, 3), "graphs": len(built.rebuilt), "triples": built.added}
    checked = sync_search_index(backend, base_iri)
    report["index_check_unchanged_s"] = round(checked.seconds, 3)
    report["search"] = {q: _timed(lambda q=q: search(source, q, base_iri=base_iri), repeats) for q in SEARCH_QUERIES}
    report["search_typed"] = {f"{q} [{t}]": _timed(lambda q=q, t=t: search(source, q, t, base_iri=base_iri), repeats)
                              for q, t in TYPED_QUERIES}
    report["reconcile"] = {q: _timed(lambda q=q: reconcile(source, {"query": q}, base_iri), repeats) for q in RECONCILE_QUERIES}
    medians = [m["median_s"] for part in ("search", "search_typed") for m in report[part].values()]
    report["search_median_of_medians_s"] = round(statistics.median(medians), 4)
    return report


def _largest_source(backend: Backend, base_iri: str) -> tuple[str, str, str, str]:
    """(graph, subject, property, literal in N-Triples syntax) of one indexed label in the largest source graph."""
    rows = backend.select(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?p {{ {iri_values(NAME_PROPERTIES + TEXT_PROPERTIES)} }} "
                          f"GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g ORDER BY DESC(?n)")
    graph = next(row["g"] for row in rows if is_source_graph(row["g"], base_iri))
    row = backend.select(f"SELECT ?s ?o WHERE {{ GRAPH <{graph}> {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o "
                         f"FILTER(LANG(?o) = \"vi\") }} }} LIMIT 1")[0]
    return graph, row["s"], "http://www.w3.org/2000/01/rdf-schema#label", sparql_string(row["o"]) + "@vi"


def _step(backend: Backend, base_iri: str, graphs: list[str] | None) -> dict[str, Any]:
    report = sync_search_index(backend, base_iri, graphs)
    return {"seconds": round(report.seconds, 3), "rebuilt": len(report.rebuilt), "added": report.added,
            "removed": report.removed, "dropped": len(report.dropped)}


def measure_upkeep(backend: Backend, base_iri: str = DEFAULT_BASE_IRI) -> dict[str, Any]:
    """Time the incremental refreshes: a small graph added and dropped, and one label changed in the largest graph."""
    probe, entity = base_iri + PROBE_GRAPH, base_iri + PROBE_ENTITY
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    report: dict[str, Any] = {}
    backend.update(f'INSERT DATA {{ GRAPH <{probe}> {{ <{entity}> {label} "Trạm đo hiệu năng tìm kiếm"@vi }} }}')
    report["small_graph_added_targeted"] = _step(backend, base_iri, [probe])
    found = select(backend, f'SELECT ?s WHERE {{ GRAPH ?g {{ ?s <https://w3id.org/policy-kg/ontology#searchKey> "tram do hieu nang tim kiem" }} }}')
    report["small_graph_found"] = [row["s"] for row in found] == [entity]
    backend.drop_graph(probe)
    report["small_graph_dropped_by_fingerprints"] = _step(backend, base_iri, None)
    graph, subject, prop, old = _largest_source(backend, base_iri)
    new = sparql_string("Nhãn đã sửa để đo hiệu năng") + "@vi"
    backend.update(f"DELETE DATA {{ GRAPH <{graph}> {{ <{subject}> <{prop}> {old} }} }} ; "
                   f"INSERT DATA {{ GRAPH <{graph}> {{ <{subject}> <{prop}> {new} }} }}")
    report["large_graph_one_label_by_fingerprints"] = _step(backend, base_iri, None)
    backend.update(f"DELETE DATA {{ GRAPH <{graph}> {{ <{subject}> <{prop}> {new} }} }} ; "
                   f"INSERT DATA {{ GRAPH <{graph}> {{ <{subject}> <{prop}> {old} }} }}")
    report["large_graph_one_label_targeted"] = _step(backend, base_iri, [graph])
    report["large_graph"] = graph
    return report


def main(argv: list[str] | None = None) -> int:
    from ..store.embedded import EmbeddedStore

    parser = argparse.ArgumentParser(description="Time policy-kg search on a store / Đo thời gian tìm kiếm trên một kho")
    parser.add_argument("--store", required=True, help="an embedded store directory (policy-kg load --store ...)")
    parser.add_argument("--base-iri", default=DEFAULT_BASE_IRI)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-rebuild", action="store_true", help="keep the index as it is instead of building it from scratch")
    args = parser.parse_args(argv)
    backend = EmbeddedStore(args.store)
    try:
        report = measure_search(backend, args.base_iri, args.repeats, rebuild=not args.no_rebuild)
        report["upkeep"] = measure_upkeep(backend, args.base_iri)
    finally:
        backend.close()
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
