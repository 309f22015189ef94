"""A query worker process: ``python -m policy_kg.store.query_worker FD`` answers queries over the socket ``FD``.

Started by ``workers.QueryWorkerPool`` as a plain interpreter rather than a ``multiprocessing`` spawn, which would
first re-import the parent's main module (the whole CLI, rdflib included: 10 to 20 MB a worker); this one
imports only pyoxigraph and the query executor.
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection
from typing import Any

from ..errors import PolicyKGError


def serve(conn: Connection) -> None:
    """Serve queries sent over ``conn``: (snapshot path, request) in, ("ok", result) or ("error", kind, text) out."""
    import pyoxigraph as ox

    from .embedded import execute

    opened: str | None = None
    store: Any = None
    while True:
        try:
            snapshot, request = conn.recv()
        except EOFError:
            return
        try:
            if snapshot != opened:
                store = None
                store = ox.Store.read_only(snapshot)
                opened = snapshot
            conn.send(("ok", execute(store, request)))
        except PolicyKGError as exc:
            conn.send(("error", type(exc).__name__, exc.message))
        except Exception as exc:  # noqa: BLE001 - a worker must answer, whatever pyoxigraph raised
            conn.send(("error", "StoreError", f"query failed: {exc}"))


if __name__ == "__main__":
    serve(Connection(int(sys.argv[1])))
