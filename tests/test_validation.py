"""The validation entry point with the store as context, each "6 rõ" clarity, the cross-record SPARQL rules,
the CSV task template, the CLI exit codes and the rate limiter (issue "Validating")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH, XSD

from policy_kg.errors import ParseError
from policy_kg.validation import validate
from policy_kg.validation.csvtemplate import csv_to_graph
from policy_kg.validation.ingest import read_body
from policy_kg.web.ratelimit import TokenBucketLimiter

from conftest import ROOT

BASE = "https://w3id.org/policy-kg/"
POL = "https://w3id.org/policy-kg/ontology#"
TASK = f"{BASE}id/task/test-de-an-thu-nghiem"

VALID_TASK = f"""
@prefix pol: <{POL}> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{TASK}> a pol:Task ;
  rdfs:label "Xây dựng đề án thử nghiệm"@vi , "Draft a pilot scheme"@en ;
  dct:description "Xây dựng đề án thử nghiệm chuyển đổi số trường học."@vi ;
  pol:taskOf <{BASE}eli/vn-hn/tu/ctr/xviii/05> ;
  pol:leadAgency <{BASE}id/agency/so-giao-duc-va-dao-tao-ha-noi> ;
  pol:coordinatingAgency <{BASE}id/agency/so-tai-chinh-ha-noi> ;
  pol:approvingAuthority <{BASE}id/agency/ubnd-ha-noi> ;
  pol:deadline "2026-12"^^xsd:gYearMonth ;
  pol:deliverable "Đề án thử nghiệm"@vi ;
  prov:wasDerivedFrom <{BASE}eli/vn-hn/tu/ctr/xviii/05> .
