"""Vietnamese-aware search: text folding (``folding``), the search index graph (``index``) and ranked queries
(``ranking``). Only ``folding`` is imported here, so the store can use it without an import cycle."""

from .folding import FOLD_FUNCTION, fold

__all__ = ["FOLD_FUNCTION", "fold"]
