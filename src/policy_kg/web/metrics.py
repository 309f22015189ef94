"""``/metrics`` in the Prometheus text exposition format (version 0.0.4).

Requests by endpoint and status, a latency histogram per endpoint, query-cache hits and misses, worker restarts
after timeouts, and the store's size (counted once per store version).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict

from flask import Blueprint, Flask, Response, current_app, g, request


bp = Blueprint("metrics", __name__)

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """Thread-safe counters for one app."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[tuple[str, int], int] = defaultdict(int)
        self.buckets: dict[str, list[int]] = defaultdict(lambda: [0] * len(BUCKETS))
        self.sums: dict[str, float] = defaultdict(float)
        self.counts: dict[str, int] = defaultdict(int)
        self._size: tuple[str, int] | None = None

    def observe(self, endpoint: str, status: int, seconds: float) -> None:
        with self._lock:
            self.requests[(endpoint, status)] += 1
            self.sums[endpoint] += seconds
            self.counts[endpoint] += 1
            for index, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    self.buckets[endpoint][index] += 1

    def store_size(self, kg) -> int:
        if self._size is None or self._size[0] != kg.version:
            rows = kg.backend.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
            self._size = (kg.version, int(rows[0]["n"]))
        return self._size[1]

    def render(self, kg) -> str:
        lines = ["# HELP policy_kg_requests_total HTTP requests by endpoint and status.",
                 "# TYPE policy_kg_requests_total counter"]
        with self._lock:
            for (endpoint, status), count in sorted(self.requests.items()):
                lines.append(f'policy_kg_requests_total{{endpoint="{endpoint}",status="{status}"}} {count}')
            lines += ["# HELP policy_kg_request_seconds Request latency by endpoint.",
                      "# TYPE policy_kg_request_seconds histogram"]
            for endpoint in sorted(self.counts):
                for bound, count in zip(BUCKETS, self.buckets[endpoint]):
                    lines.append(f'policy_kg_request_seconds_bucket{{endpoint="{endpoint}",le="{bound}"}} {count}')
                lines.append(f'policy_kg_request_seconds_bucket{{endpoint="{endpoint}",le="+Inf"}} {self.counts[endpoint]}')
                lines.append(f'policy_kg_request_seconds_sum{{endpoint="{endpoint}"}} {self.sums[endpoint]:.6f}')
                lines.append(f'policy_kg_request_seconds_count{{endpoint="{endpoint}"}} {self.counts[endpoint]}')
        lines += [
            "# HELP policy_kg_cache_hits_total Query results served from the result cache.",
            "# TYPE policy_kg_cache_hits_total counter", f"policy_kg_cache_hits_total {kg.cache.hits}",
            "# HELP policy_kg_cache_misses_total Queries that were run.",
            "# TYPE policy_kg_cache_misses_total counter", f"policy_kg_cache_misses_total {kg.cache.misses}",
            "# HELP policy_kg_store_triples Triples in the store (all graphs).",
            "# TYPE policy_kg_store_triples gauge", f"policy_kg_store_triples {self.store_size(kg)}",
        ]
        if kg.pool is not None:
            lines += ["# HELP policy_kg_query_workers_killed_total Query workers stopped at the query timeout.",
                      "# TYPE policy_kg_query_workers_killed_total counter",
                      f"policy_kg_query_workers_killed_total {kg.pool.killed}",
                      "# HELP policy_kg_query_workers_recycled_total Query workers replaced after passing query_worker_max_rss_mb.",
                      "# TYPE policy_kg_query_workers_recycled_total counter",
                      f"policy_kg_query_workers_recycled_total {kg.pool.recycled}"]
        return "\n".join(lines) + "\n"


def install(app: Flask) -> None:
    metrics = Metrics()
    app.extensions["policy_kg_metrics"] = metrics

    @app.before_request
    def _start() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def _record(response: Response) -> Response:
        endpoint = request.url_rule.rule if request.url_rule is not None else "unmatched"
        metrics.observe(endpoint, response.status_code, time.perf_counter() - g.get("started", time.perf_counter()))
        return response

    app.register_blueprint(bp)


@bp.route("/metrics")
def metrics_page() -> Response:
    text = current_app.extensions["policy_kg_metrics"].render(current_app.extensions["policy_kg"])
    return Response(text, content_type="text/plain; version=0.0.4; charset=utf-8")

