"""Attacks on the running server, each refused (issue "Hardening"): SSRF through SERVICE/LOAD and JSON-LD contexts,
XML entities, oversized and deeply nested input, runaway regexes, path traversal, script injection, missing or
wrong tokens, CORS and oversized bodies announced in headers. Every test runs against a real ``policy-kg serve``.
"""

from __future__ import annotations

import http.client
import http.server
import socket
import threading
import time
from pathlib import Path

import pytest
import requests
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import BASE, WRITE_TOKEN, LiveServer, auth
from hardening import assert_same_dataset, dump, person, write_headers

pytestmark = pytest.mark.slow


class Listener:
    """A loopback HTTP server that records every request it receives (an SSRF canary)."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                hits.append(f"{self.command} {self.path}")
                body = b'{"@context": {"name": "http://schema.org/name"}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/ld+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args) -> None:
                pass

        self.hits = hits
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def canary():
    listener = Listener()
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of this module's own (it is written to), with a 1 MB body limit to keep oversized bodies quick."""
    live = LiveServer(tmp_path_factory.mktemp("attacks") / "store", max_body_bytes=1_000_000)
    yield live
    live.stop()


def alive(server) -> None:
    answer = requests.get(server.url + "/sparql", params={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert answer.status_code == 200 and answer.json()["boolean"] is True


def service_queries(target: str) -> list[tuple[str, bool]]:
    """SERVICE and LOAD to ``target`` in many spellings; (text, is_update)."""
    host = target.rstrip("/")
    return [
        (f"SELECT * WHERE {{ SERVICE <{host}/sparql> {{ ?s ?p ?o }} }}", False),
        (f"select * where {{ service <{host}/sparql> {{ ?s ?p ?o }} }}", False),
        (f"SELECT * WHERE {{ SeRvIcE SiLeNt <{host}/sparql> {{ ?s ?p ?o }} }}", False),
        (f"SELECT * WHERE {{ SERVICE# a comment\n <{host}/sparql> {{ ?s ?p ?o }} }}", False),
        (f"SELECT * WHERE {{ SERVICE /* not a comment in SPARQL */ <{host}/sparql> {{ ?s ?p ?o }} }}", False),
        (f"PREFIX in: <{host}/> SELECT * WHERE {{ SERVICE in:sparql {{ ?s ?p ?o }} }}", False),
        (f"prefix : <{host}/> SELECT * WHERE {{ SERVICE :sparql {{ ?s ?p ?o }} }}", False),
        (f"BASE <{host}/> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}", False),
        (f"SELECT * WHERE {{ SERVICE <\\u0068ttp://{host.split('://')[1]}/sparql> {{ ?s ?p ?o }} }}", False),
        (f"SELECT * WHERE {{ SERVICE <{host.replace('127.0.0.1', '%31%32%37.0.0.1')}/sparql> {{ ?s ?p ?o }} }}", False),
        (f"SELECT * WHERE {{ VALUES ?e {{ <{host}/sparql> }} SERVICE ?e {{ ?s ?p ?o }} }}", False),
        (f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{host}/sparql> {{ ?s ?p ?o }} }} }} }}", False),
        (f"LOAD <{host}/data.ttl>", True),
        (f"load silent <{host}/data.ttl> into graph <{BASE}graph/x>", True),
        (f"PREFIX in: <{host}/> LOAD in:data.ttl", True),
        (f"LOAD#comment\n<{host}/data.ttl>", True),
        (f"INSERT {{ <urn:a> <urn:b> ?o }} WHERE {{ SERVICE <{host}/sparql> {{ ?s ?p ?o }} }}", True),
    ]


def test_service_and_load_to_internal_addresses_are_refused_in_every_spelling(server, canary):
    for text, is_update in service_queries(canary.url):
        if is_update:
            answer = requests.post(server.url + "/sparql", data={"update": text}, headers=auth(), timeout=30)
        else:
            answer = requests.get(server.url + "/sparql", params={"query": text}, timeout=30)
        assert answer.status_code in (400, 403), (text, answer.status_code, answer.text)
    time.sleep(0.5)
    assert canary.hits == []
    alive(server)


JSONLD_REMOTE = [
    '{{"@context": "{url}/context.jsonld", "@id": "https://example.org/a", "name": "x"}}',
    '{{"@context": ["{url}/context.jsonld"], "@id": "https://example.org/a", "name": "x"}}',
    '{{"@context": {{"@version": 1.1, "@import": "{url}/context.jsonld"}}, "@id": "https://example.org/a", "name": "x"}}',
    '{{"@context": {{"p": {{"@id": "https://example.org/p", "@context": "{url}/scoped.jsonld"}}}}, "@id": "https://example.org/a", "p": {{"name": "x"}}}}',
]


