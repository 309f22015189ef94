"""Submissions: validate, check ownership, then store data and provenance in one transaction (issue "Submitting").

A conforming submission lands in a new named graph ``{base}graph/submission/{id}``; its provenance record
``{base}id/submission/{id}`` (PROV-O: who, when; SHA-256, size, triples, the report) goes to
``{base}graph/submissions``. Both are one N-Quads body given to one ``Store.extend`` (a single pyoxigraph
transaction), so a crash mid-write leaves nothing partial. Withdrawal drops the graph and marks the record,
in one SPARQL Update.

Before anything is stored, a submission that conforms is also checked for OWL consistency with its
neighbourhood (``reasoning.consistency.check_submission``, HermiT); an inconsistent one is refused and the store
is not touched. Storing and withdrawing refresh the inferences and search index of the submission's graph
(``reasoning/upkeep.py``).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, VOID, XSD

from ..errors import NotFound
from ..formats import RDF_FORMATS, by_name
from ..reasoning.consistency import Report as ConsistencyReport
from ..reasoning.consistency import check_submission
from ..reasoning.upkeep import maintained
from . import validate
from .ingest import Submission
from .report import OWNERSHIP, PKSH, Report, Result

NQUADS = by_name("nquads", RDF_FORMATS)
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SH_RESULT = "http://www.w3.org/ns/shacl#result"
CURATED = ("graph/data/", "graph/ontology/", "graph/shapes/", "graph/file/", "graph/submissions")


@dataclass(frozen=True)
class Outcome:
    """What ``submit`` did: the SHACL report, the consistency gate's report when it ran, the record's id if stored."""

    report: Report
    id: str | None = None
    consistency: ConsistencyReport | None = None

    @property
    def stored(self) -> bool:
        return self.id is not None


def _iris(base: str) -> tuple[str, str]:
    return f"{base}graph/submission/", f"{base}id/submission/"


def provenance_graph(base: str) -> str:
    return f"{base}graph/submissions"


def ownership_refusals(kg, data: Graph) -> list[Result]:
    """Results refusing triples about resources the submission does not own (curated or another submission's)."""
    base = kg.settings["base_iri"]
    subjects = sorted({s for s in data.subjects() if isinstance(s, URIRef)})
    refusals: list[Result] = []
    submission_prefix, _ = _iris(base)
    for start in range(0, len(subjects), 500):
        values = " ".join(s.n3() for s in subjects[start:start + 500])
        rows = kg.backend.select(
            f"SELECT DISTINCT ?s ?g WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
        for row in rows:
            graph = row["g"]
            if any(graph.startswith(base + prefix) for prefix in CURATED):
                refusals.append(_refusal(row["s"], graph, curated=True))
            elif graph.startswith(submission_prefix):
                refusals.append(_refusal(row["s"], graph, curated=False))
    return refusals


def _refusal(subject: str, graph: str, curated: bool) -> Result:
    if curated:
        messages = {"vi": f"Từ chối: {subject} thuộc đồ thị được biên tập {graph}; bài nộp chỉ được liên kết tới nó, không được thêm bộ ba về nó.",
                    "en": f"Refused: {subject} belongs to the curated graph {graph}; a submission may link to it but not add triples about it."}
    else:
        messages = {"vi": f"Từ chối: IRI {subject} đã thuộc một bài nộp khác ({graph}); hãy dùng IRI khác.",
                    "en": f"Refused: the IRI {subject} is already owned by another submission ({graph}); use a different IRI."}
    return Result(focus=subject, severity="Violation", messages=messages, component=str(OWNERSHIP),
                  clarity="ownership", value=graph)


def new_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(4)


def submit(kg, submission: Submission, name: str, lang: str = "vi") -> Outcome:
    """Validate ``submission`` and, when it conforms and owns what it describes, store it with its provenance."""
    report = validate(submission.graph, kg, lang)
    report.results = ownership_refusals(kg, submission.graph) + report.results
    if not report.conforms:
        return Outcome(report)
    consistency = check_submission(kg.backend, submission.graph)
    if not consistency.consistent:
        return Outcome(report, consistency=consistency)
    base = kg.settings["base_iri"]
    ident = new_id()
    graph_prefix, record_prefix = _iris(base)
    data_graph, record = URIRef(graph_prefix + ident), URIRef(record_prefix + ident)
    provenance = _provenance(record, data_graph, ident, submission, name, report, base)
    quads = [ox.Quad(*_ox_triple(t), ox.NamedNode(str(data_graph))) for t in submission.graph]
    quads += [ox.Quad(*_ox_triple(t), ox.NamedNode(provenance_graph(base))) for t in provenance]
    body = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    with maintained(kg.backend, base, [str(data_graph), provenance_graph(base)]):
        kg.backend.add_to_graph(None, body, NQUADS, source="submission")
    kg.wrote()
    return Outcome(report, ident, consistency)


def _ox_term(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def _ox_triple(triple) -> tuple:
    return tuple(_ox_term(term) for term in triple)


def _provenance(record: URIRef, data_graph: URIRef, ident: str, submission: Submission, name: str,
                report: Report, base: str) -> Graph:
    graph = Graph()
    agent = URIRef(f"{base}id/submitter/{ident_safe(name)}")
    now = Literal(datetime.now(timezone.utc).isoformat(timespec="seconds"), datatype=XSD.dateTime)
    checksum = BNode()
    summary = report.summary()
    graph.add((record, RDF.type, PROV.Entity))
    graph.add((record, RDF.type, PKSH.Submission))
    graph.add((record, DCTERMS.identifier, Literal(ident)))
    graph.add((record, RDFS.label, Literal(f"Bài nộp {ident} của {name}", lang="vi")))
    graph.add((record, RDFS.label, Literal(f"Submission {ident} by {name}", lang="en")))
    graph.add((record, PKSH.graph, data_graph))
    graph.add((record, PROV.wasAttributedTo, agent))
    graph.add((agent, RDF.type, PROV.Agent))
    graph.add((agent, RDFS.label, Literal(name)))
    graph.add((record, PROV.generatedAtTime, now))
    graph.add((record, SPDX.checksum, checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(hashlib.sha256(submission.raw).hexdigest())))
    graph.add((record, DCAT.byteSize, Literal(len(submission.raw), datatype=XSD.nonNegativeInteger)))
    graph.add((record, VOID.triples, Literal(len(submission.graph), datatype=XSD.integer)))
    graph.add((record, DCTERMS.format, Literal(submission.media_type)))
    graph.add((record, PKSH.status, Literal("active")))
    graph.add((record, PKSH.violations, Literal(summary["violations"], datatype=XSD.integer)))
    graph.add((record, PKSH.warnings, Literal(summary["warnings"], datatype=XSD.integer)))
    graph.add((record, PKSH.engine, Literal(summary["engine"])))
    report_graph = report.graph()
    report_node = next(report_graph.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#ValidationReport")))
    graph.add((record, PKSH.validationReport, report_node))
    for triple in report_graph:
        graph.add(triple)
    return graph


def ident_safe(name: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name.strip())
    return safe or "anonymous"


LIST_QUERY = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX pksh: <https://w3id.org/policy-kg/shapes#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX spdx: <http://spdx.org/rdf/terms#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX void: <http://rdfs.org/ns/void#>
SELECT ?record ?id ?graph ?who ?when ?status ?sha256 ?bytes ?triples ?format ?violations ?warnings ?withdrawn ?withdrawnBy
WHERE { GRAPH <%(prov)s> {
  ?record a pksh:Submission ; dct:identifier ?id ; pksh:graph ?graph ; prov:wasAttributedTo/rdfs:label ?who ;
          prov:generatedAtTime ?when ; pksh:status ?status ; spdx:checksum/spdx:checksumValue ?sha256 ;
          dcat:byteSize ?bytes ; void:triples ?triples ; dct:format ?format ;
          pksh:violations ?violations ; pksh:warnings ?warnings .
  OPTIONAL { ?record prov:invalidatedAtTime ?withdrawn }
  OPTIONAL { ?record pksh:withdrawnBy ?withdrawnBy }
  %(filter)s
} } ORDER BY ?when ?id
"""


def list_submissions(kg, ident: str | None = None) -> list[dict]:
    flt = f"FILTER (?id = {Literal(ident).n3()})" if ident else ""
    rows = kg.backend.select(LIST_QUERY % {"prov": provenance_graph(kg.settings["base_iri"]), "filter": flt})
    for row in rows:
        row["bytes"] = int(row["bytes"])
    return rows


def get_submission(kg, ident: str) -> dict:
    rows = list_submissions(kg, ident)
    if not rows:
        raise NotFound(f"no submission {ident!r} / không có bài nộp {ident!r}")
    return rows[0]


def stored_report(kg, record: str) -> Graph:
    """The sh:ValidationReport kept with a submission's provenance record."""
    sparql = (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{provenance_graph(kg.settings['base_iri'])}> {{ "
              f"<{record}> <{PKSH.validationReport}> ?report . ?report <{SH_RESULT}>? ?s . ?s ?p ?o }} }}")
    from ..store import QueryRequest

    body = kg.backend.query(QueryRequest(sparql, graph_format=by_name("ntriples", RDF_FORMATS), max_rows=10**7)).body
    graph = Graph()
    graph.parse(data=body.decode("utf-8"), format="nt")
    return graph


def withdraw(kg, ident: str, name: str) -> dict:
    """Drop the submission's graph and mark its record withdrawn (one SPARQL Update, one transaction)."""
    row = get_submission(kg, ident)
    if row["status"] == "withdrawn":
        return row
    now = Literal(datetime.now(timezone.utc).isoformat(timespec="seconds"), datatype=XSD.dateTime).n3()
    prov = provenance_graph(kg.settings["base_iri"])
    record = f"<{row['record']}>"
    with maintained(kg.backend, kg.settings["base_iri"], [row["graph"], prov]):
        kg.backend.update(
            f"DROP SILENT GRAPH <{row['graph']}> ;\n"
            f"DELETE DATA {{ GRAPH <{prov}> {{ {record} <{PKSH.status}> \"active\" }} }} ;\n"
            f"INSERT DATA {{ GRAPH <{prov}> {{ {record} <{PKSH.status}> \"withdrawn\" ; "
            f"<{PROV.invalidatedAtTime}> {now} ; <{PKSH.withdrawnBy}> {Literal(name).n3()} }} }}")
    kg.wrote()
    return get_submission(kg, ident)
