"""The "6 rõ" (six clarities) a task must have, per Conclusion 226-KL/TW: one definition table, reused by the web
"6 rõ" view and by monitoring.

Each clarity is an id, a Vietnamese and an English label, what it checks, and a SPARQL boolean expression over the
variable ``?task`` (usable in ``FILTER`` or as ``(expr AS ?id)`` in a projection). The SHACL shapes check the same
conditions; this table lets a view compute them with SPARQL alone. Each condition is one ``EXISTS`` (Virtuoso 7.2
refuses ``EXISTS {…} && EXISTS {…}`` in a projection, SQ074), and a view reads the value as true when it is
``true`` or ``1`` (Virtuoso returns a projected boolean as ``xsd:integer`` 1 or 0).
"""

from __future__ import annotations

from dataclasses import dataclass

PREFIXES = (
    "PREFIX pol: <https://w3id.org/policy-kg/ontology#>\n"
    "PREFIX dct: <http://purl.org/dc/terms/>\n"
)


@dataclass(frozen=True)
class Clarity:
    id: str
    vi: str
    en: str
    needs_vi: str
    needs_en: str
    condition: str

    def label(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en

    def needs(self, lang: str) -> str:
        return self.needs_vi if lang == "vi" else self.needs_en


CLARITIES: tuple[Clarity, ...] = (
    Clarity(
        "ro_nguoi", "Rõ người", "Clear owner",
        "đúng một cơ quan chủ trì (pol:leadAgency)", "exactly one lead agency (pol:leadAgency)",
        "EXISTS { ?task pol:leadAgency ?lead FILTER NOT EXISTS { ?task pol:leadAgency ?other FILTER(?other != ?lead) } }",
    ),
    Clarity(
        "ro_viec", "Rõ việc", "Clear work",
        "mô tả công việc bằng tiếng Việt (dct:description @vi)", "a description in Vietnamese (dct:description @vi)",
        'EXISTS { ?task dct:description ?what FILTER(langMatches(lang(?what), "vi")) }',
    ),
    Clarity(
        "ro_thoi_gian", "Rõ thời gian", "Clear deadline",
        "thời hạn (pol:deadline)", "a deadline (pol:deadline)",
        "EXISTS { ?task pol:deadline ?when }",
    ),
    Clarity(
        "ro_trach_nhiem", "Rõ trách nhiệm", "Clear responsibility",
        "cơ quan chủ trì và cơ quan phối hợp (pol:leadAgency, pol:coordinatingAgency)",
        "a lead and coordinating agencies (pol:leadAgency, pol:coordinatingAgency)",
        "EXISTS { ?task pol:leadAgency ?owner ; pol:coordinatingAgency ?partner }",
    ),
    Clarity(
        "ro_tham_quyen", "Rõ thẩm quyền", "Clear authority",
        "cơ quan có thẩm quyền phê duyệt (pol:approvingAuthority)", "an approving authority (pol:approvingAuthority)",
        "EXISTS { ?task pol:approvingAuthority ?approver }",
    ),
    Clarity(
        "ro_san_pham", "Rõ sản phẩm", "Clear deliverable",
        "sản phẩm đầu ra (pol:deliverable)", "a deliverable (pol:deliverable)",
        "EXISTS { ?task pol:deliverable ?product }",
    ),
)


def clarity_select(document_iri: str) -> str:
    """A SELECT of every task of a document (``pol:taskOf`` or ``pol:hasTask``) with one boolean per clarity."""
    projection = " ".join(f"({clarity.condition} AS ?{clarity.id})" for clarity in CLARITIES)
    return (
        PREFIXES
        + f"SELECT DISTINCT ?task {projection} WHERE {{ ?task pol:taskOf|^pol:hasTask <{document_iri}> }} ORDER BY ?task"
    )
