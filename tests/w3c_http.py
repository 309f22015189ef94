"""Run the W3C SPARQL 1.1 Protocol and Graph Store Protocol manifests (ht:Request / ht:Response records)
against a real server over HTTP.

Each manifest entry lists requests to send in order; we replace the manifest's path prefix (``/sparql/``,
``/gsp``) with ours, send the body in its declared character encoding, and check the status class, the
boolean or format of the answer, the Location template and, for the Graph Store tests, that the returned graph
is isomorphic to the expected one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import requests
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")

STATUS = {"OK": {200}, "Created": {201}, "NoContent": {204}, "NotFound": {404}}
RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"}
RDF_TYPES = {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"}


@dataclass
class HttpRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    expected_status: set[str]
    expected_boolean: bool | None = None
    expected_format: str | None = None
    expected_location: str | None = None
    expected_body: str | None = None
    expected_content_type: str | None = None


@dataclass
class ManifestTest:
    name: str
    requests: list[HttpRequest]
    graph_data: list[tuple[Path, str]] = field(default_factory=list)


def _status_names(graph: Graph, response) -> set[str]:
    return {str(value).rsplit("#", 1)[1] for value in graph.objects(response, MF.expectedStatus)}


def load_manifest(path: Path) -> list[ManifestTest]:
    graph = Graph().parse(path, format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    entries = Collection(graph, graph.value(manifest, MF.entries))
    tests = []
    for entry in entries:
        action = graph.value(entry, MF.action)
        http_requests = []
        for node in Collection(graph, graph.value(action, HT.requests)):
            headers = {}
            header_list = graph.value(node, HT.headers)
            if header_list is not None:
                for header in Collection(graph, header_list):
                    headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
            body_node = graph.value(node, HT.body)
            body = None
            if body_node is not None:
                encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(graph.value(body_node, CNT.chars)).encode(encoding.lower())
            response = graph.value(node, HT.resp)
            expected_body = expected_type = None
            response_body = graph.value(response, HT.body)
            if response_body is not None:
                expected_body = str(graph.value(response_body, CNT.chars))
                for header in Collection(graph, graph.value(response, HT.headers)):
                    if str(graph.value(header, HT.fieldName)).lower() == "content-type":
                        expected_type = str(graph.value(header, HT.fieldValue))
            boolean = graph.value(response, MF.expectedBoolean)
            http_requests.append(HttpRequest(
                method=str(graph.value(node, HT.methodName)),
                path=str(graph.value(node, HT.absolutePath)),
                headers=headers,
                body=body,
                expected_status=_status_names(graph, response),
                expected_boolean=None if boolean is None else boolean.toPython(),
                expected_format=str(graph.value(response, MF.expectedFormat) or "") or None,
                expected_location=str(graph.value(response, MF.expectedLocation) or "") or None,
                expected_body=expected_body,
                expected_content_type=expected_type,
            ))
        data = [(path.parent / Path(str(graph.value(node, UT.graph))).name, str(graph.value(node, RDFS_LABEL)))
                for node in graph.objects(entry, UT.graphData)]
        tests.append(ManifestTest(str(graph.value(entry, MF.name)), http_requests, data))
    return tests


def status_ok(status: int, expected: set[str]) -> bool:
    for name in expected:
        if name.startswith("StatusCode") and str(status).startswith(name[len("StatusCode")]):
            return True
        if status in STATUS.get(name, set()):
            return True
    return False


def run_test(test: ManifestTest, base_url: str, prefixes: dict[str, str], auth: dict[str, str]) -> int:
    """Start from an empty store, send the test's requests in order; raise AssertionError on the first miss.

    Returns the number of requests whose expectations were checked."""
    reset = requests.post(f"{base_url}/sparql", data="DROP ALL",
                          headers={"Content-Type": "application/sparql-update", **auth}, timeout=30)
    assert reset.status_code == 204, reset.text
    for data_path, graph_iri in test.graph_data:
        put = requests.put(f"{base_url}/store?graph={quote(graph_iri, safe='')}", data=data_path.read_bytes(),
                           headers={"Content-Type": "application/n-triples", **auth}, timeout=30)
        assert put.status_code in (201, 204), put.text
    location = None
    for step, request in enumerate(test.requests):
        path = request.path
        for old, new in prefixes.items():
            if path.startswith(old):
                path = new + path[len(old):]
                break
        body = request.body
        if location is not None:
            path = path.replace("$LOCATION$", quote(location, safe=""))
            if body is not None:
                body = body.replace(b"$LOCATION$", location.encode())
        headers = {**request.headers, **auth}
        if body is not None and "content-type" not in {k.lower() for k in headers}:
            headers["Content-Type"] = ""
        response = requests.request(request.method, base_url + path, data=body, headers=headers, timeout=30,
                                    allow_redirects=False)
        where = f"{test.name}, request {step + 1} ({request.method} {path}): {response.status_code} {response.text[:300]}"
        assert status_ok(response.status_code, request.expected_status), where
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        if request.expected_location:
            location = response.headers.get("Location")
            assert location, where
        if request.expected_format == "boolean" or request.expected_boolean is not None:
            assert content_type in ("application/sparql-results+json", "application/sparql-results+xml"), where
            if request.expected_boolean is not None:
                assert json.loads(response.text)["boolean"] is request.expected_boolean, where
        elif request.expected_format == "tabular":
            assert content_type in RESULT_TYPES, where
        elif request.expected_format == "RDF":
            assert content_type in RDF_TYPES, where
        if request.expected_body is not None and request.method == "GET":
            expected = Graph().parse(data=request.expected_body, format="turtle", publicID=base_url + path)
            actual = Graph().parse(data=response.text, format="turtle", publicID=base_url + path)
            assert isomorphic(expected, actual), where
        if request.expected_content_type and request.method in ("GET", "HEAD"):
            assert content_type == request.expected_content_type.split(";")[0].strip(), where
    return len(test.requests)
