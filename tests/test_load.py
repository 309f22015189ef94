"""A bounded load run (issue "Hardening"): 32 concurrent clients on loopback for ``POLICY_KG_LOAD_SECONDS`` (60 by
default) mixing SPARQL reads, pages, searches, dry-run validations and submissions.

It asserts only on errors and lost submissions: no status other than 2xx/3xx or a deliberate 429/503 carrying
Retry-After, and every submission answered 201 is in the store afterwards. Latency percentiles are printed and
written to ``artifacts/load-report.json`` (no timed assertion: the figures depend on the machine).
The clients pose as 32 addresses behind a trusted reverse proxy (X-Forwarded-For), as in production.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import threading
import time
from collections import defaultdict
from urllib.parse import quote

import pytest
import requests

from conftest import BASE, ROOT
from hardening import KillableServer, dump, graphs_of, person, write_headers

pytestmark = pytest.mark.slow
CLIENTS = 32
WRITERS = 4

QUERIES = [
    "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n) LIMIT 20",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(LANG(?label) = 'vi') } LIMIT 50",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "ASK { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 200",
]
TERMS = ["Hà Nội", "giáo dục", "chuyển đổi số", "education", "khoa học", "nghị quyết", "y tế", "xyzzy"]
PAGES = ["/", "/query", "/sparql", "/ontology"]


class Client(threading.Thread):
    """One client: a session of its own, a forwarded address of its own, a weighted mix of requests."""

    def __init__(self, number: int, url: str, until: float, entities: list[str], report: "Report") -> None:
        super().__init__(daemon=True)
        self.number, self.url, self.until, self.entities, self.report = number, url, until, entities, report
        self.session = requests.Session()
        self.session.headers["X-Forwarded-For"] = f"198.51.100.{number + 1}"
        self.random = random.Random(number)
        self.writer = number < WRITERS

    def run(self) -> None:
        n = 0
        while time.monotonic() < self.until:
            kind, method, path, kwargs = self.pick(n)
            started = time.perf_counter()
            try:
                answer = self.session.request(method, self.url + path, timeout=60, **kwargs)
            except requests.RequestException as exc:
                self.report.add(kind, time.perf_counter() - started, 0, f"{type(exc).__name__}: {exc}")
                continue
            elapsed = time.perf_counter() - started
            problem = None
            if answer.status_code in (429, 503):
                if not answer.headers.get("Retry-After"):
                    problem = f"{answer.status_code} without Retry-After"
            elif answer.status_code >= 400:
                problem = f"{answer.status_code} {method} {path[:80]}: {answer.text[:200]}"
            if kind == "submission" and answer.status_code == 201:
                self.report.accepted(self.iri, answer.json()["submission"]["graph"])
            self.report.add(kind, elapsed, answer.status_code, problem)
            n += 1

    def pick(self, n: int) -> tuple[str, str, str, dict]:
        if self.writer and n % 3 == 0:
            self.iri, body = person(f"load{self.number}", n)
            return "submission", "POST", "/submissions", {"data": body.encode(), "headers": write_headers()}
        roll = self.random.random()
        if roll < 0.40:
            query = self.random.choice(QUERIES)
            return "sparql", "GET", "/sparql?query=" + quote(query), {"headers": {"Accept": "application/sparql-results+json, text/turtle;q=0.9"}}
        if roll < 0.60:
            page = self.random.choice(PAGES + self.entities)
            return "page", "GET", page, {"headers": {"Accept": "text/html"}}
        if roll < 0.80:
            term = self.random.choice(TERMS)
            return "search", "GET", "/search?q=" + quote(term), {"headers": {"Accept": "application/json"}}
        _, body = person(f"dry{self.number}", n)
        return "validate", "POST", "/validate", {"data": body.encode(), "headers": {"Content-Type": "text/turtle", "Accept": "application/json"}}


class Report:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.problems: list[str] = []
        self.submissions: dict[str, str] = {}

    def add(self, kind: str, seconds: float, status: int, problem: str | None) -> None:
        with self.lock:
            self.statuses[kind][status] += 1
            if problem:
                self.problems.append(problem)
            elif 200 <= status < 400:
                self.latencies[kind].append(seconds)

    def accepted(self, iri: str, graph: str) -> None:
        with self.lock:
            self.submissions[iri] = graph

    def summary(self, seconds: float) -> dict:
        def percentiles(values: list[float]) -> dict:
            if not values:
                return {}
            cuts = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else [values[0]] * 99
            return {"count": len(values), "p50_ms": round(cuts[49] * 1000, 1), "p90_ms": round(cuts[89] * 1000, 1),
                    "p99_ms": round(cuts[98] * 1000, 1), "max_ms": round(max(values) * 1000, 1)}

        everything = [v for values in self.latencies.values() for v in values]
        total = sum(sum(counts.values()) for counts in self.statuses.values())
        return {
            "duration_s": round(seconds, 1), "clients": CLIENTS, "writers": WRITERS, "requests": total,
            "throughput_rps": round(total / seconds, 1),
            "statuses": {kind: {str(k): v for k, v in sorted(counts.items())} for kind, counts in self.statuses.items()},
            "latency_ok_responses": {kind: percentiles(values) for kind, values in sorted(self.latencies.items())},
            "latency_all_kinds": percentiles(everything),
            "submissions_accepted": len(self.submissions),
            "errors": len(self.problems),
        }


def test_bounded_load_run(tmp_path):
    seconds = float(os.environ.get("POLICY_KG_LOAD_SECONDS", "60"))
    server = KillableServer(tmp_path / "store", trusted_proxies="127.0.0.1")
    try:
        entities = _entity_pages(server.url)
        report = Report()
        started = time.monotonic()
        clients = [Client(i, server.url, started + seconds, entities, report) for i in range(CLIENTS)]
        for client in clients:
            client.start()
        for client in clients:
            client.join(timeout=seconds + 120)
        elapsed = time.monotonic() - started
        assert not any(client.is_alive() for client in clients), "a client hung"
        graphs = graphs_of(dump(server.url))
        summary = report.summary(elapsed)
        lost = [iri for iri, graph in report.submissions.items() if graph not in graphs]
        summary["submissions_lost"] = len(lost)
        summary["sample_errors"] = report.problems[:10]
        (ROOT / "artifacts").mkdir(exist_ok=True)
        (ROOT / "artifacts" / "load-report.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
        print("\nload report:", json.dumps(summary, indent=2, ensure_ascii=False))
        assert report.problems == []
        assert lost == []
        assert report.submissions, "no submission was accepted during the run"
        assert requests.get(server.url + "/health", timeout=10).ok
    finally:
        server.stop()


def _entity_pages(url: str) -> list[str]:
    query = f"SELECT DISTINCT ?s WHERE {{ ?s a ?type FILTER(STRSTARTS(STR(?s), '{BASE}id/')) }} LIMIT 30"
    answer = requests.get(url + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    answer.raise_for_status()
    return ["/" + row["s"]["value"][len(BASE):] for row in answer.json()["results"]["bindings"]]
