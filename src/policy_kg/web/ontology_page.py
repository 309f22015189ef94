"""The ontology's documentation page and its RDF: classes and properties of ``pol:`` with their labels and comments
in Vietnamese and English, super classes, domains, ranges and inverses, read from the ontology graphs.
"""

from __future__ import annotations

from .labels import ONTOLOGY, compact, fetch_labels, local_path, select

PREFIXES = ("PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "PREFIX dct: <http://purl.org/dc/terms/> ")
KINDS = (("classes", "owl:Class"), ("object_properties", "owl:ObjectProperty"),
         ("datatype_properties", "owl:DatatypeProperty"))
RELATIONS = (("subclass_of", "rdfs:subClassOf"), ("domain", "rdfs:domain"), ("range", "rdfs:range"),
             ("inverse", "owl:inverseOf"))


def ontology_construct(base_iri: str, graphs: list[str]) -> str:
    """Every triple of the ontology graphs (``{base}graph/ontology/*`` among ``graphs``), each graph named: a FILTER
    on ``?g`` made oxigraph read every quad (6 s at 1M triples)."""
    names = " ".join(f"<{g}>" for g in graphs if g.startswith(f"{base_iri}graph/ontology/"))
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {names} }} GRAPH ?g {{ ?s ?p ?o }} }}"


def _text(rows, prop: str, lang: str) -> list[tuple[str, str]]:
    """(language, text) pairs of one annotation, the page language first."""
    found = sorted({(r["v"].lang, r["v"].value) for r in rows if r["p"].value.endswith(prop)},
                   key=lambda pair: (pair[0] != lang, pair[0]))
    return found


def ontology_terms(kg, lang: str) -> dict:
    """The ontology header (title, description, version) and its terms, grouped by kind, sorted by label."""
    base = kg.settings["base_iri"]
    head = select(kg, PREFIXES + f"SELECT ?p ?v WHERE {{ <{ONTOLOGY}> ?p ?v "
                  "VALUES ?p { dct:title dct:description owl:versionInfo } }")
    terms = select(kg, PREFIXES + f"SELECT DISTINCT ?term ?kind WHERE {{ ?term a ?kind "
                   "VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty } "
                   f'FILTER(STRSTARTS(STR(?term), "{ONTOLOGY}#")) }}')
    annotations = select(kg, PREFIXES + "SELECT ?term ?p ?v WHERE { ?term ?p ?v "
                         "VALUES ?p { rdfs:label rdfs:comment rdfs:subClassOf rdfs:domain rdfs:range owl:inverseOf } "
                         f'FILTER(STRSTARTS(STR(?term), "{ONTOLOGY}#")) }}')
    by_term: dict[str, list] = {}
    for row in annotations:
        by_term.setdefault(row["term"].value, []).append(row)
    targets = {row["v"].value for row in annotations if row["v"].is_iri}
    labels = fetch_labels(kg, targets | {row["term"].value for row in terms}, lang)
    grouped: dict[str, list[dict]] = {kind: [] for kind, _ in KINDS}
    for row in terms:
        iri = row["term"].value
        kind = next(name for name, curie in KINDS if compact(row["kind"].value) == curie)
        rows = by_term.get(iri, [])
        relations = []
        for name, curie in RELATIONS:
            values = [r["v"].value for r in rows if compact(r["p"].value) == curie and r["v"].is_iri]
            if values:
                relations.append((name, [{"text": labels.get(v, compact(v)), "href": local_path(v, base) or v,
                                          "curie": compact(v)} for v in sorted(values)]))
        grouped[kind].append({"iri": iri, "curie": compact(iri), "anchor": iri.rsplit("#", 1)[-1],
                              "label": labels.get(iri, compact(iri)), "labels": _text(rows, "#label", lang),
                              "comments": _text(rows, "#comment", lang), "relations": relations})
    for items in grouped.values():
        items.sort(key=lambda item: item["curie"].casefold())
    pick = {compact(r["p"].value): r["v"].value for r in sorted(head, key=lambda r: r["v"].lang == lang)}
    return {"title": pick.get("dct:title", ONTOLOGY), "description": pick.get("dct:description", ""),
            "version": pick.get("owl:versionInfo", ""), "kinds": [(name, grouped[name]) for name, _ in KINDS]}
