"""The query mix, drawn from the competency questions (tests/test_competency.py), with parameter variants.

Each query is a template filled with IRIs or phrases sampled from the generated graph (its manifest), so a load
run cycles through several variants rather than repeating one text. Every query is standard SPARQL 1.1 that all
peers answer: the diacritic-insensitive search matches the precomputed folded keys (``pol:searchKey``, written by
``policy_kg.search.index``) that every peer holds, since the data each peer serves is the same N-Quads dump.
``kind`` is ``point`` (index lookups of one resource) or ``heavy`` (scans, joins, sorts and aggregates).
"""

from __future__ import annotations

from dataclasses import dataclass

from policy_kg.search.folding import fold

from .generate import BASE
from .vocabulary import PROVINCES, SECTORS

PREFIXES = (
    "PREFIX pol: <https://w3id.org/policy-kg/ontology#> PREFIX eli: <http://data.europa.eu/eli/ontology#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
)
DONE = f"<{BASE}id/concept/task-status/done>"
CANCELLED = f"<{BASE}id/concept/task-status/cancelled>"
# The end of a deadline's period as a comparable string: gYear → 12-31, gYearMonth → -31, date as is.
DEADLINE_END = ('BIND(STR(?deadline) AS ?d) BIND(IF(STRLEN(?d) = 4, CONCAT(?d, "-12-31"), '
                'IF(STRLEN(?d) = 7, CONCAT(?d, "-31"), ?d)) AS ?end)')


@dataclass(frozen=True)
class Query:
    name: str
    kind: str
    question: str
    variants: tuple[str, ...]


def _point(iri: str) -> str:
    return f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"


def _sector_tasks(sector: str) -> str:
    return (PREFIXES + "SELECT ?task ?label ?lead ?leadLabel ?deadline WHERE { "
            f"?programme eli:is_about <{BASE}id/sector/{sector}> ; pol:hasTask ?task . "
            "?task pol:leadAgency ?lead ; pol:deadline ?deadline ; rdfs:label ?label . FILTER(LANG(?label) = \"vi\") "
            "?lead rdfs:label ?leadLabel . FILTER(LANG(?leadLabel) = \"vi\") } ORDER BY STR(?deadline) ?task LIMIT 100")


GOALS_PER_SECTOR_PROGRAMME = (
    PREFIXES + "SELECT ?sector ?programme (COUNT(?goal) AS ?goals) WHERE { "
    "?programme a pol:ActionProgramme ; eli:is_about ?sector ; pol:hasGoal ?goal } "
    "GROUP BY ?sector ?programme ORDER BY ?sector DESC(?goals) ?programme")


def _derived(resolution: str) -> str:
    return (PREFIXES + "SELECT DISTINCT ?x WHERE { ?x (pol:taskOf|pol:goalOf|pol:targetOf|pol:contributesTo|"
            f"eli:ensures_implementation_of)+ <{resolution}> }}")


def _search(phrase: str) -> str:
    return (PREFIXES + f"SELECT DISTINCT ?s ?label WHERE {{ ?s pol:searchKey ?key . FILTER(CONTAINS(?key, \"{fold(phrase)}\")) "
            "?s rdfs:label ?label . FILTER(LANG(?label) = \"vi\") } ORDER BY ?s LIMIT 50")


def _overdue(today: str) -> str:
    return (PREFIXES + "SELECT ?task ?end ?lead WHERE { ?task a pol:Task ; pol:deadline ?deadline ; "
            f"pol:status ?status ; pol:leadAgency ?lead . FILTER(?status NOT IN ({DONE}, {CANCELLED})) {DEADLINE_END} "
            f"FILTER(?end < \"{today}\") }} ORDER BY ?end ?task LIMIT 100")


def _monitoring(programme: str) -> str:
    return (PREFIXES + "SELECT ?kind ?status (COUNT(?x) AS ?n) WHERE { "
            f"{{ <{programme}> pol:hasTask ?x . ?x pol:status ?status . BIND(\"task\" AS ?kind) }} UNION "
            f"{{ <{programme}> pol:hasGoal ?x . BIND(\"goal\" AS ?kind) }} UNION "
            f"{{ <{programme}> pol:hasGoal/pol:hasTarget ?x . BIND(\"target\" AS ?kind) }} "
            "} GROUP BY ?kind ?status ORDER BY ?kind ?status")


def query_mix(samples: dict[str, list[str]], variants: int = 24) -> list[Query]:
    """The seven queries of the issue, each with up to ``variants`` parameter values from the manifest samples."""
    tasks, programmes = samples["task"][:variants], samples["programme"][:variants]
    resolutions = samples["resolution"][:variants]
    phrases = [f"{obj_vi} tại {place_vi}" for (_, place_vi, _), (_, (_, _, objects)) in zip(PROVINCES, SECTORS.items())
               for obj_vi, _ in objects[:1]]
    months = [f"{year}-{month:02d}-01" for year in (2025, 2026) for month in range(1, 13)][:variants]
    return [
        Query("point_lookup", "point", "All statements about one task", tuple(_point(t) for t in tasks)),
        Query("sector_tasks", "heavy", "Tasks of a sector with their lead agency, by deadline (first 100)",
              tuple(_sector_tasks(s) for s in SECTORS)),
        Query("goals_per_sector_programme", "heavy", "Goals counted per sector and programme (all rows)",
              (GOALS_PER_SECTOR_PROGRAMME,)),
        Query("derived_from_resolution", "heavy", "Everything deriving from one resolution (property path)",
              tuple(_derived(r) for r in resolutions)),
        Query("label_search", "heavy", "Diacritic-insensitive label search on the folded keys (first 50)",
              tuple(_search(p) for p in phrases)),
        Query("overdue_tasks", "heavy", "Overdue tasks (not done or cancelled) on a given day, earliest first (first 100)",
              tuple(_overdue(m) for m in months)),
        Query("programme_monitoring", "point", "The monitoring numbers of one programme (tasks by status, goals, targets)",
              tuple(_monitoring(p) for p in programmes)),
    ]
