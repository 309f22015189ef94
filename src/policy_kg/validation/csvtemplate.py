"""The CSV task template: one row per task, converted to RDF with the ontology's terms (issue "Submitting").

Columns (header row required, order free): ``programme`` (document number such as 05-CTr/TU, or its IRI),
``task`` (optional slug of the task IRI ``id/task/{slug}``), ``description_vi``, ``description_en``,
``lead_agency``, ``coordinating_agencies`` (separated by ``;``), ``deadline`` (YYYY, YYYY-MM or YYYY-MM-DD),
``deliverable``, ``approving_authority``, ``goal``. Agencies and goals are slugs (``so-y-te-ha-noi``), paths
under the base (``id/agency/so-y-te-ha-noi``) or full IRIs. Every error names its row and column.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from ..errors import ParseError
from ..vocab import ELI, POL

COLUMNS = ("programme", "task", "description_vi", "description_en", "lead_agency", "coordinating_agencies",
           "deadline", "deliverable", "approving_authority", "goal")
REQUIRED = ("programme", "description_vi")
DEADLINE_FORMS = ((re.compile(r"^\d{4}$"), XSD.gYear), (re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"), XSD.gYearMonth),
                  (re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"), XSD.date))
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def slugify(text: str, words: int = 8) -> str:
    """An ASCII slug of Vietnamese text: ``Giải quyết quá tải`` → ``giai-quyet-qua-tai``."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text)[:words])


class _Errors(list):
    def add(self, row: int, column: str, message_vi: str, message_en: str) -> None:
        self.append(f"row {row}, column {column}: {message_en} / dòng {row}, cột {column}: {message_vi}")


def _resource(value: str, base_iri: str, kind: str) -> URIRef | None:
    value = value.strip()
    if value.startswith(("http://", "https://")):
        return URIRef(value)
    if value.startswith("id/") and SLUG.match(value.split("/")[-1]):
        return URIRef(base_iri + value)
    if SLUG.match(value):
        return URIRef(f"{base_iri}id/{kind}/{value}")
    return None


def _programme_iri(value: str, base_iri: str, context) -> URIRef | None:
    if value.startswith(("http://", "https://")):
        return URIRef(value)
    if value.startswith("eli/"):
        return URIRef(base_iri + value)
    if context is None:
        return None
    backend = getattr(context, "backend", context)
    literal = Literal(value).n3()
    rows = backend.select(f"SELECT ?d WHERE {{ ?d <{ELI.number}> {literal} }} LIMIT 2")
    return URIRef(rows[0]["d"]) if len(rows) == 1 else None


