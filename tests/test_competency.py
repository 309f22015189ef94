"""Competency questions answered from the loaded bundled graph (through the real embedded store).

Expected answers come from the facts sheet and the article, not from the code under test.
"""

from __future__ import annotations

from conftest import BASE

PREFIXES = """
PREFIX pol: <https://w3id.org/policy-kg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def values(kg, query: str, name: str) -> set:
    return {row[name] for row in kg.backend.select(PREFIXES + query)}


def test_which_hanoi_programme_implements_72(kg):
    rows = kg.backend.select(PREFIXES + f"""
        SELECT ?programme ?number WHERE {{
          ?programme a pol:ActionProgramme ; eli:ensures_implementation_of <{BASE}eli/vn/bct/nq/xiii/72> ;
                     eli:number ?number }}""")
    assert rows == [{"programme": f"{BASE}eli/vn-hn/tu/ctr/xviii/06", "number": "06-CTr/TU"}]


def test_each_programme_implements_its_resolution(kg):
    pairs = {(row["p"], row["r"]) for row in kg.backend.select(PREFIXES + """
        SELECT ?p ?r WHERE { ?p a pol:ActionProgramme ; eli:ensures_implementation_of ?r }""")}
    assert pairs == {
        (f"{BASE}eli/vn-hn/tu/ctr/xviii/05", f"{BASE}eli/vn/bct/nq/xiii/71"),
        (f"{BASE}eli/vn-hn/tu/ctr/xviii/06", f"{BASE}eli/vn/bct/nq/xiii/72"),
        (f"{BASE}eli/vn-hn/tu/ctr/xviii/draft-nq79", f"{BASE}eli/vn/bct/nq/xiii/79"),
        (f"{BASE}eli/vn-hn/tu/ctr/xviii/draft-nq80", f"{BASE}eli/vn/bct/nq/xiii/80"),
    }


def test_resolutions_the_politburo_passed_in_2025(kg):
    numbers = values(kg, f"""
        SELECT ?number WHERE {{
          ?r a pol:Resolution ; eli:passed_by <{BASE}id/agency/bo-chinh-tri> ;
             eli:number ?number ; eli:date_document ?date .
          FILTER (YEAR(?date) = 2025) }}""", "number")
    assert numbers == {"59-NQ/TW", "66-NQ/TW", "68-NQ/TW", "70-NQ/TW", "71-NQ/TW", "72-NQ/TW"}


def test_resolution_dates_match_the_facts_sheet(kg):
    dates = {row["n"]: row["d"] for row in kg.backend.select(PREFIXES + """
        SELECT ?n ?d WHERE { ?r a pol:Resolution ; eli:number ?n ; eli:date_document ?d }""")}
    assert {k: dates[k] for k in ("57-NQ/TW", "59-NQ/TW", "71-NQ/TW", "72-NQ/TW", "79-NQ/TW", "80-NQ/TW")} == {
        "57-NQ/TW": "2024-12-22", "59-NQ/TW": "2025-01-24", "71-NQ/TW": "2025-08-22",
        "72-NQ/TW": "2025-09-09", "79-NQ/TW": "2026-01-06", "80-NQ/TW": "2026-01-07",
    }


def test_health_programme_tasks_without_lead_agency(kg):
    """No source names a lead agency for any single task, so every task of 06-CTr/TU lacks one."""
    programme = f"{BASE}eli/vn-hn/tu/ctr/xviii/06"
    all_tasks = values(kg, f"SELECT ?t WHERE {{ ?t a pol:Task ; pol:taskOf <{programme}> }}", "t")
    without_lead = values(kg, f"""
        SELECT ?t WHERE {{ ?t a pol:Task ; pol:taskOf <{programme}> FILTER NOT EXISTS {{ ?t pol:leadAgency ?a }} }}""", "t")
    assert len(all_tasks) >= 8
    assert without_lead == all_tasks


def test_goals_related_to_sdg_3_are_health_goals(kg):
    rows = kg.backend.select(PREFIXES + """
        SELECT ?goal ?doc WHERE { ?goal a pol:Goal ; skos:relatedMatch <http://metadata.un.org/sdg/3> ; pol:goalOf ?doc }""")
    documents = {row["doc"] for row in rows}
    assert rows
    assert documents <= {f"{BASE}eli/vn-hn/tu/ctr/xviii/06", f"{BASE}eli/vn/bct/nq/xiii/72"}
    assert f"{BASE}eli/vn-hn/tu/ctr/xviii/06" in documents


def test_everything_deriving_from_71(kg):
    derived = values(kg, f"""
        SELECT DISTINCT ?x WHERE {{
          ?x (pol:taskOf|pol:goalOf|pol:targetOf|pol:contributesTo|eli:ensures_implementation_of)+ <{BASE}eli/vn/bct/nq/xiii/71> }}""", "x")
    programme_05 = f"{BASE}eli/vn-hn/tu/ctr/xviii/05"
    tasks_05 = values(kg, f"SELECT ?t WHERE {{ ?t pol:taskOf <{programme_05}> }}", "t")
    goals_05 = values(kg, f"SELECT ?g WHERE {{ ?g pol:goalOf <{programme_05}> }}", "g")
    assert programme_05 in derived
    assert tasks_05 and tasks_05 <= derived
    assert goals_05 and goals_05 <= derived
    assert not any("/06" in iri or "nq72" in iri or "/id/task/06-" in iri for iri in derived)


def test_draft_programmes_have_no_number_or_date(kg):
    rows = kg.backend.select(PREFIXES + f"""
        SELECT ?p ?status (COUNT(?n) AS ?numbers) (COUNT(?d) AS ?dates) WHERE {{
          VALUES ?p {{ <{BASE}eli/vn-hn/tu/ctr/xviii/draft-nq79> <{BASE}eli/vn-hn/tu/ctr/xviii/draft-nq80> }}
          ?p pol:status ?status .
          OPTIONAL {{ ?p eli:number ?n }} OPTIONAL {{ ?p eli:date_document ?d }}
        }} GROUP BY ?p ?status""")
    assert len(rows) == 2
    for row in rows:
        assert row["status"] == f"{BASE}id/concept/document-status/draft"
        assert row["numbers"] == 0 and row["dates"] == 0


def test_conclusion_226_is_the_source_of_6_ro(kg):
    rows = kg.backend.select(PREFIXES + f"""
        SELECT ?n ?d ?issuer WHERE {{ <{BASE}eli/vn/bbt/kl/xiii/226> a pol:Conclusion ; eli:number ?n ;
            eli:date_document ?d ; eli:passed_by ?issuer }}""")
    assert rows == [{"n": "226-KL/TW", "d": "2025-12-11", "issuer": f"{BASE}id/agency/ban-bi-thu"}]
