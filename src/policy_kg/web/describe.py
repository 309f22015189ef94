"""What an entity page shows and what its RDF representations hold: a resource's outgoing and incoming triples.

The RDF description of ``<iri>`` is every triple with it as subject or object (a symmetric concise bounded
description without blank-node closure; the bundled data has no blank nodes). JSON-LD is compacted with the
published context at ``/context.jsonld`` (JSON-LD 1.1 §4.1).
"""

from __future__ import annotations

import json
from importlib import resources

import rdflib

from ..errors import NotFound
from ..formats import Format, by_name, RDF_FORMATS
from ..store import QueryRequest
from .labels import (RDF_TYPE, SPECIAL, Term, compact, expand, fetch_labels, group_of, incoming_label, iri_values,
                     local_path, select, term_label)

NTRIPLES = by_name("ntriples", RDF_FORMATS)
INCOMING_SHOWN = 100
EXTERNAL = ("skos:relatedMatch", "skos:closeMatch", "skos:exactMatch", "foaf:page")
# The search index's own properties (``pol:search*`` in ``graph/search``) are machinery, not part of a description.
VISIBLE = 'FILTER(!STRSTARTS(STR(?p), "https://w3id.org/policy-kg/ontology#search"))'


def context() -> dict:
    return json.loads(resources.files(__package__).joinpath("static/context.jsonld").read_text(encoding="utf-8"))


def _check_iri(iri: str) -> None:
    if any(ch in iri for ch in '<>"{}|^`\\ \n'):
        raise NotFound(f"no resource {iri!r} in this dataset")


def exists(kg, iri: str) -> bool:
    _check_iri(iri)
    return kg.backend.ask(f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}")


def construct(iri: str) -> str:
    return (f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} "
            f"WHERE {{ {{ <{iri}> ?p ?o {VISIBLE} }} UNION {{ ?s ?q <{iri}> }} }}")


def rdf_bytes(kg, sparql: str, fmt: Format, context_url: str) -> bytes:
    """Serialise a CONSTRUCT's graph in ``fmt``; JSON-LD compacted against the published context."""
    wanted = NTRIPLES if fmt.name == "jsonld" else fmt
    result, _ = kg.query(QueryRequest(sparql, graph_format=wanted, max_rows=kg.settings["max_result_rows"]))
    if fmt.name != "jsonld":
        return result.body
    graph = rdflib.Graph().parse(data=result.body.decode("utf-8"), format="nt")
    document = json.loads(graph.serialize(format="json-ld", context=context()["@context"], auto_compact=True))
    document["@context"] = context_url
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _value(term: Term, labels: dict[str, str], base: str) -> dict:
    if term.is_iri:
        path = local_path(term.value, base)
        return {"text": labels.get(term.value) or external_name(term.value), "href": path or term.value,
                "external": path is None, "iri": term.value}
    datatype = compact(term.datatype) if term.datatype else ""
    return {"text": term.value, "lang": term.lang, "datatype": datatype}


def external_name(iri: str) -> str:
    short = compact(iri)
    for prefix, name in (("sdg:", "SDG "), ("wd:", "Wikidata ")):
        if short.startswith(prefix):
            return name + short[len(prefix):]
    return short


def describe(kg, iri: str, lang: str) -> dict:
    """Everything the entity page shows about ``iri``, labelled in ``lang``; NotFound when it has no triples."""
    if not exists(kg, iri):
        raise NotFound(f"no resource {iri} in this dataset / không có tài nguyên này trong dữ liệu")
    base = kg.settings["base_iri"]
    outgoing = select(kg, f"SELECT DISTINCT ?p ?o WHERE {{ <{iri}> ?p ?o {VISIBLE} }}")
    incoming = select(kg, f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p <{iri}> {VISIBLE} }} ORDER BY ?p ?s")
    mentioned = {iri} | {row["p"].value for row in outgoing + incoming}
    mentioned |= {row["o"].value for row in outgoing if row["o"].is_iri} | {row["s"].value for row in incoming}
    labels = fetch_labels(kg, mentioned, lang)
    by_property: dict[str, list[Term]] = {}
    for row in outgoing:
        by_property.setdefault(row["p"].value, []).append(row["o"])
    page = {
        "iri": iri,
        "label": labels.get(iri) or compact(iri),
        "types": [_value(t, labels, base) for t in by_property.get(RDF_TYPE, [])],
        "quotes": [t.value for t in by_property.get(expand("pol:sourceQuote"), [])],
        "sources": _sources(kg, [t.value for t in by_property.get(expand("prov:wasDerivedFrom"), [])], labels, base),
        "external": sorted((_value(t, labels, base) | {"via": term_label(expand(p), lang, labels)}
                            for p in EXTERNAL for t in by_property.get(expand(p), []) if t.is_iri),
                           key=lambda v: v["text"]),
        "urls": [t.value for t in by_property.get(expand("schema:url"), [])],
        "groups": _groups(by_property, labels, lang, base),
        "incoming": _incoming(incoming, labels, lang, base),
        "type_iris": {t.value for t in by_property.get(RDF_TYPE, [])},
    }
    return page


def _sort_values(values: list[dict], lang: str) -> list[dict]:
    return sorted(values, key=lambda v: (v.get("lang", "") not in ("", lang), v.get("text", "").casefold()))


def _groups(by_property: dict[str, list[Term]], labels: dict[str, str], lang: str, base: str) -> list[dict]:
    special = {expand(name) for name in SPECIAL}
    groups: dict[str, dict] = {}
    for prop in sorted(by_property, key=lambda p: (group_of(p)[0], group_of(p)[3], term_label(p, lang, labels))):
        if prop in special:
            continue
        position, group_id, titles, _ = group_of(prop)
        group = groups.setdefault(group_id, {"id": group_id, "title": titles[0] if lang == "vi" else titles[1], "rows": []})
        values = _sort_values([_value(t, labels, base) for t in by_property[prop]], lang)
        primary = [v for v in values if v.get("lang", "") in ("", lang)]
        others = [v for v in values if v.get("lang", "") not in ("", lang)]
        group["rows"].append({"property": _value(Term("uri", prop), {prop: term_label(prop, lang, labels)}, base),
                              "objects": primary or others, "other_lang": others if primary else []})
    return list(groups.values())


def _incoming(rows: list[dict[str, Term]], labels: dict[str, str], lang: str, base: str) -> list[dict]:
    found: dict[str, list[dict]] = {}
    for row in rows:
        found.setdefault(row["p"].value, []).append(_value(row["s"], labels, base))
    sections = []
    for prop, values in found.items():
        values = _sort_values(values, lang)
        sections.append({"title": incoming_label(prop, lang, labels), "property": compact(prop),
                         "subjects": values[:INCOMING_SHOWN], "more": max(0, len(values) - INCOMING_SHOWN)})
    return sorted(sections, key=lambda s: (s["property"] in ("prov:wasDerivedFrom", "rdf:type"), s["title"]))


def _sources(kg, iris: list[str], labels: dict[str, str], base: str) -> list[dict]:
    if not iris:
        return []
    rows = select(kg, f"SELECT ?s ?url WHERE {{ VALUES ?s {{ {iri_values(iris)} }} ?s <http://schema.org/url> ?url }}")
    urls = {row["s"].value: row["url"].value for row in rows}
    return sorted(({"text": labels.get(iri) or compact(iri), "href": local_path(iri, base) or iri,
                    "url": urls.get(iri, "")} for iri in iris), key=lambda s: s["text"])
