"""Backends: the interface (``base``), the embedded pyoxigraph store, query workers with hard deadlines."""

from .base import Backend, QueryDataset, QueryRequest
from .results import QueryResult

__all__ = ["Backend", "QueryDataset", "QueryRequest", "QueryResult", "open_backend"]


def open_backend(settings) -> Backend:
    """The backend the settings name: the external SPARQL store at ``store_url`` when set, else the embedded store."""
    if settings.get("store_url"):
        from .remote import RemoteStore

        return RemoteStore.from_settings(settings)
    from .embedded import EmbeddedStore

    return EmbeddedStore(settings["store"])
