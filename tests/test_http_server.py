"""The processes of ``policy-kg serve`` (``policy_kg/http_server.py``, ``store/query_worker.py``), seen from /proc.

The CLI replaces itself with a lean supervisor: same process id, no store code resident, settings (write tokens
among them) passed through an inherited in-memory file and never on a command line that ``ps`` shows to every user.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from conftest import TOKENS, WRITE_TOKEN, LiveServer, auth

pytestmark = pytest.mark.slow


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants, from /proc/<pid>/task/*/children."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").iterdir():
            stack += [int(child) for child in (task / "children").read_text().split()]
    return found


def command_line(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")[:-1]


def test_the_started_process_becomes_the_lean_supervisor(live_server):
    supervisor = live_server.process.pid
    assert command_line(supervisor)[1:3] == ["-m", "policy_kg.http_server"]
    assert "pyoxigraph" not in Path(f"/proc/{supervisor}/maps").read_text()
    assert requests.get(live_server.url + "/health", timeout=10).ok


def test_queries_run_in_plain_worker_interpreters(live_server):
    assert requests.get(live_server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30).ok
    workers = [pid for pid in process_tree(live_server.process.pid)
               if command_line(pid)[1:3] == ["-m", "policy_kg.store.query_worker"]]
    assert len(workers) == 2


def test_no_command_line_in_the_tree_holds_a_write_token(live_server):
    tree = process_tree(live_server.process.pid)
    assert len(tree) >= 4  # supervisor, app worker, two query workers
    for pid in tree:
        assert not any(WRITE_TOKEN in part for part in command_line(pid)), command_line(pid)


def test_sigterm_stops_the_tree_and_closes_the_store(tmp_path):
    """The app worker closes the service on the way out (its query workers stop, their snapshots are removed),
    although a forked worker skips ``atexit``."""
    server = LiveServer(tmp_path / "store")
    assert requests.get(server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30).ok
    tree = process_tree(server.process.pid)
    snapshots = tmp_path / "store-snapshots"
    assert len(tree) >= 4 and any(snapshots.iterdir())
    server.stop()
    assert server.process.returncode is not None
    assert not snapshots.exists()
    assert not [pid for pid in tree if Path(f"/proc/{pid}").exists() and "policy_kg" in " ".join(command_line(pid))]


def test_settings_larger_than_a_pipe_buffer_reach_the_server(tmp_path):
    """80 kB of tokens: more than a pipe holds before anyone reads it, which would block the hand-over."""
    many = ",".join([TOKENS] + [f"pipeline{i}:{'t' * 32}{i:05d}" for i in range(2000)])
    assert len(many) > 65_536
    server = LiveServer(tmp_path / "store", tokens=many)
    try:
        update = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }"
        assert requests.post(server.url + "/sparql", data={"update": update}, headers=auth(), timeout=60).status_code == 204
        assert requests.post(server.url + "/sparql", data={"update": update},
                             headers={"Authorization": f"Bearer {'t' * 32}01999"}, timeout=60).status_code == 204
    finally:
        server.stop()
