"""The production HTTP front: Granian (a Rust HTTP/1.1 server) running the Flask app through its WSGI interface.

Measured on this 2-core machine (``python -m bench.http_front``): a trivial Flask view answers several times more
requests a second under Granian than under waitress, whose Python event loop and thread hand-offs cost more than
the view itself. Granian parses HTTP in Rust and calls the app from ``threads`` blocking threads of one worker
process; the app, its one writable store and its query workers live in that worker. This process supervises it:
SIGTERM or SIGINT stop the worker, which then closes the store.

The worker is started with ``spawn``, not ``fork``: RocksDB keeps process-wide background threads once a store has
been opened (the CLI opens it to load the bundle and report errors before serving), and a forked child inheriting
their locks hangs on its first checkpoint.

Body limits stay with the app (``body_limit.py``): 413 from the Content-Length header before any body is read, and
a chunked body read at most one byte past the limit.
"""

from __future__ import annotations

import atexit
import multiprocessing
import sys
from functools import partial
from typing import Any, Mapping

from ..errors import PolicyKGError
from ..settings import Settings


def build_app(settings: Mapping[str, Any]) -> Any:
    """Create the app in Granian's worker process; a start-up error ends the worker with a one-line message."""
    from . import create_app

    try:
        app = create_app(Settings(settings))
    except PolicyKGError as exc:
        print(f"policy-kg: error: {exc.message}", file=sys.stderr)
        raise SystemExit(2) from None
    atexit.register(app.extensions["policy_kg"].close)
    return app


def serve(settings: Settings) -> None:
    """Serve the app on ``settings['host']:settings['port']`` until SIGTERM or SIGINT."""
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server

    multiprocessing.set_start_method("spawn", force=True)
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