@pytest.mark.parametrize("template", JSONLD_REMOTE)
def test_jsonld_remote_contexts_are_never_fetched(server, canary, template):
    body = template.format(url=canary.url).encode()
    before = dump(server.url)
    put = requests.put(server.url + "/store", params={"graph": f"{BASE}graph/jsonld-attack"}, data=body,
                       headers=write_headers("application/ld+json"), timeout=30)
    dry_run = requests.post(server.url + "/validate", data=body, headers={"Content-Type": "application/ld+json"}, timeout=30)
    assert put.status_code == 400, put.text
    assert dry_run.status_code in (400, 429), dry_run.text
    assert canary.hits == []
    assert_same_dataset(before, dump(server.url))


RDF_XML_HEAD = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://example.org/">'


def billion_laughs(levels: int = 9) -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, levels + 1))
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [{entities}]>\n{RDF_XML_HEAD}'
            f'<rdf:Description rdf:about="https://example.org/a"><ex:p>&lol{levels};</ex:p></rdf:Description></rdf:RDF>').encode()


def quadratic_blowup() -> bytes:
    big = "x" * 200_000
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY big "{big}">]>\n{RDF_XML_HEAD}'
            f'<rdf:Description rdf:about="https://example.org/a"><ex:p>{"&big;" * 3000}</ex:p></rdf:Description></rdf:RDF>').encode()


def external_entity(url: str) -> bytes:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY ext SYSTEM "{url}">]>\n{RDF_XML_HEAD}'
            f'<rdf:Description rdf:about="https://example.org/a"><ex:p>&ext;</ex:p></rdf:Description></rdf:RDF>').encode()


def parameter_entity(url: str) -> bytes:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY % remote SYSTEM "{url}/dtd"> %remote;]>\n{RDF_XML_HEAD}'
            f'<rdf:Description rdf:about="https://example.org/a"><ex:p>x</ex:p></rdf:Description></rdf:RDF>').encode()


def test_rdfxml_entity_attacks_are_refused_and_never_fetch(server, canary):
    before = dump(server.url)
    bodies = [billion_laughs(), quadratic_blowup(), external_entity(canary.url + "/entity"),
              external_entity("file:///etc/passwd"), parameter_entity(canary.url)]
    for body in bodies:
        put = requests.put(server.url + "/store", params={"graph": f"{BASE}graph/xml-attack"}, data=body,
                           headers=write_headers("application/rdf+xml"), timeout=60)
        assert put.status_code == 400, put.text
        assert "root:" not in put.text
        dry_run = requests.post(server.url + "/validate", data=body, headers={"Content-Type": "application/rdf+xml"}, timeout=60)
        assert dry_run.status_code in (400, 429), dry_run.text
    assert canary.hits == []
    assert_same_dataset(before, dump(server.url))
    alive(server)


def test_rdfxml_namespace_entities_as_protege_writes_them_still_load(server):
    body = (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY ex "https://example.org/"> '
            f'<!ENTITY xsd "http://www.w3.org/2001/XMLSchema#">]>\n{RDF_XML_HEAD}'
            '<rdf:Description rdf:about="&ex;entity-ok"><ex:n rdf:datatype="&xsd;integer">1</ex:n></rdf:Description>'
            '</rdf:RDF>').encode()
    graph = f"{BASE}graph/xml-entities-ok"
    put = requests.put(server.url + "/store", params={"graph": graph}, data=body, headers=write_headers("application/rdf+xml"), timeout=30)
    assert put.status_code in (201, 204), put.text
    back = requests.get(server.url + "/store", params={"graph": graph}, headers={"Accept": "application/n-triples"}, timeout=30)
    assert '<https://example.org/entity-ok> <https://example.org/n> "1"^^<http://www.w3.org/2001/XMLSchema#integer>' in back.text


def test_huge_literal_is_413(server):
    before = dump(server.url)
    body = b'<https://example.org/a> <https://example.org/p> "' + b"x" * 1_200_000 + b'" .'
    put = requests.put(server.url + "/store", params={"graph": f"{BASE}graph/huge"}, data=body, headers=write_headers(), timeout=60)
    assert put.status_code == 413
    query = "SELECT * WHERE { ?s ?p '" + "x" * 200_000 + "' }"
    asked = requests.post(server.url + "/sparql", data=query.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=60)
    assert asked.status_code == 413
    assert_same_dataset(before, dump(server.url))


