"""Folding Vietnamese text for matching: diacritic-, case- and Unicode-form-insensitive.

``fold`` is the one definition used everywhere: in the search index (``index.py``), in search and reconciliation
queries, and inside SPARQL as the extension function ``pol:fold`` (``FOLD_FUNCTION``, registered on every query
by ``store/embedded.execute``). Steps: Unicode NFD (so precomposed and decomposed input are the same), drop the
combining marks (tones and vowel hats), đ/Đ → d, lower case, the Telex doubled letters dd, aa, ee, oo → one
letter (so "ddoong" finds "Đông"), whitespace runs → one space.
"""

from __future__ import annotations

import re
import unicodedata

import pyoxigraph as ox

FOLD_FUNCTION = "https://w3id.org/policy-kg/ontology#fold"
"""The IRI of the SPARQL extension function: ``<https://w3id.org/policy-kg/ontology#fold>(?label)``."""

_TELEX_DOUBLES = re.compile(r"([adeo])\1+")
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Fold ``text`` for matching: "Giáo DỤC", "giao duc" and "giáo dục" (NFC or NFD) all give "giao duc"."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    lowered = stripped.replace("đ", "d").replace("Đ", "d").lower()
    return _SPACE.sub(" ", _TELEX_DOUBLES.sub(r"\1", lowered)).strip()


def tokens(text: str) -> list[str]:
    """The folded words and numbers of ``text`` ("72-NQ/TW" → ["72", "nq", "tw"])."""
    return folded_tokens(fold(text))


def folded_tokens(folded: str) -> list[str]:
    """The words and numbers of a text ``fold`` has already folded (``fold`` is idempotent, so no second pass)."""
    return _TOKEN.findall(folded)


def fold_term(term: object) -> ox.Literal | None:
    """``pol:fold`` in SPARQL: a literal's folded lexical form as a plain string; unbound for IRIs and blank nodes."""
    if isinstance(term, ox.Literal):
        return ox.Literal(fold(term.value))
    return None


def custom_functions() -> dict[ox.NamedNode, object]:
    """The extension functions every query gets (``pyoxigraph.Store.query(custom_functions=...)``)."""
    return {ox.NamedNode(FOLD_FUNCTION): fold_term}
