"""Materialised inferences: the entailments users' queries need, kept under ``{base}graph/inferred`` (docs/inference.md).

A full OWL RL closure is too slow here (owlrl took 83 s on 100k triples), so only the rules queries rely on are
computed, from the RDFS and OWL 2 RL rule tables (https://www.w3.org/TR/owl2-profiles/#OWL_2_RL, §4.3):

- ``prp-spo1`` subproperty closure and ``prp-inv1``/``prp-inv2`` inverses (``pol:hasTask``/``pol:taskOf``,
  ``eli:ensures_implementation_of``/``eli:implementation_ensured_by`` ...), composed per property;
- ``cax-sco`` subclass closure up to the ELI, ORG, CPOV, P-Plan, schema.org and FIBO terms the ontology and its
  alignments name;
- ``prp-trp`` transitive closure of transitive properties (``pol:derivesFrom``, which ``pol:taskOf``,
  ``pol:goalOf``, ``pol:targetOf``, ``pol:contributesTo`` and ``eli:ensures_implementation_of`` specialise, so a
  task derives from the resolution its programme implements; ``org:transitiveSubOrganizationOf``, which
  ``org:subOrganizationOf`` specialises): ``transitive.py``.

The first two rules are *local*: one triple and the schema entail them. So each source graph gets its own
inferred graph (``graphs.local_graph``), computed from that graph alone and replaced or dropped with it; a
triple asserted in the same graph is not repeated. The transitive closures span graphs and go to one graph
(``graphs.transitive_graph``), recomputed from the edges of the transitive properties or updated for the
edges one graph changed. The schema is read from the ontology graphs plus ``FOREIGN_AXIOMS`` (axioms the reused
vocabularies state themselves). Only IRIs are inferred over (no blank nodes, no literals). Reads are
single-pattern SPARQL SELECTs (a join over a variable predicate with ``FILTER NOT EXISTS`` took 17 s on 100k
triples); the rules are applied here, in memory; each inferred graph is replaced in one transaction.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterable

from ..store import Backend
from ..store.base import is_inferred_graph
from .graphs import inferred_graph, is_ontology, is_source, local_graph, pending_graph, source_graphs, transitive_graph
from .reads import iri_rows, iri_values, ntriples
from .schema import FOREIGN_AXIOMS, TYPE, Schema, apply_properties, load_schema
from .transitive import contributed_edges, refresh_transitive, update_transitive

__all__ = ["FOREIGN_AXIOMS", "InferenceStats", "local_inferences", "refresh_graphs", "refresh_inferences", "snapshot"]


@dataclass(frozen=True)
class InferenceStats:
    """What a refresh wrote: triples per rule family and the time it took.

    ``transitive_triples`` is the size of the transitive graph after a full refresh, and the triples deleted
    plus inserted there after an incremental one.
    """

    graph: str
    property_triples: int
    transitive_triples: int
    type_triples: int
    seconds: float

    @property
    def total(self) -> int:
        return self.property_triples + self.transitive_triples + self.type_triples


def local_inferences(backend: Backend, schema: Schema, graph: str) -> tuple[set, set]:
    """What ``graph`` entails on its own: (property triples, type triples), minus what it asserts itself."""
    props = set(schema.derived) | {q for pairs in schema.derived.values() for q, _ in pairs}
    asserted = set(iri_rows(backend, f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {iri_values(props)} }} ?s ?p ?o "
                                      f"FILTER(isIRI(?s) && isIRI(?o)) }}", (graph,))) if props else set()
    properties = apply_properties(schema, asserted) - asserted
    classes = set(schema.superclasses) | {c for supers in schema.superclasses.values() for c in supers}
    typed = iri_rows(backend, f"SELECT ?x ?c WHERE {{ VALUES ?c {{ {iri_values(classes)} }} ?x a ?c FILTER(isIRI(?x)) }}",
                     (graph,)) if classes else []
    own = {(x, TYPE, c) for x, c in typed}
    types = {(x, TYPE, sup) for x, c in typed for sup in schema.superclasses.get(c, ())} - own
    return properties, types


def refresh_local(backend: Backend, base_iri: str, schema: Schema, source: str) -> tuple[int, int]:
    """Replace (or drop, when ``source`` is gone or entails nothing) the local inferred graph of ``source``."""
    target = local_graph(base_iri, source)
    properties, types = local_inferences(backend, schema, source) if backend.graph_exists(source) else (set(), set())
    if properties or types:
        backend.replace_derived(target, ntriples(properties | types))
    elif backend.graph_exists(target):
        backend.drop_graph(target)
    return len(properties), len(types)


def _drop_stale(backend: Backend, base_iri: str, sources: Iterable[str]) -> None:
    """Drop inferred graphs whose source is gone, and the single inferred graph of earlier versions."""
    keep = {local_graph(base_iri, s) for s in sources} | {transitive_graph(base_iri), pending_graph(base_iri)}
    root = inferred_graph(base_iri)
    for graph in backend.named_graphs():
        if graph.startswith(root) and is_inferred_graph(graph) and graph not in keep:
            backend.drop_graph(graph)


def refresh_inferences(backend: Backend, base_iri: str = "https://w3id.org/policy-kg/") -> InferenceStats:
    """Recompute every inferred graph from the source graphs (loads of the bundle, ``policy-kg check``, repairs)."""
    started = time.perf_counter()
    schema = load_schema(backend)
    sources = source_graphs(backend)
    properties = types = 0
    for source in sources:
        counts = refresh_local(backend, base_iri, schema, source)
        properties, types = properties + counts[0], types + counts[1]
    _drop_stale(backend, base_iri, sources)
    transitive = refresh_transitive(backend, base_iri, schema)
    return InferenceStats(inferred_graph(base_iri), properties, transitive, types, time.perf_counter() - started)


def snapshot(backend: Backend, base_iri: str, graphs: Iterable[str]) -> dict[str, set]:
    """The base edges of the transitive closures each source graph in ``graphs`` contributes, before a write."""
    schema = load_schema(backend)
    return {g: contributed_edges(backend, base_iri, schema, g) for g in graphs if is_source(g)}


def refresh_graphs(backend: Backend, base_iri: str, before: dict[str, set]) -> InferenceStats:
    """After the graphs of ``before`` (a ``snapshot``) were written: replace their local graphs, repair the closures.

    A written ontology graph changes the rules themselves, so that refreshes everything.
    """
    if any(is_ontology(g) for g in before):
        return refresh_inferences(backend, base_iri)
    started = time.perf_counter()
    schema = load_schema(backend)
    properties = types = 0
    old_edges: set = set()
    new_edges: set = set()
    for graph, edges in before.items():
        counts = refresh_local(backend, base_iri, schema, graph)
        properties, types = properties + counts[0], types + counts[1]
        old_edges |= edges
        new_edges |= contributed_edges(backend, base_iri, schema, graph)
    changed = update_transitive(backend, base_iri, schema, old_edges, new_edges)
    transitive = changed if changed is not None else 0
    return InferenceStats(inferred_graph(base_iri), properties, transitive, types, time.perf_counter() - started)
