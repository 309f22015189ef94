"""The service layer between HTTP (or the CLI) and the backend: guards, limits, deadlines and the result cache.

The web layer calls only this; it never touches pyoxigraph. A read goes: size check, SERVICE/LOAD guard,
cache, worker pool with deadline. A write goes: guard, backend, and the cache is dropped with the old version.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from .errors import PayloadTooLarge
from .input_guard import check_sparql_nesting
from .loading import ensure_bundle
from .reasoning.upkeep import maintained, repair
from .settings import Settings
from .sparql_text import check_remote_access
from .store import Backend, QueryRequest, QueryResult, open_backend
from .store.workers import QueryWorkerPool
from .update_scope import written_graphs


class ResultCache:
    """A bounded LRU of serialised results, valid for one store version only."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._items: OrderedDict[tuple, QueryResult] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple) -> QueryResult | None:
        with self._lock:
            result = self._items.get(key)
            if result is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return result

    def count_hit(self) -> None:
        """Count a hit answered by a cache in front of this one (``web/repeated_reads.py``)."""
        with self._lock:
            self.hits += 1

    def put(self, key: tuple, result: QueryResult) -> None:
        if self.entries <= 0:
            return
        with self._lock:
            self._items[key] = result
            self._items.move_to_end(key)
            while len(self._items) > self.entries:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class PolicyKG:
    """One running graph: its settings, backend, query workers and cache."""

    def __init__(self, settings: Settings, backend: Backend | None = None, workers: bool = True) -> None:
        self.settings = settings
        self.backend = backend or open_backend(settings)
        ensure_bundle(self.backend, settings)
        repair(self.backend, settings["base_iri"])
        self.cache = ResultCache(settings["cache_entries"])
        self.pool: QueryWorkerPool | None = None
        if workers and hasattr(self.backend, "checkpoint"):
            snapshots = Path(str(settings["store"]).rstrip("/") + "-snapshots")
            self.pool = QueryWorkerPool(self.backend, settings["query_workers"], snapshots,
                                        settings["query_worker_max_rss_mb"] * 2**20)

    @property
    def version(self) -> str:
        return self.backend.version

    def check_query_text(self, text: str, what: str = "query") -> None:
        limit = self.settings["max_query_bytes"]
        if len(text.encode("utf-8")) > limit:
            raise PayloadTooLarge(f"the {what} is longer than {limit} bytes (setting max_query_bytes)")
        check_sparql_nesting(text, what)
        check_remote_access(text, self.settings["service_allowlist"])

    def query(self, request: QueryRequest) -> tuple[QueryResult, bool]:
        """Answer a read query; returns the result and whether it came from the cache."""
        self.check_query_text(request.sparql)
        key = (self.version, request)
        cached = self.cache.get(key)
        if cached is not None:
            return cached, True
        if self.pool is not None:
            result = self.pool.run(request, self.settings["query_timeout"])
        else:
            result = self.backend.query(request, timeout=self.settings["query_timeout"])
        self.cache.put(key, result)
        return result, False

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        """Run a SPARQL Update, then refresh the inferences and search index of the graphs it may write."""
        self.check_query_text(sparql, "update")
        try:
            with maintained(self.backend, self.settings["base_iri"], written_graphs(sparql, base_iri)):
                self.backend.update(sparql, base_iri=base_iri)
        finally:
            self.cache.clear()

    def wrote(self) -> None:
        """Call after any write made through ``backend`` directly (graph store, submissions)."""
        self.cache.clear()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
        self.backend.close()
