"""Linked-data pages (issue 4): dereferenceable IRIs with content negotiation, the JSON-LD context, entity and
ontology pages, the language switch, the query page, the cascade SVG, the "6 rõ" view, and escaping everywhere.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF

from conftest import BASE, auth
from policy_kg.web.cascade import BOX_HEIGHT, LINE_CHARS, wrap
from policy_kg.web.query_examples import examples

POL = Namespace("https://w3id.org/policy-kg/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
R72, P06 = f"{BASE}eli/vn/bct/nq/xiii/72", f"{BASE}eli/vn-hn/tu/ctr/xviii/06"
HTML = {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}
SVG = "{http://www.w3.org/2000/svg}"
RDF_TYPES = {"turtle": "text/turtle", "ntriples": "application/n-triples", "jsonld": "application/ld+json",
             "rdfxml": "application/rdf+xml"}


def parse(client, response) -> Graph:
    """Parse an RDF response; JSON-LD gets the context this server publishes (never fetched from the network)."""
    media_type = response.mimetype
    if media_type == "application/ld+json":
        document = json.loads(response.data)
        assert document["@context"].endswith("/context.jsonld")
        document["@context"] = json.loads(client.get("/context.jsonld").data)["@context"]
        return Graph().parse(data=json.dumps(document), format="json-ld")
    kind = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml"}[media_type]
    return Graph().parse(data=response.data.decode("utf-8"), format=kind)


@pytest.mark.parametrize("name", sorted(RDF_TYPES))
def test_resource_conneg_gives_the_same_graph_in_every_format(client, name):
    reference = parse(client, client.get("/eli/vn/bct/nq/xiii/72", headers={"Accept": "application/n-triples"}))
    assert (URIRef(R72), RDF.type, POL.Resolution) in reference
    assert (URIRef(P06), ELI.ensures_implementation_of, URIRef(R72)) in reference
    response = client.get("/eli/vn/bct/nq/xiii/72", headers={"Accept": RDF_TYPES[name]})
    assert response.status_code == 200
    assert response.mimetype == RDF_TYPES[name]
    assert "Accept" in response.headers["Vary"]
    assert isomorphic(parse(client, response), reference)
    explicit = client.get(f"/eli/vn/bct/nq/xiii/72?format={name}", headers=HTML)
    assert explicit.mimetype == RDF_TYPES[name]
    assert isomorphic(parse(client, explicit), reference)


def test_description_leaves_out_the_search_index(client):
    graph = parse(client, client.get("/eli/vn/bct/nq/xiii/72?format=ntriples"))
    assert not [p for p in graph.predicates() if str(p).startswith(str(POL) + "search")]


def test_browser_gets_the_page_and_curl_gets_turtle(client):
    page = client.get("/eli/vn/bct/nq/xiii/72", headers=HTML)
    assert page.mimetype == "text/html" and page.status_code == 200
    assert 'href="/eli/vn-hn/tu/ctr/xviii/06"' in page.get_data(as_text=True)
    assert client.get("/eli/vn/bct/nq/xiii/72", headers={"Accept": "*/*"}).mimetype == "text/turtle"
    links = page.headers["Link"]
    assert '?format=turtle>; rel="alternate"; type="text/turtle"' in links


def test_unknown_iri_is_404_in_the_one_error_shape(client):
    response = client.get("/id/task/khong-ton-tai", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    assert client.get("/eli/vn/bct/nq/xiii/999", headers=HTML).status_code == 404
    assert client.get("/id/x%3Cy", headers=HTML).status_code == 404


def test_unacceptable_and_unknown_formats(client):
    assert client.get("/eli/vn/bct/nq/xiii/72", headers={"Accept": "image/png"}).status_code == 406
    bad = client.get("/eli/vn/bct/nq/xiii/72?format=docx", headers={"Accept": "application/json"})
    assert bad.status_code == 400 and "docx" in bad.get_json()["error"]["message"]


def test_published_jsonld_context_maps_the_terms(client):
    response = client.get("/context.jsonld")
    assert response.mimetype == "application/ld+json"
    context = response.get_json()["@context"]
    assert context["pol"] == str(POL) and context["eli"] == str(ELI)
    assert context["taskOf"] == {"@id": "pol:taskOf", "@type": "@id"}
    compacted = json.loads(client.get("/eli/vn-hn/tu/ctr/xviii/06?format=jsonld").data)
    node = next(item for item in compacted["@graph"] if item["id"] == P06)
    assert node["ensures_implementation_of"] == R72


def test_entity_page_groups_labels_incoming_sources_and_downloads(client):
    text = client.get("/eli/vn/bct/nq/xiii/72?lang=en", headers=HTML).get_data(as_text=True)
    assert "<h1>Resolution 72-NQ/TW</h1>" in text
    assert "Action Programme No. 06-CTr/TU (health)" in text
    assert "implemented by" in text  # incoming eli:ensures_implementation_of
    assert 'href="/id/agency/bo-chinh-tri"' in text and ">Politburo<" in text
    for name in RDF_TYPES:
        assert f'href="/eli/vn/bct/nq/xiii/72?format={name}"' in text
    task = client.get("/id/task/06-bao-hiem-y-te-toan-dan?lang=vi", headers=HTML).get_data(as_text=True)
    assert 'class="quote"' in task and '<blockquote lang="vi">' in task
    assert 'href="https://amp.vtcnews.vn/' in task  # the source's schema:url
    goal = client.get("/id/goal/06-trung-tam-y-te-hang-dau?lang=en", headers=HTML).get_data(as_text=True)
    assert 'href="http://metadata.un.org/sdg/3"' in goal and "SDG 3" in goal
    agency = client.get("/id/agency/bo-chinh-tri?lang=en", headers=HTML).get_data(as_text=True)
    assert "documents passed by this body" in agency


def test_language_from_accept_language_toggle_and_cookie(client):
    vi = client.get("/", headers=HTML | {"Accept-Language": "vi-VN,vi;q=0.9"}).get_data(as_text=True)
    assert '<html lang="vi">' in vi and "Đồ thị tri thức chính sách công Việt Nam" in vi
    en = client.get("/", headers=HTML | {"Accept-Language": "en-GB,en;q=0.8"}).get_data(as_text=True)
    assert '<html lang="en">' in en and "A knowledge graph of Vietnamese public policy" in en
    assert 'href="/?lang=vi"' in en
    chosen = client.get("/?lang=vi", headers=HTML | {"Accept-Language": "en"})
    assert "lang=vi" in chosen.headers["Set-Cookie"]
    remembered = client.get("/eli/vn/bct/nq/xiii/72", headers=HTML | {"Accept-Language": "en"})
    assert '<html lang="vi">' in remembered.get_data(as_text=True)
    assert "Accept-Language" in remembered.headers["Vary"]


def test_home_page_counts_documents_and_next_steps(client):
    text = client.get("/?lang=en", headers=HTML).get_data(as_text=True)
    assert re.search(r"<strong>4</strong> <a href=\"/ontology#ActionProgramme\">", text)
    assert 'href="/eli/vn/bct/nq/xiii/72"' in text and 'href="/eli/vn-hn/tu/ctr/xviii/06"' in text
    assert 'href="/id/sector/health"' in text
    assert "/sparql" in text and 'action="/search"' in text
    dump = re.search(r'<a href="([^"]+)" download="policy-kg.ttl"', text).group(1).replace("&amp;", "&")
    graph = Graph().parse(data=client.get(dump).get_data(as_text=True), format="turtle")
    assert (URIRef(R72), RDF.type, POL.Resolution) in graph


def test_ontology_page_and_rdf(client):
    text = client.get("/ontology?lang=vi", headers=HTML).get_data(as_text=True)
    assert 'id="Task"' in text and "Nhiệm vụ" in text and 'lang="en"' in text
    assert 'id="leadAgency"' in text
    graph = parse(client, client.get("/ontology", headers={"Accept": "text/turtle"}))
    assert (URIRef("https://w3id.org/policy-kg/ontology"), RDF.type, OWL.Ontology) in graph
    assert (POL.Task, RDF.type, OWL.Class) in graph


def test_named_graph_page_and_content(client):
    page = client.get("/graph/data/programmes", headers=HTML)
    assert page.status_code == 200 and 'href="/eli/vn-hn/tu/ctr/xviii/06"' in page.get_data(as_text=True)
    graph = parse(client, client.get("/graph/data/programmes", headers={"Accept": "text/turtle"}))
    assert (URIRef(P06), RDF.type, POL.ActionProgramme) in graph
    assert client.get("/graph/data/nothing", headers=HTML).status_code == 404


def svg_nodes(data: bytes) -> list[ET.Element]:
    root = ET.fromstring(data)
    return [a for a in root.iter() if a.tag in (f"{SVG}a", f"{SVG}g")]


def test_cascade_svg_links_every_node(client):
    response = client.get("/cascade/eli/vn/bct/nq/xiii/72.svg?lang=en")
    assert response.mimetype == "image/svg+xml"
    nodes = svg_nodes(response.data)
    hrefs = [a.get("href") for a in nodes if a.tag == f"{SVG}a"]
    assert any(h.endswith("/eli/vn-hn/tu/ctr/xviii/06") for h in hrefs)
    assert sum("/id/task/06-" in h for h in hrefs) == 12
    assert sum("/id/goal/06-" in h for h in hrefs) == 4
    titles = [node.find(f"{SVG}title").text for node in nodes]
    assert "not stated" in titles  # no task of 06 names a lead agency
    page = client.get("/eli/vn/bct/nq/xiii/72?lang=en", headers=HTML).get_data(as_text=True)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'href="/cascade/eli/vn/bct/nq/xiii/72.svg"' in page
    assert client.get("/cascade/id/agency/bo-chinh-tri.svg").status_code == 404


def test_wrap_cuts_long_labels():
    assert wrap("Ngắn") == ["Ngắn"]
    lines = wrap("Nâng cấp y tế cơ sở, giảm tải tuyến trên và phát triển mạng lưới y tế dự phòng ở mọi xã phường")
    assert len(lines) == 2 and lines[-1].endswith("…") and all(len(line) <= LINE_CHARS for line in lines)


def test_clarities_view_of_a_programme(client):
    text = client.get("/clarities/eli/vn-hn/tu/ctr/xviii/06?lang=vi", headers=HTML).get_data(as_text=True)
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", text, re.S)
    assert len(rows) == 12
    assert all(row.count('class="ok"') == 1 for row in rows)  # only "rõ việc": every task has a description @vi
    assert "Rõ người: 0/12" in text and "Rõ việc: 12/12" in text
    assert client.get("/clarities/eli/vn/bct/nq/xiii/72", headers=HTML).status_code == 404


def test_query_page_renders_rows_links_and_downloads(client):
    example = examples(BASE, "en")[0]
    response = client.get("/query", query_string={"query": example.query, "lang": "en"}, headers=HTML)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<strong id="row-count">1</strong>' in text
    assert 'href="/eli/vn-hn/tu/ctr/xviii/06"' in text
    csv_link = re.search(r'<a class="button" href="([^"]+format=csv)"', text).group(1).replace("&amp;", "&")
    csv = client.get(csv_link)
    assert csv.mimetype == "text/csv" and P06 in csv.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_example_query_answers(client, lang):
    for example in examples(BASE, lang):
        text = client.get("/query", query_string={"query": example.query}, headers=HTML).get_data(as_text=True)
        count = int(re.search(r'<strong id="row-count">(\d+)</strong>', text).group(1))
        assert count > 0, example.id


def test_query_syntax_error_shown_inline_with_position(client):
    response = client.get("/query", query_string={"query": "SELECT * WHERE { ?s ?p }", "lang": "en"}, headers=HTML)
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'role="alert"' in text and "line 1, column 25" in text
    assert 'data-error-line="1" data-error-column="25"' in text


def test_sparql_get_for_a_browser_is_the_editor(client):
    text = client.get("/sparql", headers=HTML | {"Accept-Language": "vi"}).get_data(as_text=True)
    assert '<textarea id="query" name="query"' in text and 'action="/query"' in text
    assert "Chương trình hành động nào của Hà Nội thực hiện Nghị quyết 72-NQ/TW?" in text
    assert "/static/query.js" in text and "https://" not in re.sub(r"<code>.*?</code>|data-query=\"[^\"]*\"|href=\"[^\"]*\"|<textarea.*?</textarea>", "", text, flags=re.S)


EVIL = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def insert_evil(fresh_client, tasks: int = 1) -> None:
    evil = EVIL.replace('"', '\\"')
    lines = [f'<{BASE}id/task/evil-{n}> a pol:Task ; rdfs:label "{evil} {n}"@vi, "{evil} {n}"@en ; '
             f'pol:taskOf <{P06}> ; pol:contributesTo <{BASE}id/goal/06-trung-tam-y-te-hang-dau> ; '
             f'pol:leadAgency <{BASE}id/agency/evil> .' for n in range(tasks)]
    update = ("PREFIX pol: <https://w3id.org/policy-kg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
              f'INSERT DATA {{ {" ".join(lines)} <{BASE}id/agency/evil> rdfs:label "{evil} agency"@vi . }}')
    assert fresh_client.post("/sparql", data={"update": update}, headers=auth()).status_code == 204


def test_every_page_escapes_labels(fresh_client):
    insert_evil(fresh_client)
    query = f"SELECT ?l WHERE {{ <{BASE}id/task/evil-0> ?p ?l }}"
    pages = ["/id/task/evil-0", "/eli/vn-hn/tu/ctr/xviii/06", "/eli/vn/bct/nq/xiii/72", "/id/agency/evil",
             "/clarities/eli/vn-hn/tu/ctr/xviii/06", "/query?" + f"query={query}"]
    for path in pages:
        text = fresh_client.get(path, headers=HTML).get_data(as_text=True)
        assert "<script>alert" not in text and "<img src=x" not in text, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in fresh_client.get("/id/task/evil-0", headers=HTML).get_data(as_text=True)
    svg = fresh_client.get("/cascade/eli/vn-hn/tu/ctr/xviii/06.svg").data
    assert b"<script>" not in svg and b"<img" not in svg
    ET.fromstring(svg)  # still well-formed XML


def test_cascade_stays_readable_at_sixty_nodes(fresh_client):
    insert_evil(fresh_client, tasks=40)
    data = fresh_client.get("/cascade/eli/vn/bct/nq/xiii/72.svg").data
    nodes = svg_nodes(data)
    assert len(nodes) >= 60
    columns: dict[str, list[float]] = {}
    for node in nodes:
        rect = node.find(f"{SVG}rect")
        columns.setdefault(rect.get("x"), []).append(float(rect.get("y")))
        assert all(len(span.text) <= LINE_CHARS for span in node.iter(f"{SVG}tspan"))
        assert node.find(f"{SVG}title").text  # the full label
    assert len(columns) == 5
    for ys in columns.values():
        ys.sort()
        assert all(b - a >= BOX_HEIGHT for a, b in zip(ys, ys[1:]))  # no two boxes overlap


def test_clarities_all_six_for_a_complete_task(fresh_client):
    task = f"{BASE}id/task/du-6-ro"
    update = ("PREFIX pol: <https://w3id.org/policy-kg/ontology#> PREFIX dct: <http://purl.org/dc/terms/> "
              "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
              f'INSERT DATA {{ <{task}> a pol:Task ; rdfs:label "Nhiệm vụ đủ 6 rõ"@vi ; pol:taskOf <{P06}> ; '
              f'dct:description "Việc rõ ràng"@vi ; pol:leadAgency <{BASE}id/agency/so-y-te-ha-noi> ; '
              f'pol:coordinatingAgency <{BASE}id/agency/so-tai-chinh-ha-noi> ; pol:deadline "2027"^^xsd:gYear ; '
              f'pol:approvingAuthority <{BASE}id/agency/ubnd-ha-noi> ; pol:deliverable "Đề án"@vi . '
              f'<{BASE}id/task/06-bao-hiem-y-te-toan-dan> pol:leadAgency <{BASE}id/agency/so-y-te-ha-noi>, '
              f'<{BASE}id/agency/so-tai-chinh-ha-noi> . }}')
    assert fresh_client.post("/sparql", data={"update": update}, headers=auth()).status_code == 204
    text = fresh_client.get("/eli/vn-hn/tu/ctr/xviii/06?lang=vi", headers=HTML).get_data(as_text=True)
    row = re.search(r'<tr><th scope="row"><a href="/id/task/du-6-ro">.*?</tr>', text, re.S).group(0)
    assert row.count('class="ok"') == 6 and "đủ 6 rõ" in row
    two_leads = re.search(r'<tr><th scope="row"><a href="/id/task/06-bao-hiem-y-te-toan-dan">.*?</tr>', text, re.S).group(0)
    assert "Rõ người" in two_leads.rsplit("<td>", 1)[-1]  # two lead agencies: not "exactly one"
