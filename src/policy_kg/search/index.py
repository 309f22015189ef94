"""Keeping the search index in step with the data, one source graph at a time.

Each named graph ``G`` with indexed text (names: ``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``,
``foaf:name``, ``skos:notation``, ``eli:number``; texts: ``dct:title``, ``dct:description``, ``pol:sourceQuote``,
``pol:deliverable``, ``pol:motto``) has an index graph ``{base}graph/search/{hash of G}`` (``terms.index_graph``,
content in ``postings.py``). The ontology, shapes and index graphs are not indexed.

``refresh_search_index(backend, base_iri, graphs=None)``:

- with ``graphs``, rebuilds the index graphs of exactly those source graphs (the callers that wrote them know
  which: ``loading.load_files``, the graph store, submissions), and drops the index of a graph that is gone;
- without, compares each source graph's fingerprint (number of text triples and a sum of MD5 digests of
  subject, property and text, computed by one SPARQL aggregate) with the one stored in its index graph
  (``pol:searchFingerprint``) and rebuilds only the graphs that differ, drops index graphs whose source is gone.

A rebuild writes the difference between the index graph as it is and as it should be (SPARQL ``DELETE DATA``
and ``add_to_graph`` in chunks), not the whole graph: oxigraph writes about 20 000 quads a second, so the index
of a 1M-triple graph (about 1M index triples) costs a minute to write from scratch but seconds to correct after
a small change. The fingerprint is removed first and written last, so an interrupted rebuild is redone.

``ensure_fresh`` is the lazy check behind ``/search`` and ``/reconcile``: when the store's version changed since
this process last synchronised, it runs the fingerprint comparison above. This catches every writer, SPARQL
Update included, without knowing what it wrote; it costs one aggregate query over the text triples (about 4 s
at 1M triples) once per write, and nothing on reads.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Iterable

import pyoxigraph as ox

from ..bundle import DEFAULT_BASE_IRI
from ..formats import RDF_FORMATS, by_name
from ..store import Backend, QueryRequest
from .postings import FORMAT_VERSION, fingerprint_triple, index_triples
from .terms import (
    NAME_PROPERTIES,
    POL_NS,
    SEARCH_FINGERPRINT,
    TEXT_PROPERTIES,
    index_graph,
    index_prefix,
    iri_values,
    is_source_graph,
    legacy_graph,
    number_keys,
    query_tokens,
    sparql_string,
)

__all__ = ["POL_NS", "SyncReport", "drop_search_index", "ensure_fresh", "number_keys", "query_tokens",
           "refresh_search_index", "select", "sparql_string", "sync_search_index"]

NTRIPLES = by_name("ntriples", RDF_FORMATS)
ADD_CHUNK = 50_000
DELETE_CHUNK = 20_000
_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_lock = threading.Lock()
_synced_at: dict[int, str] = {}


@dataclass
class SyncReport:
    """What one synchronisation did."""

    checked: int = 0
    rebuilt: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    added: int = 0
    removed: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.dropped)


def _fingerprint_query(graphs: Iterable[str] | None) -> str:
    digest = (f"<{_XSD_INTEGER}>(SUBSTR(REPLACE(MD5(CONCAT(STR(?s), \" \", STR(?p), \" \", STR(?o))), \"[a-f]\", \"\"), 1, 10))")
    restrict = f"VALUES ?g {{ {iri_values(graphs)} }} " if graphs is not None else ""
    return (f"SELECT ?g (COUNT(*) AS ?n) (SUM({digest}) AS ?h) WHERE {{ {restrict}"
            f"VALUES ?p {{ {iri_values(NAME_PROPERTIES + TEXT_PROPERTIES)} }} GRAPH ?g {{ ?s ?p ?o }} "
            f"FILTER(isIRI(?s) && isLITERAL(?o)) }} GROUP BY ?g")


def source_fingerprints(backend: Backend, base_iri: str, graphs: Iterable[str] | None = None) -> dict[str, str]:
    """The current fingerprint of every source graph with indexed text (or of those of ``graphs`` that have some)."""
    rows = backend.select(_fingerprint_query(graphs), max_rows=10**9)
    return {row["g"]: f"v{FORMAT_VERSION} {row['n']} {row.get('h', '?')}"
            for row in rows if is_source_graph(row["g"], base_iri)}


def stored_fingerprints(backend: Backend, base_iri: str) -> dict[str, str]:
    """The fingerprint each index graph was built for, by source graph."""
    rows = backend.select(f"SELECT ?src ?fp ?ig WHERE {{ GRAPH ?ig {{ ?src <{SEARCH_FINGERPRINT}> ?fp }} "
                          f"FILTER(STRSTARTS(STR(?ig), {sparql_string(index_prefix(base_iri))})) }}", max_rows=10**9)
    return {row["src"]: row["fp"] for row in rows if index_graph(row["src"], base_iri) == row["ig"]}


def _construct(backend: Backend, sparql: str) -> set[ox.Triple]:
    body = backend.query(QueryRequest(sparql, graph_format=NTRIPLES, max_rows=10**12)).body
    return {quad.triple for quad in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}


def _source_rows(backend: Backend, graph: str) -> set[ox.Triple]:
    return _construct(backend, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?p {{ {iri_values(NAME_PROPERTIES + TEXT_PROPERTIES)} }} "
                               f"GRAPH <{graph}> {{ ?s ?p ?o }} FILTER(isIRI(?s) && isLITERAL(?o)) }}")


def _chunks(triples: set[ox.Triple], size: int) -> Iterable[bytes]:
    ordered = list(triples)
    for start in range(0, len(ordered), size):
        yield ox.serialize(ordered[start:start + size], format=ox.RdfFormat.N_TRIPLES) or b""


def _delete(backend: Backend, graph: str, triples: set[ox.Triple]) -> None:
    for chunk in _chunks(triples, DELETE_CHUNK):
        backend.update(f"DELETE DATA {{ GRAPH <{graph}> {{\n{chunk.decode('utf-8')}}} }}")


def _add(backend: Backend, graph: str, triples: set[ox.Triple]) -> None:
    for chunk in _chunks(triples, ADD_CHUNK):
        backend.add_derived(graph, chunk)


def _rebuild(backend: Backend, base_iri: str, source: str, fingerprint: str, exists: bool, report: SyncReport) -> None:
    """Bring the index graph of ``source`` to what its text says, writing only the difference."""
    target = index_graph(source, base_iri)
    wanted = index_triples(target, _source_rows(backend, source))
    stamp = fingerprint_triple(source, fingerprint)
    held = _construct(backend, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}") if exists else set()
    stale_stamps = {t for t in held if t.predicate.value == SEARCH_FINGERPRINT and t != stamp}
    _delete(backend, target, stale_stamps)
    removed = held - wanted - stale_stamps - {stamp}
    added = wanted - held
    _delete(backend, target, removed)
    _add(backend, target, added)
    if stamp not in held:
        _add(backend, target, {stamp})
    report.rebuilt.append(source)
    report.added += len(added)
    report.removed += len(removed)


def sync_search_index(backend: Backend, base_iri: str = DEFAULT_BASE_IRI, graphs: Iterable[str | None] | None = None) -> SyncReport:
    """Refresh the index graphs of ``graphs`` (source graph IRIs), or of every graph whose fingerprint changed."""
    started = time.perf_counter()
    report = SyncReport()
    with _lock:
        present = {g for g in backend.named_graphs() if g.startswith(index_prefix(base_iri))}
        if graphs is None:
            current = source_fingerprints(backend, base_iri)
            stored = stored_fingerprints(backend, base_iri)
            targets = sorted(g for g, fp in current.items() if stored.get(g) != fp or index_graph(g, base_iri) not in present)
            orphans = present - {index_graph(g, base_iri) for g in current}
        else:
            asked = sorted({g for g in graphs if g is not None and is_source_graph(g, base_iri)})
            current = source_fingerprints(backend, base_iri, asked) if asked else {}
            targets = [g for g in asked if g in current]
            orphans = {index_graph(g, base_iri) for g in asked if g not in current} & present
        report.checked = len(current)
        for source in targets:
            _rebuild(backend, base_iri, source, current[source], index_graph(source, base_iri) in present, report)
        for graph in sorted(orphans | ({legacy_graph(base_iri)} if backend.graph_exists(legacy_graph(base_iri)) else set())):
            backend.drop_graph(graph)
            report.dropped.append(graph)
        if graphs is None:
            _synced_at[id(backend)] = backend.version
    report.seconds = time.perf_counter() - started
    return report


def refresh_search_index(backend: Backend, base_iri: str = DEFAULT_BASE_IRI, graphs: Iterable[str | None] | None = None) -> int:
    """Bring the index up to date (see the module docstring); return the number of index triples added or removed."""
    report = sync_search_index(backend, base_iri, graphs)
    return report.added + report.removed


def drop_search_index(backend: Backend, base_iri: str = DEFAULT_BASE_IRI) -> int:
    """Remove every index graph (the next refresh builds the index from scratch); return how many there were."""
    with _lock:
        graphs = [g for g in backend.named_graphs() if g.startswith(index_prefix(base_iri)) or g == legacy_graph(base_iri)]
        for graph in graphs:
            backend.drop_graph(graph)
        _synced_at.pop(id(backend), None)
    return len(graphs)


def ensure_fresh(backend: Backend, base_iri: str = DEFAULT_BASE_IRI) -> bool:
    """Synchronise when ``backend`` changed since this process last did; True when an index graph changed."""
    if _synced_at.get(id(backend)) == backend.version:
        return False
    return sync_search_index(backend, base_iri).changed


def select(source: Any, sparql: str, max_rows: int = 100_000) -> list[dict[str, Any]]:
    """Rows of a SELECT as plain values, through the service (worker pool, deadline, cache) or a bare backend."""
    if isinstance(source, Backend):
        return source.select(sparql, max_rows=max_rows)
    result, _ = source.query(QueryRequest(sparql, max_rows=max_rows))
    payload = json.loads(result.body)
    return [{name: term["value"] for name, term in row.items()} for row in payload["results"]["bindings"]]
