"""One command for the whole benchmark: ``python -m bench.run --size 1m``.

On one machine and one dataset, side by side and interleaved, it measures policy-kg serve (embedded),
policy-kg serve on oxigraph serve, plain oxigraph serve, and rdflib-endpoint: per query, rounds of closed-loop
load in which the order of the servers rotates every query and every round, so no peer always runs first or
last. Two phases: ``cold`` (policy-kg's result cache off, every request runs the query) and ``cached`` (cache on
and warmed: the repeated-query case). Idle servers stay up but use no CPU; after each slot the harness waits until
the server answers ``ASK {}`` again, so a query still running from the last slot cannot steal the next one's CPU.
Also measured: first-run latency, start-up time, memory (RSS of each server's process tree), load throughput,
search latency, validation of a 10k-triple submission and the inference refresh (``bench.extras``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

from .extras import http_extras, store_extras
from .generate import DATA_DIR, generate, parse_size
from .load import measure, wrk_available
from .prepare import prepare
from .queries import query_mix
from .report import write_report
from .servers import Server, oxigraph, policy_kg, rdflib_endpoint

OUT = Path(__file__).resolve().parent / "out"
SLOW_FIRST_RUN = 10.0  # seconds: a peer whose first run takes longer sits out that query's load rounds
PEERS = ("pk-embedded", "pk-oxigraph", "oxigraph", "rdflib")


def machine() -> dict:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    memory = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gb": round(memory / 1024 / 1024, 1),
            "kernel": platform.release(), "python": platform.python_version()}


def versions() -> dict:
    from importlib.metadata import version

    out = {}
    for package in ("policy-kg", "pyoxigraph", "oxigraph", "rdflib", "rdflib-endpoint", "flask", "granian"):
        try:
            out[package] = version(package)
        except Exception:  # noqa: BLE001 - a missing package is reported as such
            out[package] = "not installed"
    return out


def rows_of(body: bytes) -> int | None:
    try:
        payload = json.loads(body)
    except ValueError:
        return None
    return len(payload["results"]["bindings"]) if "results" in payload else int(bool(payload.get("boolean")))


def settle(server: Server, timeout: float = 600.0) -> None:
    """Wait until ``server`` answers a trivial query: the slot's last requests have finished."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if server.get(server.path_for("ASK {}"), timeout=timeout)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)


def first_runs(servers: list[Server], queries, timeout: float) -> dict:
    """The first execution of each query's first variant on each server: latency and row count."""
    out: dict = {}
    for query in queries:
        for server in servers:
            started = time.perf_counter()
            try:
                status, body = server.get(server.path_for(query.variants[0]), timeout=timeout)
                seconds, rows = time.perf_counter() - started, rows_of(body) if status == 200 else None
            except OSError:
                status, seconds, rows = 0, None, None
                settle(server)
            out.setdefault(query.name, {})[server.name] = {"status": status, "seconds": seconds, "rows": rows}
    return out


def phase(name: str, servers: list[Server], queries, args, firsts: dict) -> dict:
    """Interleaved rounds: for each round and query, every server once, in an order rotated each time."""
    results: dict = {}
    for round_index in range(args.rounds):
        for query_index, query in enumerate(queries):
            shift = (round_index + query_index) % len(servers)
            for server in servers[shift:] + servers[:shift]:
                first = firsts.get(query.name, {}).get(server.name, {})
                if first.get("status") != 200 or (first.get("seconds") or 0) > args.slow_first_run:
                    continue
                load = os.getloadavg()[0]
                paths = [server.path_for(text) for text in query.variants]
                m = measure(server.url, paths, args.duration, args.connections, args.timeout, args.driver)
                settle(server)
                results.setdefault(query.name, {}).setdefault(server.name, []).append({**m.as_dict(), "loadavg": load})
                print(f"[{name} r{round_index + 1}] {query.name:28s} {server.name:14s} "
                      f"{m.throughput:9.1f} req/s p50 {m.p50_ms} ms p99 {m.p99_ms} ms err {m.errors}", flush=True)
    return results


