"""The measurements beside the query mix: search latency and validation over HTTP, inference and search-index
refresh on the store itself. Each part reports ``not measured`` with the reason when its feature is missing.
"""

from __future__ import annotations

import statistics
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from .servers import Server

SEARCHES = ("giáo dục", "giao vien", "y te co so", "Nâng cao chất lượng", "năng lượng tái tạo", "72-NQ/TW",
            "Sở Y tế Hải Phòng", "chuyen doi so")


def _timed_request(request: urllib.request.Request, timeout: float = 600.0) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    return status, time.perf_counter() - started


def _summary(seconds: list[float], statuses: list[int]) -> dict:
    ordered = sorted(seconds)
    return {"requests": len(ordered), "p50_ms": statistics.median(ordered) * 1000,
            "p99_ms": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000,
            "errors": sum(1 for s in statuses if s != 200)}


def search_latency(server: Server, repeats: int = 5) -> dict:
    """``GET /search?q=`` for a few phrases: the first request (which may build the index) and the steady state."""
    def get(q: str) -> tuple[int, float]:
        url = f"{server.url}/search?{urllib.parse.urlencode({'q': q, 'format': 'json'})}"
        return _timed_request(urllib.request.Request(url, headers={"Accept": "application/json"}))

    first_status, first = get(SEARCHES[0])
    if first_status == 404:
        return {"search": {"measured": False, "reason": "GET /search answers 404 (search is not installed)"}}
    seconds, statuses = [], []
    for _ in range(repeats):
        for q in SEARCHES:
            status, elapsed = get(q)
            statuses.append(status)
            seconds.append(elapsed)
    return {"search": {"measured": True, "first_seconds": first, "first_status": first_status, **_summary(seconds, statuses)}}


def validation_latency(server: Server, triples: int = 10_000, repeats: int = 3) -> dict:
    """``POST /validate`` of a ``triples``-triple submission (``bench.validate_bench.submission``) against the store."""
    try:
        from .validate_bench import submission
    except ImportError as exc:
        return {"validation": {"measured": False, "reason": f"bench.validate_bench is missing ({exc})"}}
    body = submission(triples).serialize(format="nt", encoding="utf-8")
    seconds, statuses = [], []
    for _ in range(repeats):
        request = urllib.request.Request(f"{server.url}/validate", data=body, method="POST",
                                         headers={"Content-Type": "application/n-triples", "Accept": "application/json"})
        status, elapsed = _timed_request(request)
        if status == 404:
            return {"validation": {"measured": False, "reason": "POST /validate answers 404 (validation is not installed)"}}
        statuses.append(status)
        seconds.append(elapsed)
    return {"validation": {"measured": True, "triples": len(body.splitlines()), "seconds": seconds,
                           "median_seconds": statistics.median(seconds), "statuses": statuses}}


def http_extras(server: Server, manifest: dict) -> dict:
    return {**search_latency(server), **validation_latency(server)}


def store_extras(store: Path) -> dict:
    """Inference refresh and search-index rebuild, timed in-process on the embedded store the server used."""
    from policy_kg.store.embedded import EmbeddedStore

    backend = EmbeddedStore(store)
    out: dict = {}
    try:
        try:
            from policy_kg.reasoning.inference import refresh_inferences
        except ImportError as exc:
            out["inference"] = {"measured": False, "reason": f"no refresh_inferences ({exc})"}
        else:
            started = time.perf_counter()
            stats = refresh_inferences(backend)
            out["inference"] = {"measured": True, "seconds": time.perf_counter() - started, "triples": stats.total}
        try:
            from policy_kg.search.index import refresh_search_index
        except ImportError as exc:
            out["search_index"] = {"measured": False, "reason": f"no refresh_search_index ({exc})"}
        else:
            started = time.perf_counter()
            count = refresh_search_index(backend)
            out["search_index"] = {"measured": True, "seconds": time.perf_counter() - started, "triples": count}
    finally:
        backend.close()
    return out
