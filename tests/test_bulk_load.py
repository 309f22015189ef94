"""Large new graphs through the bulk loader (``store/bulk.py``): the same graph as a transaction gives, and
all-or-nothing when the process dies midway (a real ``policy-kg load`` killed with SIGKILL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from policy_kg.formats import RDF_FORMATS, by_name
from policy_kg.store.bulk import BULK_BYTES, BulkLoadMarkers
from policy_kg.store.embedded import EmbeddedStore

NTRIPLES = by_name("ntriples", RDF_FORMATS)
TURTLE = by_name("turtle", RDF_FORMATS)
GRAPH = "http://example.org/graph/large"


def large_ntriples(triples: int) -> bytes:
    """Distinct triples with IRIs, Vietnamese language-tagged literals, typed literals and some blank nodes."""
    lines = []
    for i in range(triples):
        subject = f"<http://example.org/task/{i // 4}>"
        kind = i % 4
        if kind == 0:
            lines.append(f'{subject} <http://www.w3.org/2000/01/rdf-schema#label> "Nhiệm vụ số {i} \\"trích\\""@vi .')
        elif kind == 1:
            lines.append(f'{subject} <http://example.org/deadline> "2026-{i % 12 + 1:02d}-01"^^<http://www.w3.org/2001/XMLSchema#date> .')
        elif kind == 2:
            lines.append(f"{subject} <http://example.org/lead> <http://example.org/agency/{i % 97}> .")
        else:  # a few blank nodes: enough to check their handling, few enough for rdflib's isomorphism test
            note = f"_:n{i}" if i % 1000 == 3 else f"<http://example.org/note/{i}>"
            lines.append(f"{subject} <http://example.org/note> {note} .")
    return ("\n".join(lines) + "\n").encode("utf-8")


def graph_of(store: EmbeddedStore, graph: str) -> Graph:
    result = Graph()
    result.parse(data=store.serialize_graph(graph, NTRIPLES), format="nt")
    return result


def sst_files(path: Path) -> set[str]:
    return {f.name for f in path.glob("*.sst")}


def test_large_new_graph_is_the_graph_a_transaction_writes(tmp_path):
    data = large_ntriples(50_000)
    assert len(data) >= BULK_BYTES
    bulk, transactional = EmbeddedStore(tmp_path / "bulk"), EmbeddedStore(tmp_path / "transactional")
    try:
        files_before = sst_files(tmp_path / "bulk")
        assert bulk.replace_graph(GRAPH, data, NTRIPLES) == 50_000
        assert sst_files(tmp_path / "bulk") - files_before, "the bulk loader writes table files at once"
        transactional.add_to_graph(GRAPH, data, NTRIPLES)
        assert isomorphic(graph_of(bulk, GRAPH), graph_of(transactional, GRAPH))
        assert bulk.graph_exists(GRAPH) and not BulkLoadMarkers(tmp_path / "bulk").directory.exists()
    finally:
        bulk.close()
        transactional.close()


def test_replacing_an_existing_graph_replaces_it_whole(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    try:
        store.replace_graph(GRAPH, b"<http://example.org/old> <http://example.org/p> \"1\" .\n", NTRIPLES)
        store.replace_graph(GRAPH, large_ntriples(50_000), NTRIPLES)
        kept = graph_of(store, GRAPH)
        assert len(kept) == 50_000
        assert (None, None, None) in kept and not list(kept.triples((URIRef("http://example.org/old"), None, None)))
    finally:
        store.close()


def test_interrupted_bulk_load_is_undone_when_the_store_opens(tmp_path):
    """The state a crash leaves (marker written, part of the graph loaded) is rolled back on the next open."""
    path = tmp_path / "store"
    store = EmbeddedStore(path)
    store.replace_graph("http://example.org/graph/kept", b"<http://example.org/a> <http://example.org/p> \"1\" .\n", NTRIPLES)
    BulkLoadMarkers(path).begin(GRAPH)
    store.store.bulk_load(input=large_ntriples(1_000), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))
    store.close()
    reopened = EmbeddedStore(path)
    try:
        assert not reopened.graph_exists(GRAPH)
        assert reopened.named_graphs() == ["http://example.org/graph/kept"]
        assert not BulkLoadMarkers(path).directory.exists()
    finally:
        reopened.close()


@pytest.mark.slow
def test_killed_load_leaves_the_store_as_it_was(tmp_path):
    """SIGKILL a real ``policy-kg load`` while the bulk loader writes; the next command finds the store unchanged
    (``check`` also finishes the inference refresh the kill interrupted: ``reasoning/upkeep.py``)."""
    source = tmp_path / "large.nt"
    source.write_bytes(large_ntriples(600_000))
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_KG_")}
    env["POLICY_KG_STORE"] = str(tmp_path / "store")
    command = [sys.executable, "-m", "policy_kg"]
    subprocess.run([*command, "stats"], env=env, check=True, capture_output=True, timeout=300)
    before = subprocess.run([*command, "export", "--format", "nquads"], env=env, check=True, capture_output=True,
                            timeout=300).stdout
    markers = BulkLoadMarkers(tmp_path / "store")
    loading = subprocess.Popen([*command, "load", str(source)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not markers.directory.exists() and loading.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert loading.poll() is None, "the load ended before the bulk loader started; make the file larger"
    time.sleep(0.5)
    loading.send_signal(signal.SIGKILL)
    loading.wait(timeout=30)
    assert markers.interrupted()
    subprocess.run([*command, "check"], env=env, check=True, capture_output=True, timeout=600)  # opens the store
    after = subprocess.run([*command, "export", "--format", "nquads"], env=env, check=True, capture_output=True,
                           timeout=300).stdout
    assert isomorphic_datasets(before, after)
    assert not markers.directory.exists()


def isomorphic_datasets(left: bytes, right: bytes) -> bool:
    from rdflib import Dataset

    first, second = Dataset(), Dataset()
    first.parse(data=left, format="nquads")
    second.parse(data=right, format="nquads")
    graphs = lambda d: {str(g.identifier): g for g in d.graphs() if len(g)}  # noqa: E731
    a, b = graphs(first), graphs(second)
    return a.keys() == b.keys() and all(isomorphic(a[name], b[name]) for name in a)


def test_marker_directory_lives_beside_the_store(tmp_path):
    markers = BulkLoadMarkers(Path(tmp_path / "data" / "store"))
    marker = markers.begin(GRAPH)
    assert marker.parent == tmp_path / "data" / "store-bulk-loads"
    assert markers.interrupted() == [(marker, GRAPH)]
    markers.end(marker)
    assert markers.interrupted() == [] and not markers.directory.exists()