def csv_to_graph(raw: bytes, base_iri: str, context=None, source: str = "body") -> Graph:
    """Convert the CSV template to RDF; raise ParseError listing every bad cell by row and column."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"{source}: the CSV is not UTF-8 (byte {exc.start}) / tệp CSV không phải UTF-8") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _read_rows(reader, base_iri, context, source)
    except csv.Error as exc:
        raise ParseError(f"{source}: row {reader.line_num}: malformed CSV ({exc}) / CSV sai định dạng") from None


def _read_rows(reader: csv.DictReader, base_iri: str, context, source: str) -> Graph:
    header = [name.strip() for name in (reader.fieldnames or [])]
    errors = _Errors()
    unknown = [name for name in header if name not in COLUMNS]
    for name in unknown:
        errors.add(1, name, "cột không có trong mẫu", "unknown column")
    for name in REQUIRED:
        if name not in header:
            errors.add(1, name, "thiếu cột bắt buộc", "required column missing")
    if errors:
        raise ParseError(f"{source}: " + "; ".join(errors))
    graph = Graph()
    programmes: dict[str, URIRef | None] = {}
    for number, row in enumerate(reader, start=2):
        cells = {(key or "").strip(): (value or "").strip() for key, value in row.items() if key is not None}
        if not any(cells.values()):
            continue
        _row_to_rdf(graph, number, cells, base_iri, context, programmes, errors)
    if errors:
        raise ParseError(f"{source}: " + "; ".join(errors))
    if not len(graph):
        raise ParseError(f"{source}: the CSV has no task rows / tệp CSV không có dòng nhiệm vụ nào")
    return graph


def _row_to_rdf(graph: Graph, row: int, cells: dict[str, str], base_iri: str, context,
                programmes: dict, errors: _Errors) -> None:
    for name in REQUIRED:
        if not cells.get(name):
            errors.add(row, name, "ô bắt buộc đang trống", "the cell is required")
    programme_text = cells.get("programme", "")
    if programme_text and programme_text not in programmes:
        programmes[programme_text] = _programme_iri(programme_text, base_iri, context)
    programme = programmes.get(programme_text)
    if programme_text and programme is None:
        errors.add(row, "programme", f"không tìm thấy văn bản số {programme_text!r} trong đồ thị",
                   f"no document numbered {programme_text!r} in the graph")
    slug = cells.get("task") or ""
    if slug and not SLUG.match(slug):
        errors.add(row, "task", "mã nhiệm vụ chỉ gồm chữ thường không dấu, số và dấu gạch ngang",
                   "the task slug may hold only lower-case ASCII letters, digits and hyphens")
    if not slug:
        digest = hashlib.sha256(f"{programme_text}|{cells.get('description_vi', '')}".encode()).hexdigest()[:8]
        slug = f"{slugify(cells.get('description_vi', ''), 6)}-{digest}".strip("-")
    task = URIRef(f"{base_iri}id/task/{slug}")
    graph.add((task, RDF.type, POL.Task))
    if programme is not None:
        graph.add((task, POL.taskOf, programme))
        graph.add((task, PROV.wasDerivedFrom, programme))
    for lang in ("vi", "en"):
        description = cells.get(f"description_{lang}")
        if description:
            graph.add((task, DCTERMS.description, Literal(description, lang=lang)))
            graph.add((task, RDFS.label, Literal(description if len(description) <= 120 else description[:117] + "…", lang=lang)))
    _agencies(graph, task, row, "lead_agency", cells.get("lead_agency", ""), POL.leadAgency, base_iri, errors)
    for part in filter(None, (p.strip() for p in cells.get("coordinating_agencies", "").split(";"))):
        _agencies(graph, task, row, "coordinating_agencies", part, POL.coordinatingAgency, base_iri, errors)
    _agencies(graph, task, row, "approving_authority", cells.get("approving_authority", ""), POL.approvingAuthority, base_iri, errors)
    deadline = cells.get("deadline", "")
    if deadline:
        datatype = next((dt for pattern, dt in DEADLINE_FORMS if pattern.match(deadline)), None)
        if datatype is None:
            errors.add(row, "deadline", f"thời hạn {deadline!r} không phải dạng YYYY, YYYY-MM hay YYYY-MM-DD",
                       f"the deadline {deadline!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        else:
            graph.add((task, POL.deadline, Literal(deadline, datatype=datatype)))
    if cells.get("deliverable"):
        graph.add((task, POL.deliverable, Literal(cells["deliverable"], lang="vi")))
    if cells.get("goal"):
        goal = _resource(cells["goal"], base_iri, "goal")
        if goal is None:
            errors.add(row, "goal", "mục tiêu phải là một mã (slug) hoặc IRI", "the goal must be a slug or an IRI")
        else:
            graph.add((task, POL.contributesTo, goal))


def _agencies(graph: Graph, task: URIRef, row: int, column: str, value: str, predicate: URIRef, base_iri: str,
              errors: _Errors) -> None:
    if not value:
        return
    agency = _resource(value, base_iri, "agency")
    if agency is None:
        errors.add(row, column, f"{value!r} không phải mã cơ quan (ví dụ so-y-te-ha-noi) hay IRI",
                   f"{value!r} is not an agency slug (e.g. so-y-te-ha-noi) or an IRI")
    else:
        graph.add((task, predicate, agency))
