"""The CLI through click's runner on a real store: load, query, export, stats, round trips and bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from policy_kg.cli import main

TURTLE = """@prefix ex: <http://example.org/> .
ex:a ex:label "Sở Y tế Hà Nội"@vi ; ex:n 3 .
ex:b ex:knows ex:a , [ ex:name "blank" ] .
"""


def run(runner, *args, **kwargs):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)


def nquads(runner) -> str:
    result = run(runner, "export", "--format", "nquads")
    assert result.exit_code == 0
    return result.stdout


def dataset(text: str) -> Dataset:
    return Dataset().parse(data=text, format="nquads")


def graphs_isomorphic(left: Dataset, right: Dataset) -> bool:
    names = {g.identifier for g in left.graphs()} | {g.identifier for g in right.graphs()}
    return all(isomorphic(left.graph(name), right.graph(name)) for name in names)


def test_first_use_loads_the_bundle(runner):
    result = run(runner, "stats", "--json")
    assert result.exit_code == 0
    numbers = json.loads(result.stdout)
    graphs = {row["graph"]: row["triples"] for row in numbers["graphs"]}
    assert "https://w3id.org/policy-kg/graph/data/resolutions" in graphs
    assert "https://w3id.org/policy-kg/graph/ontology/policy-kg" in graphs
    classes = {row["class"]: row["instances"] for row in numbers["classes"]}
    assert classes["https://w3id.org/policy-kg/ontology#ActionProgramme"] == 4


def test_load_is_idempotent_and_queryable(runner, tmp_path):
    path = tmp_path / "extra.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    assert run(runner, "load", path).exit_code == 0
    before = nquads(runner)
    assert run(runner, "load", path).exit_code == 0
    assert graphs_isomorphic(dataset(before), dataset(nquads(runner)))
    result = run(runner, "query", "SELECT ?l WHERE { <http://example.org/a> <http://example.org/label> ?l }", "--format", "csv")
    assert result.stdout.splitlines() == ["l", "Sở Y tế Hà Nội"]


def test_load_into_a_named_graph(runner, tmp_path):
    path = tmp_path / "extra.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    assert run(runner, "load", path, "--graph", "http://example.org/g").exit_code == 0
    result = run(runner, "query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://example.org/g> { ?s ?p ?o } }", "--format", "json")
    assert json.loads(result.stdout)["results"]["bindings"][0]["n"]["value"] == "5"


def test_load_reports_its_time_by_step(runner, tmp_path):
    path = tmp_path / "extra.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    result = run(runner, "load", path, "--graph", "http://example.org/g")
    match = re.fullmatch(r"loaded 5 triples from 1 file\(s\) in ([\d.]+) s "
                         r"\(write ([\d.]+) s, inferences ([\d.]+) s, search index ([\d.]+) s\)\n", result.stdout)
    assert match, result.stdout
    total, *steps = (float(value) for value in match.groups())
    assert sum(steps) <= total + 0.3  # each step printed rounded to 0.1 s


@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_export_then_reload_gives_an_isomorphic_dataset(runner, tmp_path, monkeypatch, fmt):
    dump = tmp_path / f"dump.{'nq' if fmt == 'nquads' else 'trig'}"
    assert run(runner, "export", "--format", fmt, "-o", dump).exit_code == 0
    original = nquads(runner)
    monkeypatch.setenv("POLICY_KG_STORE", str(tmp_path / "second"))
    monkeypatch.setenv("POLICY_KG_LOAD_BUNDLE", "false")
    assert run(runner, "load", dump).exit_code == 0
    assert graphs_isomorphic(dataset(original), dataset(nquads(runner)))


def test_export_turtle_merges_graphs(runner):
    result = run(runner, "export", "--format", "turtle")
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) > 2000


def test_query_from_a_file_and_table_output(runner, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text('PREFIX eli: <http://data.europa.eu/eli/ontology#>\n'
                     'SELECT ?n WHERE { ?d eli:number ?n FILTER(?n = "72-NQ/TW") }', encoding="utf-8")
    result = run(runner, "query", query)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2] == "72-NQ/TW"
    assert result.stdout.splitlines()[-1] == "(1 rows)"


def test_construct_prints_turtle(runner):
    result = run(runner, "query", "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 3")
    assert len(Graph().parse(data=result.stdout, format="turtle")) == 3


@pytest.mark.parametrize("content,suffix,where", [
    ("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n ex:d .\n", ".ttl", "line 3"),
    ("<http://a> <http://b> .\n", ".nt", "line 1"),
    ('{"@id": "http://a", "http://b": [', ".jsonld", "broken.jsonld"),
    ("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description", ".rdf", "broken.rdf"),
])
def test_malformed_files_fail_cleanly_and_change_nothing(runner, tmp_path, content, suffix, where):
    before = nquads(runner)
    good = tmp_path / "good.ttl"
    good.write_text(TURTLE, encoding="utf-8")
    bad = tmp_path / f"broken{suffix}"
    bad.write_text(content, encoding="utf-8")
    result = run(runner, "load", good, bad)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert str(bad) in result.stderr and where in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert nquads(runner) == before


def test_unknown_format_and_missing_file(runner, tmp_path):
    odd = tmp_path / "data.docx"
    odd.write_text("x", encoding="utf-8")
    result = run(runner, "load", odd)
    assert result.exit_code == 2 and "unknown RDF file extension" in result.stderr
    result = run(runner, "load", tmp_path / "absent.ttl")
    assert result.exit_code == 2 and "no such file" in result.stderr
    result = run(runner, "load", odd, "--format", "excel")
    assert result.exit_code == 2 and "unknown format" in result.stderr


def test_query_syntax_error_names_the_position(runner):
    before = nquads(runner)
    result = run(runner, "query", "SELECT * WHERE { ?s ?p ")
    assert result.exit_code == 2
    assert "error at 1:" in result.stderr and "Traceback" not in result.stderr
    assert nquads(runner) == before


def test_store_that_cannot_be_opened(runner, tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("POLICY_KG_STORE", str(blocker / "store"))
    result = run(runner, "stats")
    assert result.exit_code == 2 and result.stderr.startswith("error: cannot open the store")


def test_bad_setting_value(runner, monkeypatch):
    monkeypatch.setenv("POLICY_KG_MAX_RESULT_ROWS", "many")
    result = run(runner, "query", "ASK {}")
    assert result.exit_code == 2 and "POLICY_KG_MAX_RESULT_ROWS" in result.stderr


def test_result_row_cap(runner):
    result = run(runner, "query", "SELECT * WHERE { ?s ?p ?o }", "--max-result-rows", "5")
    assert result.exit_code == 2 and "more than 5 rows" in result.stderr


def test_help_lists_every_command(runner):
    result = run(runner, "--help")
    for command in ("serve", "load", "query", "export", "stats", "check"):
        assert command in result.stdout
