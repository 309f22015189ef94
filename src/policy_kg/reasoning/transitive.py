"""prp-trp (OWL 2 RL, https://www.w3.org/TR/owl2-profiles/#OWL_2_RL §4.3): the closures of transitive properties.

The closures span graphs (a task in a submission derives from a curated programme, which derives from a curated
resolution), so they live in one graph, ``{base}graph/inferred/transitive``, holding every pair the closure adds
to its *base edges*: the edges of the transitive property asserted in the source graphs or inferred in their
local graphs (``pol:taskOf`` gives ``pol:derivesFrom`` there). Invariant: base edges ∪ that graph is the closure
and the graph holds no base edge.

``refresh_transitive`` recomputes it from all base edges. ``update_transitive`` repairs it after one graph
changed its base edges (added, replaced or dropped): with S the sources of the changed edges, only nodes in S or
with an edge into S (in the old closure, which is closed) can change what they reach, and for each such node the
new closure is walked over the new base edges, taking the closed, unchanged closure of every node outside that
set in one step. A leaf submission (a new task) touches a handful of nodes, whatever the size of the store.
"""

from __future__ import annotations

from collections import defaultdict

from ..store import Backend
from .graphs import base_edge_graphs, local_graph, transitive_graph
from .reads import batches, iri_rows, iri_values, ntriples
from .schema import Schema, apply_properties, closure

MAX_ROUNDS = 10
DELTA_LIMIT = 20_000  # changed edges or affected nodes beyond which a full recomputation is cheaper


def _edges(backend: Backend, props, graphs) -> dict[str, set[tuple[str, str]]]:
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    if not props:
        return found
    sparql = f"SELECT ?p ?s ?o WHERE {{ VALUES ?p {{ {iri_values(props)} }} ?s ?p ?o FILTER(isIRI(?s) && isIRI(?o)) }}"
    for p, s, o in iri_rows(backend, sparql, graphs):
        found[p].add((s, o))
    return found


def full_closure(backend: Backend, base_iri: str, schema: Schema) -> set[tuple[str, str, str]]:
    """The closure triples that are not base edges, in rounds (closure, then the property rules on it) to a fixpoint."""
    graphs = base_edge_graphs(backend, base_iri)
    known = _edges(backend, schema.transitive, graphs)
    found: set[tuple[str, str, str]] = set()
    for _ in range(MAX_ROUNDS):
        new: set[tuple[str, str, str]] = set()
        for prop in sorted(schema.transitive):
            adjacency: dict[str, set[str]] = defaultdict(set)
            for s, o in known[prop] | {(s, o) for s, p, o in found if p == prop}:
                adjacency[s].add(o)
            for node in list(adjacency):
                new.update((node, prop, reached) for reached in closure(adjacency, node))
        new |= apply_properties(schema, new)
        missing = {p for _, p, _ in new} - set(known)
        known.update(_edges(backend, missing, graphs))
        for prop in missing:
            known.setdefault(prop, set())
        new = {t for t in new - found if (t[0], t[2]) not in known[t[1]]}
        if not new:
            break
        found |= new
    return found


def refresh_transitive(backend: Backend, base_iri: str, schema: Schema) -> int:
    """Recompute ``{base}graph/inferred/transitive`` from all base edges; return its size."""
    triples = full_closure(backend, base_iri, schema)
    target = transitive_graph(base_iri)
    if triples:
        backend.replace_derived(target, ntriples(triples))
    elif backend.graph_exists(target):
        backend.drop_graph(target)
    return len(triples)


def contributed_edges(backend: Backend, base_iri: str, schema: Schema, graph: str) -> set[tuple[str, str, str]]:
    """The base edges ``graph`` contributes: transitive-property triples in it and in its local inferred graph."""
    edges = _edges(backend, schema.transitive, (graph, local_graph(base_iri, graph)))
    return {(s, p, o) for p, pairs in edges.items() for s, o in pairs}


def _successors(backend: Backend, prop: str, nodes: set[str], graphs) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for batch in batches(nodes):
        sparql = f"SELECT ?s ?o WHERE {{ VALUES ?s {{ {iri_values(batch)} }} ?s <{prop}> ?o FILTER(isIRI(?o)) }}"
        for s, o in iri_rows(backend, sparql, graphs):
            found[s].add(o)
    return found


def _predecessors(backend: Backend, prop: str, nodes: set[str], graphs) -> set[str]:
    found: set[str] = set()
    for batch in batches(nodes):
        sparql = f"SELECT ?x WHERE {{ VALUES ?s {{ {iri_values(batch)} }} ?x <{prop}> ?s FILTER(isIRI(?x)) }}"
        found.update(row[0] for row in iri_rows(backend, sparql, graphs))
    return found


def _reach(start: str, affected: set[str], direct: dict[str, set[str]], beyond: dict[str, set[str]]) -> set[str]:
    """What ``start`` reaches: new base edges inside ``affected``, the closed old closure outside it."""
    reached: set[str] = set()
    stack = [start]
    while stack:
        for nxt in direct.get(stack.pop(), ()):
            if nxt in reached:
                continue
            reached.add(nxt)
            if nxt in affected:
                stack.append(nxt)
            else:
                reached |= beyond.get(nxt, set())
    return reached


def _write_delta(backend: Backend, base_iri: str, deletes: set, inserts: set) -> None:
    graph = transitive_graph(base_iri)
    parts = []
    if deletes:
        parts.append(f"DELETE DATA {{ GRAPH <{graph}> {{ {ntriples(deletes).decode('utf-8')} }} }}")
    if inserts:
        parts.append(f"INSERT DATA {{ GRAPH <{graph}> {{ {ntriples(inserts).decode('utf-8')} }} }}")
    if parts:
        backend.update(" ;\n".join(parts))


def update_transitive(backend: Backend, base_iri: str, schema: Schema, before: set, after: set) -> int | None:
    """Repair the transitive graph after base edges went from ``before`` to ``after`` (the local graph is written).

    Returns the number of triples deleted plus inserted, or None when it recomputed the graph whole (a schema
    whose closures entail more, or a change larger than ``DELTA_LIMIT``).
    """
    changed = before ^ after
    if not changed:
        return 0
    if not schema.closures_are_final or len(changed) > DELTA_LIMIT:
        refresh_transitive(backend, base_iri, schema)
        return None
    base_graphs = base_edge_graphs(backend, base_iri)
    inferred = (transitive_graph(base_iri),)
    deletes: set = set()
    inserts: set = set()
    for prop in sorted({p for _, p, _ in changed}):
        starts = {s for s, p, _ in changed if p == prop}
        affected = starts | _predecessors(backend, prop, starts, base_graphs + inferred)
        if len(affected) > DELTA_LIMIT:
            refresh_transitive(backend, base_iri, schema)
            return None
        direct = _successors(backend, prop, affected, base_graphs)
        exits = {node for targets in direct.values() for node in targets} - affected
        beyond = _successors(backend, prop, exits, base_graphs + inferred)
        old = _successors(backend, prop, affected, inferred)
        for node in affected:
            new = _reach(node, affected, direct, beyond) - direct.get(node, set())
            deletes |= {(node, prop, o) for o in old.get(node, set()) - new}
            inserts |= {(node, prop, o) for o in new - old.get(node, set())}
    _write_delta(backend, base_iri, deletes, inserts)
    return len(deletes) + len(inserts)
