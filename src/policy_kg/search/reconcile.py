"""Entity reconciliation over the search index: the logic behind ``/reconcile`` (``web/reconcile.py``).

Implements the W3C Entity Reconciliation Community Group's Reconciliation Service API 0.2
(https://www.w3.org/community/reports/reconciliation/CG-FINAL-specs-0.2-20230410/), the version OpenRefine 3.x
speaks: §4 reconciliation queries (``query``, ``type``, ``limit``, ``properties``) with scored candidates and a
``match`` flag, §5 suggest (entities, types, properties), §6 preview, §7 data extension.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..bundle import DEFAULT_BASE_IRI
from ..errors import InputError
from .folding import fold
from .index import select
from .lookup import any_word_pattern, expand_prefix, has_type, in_index, phrase_pattern, subclasses
from .terms import SEARCH_KEY, SEARCH_NUMBER, query_tokens, sparql_string
from .ranking import DCT_TITLE, ELI_NUMBER, FOAF_NAME, POL, RDFS_LABEL, SKOS_PREF, check_iri, query_number_key


@dataclass(frozen=True)
class EntityType:
    id: str
    name_vi: str
    name_en: str

    @property
    def name(self) -> str:
        return f"{self.name_vi} / {self.name_en}"


ENTITY_TYPES = (
    EntityType(POL + "Agency", "Cơ quan", "Agency"),
    EntityType(POL + "PolicyDocument", "Văn bản chính sách", "Policy document"),
    EntityType("http://xmlns.com/foaf/0.1/Person", "Người", "Person"),
    EntityType(POL + "AdministrativeArea", "Địa bàn hành chính", "Administrative area"),
    EntityType(POL + "Sector", "Lĩnh vực", "Sector"),
)
TYPE_BY_ID = {entity_type.id: entity_type for entity_type in ENTITY_TYPES}


@dataclass(frozen=True)
class Property:
    id: str
    iri: str
    name_vi: str
    name_en: str
    kind: str  # "str", "date", "entity"
    lang: str | None = None

    @property
    def name(self) -> str:
        return f"{self.name_vi} / {self.name_en}"


PROPERTIES = (
    Property("number", ELI_NUMBER, "Số hiệu", "Document number", "str"),
    Property("date", "http://data.europa.eu/eli/ontology#date_document", "Ngày ban hành", "Date of document", "date"),
    Property("issuer", "http://data.europa.eu/eli/ontology#passed_by", "Cơ quan ban hành", "Issued by", "entity"),
    Property("sector", "http://data.europa.eu/eli/ontology#is_about", "Lĩnh vực", "Sector", "entity"),
    Property("implements", "http://data.europa.eu/eli/ontology#ensures_implementation_of", "Thực hiện văn bản",
             "Implements", "entity"),
    Property("parent", "http://www.w3.org/ns/org#subOrganizationOf", "Cơ quan cấp trên", "Parent organisation", "entity"),
    Property("area", "http://purl.org/dc/terms/spatial", "Địa bàn", "Area", "entity"),
    Property("label_vi", RDFS_LABEL, "Tên tiếng Việt", "Vietnamese label", "str", "vi"),
    Property("label_en", RDFS_LABEL, "Tên tiếng Anh", "English label", "str", "en"),
    Property("wikidata", "http://www.w3.org/2004/02/skos/core#exactMatch", "Wikidata", "Wikidata item", "str"),
)
PROPERTY_BY_ID = {prop.id: prop for prop in PROPERTIES} | {prop.iri: prop for prop in PROPERTIES if not prop.lang}
WIKIDATA = "http://www.wikidata.org/entity/"
MAX_LIMIT = 25
MAX_CANDIDATES = 500


def similarity(phrase: str, key: str) -> float:
    """0 to 100: how well the folded name ``key`` matches the folded query ``phrase``."""
    if key == phrase:
        return 100.0
    if re.search(rf"(?<![^\W_]){re.escape(phrase)}(?![^\W_])", key):
        return 70.0 + 30.0 * len(phrase) / len(key)
    asked, have = set(re.findall(r"[^\W_]+", phrase)), set(re.findall(r"[^\W_]+", key))
    if not asked or not have:
        return 0.0
    if asked <= have:
        return 50.0 + 30.0 * len(asked) / len(have)
    return 40.0 * len(asked & have) / len(asked | have)


def _types(value: Any) -> list[str]:
    if value in (None, "", []):
        return [entity_type.id for entity_type in ENTITY_TYPES]
    values = value if isinstance(value, list) else [value]
    chosen = []
    for item in values:
        item = item.get("id", "") if isinstance(item, dict) else str(item)
        if item not in TYPE_BY_ID:
            known = ", ".join(TYPE_BY_ID)
            raise InputError(f"unknown reconciliation type {item!r}; use one of {known} / loại không hợp lệ")
        chosen.append(item)
    return chosen


def candidates(source: Any, text: str, type_ids: list[str], base_iri: str, prefix_last: bool = False) -> dict[str, dict[str, Any]]:
    """Entities of ``type_ids`` whose names hold every query word (or, failing that, any of them), with their keys.

    Words are whole-word index lookups (``lookup.py``); with ``prefix_last`` (suggest) the last word is a prefix.
    """
    words = query_tokens(text)
    number = query_number_key(text)
    # Type tests are EXISTS per candidate over the classes read once: a class variable in a path, or a join
    # with every typed resource, makes oxigraph enumerate the instances of the whole hierarchy.
    classes = {iri: subclasses(source, [iri]) for iri in type_ids}

    def run(pattern: str) -> list[dict[str, Any]]:
        branches = [f"{{ GRAPH ?ig {{ {pattern} ?s <{SEARCH_KEY}> ?key . }} BIND(0 AS ?num) }}"]
        if number:
            branches.append(f"{{ GRAPH ?ig {{ ?s <{SEARCH_NUMBER}> {sparql_string(number)} }} "
                            f"BIND(\"\" AS ?key) BIND(1 AS ?num) }}")
        return select(source, f"SELECT DISTINCT ?s ?key ?num WHERE {{ {' UNION '.join(branches)} {in_index(base_iri)} "
                              f"FILTER({has_type(sorted(set().union(*classes.values())))}) }} LIMIT {MAX_CANDIDATES}")

    if not words:
        return {}
    expansions = expand_prefix(source, words[-1], base_iri) if prefix_last else None
    rows = run(phrase_pattern(words, prefix_last, expansions))
    if not rows and len(words) > 1:
        rows = run(any_word_pattern([word for word in words if len(word) > 1] or words))
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = found.setdefault(row["s"], {"keys": set(), "number": False, "types": set()})
        if row["num"] == "1":
            entry["number"] = True
        else:
            entry["keys"].add(row["key"])
    if found:
        flags = " ".join(f"(IF({has_type(classes[iri])}, 1, 0) AS ?t{n})" for n, iri in enumerate(type_ids))
        for row in select(source, f"SELECT ?s {flags} WHERE {{ VALUES ?s {{ {' '.join(f'<{iri}>' for iri in found)} }} }}"):
            found[row["s"]]["types"].update(iri for n, iri in enumerate(type_ids) if str(row.get(f"t{n}")) == "1")
    return found


def labels(source: Any, ids: list[str]) -> dict[str, dict[str, str]]:
    """The display labels (by language) of ``ids``."""
    if not ids:
        return {}
    values = " ".join(f"<{iri}>" for iri in ids)
    props = ", ".join(f"<{iri}>" for iri in (RDFS_LABEL, SKOS_PREF, FOAF_NAME, DCT_TITLE))
    order = {RDFS_LABEL: 0, SKOS_PREF: 1, FOAF_NAME: 2, DCT_TITLE: 3}
    rows = select(source, f"SELECT ?s ?p ?o (LANG(?o) AS ?lang) WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o FILTER(?p IN ({props})) }}")
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for row in rows:
        slot = (row["s"], row.get("lang") or "und")
        candidate = (order[row["p"]], row["o"])
        best[slot] = min(best.get(slot, candidate), candidate)
    out: dict[str, dict[str, str]] = {iri: {} for iri in ids}
    for (iri, lang), (_, text) in best.items():
        out[iri][lang] = text
    return out


def display_name(names: dict[str, str], fallback: str, lang: str = "vi") -> str:
    for choice in (lang, "vi", "en", "und"):
        if names.get(choice):
            return names[choice]
    return fallback


def property_values(source: Any, ids: list[str], prop: Property) -> dict[str, list[dict[str, str]]]:
    """Values of ``prop`` for ``ids``: each {"value", "label"} (the folded label of an entity value, if any)."""
    if not ids:
        return {}
    values = " ".join(f"<{iri}>" for iri in ids)
    lang = f'FILTER(LANGMATCHES(LANG(?o), "{prop.lang}"))' if prop.lang else ""
    wikidata = f"FILTER(STRSTARTS(STR(?o), {sparql_string(WIKIDATA)}))" if prop.id == "wikidata" else ""
    rows = select(source, f"SELECT ?s ?o (SAMPLE(?l) AS ?label) WHERE {{ VALUES ?s {{ {values} }} ?s <{prop.iri}> ?o {lang} {wikidata} "
                          f"OPTIONAL {{ ?o <{RDFS_LABEL}> ?l FILTER(LANGMATCHES(LANG(?l), \"vi\")) }} }} GROUP BY ?s ?o")
    out: dict[str, list[dict[str, str]]] = {iri: [] for iri in ids}
    for row in rows:
        out[row["s"]].append({"value": row["o"], "label": row.get("label", "")})
    for found in out.values():
        found.sort(key=lambda item: item["value"])
    return out


def _property_matches(wanted: Any, have: list[dict[str, str]]) -> bool:
    if isinstance(wanted, dict):
        wanted = wanted.get("id", "")
    wanted_folded = fold(str(wanted))
    for item in have:
        if str(wanted) == item["value"] or wanted_folded in (fold(item["value"]), fold(item["label"])):
            return True
        if wanted_folded and item["label"] and wanted_folded in fold(item["label"]):
            return True
    return False


def reconcile(source: Any, query: dict[str, Any], base_iri: str = DEFAULT_BASE_IRI) -> list[dict[str, Any]]:
    """Candidates for one reconciliation query (API 0.2 §4.2), best first, each with a score and a match flag.

    Scores run 0 to 100 (``similarity``; an exact document number is 100); each property filter that an entity
    fails halves its score. ``match`` is true for the first candidate only, when it is unambiguous: 95 or more
    with no other candidate at 95, or 65 or more with the runner-up at least 20 points behind.
    """
    if not isinstance(query, dict) or not isinstance(query.get("query"), str):
        raise InputError('each reconciliation query needs a "query" string / mỗi truy vấn cần chuỗi "query"')
    text = query["query"]
    limit = query.get("limit", 5)
    if not isinstance(limit, int) or limit < 1:
        raise InputError('"limit" must be a positive integer / "limit" phải là số nguyên dương')
    type_ids = _types(query.get("type"))
    phrase = fold(text)
    found = candidates(source, text, type_ids, base_iri)
    scores = {iri: 100.0 if entry["number"] else max((similarity(phrase, key) for key in entry["keys"]), default=0.0)
              for iri, entry in found.items()}
    filters = query.get("properties") or []
    if not isinstance(filters, list):
        raise InputError('"properties" must be a list of {"pid", "v"} / "properties" phải là danh sách')
    ids = sorted(scores)
    for condition in filters:
        if not isinstance(condition, dict) or condition.get("pid") not in PROPERTY_BY_ID:
            known = ", ".join(prop.id for prop in PROPERTIES)
            raise InputError(f"unknown property in a property filter; use one of {known} / thuộc tính không hợp lệ")
        have = property_values(source, ids, PROPERTY_BY_ID[condition["pid"]])
        wanted = condition.get("v")
        wanted_list = wanted if isinstance(wanted, list) else [wanted]
        for iri in ids:
            if not any(_property_matches(item, have[iri]) for item in wanted_list):
                scores[iri] *= 0.5
    ranked = sorted(((iri, s) for iri, s in scores.items() if s > 0), key=lambda pair: (-pair[1], pair[0]))[: min(limit, MAX_LIMIT)]
    names = labels(source, [iri for iri, _ in ranked])
    results = []
    for position, (iri, score) in enumerate(ranked):
        runner_up = ranked[position + 1][1] if position + 1 < len(ranked) else 0.0
        unambiguous = position == 0 and ((score >= 95 and runner_up < 95) or (score >= 65 and runner_up <= score - 20))
        results.append({
            "id": iri,
            "name": display_name(names[iri], iri),
            "description": names[iri].get("en", ""),
            "type": [{"id": t, "name": TYPE_BY_ID[t].name} for t in sorted(found[iri]["types"])],
            "score": round(score, 2),
            "match": unambiguous,
        })
    return results


def suggest_entities(source: Any, prefix: str, type_value: Any = None, base_iri: str = DEFAULT_BASE_IRI,
                     limit: int = 10) -> list[dict[str, Any]]:
    """Suggest API (§5): entities whose names start with (or hold) ``prefix``, for autocomplete."""
    if not fold(prefix):
        return []
    type_ids = _types(type_value)
    found = candidates(source, prefix, type_ids, base_iri, prefix_last=True)
    phrase = fold(prefix)

    def rank(iri: str) -> tuple:
        keys = found[iri]["keys"]
        starts = any(key.startswith(phrase) for key in keys)
        return (not found[iri]["number"], not starts, -max((similarity(phrase, key) for key in keys), default=0), iri)

    chosen = sorted(found, key=rank)[:limit]
    names = labels(source, chosen)
    return [{"id": iri, "name": display_name(names[iri], iri), "description": names[iri].get("en", ""),
             "notable": [{"id": t, "name": TYPE_BY_ID[t].name} for t in sorted(found[iri]["types"])]} for iri in chosen]


def suggest_types(prefix: str) -> list[dict[str, Any]]:
    phrase = fold(prefix)
    return [{"id": t.id, "name": t.name} for t in ENTITY_TYPES if phrase in fold(t.name) or phrase in t.id.lower()]


def suggest_properties(prefix: str) -> list[dict[str, Any]]:
    phrase = fold(prefix)
    return [{"id": p.id, "name": p.name, "description": p.iri} for p in PROPERTIES if phrase in fold(p.name) or phrase in p.id]


def extend(source: Any, request: dict[str, Any]) -> dict[str, Any]:
    """Data extension (§7): the values of the requested properties for the requested entities."""
    ids, wanted = request.get("ids"), request.get("properties")
    if not isinstance(ids, list) or not isinstance(wanted, list) or not all(isinstance(i, str) for i in ids):
        raise InputError('an extension request needs "ids" and "properties" lists / yêu cầu mở rộng cần "ids" và "properties"')
    ids = [check_iri(iri, "id") for iri in ids]
    props = []
    for item in wanted:
        pid = item.get("id") if isinstance(item, dict) else None
        if pid not in PROPERTY_BY_ID:
            raise InputError(f"unknown property {pid!r} / thuộc tính không hợp lệ")
        props.append(PROPERTY_BY_ID[pid])
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {iri: {} for iri in ids}
    for prop in props:
        values = property_values(source, ids, prop)
        entity_names = labels(source, sorted({v["value"] for vs in values.values() for v in vs})) if prop.kind == "entity" else {}
        for iri in ids:
            cells = []
            for value in values[iri]:
                if prop.kind == "entity":
                    cells.append({"id": value["value"], "name": display_name(entity_names.get(value["value"], {}), value["value"])})
                elif prop.kind == "date":
                    cells.append({"date": value["value"] + "T00:00:00+00:00"})
                else:
                    cells.append({"str": value["value"]})
            rows[iri][prop.id] = cells
    return {"meta": [{"id": prop.id, "name": prop.name} for prop in props], "rows": rows}


def propose_properties(type_id: str, limit: int = 10) -> dict[str, Any]:
    """Data extension §7.2: the properties worth fetching for entities of ``type_id``."""
    by_type = {
        POL + "PolicyDocument": ("number", "date", "issuer", "sector", "implements", "label_vi", "label_en"),
        POL + "Agency": ("parent", "area", "label_vi", "label_en", "wikidata"),
        POL + "AdministrativeArea": ("label_vi", "label_en", "wikidata"),
    }
    chosen = by_type.get(type_id, ("label_vi", "label_en", "wikidata"))[:limit]
    return {"type": type_id, "limit": limit, "properties": [{"id": pid, "name": PROPERTY_BY_ID[pid].name} for pid in chosen]}