def warm(servers: list[Server], queries) -> None:
    for query in queries:
        for server in servers:
            for text in query.variants:
                server.get(server.path_for(text), timeout=120)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark policy-kg against its peers, side by side.")
    parser.add_argument("--size", default="1m", help="synthetic triples: 2k, 100k, 1m, 10m or a number")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds of load per query, server and round")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=60.0, help="per-request timeout in seconds")
    parser.add_argument("--variants", type=int, default=24, help="parameter variants per query")
    parser.add_argument("--driver", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--workers", type=int, default=2, help="policy-kg query worker processes")
    parser.add_argument("--phases", default="cold,cached")
    parser.add_argument("--peers", default=",".join(PEERS),
                        help="servers to run, among " + ", ".join(PEERS) + " (oxigraph, the baseline, always runs)")
    parser.add_argument("--slow-first-run", type=float, default=SLOW_FIRST_RUN,
                        help="seconds: a peer whose first run of a query takes longer sits out that query's rounds")
    parser.add_argument("--out", type=Path, default=None, help="working directory (default bench/out/<size>)")
    parser.add_argument("--results", type=Path, default=None, help="also write the report here (e.g. bench/RESULTS.md)")
    args = parser.parse_args()
    chosen = set(args.peers.split(",")) | {"oxigraph"}
    if chosen - set(PEERS):
        parser.error(f"unknown peers: {', '.join(sorted(chosen - set(PEERS)))}")
    if args.driver == "auto":
        args.driver = "wrk" if wrk_available() else "python"
    size = parse_size(args.size)
    out = args.out or OUT / args.size.lower()
    out.mkdir(parents=True, exist_ok=True)
    started = time.time()
    manifest = generate(size, directory=DATA_DIR, name=args.size.lower())
    prepared = prepare(Path(manifest["file"]), out)
    queries = query_mix(manifest["samples"], args.variants)
    ox, rdflib = oxigraph(prepared.ox_store), rdflib_endpoint(prepared.dump)
    report: dict = {"machine": machine(), "versions": versions(), "args": {k: str(v) for k, v in vars(args).items()},
                    "command": "python -m bench.run " + " ".join(os.sys.argv[1:]), "manifest": {
                        k: v for k, v in manifest.items() if k != "samples"}, "dump_quads": prepared.dump_quads,
                    "load": {"policy_kg_seconds": prepared.pk_load_seconds, "oxigraph_seconds": prepared.ox_load_seconds,
                             "policy_kg_stages": prepared.pk_load_stages, "triples": manifest["triples"]},
                    "queries": [{"name": q.name, "kind": q.kind, "question": q.question, "variants": len(q.variants),
                                 "example": q.variants[0]} for q in queries],
                    "peers": [name for name in PEERS if name in chosen],
                    "startup": {}, "rss": {}, "pss": {}, "phases": {}, "first_runs": {}, "extras": {}}
    peers = [server for server in (ox, rdflib) if server.name in chosen]
    try:
        for server in peers:
            report["startup"][server.name] = server.start(out)
        for name in args.phases.split(","):
            cache = 0 if name == "cold" else 1024
            pk = [policy_kg("pk-embedded", "policy-kg serve (embedded)", prepared.pk_store, cache, args.workers),
                  policy_kg("pk-oxigraph", "policy-kg serve on oxigraph serve", out / "pk-remote-unused", cache,
                            args.workers, ox.url)]
            pk = [server for server in pk if server.name in chosen]
            try:
                for server in pk:
                    report["startup"].setdefault(server.name, {})[name] = server.start(out)
                servers = pk + peers
                firsts = first_runs(servers, queries, args.timeout)
                report["first_runs"][name] = firsts
                if name != "cold":
                    warm([s for s in servers if s.name.startswith("pk-")], queries)
                report["phases"][name] = phase(name, servers, queries, args, firsts)
                report["rss"][name] = {server.name: server.rss() for server in servers}
                report["pss"][name] = {server.name: server.pss() for server in servers}
                embedded = next((server for server in pk if server.name == "pk-embedded"), None)
                if name == "cold" and embedded is not None:
                    report["extras"].update(http_extras(embedded, manifest))
                    after = "cold, then search and validation"
                    report["rss"][after] = {embedded.name: embedded.rss()}
                    report["pss"][after] = {embedded.name: embedded.pss()}
            finally:
                for server in pk:
                    server.stop()
    finally:
        for server in peers:
            server.stop()
    report["extras"].update(store_extras(prepared.pk_store))
    report["seconds"] = time.time() - started
    (out / "results.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    markdown = write_report(report, out / "RESULTS.md")
    if args.results:
        args.results.write_text(markdown, encoding="utf-8")
    print(f"wrote {out / 'results.json'} and {out / 'RESULTS.md'}" + (f" and {args.results}" if args.results else ""))


if __name__ == "__main__":
    main()
