"""``POST /admin/backup``: a consistent backup of the running store, streamed as a tar archive (write token needed).

The server holds the RocksDB lock on its store, so an outside process cannot checkpoint it; this endpoint takes a
RocksDB checkpoint under the store's write lock (``policy_kg.backup.archive``) and streams ``manifest.json`` plus
``store/``. ``policy-kg backup DIR --server URL --token TOKEN`` calls it and unpacks the archive into ``DIR``.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app

from ..backup import archive
from .auth import require_writer

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.post("/backup")
def backup() -> Response:
    require_writer()
    chunks = archive(current_app.extensions["policy_kg"].backend)
    first = next(chunks)
    response = Response(_chain(first, chunks), mimetype="application/x-tar")
    response.headers["Content-Disposition"] = 'attachment; filename="policy-kg-backup.tar"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _chain(first: bytes, rest):
    yield first
    yield from rest
