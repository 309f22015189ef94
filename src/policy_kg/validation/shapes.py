"""The shapes graph and the ontology's class hierarchy, read once and cached (issue "Shapes (shapes/)").

Shapes come from the store's shapes graphs (``{base}graph/shapes/{file stem}``, loaded from ``shapes/*.ttl`` by
``loading.load_bundle``) or, when the store has none (or there is no store), from the bundled files themselves.
``sh:class`` needs ``rdfs:subClassOf`` in the data graph (SHACL 1.0 §2.1.3.1 "SHACL instance"), so the
ontology's class hierarchy is kept here too and mixed into every data graph that is validated.
"""

from __future__ import annotations

import hashlib
import threading

from rdflib import Graph
from rdflib.namespace import RDFS

from ..bundle import DEFAULT_BASE_IRI, bundle_path, rebase
from ..formats import RDF_FORMATS, by_name
from ..store import Backend, QueryRequest

NTRIPLES = by_name("ntriples", RDF_FORMATS)
_cache: dict[str, Graph] = {}
_lock = threading.Lock()


def _parse_cached(key_text: bytes, fmt: str) -> Graph:
    key = hashlib.sha256(key_text).hexdigest()
    with _lock:
        graph = _cache.get(key)
        if graph is None:
            graph = Graph()
            graph.parse(data=key_text.decode("utf-8"), format=fmt)
            if len(_cache) > 8:
                _cache.clear()
            _cache[key] = graph
        return graph


def _from_store(backend: Backend, base_iri: str, kind: str, pattern: str) -> bytes:
    """The ``pattern`` triples of the graphs named ``{base_iri}graph/{kind}…``, named one by one: a FILTER on ``?g``
    made oxigraph read every quad of the store (6 s on 2.7M quads, against 0.01 s)."""
    prefix = f"{base_iri}graph/{kind}"
    graphs = [graph for graph in backend.named_graphs() if graph.startswith(prefix)]
    if not graphs:
        return b""
    values = " ".join(f"<{graph}>" for graph in graphs)
    sparql = f"CONSTRUCT {{ {pattern} }} WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ {pattern} }} }}"
    return backend.query(QueryRequest(sparql, graph_format=NTRIPLES, max_rows=10**9)).body


def _from_bundle(kind: str, base_iri: str) -> bytes:
    texts = [rebase(path.read_text(encoding="utf-8"), base_iri) for path in sorted(bundle_path(kind).glob("*.ttl"))]
    return "\n".join(texts).encode("utf-8")


def shapes_graph(backend: Backend | None = None, base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """The union of the shapes graphs of ``backend`` (or of the bundled shapes files); do not mutate it."""
    if backend is not None:
        body = _from_store(backend, base_iri, "shapes/", "?s ?p ?o")
        if body.strip():
            return _parse_cached(body, "nt")
    return _parse_cached(_from_bundle("shapes", base_iri), "turtle")


def class_hierarchy(backend: Backend | None = None, base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """The ``rdfs:subClassOf`` triples of the ontology graphs (or of the bundled ontology files)."""
    pattern = "?s <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?o"
    if backend is not None:
        body = _from_store(backend, base_iri, "ontology", pattern)
        if body.strip():
            return _parse_cached(body, "nt")
    full = _parse_cached(_from_bundle("ontology", base_iri), "turtle")
    hierarchy = Graph()
    for triple in full.triples((None, RDFS.subClassOf, None)):
        hierarchy.add(triple)
    return hierarchy

