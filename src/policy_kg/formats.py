"""Media types and RDF formats in one table, and content negotiation over it (RFC 9110 §12.5.1).

Every endpoint and the CLI decide formats here: the SPARQL results formats (JSON, XML, CSV, TSV), the RDF
formats (Turtle, N-Triples, JSON-LD, RDF/XML, TriG, N-Quads), their short names for ``format=`` and ``--format``,
and file extensions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError, NotAcceptable, UnsupportedMediaType


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extensions: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    datasets: bool = False

    @property
    def rdf(self) -> ox.RdfFormat:
        return ox.RdfFormat.from_media_type(self.media_type)


RDF_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", (".ttl",), ("application/x-turtle",)),
    Format("ntriples", "application/n-triples", (".nt",), ("text/plain",)),
    Format("jsonld", "application/ld+json", (".jsonld", ".json-ld"), ("application/json",)),
    Format("rdfxml", "application/rdf+xml", (".rdf", ".owl", ".xml"), ("application/xml", "text/xml")),
    Format("trig", "application/trig", (".trig",), (), True),
    Format("nquads", "application/n-quads", (".nq",), (), True),
)

RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", (".srj", ".json"), ("application/json",)),
    Format("xml", "application/sparql-results+xml", (".srx",), ("application/xml", "text/xml")),
    Format("csv", "text/csv", (".csv",)),
    Format("tsv", "text/tab-separated-values", (".tsv",)),
)


def by_name(name: str, table: tuple[Format, ...]) -> Format:
    for fmt in table:
        if fmt.name == name.lower() or fmt.media_type == name.lower():
            return fmt
    known = ", ".join(fmt.name for fmt in table)
    raise NotAcceptable(f"unknown format {name!r}; known formats: {known}")


# ``format=`` values (ours and those SPARQLWrapper, YASGUI and Virtuoso clients send), per kind of result:
# (results format name, graph format name); None where the name says nothing for that kind.
FORMAT_PARAMETERS: dict[str, tuple[str | None, str | None]] = {
    "json": ("json", "jsonld"), "xml": ("xml", "rdfxml"), "csv": ("csv", None), "tsv": ("tsv", None),
    "turtle": (None, "turtle"), "ttl": (None, "turtle"), "n3": (None, "turtle"),
    "ntriples": (None, "ntriples"), "nt": (None, "ntriples"), "n-triples": (None, "ntriples"),
    "jsonld": (None, "jsonld"), "json-ld": (None, "jsonld"), "rdfxml": (None, "rdfxml"), "rdf+xml": (None, "rdfxml"),
    "trig": (None, "trig"), "nquads": (None, "nquads"), "n-quads": (None, "nquads"),
}


def formats_for_parameter(value: str) -> tuple[Format | None, Format | None]:
    """The (results, graph) formats a ``format=`` value asks for: a short name or a media type."""
    key = value.strip().lower()
    for table, index in ((RESULT_FORMATS, 0), (RDF_FORMATS, 1)):
        for fmt in table:
            if key == fmt.media_type:
                return (fmt, None) if index == 0 else (None, fmt)
    if key not in FORMAT_PARAMETERS:
        raise InputError(f"unknown format {value!r}; use one of {', '.join(FORMAT_PARAMETERS)} or a media type")
    results, graph = FORMAT_PARAMETERS[key]
    return (by_name(results, RESULT_FORMATS) if results else None, by_name(graph, RDF_FORMATS) if graph else None)


def rdf_format_for_path(path: str | Path) -> Format:
    """The RDF format of a file, from its extension."""
    suffix = Path(path).suffix.lower()
    for fmt in RDF_FORMATS:
        if suffix in fmt.extensions:
            return fmt
    known = " ".join(ext for fmt in RDF_FORMATS for ext in fmt.extensions)
    raise UnsupportedMediaType(f"{path}: unknown RDF file extension {suffix or '(none)'!r}; known: {known}")


def rdf_format_for_media_type(content_type: str | None, table: tuple[Format, ...] = RDF_FORMATS) -> Format:
    """The RDF format of a request body, from its Content-Type (parameters such as charset are ignored)."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    for fmt in table:
        if media_type == fmt.media_type or media_type in fmt.aliases:
            return fmt
    known = ", ".join(fmt.media_type for fmt in table)
    raise UnsupportedMediaType(f"unsupported media type {media_type or '(none)'!r}; send one of: {known}")


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """Parse an Accept header into (media range, q, position), dropping q=0 and malformed entries."""
    ranges: list[tuple[str, float, int]] = []
    for position, part in enumerate((header or "").split(",")):
        pieces = [piece.strip() for piece in part.split(";")]
        media_range = pieces[0].lower()
        if "/" not in media_range:
            continue
        quality = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranges.append((media_range, quality, position))
    return ranges


def _match_quality(media_range: str, fmt: Format) -> tuple[int, str] | None:
    """How specifically ``media_range`` names ``fmt``: 3 exact, 2 alias, 1 type/*, 0 */*."""
    if media_range == fmt.media_type:
        return 3, fmt.media_type
    if media_range in fmt.aliases:
        return 2, fmt.media_type
    major = fmt.media_type.split("/")[0]
    if media_range == f"{major}/*":
        return 1, fmt.media_type
    if media_range == "*/*":
        return 0, fmt.media_type
    return None


def negotiate(accept: str | None, table: tuple[Format, ...], default: Format | None = None) -> Format:
    """Pick the format of ``table`` the client prefers most; with no Accept header, ``default`` (or the first).

    Ties go to the more specific match, then to the order of the Accept header, then to the table's order,
    so ``text/turtle;q=0.9, */*;q=0.1`` gets Turtle and a bare ``*/*`` the default.
    """
    default = default or table[0]
    ranges = parse_accept(accept)
    if not accept or not accept.strip():
        return default
    best: tuple[float, int, int, int] | None = None
    chosen: Format | None = None
    for index, fmt in enumerate(table):
        for media_range, quality, position in ranges:
            match = _match_quality(media_range, fmt)
            if match is None:
                continue
            specificity = match[0]
            if specificity == 0 and fmt is not default:
                score = (quality, specificity, -position, -index - 100)
            else:
                score = (quality, specificity, -position, -index)
            if best is None or score > best:
                best, chosen = score, fmt
    if chosen is None:
        offered = ", ".join(fmt.media_type for fmt in table)
        raise NotAcceptable(f"none of the accepted media types is available; this resource offers: {offered}")
    return chosen


def accepts_html(accept: str | None) -> bool:
    """True when the client prefers HTML (a browser) over every RDF or results format."""
    ranges = parse_accept(accept)
    html = max((q for media_range, q, _ in ranges if media_range in ("text/html", "application/xhtml+xml")), default=0.0)
    others = max(
        (q for media_range, q, _ in ranges if media_range not in ("text/html", "application/xhtml+xml", "*/*")),
        default=0.0,
    )
    return html > 0 and html >= others