"""

CLARITY_LINES = {
    "ro-nguoi": "pol:leadAgency", "ro-viec": "dct:description", "ro-thoi-gian": "pol:deadline",
    "ro-trach-nhiem": "pol:coordinatingAgency", "ro-tham-quyen": "pol:approvingAuthority",
    "ro-san-pham": "pol:deliverable",
}
CLARITY_WORDS = {"ro-nguoi": ("Rõ người", "Clear people"), "ro-viec": ("Rõ việc", "Clear work"),
                 "ro-thoi-gian": ("Rõ thời gian", "Clear timeline"),
                 "ro-trach-nhiem": ("Rõ trách nhiệm", "Clear accountability"),
                 "ro-tham-quyen": ("Rõ thẩm quyền", "Clear authority"), "ro-san-pham": ("Rõ sản phẩm", "Clear product")}


def turtle(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def without(clarity: str) -> str:
    return "\n".join(line for line in VALID_TASK.splitlines() if CLARITY_LINES[clarity] not in line)


def test_a_task_linking_to_agencies_in_the_store_conforms(kg):
    report = validate(turtle(VALID_TASK), kg, "vi")
    assert report.conforms, report.text("en")
    assert report.results == []


def test_without_the_store_the_linked_agencies_are_unknown():
    report = validate(turtle(VALID_TASK), None, "en")
    assert not report.conforms
    assert report.clarities_missing()[TASK] == {"ro-nguoi", "ro-trach-nhiem", "ro-tham-quyen"}


@pytest.mark.parametrize("clarity", sorted(CLARITY_LINES))
def test_each_missing_clarity_is_named_in_both_languages(kg, clarity):
    report = validate(turtle(without(clarity)), kg, "vi")
    assert not report.conforms
    assert report.clarities_missing() == {TASK: {clarity}}
    [result] = [r for r in report.results if r.clarity == clarity]
    vi, en = CLARITY_WORDS[clarity]
    assert result.messages["vi"].startswith(vi) and result.messages["en"].startswith(en)
    assert vi in report.text("vi") and en in report.text("en")


def test_an_unknown_agency_and_two_lead_agencies_are_rõ_người_violations(kg):
    data = VALID_TASK.replace("so-giao-duc-va-dao-tao-ha-noi", "khong-co-co-quan-nay")
    assert validate(turtle(data), kg).clarities_missing() == {TASK: {"ro-nguoi"}}
    data = VALID_TASK.replace("pol:deadline", f"pol:leadAgency <{BASE}id/agency/so-y-te-ha-noi> ;\n  pol:deadline")
    assert validate(turtle(data), kg).clarities_missing() == {TASK: {"ro-nguoi"}}


def test_the_lead_agency_cannot_also_coordinate(kg):
    data = VALID_TASK.replace("so-tai-chinh-ha-noi", "so-giao-duc-va-dao-tao-ha-noi")
    [result] = validate(turtle(data), kg).results
    assert result.clarity == "ro-trach-nhiem" and result.component == str(SH.DisjointConstraintComponent)


def test_an_ill_typed_deadline_is_rõ_thời_gian(kg):
    data = VALID_TASK.replace('"2026-12"^^xsd:gYearMonth', '"2026-02-30"^^xsd:date')
    assert validate(turtle(data), kg).clarities_missing() == {TASK: {"ro-thoi-gian"}}


def test_a_deadline_before_the_assigning_document_is_refused(kg):
    [[issued]] = [[row["d"]] for row in kg.backend.select(
        f"SELECT ?d WHERE {{ <{BASE}eli/vn/bct/nq/xiii/71> <http://data.europa.eu/eli/ontology#date_document> ?d }}")]
    data = (VALID_TASK.replace("eli/vn-hn/tu/ctr/xviii/05> ;\n  pol:leadAgency", "eli/vn/bct/nq/xiii/71> ;\n  pol:leadAgency")
            .replace('"2026-12"^^xsd:gYearMonth', '"2020"^^xsd:gYear'))
    report = validate(turtle(data), kg, "en")
    [result] = report.results
    assert result.path == POL + "deadline" and result.value == "2020"
    assert issued in result.messages["en"] and issued in result.messages["vi"]


def test_a_programme_on_another_sector_than_its_resolution_is_refused(kg):
    data = f"""
    @prefix pol: <{POL}> . @prefix eli: <http://data.europa.eu/eli/ontology#> .
    @prefix dct: <http://purl.org/dc/terms/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix prov: <http://www.w3.org/ns/prov#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <{BASE}eli/vn-hn/ubnd/kh/2026/123> a pol:Plan , pol:ActionProgramme ;
      rdfs:label "Kế hoạch thử"@vi , "Test plan"@en ;
      dct:title "Kế hoạch thử nghiệm"@vi , "A test plan"@en ;
      eli:number "123/KH-UBND" ; eli:date_document "2026-03-01"^^xsd:date ;
      eli:passed_by <{BASE}id/agency/ubnd-ha-noi> ;
      eli:type_document <{BASE}id/concept/document-type/kh> ;
      eli:ensures_implementation_of <{BASE}eli/vn/bct/nq/xiii/71> ;
      eli:is_about <{BASE}id/sector/health> ;
      prov:wasDerivedFrom <{BASE}eli/vn/bct/nq/xiii/71> .
    """
    report = validate(turtle(data), kg, "en")
    messages = [r.messages["en"] for r in report.results if r.severity == "Violation"]
    assert any("None of the programme's sectors" in m for m in messages)
    assert any("code CTr" in m for m in messages)  # a Plan number on an ActionProgramme


def test_a_missing_english_label_is_only_a_warning(kg):
    report = validate(turtle(VALID_TASK.replace(', "Draft a pilot scheme"@en', "")), kg)
    assert report.conforms
    assert [(r.severity, r.path) for r in report.results] == [("Warning", "http://www.w3.org/2000/01/rdf-schema#label")]


def test_the_report_graph_is_a_standard_validation_report(kg):
    report = validate(turtle(without("ro-san-pham")), kg)
    graph = report.graph()
    [node] = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms) == Literal(False)
    [result] = graph.objects(node, SH.result)
    assert graph.value(result, SH.focusNode) == URIRef(TASK)
    assert graph.value(result, SH.resultPath) == URIRef(POL + "deliverable")
    assert {m.language for m in graph.objects(result, SH.resultMessage)} == {"vi", "en"}


# --- the CSV task template ---

def test_the_example_csv_converts_to_the_ontology_terms_and_conforms(kg):
    raw = (ROOT / "docs" / "examples" / "tasks.csv").read_bytes()
    graph = csv_to_graph(raw, BASE, kg)
    expected = turtle(f"""
    @prefix pol: <{POL}> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <{BASE}id/task/06-ke-hoach-ho-so-suc-khoe-dien-tu> a pol:Task ;
      pol:taskOf <{BASE}eli/vn-hn/tu/ctr/xviii/06> ;
      pol:leadAgency <{BASE}id/agency/so-y-te-ha-noi> ;
      pol:coordinatingAgency <{BASE}id/agency/so-tai-chinh-ha-noi> ;
      pol:approvingAuthority <{BASE}id/agency/ubnd-ha-noi> ;
      pol:deadline "2027"^^xsd:gYear ;
      pol:deliverable "Kế hoạch triển khai hồ sơ sức khỏe điện tử"@vi .
    """)
    task = URIRef(f"{BASE}id/task/06-ke-hoach-ho-so-suc-khoe-dien-tu")
    subset = Graph()
    for triple in graph.triples((task, None, None)):
        if triple[1] in set(expected.predicates()):
            subset.add(triple)
    assert isomorphic(subset, expected)
    assert graph.value(URIRef(f"{BASE}id/task/05-de-an-truong-hoc-so"), URIRef(POL + "deadline")) == Literal("2026-12", datatype=XSD.gYearMonth)
    assert validate(graph, kg).conforms


def test_csv_errors_name_row_and_column(kg):
    raw = ("programme,description_vi,deadline,lead_agency\n"
           "05-CTr/TU,Một nhiệm vụ đủ dài,2026-13,so-y-te-ha-noi\n"
           "99-CTr/TU,Nhiệm vụ khác đủ dài,2027,Sở Y tế\n").encode()
    with pytest.raises(ParseError) as caught:
        csv_to_graph(raw, BASE, kg)
    message = caught.value.message
    assert "row 2, column deadline" in message
    assert "row 3, column programme" in message and "row 3, column lead_agency" in message
    assert "dòng 2, cột deadline" in message


def test_csv_unknown_columns_are_refused(kg):
    with pytest.raises(ParseError, match="row 1, column colour: unknown column"):
        csv_to_graph(b"programme,description_vi,colour\n05-CTr/TU,abc,red\n", BASE, kg)


def test_syntax_errors_carry_line_and_column():
    with pytest.raises(ParseError, match=r"line 3, column \d+"):
        read_body(b"@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b ex:c ex:d .\n", "text/turtle", BASE)


# --- the CLI ---

def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_validate_exit_codes(runner, tmp_path):
    ok = runner.invoke(__import__("policy_kg.cli", fromlist=["main"]).main, ["validate", str(write(tmp_path, "ok.ttl", VALID_TASK))])
    assert ok.exit_code == 0, ok.output
    from policy_kg.cli import main

    bad = runner.invoke(main, ["validate", str(write(tmp_path, "bad.ttl", without("ro-nguoi"))), "--lang", "en"])
    assert bad.exit_code == 1
    assert "Clear people" in bad.output and TASK in bad.output
    broken = runner.invoke(main, ["validate", str(write(tmp_path, "broken.ttl", "<a> <b> ."))])
    assert broken.exit_code == 2 and "line 1" in broken.output
    missing = runner.invoke(main, ["validate", str(tmp_path / "nope.ttl")])
    assert missing.exit_code == 2


def test_cli_validate_several_files_together_and_json(runner, tmp_path):
    from policy_kg.cli import main

    agency = write(tmp_path, "agency.ttl", f"""
    @prefix pol: <{POL}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix prov: <http://www.w3.org/ns/prov#> .
    <{BASE}id/agency/phuong-moi> a pol:StateAgency ; rdfs:label "UBND phường Mới"@vi , "New ward"@en ;
      prov:wasDerivedFrom <{BASE}id/source/vtc-2026-02-25> .""")
    task = write(tmp_path, "task.ttl", VALID_TASK.replace("so-giao-duc-va-dao-tao-ha-noi", "phuong-moi"))
    alone = runner.invoke(main, ["validate", str(task), "--format", "json"])
    assert alone.exit_code == 1 and json.loads(alone.stdout)["results"][0]["clarity"] == "ro-nguoi"
    together = runner.invoke(main, ["validate", str(agency), str(task), "--format", "json"])
    assert together.exit_code == 0, together.output
    turtle_out = runner.invoke(main, ["validate", str(task), "--format", "turtle"])
    graph = Graph().parse(data=turtle_out.stdout, format="turtle")
    assert (None, RDF.type, SH.ValidationReport) in graph


# --- the rate limiter ---

def test_token_bucket_refills_over_a_minute():
    now = [0.0]
    limiter = TokenBucketLimiter(2, clock=lambda: now[0])
    assert limiter.allow("a") == 0 and limiter.allow("a") == 0
    assert limiter.allow("a") == 30
    assert limiter.allow("b") == 0
    now[0] = 30.0
    assert limiter.allow("a") == 0
    assert TokenBucketLimiter(0).allow("a") == 0
