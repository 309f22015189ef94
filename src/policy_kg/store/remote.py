"""The remote backend: any SPARQL 1.1 store reached over the standard protocols, configured by ``store_url``.

Reads use the SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/ §2.1, POST form-encoded); writes use
SPARQL 1.1 Update (§2.2; https://www.w3.org/TR/sparql11-update/) and, where the engine offers it, the Graph
Store HTTP Protocol (https://www.w3.org/TR/sparql11-http-rdf-update/ §5.2 GET, §5.5 POST).

Answers are re-serialised here from SPARQL JSON results or N-Triples with ``results.py``, so every backend gives
the same bytes, the same formats and the same ``max_rows`` cap. Engine quirks live in ``ENGINES`` (endpoint paths,
authentication, timeout parameter, union default graph) and in ``_check`` (how each engine reports errors and
timeouts). Graph writes never leave a partial graph visible: a graph that fits in one batch is replaced by one
update request (``DROP SILENT GRAPH; INSERT``), a larger one is written to a staging graph first and then moved
into place by one ``MOVE`` (or ``ADD``) update, which the engine runs as one transaction (Update §3.2.5).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

import pyoxigraph as ox
import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from ..errors import ConfigError, InputError, QuerySyntaxError, QueryTimeout, StoreError
from ..formats import RDF_FORMATS, Format, by_name
from .base import Backend, QueryRequest, is_inferred_graph
from .embedded import parse_quads
from .results import QueryResult, serialize_boolean, serialize_solutions, serialize_triples

NTRIPLES = by_name("ntriples", RDF_FORMATS)
TURTLE = by_name("turtle", RDF_FORMATS)
STAGING_PREFIX = "urn:policy-kg:staging:"
CONNECT_TIMEOUT = 10.0
WRITE_TIMEOUT = 600.0


@dataclass(frozen=True)
class Engine:
    """What differs between engines: endpoint paths under ``store_url`` and how to ask for what policy-kg needs."""

    name: str
    query_path: str
    update_path: str
    gsp_path: str | None
    gsp_param: str = "graph"
    auth: str = "basic"
    timeout_param: str | None = None
    timeout_scale: float = 1.0
    union_param: str | None = None
    separate_default_graph: bool = True
    atomic_drop: bool = True
    hidden_graphs: re.Pattern[str] | None = None
    insert_triples: int | None = None  # most triples one INSERT DATA may hold, when the engine limits it


ENGINES: dict[str, Engine] = {
    "oxigraph": Engine("oxigraph", "/query", "/update", "/store", union_param="union-default-graph"),
    # Virtuoso: updates and graph writes need the digest-authenticated endpoints; the query timeout is in ms and
    # an expired query answers 200 with partial rows and X-SQL-State S1TAT; the default graph is the union of all
    # graphs, including Virtuoso's own system graphs, which are hidden from the graph list. Its SPARQL compiler
    # refuses an INSERT DATA of 1 500 triples ("generated SQL text has exceeded 10000 lines"; 1 400 pass).
    "virtuoso": Engine(
        "virtuoso", "/sparql", "/sparql-auth", "/sparql-graph-crud-auth", gsp_param="graph-uri", auth="digest",
        timeout_param="timeout", timeout_scale=1000.0, separate_default_graph=False, atomic_drop=False,
        hidden_graphs=re.compile(r"^http://www\.openlinksw\.com/|^http://www\.w3\.org/ns/ldp#$|^https?://[^/]+/(DAV/|sparql)$"),
        insert_triples=1000,
    ),
    "fuseki": Engine("fuseki", "/query", "/update", "/data", timeout_param="timeout"),
    "graphdb": Engine("graphdb", "", "/statements", "/rdf-graphs/service", timeout_param="timeout"),
    "generic": Engine("generic", "", "", None),
}

_SERVER_HEADERS = (("virtuoso", "virtuoso"), ("oxigraph", "oxigraph"), ("fuseki", "fuseki"), ("graphdb", "graphdb"))
_FORM = re.compile(
    r"""\#[^\n]*|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|<[^<>"{}|^`\\\s]*>"""
    r"""|\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b""",
    re.IGNORECASE | re.DOTALL,
)


