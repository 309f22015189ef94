"""Fuzzing with hypothesis (bounded) against real servers: random and mutated SPARQL queries and updates, RDF bodies
in every accepted format, CSV templates, headers, IRIs and query strings for pages and the store.

Invariants: never a 500 (a 503 only with Retry-After), never a hang (every request has a client timeout of ten
times the query timeout), and the store unchanged by anything refused (N-Quads dumps compared, by isomorphism
when the bytes differ). Inputs that once failed live in ``tests/fuzz_corpus/`` and are replayed first.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import WRITE_TOKEN, LiveServer
from hardening import assert_same_dataset, dump

pytestmark = pytest.mark.slow
CORPUS = Path(__file__).parent / "fuzz_corpus"
TIMEOUT = 30
FUZZ = settings(max_examples=300, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    """The bundled data, rate limits off (the fuzzer is one client sending fast)."""
    live = LiveServer(tmp_path_factory.mktemp("fuzz-read") / "store", rate_limit_sparql=0, rate_limit_search=0, validate_rate=0)
    yield live
    live.stop()


@pytest.fixture(scope="module")
def writer(tmp_path_factory):
    """A small store for write fuzzing, so that before/after dumps stay cheap."""
    live = LiveServer(tmp_path_factory.mktemp("fuzz-write") / "store", load_bundle="false", rate_limit_sparql=0)
    seed = "\n".join(f'<urn:fuzz:s{i}> <urn:fuzz:p> "giá trị {i}"@vi ; <urn:fuzz:q> [ <urn:fuzz:r> {i} ] .' for i in range(20))
    for graph in ("urn:fuzz:g", "urn:fuzz:h"):
        answer = requests.put(live.url + "/store", params={"graph": graph}, data=seed.encode(),
                              headers={"Authorization": f"Bearer {WRITE_TOKEN}", "Content-Type": "text/turtle"}, timeout=TIMEOUT)
        assert answer.status_code in (201, 204)
    yield live
    live.stop()


def checked(answer: requests.Response, what: str) -> requests.Response:
    assert answer.status_code != 500, f"{what}: 500 {answer.text[:300]}"
    if answer.status_code >= 500:
        assert answer.status_code == 503 and answer.headers.get("Retry-After"), f"{what}: {answer.status_code}"
    return answer


def unchanged_if_refused(server, before: bytes, answer: requests.Response) -> None:
    if answer.status_code < 400:
        return
    after = dump(server.url)
    if sorted(after.splitlines()) != sorted(before.splitlines()):
        assert_same_dataset(before, after)


def mutate(seed: str, edits: list[tuple[int, int, str]]) -> str:
    for position, length, insert in edits:
        position %= len(seed) + 1
        seed = seed[:position] + insert + seed[position + length:]
    return seed


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
EDITS = st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 6), TEXT), max_size=5)


def mutated(seeds: list[str]):
    return st.builds(mutate, st.sampled_from(seeds), EDITS)


SPARQL_WORDS = ["SELECT", "*", "WHERE", "{", "}", "(", ")", "[", "]", "?s", "?p", "?o", "$x", "<urn:x>", "FILTER", "REGEX",
                "OPTIONAL", "UNION", "MINUS", "GRAPH", "SERVICE", "SILENT", "LOAD", '"x"', "'y'@vi", '"1"^^<urn:t>', "1", "-1.5e3",
                ".", ";", ",", "a", "BIND", "AS", "VALUES", "UNDEF", "LIMIT", "OFFSET", "ORDER BY", "GROUP BY", "HAVING",
                "COUNT(*)", "DISTINCT", "# c\n", "\\u0041", "PREFIX", "ex:", ":a", "BASE", "<../x>", "CONSTRUCT", "DESCRIBE",
                "ASK", "/", "|", "^", "+", "?", "!", "&&", "||", "=", "<", ">", "NOW()", "STR(?o)", "LANG(?o)", "'''l\nong'''",
                "FROM", "FROM NAMED", "<http://127.0.0.1:1/>", "EXISTS", "NOT", "IN", "Hà Nội", "\x00", "<<", ">>", "{|", "|}",
                "SUBSTR(?o, 0, 2)", "REPLACE(?o, '(a+)+$', 'b')", "RAND()", "UUID()", "xsd:integer", "IF(", "COALESCE("]
QUERY_SEEDS = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 5",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(LANG(?l) = 'vi') } LIMIT 5",
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g HAVING (COUNT(*) > 1)",
    "ASK { ?s a ?t OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), '^H', 'i')) } LIMIT 10",
    "DESCRIBE ?s WHERE { ?s ?p ?o } LIMIT 1",
    "SELECT * WHERE { VALUES (?x ?y) { (1 2) (UNDEF 'b') } BIND(?x + 1 AS ?z) }",
    "SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#subClassOf>+ ?c } LIMIT 3",
]
QUERIES = st.one_of(st.lists(st.sampled_from(SPARQL_WORDS), max_size=40).map(" ".join), mutated(QUERY_SEEDS), TEXT)


def query_check(server, text: str) -> None:
    checked(requests.get(server.url + "/sparql", params={"query": text}, timeout=TIMEOUT,
                         headers={"Accept": "application/sparql-results+json, text/turtle;q=0.5"}), text[:200])
    checked(requests.post(server.url + "/sparql", data=text.encode("utf-8"), timeout=TIMEOUT,
                          headers={"Content-Type": "application/sparql-query"}), text[:200])


@FUZZ
@given(text=QUERIES)
def test_fuzz_sparql_queries(reader, text):
    query_check(reader, text)


UPDATE_SEEDS = [
    "INSERT DATA { <urn:fuzz:n> <urn:fuzz:p> 'x' }",
    "INSERT DATA { GRAPH <urn:fuzz:g> { <urn:fuzz:n> <urn:fuzz:p> 1 } }",
    "DELETE DATA { GRAPH <urn:fuzz:g> { <urn:fuzz:s1> <urn:fuzz:p> 'giá trị 1'@vi } }",
    "DELETE { GRAPH <urn:fuzz:g> { ?s ?p ?o } } INSERT { GRAPH <urn:fuzz:h> { ?s ?p ?o } } WHERE { GRAPH <urn:fuzz:g> { ?s <urn:fuzz:r> ?o } }",
    "INSERT DATA { <urn:fuzz:a> <urn:fuzz:p> 1 } ; CREATE GRAPH <urn:fuzz:g>",
    "WITH <urn:fuzz:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?o = 3) }",
    "CLEAR SILENT GRAPH <urn:fuzz:none>",
    "COPY <urn:fuzz:g> TO <urn:fuzz:copy>",
    "CREATE GRAPH <urn:fuzz:new>",
    "DROP GRAPH <urn:fuzz:absent>",
    "INSERT { ?s <urn:fuzz:twice> ?o } WHERE { ?s <urn:fuzz:r> ?o }",
]
UPDATES = st.one_of(mutated(UPDATE_SEEDS), st.lists(st.sampled_from(SPARQL_WORDS + ["INSERT DATA", "DELETE", "INSERT", "CLEAR",
                                                                                   "DROP", "CREATE", "COPY", "MOVE", "ADD", "TO", "WITH", "USING", "ALL", "DEFAULT"]),
                                                    max_size=30).map(" ".join))


def update_check(server, text: str) -> None:
    before = dump(server.url)
    answer = checked(requests.post(server.url + "/sparql", data=text.encode("utf-8"), timeout=TIMEOUT, headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {WRITE_TOKEN}"}), text[:200])
    unchanged_if_refused(server, before, answer)


@settings(FUZZ, max_examples=200)
@given(text=UPDATES)
def test_fuzz_sparql_updates(writer, text):
    update_check(writer, text)


BODY_SEEDS = {
    "text/turtle": '@prefix ex: <https://example.org/> .\nex:a ex:p "Hà Nội"@vi , 1.5 ; ex:q [ ex:r ( 1 2 ) ] .\n',
    "application/n-triples": '<https://example.org/a> <https://example.org/p> "x\\u00e9"@vi .\n_:b <https://example.org/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
    "application/ld+json": '{"@context": {"ex": "https://example.org/"}, "@id": "ex:a", "ex:p": [{"@value": "Hà Nội", "@language": "vi"}], "ex:q": {"@id": "ex:b"}}',
    "application/rdf+xml": ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                            'xmlns:ex="https://example.org/"><rdf:Description rdf:about="https://example.org/a">'
                            '<ex:p xml:lang="vi">Hà Nội</ex:p><ex:q rdf:resource="https://example.org/b"/></rdf:Description></rdf:RDF>'),
    "application/trig": '@prefix ex: <https://example.org/> .\nex:g { ex:a ex:p "x" . }\n{ ex:b ex:p 2 . }\n',
    "application/n-quads": '<https://example.org/a> <https://example.org/p> "x" <https://example.org/g> .\n<https://example.org/b> <https://example.org/p> "y" .\n',
}
MEDIA_TYPES = list(BODY_SEEDS) + ["application/json", "text/plain", "application/xml", "text/csv", "", "text/turtle; charset=latin-1",
                                  "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"]


@st.composite
def bodies(draw):
    media_type = draw(st.sampled_from(list(BODY_SEEDS)))
    text = draw(st.one_of(st.builds(mutate, st.just(BODY_SEEDS[media_type]), EDITS), TEXT))
    content_type = draw(st.one_of(st.just(media_type), st.sampled_from(MEDIA_TYPES)))
    return content_type, text.encode("utf-8")


def body_check(server, content_type: str, body: bytes, method: str = "PUT", graph: str = "urn:fuzz:g") -> None:
    before = dump(server.url)
    headers = {"Authorization": f"Bearer {WRITE_TOKEN}", "Content-Type": content_type}
    answer = checked(requests.request(method, server.url + "/store", params={"graph": graph}, data=body, headers=headers,
                                      timeout=TIMEOUT), f"{method} {content_type} {body[:200]!r}")
    unchanged_if_refused(server, before, answer)


@settings(FUZZ, max_examples=200)
@given(case=bodies(), method=st.sampled_from(["PUT", "POST"]))
def test_fuzz_rdf_bodies_in_every_format(writer, case, method):
    content_type, body = case
    body_check(writer, content_type, body, method)


CSV_SEED = ("programme,task,description_vi,description_en,lead_agency,coordinating_agencies,deadline,deliverable,"
            "approving_authority,goal\n05-CTr/TU,fuzz-task,Nhiệm vụ thử,Test task,so-y-te-ha-noi,so-tai-chinh;so-noi-vu,"
            "2026-06,Báo cáo,ubnd-thanh-pho-ha-noi,\n")


def csv_check(server, text: str) -> None:
    checked(requests.post(server.url + "/validate", data=text.encode("utf-8"), timeout=TIMEOUT,
                          headers={"Content-Type": "text/csv", "Accept": "application/json"}), text[:200])


@settings(FUZZ, max_examples=150)
@given(text=st.one_of(st.builds(mutate, st.just(CSV_SEED), EDITS), TEXT, st.lists(TEXT, max_size=12).map(",".join)))
def test_fuzz_csv_templates(reader, text):
    csv_check(reader, text)


HEADER_TEXT = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255, blacklist_characters="\x7f"), max_size=60)
ACCEPTS = st.one_of(HEADER_TEXT, st.lists(st.sampled_from(["text/html", "application/json", "*/*", "text/*;q=0.5", "application/sparql-results+json;q=0",
                                                            "text/turtle;q=abc", "application/n-quads", "image/png", ";;", "q=1"]), max_size=5).map(", ".join))


def headers_check(server, accept: str, content_type: str, authorization: str) -> None:
    before = dump(server.url)
    for method, path, body in [("GET", "/sparql?query=" + quote("ASK {}"), None), ("POST", "/sparql", b"ASK {}"),
                               ("GET", "/store?graph=urn%3Afuzz%3Ag", None), ("PUT", "/store?graph=urn%3Afuzz%3Ag", b"<urn:x> <urn:y> <urn:z> ."),
                               ("GET", "/", None), ("GET", "/search?q=x", None)]:
        headers = {"Accept": accept, "Content-Type": content_type, "Authorization": authorization}
        answer = checked(requests.request(method, server.url + path, data=body, headers=headers, timeout=TIMEOUT),
                         f"{method} {path} {headers!r}")
        if method == "PUT":
            assert answer.status_code >= 400, "a write went through without the token"
    unchanged_if_refused(server, before, answer)


@settings(FUZZ, max_examples=150)
@given(accept=ACCEPTS, content_type=st.one_of(HEADER_TEXT, st.sampled_from(MEDIA_TYPES)),
       authorization=st.one_of(HEADER_TEXT, st.builds(lambda t: f"Bearer {t}", HEADER_TEXT),
                               st.builds(lambda t: f"Bearer {WRITE_TOKEN}{t}", HEADER_TEXT.filter(lambda t: t.strip()))))
def test_fuzz_headers(writer, accept, content_type, authorization):
    headers_check(writer, accept, content_type, authorization)


PATH_TEMPLATES = ["/id/{}", "/eli/{}", "/graph/{}", "/store/{}", "/cascade/{}", "/clarities/{}", "/{}", "/submissions/{}",
                  "/search?q={}&type={}&sector={}&page={}&size={}&lang={}&format={}", "/store?graph={}", "/store?graph={}&format={}",
                  "/sparql?query=ASK%7B%7D&default-graph-uri={}&named-graph-uri={}&format={}&inference={}", "/query?query={}",
                  "/reconcile?queries={}", "/reconcile/suggest/entity?prefix={}", "/static/{}", "/metrics?{}", "/health?{}"]
PIECES = st.one_of(TEXT, st.sampled_from(["..", "%2e%2e", "../../etc/passwd", "file:///etc/passwd", "http://a b", "-1", "0",
                                          "99999999999999999999", "html", "json", "true", "vi", "%00", "%ZZ", "%", "<script>"]))


def path_check(server, path: str) -> None:
    checked(requests.get(server.url + path, headers={"Accept": "text/html"}, timeout=TIMEOUT), path)
    checked(requests.get(server.url + path, headers={"Accept": "application/json"}, timeout=TIMEOUT), path)


@settings(FUZZ, max_examples=300)
@given(template=st.sampled_from(PATH_TEMPLATES), pieces=st.lists(PIECES, min_size=7, max_size=7),
       encode=st.booleans())
def test_fuzz_iris_and_query_strings(reader, template, pieces, encode):
    parts = [quote(piece, safe="" if encode else "/:?&=%") for piece in pieces]
    path_check(reader, template.format(*parts[:template.count("{}")]))


def corpus_cases() -> list[Path]:
    return sorted(CORPUS.glob("*.json"))


@pytest.mark.parametrize("case", corpus_cases(), ids=lambda path: path.stem)
def test_fuzz_corpus_replay(case, reader, writer):
    """Inputs that once broke the server (a 500, a crash or a hang) stay refused cleanly."""
    entry = json.loads(case.read_text(encoding="utf-8"))
    parts = entry["input"] if isinstance(entry["input"], list) else [entry["input"]]
    data = "".join(part if isinstance(part, str) else part[0] * part[1] for part in parts)
    target = entry["target"]
    if target == "query":
        query_check(reader, data)
    elif target == "update":
        update_check(writer, data)
    elif target == "body":
        body_check(writer, entry["content_type"], data.encode("utf-8"))
    elif target == "validate":
        checked(requests.post(reader.url + "/validate", data=data.encode("utf-8"), timeout=TIMEOUT,
                              headers={"Content-Type": entry["content_type"]}), case.stem)
    elif target == "path":
        path_check(reader, data)
    else:
        raise AssertionError(f"unknown corpus target {target!r} in {case.name}")
    assert requests.get(reader.url + "/health", timeout=TIMEOUT).ok
    assert requests.get(writer.url + "/health", timeout=TIMEOUT).ok
