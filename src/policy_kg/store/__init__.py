"""Backends: the interface (``base``), the embedded pyoxigraph store, query workers with hard deadlines."""

from .base import Backend, QueryDataset, QueryRequest
from .results import QueryResult

__all__ = ["Backend", "QueryDataset", "QueryRequest", "QueryResult", "open_backend"]


def open_backend(settings) -> Backend:
    """The backend the settings name: the embedded store at ``settings["store"]``."""
    from .embedded import EmbeddedStore

    return EmbeddedStore(settings["store"])
