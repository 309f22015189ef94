"""The benchmark at a tiny size, so it cannot rot: every peer starts, answers every query of the mix with the
same rows, and the report has a row for each peer. No timing is asserted (issue 9: no timed assertions).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.generate import DATASET, Generator, parse_size
from bench.queries import query_mix
from bench.report import render

ROOT = Path(__file__).resolve().parents[1]
PEERS = ("pk-embedded", "pk-oxigraph", "oxigraph", "rdflib")


def test_generator_is_seeded_synthetic_and_sized(tmp_path):
    from io import StringIO

    first, second = StringIO(), StringIO()
    made = Generator(3_000, seed=7).write(first)
    Generator(3_000, seed=7).write(second)
    text = first.getvalue()
    assert text == second.getvalue()
    assert 3_000 <= made.count < 3_500
    assert f"<{DATASET}> <http://www.w3.org/2004/02/skos/core#note>" in text and "Synthetic data" in text
    assert "@vi" in text and "@en" in text and "ế" in text
    for term in ("ensures_implementation_of", "ontology#leadAgency", "ontology#coordinatingAgency", "ontology#deadline",
                 "XMLSchema#gYearMonth", "XMLSchema#gYear>", "subOrganizationOf", "ontology#targetYear", "wasDerivedFrom"):
        assert term in text, term
    assert parse_size("1m") == 1_000_000 and parse_size("100k") == 100_000


def test_query_mix_has_the_seven_questions():
    samples = {"task": ["urn:t"], "programme": ["urn:p"], "resolution": ["urn:r"]}
    names = [q.name for q in query_mix(samples)]
    assert names == ["point_lookup", "sector_tasks", "goals_per_sector_programme", "derived_from_resolution",
                     "label_search", "overdue_tasks", "programme_monitoring"]


@pytest.mark.slow
def test_benchmark_runs_end_to_end_at_a_tiny_size(tmp_path):
    out = tmp_path / "out"
    results = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--size", "2k", "--rounds", "1", "--duration", "1", "--variants", "2",
         "--out", str(out), "--results", str(results)],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads((out / "results.json").read_text())
    for phase in ("cold", "cached"):
        for query, per_server in report["phases"][phase].items():
            assert set(per_server) == set(PEERS), (phase, query)
            for server, rounds in per_server.items():
                assert rounds[0]["errors"] == 0, (phase, query, server)
                if server != "rdflib":  # a 1-second slot may end before rdflib answers a scan; that is a result
                    assert rounds[0]["requests"] > 0, (phase, query, server)
    for query, per_server in report["first_runs"]["cold"].items():
        rows = {run["rows"] for run in per_server.values()}
        assert len(rows) == 1 and None not in rows, (query, per_server)
    stages = report["load"]["policy_kg_stages"]
    assert set(stages) == {"write", "inferences", "search index"}, stages
    assert sum(stages.values()) <= report["load"]["policy_kg_seconds"]
    for phase, per_server in report["pss"].items():
        for server, pss in per_server.items():
            assert 0 < pss <= report["rss"][phase][server], (phase, server)
    markdown = results.read_text()
    assert "PSS (shared pages counted once)" in markdown and "`policy-kg load`, by step" in markdown
    for label in ("policy-kg (embedded)", "policy-kg on oxigraph serve", "oxigraph serve", "rdflib-endpoint"):
        assert label in markdown
    assert "| point_lookup | point |" in markdown and "## Targets" in markdown
    assert not (ROOT / "data" / "synthetic-2k.nt").exists()
    without_rdflib = {**report, "peers": ["pk-embedded", "oxigraph"], "phases": {"cold": {
        query: {k: v for k, v in per_server.items() if k != "rdflib"} for query, per_server in report["phases"]["cold"].items()}}}
    partial = render(without_rdflib)
    assert "rdflib-endpoint req/s" not in partial and "rdflib ÷" not in partial and "## Repeated" not in partial
    cold_table = [line for line in partial.splitlines() if line.startswith("| point_lookup | point |")][0]
    assert cold_table.count("|") == 6  # five cells: query, kind, two servers, one ratio


@pytest.mark.slow
def test_http_front_benchmark_runs_both_servers_on_both_apps():
    """``bench/http_front.py`` at one short round: every app and path answered by both servers, with a ratio."""
    done = subprocess.run([sys.executable, "-m", "bench.http_front", "--duration", "1", "--rounds", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line.split("|")[1:-1] for line in done.stdout.splitlines() if line.startswith("| ") and "×" in line]
    assert sorted((app.strip(), path.strip()) for app, path, *_ in rows) == [
        ("hello", "/hello"), ("policy-kg", "/health"), ("policy-kg", "/sparql")]
    for _, _, waitress_rate, granian_rate, _ in rows:
        assert float(waitress_rate) > 0 and float(granian_rate) > 0
    errors = [int(line.rsplit("errors", 1)[1]) for line in done.stdout.splitlines() if line.startswith("r1 ")]
    assert len(errors) == 6 and errors == [0] * 6
