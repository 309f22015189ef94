"""Move a dataset between backends, graph by graph: ``policy-kg migrate --from <store> --to <store>``.

A store is a directory (the embedded store) or an http(s) address of a SPARQL 1.1 store (credentials may be in
the address, ``http://user:password@host:8890``; the other ``store_*`` settings apply to it). Each named graph is
read whole (N-Triples) and replaces the graph of the same name in the target in one atomic write, so an
interrupted migration leaves every target graph either as it was or complete. Blank nodes keep their identity
within a graph; one shared between two graphs becomes two blank nodes, one per graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable
from urllib.parse import urlsplit, urlunsplit, unquote

from .formats import RDF_FORMATS, by_name
from .settings import Settings
from .store import Backend, open_backend

NTRIPLES = by_name("ntriples", RDF_FORMATS)


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def settings_for(location: str, settings: Settings) -> Settings:
    """The settings that open ``location``: a store path, or a store URL (with its user and password, if given)."""
    resolved = Settings(settings)
    if not is_url(location):
        resolved.update(store=location, store_url="")
        return resolved
    parts = urlsplit(location)
    if parts.username:
        resolved.update(store_user=unquote(parts.username), store_password=unquote(parts.password or ""))
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "") if parts.hostname else ""
        location = urlunsplit(parts._replace(netloc=netloc))
    resolved.update(store_url=location, store_query_url="", store_update_url="", store_gsp_url="")
    return resolved


def open_location(location: str, settings: Settings) -> Backend:
    """Open the backend at ``location`` as it is: the bundle is not loaded into an empty store."""
    return open_backend(settings_for(location, settings))


@dataclass
class Migration:
    graphs: int = 0
    triples: int = 0


def graphs_to_move(source: Backend) -> list[str | None]:
    """The named graphs of ``source``, plus its default graph when it holds triples of its own."""
    graphs: list[str | None] = list(source.named_graphs())
    if source.serialize_graph(None, NTRIPLES).strip():
        graphs.insert(0, None)
    return graphs


def migrate(source: Backend, target: Backend, graphs: Iterable[str | None],
            progress: Callable[[str | None, int], None] | None = None) -> Migration:
    """Copy each of ``graphs`` from ``source`` to ``target``, replacing the target's graph of the same name."""
    done = Migration()
    for graph in graphs:
        data = source.serialize_graph(graph, NTRIPLES)
        count = target.replace_graph(graph, data, NTRIPLES, source=f"graph <{graph or 'default'}>")
        done.graphs += 1
        done.triples += count
        if progress:
            progress(graph, count)
    return done
