"""Large new graphs through the engine's bulk loader, all-or-nothing even if the process dies midway.

pyoxigraph's ``Store.load`` is one transaction, about 30 000 triples a second on this machine (1M triples: 31 s);
``Store.bulk_load`` writes sorted files straight into the store, three to four times faster
(``python -m bench.load_probe FILE bulk``), but a failure or a crash leaves what it wrote so far. A graph that
does not exist yet can take that path and still be all-or-nothing: a marker file naming the graph is written and
synced before the load and removed after it. A store opened with a marker left over drops that graph, which held
nothing before the load began, so the store is as it was.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

BULK_BYTES = 2**22
"""Writes of at least this much N-Triples (about 30 000 triples) take the bulk path; smaller ones stay transactions,
since every bulk load adds files that later reads and compactions pay for."""


class BulkLoadMarkers:
    """The marker files of bulk loads in progress, in ``<store>-bulk-loads/`` beside the store directory."""

    def __init__(self, store_path: Path) -> None:
        self.directory = store_path.parent / f"{store_path.name}-bulk-loads"

    def begin(self, graph: str) -> Path:
        """Record, durably, that ``graph`` is about to be bulk-loaded."""
        self.directory.mkdir(parents=True, exist_ok=True)
        marker = self.directory / hashlib.sha1(graph.encode("utf-8")).hexdigest()
        with marker.open("w", encoding="utf-8") as handle:
            handle.write(graph)
            handle.flush()
            os.fsync(handle.fileno())
        self._sync_directory()
        return marker

    def end(self, marker: Path) -> None:
        marker.unlink(missing_ok=True)
        self._sync_directory()
        if not any(self.directory.iterdir()):
            self.directory.rmdir()

    def interrupted(self) -> list[tuple[Path, str]]:
        """(marker, graph) of every bulk load a crash cut short."""
        if not self.directory.is_dir():
            return []
        return [(marker, marker.read_text(encoding="utf-8")) for marker in sorted(self.directory.iterdir())]

    def _sync_directory(self) -> None:
        descriptor = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
