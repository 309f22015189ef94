"""Which named graphs reasoning reads and where it writes (docs/model.md, "Named graphs").

Reasoning reads the ontology (``graph/ontology/*``), the curated data and linksets (``graph/data/*``), files
loaded with ``policy-kg load`` (``graph/file/*``) and accepted submissions (``graph/submission/*``); never the
shapes. Materialised inferences go to ``{base}graph/inferred`` (``store.base.INFERRED_GRAPH_SUFFIX``).
"""

from __future__ import annotations

from ..store import Backend
from ..store.base import INFERRED_GRAPH_SUFFIX

SOURCE_KINDS = ("/graph/ontology/", "/graph/data/", "/graph/file/", "/graph/submission/")


def source_graphs(backend: Backend) -> list[str]:
    """The named graphs that hold asserted ontology and data: what the gate checks and the rules read."""
    return [g for g in backend.named_graphs() if any(kind in g for kind in SOURCE_KINDS)]


def ontology_graphs(backend: Backend) -> list[str]:
    return [g for g in backend.named_graphs() if "/graph/ontology/" in g]


def inferred_graph(base_iri: str) -> str:
    """``https://w3id.org/policy-kg/graph/inferred`` for the default base."""
    return base_iri + INFERRED_GRAPH_SUFFIX
