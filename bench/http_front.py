"""Which HTTP server to put in front of the Flask app: waitress (pure Python) against Granian (Rust), side by side.

The same two apps under each server, interleaved: a one-line Flask view (the server's own ceiling) and policy-kg
on the bundled data (``/health`` and a repeated point lookup, which the result cache answers). Prints requests a
second, p50/p99 and the ratio Granian ÷ waitress. Run: ``python -m bench.http_front [--duration 5] [--rounds 3]``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from flask import Flask

from .load import measure, wrk_available
from .servers import VENV_BIN, Server

POINT_LOOKUP = "SELECT ?p ?o WHERE { <https://w3id.org/policy-kg/eli/vn/bct/nq/xiii/71> ?p ?o }"


def hello_app() -> Flask:
    app = Flask("hello")
    app.add_url_rule("/hello", "hello", lambda: "ok")
    return app


def _serve(server: str, app_name: str, port: int) -> None:
    """Run one app under one server in this process (the child side of ``_server``)."""
    if app_name == "policy-kg" and server == "granian":
        from policy_kg.cli import main

        main(["serve", "--port", str(port)])
        return
    if server == "granian":
        from granian.constants import Interfaces
        from granian.log import LogLevels
        from granian.server import Server as Granian

        Granian("bench.http_front:hello_app", address="127.0.0.1", port=port, interface=Interfaces.WSGI, factory=True,
                blocking_threads=8, log_level=LogLevels.error).serve()
        return
    import waitress

    if app_name == "hello":
        waitress.serve(hello_app(), host="127.0.0.1", port=port, threads=8)
        return
    from policy_kg.settings import Settings
    from policy_kg.web import create_app

    settings = Settings.resolve({"port": port})
    waitress.serve(create_app(settings), host="127.0.0.1", port=port, threads=settings["threads"],
                   max_request_body_size=settings["max_body_bytes"])


def _server(server: str, app_name: str, store: Path) -> Server:
    env = {"POLICY_KG_STORE": str(store), "POLICY_KG_RATE_LIMIT_SPARQL": "0", "POLICY_KG_CACHE_ENTRIES": "1024"}
    probe_path = "/sparql" if app_name == "policy-kg" else "/hello"
    command = [str(VENV_BIN / "python"), "-m", "bench.http_front", "--serve", server, "--app", app_name, "--port", "{port}"]
    return Server(f"{app_name}@{server}", f"{app_name} under {server}", command, probe_path, env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--serve", choices=("waitress", "granian"), help=argparse.SUPPRESS)
    parser.add_argument("--app", choices=("hello", "policy-kg"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _serve(args.serve, args.app, args.port)
        return
    driver = "wrk" if wrk_available() else "python"
    workdir = Path(tempfile.mkdtemp(prefix="http-front-"))
    from urllib.parse import quote

    cases = [("hello", "/hello"), ("policy-kg", "/health"),
             ("policy-kg", f"/sparql?query={quote(POINT_LOOKUP, safe='')}")]
    results: dict[tuple[str, str, str], list[float]] = {}
    try:
        for app_name in ("hello", "policy-kg"):
            store = workdir / "store"
            servers = [_server(name, app_name, store) for name in ("waitress", "granian")]
            for server in servers:
                server.start(workdir)
                server.stop()  # the first start loads the bundle; measure on a loaded store
            for round_index in range(args.rounds):
                for server in servers if round_index % 2 == 0 else servers[::-1]:
                    server.start(workdir)
                    try:
                        for case_app, path in cases:
                            if case_app != app_name:
                                continue
                            server.get(path)
                            m = measure(server.url, [path], args.duration, args.connections, 30.0, driver)
                            results.setdefault((app_name, path.split("?")[0], server.name), []).append(m.throughput)
                            print(f"r{round_index + 1} {server.name:20s} {path[:40]:40s} {m.throughput:9.1f} req/s "
                                  f"p50 {m.p50_ms} ms p99 {m.p99_ms} ms errors {m.errors}", flush=True)
                    finally:
                        server.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("\n| app | path | waitress req/s (median of rounds) | granian req/s | granian ÷ waitress |\n|---|---|---|---|---|")
    for app_name, path in sorted({(a, p) for a, p, _ in results}):
        best = {name: statistics.median(results[(app_name, path, f"{app_name}@{name}")]) for name in ("waitress", "granian")}
        print(f"| {app_name} | {path} | {best['waitress']:.0f} | {best['granian']:.0f} | "
              f"{best['granian'] / best['waitress']:.2f}× |")


if __name__ == "__main__":
    sys.exit(main())
