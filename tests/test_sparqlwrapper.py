"""A real SPARQL client, SPARQLWrapper, against a real server: SELECT, ASK and CONSTRUCT in every format it
asks for, GET and POST."""

from __future__ import annotations

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, GET, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from conftest import BASE

pytestmark = pytest.mark.slow

SELECT = f"""PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?n WHERE {{ ?p eli:ensures_implementation_of <{BASE}eli/vn/bct/nq/xiii/72> ; eli:number ?n }}"""
CONSTRUCT = f"""PREFIX eli: <http://data.europa.eu/eli/ontology#>
CONSTRUCT {{ ?p eli:ensures_implementation_of ?r }} WHERE {{ ?p eli:ensures_implementation_of ?r }}"""


def client(server, method) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(server.url + "/sparql")
    wrapper.setMethod(method)
    return wrapper


@pytest.mark.parametrize("method", [GET, POST])
def test_select_json_xml_csv_tsv(live_server, method):
    wrapper = client(live_server, method)
    wrapper.setQuery(SELECT)
    wrapper.setReturnFormat(JSON)
    assert [b["n"]["value"] for b in wrapper.queryAndConvert()["results"]["bindings"]] == ["06-CTr/TU"]
    wrapper.setReturnFormat(XML)
    document = wrapper.queryAndConvert()
    assert [node.firstChild.data for node in document.getElementsByTagName("literal")] == ["06-CTr/TU"]
    for fmt in (CSV, TSV):
        wrapper.setReturnFormat(fmt)
        assert "06-CTr/TU" in wrapper.queryAndConvert().decode("utf-8").splitlines()[1]


@pytest.mark.parametrize("method", [GET, POST])
def test_ask(live_server, method):
    wrapper = client(live_server, method)
    wrapper.setQuery(f"ASK {{ <{BASE}eli/vn/bct/nq/xiii/80> a ?type }}")
    for fmt in (JSON, XML):
        wrapper.setReturnFormat(fmt)
        result = wrapper.queryAndConvert()
        answer = result["boolean"] if fmt == JSON else result.getElementsByTagName("boolean")[0].firstChild.data == "true"
        assert answer is True


@pytest.mark.parametrize("fmt", [TURTLE, RDFXML, JSONLD, N3])
def test_construct(live_server, fmt):
    wrapper = client(live_server, GET)
    wrapper.setQuery(CONSTRUCT)
    wrapper.setReturnFormat(fmt)
    result = wrapper.queryAndConvert()
    graph = result if isinstance(result, Graph) else Graph().parse(
        data=result, format={TURTLE: "turtle", N3: "turtle", JSONLD: "json-ld"}[fmt])
    assert len(graph) == 4
