"""Keep the derived graphs (inferences, search index) in step with every write, and survive a crash midway.

Every writer (``POST /submissions`` and withdrawal, the Graph Store Protocol, SPARQL Update, ``policy-kg load``
and ``submit``) wraps its write in ``maintained(backend, base, graphs)``:

1. under one lock per store, the base edges of the transitive closures the written source graphs contribute
   are read (``inference.snapshot``);
2. a marker ``<graph> dct:modified "now"`` per written graph goes to ``{base}graph/inferred/pending``;
3. the write runs;
4. the inferences of the written graphs are refreshed (``inference.refresh_graphs``: their local graphs and the
   closures they touch; everything for an ontology graph or an unknown set of graphs);
5. the markers are dropped, then the search index is rebuilt (last, so that ``search.index.ensure_fresh`` sees
   it built for the current store version; a crash before it is repaired by ``ensure_fresh`` on the next search).

A crash after 2 leaves the markers; ``repair`` (run when a ``PolicyKG`` opens the store, and by ``policy-kg
check``) then recomputes every inferred graph and the search index, since the edges written before the crash
are not known any more. Writers are serialised per store by the lock, so two writes never repair the same
closure from stale reads. Nothing is refreshed when the write changed nothing (the store version is unchanged).
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Iterable, Iterator

from ..search.index import refresh_search_index
from ..store import Backend
from .graphs import inferred_graph, is_ontology, is_source, pending_graph
from .inference import refresh_graphs, refresh_inferences, snapshot
from .reads import iri_rows

MODIFIED = "http://purl.org/dc/terms/modified"
_locks: dict[int, threading.RLock] = {}
_locks_guard = threading.Lock()


def store_lock(backend: Backend) -> threading.RLock:
    """The lock that serialises maintained writes to ``backend`` in this process."""
    with _locks_guard:
        return _locks.setdefault(id(backend), threading.RLock())


def _mark(backend: Backend, base_iri: str, graphs: list[str] | None) -> None:
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    subjects = graphs if graphs is not None else [inferred_graph(base_iri)]
    triples = " ".join(f'<{g}> <{MODIFIED}> "{now}"^^<http://www.w3.org/2001/XMLSchema#dateTime> .' for g in subjects)
    backend.update(f"INSERT DATA {{ GRAPH <{pending_graph(base_iri)}> {{ {triples} }} }}")


def pending(backend: Backend, base_iri: str) -> list[str]:
    """The graphs marked as written but not refreshed (``{base}graph/inferred`` itself stands for all graphs)."""
    marker = pending_graph(base_iri)
    if not backend.graph_exists(marker):
        return []
    return sorted({row[0] for row in iri_rows(backend, f"SELECT ?g WHERE {{ ?g <{MODIFIED}> ?t }}", (marker,))})


def _refresh_inferences(backend: Backend, base_iri: str, before: dict[str, set] | None) -> None:
    """All inferred graphs when ``before`` is None, else those of the snapshotted graphs and the closures."""
    if before is None:
        refresh_inferences(backend, base_iri)
    elif before:
        refresh_graphs(backend, base_iri, before)


def _finish(backend: Backend, base_iri: str, before: dict[str, set] | None, changed: bool,
            graphs: list[str] | None = None, stages: dict[str, float] | None = None) -> None:
    """Refresh, drop the markers, then bring the search index up to date for ``graphs`` (None: check them all)
    last, so the version it was built for is current. Seconds per step go to ``stages`` when given."""
    started = time.perf_counter()
    if changed:
        _refresh_inferences(backend, base_iri, before)
    marker = pending_graph(base_iri)
    if backend.graph_exists(marker):
        backend.drop_graph(marker)
    indexed = time.perf_counter()
    if changed:
        refresh_search_index(backend, base_iri, graphs)
    if stages is not None:
        stages["inferences"] = indexed - started
        stages["search index"] = time.perf_counter() - indexed


@contextmanager
def maintained(backend: Backend, base_iri: str, graphs: Iterable[str | None] | None,
               stages: dict[str, float] | None = None) -> Iterator[None]:
    """Run the write in the ``with`` block, then refresh what derives from ``graphs`` (None: any graph).

    The default graph (None in ``graphs``) feeds neither the inferences nor the search index. With ``stages``,
    the seconds of the write and of each refresh are recorded there ("write", "inferences", "search index").
    """
    named = None if graphs is None else sorted({g for g in graphs if g is not None})
    with store_lock(backend):
        if named == []:
            yield
            return
        everything = named is None or any(is_ontology(g) for g in named)
        before = None if everything else snapshot(backend, base_iri, [g for g in named if is_source(g)])
        _mark(backend, base_iri, named)
        marked = backend.version
        started = time.perf_counter()
        try:
            yield
        finally:
            if stages is not None:
                stages["write"] = time.perf_counter() - started
            _finish(backend, base_iri, before, changed=backend.version != marked,
                    graphs=None if everything else named, stages=stages)


def refresh_everything(backend: Backend, base_iri: str) -> None:
    """Recompute every inferred graph and the search index, and drop the pending markers (``policy-kg check``)."""
    with store_lock(backend):
        _finish(backend, base_iri, None, changed=True)


def repair(backend: Backend, base_iri: str) -> list[str]:
    """Finish the refresh a crash interrupted (everything is recomputed); return the graphs that were marked."""
    with store_lock(backend):
        marked = pending(backend, base_iri)
        if marked:
            refresh_everything(backend, base_iri)
        return marked
