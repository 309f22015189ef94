"""Example SPARQL queries for the query page, one per competency question, each in Vietnamese and English
(the question, and label filters in that language). ``{base}`` stands for the configured base IRI.
"""

from __future__ import annotations

from dataclasses import dataclass

PREFIXES = """PREFIX pol: <https://w3id.org/policy-kg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@dataclass(frozen=True)
class Example:
    id: str
    question: str
    query: str


# id, question (vi, en), body with {lang} for label filters
QUESTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("programme-of-72",
     "Chương trình hành động nào của Hà Nội thực hiện Nghị quyết 72-NQ/TW?",
     "Which Hanoi action programme implements Resolution 72-NQ/TW?",
     """SELECT ?programme ?label WHERE {{
  ?programme eli:ensures_implementation_of <{base}eli/vn/bct/nq/xiii/72> ;
             eli:jurisdiction <{base}id/area/hanoi> ;
             rdfs:label ?label .
  FILTER(lang(?label) = "{lang}")
}}"""),
    ("politburo-2025",
     "Bộ Chính trị đã ban hành những nghị quyết nào trong năm 2025?",
     "Which resolutions did the Politburo pass in 2025?",
     """SELECT ?resolution ?number ?date ?title WHERE {{
  ?resolution a pol:Resolution ;
              eli:passed_by <{base}id/agency/bo-chinh-tri> ;
              eli:number ?number ;
              eli:date_document ?date ;
              dct:title ?title .
  FILTER(YEAR(?date) = 2025 && lang(?title) = "{lang}")
}}
ORDER BY ?date"""),
    ("health-tasks-without-lead",
     "Những nhiệm vụ nào của chương trình y tế (06-CTr/TU) chưa có cơ quan chủ trì?",
     "Which tasks of the health programme (06-CTr/TU) have no lead agency?",
     """SELECT ?task ?label WHERE {{
  ?task pol:taskOf <{base}eli/vn-hn/tu/ctr/xviii/06> ;
        rdfs:label ?label .
  FILTER NOT EXISTS {{ ?task pol:leadAgency ?agency }}
  FILTER(lang(?label) = "{lang}")
}}
ORDER BY ?label"""),
    ("sdg-3-goals",
     "Những mục tiêu nào liên quan đến SDG 3 (sức khỏe và phúc lợi)?",
     "Which goals relate to SDG 3 (good health and well-being)?",
     """SELECT ?goal ?label ?document WHERE {{
  ?goal a pol:Goal ;
        skos:relatedMatch <http://metadata.un.org/sdg/3> ;
        rdfs:label ?label .
  OPTIONAL {{ ?goal pol:goalOf ?document }}
  FILTER(lang(?label) = "{lang}")
}}
ORDER BY ?document ?label"""),
    ("derives-from-71",
     "Những gì bắt nguồn từ Nghị quyết 71-NQ/TW (chương trình, mục tiêu, nhiệm vụ)?",
     "What derives from Resolution 71-NQ/TW (programmes, goals, tasks)?",
     """SELECT DISTINCT ?thing ?type ?label WHERE {{
  ?thing (pol:taskOf|pol:goalOf|eli:ensures_implementation_of|pol:contributesTo)+ <{base}eli/vn/bct/nq/xiii/71> ;
         a ?type ;
         rdfs:label ?label .
  FILTER(STRSTARTS(STR(?type), STR(pol:)) && lang(?label) = "{lang}")
}}
ORDER BY ?type ?label"""),
    ("tasks-per-programme",
     "Mỗi chương trình có bao nhiêu nhiệm vụ, và bao nhiêu nhiệm vụ đã có cơ quan chủ trì?",
     "How many tasks does each programme have, and how many name a lead agency?",
     """SELECT ?programme ?label (COUNT(DISTINCT ?task) AS ?tasks) (COUNT(DISTINCT ?led) AS ?withLead) WHERE {{
  ?programme a pol:ActionProgramme ;
             rdfs:label ?label .
  ?task pol:taskOf ?programme .
  OPTIONAL {{ ?task pol:leadAgency ?agency . BIND(?task AS ?led) }}
  FILTER(lang(?label) = "{lang}")
}}
GROUP BY ?programme ?label
ORDER BY ?label"""),
    ("targets-of-72",
     "Nghị quyết 72-NQ/TW đặt ra những chỉ tiêu định lượng nào?",
     "Which quantified targets does Resolution 72-NQ/TW set?",
     """SELECT ?target ?label ?comparator ?value ?unit ?year WHERE {{
  ?target pol:targetOf <{base}eli/vn/bct/nq/xiii/72> ;
          rdfs:label ?label .
  OPTIONAL {{ ?target pol:comparator ?comparator }}
  OPTIONAL {{ ?target pol:targetValue ?value }}
  OPTIONAL {{ ?target pol:unitText ?unit FILTER(lang(?unit) = "{lang}") }}
  OPTIONAL {{ ?target pol:targetYear ?year }}
  FILTER(lang(?label) = "{lang}")
}}
ORDER BY ?year ?label"""),
)


def examples(base_iri: str, lang: str) -> list[Example]:
    """The example queries in ``lang``, with IRIs under ``base_iri``."""
    return [Example(qid, vi if lang == "vi" else en, PREFIXES + "\n" + body.format(base=base_iri, lang=lang))
            for qid, vi, en, body in QUESTIONS]
