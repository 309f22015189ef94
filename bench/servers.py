"""The servers under test, each a real process on a loopback port: start, wait until it answers, measure, stop.

Peers: ``policy-kg serve`` on its embedded store, ``policy-kg serve`` on ``oxigraph serve`` (``POLICY_KG_STORE_URL``),
plain ``oxigraph serve``, and ``rdflib-endpoint`` (rdflib's in-memory store). Every peer is asked the same SPARQL
with GET and ``Accept: application/sparql-results+json``; each sees the union of all graphs as its default graph
(policy-kg by default, oxigraph with ``union-default-graph``, rdflib-endpoint with ``Dataset(default_union=True)``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

VENV_BIN = Path(sys.executable).parent
JSON_RESULTS = "application/sparql-results+json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants that are still running."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
        found.append(current)
    return found


def _field_kb(path: str, name: str) -> int:
    try:
        lines = Path(path).read_text().splitlines()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return next((int(line.split()[1]) for line in lines if line.startswith(name + ":")), 0)


def tree_rss_bytes(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants (``/proc/<pid>/status`` VmRSS), summed."""
    return sum(_field_kb(f"/proc/{p}/status", "VmRSS") for p in _tree(pid)) * 1024


def tree_pss_bytes(pid: int) -> int:
    """Proportional set size of ``pid`` and its descendants (``/proc/<pid>/smaps_rollup`` Pss), summed: pages the
    processes share (the interpreter, pyoxigraph's library) counted once in all, not once per process."""
    return sum(_field_kb(f"/proc/{p}/smaps_rollup", "Pss") for p in _tree(pid)) * 1024


@dataclass
class Server:
    """One peer: its command, environment, and how to turn a SPARQL query into a GET path."""

    name: str
    label: str
    command: list[str]
    query_path: str
    env: dict[str, str] = field(default_factory=dict)
    extra_params: str = ""
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    startup_seconds: float | None = None
    log: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def path_for(self, sparql: str) -> str:
        return f"{self.query_path}?query={urllib.parse.quote(sparql, safe='')}{self.extra_params}"

    def get(self, path: str, timeout: float = 600.0, accept: str = JSON_RESULTS) -> tuple[int, bytes]:
        request = urllib.request.Request(self.url + path, headers={"Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def start(self, log_dir: Path, timeout: float = 1800.0) -> float:
        """Start and wait for the first answer to ``ASK {}``; return the start-up time in seconds."""
        self.log = log_dir / f"{self.name}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_KG_")}
        env.update(self.env)
        command = [part.replace("{port}", str(self.port)) for part in self.command]
        started = time.perf_counter()
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = started + timeout
        probe = self.path_for("ASK {}")
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                status, _ = self.get(probe, timeout=5)
                if status == 200:
                    self.startup_seconds = time.perf_counter() - started
                    return self.startup_seconds
            except OSError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {timeout:g} s")

    def rss(self) -> int:
        return tree_rss_bytes(self.process.pid) if self.process else 0

    def pss(self) -> int:
        return tree_pss_bytes(self.process.pid) if self.process else 0

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def policy_kg(name: str, label: str, store: Path, cache_entries: int, workers: int, store_url: str = "") -> Server:
    env = {
        "POLICY_KG_STORE": str(store), "POLICY_KG_PORT": "{port}", "POLICY_KG_QUERY_TIMEOUT": "60",
        "POLICY_KG_QUERY_WORKERS": str(workers), "POLICY_KG_CACHE_ENTRIES": str(cache_entries),
        "POLICY_KG_LOAD_BUNDLE": "false", "POLICY_KG_RATE_LIMIT_SPARQL": "0", "POLICY_KG_RATE_LIMIT_SEARCH": "0",
        "POLICY_KG_VALIDATE_RATE": "0", "POLICY_KG_MAX_RESULT_ROWS": "100000",
    }
    if store_url:
        env["POLICY_KG_STORE_URL"] = store_url
    server = Server(name, label, [str(VENV_BIN / "policy-kg"), "serve"], "/sparql", env)
    server.env = {k: v.replace("{port}", str(server.port)) for k, v in env.items()}
    return server


def oxigraph(location: Path) -> Server:
    return Server("oxigraph", "oxigraph serve",
                  [str(VENV_BIN / "oxigraph"), "serve", "--location", str(location), "--bind", "127.0.0.1:{port}"],
                  "/query", extra_params="&union-default-graph")


def rdflib_endpoint(dump: Path, store: str = "default") -> Server:
    return Server("rdflib", f"rdflib-endpoint ({'rdflib memory' if store == 'default' else store} store)",
                  [str(VENV_BIN / "rdflib-endpoint"), "serve", "--host", "127.0.0.1", "--port", "{port}",
                   "--store", store, str(dump)], "/")

