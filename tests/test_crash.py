"""Crash safety: SIGKILL the server (and its query workers) in the middle of a stream of submissions and graph
writes, restart it on the same store: every write the client saw accepted is there whole, every other one is
absent or whole, never partial, and the store opens without repair.

No explicit flush is needed: pyoxigraph writes each transaction to RocksDB's write-ahead log before it returns,
and a killed process loses nothing the kernel already holds (power loss is another matter: see docs/security.md).
"""

from __future__ import annotations

import random
import threading
import time

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import BASE
from hardening import KillableServer, graphs_of, dump, person, turtle_graph, write_headers

pytestmark = pytest.mark.slow
TRIPLES_PER_GRAPH = 2000


def big_graph(n: int) -> str:
    return "\n".join(f"<https://example.org/crash/{n}/s{i}> <https://example.org/p> {i} ." for i in range(TRIPLES_PER_GRAPH))


class Stream:
    """Writers sending submissions and whole-graph PUTs until told to stop; they record what was acknowledged."""

    def __init__(self, server: KillableServer, tag: str) -> None:
        self.server, self.tag = server, tag
        self.stop = threading.Event()
        self.sent_submissions: dict[str, str] = {}
        self.accepted_submissions: dict[str, str] = {}
        self.sent_graphs: list[int] = []
        self.accepted_graphs: list[int] = []
        self.refused: list[tuple[int, str]] = []
        self.threads = [threading.Thread(target=self._submit, args=(k,)) for k in range(2)]
        self.threads.append(threading.Thread(target=self._put))

    def _submit(self, k: int) -> None:
        n = k * 100_000
        while not self.stop.is_set():
            iri, body = person(self.tag, n)
            self.sent_submissions[iri] = body
            try:
                answer = requests.post(self.server.url + "/submissions", data=body.encode(), headers=write_headers(), timeout=30)
            except requests.RequestException:
                return
            if answer.status_code == 201:
                self.accepted_submissions[iri] = answer.json()["submission"]["graph"]
            else:
                self.refused.append((answer.status_code, answer.text[:200]))
            n += 1

    def _put(self) -> None:
        n = 0
        while not self.stop.is_set():
            self.sent_graphs.append(n)
            try:
                answer = requests.put(self.server.url + "/store", params={"graph": f"{BASE}graph/crash-{self.tag}/{n}"},
                                      data=big_graph(n).encode(), headers=write_headers("text/turtle"), timeout=30)
            except requests.RequestException:
                return
            if answer.status_code in (201, 204):
                self.accepted_graphs.append(n)
            else:
                self.refused.append((answer.status_code, answer.text[:200]))
            n += 1

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def join(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


def check(after: bytes, stream: Stream) -> None:
    graphs = graphs_of(after)
    for n in stream.sent_graphs:
        name = f"{BASE}graph/crash-{stream.tag}/{n}"
        if n in stream.accepted_graphs:
            assert name in graphs, f"acknowledged graph {n} lost"
        if name in graphs:
            assert isomorphic(graphs[name], Graph().parse(data=big_graph(n), format="turtle")), f"graph {n} is partial"
    owners: dict[str, list[str]] = {}
    for name, graph in graphs.items():
        for subject in set(graph.subjects()):
            owners.setdefault(str(subject), []).append(name)
    records = graphs.get(f"{BASE}graph/submissions", Graph())
    for iri, body in stream.sent_submissions.items():
        homes = [name for name in owners.get(iri, []) if "/graph/submission/" in name]
        if iri in stream.accepted_submissions:
            assert homes == [stream.accepted_submissions[iri]], f"acknowledged submission {iri} lost or duplicated"
        assert len(homes) <= 1
        for home in homes:
            assert isomorphic(graphs[home], turtle_graph(body)), f"submission {iri} is partial"
            assert any(str(o) == home for o in records.objects()), f"submission {iri} has no provenance record"


def test_sigkill_during_writes_loses_no_acknowledged_write(tmp_path):
    store = tmp_path / "store"
    server = KillableServer(store)
    rounds = []
    for round_number in range(2):
        stream = Stream(server, f"r{round_number}")
        stream.start()
        deadline = time.monotonic() + 60
        while (len(stream.accepted_submissions) < 4 or len(stream.accepted_graphs) < 2) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(random.uniform(0.0, 0.4))
        server.kill()
        stream.join()
        rounds.append(stream)
        assert stream.refused == []
        assert stream.accepted_submissions and stream.accepted_graphs
        server = KillableServer(store)
        after = dump(server.url)
        for earlier in rounds:
            check(after, earlier)
    server.stop()
    log = server.log.read_text(errors="replace").lower()
    assert "repair" not in log and "corrupt" not in log
    reopened = ox.Store(str(store))
    assert len(reopened) > 0
    del reopened