def query_form(text: str) -> str:
    """The query form (SELECT, ASK, CONSTRUCT, DESCRIBE): the first such keyword outside comments, strings and IRIs."""
    for match in _FORM.finditer(text):
        if match.group(1):
            return match.group(1).upper()
    raise QuerySyntaxError("query syntax: no SELECT, ASK, CONSTRUCT or DESCRIBE found")


def detect_engine(url: str) -> str:
    """The engine behind ``url``, from the Server header of a GET (``generic`` when it names none we know)."""
    try:
        response = requests.get(url, timeout=CONNECT_TIMEOUT, headers={"Accept": "*/*"})
    except requests.RequestException as exc:
        raise StoreError(f"cannot reach the SPARQL store at {url}: {_reason(exc)}") from None
    server = (response.headers.get("Server", "") + " " + " ".join(response.headers)).lower()
    return next((engine for marker, engine in _SERVER_HEADERS if marker in server), "generic")


def _reason(exc: Exception) -> str:
    text = str(exc.args[0] if exc.args else exc)
    found = re.search(r"\[Errno -?\d+\] ([^'\")]+)", text)
    return found.group(1).strip() if found else text.splitlines()[0][:200]


def _bnode(value: str) -> ox.BlankNode:
    """A blank node from an engine's label (Virtuoso sends ``nodeID://b10000``, not a valid label)."""
    if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_-]*", value):
        return ox.BlankNode(value)
    return ox.BlankNode("b" + hashlib.sha1(value.encode()).hexdigest()[:20])


def json_term(term: dict[str, Any]) -> Any:
    """An RDF term from SPARQL 1.1 Query Results JSON §3.2.2 (also the ``typed-literal`` of SPARQL 1.0 engines)."""
    kind, value = term["type"], term.get("value")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return _bnode(value)
    if kind in ("literal", "typed-literal"):
        if term.get("xml:lang"):
            return ox.Literal(value, language=term["xml:lang"])
        if term.get("datatype"):
            return ox.Literal(value, datatype=ox.NamedNode(term["datatype"]))
        return ox.Literal(value)
    if kind == "triple":
        return ox.Triple(json_term(value["subject"]), json_term(value["predicate"]), json_term(value["object"]))
    raise StoreError(f"the SPARQL store sent an unknown term type {kind!r}")


class _Row:
    """One solution, read as ``pyoxigraph.QuerySolution`` is: by variable name, or iterated in variable order."""

    __slots__ = ("_names", "_terms")

    def __init__(self, names: list[str], terms: dict[str, Any]) -> None:
        self._names, self._terms = names, terms

    def __getitem__(self, name: str) -> Any:
        return self._terms.get(name)

    def __iter__(self) -> Iterator[Any]:
        return (self._terms.get(name) for name in self._names)


class _Solutions:
    """The parts of ``pyoxigraph.QuerySolutions`` that ``serialize_solutions`` reads, over parsed JSON rows."""

    def __init__(self, names: list[str], rows: list[dict]) -> None:
        self.variables = [ox.Variable(name) for name in names]
        self._names = names
        self._rows = rows

    def __iter__(self) -> Iterator[_Row]:
        return (_Row(self._names, {name: json_term(term) for name, term in row.items()}) for row in self._rows)


def term_text(term: Any) -> str:
    """A term in SPARQL syntax: N-Triples form is valid in SPARQL (Update §3.1.1 ``INSERT DATA``)."""
    return str(term)


def batches(triples: list[ox.Triple], size: int) -> list[list[ox.Triple]]:
    """Split ``triples`` into batches of about ``size`` that never split a blank node's triples across two batches.

    Each request mints its own blank nodes, so all triples that share a blank node (through any chain) must go in
    the same request; such a connected group larger than ``size`` becomes one batch of its own.
    """
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    def labels(triple: ox.Triple) -> list[str]:
        return [term.value for term in (triple.subject, triple.object) if isinstance(term, ox.BlankNode)]

    for triple in triples:
        found = labels(triple)
        for other in found[1:]:
            parent[root(other)] = root(found[0])
    groups: dict[str, list[ox.Triple]] = {}
    plain: list[ox.Triple] = []
    for triple in triples:
        found = labels(triple)
        (groups.setdefault(root(found[0]), []) if found else plain).append(triple)
    out: list[list[ox.Triple]] = []
    current: list[ox.Triple] = []
    for group in itertools.chain(([t] for t in plain), groups.values()):
        if current and len(current) + len(group) > size:
            out.append(current)
            current = []
        current.extend(group)
    if current:
        out.append(current)
    return out


