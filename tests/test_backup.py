"""``policy-kg backup`` while serving and ``policy-kg restore``: the round trip is isomorphic, graph by graph."""

from __future__ import annotations

import json
import threading

import pytest
import requests
from click.testing import CliRunner

from conftest import BASE, WRITE_TOKEN, LiveServer
from hardening import assert_same_dataset, dump, graphs_of, write_headers
from policy_kg.cli import main
from policy_kg.formats import RDF_FORMATS, by_name
from policy_kg.store.embedded import EmbeddedStore

pytestmark = pytest.mark.slow
NQUADS = by_name("nquads", RDF_FORMATS)


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env={"POLICY_KG_TOKEN": None, **(env or {})}, catch_exceptions=False)


def store_dump(path) -> bytes:
    store = EmbeddedStore(path)
    try:
        return store.dump(NQUADS)
    finally:
        store.close()


def put_graph(server, n: int, triples: int = 50) -> None:
    body = "\n".join(f'<https://example.org/backup/{n}/s{i}> <https://example.org/p> "đối tượng {i}"@vi ; '
                     f'<https://example.org/q> [ <https://example.org/r> {i} ] .' for i in range(triples))
    answer = requests.put(server.url + "/store", params={"graph": f"{BASE}graph/backup-test/{n}"}, data=body.encode(),
                          headers=write_headers(), timeout=30)
    assert answer.status_code in (201, 204), answer.text


def test_backup_while_serving_and_restore_round_trip(tmp_path):
    server = LiveServer(tmp_path / "store")
    try:
        for n in range(3):
            put_graph(server, n)
        before = dump(server.url)
        result = run("backup", str(tmp_path / "backup"), "--server", server.url, "--token", WRITE_TOKEN)
        assert result.exit_code == 0, result.output
        manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
        assert manifest["quads"] == before.count(b"\n")
        assert requests.get(server.url + "/health", timeout=10).ok
    finally:
        server.stop()
    restored = tmp_path / "restored"
    result = run("restore", str(tmp_path / "backup"), "--store", str(restored))
    assert result.exit_code == 0, result.output
    assert_same_dataset(before, store_dump(restored))
    again = LiveServer(restored)
    try:
        assert_same_dataset(before, dump(again.url))
    finally:
        again.stop()


def test_backup_during_a_stream_of_writes_is_consistent(tmp_path):
    server = LiveServer(tmp_path / "store")
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        n = 100
        while not stop.is_set():
            put_graph(server, n, triples=200)
            written.append(n)
            n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 3:
            stop.wait(0.1)
        result = run("backup", str(tmp_path / "backup"), "--server", server.url, "--token", WRITE_TOKEN)
        assert result.exit_code == 0, result.output
    finally:
        stop.set()
        thread.join()
        server.stop()
    graphs = graphs_of(store_dump(tmp_path / "backup" / "store"))
    ours = [name for name in graphs if "/graph/backup-test/" in name]
    assert len(ours) >= 3
    assert all(len(graphs[name]) == 600 for name in ours), "a graph was caught half written"


def test_backup_of_a_stopped_store_and_refusals(tmp_path):
    server = LiveServer(tmp_path / "store")
    try:
        put_graph(server, 1)
        before = dump(server.url)
        in_use = run("backup", str(tmp_path / "direct"), "--store", str(tmp_path / "store"))
        assert in_use.exit_code == 2 and "--server" in in_use.output
        no_token = run("backup", str(tmp_path / "b1"), "--server", server.url)
        assert no_token.exit_code == 2
        wrong = run("backup", str(tmp_path / "b2"), "--server", server.url, "--token", "wrong")
        assert wrong.exit_code == 2 and "401" in wrong.output
        busy = run("restore", str(tmp_path / "direct"), "--store", str(tmp_path / "store"), "--force")
        assert busy.exit_code == 2
    finally:
        server.stop()
    result = run("backup", str(tmp_path / "direct"), "--store", str(tmp_path / "store"))
    assert result.exit_code == 0, result.output
    not_empty = run("backup", str(tmp_path / "direct"), "--store", str(tmp_path / "store"))
    assert not_empty.exit_code == 2
    occupied = run("restore", str(tmp_path / "direct"), "--store", str(tmp_path / "store"))
    assert occupied.exit_code == 2 and "--force" in occupied.output
    forced = run("restore", str(tmp_path / "direct"), "--store", str(tmp_path / "store"), "--force")
    assert forced.exit_code == 0, forced.output
    assert list(tmp_path.glob("store.before-restore-*"))
    assert_same_dataset(before, store_dump(tmp_path / "store"))
    (tmp_path / "direct" / "manifest.json").write_text(json.dumps({"format": "policy-kg backup 1", "quads": 1, "named_graphs": 0}))
    tampered = run("restore", str(tmp_path / "direct"), "--store", str(tmp_path / "elsewhere"))
    assert tampered.exit_code == 2 and not (tmp_path / "elsewhere").exists()
