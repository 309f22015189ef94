"""Refuse hostile input before pyoxigraph sees it: nesting too deep for its recursive parsers, XML entity bombs.

pyoxigraph parses SPARQL, JSON-LD and RDF/XML with recursion on the thread's stack: a query of a few thousand
nested ``{`` or ``(`` (or a JSON-LD document of 10 000 nested objects) overflows it and the process dies with
SIGSEGV. Its RDF/XML parser expands internal entities without a bound (XML 1.0 §4.1, §4.4.5): nine nested levels
of ten references ("billion laughs") make a 1 KB body grow to 3 GB. Both are refused here with HTTP 400:

* nesting deeper than ``MAX_NESTING`` brackets, braces or elements (strings, IRIs and comments are skipped);
* RDF/XML entity declarations that are external (``SYSTEM``/``PUBLIC``), parameter entities, recursive, or
  whose expansion in the document would exceed ``MAX_EXPANSION_FACTOR`` times the body plus ``EXPANSION_SLACK``
  bytes. Plain namespace abbreviations (``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``, as Protégé writes)
  stay accepted.
"""

from __future__ import annotations

import operator
import re
from itertools import accumulate, count

from .errors import InputError

MAX_NESTING = 256
MAX_EXPANSION_FACTOR = 4
EXPANSION_SLACK = 1_000_000

_STRINGS = (
    r"""\#[^\n\r]*+|'''(?:[^'\\]++|\\.|'(?!''))*+'''|\"\"\"(?:[^"\\]++|\\.|"(?!""))*+\"\"\""""
    r"""|'(?:[^'\\\n\r]++|\\.)*+'|"(?:[^"\\\n\r]++|\\.)*+"|<[^<>"{}|^`\\\x00-\x20]*+>"""
)
_SPARQL_TOKENS = re.compile(_STRINGS + r"|[{(\[]|[})\]]", re.DOTALL)
_TURTLE_TOKENS = re.compile(_STRINGS.encode() + rb"|[{(\[]|[})\]]", re.DOTALL)
_JSON_STRINGS = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_TURTLE_STRINGS = re.compile(_STRINGS.encode(), re.DOTALL)
_XML_INERT = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!(?:[^>\[]|\[[^\]]*\])*>|<[^>]*/>", re.DOTALL)
_XML_CLOSE = re.compile(rb"</[^>]*>")
_XML_OPEN = re.compile(rb"<[^>]*>")
_ENTITY_DECL = re.compile(rb"<!ENTITY\s+(%\s*)?([^\s%\"']+)\s+(?:\"([^\"]*)\"|'([^']*)'|(SYSTEM|PUBLIC)\b)")
_ENTITY_REF = re.compile(rb"&([A-Za-z_:][\w.:-]*);")
_PREDEFINED = {b"amp", b"lt", b"gt", b"quot", b"apos"}


def check_sparql_nesting(text: str, what: str = "query") -> None:
    """Refuse a SPARQL text whose groups, brackets or parentheses nest deeper than ``MAX_NESTING``."""
    depth = deepest = 0
    for match in _SPARQL_TOKENS.finditer(text):
        token = match.group()
        if token in "{([" and len(token) == 1:
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_NESTING:
                raise InputError(f"the {what} nests braces, brackets or parentheses more than {MAX_NESTING} levels "
                                 f"deep / câu truy vấn lồng nhau quá {MAX_NESTING} mức")
        elif token in "})]" and len(token) == 1:
            depth -= 1


def _max_depth(text: bytes, opening: bytes, closing: bytes) -> int:
    """Deepest nesting of ``opening``/``closing`` bytes in ``text`` (computed with C-level bytes operations)."""
    brackets = text.translate(None, bytes(set(range(256)) - set(opening + closing)))
    if len(brackets) <= MAX_NESTING:
        return len(brackets)
    steps = brackets.translate(bytes.maketrans(opening + closing, b"\x02" * len(opening) + b"\x00" * len(closing)))
    return max(map(operator.sub, accumulate(steps), count(1)))


def _nesting(data: bytes, fmt_name: str) -> int:
    if fmt_name == "jsonld":
        return _max_depth(_JSON_STRINGS.sub(b"", data), b"{[", b"}]")
    if fmt_name in ("turtle", "trig"):
        return _max_depth(_TURTLE_STRINGS.sub(b"", data), b"{([", b"})]")
    if fmt_name == "rdfxml":
        if data.count(b"<") <= MAX_NESTING:
            return 0
        tags = _XML_INERT.sub(b"", data.replace(b"\x01", b"").replace(b"\x02", b""))
        return _max_depth(_XML_OPEN.sub(b"\x02", _XML_CLOSE.sub(b"\x01", tags)), b"\x02", b"\x01")
    return 0


def _entity_expansion(data: bytes) -> int:
    """Bytes the document's entity references expand to; raises on external, parameter or recursive entities."""
    declared = _ENTITY_DECL.findall(data)
    if len(declared) != data.count(b"<!ENTITY"):
        raise InputError("the RDF/XML body has an entity declaration that cannot be checked; entities are limited "
                         "to simple internal text / khai báo thực thể XML không được chấp nhận")
    values: dict[bytes, bytes] = {}
    for parameter, name, double, single, external in declared:
        if parameter or external:
            raise InputError("RDF/XML external or parameter entities are refused (no document is fetched) / "
                             "không chấp nhận thực thể XML bên ngoài")
        values[name] = double or single
    sizes: dict[bytes, int] = {}

    def size(name: bytes, seen: tuple[bytes, ...]) -> int:
        if name in _PREDEFINED or name not in values:
            return 1
        if name in seen:
            raise InputError(f"the RDF/XML entity {name.decode(errors='replace')} refers to itself / thực thể XML đệ quy")
        if name not in sizes:
            value = values[name]
            sizes[name] = len(value) + sum(size(ref, seen + (name,)) - len(ref) - 2 for ref in _ENTITY_REF.findall(value))
        return sizes[name]

    body = data[data.rfind(b"]>") + 2:] if b"]>" in data else data
    return sum(size(ref, ()) for ref in _ENTITY_REF.findall(body))


def check_rdf_body(data: bytes, fmt_name: str, source: str = "body") -> None:
    """Refuse an RDF body (format by its short name in ``formats.RDF_FORMATS``) that would exhaust the parser."""
    if _nesting(data, fmt_name) > MAX_NESTING:
        raise InputError(f"{source}: the document nests more than {MAX_NESTING} levels deep / "
                         f"tài liệu lồng nhau quá {MAX_NESTING} mức")
    if fmt_name == "rdfxml" and b"<!ENTITY" in data:
        limit = MAX_EXPANSION_FACTOR * len(data) + EXPANSION_SLACK
        if _entity_expansion(data) > limit:
            raise InputError(f"{source}: the RDF/XML entities expand to more than {limit} bytes (an entity bomb) / "
                             "thực thể XML mở rộng quá giới hạn")
