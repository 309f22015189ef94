"""One fixture set for the whole suite: settings, the service, the Flask app and client, the CLI runner,
and a real ``policy-kg serve`` process on a loopback port.

Session-scoped fixtures hold the bundled data read-only; a test that writes asks for the ``fresh_*`` variants,
which build their own store in a temporary directory.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
import requests
from click.testing import CliRunner

from policy_kg.service import PolicyKG
from policy_kg.settings import Settings
from policy_kg.web import create_app

WRITE_TOKEN = "test-writer-token-0123456789"
TOKENS = f"tester:{WRITE_TOKEN}"
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BASE = "https://w3id.org/policy-kg/"


def make_settings(store: Path, **overrides) -> Settings:
    values = {"store": str(store), "tokens": TOKENS, "query_timeout": "3", "query_workers": "2"}
    values.update({k: str(v) for k, v in overrides.items()})
    return Settings.resolve(values, environ={})


@pytest.fixture(scope="session")
def kg(tmp_path_factory) -> Iterator[PolicyKG]:
    """The bundled graph in a store of its own, shared by read-only tests."""
    service = PolicyKG(make_settings(tmp_path_factory.mktemp("kg") / "store"))
    yield service
    service.close()


@pytest.fixture(scope="session")
def app(kg):
    application = create_app(kg.settings, service=kg)
    application.config["TESTING"] = True
    return application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def fresh_kg(tmp_path) -> Iterator[PolicyKG]:
    """A store of its own for a test that writes."""
    service = PolicyKG(make_settings(tmp_path / "store"))
    yield service
    service.close()


@pytest.fixture
def fresh_client(fresh_kg):
    application = create_app(fresh_kg.settings, service=fresh_kg)
    application.config["TESTING"] = True
    return application.test_client()


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:
    """A CLI runner whose store lives in this test's temporary directory."""
    for name in list(os.environ):
        if name.startswith("POLICY_KG_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("POLICY_KG_STORE", str(tmp_path / "cli-store"))
    return CliRunner()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """``policy-kg serve`` in a child process, reached over a loopback socket."""

    new_session = False  # a process group of its own (KillableServer SIGKILLs the whole group)
    start_seconds = 60

    def __init__(self, store: Path, **settings) -> None:
        self.store = store
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_KG_")}
        env.update({"POLICY_KG_STORE": str(store), "POLICY_KG_PORT": str(self.port), "POLICY_KG_TOKENS": TOKENS,
                    "POLICY_KG_QUERY_TIMEOUT": "3"})
        env.update({f"POLICY_KG_{k.upper()}": str(v) for k, v in settings.items()})
        self.log = store.parent / f"serve-{self.port}.log"
        self._log_file = self.log.open("wb")
        self.process = subprocess.Popen([sys.executable, "-m", "policy_kg", "serve"], env=env, stdout=self._log_file,
                                        stderr=subprocess.STDOUT, start_new_session=self.new_session)
        deadline = time.monotonic() + self.start_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log_file.close()
                raise RuntimeError(f"server exited: {self.log.read_text()}")
            try:
                if requests.get(self.url + "/health", timeout=2).ok:
                    return
            except (requests.ConnectionError, requests.Timeout):  # the socket listens before the app is ready
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not start: {self.log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log_file.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """A real server over the bundled data, shared by read-only end-to-end tests."""
    server = LiveServer(tmp_path_factory.mktemp("live") / "store")
    yield server
    server.stop()


@pytest.fixture
def fresh_live_server(tmp_path) -> Iterator[LiveServer]:
    """A real server on a store of its own, for end-to-end tests that write."""
    server = LiveServer(tmp_path / "store")
    yield server
    server.stop()


def requests_served(url: str) -> int:
    """How many requests the server at ``url`` has answered, from its ``/metrics`` (``/metrics`` itself left out).

    Tests that run another module's test against one more server assert that this number grew, so a delegated test
    that quietly talked to some other server (or to none) fails."""
    text = requests.get(url + "/metrics", timeout=30).text
    return sum(int(float(line.rsplit(" ", 1)[1])) for line in text.splitlines()
               if line.startswith("policy_kg_requests_total{") and 'endpoint="/metrics"' not in line)


def auth(token: str = WRITE_TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session")
def engine_pool(tmp_path_factory):
    """External SPARQL engines (``tests/engines.py``), each started on first use and kept for the session, so that
    every test module parametrised over the backends shares one ``oxigraph serve`` and one Virtuoso."""
    from engines import start

    running = {}

    def get(name: str):
        if name not in running:
            running[name] = start(name, tmp_path_factory.mktemp(name))
        return running[name]

    yield get
    for engine in running.values():
        engine.stop()
