"""Which named graphs reasoning reads and where it writes (docs/model.md, "Named graphs"; docs/inference.md).

Reasoning reads the ontology (``graph/ontology/*``), the curated data and linksets (``graph/data/*``), files
loaded with ``policy-kg load`` (``graph/file/*``) and accepted submissions (``graph/submission/*``); never the
shapes. Materialised inferences go under ``{base}graph/inferred`` (``store.base.is_inferred_graph``):

- ``{base}graph/inferred/<sha1 of the source graph IRI>``: what one source graph entails on its own (inverses,
  subproperties, superclasses), created, replaced and dropped with its source graph;
- ``{base}graph/inferred/transitive``: the transitive closures, which span graphs;
- ``{base}graph/inferred/pending``: markers of source graphs written whose inferences are not refreshed yet.
"""

from __future__ import annotations

import hashlib

from ..store import Backend
from ..store.base import INFERRED_GRAPH_SUFFIX

SOURCE_KINDS = ("/graph/ontology/", "/graph/data/", "/graph/file/", "/graph/submission/")


def is_source(graph: str | None) -> bool:
    """Whether ``graph`` holds asserted ontology or data that reasoning reads."""
    return graph is not None and any(kind in graph for kind in SOURCE_KINDS)


def is_ontology(graph: str | None) -> bool:
    return graph is not None and "/graph/ontology/" in graph


def source_graphs(backend: Backend) -> list[str]:
    """The named graphs that hold asserted ontology and data: what the gate checks and the rules read."""
    return [g for g in backend.named_graphs() if is_source(g)]


def ontology_graphs(backend: Backend) -> list[str]:
    return [g for g in backend.named_graphs() if is_ontology(g)]


def inferred_graph(base_iri: str) -> str:
    """``https://w3id.org/policy-kg/graph/inferred`` for the default base: the root of the inferred graphs."""
    return base_iri + INFERRED_GRAPH_SUFFIX


def local_graph(base_iri: str, source: str) -> str:
    """The graph of what ``source`` entails on its own: ``{base}graph/inferred/<sha1 of the source IRI>``."""
    return f"{inferred_graph(base_iri)}/{hashlib.sha1(source.encode('utf-8')).hexdigest()}"


def transitive_graph(base_iri: str) -> str:
    return f"{inferred_graph(base_iri)}/transitive"


def pending_graph(base_iri: str) -> str:
    return f"{inferred_graph(base_iri)}/pending"


def base_edge_graphs(backend: Backend, base_iri: str) -> tuple[str, ...]:
    """The source graphs and their local inferred graphs: the edges the transitive closures start from."""
    graphs = backend.named_graphs()
    sources = [g for g in graphs if is_source(g)]
    present = set(graphs)
    return tuple(sources + [local for local in (local_graph(base_iri, s) for s in sources) if local in present])
