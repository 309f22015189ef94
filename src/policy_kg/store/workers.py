"""Read queries in worker processes, each stopped for real at its deadline.

pyoxigraph has no query timeout, and a Python thread cannot be interrupted inside it, so the server keeps the
single writable store in its own process and runs every read in a pool of worker processes (``query_worker.py``,
each a plain interpreter talking over a socket pair). Each worker opens a
read-only RocksDB checkpoint of the store (``EmbeddedStore.checkpoint``: hard links, cheap) and reopens a newer
one after a write. A query that passes its deadline gets its worker killed (SIGKILL frees the CPU at once) and a
fresh worker started in its place; the client gets ``QueryTimeout``. Independent queries use both cores.

A worker keeps the index and filter blocks of every table file its queries touched (RocksDB's table readers,
which pyoxigraph gives no setting to bound), so its memory grows with the share of the store it has read. A worker
whose resident memory passes ``max_rss_bytes`` after an answer is retired (it is idle, so it is simply killed) and
a fresh one takes its place: the pool's memory is bounded, at the cost of reading those blocks again.
"""

from __future__ import annotations

import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..errors import PolicyKGError, QuerySyntaxError, QueryTimeout, ResultTooLarge, StoreError
from .base import QueryRequest
from .results import QueryResult

_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")

_ERRORS: dict[str, type[PolicyKGError]] = {
    cls.__name__: cls for cls in (QuerySyntaxError, ResultTooLarge, StoreError)
}


@dataclass
class _Worker:
    process: subprocess.Popen
    conn: Connection
    snapshot: str | None = None

    def rss_bytes(self) -> int:
        """Resident memory of the worker process (``/proc/<pid>/statm``, second field), 0 once it is gone."""
        try:
            with open(f"/proc/{self.process.pid}/statm", encoding="ascii") as statm:
                return int(statm.read().split()[1]) * _PAGE_BYTES
        except (OSError, IndexError, ValueError):
            return 0


class QueryWorkerPool:
    """``size`` worker processes answering ``QueryRequest``s against checkpoints of ``store``; a worker above
    ``max_rss_bytes`` after an answer is replaced by a fresh one (0 or less: never)."""

    def __init__(self, store: Any, size: int, snapshot_root: Path, max_rss_bytes: int = 0) -> None:
        self.store = store
        self.max_rss_bytes = max_rss_bytes
        self.snapshot_root = snapshot_root
        shutil.rmtree(snapshot_root, ignore_errors=True)
        snapshot_root.mkdir(parents=True)
        self._lock = threading.Lock()
        self._snapshot: tuple[str, str] | None = None  # (store version, path)
        self._counter = 0
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self.killed = 0
        self.recycled = 0
        for _ in range(max(1, size)):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        parent, child = socket.socketpair()
        with child:
            process = subprocess.Popen([sys.executable, "-m", "policy_kg.store.query_worker", str(child.fileno())],
                                       pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL)
        worker = _Worker(process, Connection(parent.detach()))
        with self._lock:
            self._all.append(worker)
        return worker

    def current_snapshot(self) -> str:
        """The checkpoint of the store's current version, made on the first read after a write."""
        with self._lock:
            version = self.store.version
            if self._snapshot is None or self._snapshot[0] != version:
                self._counter += 1
                path = self.snapshot_root / f"v{self._counter:06d}"
                self.store.checkpoint(path)
                self._snapshot = (version, str(path))
                self._remove_unused_snapshots()
            return self._snapshot[1]

    def _remove_unused_snapshots(self) -> None:
        keep = {w.snapshot for w in self._all} | {self._snapshot[1] if self._snapshot else None}
        for path in self.snapshot_root.iterdir():
            if str(path) not in keep:
                shutil.rmtree(path, ignore_errors=True)

    def run(self, request: QueryRequest, timeout: float) -> QueryResult:
        """Answer ``request`` in a worker, or raise ``QueryTimeout`` after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout(f"no query worker became free within {timeout:g} s; try again shortly") from None
        snapshot = self.current_snapshot()
        try:
            worker.snapshot = snapshot
            worker.conn.send((snapshot, request))
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                self._replace(worker)
                worker = None
                raise QueryTimeout(
                    f"the query ran longer than {timeout:g} s (setting query_timeout) and was stopped",
                    link="https://www.w3.org/TR/sparql11-protocol/#query-failure",
                )
            answer = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            worker = None
            raise StoreError("the query worker stopped unexpectedly; the query was not answered") from None
        finally:
            if worker is not None:
                self._release(worker)
        if answer[0] == "ok":
            return answer[1]
        raise _ERRORS.get(answer[1], StoreError)(answer[2])

    def _release(self, worker: _Worker) -> None:
        """Put ``worker`` back in the idle queue, or a fresh one in its place if it has grown past the limit."""
        if self.max_rss_bytes > 0 and worker.rss_bytes() > self.max_rss_bytes:
            self.recycled += 1
            self._retire(worker)  # idle, on a read-only checkpoint: killing it loses nothing
        else:
            self._idle.put(worker)

    def _replace(self, worker: _Worker | None) -> None:
        if worker is not None:
            self.killed += 1
            self._retire(worker)

    def _retire(self, worker: _Worker) -> None:
        """Kill ``worker`` and put a fresh one in the idle queue."""
        worker.process.kill()
        worker.process.wait(timeout=5)
        worker.conn.close()
        with self._lock:
            self._all.remove(worker)
        self._idle.put(self._spawn())

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), []
        for worker in workers:
            worker.process.kill()
            worker.process.wait(timeout=5)
            worker.conn.close()
        shutil.rmtree(self.snapshot_root, ignore_errors=True)
