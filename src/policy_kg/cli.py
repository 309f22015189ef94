"""The ``policy-kg`` command: serve, load, query, export, stats, check.

Every command takes the settings it uses as flags (from the one table in ``settings.py``); errors print one line
``error: ...`` and exit 2, never a traceback. ``check`` exits 0 consistent, 1 inconsistent, 2 could not run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable

import click

from .errors import InputError, PolicyKGError
from .formats import RDF_FORMATS, RESULT_FORMATS, by_name
from .loading import ensure_bundle, load_files
from .settings import BY_NAME, Settings
from .store import Backend, QueryRequest, open_backend


class Group(click.Group):
    """A click group that turns project errors into ``error: message`` and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PolicyKGError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)
        except OSError as exc:
            click.echo(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True)
            ctx.exit(2)


def setting_options(*names: str) -> Callable:
    """Add one ``--flag`` per named setting, with the table's help text."""

    def decorate(command: Callable) -> Callable:
        for name in reversed(names):
            setting = BY_NAME[name]
            command = click.option(
                setting.flag, name, default=None, help=f"{setting.help} [env {setting.env}]"
            )(command)
        return command

    return decorate


def resolve(**explicit: Any) -> Settings:
    return Settings.resolve({k: v for k, v in explicit.items() if k in BY_NAME})


def open_store(settings: Settings) -> Backend:
    backend = open_backend(settings)
    loaded = ensure_bundle(backend, settings)
    if loaded:
        click.echo(f"loaded the bundled ontology, shapes and data ({loaded} triples) into {settings['store']}", err=True)
    return backend


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policy-kg")
def main() -> None:
    """policy-kg: a knowledge graph of public policy, its store and its SPARQL server."""


@main.command()
@setting_options(*(s for s in BY_NAME if s != "load_bundle"))
def serve(**options: Any) -> None:
    """Serve SPARQL and the pages over HTTP with a production WSGI server (waitress)."""
    import waitress

    from .web import create_app

    settings = resolve(**options)
    app = create_app(settings)
    click.echo(f"policy-kg serving {settings['store']} at http://{settings['host']}:{settings['port']}/sparql", err=True)
    try:
        waitress.serve(app, host=settings["host"], port=settings["port"], threads=settings["threads"], ident="policy-kg")
    finally:
        app.extensions["policy_kg"].close()


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--graph", help="Named graph IRI to load into (default: one graph per file, {base}graph/file/{stem}).")
@click.option("--format", "format_name", help="RDF format, when the extension does not say (turtle, ntriples, jsonld, rdfxml, trig, nquads).")
@setting_options("store", "base_iri")
def load(files: tuple[Path, ...], graph: str | None, format_name: str | None, **options: Any) -> None:
    """Load RDF FILES; re-loading a file replaces its graph, so loading is idempotent."""
    settings = resolve(**options)
    fmt = by_name(format_name, RDF_FORMATS) if format_name else None
    for path in files:
        if not path.is_file():
            raise InputError(f"{path}: no such file")
    backend = open_store(settings)
    if sys.stderr.isatty():
        sizes = sum(path.stat().st_size for path in files)
        with click.progressbar(length=sizes, label="loading", file=sys.stderr) as bar:
            total = load_files(backend, files, graph, settings["base_iri"], fmt,
                               progress=lambda path, _: bar.update(path.stat().st_size))
    else:
        total = load_files(backend, files, graph, settings["base_iri"], fmt)
    backend.close()
    click.echo(f"loaded {total} triples from {len(files)} file(s)")


@main.command()
@click.argument("query")
@click.option("--format", "format_name", default="table", type=click.Choice(["table", "csv", "tsv", "json", "xml"]), show_default=True)
@setting_options("store", "base_iri", "max_result_rows")
def query(query: str, format_name: str, **options: Any) -> None:
    """Run a SPARQL QUERY (text, or a file holding it); CONSTRUCT and DESCRIBE print Turtle."""
    settings = resolve(**options)
    text = Path(query).read_text(encoding="utf-8") if Path(query).is_file() else query
    backend = open_store(settings)
    results_format = by_name("json" if format_name == "table" else format_name, RESULT_FORMATS)
    result = backend.query(QueryRequest(text, results_format, max_rows=settings["max_result_rows"]))
    if format_name == "table" and result.kind != "graph":
        click.echo(render_table(json.loads(result.body)))
    else:
        click.echo(result.body.decode("utf-8"), nl=False)


def render_table(payload: dict) -> str:
    """A plain-text table of SPARQL JSON results (or the boolean of an ASK)."""
    if "boolean" in payload:
        return "true" if payload["boolean"] else "false"
    names = payload["head"]["vars"]
    rows = [[row.get(name, {}).get("value", "") for name in names] for row in payload["results"]["bindings"]]
    widths = [max([len(name)] + [len(row[i]) for row in rows]) for i, name in enumerate(names)]
    line = lambda cells: "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(names), line(["-" * w for w in widths])] + [line(row) for row in rows] + [f"({len(rows)} rows)"])


@main.command()
@click.option("--format", "format_name", default="nquads", type=click.Choice(["nquads", "trig", "turtle", "ntriples"]), show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write (default: standard output).")
@setting_options("store", "base_iri")
def export(format_name: str, output: Path | None, **options: Any) -> None:
    """Export the whole store (N-Quads and TriG keep the named graphs; Turtle and N-Triples merge them)."""
    backend = open_store(resolve(**options))
    data = backend.dump(by_name(format_name, RDF_FORMATS))
    if output:
        output.write_bytes(data)
        click.echo(f"wrote {len(data)} bytes to {output}", err=True)
    else:
        sys.stdout.buffer.write(data)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@setting_options("store", "base_iri")
def stats(as_json: bool, **options: Any) -> None:
    """Triples per named graph and instances per class."""
    from .statistics import store_statistics

    numbers = store_statistics(open_store(resolve(**options)))
    if as_json:
        click.echo(json.dumps(numbers, indent=2, ensure_ascii=False))
        return
    click.echo(render_table(_as_results(["graph", "triples"], numbers["graphs"])))
    click.echo()
    click.echo(render_table(_as_results(["class", "instances"], numbers["classes"])))


def _as_results(names: list[str], rows: list[dict]) -> dict:
    return {"head": {"vars": names}, "results": {"bindings": [{n: {"value": str(r[n])} for n in names} for r in rows]}}


@main.command()
@setting_options("store", "base_iri")
def check(**options: Any) -> None:
    """Check ontology plus data for OWL consistency with HermiT (exit 0 consistent, 1 inconsistent, 2 error)."""
    from .reasoning.consistency import check_store

    report = check_store(open_store(resolve(**options)))
    click.echo(report.text())
    sys.exit(0 if report.consistent else 1)


if __name__ == "__main__":
    main()
