"""Helpers for the hardening tests (attacks, fuzzing, load, crash safety, backup): a server that can be killed
with SIGKILL together with its query workers, dataset comparison by isomorphism per graph, and a submission
body that conforms to the shapes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

import requests
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from conftest import WRITE_TOKEN, LiveServer

NQUADS = "application/n-quads"


class KillableServer(LiveServer):
    """``policy-kg serve`` in a session of its own, so SIGKILL to its process group also kills the query workers."""

    new_session = True
    start_seconds = 90

    def kill(self) -> None:
        """SIGKILL the server and every process of its group (the query workers); no shutdown code runs."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while _group_alive(self.process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        self._log_file.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def alive(self) -> bool:
        return self.process.poll() is None and requests.get(self.url + "/health", timeout=5).ok


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def write_headers(content_type: str = "text/turtle") -> dict[str, str]:
    return {"Authorization": f"Bearer {WRITE_TOKEN}", "Content-Type": content_type, "Accept": "application/json"}


def dump(url: str) -> bytes:
    """The whole store as N-Quads (GET /store)."""
    answer = requests.get(url + "/store", headers={"Accept": NQUADS}, timeout=60)
    answer.raise_for_status()
    return answer.content


def graphs_of(nquads: bytes) -> dict[str, Graph]:
    """Each graph of an N-Quads dataset as an rdflib graph, keyed by name ('' for the default graph)."""
    dataset = Dataset()
    dataset.parse(data=nquads, format="nquads")
    out: dict[str, Graph] = {}
    for context in dataset.graphs():
        if len(context) == 0:
            continue
        name = "" if context.identifier == URIRef("urn:x-rdflib:default") else str(context.identifier)
        graph = Graph()
        for triple in context:
            graph.add(triple)
        out[name] = graph
    return out


def assert_same_dataset(before: bytes, after: bytes) -> None:
    """Same graph names, and each graph isomorphic (blank nodes compared by structure)."""
    left, right = graphs_of(before), graphs_of(after)
    assert sorted(left) == sorted(right)
    for name in left:
        assert isomorphic(left[name], right[name]), f"graph {name or '(default)'} differs"


PERSON = """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<{iri}> a foaf:Person ; foaf:name "Người thử {n}" ; prov:wasDerivedFrom <https://example.org/hardening/source> ;
    rdfs:label "Người thử {n}"@vi , "Test person {n}"@en .
"""


def person(tag: str, n: int) -> tuple[str, str]:
    """(subject IRI, Turtle body) of a conforming submission about a new person."""
    iri = f"https://example.org/hardening/{tag}/person-{n}"
    return iri, PERSON.format(iri=iri, n=n)


def turtle_graph(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")