def _graph_ref(graph: str | None) -> str:
    return "DEFAULT" if graph is None else f"GRAPH <{graph}>"


class RemoteStore(Backend):
    """A SPARQL 1.1 store over HTTP: query, update and (optionally) Graph Store endpoints."""

    def __init__(self, query_url: str, update_url: str, gsp_url: str | None, engine: Engine,
                 auth: Any = None, batch: int = 5000) -> None:
        self.query_url, self.update_url, self.gsp_url = query_url, update_url, gsp_url
        self.engine = engine
        self.batch = max(1, batch)
        self.insert_batch = min(self.batch, engine.insert_triples or self.batch)  # triples per SPARQL Update request
        self.session = requests.Session()
        self.auth = auth
        self._lock = threading.RLock()
        self._instance = uuid.uuid4().hex[:8]
        self._writes = 0

    @classmethod
    def from_settings(cls, settings) -> "RemoteStore":
        base = settings["store_url"].rstrip("/")
        name = settings.get("store_engine", "auto") or "auto"
        if name == "auto":
            name = detect_engine(base)
        if name not in ENGINES:
            raise ConfigError(f"store_engine {name!r} is not one of auto, {', '.join(ENGINES)}")
        engine = ENGINES[name]
        gsp = settings.get("store_gsp_url") or (base + engine.gsp_path if engine.gsp_path is not None else "")
        auth = None
        if settings.get("store_user"):
            scheme = settings.get("store_auth", "auto")
            scheme = engine.auth if scheme == "auto" else scheme
            if scheme not in ("basic", "digest"):
                raise ConfigError(f"store_auth {scheme!r} is not one of auto, basic, digest")
            auth = (HTTPDigestAuth if scheme == "digest" else HTTPBasicAuth)(settings["store_user"], settings.get("store_password", ""))
        return cls(
            settings.get("store_query_url") or base + engine.query_path,
            settings.get("store_update_url") or base + engine.update_path,
            None if gsp in ("", "none") else gsp,
            engine, auth, settings.get("store_batch_triples", 5000),
        )

    @property
    def version(self) -> str:
        """Changes on every write made through this backend; writes by other clients of the engine are not seen."""
        return f"{self._instance}-{self._writes}"

    def _wrote(self) -> None:
        self._writes += 1

    # --- HTTP ---------------------------------------------------------------------------------------------

    def _send(self, method: str, url: str, what: str, timeout: float, **kwargs: Any) -> requests.Response:
        try:
            return self.session.request(method, url, timeout=(CONNECT_TIMEOUT, timeout), **kwargs)
        except requests.Timeout:
            raise QueryTimeout(f"the SPARQL store did not answer the {what} within {timeout:g} s") from None
        except requests.RequestException as exc:
            raise StoreError(f"cannot reach the SPARQL store at {url}: {_reason(exc)}") from None

    def _check(self, response: requests.Response, what: str, body: bytes) -> None:
        """Map the engine's answer to the project's errors (one line each)."""
        text = body.decode("utf-8", "replace")
        first = next((line.strip() for line in text.splitlines() if line.strip()), f"HTTP {response.status_code}")[:300]
        state = response.headers.get("X-SQL-State", "")
        cancelled = text.rstrip().endswith("operation has been cancelled")  # oxigraph serve --timeout-s, mid-stream
        estimated = "estimated execution time" in text  # Virtuoso refuses up front: MaxQueryCostEstimationTime
        if state == "S1TAT" or cancelled or (not response.ok and ("S1T00" in text or estimated)):
            raise QueryTimeout(f"the {what} ran past its time limit on the SPARQL store and was stopped")
        if response.ok:
            return
        if response.status_code in (401, 403):
            raise StoreError(f"the SPARQL store refused the {what} (HTTP {response.status_code}); check store_user, store_password and store_auth")
        if response.status_code == 400:
            raise QuerySyntaxError(f"{what} rejected by the SPARQL store: {first}")
        if response.status_code in (503, 504) and "time" in text.lower():
            raise QueryTimeout(f"the {what} ran past its time limit on the SPARQL store: {first}")
        raise StoreError(f"the SPARQL store failed the {what} (HTTP {response.status_code}): {first}")

    def _read(self, response: requests.Response, deadline: float | None, what: str) -> bytes:
        chunks = []
        for chunk in response.iter_content(65536):
            chunks.append(chunk)
            if deadline is not None and time.monotonic() > deadline:
                response.close()
                raise QueryTimeout(f"the {what} ran past its time limit on the SPARQL store and was stopped")
        return b"".join(chunks)

    # --- reads --------------------------------------------------------------------------------------------

    def _run_query(self, sparql: str, accept: str, timeout: float | None, dataset=None, union: bool = True,
                   base_iri: str | None = None) -> bytes:
        data: list[tuple[str, str]] = [("query", f"BASE <{base_iri}> {sparql}" if base_iri else sparql)]
        if dataset is not None and dataset.is_explicit:
            data += [("default-graph-uri", g) for g in dataset.default_graphs]
            data += [("named-graph-uri", g) for g in dataset.named_graphs]
        elif dataset is not None and dataset.exclude_inferred:
            graphs = [g for g in self.named_graphs() if not is_inferred_graph(g)]
            data += [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]
        elif union and self.engine.union_param:
            data.append((self.engine.union_param, "true"))
        if timeout and self.engine.timeout_param:
            data.append((self.engine.timeout_param, str(max(1, int(timeout * self.engine.timeout_scale)))))
        read_limit = (timeout + 2.0) if timeout else WRITE_TIMEOUT
        response = self._send("POST", self.query_url, "query", read_limit, data=data, headers={"Accept": accept}, stream=True)
        with response:
            body = self._read(response, time.monotonic() + read_limit if timeout else None, "query")
            self._check(response, "query", body)
        return body

    def query(self, request: QueryRequest, timeout: float | None = None) -> QueryResult:
        form = query_form(request.sparql)
        if form in ("CONSTRUCT", "DESCRIBE"):
            body = self._run_query(request.sparql, NTRIPLES.media_type, timeout, request.dataset, base_iri=request.base_iri)
            graph_format = request.graph_format or TURTLE
            return QueryResult("graph", serialize_triples(self._triples(body), graph_format, request.max_rows), graph_format.media_type)
        body = self._run_query(request.sparql, "application/sparql-results+json", timeout, request.dataset, base_iri=request.base_iri)
        payload = self._json(body)
        fmt = request.results_format
        if "boolean" in payload:
            return QueryResult("boolean", serialize_boolean(bool(payload["boolean"]), fmt), fmt.media_type)
        solutions = _Solutions(payload["head"].get("vars", []), payload["results"]["bindings"])
        return QueryResult("solutions", serialize_solutions(solutions, fmt, request.max_rows), fmt.media_type)

    @staticmethod
    def _json(body: bytes) -> dict:
        try:
            return json.loads(body)
        except ValueError:
            raise StoreError("the SPARQL store sent a results document that is not JSON") from None

    @staticmethod
    def _triples(body: bytes) -> Iterator[ox.Triple]:
        try:
            for quad in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
                yield quad.triple
        except SyntaxError as exc:
            raise StoreError(f"the SPARQL store sent N-Triples that do not parse: {exc}") from None

    def _select_column(self, sparql: str, name: str, union: bool = True) -> list[Any]:
        payload = self._json(self._run_query(sparql, "application/sparql-results+json", None, union=union))
        return [json_term(row[name]) for row in payload["results"]["bindings"] if name in row]

    def _ask(self, sparql: str, union: bool = True) -> bool:
        return bool(self._json(self._run_query(sparql, "application/sparql-results+json", None, union=union))["boolean"])

    def _visible(self, graph: str) -> bool:
        hidden = self.engine.hidden_graphs
        return not graph.startswith(STAGING_PREFIX) and not (hidden and hidden.search(graph))

    def named_graphs(self) -> list[str]:
        graphs = self._select_column("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "g")
        return sorted(g.value for g in graphs if isinstance(g, ox.NamedNode) and self._visible(g.value))

    def graph_exists(self, graph: str | None) -> bool:
        if graph is None:
            return True
        return self._ask(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")

    def _graph_size(self, graph: str | None) -> int:
        pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        rows = self._select_column(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", "n", union=False)
        return int(rows[0].value) if rows else 0

    def graph_triples(self, graph: str | None) -> list[ox.Triple]:
        """Every triple of one graph (the engine's own default graph for None), checked against its size.

        Read with Graph Store GET where the engine has it, else with CONSTRUCT; engines that cap results
        (Virtuoso's ResultSetMaxRows) would truncate silently, so a short read raises instead.
        """
        if graph is None and not self.engine.separate_default_graph:
            return []
        if self.gsp_url:
            params = {"default": ""} if graph is None else {self.engine.gsp_param: graph}
            response = self._send("GET", self.gsp_url, "graph read", WRITE_TIMEOUT, params=params, auth=self.auth,
                                  headers={"Accept": NTRIPLES.media_type}, stream=True)
            with response:
                body = self._read(response, None, "graph read")
                if response.status_code == 404:
                    return []
                self._check(response, "graph read", body)
        else:
            pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
            body = self._run_query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {pattern} }}", NTRIPLES.media_type, None, union=False)
        triples = list(dict.fromkeys(self._triples(body)))
        expected = self._graph_size(graph)
        if len(triples) < expected:
            raise StoreError(
                f"the SPARQL store returned {len(triples)} of the {expected} triples of graph <{graph}>; raise its result "
                "limit (Virtuoso: ResultSetMaxRows and MaxConstructTriples in virtuoso.ini)"
            )
        return triples

    def serialize_graph(self, graph: str | None, fmt: Format) -> bytes:
        return serialize_triples(self.graph_triples(graph), fmt, max_rows=10**12)

    def dump(self, fmt: Format) -> bytes:
        graphs: list[str | None] = [None, *self.named_graphs()]
        if fmt.datasets:
            quads = [
                ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph() if g is None else ox.NamedNode(g))
                for g in graphs for t in self.graph_triples(g)
            ]
            return ox.serialize(quads, format=fmt.rdf) or b""
        union = dict.fromkeys(t for g in graphs for t in self.graph_triples(g))
        return serialize_triples(union, fmt, max_rows=10**12)

    def is_empty(self) -> bool:
        if self.named_graphs():
            return False
        return not (self.engine.separate_default_graph and self._ask("ASK { ?s ?p ?o }", union=False))

    # --- writes -------------------------------------------------------------------------------------------

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        try:
            self._update(f"BASE <{base_iri}> {sparql}" if base_iri else sparql)
        finally:
            self._wrote()

    def _update(self, sparql: str) -> None:
        response = self._send("POST", self.update_url, "update", WRITE_TIMEOUT, data={"update": sparql}, auth=self.auth,
                              headers={"Accept": "*/*"})
        with response:
            self._check(response, "update", response.content)

    def _insert(self, graph: str | None, triples: list[ox.Triple]) -> str:
        """SPARQL Update operations (one request, so one transaction) adding ``triples``.

        INSERT {} WHERE {} when blank nodes are present (Virtuoso refuses them in INSERT DATA); it mints fresh
        blank nodes just as INSERT DATA does (Update §3.1.1). A literal whose text equals an IRI of the same
        operation goes in an operation of its own: Virtuoso 7.2 otherwise stores it as that IRI.
        """
        iris = {term.value for t in triples for term in (t.subject, t.predicate, t.object) if isinstance(term, ox.NamedNode)}

        def apart(t: ox.Triple) -> bool:
            return isinstance(t.object, ox.Literal) and t.object.value in iris and not isinstance(t.subject, ox.BlankNode)

        groups = [[t for t in triples if apart(t)], [t for t in triples if not apart(t)]]
        return ";\n".join(self._insert_operation(graph, group) for group in groups if group)

    @staticmethod
    def _insert_operation(graph: str | None, triples: list[ox.Triple]) -> str:
        body = " .\n".join(f"{term_text(t.subject)} {term_text(t.predicate)} {term_text(t.object)}" for t in triples)
        block = body if graph is None else f"GRAPH <{graph}> {{ {body} }}"
        has_bnodes = any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples)
        return f"INSERT {{ {block} }} WHERE {{}}" if has_bnodes else f"INSERT DATA {{ {block} }}"

    def _stage(self, staging: str, triples: list[ox.Triple]) -> None:
        for batch in batches(triples, self.batch if self.gsp_url else self.insert_batch):
            if self.gsp_url:
                body = ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES) or b""
                response = self._send("POST", self.gsp_url, "graph write", WRITE_TIMEOUT, params={self.engine.gsp_param: staging},
                                      data=body, auth=self.auth, headers={"Content-Type": TURTLE.media_type})
                with response:
                    self._check(response, "graph write", response.content)
            else:
                self._update(self._insert(staging, batch))

    def _write(self, quads: list[ox.Quad], targets: list[str | None], replace: bool) -> int:
        """Write ``quads`` to ``targets`` (emptied first when ``replace``) so that no target is ever seen partial."""
        if not self.engine.separate_default_graph and None in targets:
            raise InputError(f"the {self.engine.name} store has no separate default graph; write to a named graph")
        by_graph: dict[str | None, list[ox.Triple]] = {g: [] for g in targets}
        for quad in quads:
            by_graph[None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value].append(quad.triple)
        with self._lock:
            try:
                limit = self.insert_batch
                small = len(quads) <= limit and all(len(batches(ts, limit)) <= 1 for ts in by_graph.values())
                if small and (self.engine.atomic_drop or not replace):
                    operations = []
                    for graph, triples in by_graph.items():
                        if replace:
                            operations.append(f"DROP SILENT {_graph_ref(graph)}")
                        if triples:
                            operations.append(self._insert(graph, triples))
                        elif graph is not None and self.engine.name == "oxigraph":
                            operations.append(f"CREATE SILENT GRAPH <{graph}>")
                    if operations:
                        self._update(";\n".join(operations))
                    return len(quads)
                staged = {graph: STAGING_PREFIX + uuid.uuid4().hex for graph in by_graph}
                try:
                    for graph, triples in by_graph.items():
                        self._stage(staged[graph], triples)
                    self._update(";\n".join(self._swap(g, staged[g], replace) for g in by_graph))
                except Exception:
                    self._drop_staging(staged.values())
                    raise
                return len(quads)
            finally:
                self._wrote()

    def _swap(self, graph: str | None, staging: str, replace: bool) -> str:
        """Operations that put the staging graph's content in ``graph`` (replacing it) and drop the staging graph.

        ``MOVE`` where the engine runs it in one transaction. Virtuoso commits ``DROP``/``CLEAR``/``MOVE`` on their
        own (a reader can see the graph empty), so there the swap is one ``DELETE … INSERT … WHERE`` operation.
        """
        if not replace:
            return f"ADD SILENT GRAPH <{staging}> TO {_graph_ref(graph)}; DROP SILENT GRAPH <{staging}>"
        if self.engine.atomic_drop or graph is None:
            return f"MOVE SILENT GRAPH <{staging}> TO {_graph_ref(graph)}"
        return (
            f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} INSERT {{ GRAPH <{graph}> {{ ?s2 ?p2 ?o2 }} }} "
            f"WHERE {{ {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} UNION {{ GRAPH <{staging}> {{ ?s2 ?p2 ?o2 }} }} }};\n"
            f"DROP SILENT GRAPH <{staging}>"
        )

    def _drop_staging(self, graphs: Iterable[str]) -> None:
        try:
            self._update(";\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
        except StoreError:
            pass

    def replace_graph(self, graph: str | None, data: bytes, fmt: Format, base_iri: str | None = None, source: str = "body") -> int:
        quads = parse_quads(data, fmt, graph, base_iri, source)
        if graph is None and fmt.datasets:
            targets = list(dict.fromkeys(None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value for q in quads))
        else:
            targets = [graph]
        return self._write(quads, targets, replace=True)

    def add_to_graph(self, graph: str | None, data: bytes, fmt: Format, base_iri: str | None = None, source: str = "body") -> int:
        quads = parse_quads(data, fmt, graph, base_iri, source)
        targets = list(dict.fromkeys(None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value for q in quads))
        return self._write(quads, targets or [graph], replace=False)

    def drop_graph(self, graph: str | None) -> bool:
        if graph is None and not self.engine.separate_default_graph:
            raise InputError(f"the {self.engine.name} store has no separate default graph to empty")
        with self._lock:
            existed = self.graph_exists(graph)
            try:
                self._update(f"DROP SILENT {_graph_ref(graph)}")
            finally:
                self._wrote()
        return existed

    def close(self) -> None:
        self.session.close()
