"""The one settings table: every setting's name, default and help.

It drives the CLI flags (``--store``, ``--query-timeout`` ...), the ``POLICY_KG_*`` environment variables and the
README's settings section (``tests/test_settings.py`` fails when a setting is undocumented).
Precedence, lowest first: default, environment, explicit values (CLI flags or ``create_app(config)``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from .errors import ConfigError

ENV_PREFIX = "POLICY_KG_"


def _default_store_path() -> str:
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(data_home) / "policy-kg" / "store")


def _as_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true or false, got {text!r}")


def _as_list(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(",") if item.strip())


@dataclass(frozen=True)
class Setting:
    """One row of the table: ``name`` is the snake_case key; the env variable is ``POLICY_KG_<NAME>``."""

    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


SETTINGS: tuple[Setting, ...] = (
    Setting("store", _default_store_path(), "Directory of the embedded pyoxigraph store on disk."),
    Setting("base_iri", "https://w3id.org/policy-kg/", "Base IRI of the dataset's resources (bundled data is rewritten to it on load)."),
    Setting("host", "127.0.0.1", "Address `serve` binds to."),
    Setting("port", 8000, "Port `serve` binds to.", int),
    Setting("threads", 8, "Request threads of the WSGI server.", int),
    Setting("query_timeout", 5.0, "Seconds a SPARQL query may run before it is stopped (HTTP 503 with the timeout error).", float),
    Setting("query_workers", 2, "Worker processes that run read queries in parallel (one per core is a good start).", int),
    Setting("query_worker_max_rss_mb", 0, "Resident memory, in MiB, past which a query worker is replaced by a fresh one after its answer (0: never). Bounds the memory the store's index and filter blocks take in each worker, at a cost: a fresh worker reads them again (see bench/RESULTS.md).", int),
    Setting("max_result_rows", 10000, "Most rows (or triples) a query result may hold; larger results are refused with 400 naming the cap.", int),
    Setting("max_query_bytes", 100_000, "Longest accepted SPARQL query or update text, in bytes.", int),
    Setting("max_body_bytes", 10_000_000, "Largest accepted request body, in bytes (HTTP 413 beyond it).", int),
    Setting("tokens", (), "Write tokens as comma-separated name:token pairs; none means the server is read-only.", _as_list),
    Setting("service_allowlist", (), "Comma-separated IRI prefixes that SPARQL SERVICE and LOAD may reach; empty refuses them all.", _as_list),
    Setting("cache_entries", 256, "Query results kept in the response cache until the next write (0 turns it off).", int),
    Setting("load_bundle", True, "Load the bundled ontology, shapes and data into an empty store on first use.", _as_bool),
    Setting("rate_limit_sparql", 1200, "SPARQL requests (/sparql) allowed per minute per anonymous client; beyond it HTTP 429 with Retry-After; a request with a valid write token is exempt (0 turns the limit off).", int),
    Setting("rate_limit_search", 1200, "Search and reconciliation requests (/search, /reconcile) allowed per minute per anonymous client; beyond it HTTP 429 with Retry-After (0 turns the limit off).", int),
    Setting("trusted_proxies", (), "Comma-separated addresses of reverse proxies whose X-Forwarded-For header names the client for the rate limits; empty: the socket's peer is the client.", _as_list),
    Setting("validate_rate", 30, "Dry-run validations (POST /validate) allowed per minute per client IP; beyond it HTTP 429 with Retry-After (0 turns the limit off).", int),
    Setting("shacl_engine", "auto", "SHACL engine: auto (pyshacl-turbo when installed, else pySHACL), turbo or pyshacl.", str),
    Setting("store_url", "", "Address of an external SPARQL 1.1 store (Virtuoso, Fuseki, GraphDB, oxigraph serve ...); set, it replaces the embedded store (see docs/backends.md)."),
    Setting("store_engine", "auto", "Kind of external store: auto (from its Server header), oxigraph, virtuoso, fuseki, graphdb or generic; decides the default endpoint paths and quirks."),
    Setting("store_query_url", "", "SPARQL Query endpoint of the external store (default: derived from store_url and store_engine)."),
    Setting("store_update_url", "", "SPARQL Update endpoint of the external store (default: derived from store_url and store_engine)."),
    Setting("store_gsp_url", "", "Graph Store Protocol endpoint of the external store (default: derived from store_url; 'none' reads and writes graphs with SPARQL only)."),
    Setting("store_user", "", "User name for the external store's update and graph store endpoints (empty: no authentication)."),
    Setting("store_password", "", "Password for store_user."),
    Setting("store_auth", "auto", "HTTP authentication scheme for store_user: basic, digest, or auto (digest for Virtuoso, basic otherwise)."),
    Setting("store_batch_triples", 5000, "Triples per request when writing a graph to an external store; larger graphs are staged and then moved in one update.", int),
    Setting("inference", True, "Queries see the materialised inferences (graph {base}graph/inferred) by default; a query's inference=false or inference=true overrides it.", _as_bool),
)

BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}


class Settings(dict[str, Any]):
    """Resolved settings; read them as ``settings["query_timeout"]``."""

    @classmethod
    def resolve(cls, explicit: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> "Settings":
        environ = os.environ if environ is None else environ
        resolved = cls({setting.name: setting.default for setting in SETTINGS})
        for setting in SETTINGS:
            if setting.env in environ:
                resolved[setting.name] = _parse(setting, environ[setting.env], setting.env)
        for name, value in (explicit or {}).items():
            if value is None:
                continue
            if name not in BY_NAME:
                raise ConfigError(f"unknown setting {name!r}")
            setting = BY_NAME[name]
            resolved[name] = _parse(setting, value, setting.flag) if isinstance(value, str) else value
        return resolved

    @property
    def token_names(self) -> dict[str, str]:
        """Map each write token to the name it was given (``name:token``)."""
        pairs: dict[str, str] = {}
        for entry in self["tokens"]:
            name, sep, token = entry.partition(":")
            if not sep or not name or not token:
                raise ConfigError(f"POLICY_KG_TOKENS entries are name:token pairs, got {entry!r}")
            pairs[token] = name
        return pairs


def _parse(setting: Setting, text: str, where: str) -> Any:
    try:
        return setting.parse(text)
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def settings_markdown() -> str:
    """The README's settings table, generated from ``SETTINGS``."""
    rows = ["| setting | environment | CLI flag | default | what it does |", "|---|---|---|---|---|"]
    for setting in SETTINGS:
        default = setting.default
        if setting.name == "store":
            default = "~/.local/share/policy-kg/store"
        elif isinstance(default, tuple):
            default = ",".join(default) or "(empty)"
        rows.append(f"| `{setting.name}` | `{setting.env}` | `{setting.flag}` | `{default}` | {setting.help} |")
    return "\n".join(rows)
