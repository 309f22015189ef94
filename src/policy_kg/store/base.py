"""The backend interface: everything the CLI, the web layer, validation and search ask of a store.

The embedded pyoxigraph store implements it (``embedded.py``); a store reached over the SPARQL 1.1 protocols is
the scale-out issue's second implementation, so that a backend is a configuration, not a second code path.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from ..formats import RDF_FORMATS, RESULT_FORMATS, Format, by_name
from .results import QueryResult

JSON_RESULTS = by_name("json", RESULT_FORMATS)
TSV_RESULTS = by_name("tsv", RESULT_FORMATS)
NTRIPLES_FORMAT = by_name("ntriples", RDF_FORMATS)
# Materialised inferences live in ``{base}graph/inferred`` and the graphs under it, ``{base}graph/inferred/...``
# (reasoning/graphs.py); ``inference=false`` hides all of them.
INFERRED_GRAPH_SUFFIX = "graph/inferred"


def is_inferred_graph(iri: str) -> bool:
    """``{base}graph/inferred`` itself or any graph under it (``{base}graph/inferred/<sha1>``, ``.../transitive``)."""
    return iri.endswith(INFERRED_GRAPH_SUFFIX) or f"{INFERRED_GRAPH_SUFFIX}/" in iri


@dataclass(frozen=True)
class QueryDataset:
    """The RDF dataset of a request (SPARQL 1.1 Protocol §2.1.4): explicit graphs, or the union by default.

    With neither ``default_graphs`` nor ``named_graphs`` given, the default graph is the union of all graphs
    (the service description advertises ``sd:UnionDefaultGraph``).
    """

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    exclude_inferred: bool = False  # leave out ``{base}graph/inferred`` and everything under it (``inference=false``)

    @property
    def is_explicit(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


@dataclass(frozen=True)
class QueryRequest:
    """A read query and how its answer should be serialised."""

    sparql: str
    results_format: Format = JSON_RESULTS
    graph_format: Format | None = None
    dataset: QueryDataset = field(default_factory=QueryDataset)
    max_rows: int = 10_000
    base_iri: str | None = None


class Backend(ABC):
    """A store of named graphs that answers SPARQL 1.1."""

    @abstractmethod
    def query(self, request: QueryRequest, timeout: float | None = None) -> QueryResult:
        """Run a read query and return its serialised result."""

    @abstractmethod
    def update(self, sparql: str, base_iri: str | None = None) -> None:
        """Run a SPARQL 1.1 Update atomically."""

    @abstractmethod
    def replace_graph(
        self, graph: str | None, data: bytes, fmt: Format, base_iri: str | None = None, source: str = "body"
    ) -> int:
        """Parse ``data`` completely, then replace the graph's content with it in one transaction; return its size.

        ``graph`` None is the default graph. A parse error raises before the store is touched.
        """

    @abstractmethod
    def add_to_graph(
        self, graph: str | None, data: bytes, fmt: Format, base_iri: str | None = None, source: str = "body"
    ) -> int:
        """Parse ``data`` (named ``source`` in errors) completely, then add it to the graph in one transaction; return the triples added."""

    @abstractmethod
    def drop_graph(self, graph: str | None) -> bool:
        """Remove a named graph (or empty the default graph); False when it did not exist."""

    @abstractmethod
    def graph_exists(self, graph: str | None) -> bool: ...

    @abstractmethod
    def serialize_graph(self, graph: str | None, fmt: Format) -> bytes: ...

    @abstractmethod
    def named_graphs(self) -> list[str]: ...

    @abstractmethod
    def dump(self, fmt: Format) -> bytes:
        """The whole dataset, in a dataset format (N-Quads, TriG) or, for a triple format, the union of graphs."""

    @abstractmethod
    def is_empty(self) -> bool: ...

    @property
    @abstractmethod
    def version(self) -> str:
        """Changes on every write; HTTP ETags and the result cache are keyed on it."""

    def close(self) -> None:
        """Release the store."""

    def select(self, sparql: str, max_rows: int = 1_000_000, timeout: float | None = None) -> list[dict[str, Any]]:
        """Run a SELECT and return its rows as dicts of plain values (IRIs and literals as strings, numbers as numbers)."""
        result = self.query(QueryRequest(sparql, max_rows=max_rows), timeout=timeout)
        payload = json.loads(result.body)
        return [{name: _plain(term) for name, term in row.items()} for row in payload["results"]["bindings"]]

    def add_derived(self, graph: str, data: bytes) -> None:
        """Add N-Triples this program wrote (inferences, search postings) to the derived graph ``graph``.

        Derived graphs are recomputed from their sources after a crash (``reasoning/upkeep.py``: pending markers;
        ``search/index.py``: the fingerprint stamp written last), so a backend may write them without a
        transaction; this one adds them like any other data."""
        self.add_to_graph(graph, data, NTRIPLES_FORMAT, source="derived graph")

    def replace_derived(self, graph: str, data: bytes) -> None:
        """Replace the derived graph ``graph`` with ``data`` (see ``add_derived``)."""
        self.replace_graph(graph, data, NTRIPLES_FORMAT, source="derived graph")

    def iri_rows(self, sparql: str, graphs: tuple[str, ...]) -> list[tuple[str, ...]]:
        """Rows of a SELECT whose bindings are all IRIs, over the union of ``graphs``, without a row cap; read as
        SPARQL 1.1 Query Results TSV (§3: an IRI cell is ``<iri>``), cheaper than JSON for 10⁵–10⁶ rows."""
        request = QueryRequest(sparql, results_format=TSV_RESULTS, dataset=QueryDataset(default_graphs=graphs),
                               max_rows=10**10)
        lines = self.query(request).body.decode("utf-8").split("\n")[1:]
        return [tuple(cell[1:-1] for cell in line.split("\t")) for line in lines if line]

    def ask(self, sparql: str) -> bool:
        return bool(json.loads(self.query(QueryRequest(sparql)).body)["boolean"])


_NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#integer": int,
    "http://www.w3.org/2001/XMLSchema#decimal": float,
    "http://www.w3.org/2001/XMLSchema#double": float,
}


def _plain(term: dict[str, Any]) -> Any:
    convert = _NUMERIC.get(term.get("datatype", ""))
    return convert(term["value"]) if convert else term["value"]
