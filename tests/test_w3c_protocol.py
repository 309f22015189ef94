"""The W3C SPARQL 1.1 Protocol suite (34 tests) and Graph Store Protocol suite (13 tests), run through a real
``policy-kg serve`` on loopback.

Security default that conflicts with the suites: writes need a bearer token, so the runner sends one with
every request (the suites assume an open update endpoint). The server starts with an empty store (no bundle),
since the suites run CLEAR ALL and DROP ALL.
"""

from __future__ import annotations

import pytest

from conftest import SHARED, LiveServer, auth
from w3c_http import load_manifest, run_test

SUITE = SHARED / "w3c" / "sparql11"
PROTOCOL = load_manifest(SUITE / "protocol" / "manifest.ttl")
GRAPH_STORE = load_manifest(SUITE / "graph-store-protocol" / "manifest-indirect.ttl") + load_manifest(
    SUITE / "graph-store-protocol" / "manifest-direct.ttl"
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def suite_server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("w3c") / "store", load_bundle="false")
    yield server
    server.stop()


def test_suite_sizes():
    assert len(PROTOCOL) == 34
    assert len(GRAPH_STORE) == 13


@pytest.mark.parametrize("test", PROTOCOL, ids=[t.name for t in PROTOCOL])
def test_sparql_protocol(test, suite_server):
    assert run_test(test, suite_server.url, {"/sparql/": "/sparql/"}, auth()) == len(test.requests) > 0


@pytest.mark.parametrize("test", GRAPH_STORE, ids=[t.name for t in GRAPH_STORE])
def test_graph_store_protocol(test, suite_server):
    assert run_test(test, suite_server.url, {"/gsp": "/store"}, auth()) == len(test.requests) > 0
