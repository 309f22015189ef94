"""The production HTTP front: Granian (a Rust HTTP/1.1 server) running the Flask app through its WSGI interface.

Measured on this 2-core machine (``python -m bench.http_front``): a trivial Flask view answers several times more
requests a second under Granian than under waitress, whose Python event loop and thread hand-offs cost more than
the view itself. Granian parses HTTP in Rust and calls the app from ``threads`` blocking threads of one worker
process; the app, its one writable store and its query workers live in that worker. This process supervises it:
SIGTERM or SIGINT stop the worker, which then closes the store.

The CLI checks the store (and loads the bundle) first, then replaces itself (``exec``) with ``python -m
policy_kg.http_server FD``, a supervisor that imports Granian and this module only. Otherwise the CLI's imports
(rdflib, the loaders, the search index: 35 MB) and the store it opened would stay resident for the life of the
server, and the worker could not be forked: RocksDB keeps process-wide background threads once a store has been
opened, and a forked child inheriting their locks hung on its first checkpoint. Forked from the lean supervisor
(Granian's default on Linux), the worker needs no ``spawn`` re-import of the main module and no resource-tracker
process: 240 → 169 MB for a fresh server on the 1M-triple store (``bench/RESULTS.md``). The settings travel
through the inherited in-memory file ``FD``, not the command line, which ``ps`` shows to every user of the
machine: they hold the write tokens.

Body limits stay with the app (``web/body_limit.py``): 413 from the Content-Length header before any body is read,
and a chunked body read at most one byte past the limit.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from functools import partial
from multiprocessing.util import Finalize
from typing import Any, Mapping

from .errors import PolicyKGError
from .settings import Settings


def build_app(settings: Mapping[str, Any]) -> Any:
    """Create the app in Granian's worker process; a start-up error ends the worker with a one-line message."""
    from .web import create_app

    try:
        app = create_app(Settings(settings))
    except PolicyKGError as exc:
        print(f"policy-kg: error: {exc.message}", file=sys.stderr)
        raise SystemExit(2) from None
    # A forked multiprocessing child ends with os._exit, which skips atexit; multiprocessing's own finalizers run.
    Finalize(app, app.extensions["policy_kg"].close, exitpriority=10)
    return app


def serve(settings: Settings) -> None:
    """Become the supervisor (same process id, so signals and process groups still reach it) serving ``settings``."""
    handed = os.memfd_create("policy-kg-settings", 0)  # an in-memory file: no pipe buffer to fill before exec
    os.write(handed, json.dumps(dict(settings)).encode("utf-8"))
    os.lseek(handed, 0, os.SEEK_SET)
    os.set_inheritable(handed, True)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", "policy_kg.http_server", str(handed)])


def supervise(settings: Settings) -> None:
    """Serve the app on ``settings['host']:settings['port']`` until SIGTERM or SIGINT."""
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server

    multiprocessing.set_start_method("fork", force=True)  # this process never opened the store (see above)
    server = Server(
        "policy_kg.web:create_app",  # names the app in Granian's process title; build_app below makes it
        address=settings["host"],
        port=settings["port"],
        interface=Interfaces.WSGI,
        workers=1,
        blocking_threads=settings["threads"],
        log_level=LogLevels.error,
        workers_kill_timeout=30,
    )
    server.serve(target_loader=partial(build_app, dict(settings)), wrap_loader=False)


def settings_from_fd(fd: int) -> Settings:
    """The settings ``serve`` wrote to the file ``fd`` (JSON lists back to the tuples the table holds)."""
    with os.fdopen(fd, "r", encoding="utf-8") as handed:
        values = json.load(handed)
    return Settings({name: tuple(value) if isinstance(value, list) else value for name, value in values.items()})


if __name__ == "__main__":
    from policy_kg.http_server import settings_from_fd as _settings_from_fd, supervise as _supervise

    _supervise(_settings_from_fd(int(sys.argv[1])))
