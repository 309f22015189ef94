"""Load generators: ``wrk`` (Debian package) with a Lua script cycling through request paths, or a bounded
Python one (one process per connection, ``http.client`` keep-alive) when wrk is not installed.

Both run closed-loop for ``duration`` seconds over ``connections`` connections and report completed requests,
throughput, p50/p99 latency and errors (connection errors, timeouts and HTTP statuses other than 200).
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

LUA = r"""
local paths, counter = {}, 0
local accept = "application/sparql-results+json"
function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = wrk.format("GET", line, { ["Accept"] = accept })
  end
  counter = tonumber(args[2]) or 0
end
function request()
  counter = counter + 1
  return paths[(counter % #paths) + 1]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"mean_us": %.1f, "max_us": %d, "errors": %d, "status_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean, latency.max,
    e.connect + e.read + e.write + e.status + e.timeout, e.status, e.timeout))
end
"""


@dataclass
class Measurement:
    requests: int
    seconds: float
    p50_ms: float | None
    p99_ms: float | None
    errors: int
    driver: str

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "throughput": self.throughput}


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(url: str, paths: list[str], duration: float, connections: int, timeout: float) -> Measurement:
    with tempfile.TemporaryDirectory() as tmp:
        script, listing = Path(tmp) / "paths.lua", Path(tmp) / "paths.txt"
        script.write_text(LUA)
        listing.write_text("\n".join(paths) + "\n")
        command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(duration))}s", f"--timeout={timeout:g}s",
                   "-s", str(script), url, "--", str(listing)]
        output = subprocess.run(command, capture_output=True, text=True, timeout=duration + timeout + 60).stdout
    line = next((ln for ln in output.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary: {output[-500:]}")
    data = json.loads(line[len("WRKJSON "):])
    has = data["requests"] > 0
    return Measurement(data["requests"], data["duration_us"] / 1e6, data["p50_us"] / 1000 if has else None,
                       data["p99_us"] / 1000 if has else None, data["errors"], "wrk")


def _python_worker(host: str, port: int, paths: list[str], offset: int, stop_at: float, timeout: float, out) -> None:
    latencies, errors = [], 0
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    index = offset
    while time.perf_counter() < stop_at:
        path = paths[index % len(paths)]
        index += 1
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Accept": "application/sparql-results+json"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=timeout)
            continue
        latencies.append(time.perf_counter() - started)
    connection.close()
    out.put((latencies, errors))


def run_python(url: str, paths: list[str], duration: float, connections: int, timeout: float) -> Measurement:
    host, port = url.split("://", 1)[1].split(":")
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    started = time.perf_counter()
    stop_at = started + duration
    workers = [context.Process(target=_python_worker, args=(host, int(port), paths, i, stop_at, timeout, results))
               for i in range(connections)]
    for worker in workers:
        worker.start()
    collected = [results.get() for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    latencies = sorted(x for batch, _ in collected for x in batch)
    errors = sum(e for _, e in collected)
    pick = (lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000) if latencies else (lambda q: None)
    return Measurement(len(latencies) + errors, elapsed, pick(0.5), pick(0.99), errors, "python")


def measure(url: str, paths: list[str], duration: float, connections: int, timeout: float, driver: str) -> Measurement:
    """One closed-loop run of ``duration`` seconds against ``url`` cycling through ``paths``."""
    if driver == "wrk":
        return run_wrk(url, paths, duration, connections, timeout)
    return run_python(url, paths, duration, connections, timeout)
