"""External SPARQL engines for the tests: ``oxigraph serve`` (PyPI ``oxigraph``) and Virtuoso (Debian
``virtuoso-opensource``), each a child process on loopback ports in a temporary directory, started within a time
bound and stopped at the end. A start that fails raises: CI installs both engines, so a missing one is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from string import Template

import requests

FIXTURES = Path(__file__).resolve().parent / "fixtures"
START_TIMEOUT = 60.0
QUERY_TIMEOUT_S = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Engine:
    """A running engine: ``url`` is what ``POLICY_KG_STORE_URL`` takes, ``settings`` the other store settings."""

    name = ""
    url = ""
    settings: dict[str, str] = {}

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.log = directory / f"{self.name}.log"
        self.process: subprocess.Popen | None = None
        self._log_file = None

    def _start(self, command: list[str], probe: str) -> None:
        self._log_file = self.log.open("wb")
        self.process = subprocess.Popen(command, cwd=self.directory, stdout=self._log_file, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                if requests.get(probe, timeout=2).status_code < 500:
                    return
            except requests.RequestException:
                time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer at {probe} within {START_TIMEOUT:g} s: {self.log.read_text(errors='replace')[-2000:]}")

    @property
    def env(self) -> dict[str, str]:
        """The ``POLICY_KG_*`` variables that point a policy-kg process at this engine."""
        values = {"store_url": self.url, **self.settings}
        return {f"POLICY_KG_{name.upper()}": value for name, value in values.items()}

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None


def oxigraph_binary() -> str:
    found = Path(sys.executable).with_name("oxigraph")
    if found.exists():
        return str(found)
    on_path = shutil.which("oxigraph")
    if not on_path:
        raise RuntimeError("the oxigraph binary is missing: pip install oxigraph (it is in the test extra)")
    return on_path


class Oxigraph(Engine):
    """``oxigraph serve`` with a query timeout; the union default graph is asked per query by the backend."""

    name = "oxigraph"

    def __init__(self, directory: Path) -> None:
        super().__init__(directory)
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.settings = {"store_engine": "oxigraph"}
        self._start(
            [oxigraph_binary(), "serve", "--location", str(directory / "db"), "--bind", f"127.0.0.1:{port}",
             "--timeout-s", str(QUERY_TIMEOUT_S)],
            self.url + "/query",
        )


class Virtuoso(Engine):
    """``virtuoso-t +foreground`` from ``fixtures/virtuoso/virtuoso.ini``; writes go to /sparql-auth as dba (digest)."""

    name = "virtuoso"

    def __init__(self, directory: Path) -> None:
        super().__init__(directory)
        binary = shutil.which("virtuoso-t") or ("/usr/bin/virtuoso-t" if os.path.exists("/usr/bin/virtuoso-t") else None)
        if not binary:
            raise RuntimeError("virtuoso-t is missing: apt-get install virtuoso-opensource (scripts/setup-system.sh)")
        http_port, sql_port = free_port(), free_port()
        template = Template((FIXTURES / "virtuoso" / "virtuoso.ini").read_text())
        ini = directory / "virtuoso.ini"
        ini.write_text(template.substitute(dir=str(directory), sql_port=sql_port, http_port=http_port))
        self.url = f"http://127.0.0.1:{http_port}"
        self.settings = {"store_engine": "virtuoso", "store_user": "dba", "store_password": "dba"}
        self._start([binary, "+foreground", "+configfile", str(ini)], self.url + "/sparql")


ENGINES = {"oxigraph": Oxigraph, "virtuoso": Virtuoso}


def start(name: str, directory: Path) -> Engine:
    return ENGINES[name](directory)