def _raw_request(server, head: str, body_parts: list[bytes]) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(head.encode())
        try:
            for part in body_parts:
                sock.sendall(part)
        except OSError:
            pass
        return sock.recv(4096)


def test_oversized_content_length_is_413_before_the_body_is_read(server):
    head = (f"PUT /store?graph={BASE}graph/smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {WRITE_TOKEN}\r\n"
            "Content-Type: text/turtle\r\nContent-Length: 100000000\r\n\r\n")
    answer = _raw_request(server, head, [b"<https://example.org/a> <https://example.org/p> 1 ."])
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_chunked_body_within_the_limit_lands_whole(server):
    """A chunked body sent in pieces, with pauses, is stored complete: the server de-chunks it, not truncates it."""
    lines = [f"<https://example.org/chunked/{i}> <https://example.org/p> \"{i}\" .\n".encode() for i in range(3000)]
    pieces = [b"".join(lines[i:i + 500]) for i in range(0, len(lines), 500)]

    def slowly():
        for piece in pieces:
            time.sleep(0.05)
            yield piece

    graph = f"{BASE}graph/chunked-whole"
    put = requests.put(server.url + "/store", params={"graph": graph}, data=slowly(),
                       headers=write_headers("application/n-triples"), timeout=60)
    assert put.status_code in (201, 204), put.text
    back = requests.get(server.url + "/store", params={"graph": graph}, headers={"Accept": "application/n-triples"}, timeout=30)
    expected, stored = Graph().parse(data=b"".join(lines).decode(), format="nt"), Graph().parse(data=back.text, format="nt")
    assert len(stored) == 3000 and isomorphic(expected, stored)


