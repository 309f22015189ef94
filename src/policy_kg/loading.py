"""Loading RDF files into a backend: one named graph per file, idempotent, all-or-nothing per file.

Each load refreshes the inferences and the search index of the graphs it wrote (``reasoning/upkeep.py``).

Also the first-run load of the bundled ontology, shapes and data into an empty store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from .bundle import bundled_files, rebase
from .errors import ParseError
from .formats import Format, rdf_format_for_path
from .reasoning.upkeep import maintained
from .store import Backend
from .store.embedded import parse_quads


def default_graph_for(path: Path, base_iri: str) -> str:
    """Files loaded without ``--graph`` go to ``{base}graph/file/{stem}``."""
    return f"{base_iri}graph/file/{path.stem}"


def read_rdf_file(path: Path, fmt: Format | None = None) -> tuple[bytes, Format]:
    fmt = fmt or rdf_format_for_path(path)
    try:
        return path.read_bytes(), fmt
    except OSError as exc:
        raise ParseError(f"{path}: {exc.strerror or exc}") from None


def load_files(
    backend: Backend,
    paths: Iterable[Path],
    graph: str | None,
    base_iri: str,
    fmt: Format | None = None,
    progress: Callable[[Path, int], None] | None = None,
    stages: dict[str, float] | None = None,
) -> int:
    """Parse every file first (nothing is written if one fails), then replace each target graph with its file.

    With ``graph`` given, all files go to that one graph together; otherwise each file to its own graph.
    Returns the number of triples loaded; ``stages`` receives the seconds of each step (``upkeep.maintained``).
    """
    parsed = [(path, *read_rdf_file(path, fmt)) for path in paths]
    if len(parsed) > 1:
        for path, data, file_format in parsed:
            parse_quads(data, file_format, graph or "urn:check", path.resolve().as_uri(), source=str(path))
    if graph is not None:
        scope: list[str | None] | None = [graph]
    elif any(file_format.datasets for _, _, file_format in parsed):
        scope = None  # a TriG or N-Quads file names its own graphs
    else:
        scope = [default_graph_for(path, base_iri) for path, _, _ in parsed]
    with maintained(backend, base_iri, scope, stages):
        return _write_files(backend, parsed, graph, base_iri, progress)


def _write_files(backend: Backend, parsed: list, graph: str | None, base_iri: str,
                 progress: Callable[[Path, int], None] | None) -> int:
    total = 0
    if graph is not None and len(parsed) > 1:
        backend.drop_graph(graph)
        for path, data, file_format in parsed:
            count = backend.add_to_graph(graph, data, file_format, base_iri=path.resolve().as_uri(), source=str(path))
            total += count
            if progress:
                progress(path, count)
        return total
    for path, data, file_format in parsed:
        target = graph if graph is not None else (None if file_format.datasets else default_graph_for(path, base_iri))
        count = backend.replace_graph(target, data, file_format, base_iri=path.resolve().as_uri(), source=str(path))
        total += count
        if progress:
            progress(path, count)
    return total


def load_bundle(backend: Backend, base_iri: str) -> int:
    """Load the bundled ontology, shapes and data, each file into its own graph; return the triple count."""
    total = 0
    with maintained(backend, base_iri, None):
        for bundled in bundled_files():
            text = rebase(bundled.path.read_text(encoding="utf-8"), base_iri)
            data, fmt = text.encode("utf-8"), rdf_format_for_path(bundled.path)
            total += backend.replace_graph(bundled.graph_iri(base_iri), data, fmt, base_iri=None)
    return total


def ensure_bundle(backend: Backend, settings) -> int:
    """On an empty store (and with ``load_bundle`` on), load the bundle; return the triples loaded (0 if not)."""
    if settings["load_bundle"] and backend.is_empty():
        return load_bundle(backend, settings["base_iri"])
    return 0
