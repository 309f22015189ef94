"""``/reconcile``: the Reconciliation Service API 0.2 of the W3C Entity Reconciliation Community Group.

https://www.w3.org/community/reports/reconciliation/CG-FINAL-specs-0.2-20230410/ — the version OpenRefine 3.x
speaks. ``GET /reconcile`` is the service manifest (§3); ``queries=`` (GET or form POST) a batch of
reconciliation queries (§4); ``extend=`` a data extension request (§7.1); ``/reconcile/suggest/{entity,type,
property}`` the suggest services (§5); ``/reconcile/flyout/entity`` and ``/reconcile/preview`` the previews (§6);
``/reconcile/properties/propose`` property proposals (§7.2). JSONP (``callback=``) is answered for old clients.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Blueprint, Response, current_app, request
from markupsafe import Markup

from ..errors import InputError, NotFound
from ..search.index import POL_NS, ensure_fresh
from ..search.ranking import check_iri, describe
from ..search.reconcile import (
    ENTITY_TYPES,
    PROPERTY_BY_ID,
    extend,
    propose_properties,
    property_values,
    reconcile,
    suggest_entities,
    suggest_properties,
    suggest_types,
)

bp = Blueprint("reconcile", __name__, url_prefix="/reconcile")

_CALLBACK = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$.]{0,63}$")
MAX_BATCH = 100


def _service():
    return current_app.extensions["policy_kg"]


def _param(name: str) -> str | None:
    return request.form.get(name) if request.method == "POST" and name in request.form else request.args.get(name)


def _json_param(name: str) -> Any:
    try:
        return json.loads(_param(name) or "")
    except json.JSONDecodeError:
        raise InputError(f"the {name} parameter is not valid JSON / tham số {name} không phải JSON hợp lệ") from None


def _answer(payload: Any) -> Response:
    """JSON, or JSONP when a well-formed ``callback`` is given."""
    body = json.dumps(payload, ensure_ascii=False)
    callback = request.args.get("callback")
    if callback:
        if not _CALLBACK.match(callback):
            raise InputError("callback must be a JavaScript identifier / callback phải là tên hàm JavaScript")
        return Response(f"/**/{callback}({body});", mimetype="application/javascript")
    return Response(body, mimetype="application/json")


def _ready() -> tuple[Any, str]:
    """The service and base IRI, after bringing the changed graphs' search index up to date (``ensure_fresh``)."""
    service = _service()
    base = service.settings["base_iri"]
    ensure_fresh(service.backend, base)
    return service, base


def _root() -> str:
    public = _service().settings.get("public_url")
    return (public or request.url_root).rstrip("/")


def manifest() -> dict[str, Any]:
    """The service manifest (§3)."""
    root, base = _root(), _service().settings["base_iri"]
    return {
        "versions": ["0.2"],
        "name": "policy-kg: chính sách Việt Nam / Vietnamese public policy",
        "identifierSpace": base,
        "schemaSpace": POL_NS,
        "defaultTypes": [{"id": t.id, "name": t.name} for t in ENTITY_TYPES],
        "view": {"url": "{{id}}"},
        "preview": {"url": f"{root}/reconcile/preview?id={{{{id}}}}", "width": 400, "height": 160},
        "suggest": {
            kind: {"service_url": root, "service_path": f"/reconcile/suggest/{kind}",
                   **({"flyout_service_path": "/reconcile/flyout/entity?id=${id}"} if kind == "entity" else {})}
            for kind in ("entity", "type", "property")
        },
        "extend": {
            "propose_properties": {"service_url": root, "service_path": "/reconcile/properties/propose"},
            "property_settings": [],
        },
    }


@bp.route("", methods=["GET", "POST"])
@bp.route("/", methods=["GET", "POST"])
def endpoint() -> Response:
    if _param("queries") is not None:
        batch = _json_param("queries")
        if not isinstance(batch, dict) or len(batch) > MAX_BATCH:
            raise InputError(f"queries must be a JSON object of at most {MAX_BATCH} queries / queries phải là đối tượng JSON")
        service, base = _ready()
        return _answer({key: {"result": reconcile(service, query, base)} for key, query in batch.items()})
    if _param("extend") is not None:
        service, _ = _ready()
        return _answer(extend(service, _json_param("extend")))
    return _answer(manifest())


@bp.route("/suggest/entity")
def suggest_entity() -> Response:
    service, base = _ready()
    type_value = request.args.get("type") or None
    return _answer({"result": suggest_entities(service, request.args.get("prefix", ""), type_value, base)})


@bp.route("/suggest/type")
def suggest_type() -> Response:
    return _answer({"result": suggest_types(request.args.get("prefix", ""))})


@bp.route("/suggest/property")
def suggest_property() -> Response:
    return _answer({"result": suggest_properties(request.args.get("prefix", ""))})


@bp.route("/properties/propose")
def propose() -> Response:
    type_id = request.args.get("type", "")
    try:
        limit = int(request.args.get("limit", "10"))
    except ValueError:
        raise InputError("limit must be a whole number / limit phải là số nguyên") from None
    return _answer(propose_properties(type_id, max(1, min(limit, 50))))


def preview_html(entity: str) -> Markup:
    """A small bilingual card for ``entity`` (§6), every value escaped."""
    service, _ = _ready()
    info = describe(service, [entity])[entity]
    if not info["labels"] and not info["types"]:
        raise NotFound(f"no entity {entity} / không có thực thể {entity}")
    facts = []
    for pid in ("number", "date", "issuer", "parent"):
        prop = PROPERTY_BY_ID[pid]
        for value in property_values(service, [entity], prop)[entity]:
            facts.append(Markup("<dt>{}</dt><dd>{}</dd>").format(prop.name, value["label"] or value["value"]))
    names = Markup("").join(
        Markup('<p lang="{}"><strong>{}</strong></p>').format(lang, text) for lang, text in sorted(info["labels"].items())
    )
    types = ", ".join(t.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for t in info["types"])
    return Markup('<div class="policy-kg-preview" style="font:13px sans-serif">{}<p><small>{}</small></p>'
                  '<dl>{}</dl><p><small>{}</small></p></div>').format(names, types, Markup("").join(facts), entity)


def _entity_arg() -> str:
    entity = request.args.get("id", "")
    if not entity:
        raise InputError("the id parameter is required / cần tham số id")
    return check_iri(entity, "id")


@bp.route("/preview")
def preview() -> Response:
    page = Markup('<!doctype html><html><head><meta charset="utf-8"><title>{}</title></head><body>{}</body></html>')
    entity = _entity_arg()
    return Response(page.format(entity, preview_html(entity)), mimetype="text/html")


@bp.route("/flyout/entity")
def flyout() -> Response:
    entity = _entity_arg()
    return _answer({"id": entity, "html": str(preview_html(entity))})

