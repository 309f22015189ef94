"""Vietnamese search: folding, ranking, filters and paging over the bundled data, in both languages, with and
without diacritics; ``pol:fold`` and the search keys inside SPARQL; the index kept in sync after writes."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

import pytest

from policy_kg.loading import load_files
from policy_kg.search.folding import fold, folded_tokens, tokens
from policy_kg.search.index import number_keys
from policy_kg.search.ranking import query_number_key
from policy_kg.web import create_app

from conftest import auth

BASE = "https://w3id.org/policy-kg/"
PROGRAMME_05 = BASE + "eli/vn-hn/tu/ctr/xviii/05"
NQ72 = BASE + "eli/vn/bct/nq/xiii/72"


def search(client, **params):
    query = "&".join(f"{k}={quote(str(v))}" for k, v in params.items())
    response = client.get(f"/search?{query}", headers={"Accept": "application/json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def ids(answer):
    return [item["id"] for item in answer["results"]]


@pytest.mark.parametrize("text, folded", [
    ("GIÁO DỤC", "giao duc"), ("giáo dục", "giao duc"), (unicodedata.normalize("NFD", "Giáo dục"), "giao duc"),
    ("Đông", "dong"), ("ddoong", "dong"), ("  Sở   Y\ttế ", "so y te"), ("Nghị quyết", "nghi quyet"),
    ("Hội nhập quốc tế", "hoi nhap quoc te"), ("Ưu tiên", "uu tien"),
])
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("text", ["aÀa", "Đđ  Đ", "AAA-ÂÂ ee ÉÉ", "oÔô\u0300", "  x\u00a0\u2003y  ", "72-NQ/TW", "ĐĐoOÓ"])
def test_fold_is_idempotent_so_postings_split_folded_text_once(text):
    once = fold(text)
    assert fold(once) == once
    assert tokens(text) == folded_tokens(once)


def test_number_keys_and_number_queries():
    assert number_keys("72-NQ/TW") == ["72", "72 nq", "72 nq tw"]
    assert number_keys("05-CTr/TU") == ["5", "5 ctr", "5 ctr tu"]
    for text in ("NQ 72", "nq72", "Nghị quyết 72", "nghi quyet so 72", "Resolution 72"):
        assert query_number_key(text) == "72 nq"
    assert query_number_key("72-NQ/TW") == "72 nq tw"
    assert query_number_key("72") == "72"
    assert query_number_key("giáo dục") is None


@pytest.mark.parametrize("q", ["giao duc", "GIÁO DỤC", "giáo dục", unicodedata.normalize("NFD", "giáo dục"), "Giao Duc"])
def test_vietnamese_with_and_without_diacritics_find_the_education_programme(client, q):
    answer = search(client, q=q, type="programme")
    assert ids(answer)[0] == PROGRAMME_05
    assert answer["results"][0]["match"] == "label"


def test_english_query_finds_the_education_programme(client):
    answer = search(client, q="education and training", lang="en")
    assert PROGRAMME_05 in ids(answer)
    item = next(i for i in answer["results"] if i["id"] == PROGRAMME_05)
    assert item["label"] == "Action Programme No. 05-CTr/TU (education and training)"


@pytest.mark.parametrize("q", ["72-NQ/TW", "NQ 72", "nq72", "72", "Nghị quyết 72", "nghi quyet 72"])
def test_exact_number_ranks_first(client, q):
    answer = search(client, q=q)
    assert ids(answer)[0] == NQ72
    assert answer["results"][0]["match"] == "number"
    assert all(item["match"] != "number" for item in answer["results"][1:])


def test_d_finds_dj_and_telex(client):
    assert BASE + "id/person/nguyen-trong-dong" in ids(search(client, q="Nguyen Trong Dong"))
    assert BASE + "id/person/nguyen-trong-dong" in ids(search(client, q="nguyeen trong ddoong"))
    assert BASE + "id/agency/bo-chinh-tri" == ids(search(client, q="bo chinh tri"))[0]


def test_label_matches_rank_above_text_matches(client):
    answer = search(client, q="bảo hiểm y tế toàn dân", size=50)
    matches = [item["match"] for item in answer["results"]]
    assert matches[0] == "label"
    assert matches == sorted(matches, key=lambda m: {"number": 0, "label": 1, "text": 2}[m])
    assert [item["score"] for item in answer["results"]] == sorted((i["score"] for i in answer["results"]), reverse=True)


def test_type_and_sector_filters(client):
    tasks = search(client, q="y te", type="task", sector="health", size=100)
    assert tasks["total"] > 0
    assert all("/id/task/06-" in item["id"] for item in tasks["results"])
    agencies = search(client, q="ha noi", type="agency", size=100)
    assert BASE + "id/agency/so-y-te-ha-noi" in ids(agencies)
    assert all("/id/agency/" in item["id"] for item in agencies["results"])
    education = search(client, q="giao duc", sector="education", size=100)
    assert PROGRAMME_05 in ids(education) and BASE + "eli/vn-hn/tu/ctr/xviii/06" not in ids(education)


def test_paging(client):
    first, second = search(client, q="ha noi", size=5), search(client, q="ha noi", size=5, page=2)
    assert first["total"] == second["total"] > 10
    assert len(first["results"]) == len(second["results"]) == 5
    assert not set(ids(first)) & set(ids(second))


@pytest.mark.parametrize("params", ["q=", "q=x&page=0", "q=x&size=1000", "q=x&type=javascript:alert(1)", "q=x&page=two"])
def test_bad_requests_get_the_error_shape(client, params):
    response = client.get(f"/search?{params}", headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert set(response.get_json()["error"]) == {"status", "code", "message", "link"}


def test_html_page_escapes_the_query(client):
    response = client.get("/search?q=%3Cscript%3Ealert(1)%3C/script%3E", headers={"Accept": "text/html"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<script>" not in body and "&lt;script&gt;" in body
    page = client.get("/search?q=giao+duc&format=html").get_data(as_text=True)
    assert "Chương trình hành động số 05-CTr/TU" in page and 'rel="next"' in page


def test_fold_function_in_sparql_runs_in_the_query_workers(client, kg):
    assert kg.pool is not None
    query = ('SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l '
             'FILTER(CONTAINS(<https://w3id.org/policy-kg/ontology#fold>(?l), "so y te ha noi")) }')
    response = client.get("/sparql?query=" + quote(query), headers={"Accept": "application/sparql-results+json"})
    found = {b["s"]["value"] for b in response.get_json()["results"]["bindings"]}
    assert BASE + "id/agency/so-y-te-ha-noi" in found


def test_search_key_in_sparql(client):
    query = (f'SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s <https://w3id.org/policy-kg/ontology#searchNumber> "72 nq" }} '
             f'FILTER(STRSTARTS(STR(?g), "{BASE}graph/search/")) }}')
    response = client.get("/sparql?query=" + quote(query), headers={"Accept": "application/sparql-results+json"})
    assert [b["s"]["value"] for b in response.get_json()["results"]["bindings"]] == [NQ72]


def test_index_follows_loaded_files(fresh_kg, tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text('<https://w3id.org/policy-kg/id/agency/truong-dong-do> a <https://w3id.org/policy-kg/ontology#Agency> ;'
                     ' <http://www.w3.org/2000/01/rdf-schema#label> "Trường Đông Đô"@vi .\n', encoding="utf-8")
    load_files(fresh_kg.backend, [extra], None, BASE)
    fresh_kg.wrote()
    client = create_app(fresh_kg.settings, service=fresh_kg).test_client()
    assert ids(search(client, q="truong dong do"))[0] == BASE + "id/agency/truong-dong-do"


def test_index_follows_sparql_updates(fresh_kg):
    client = create_app(fresh_kg.settings, service=fresh_kg).test_client()
    assert search(client, q="Hội đồng thử nghiệm mới")["total"] == 0
    update = ('INSERT DATA { GRAPH <https://w3id.org/policy-kg/graph/file/new> { <https://w3id.org/policy-kg/id/agency/moi> '
              '<http://www.w3.org/2000/01/rdf-schema#label> "Hội đồng thử nghiệm mới"@vi } }')
    response = client.post("/sparql", data={"update": update}, headers=auth())
    assert response.status_code == 204
    assert ids(search(client, q="hoi dong thu nghiem moi")) == [BASE + "id/agency/moi"]
    client.post("/sparql", data={"update": "DROP GRAPH <https://w3id.org/policy-kg/graph/file/new>"}, headers=auth())
    assert search(client, q="hoi dong thu nghiem moi")["total"] == 0
