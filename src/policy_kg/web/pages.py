"""Linked-data pages: every resource IRI under the base resolves here ("Cool URIs for the Semantic Web", W3C Note
§4.3, 303-free hash-less variant: the path itself is served with content negotiation).

``/eli/...``, ``/id/...`` and ``/graph/...`` describe ``{base_iri}eli/...`` and so on; ``/ontology`` the ontology.
``text/html`` gets a page, the RDF formats of ``formats.RDF_FORMATS`` the description (``?format=`` overrides
Accept, for downloads). Also the home page, the published JSON-LD context, the cascade SVG and the "6 rõ" view.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, has_request_context, render_template, request, url_for

from ..clarities import CLARITIES, clarity_select
from ..errors import InputError, NotFound
from ..formats import RDF_FORMATS, Format, accepts_html, negotiate
from . import i18n
from .cascade import BOX_HEIGHT, BOX_WIDTH, COLUMNS, GAP, build
from .describe import VISIBLE, construct, describe, exists, rdf_bytes
from .labels import ONTOLOGY, compact, expand, fetch_labels, local_path, select
from .ontology_page import ontology_construct, ontology_terms
from .query_examples import examples

bp = Blueprint("pages", __name__)

RESOLUTION, PROGRAMME = expand("pol:Resolution"), expand("pol:ActionProgramme")


def kg():
    return current_app.extensions["policy_kg"]


@bp.app_context_processor
def page_globals() -> dict:
    if not has_request_context():
        return {}
    lang = i18n.current_language()
    return {"t": i18n.text, "lang": lang, "lang_url": _lang_url, "examples": examples(kg().settings["base_iri"], lang),
            "compact": compact}


bp.after_app_request(i18n.remember)


def _lang_url(code: str) -> str:
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"] + [("lang", code)]
    return request.path + "?" + urlencode(args)


def _representation() -> Format | None:
    """The RDF format to send, or None for the HTML page."""
    explicit = (request.args.get("format") or "").lower()
    if explicit:
        if explicit == "html":
            return None
        for fmt in RDF_FORMATS:
            if explicit in (fmt.name, fmt.media_type) or "." + explicit in fmt.extensions:
                return fmt
        names = ", ".join(["html"] + [fmt.name for fmt in RDF_FORMATS])
        raise InputError(f"unknown format {explicit!r}; use one of {names}")
    accept = request.headers.get("Accept")
    if not accept or accepts_html(accept):
        return None
    return negotiate(accept, RDF_FORMATS)


def _rdf_response(sparql: str, fmt: Format, name: str) -> Response:
    context_url = url_for("pages.jsonld_context", _external=True)
    body = rdf_bytes(kg(), sparql, fmt, context_url)
    textual = not fmt.media_type.startswith("application/octet")
    response = Response(body, content_type=f"{fmt.media_type}; charset=utf-8" if textual else fmt.media_type)
    response.headers["Content-Disposition"] = f'inline; filename="{name}{fmt.extensions[0]}"'
    return _negotiated(response)


def _negotiated(response: Response) -> Response:
    response.vary.add("Accept")
    links = [f'<{request.path}?format={fmt.name}>; rel="alternate"; type="{fmt.media_type}"' for fmt in RDF_FORMATS]
    response.headers["Link"] = ", ".join([f'<{request.path}>; rel="alternate"; type="text/html"'] + links)
    return response


def _html(template: str, **values) -> Response:
    return _negotiated(Response(render_template(template, **values), mimetype="text/html"))


def downloads(path: str) -> list[dict]:
    return [{"name": fmt.name, "media_type": fmt.media_type, "href": f"{path}?format={fmt.name}",
             "file": path.rstrip("/").rsplit("/", 1)[-1] + fmt.extensions[0]} for fmt in RDF_FORMATS]


@bp.route("/")
def home() -> Response:
    lang = i18n.current_language()
    service = kg()
    base = service.settings["base_iri"]
    prefixes = ("PREFIX pol: <https://w3id.org/policy-kg/ontology#> PREFIX eli: <http://data.europa.eu/eli/ontology#> "
                "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ")
    classes = [expand(f"pol:{name}") for name in ("Resolution", "ActionProgramme", "Goal", "Target", "Task", "Agency", "Source")]
    counted = select(service, prefixes + "SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE { VALUES ?class { "
                     + " ".join(f"<{c}>" for c in classes) + " } ?x a/rdfs:subClassOf* ?class } GROUP BY ?class")
    triples = select(service, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o {VISIBLE} }}")[0]["n"].value
    documents = select(service, prefixes + "SELECT ?res ?number ?prog WHERE { ?res a pol:Resolution "
                       "OPTIONAL { ?res eli:number ?number } "
                       "OPTIONAL { ?prog eli:ensures_implementation_of|^eli:implementation_ensured_by ?res } }")
    sectors = select(service, prefixes + f"SELECT ?sector (COUNT(DISTINCT ?doc) AS ?n) WHERE {{ ?sector skos:inScheme "
                     f"<{base}id/scheme/sector> OPTIONAL {{ ?doc eli:is_about ?sector }} }} GROUP BY ?sector")
    iris = classes + [r["res"].value for r in documents] + [r["prog"].value for r in documents if "prog" in r]
    labels = fetch_labels(service, iris + [r["sector"].value for r in sectors], lang)
    resolutions: dict[str, dict] = {}
    for row in documents:
        iri = row["res"].value
        entry = resolutions.setdefault(iri, {"label": labels.get(iri, iri), "href": local_path(iri, base),
                                             "number": row["number"].value if "number" in row else "", "programmes": []})
        if "prog" in row:
            prog = row["prog"].value
            entry["programmes"].append({"label": labels.get(prog, prog), "href": local_path(prog, base) or prog})
    counts = {row["class"].value: int(row["n"].value) for row in counted}
    return _html(
        "home.html",
        counts=[(labels.get(c, compact(c)), counts.get(c, 0), local_path(c, base)) for c in classes],
        triples=int(triples),
        resolutions=sorted(resolutions.values(), key=lambda r: (not r["programmes"], r["number"] or r["label"])),
        sectors=sorted(({"label": labels.get(r["sector"].value, r["sector"].value), "count": int(r["n"].value),
                         "href": local_path(r["sector"].value, base)} for r in sectors), key=lambda s: (-s["count"], s["label"])),
        endpoint=url_for("sparql.endpoint", _external=True),
        dump=url_for("graph_store.graph_store", format="turtle"),
    )


@bp.route("/eli/<path:rest>")
@bp.route("/id/<path:rest>")
@bp.route("/graph/<path:rest>")
def resource(rest: str) -> Response:
    service = kg()
    kind = request.path.split("/")[1]
    iri = service.settings["base_iri"] + kind + "/" + rest
    fmt = _representation()
    if kind == "graph" and (not exists(service, iri) or service.backend.graph_exists(iri)):
        return _graph(iri, fmt)
    if fmt is not None:
        if not exists(service, iri):
            raise NotFound(f"no resource {iri} in this dataset / không có tài nguyên này trong dữ liệu")
        return _rdf_response(construct(iri), fmt, rest.rsplit("/", 1)[-1])
    lang = i18n.current_language()
    page = describe(service, iri, lang)
    cascade = _cascade(iri, page["type_iris"], lang)
    clarities = _clarities(iri, lang) if PROGRAMME in page["type_iris"] else None
    return _html("entity.html", page=page, downloads=downloads(request.path), cascade=cascade, clarities=clarities,
                 cascade_href=url_for("pages.cascade_svg", rest=f"{kind}/{rest}.svg") if cascade else "",
                 clarities_href=url_for("pages.clarities", rest=f"{kind}/{rest}") if clarities is not None else "")


def _graph(iri: str, fmt: Format | None) -> Response:
    service = kg()
    if not service.backend.ask(f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"):
        raise NotFound(f"no resource or graph {iri} in this dataset / không có tài nguyên hay đồ thị này")
    if fmt is not None:
        sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
        return _rdf_response(sparql, fmt, iri.rstrip("/").rsplit("/", 1)[-1])
    size = select(service, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")[0]["n"].value
    subjects = [r["s"].value for r in select(service, f"SELECT DISTINCT ?s WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} FILTER(isIRI(?s)) }} ORDER BY ?s LIMIT 1000")]
    labels = fetch_labels(service, subjects, i18n.current_language())
    base = service.settings["base_iri"]
    items = [{"text": labels.get(s, compact(s)), "href": local_path(s, base) or s, "iri": s} for s in subjects]
    return _html("graph.html", iri=iri, size=int(size), items=items, downloads=downloads(request.path))


def _cascade(iri: str, types: set[str], lang: str, link_root: str = "") -> dict | None:
    if RESOLUTION not in types and PROGRAMME not in types:
        return None
    headers = [i18n.text(column, lang) for column in COLUMNS]
    drawing = build(kg(), iri, PROGRAMME in types, lang, i18n.text("not_stated", lang), headers, link_root)
    if drawing is None:
        return None
    labels = fetch_labels(kg(), [iri], lang)
    svg = render_template("cascade.svg", c=drawing, title=labels.get(iri, iri), box_width=BOX_WIDTH,
                          box_height=BOX_HEIGHT, gap=GAP)
    return {"svg": svg, "nodes": len(drawing.nodes)}


def _clarities(iri: str, lang: str) -> dict:
    service = kg()
    rows = select(service, clarity_select(iri))
    labels = fetch_labels(service, [r["task"].value for r in rows], lang)
    base = service.settings["base_iri"]
    tasks = []
    for row in rows:
        has = [row[c.id].value in ("true", "1") for c in CLARITIES]
        task = row["task"].value
        tasks.append({"label": labels.get(task, task), "href": local_path(task, base) or task, "has": has,
                      "missing": [c.label(lang) for c, ok in zip(CLARITIES, has) if not ok]})
    totals = [sum(task["has"][i] for task in tasks) for i in range(len(CLARITIES))]
    return {"clarities": [{"id": c.id, "label": c.label(lang), "needs": c.needs(lang)} for c in CLARITIES],
            "tasks": tasks, "totals": totals}


@bp.route("/cascade/<path:rest>")
def cascade_svg(rest: str) -> Response:
    if not rest.endswith(".svg") or rest.split("/")[0] not in ("eli", "id"):
        raise NotFound("the cascade is at /cascade/<resource path>.svg / hình chuỗi thực hiện ở /cascade/<đường dẫn>.svg")
    iri = kg().settings["base_iri"] + rest[: -len(".svg")]
    lang = i18n.current_language()
    page_types = {r["t"].value for r in select(kg(), f"SELECT DISTINCT ?t WHERE {{ <{iri}> a ?t }}")} if exists(kg(), iri) else set()
    drawing = _cascade(iri, page_types, lang, request.url_root.rstrip("/"))
    if drawing is None:
        raise NotFound(f"{iri} is not a resolution or programme with a cascade / không có chuỗi thực hiện cho tài nguyên này")
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + drawing["svg"]
    response = Response(body, content_type="image/svg+xml; charset=utf-8")
    response.headers["Content-Disposition"] = f'inline; filename="cascade-{rest.rsplit("/", 1)[-1]}"'
    response.vary.add("Accept-Language")
    return response


@bp.route("/clarities/<path:rest>")
def clarities(rest: str) -> Response:
    iri = kg().settings["base_iri"] + rest
    if not (rest.startswith("eli/") and kg().backend.ask(f"ASK {{ <{iri}> a <{PROGRAMME}> }}")):
        raise NotFound("the “6 rõ” view is for action programmes / bảng “6 rõ” chỉ dành cho chương trình hành động")
    lang = i18n.current_language()
    label = fetch_labels(kg(), [iri], lang).get(iri, iri)
    return _html("clarities.html", label=label, href="/" + rest, clarities=_clarities(iri, lang))


@bp.route("/ontology")
def ontology() -> Response:
    fmt = _representation()
    if fmt is not None:
        return _rdf_response(ontology_construct(kg().settings["base_iri"], kg().backend.named_graphs()), fmt, "ontology")
    lang = i18n.current_language()
    return _html("ontology.html", iri=ONTOLOGY, downloads=downloads("/ontology"), **ontology_terms(kg(), lang))


@bp.route("/context.jsonld")
def jsonld_context() -> Response:
    with current_app.open_resource("static/context.jsonld") as handle:
        body = handle.read()
    response = Response(body, content_type="application/ld+json; charset=utf-8")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
