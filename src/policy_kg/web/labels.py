"""Terms, labels and local links for the pages: read bindings, find labels in the page language, map IRIs to paths.

Labels come from the graph (``rdfs:label``, ``skos:prefLabel``, ``foaf:name``, ``dct:title``; the page language
first, then the other, then any); terms of reused vocabularies that the ontology does not label get theirs from
``TERMS`` below, with the phrase used for incoming links ("implemented by").
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..store import QueryRequest

ONTOLOGY = "https://w3id.org/policy-kg/ontology"
LABEL_PROPERTIES = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://xmlns.com/foaf/0.1/name",
    "http://purl.org/dc/terms/title",
)
PREFIXES = {
    "pol": ONTOLOGY + "#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "cv": "http://data.europa.eu/m8g/",
    "p-plan": "http://purl.org/net/p-plan#",
    "schema": "http://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "sdg": "http://metadata.un.org/sdg/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
}
RDF_TYPE = PREFIXES["rdf"] + "type"

# term: (vi, en, incoming vi, incoming en); pol: terms take vi/en from the ontology, only the incoming phrase here.
TERMS: dict[str, tuple[str, str, str, str]] = {
    "rdf:type": ("loại", "type", "các thực thể thuộc lớp này", "instances of this class"),
    "rdfs:label": ("nhãn", "label", "", ""),
    "rdfs:comment": ("chú thích", "comment", "", ""),
    "skos:prefLabel": ("nhãn ưu tiên", "preferred label", "", ""),
    "skos:altLabel": ("tên khác", "alternative label", "", ""),
    "skos:notation": ("ký hiệu", "notation", "", ""),
    "skos:note": ("ghi chú", "note", "", ""),
    "skos:inScheme": ("thuộc bộ khái niệm", "in scheme", "các khái niệm", "concepts"),
    "skos:topConceptOf": ("khái niệm gốc của", "top concept of", "khái niệm gốc", "top concepts"),
    "skos:hasTopConcept": ("khái niệm gốc", "top concept", "thuộc bộ khái niệm", "in scheme"),
    "skos:relatedMatch": ("tương ứng liên quan", "related match", "", ""),
    "skos:closeMatch": ("tương ứng gần", "close match", "", ""),
    "skos:exactMatch": ("tương ứng chính xác", "exact match", "", ""),
    "dct:title": ("tiêu đề", "title", "", ""),
    "dct:description": ("mô tả", "description", "", ""),
    "dct:publisher": ("nhà xuất bản", "publisher", "", ""),
    "dct:issued": ("ngày phát hành", "issued", "", ""),
    "dct:date": ("ngày", "date", "", ""),
    "dct:spatial": ("phạm vi không gian", "spatial coverage", "", ""),
    "eli:number": ("số hiệu", "number", "", ""),
    "eli:date_document": ("ngày ban hành", "date of document", "", ""),
    "eli:passed_by": ("cơ quan ban hành", "passed by", "văn bản do cơ quan này ban hành", "documents passed by this body"),
    "eli:type_document": ("loại văn bản", "document type", "văn bản thuộc loại này", "documents of this type"),
    "eli:jurisdiction": ("phạm vi thẩm quyền", "jurisdiction", "văn bản có phạm vi này", "documents with this jurisdiction"),
    "eli:is_about": ("lĩnh vực", "is about", "văn bản về lĩnh vực này", "documents about this sector"),
    "eli:ensures_implementation_of": ("thực hiện", "implements", "được thực hiện bởi", "implemented by"),
    "eli:implementation_ensured_by": ("được thực hiện bởi", "implemented by", "thực hiện", "implements"),
    "eli:responsibility_of_agent": ("cơ quan chủ trì chương trình", "responsible agent",
                                    "chương trình do cơ quan này chủ trì", "programmes this agency is responsible for"),
    "eli:cites": ("trích dẫn", "cites", "được trích dẫn bởi", "cited by"),
    "org:subOrganizationOf": ("trực thuộc", "sub-organisation of", "đơn vị trực thuộc", "sub-organisations"),
    "org:postIn": ("chức vụ tại", "post in", "chức vụ", "posts"),
    "org:heldBy": ("người giữ", "held by", "chức vụ đảm nhiệm", "posts held"),
    "org:holds": ("giữ chức vụ", "holds", "người giữ", "held by"),
    "foaf:name": ("tên", "name", "", ""),
    "foaf:page": ("trang", "page", "", ""),
    "prov:wasDerivedFrom": ("nguồn", "derived from", "dữ kiện lấy từ nguồn này", "facts derived from this source"),
    "schema:url": ("địa chỉ", "URL", "", ""),
    "rdf:subject": ("chủ thể", "subject", "nhận định về tài nguyên này", "claims about this resource"),
    "rdf:predicate": ("thuộc tính", "predicate", "nhận định dùng thuộc tính này", "claims using this property"),
    "rdf:object": ("đối tượng", "object", "nhận định nhắc tới tài nguyên này", "claims naming this resource"),
    "pol:taskOf": ("", "", "nhiệm vụ", "tasks"),
    "pol:hasTask": ("", "", "thuộc văn bản", "task of"),
    "pol:goalOf": ("", "", "mục tiêu", "goals"),
    "pol:hasGoal": ("", "", "thuộc văn bản", "goal of"),
    "pol:targetOf": ("", "", "chỉ tiêu", "targets"),
    "pol:hasTarget": ("", "", "thuộc", "target of"),
    "pol:contributesTo": ("", "", "nhiệm vụ góp phần", "tasks contributing to this"),
    "pol:derivesFrom": ("", "", "bắt nguồn từ tài nguyên này (trực tiếp hoặc gián tiếp)",
                        "derived from this (directly or through a chain)"),
    "pol:leadAgency": ("", "", "nhiệm vụ do cơ quan này chủ trì", "tasks led by this agency"),
    "pol:coordinatingAgency": ("", "", "nhiệm vụ cơ quan này phối hợp", "tasks this agency coordinates"),
    "pol:approvingAuthority": ("", "", "nhiệm vụ cơ quan này phê duyệt", "tasks this agency approves"),
    "pol:letterheadOrgan": ("", "", "văn bản mang tiêu đề cơ quan này", "documents under this letterhead"),
    "pol:status": ("", "", "có trạng thái này", "resources with this status"),
    "pol:guidedBy": ("", "", "được định hướng bởi nguyên tắc này", "guided by this principle"),
    "pol:discusses": ("", "", "được thảo luận tại", "discussed at"),
    "pol:organiser": ("", "", "hội nghị do cơ quan này tổ chức", "meetings organised"),
    "pol:speaker": ("", "", "phát biểu tại", "spoke at"),
    "pol:memberOfGroup": ("", "", "thành viên", "members"),
    "pol:groupMember": ("", "", "thuộc nhóm", "member of group"),
    "pol:indicator": ("", "", "chỉ tiêu đo bằng chỉ số này", "targets measured by this"),
    "pol:confirmation": ("", "", "có mức xác nhận này", "with this confirmation"),
}

# Property groups of an entity page, in display order; a property not listed goes to "other".
GROUPS: tuple[tuple[str, tuple[str, str], tuple[str, ...]], ...] = (
    ("identity", ("Định danh", "Identity"), ("rdfs:label", "skos:prefLabel", "dct:title", "foaf:name", "eli:number",
                                              "skos:altLabel", "skos:notation", "eli:type_document", "pol:status")),
    ("content", ("Nội dung", "Content"), ("dct:description", "rdfs:comment", "pol:motto", "pol:deliverable",
                                           "pol:targetValue", "pol:comparator", "pol:unitText", "pol:targetYear",
                                           "pol:indicator", "pol:confidence", "pol:confirmation")),
    ("cascade", ("Thực hiện", "Implementation"), ("eli:ensures_implementation_of", "eli:implementation_ensured_by",
                                                  "pol:taskOf", "pol:hasTask", "pol:goalOf", "pol:hasGoal",
                                                  "pol:targetOf", "pol:hasTarget", "pol:contributesTo", "pol:guidedBy",
                                                  "pol:memberOfGroup", "pol:groupMember", "eli:cites", "eli:is_about",
                                                  "pol:derivesFrom")),
    ("who", ("Cơ quan và con người", "Agencies and people"), (
        "eli:passed_by", "pol:letterheadOrgan", "eli:responsibility_of_agent", "pol:leadAgency",
        "pol:coordinatingAgency", "pol:approvingAuthority", "pol:organiser", "pol:speaker", "org:subOrganizationOf",
        "org:postIn", "org:heldBy", "org:holds", "dct:publisher")),
    ("when", ("Thời gian và nơi chốn", "Time and place"), ("eli:date_document", "pol:deadline", "dct:issued",
                                                          "dct:date", "eli:jurisdiction", "dct:spatial",
                                                          "pol:participantCount", "pol:onlineSiteCount")),
    ("claim", ("Nhận định", "Claim"), ("rdf:subject", "rdf:predicate", "rdf:object")),
    ("scheme", ("Khái niệm", "Concept scheme"), ("skos:inScheme", "skos:topConceptOf", "skos:hasTopConcept")),
    ("notes", ("Ghi chú", "Notes"), ("skos:note",)),
)
OTHER_GROUP = ("other", ("Khác", "Other"))
# Shown in their own sections rather than in the property table.
SPECIAL = ("pol:sourceQuote", "prov:wasDerivedFrom", "skos:relatedMatch", "skos:closeMatch", "skos:exactMatch",
           "schema:url", "foaf:page", "rdf:type")


@dataclass(frozen=True)
class Term:
    """An RDF term from a SPARQL JSON binding."""

    kind: str
    value: str
    lang: str = ""
    datatype: str = ""

    @classmethod
    def from_json(cls, binding: dict) -> "Term":
        return cls(binding["type"], binding["value"], binding.get("xml:lang", ""), binding.get("datatype", ""))

    @property
    def is_iri(self) -> bool:
        return self.kind == "uri"


def expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


def compact(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def local_path(iri: str, base_iri: str) -> str | None:
    """The path on this server that describes ``iri``, or None for an IRI outside the dataset."""
    if iri == ONTOLOGY or iri.startswith(ONTOLOGY + "#"):
        return "/ontology" + iri[len(ONTOLOGY):]
    if iri.startswith(base_iri):
        rest = iri[len(base_iri):]
        if rest.split("/", 1)[0] in ("eli", "id", "graph") and "/" in rest:
            return "/" + rest
    return None


def select(kg, sparql: str) -> list[dict[str, Term]]:
    """Run a SELECT through the service and return rows of ``Term``."""
    result, _ = kg.query(QueryRequest(sparql, max_rows=kg.settings["max_result_rows"]))
    payload = json.loads(result.body)
    return [{name: Term.from_json(value) for name, value in row.items()} for row in payload["results"]["bindings"]]


def iri_values(iris) -> str:
    return " ".join(f"<{iri}>" for iri in sorted(set(iris)) if ">" not in iri and " " not in iri)


def _pick(candidates: list[tuple[int, str, str]], lang: str) -> str:
    """The best label: page language first, then the other, then untagged; then by label property."""
    other = "en" if lang == "vi" else "vi"
    order = {lang: 0, other: 1, "": 2}
    return min(candidates, key=lambda c: (order.get(c[1].split("-")[0], 3), c[0]))[2]


def fetch_labels(kg, iris, lang: str) -> dict[str, str]:
    """Labels in ``lang`` (with fallback) for every IRI that has one."""
    values = iri_values(iris)
    if not values:
        return {}
    props = ", ".join(f"<{p}>" for p in LABEL_PROPERTIES)
    # One VALUES block and a FILTER on ?p: with two VALUES blocks oxigraph scanned the store (0.35 s a page at 1M).
    rows = select(kg, f"SELECT DISTINCT ?x ?p ?l WHERE {{ VALUES ?x {{ {values} }} ?x ?p ?l FILTER(?p IN ({props})) }}")
    found: dict[str, list[tuple[int, str, str]]] = {}
    for row in rows:
        rank = LABEL_PROPERTIES.index(row["p"].value)
        found.setdefault(row["x"].value, []).append((rank, row["l"].lang, row["l"].value))
    return {iri: _pick(candidates, lang) for iri, candidates in found.items()}


def term_label(iri: str, lang: str, labels: dict[str, str]) -> str:
    """A property's label: the ontology's, else the table's, else its compact name."""
    entry = TERMS.get(compact(iri))
    if iri in labels:
        return labels[iri]
    if entry and entry[0]:
        return entry[0] if lang == "vi" else entry[1]
    return compact(iri)


def incoming_label(iri: str, lang: str, labels: dict[str, str]) -> str:
    entry = TERMS.get(compact(iri))
    if entry and entry[2]:
        return entry[2] if lang == "vi" else entry[3]
    name = term_label(iri, lang, labels)
    return f"là “{name}” của" if lang == "vi" else f"is “{name}” of"


def group_of(iri: str) -> tuple[int, str, tuple[str, str], int]:
    """(group position, group id, group titles, position in group) for ordering a property."""
    name = compact(iri)
    for position, (group_id, titles, members) in enumerate(GROUPS):
        if name in members:
            return position, group_id, titles, members.index(name)
    return len(GROUPS), OTHER_GROUP[0], OTHER_GROUP[1], 0