def test_oversized_chunked_body_is_413(server):
    head = (f"PUT /store?graph={BASE}graph/smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {WRITE_TOKEN}\r\n"
            "Content-Type: text/turtle\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"# " + b"x" * 65_530 + b"\n"
    answer = _raw_request(server, head, [b"%x\r\n%s\r\n" % (len(chunk), chunk)] * 40)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    missing = requests.get(server.url + "/store", params={"graph": f"{BASE}graph/smuggled"}, timeout=30)
    assert missing.status_code == 404


NESTED = [
    "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000,
    "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
    "SELECT * WHERE { ?s ?p " + "(" * 10_000 + ")" * 10_000 + " }",
    "SELECT * WHERE { ?s " + "(" * 5_000 + "<urn:p>" + ")*" * 5_000 + " ?o }",
    "SELECT * WHERE { ?s ?p " + "[ <urn:p> " * 5_000 + "1" + " ]" * 5_000 + " }",
]


@pytest.mark.parametrize("query", NESTED, ids=["braces", "parentheses", "collection", "paths", "blank-nodes"])
def test_deeply_nested_queries_are_400_and_the_server_lives(server, query):
    answer = requests.post(server.url + "/sparql", data=query.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=60)
    assert answer.status_code == 400, answer.text[:300]
    alive(server)


def test_long_flat_unions_do_not_break_the_server(server):
    query = "ASK { " + "{ ?s ?p ?o } UNION " * 5_000 + "{ ?s ?p ?o } }"
    answer = requests.post(server.url + "/sparql", data=query.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=60)
    assert answer.status_code in (200, 400, 503), answer.text[:300]
    alive(server)


def test_deeply_nested_updates_and_bodies_are_400(server):
    before = dump(server.url)
    update = "INSERT DATA { <urn:a> <urn:b> " + "(" * 10_000 + ")" * 10_000 + " }"
    answer = requests.post(server.url + "/sparql", data={"update": update}, headers=auth(), timeout=60)
    assert answer.status_code == 400, answer.text[:300]
    bodies = {
        "application/ld+json": ('{"@id": "https://example.org/a", "https://example.org/p": ' + '{"https://example.org/p": ' * 10_000
                                + "1" + "}" * 10_000 + "}").encode(),
        "text/turtle": ("<https://example.org/a> <https://example.org/p> " + "[ <https://example.org/p> " * 10_000 + "1" + " ]" * 10_000 + " .").encode(),
        "application/rdf+xml": (RDF_XML_HEAD + "<rdf:Description><ex:p>" * 10_000 + "</ex:p></rdf:Description>" * 10_000 + "</rdf:RDF>").encode(),
    }
    for media_type, body in bodies.items():
        put = requests.put(server.url + "/store", params={"graph": f"{BASE}graph/deep"}, data=body, headers=write_headers(media_type), timeout=60)
        assert put.status_code == 400, (media_type, put.text[:300])
        dry_run = requests.post(server.url + "/validate", data=body, headers={"Content-Type": media_type}, timeout=60)
        assert dry_run.status_code in (400, 429), (media_type, dry_run.text[:300])
    assert_same_dataset(before, dump(server.url))
    alive(server)


def test_modest_nesting_is_still_answered(server):
    query = "SELECT * WHERE " + "{" * 100 + " ?s ?p ?o " + "}" * 100 + " LIMIT 1"
    answer = requests.get(server.url + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert answer.status_code == 200


def test_catastrophic_regex_is_stopped_by_the_timeout(server):
    query = ('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i '
             'FILTER(REGEX(CONCAT(STR(?c), STR(?f), STR(?i), "!"), "^(([a-z])+.)+[A-Z]([a-z])+$")) }')
    started = time.monotonic()
    answer = requests.get(server.url + "/sparql", params={"query": query}, headers={"Accept": "application/json"}, timeout=60)
    assert answer.status_code == 503, answer.text[:300]
    assert answer.json()["error"]["code"] == "unavailable"
    assert int(answer.headers["Retry-After"]) > 0
    assert time.monotonic() - started < 30
    alive(server)


def _raw_get(server, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("GET", path, headers={"Accept": "text/html"})
    answer = connection.getresponse()
    body = answer.read().decode("utf-8", "replace")
    connection.close()
    return answer.status, body


TRAVERSALS = [
    "/store/../../../../etc/passwd", "/store/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/store/..%2f..%2f..%2fetc%2fpasswd",
    "/id/../../../../etc/passwd", "/id/..%2f..%2f..%2f..%2fetc%2fpasswd", "/eli/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/graph/..%2F..%2F..%2Fetc%2Fpasswd", "/static/..%2f..%2f..%2fsettings.py", "/static/../../settings.py",
    "/static/%2e%2e/__init__.py", "/cascade/..%2f..%2fetc%2fpasswd", "//etc/passwd", "/store/file:%2f%2f%2fetc%2fpasswd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_in_page_paths_reads_no_file(server, path):
    status, body = _raw_get(server, path)
    assert status in (400, 404), (status, body[:200])
    assert "root:" not in body and "import " not in body


@pytest.mark.parametrize("graph", ["../../etc/passwd", "file:///etc/passwd", "/etc/passwd", "..%2F..%2Fetc%2Fpasswd"])
def test_path_traversal_in_graph_names_reads_and_writes_no_file(server, graph, tmp_path):
    read = requests.get(server.url + "/store", params={"graph": graph}, timeout=30)
    assert read.status_code in (400, 404)
    assert "root:" not in read.text
    passwd = Path("/etc/passwd").read_bytes()
    put = requests.put(server.url + "/store", params={"graph": graph}, data=b"<https://example.org/a> <https://example.org/p> 1 .",
                       headers=write_headers(), timeout=30)
    assert put.status_code in (201, 204, 400), put.text
    assert Path("/etc/passwd").read_bytes() == passwd
    if put.status_code != 400:
        back = requests.get(server.url + "/store", params={"graph": graph}, headers={"Accept": "application/n-triples"}, timeout=30)
        assert back.text.strip() == "<https://example.org/a> <https://example.org/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> ."
        assert requests.delete(server.url + "/store", params={"graph": graph}, headers=auth(), timeout=30).status_code == 204


SCRIPT = "<script>alert(1)</script>"
QUOTE = "\"'><img src=x onerror=alert(2)>"


def test_script_injection_is_escaped_on_every_page(server):
    subject = f"{BASE}id/agency/xss-probe"
    turtle = (f'<{subject}> a <https://w3id.org/policy-kg/ontology#Agency> ; '
              f'<http://www.w3.org/2000/01/rdf-schema#label> "{SCRIPT}"@vi , "{QUOTE.replace(chr(34), chr(92) + chr(34))}"@en ; '
              f'<http://www.w3.org/2004/02/skos/core#altLabel> "{SCRIPT} {QUOTE.replace(chr(34), chr(92) + chr(34))}" .')
    put = requests.put(server.url + "/store", params={"graph": f"{BASE}graph/xss"}, data=turtle.encode(), headers=write_headers(), timeout=30)
    assert put.status_code in (201, 204), put.text
    pages = ["/", "/sparql", "/query", "/id/agency/xss-probe", f"/search?q={requests.utils.quote(SCRIPT)}",
             f"/search?q={requests.utils.quote(QUOTE)}", "/search?q=xss", f"/query?query={requests.utils.quote(SCRIPT)}",
             f"/id/{requests.utils.quote(SCRIPT)}", f"/graph/{requests.utils.quote(QUOTE)}", f"/store/{requests.utils.quote(SCRIPT)}"]
    shown = 0
    for page in pages:
        answer = requests.get(server.url + page, headers={"Accept": "text/html"}, timeout=30)
        assert answer.status_code != 500, page
        if "text/html" not in answer.headers.get("Content-Type", ""):
            continue
        assert SCRIPT not in answer.text, page
        assert "<img src=x" not in answer.text, page
        shown += "&lt;script&gt;alert(1)&lt;/script&gt;" in answer.text
    assert shown >= 2


def write_attempts(server) -> list[tuple[str, str, dict, bytes]]:
    turtle = b"<https://example.org/a> <https://example.org/p> 1 ."
    _, submission = person("attack", 1)
    return [
        ("PUT", "/store?graph=" + requests.utils.quote(f"{BASE}graph/intruder"), {"Content-Type": "text/turtle"}, turtle),
        ("POST", "/store", {"Content-Type": "text/turtle"}, turtle),
        ("DELETE", "/store?graph=" + requests.utils.quote(f"{BASE}graph/xss"), {}, b""),
        ("POST", "/sparql", {"Content-Type": "application/sparql-update"}, b"INSERT DATA { <urn:x> <urn:y> 1 }"),
        ("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"}, b"update=INSERT+DATA+%7B+%3Curn%3Ax%3E+%3Curn%3Ay%3E+2+%7D"),
        ("POST", "/submissions", {"Content-Type": "text/turtle"}, submission.encode()),
        ("POST", "/admin/backup", {}, b""),
    ]


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", f"Bearer {WRITE_TOKEN}x", f"Basic {WRITE_TOKEN}",
                                           "Bearer", f"bearer  {WRITE_TOKEN[:-1]}"])
def test_writes_without_a_valid_token_are_401_and_change_nothing(server, authorization):
    before = dump(server.url)
    for method, path, headers, body in write_attempts(server):
        if authorization:
            headers = {**headers, "Authorization": authorization}
        answer = requests.request(method, server.url + path, headers={**headers, "Origin": "https://evil.example"}, data=body, timeout=30)
        assert answer.status_code == 401, (method, path, answer.status_code, answer.text[:200])
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")
        assert "Access-Control-Allow-Origin" not in answer.headers
    assert_same_dataset(before, dump(server.url))


def test_read_only_server_answers_403_to_every_write(tmp_path):
    live = LiveServer(tmp_path / "store", tokens="")
    try:
        for method, path, headers, body in write_attempts(live):
            answer = requests.request(method, live.url + path, headers={**headers, "Authorization": f"Bearer {WRITE_TOKEN}"}, data=body, timeout=30)
            assert answer.status_code == 403, (method, path, answer.status_code)
    finally:
        live.stop()


def test_cors_never_grants_writes(server):
    preflight = requests.options(server.url + "/store", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "authorization, content-type"}, timeout=30)
    allowed_headers = preflight.headers.get("Access-Control-Allow-Headers", "").lower()
    allowed_methods = preflight.headers.get("Access-Control-Allow-Methods", "").upper()
    assert "authorization" not in allowed_headers
    assert "PUT" not in allowed_methods and "DELETE" not in allowed_methods
    assert preflight.headers.get("Access-Control-Allow-Credentials") is None
    for method, path, headers, body in write_attempts(server)[:6]:
        if method == "DELETE":
            continue
        answer = requests.request(method, server.url + path, data=body, timeout=30,
                                  headers={**headers, "Origin": "https://evil.example", "Authorization": f"Bearer {WRITE_TOKEN}"})
        assert answer.status_code < 300, (method, path, answer.status_code, answer.text[:200])
        assert "Access-Control-Allow-Origin" not in answer.headers, (method, path)
    read = requests.get(server.url + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://evil.example"}, timeout=30)
    assert read.headers["Access-Control-Allow-Origin"] == "*"
