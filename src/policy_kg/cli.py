"""The ``policy-kg`` command: serve, load, query, export, stats, check.

Every command takes the settings it uses as flags (from the one table in ``settings.py``); errors print one line
``error: ...`` and exit 2, never a traceback. ``check`` exits 0 consistent, 1 inconsistent, 2 could not run.
"""

from __future__ import annotations

import json
import sys
import time
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
    """Serve SPARQL and the pages over HTTP (Granian, a production HTTP server, running the app's WSGI interface)."""
    from .http_server import serve as serve_http

    settings = resolve(**options)
    open_store(settings).close()
    click.echo(f"policy-kg serving {settings['store']} at http://{settings['host']}:{settings['port']}/sparql", err=True)
    serve_http(settings)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--graph", help="Named graph IRI to load into (default: one graph per file, {base}graph/file/{stem}).")
@click.option("--format", "format_name", help="RDF format, when the extension does not say (turtle, ntriples, jsonld, rdfxml, trig, nquads).")
@setting_options("store", "store_url", "base_iri")
def load(files: tuple[Path, ...], graph: str | None, format_name: str | None, **options: Any) -> None:
    """Load RDF FILES; re-loading a file replaces its graph, so loading is idempotent."""
    settings = resolve(**options)
    fmt = by_name(format_name, RDF_FORMATS) if format_name else None
    for path in files:
        if not path.is_file():
            raise InputError(f"{path}: no such file")
    backend = open_store(settings)
    stages: dict[str, float] = {}
    started = time.perf_counter()
    if sys.stderr.isatty():
        sizes = sum(path.stat().st_size for path in files)
        with click.progressbar(length=sizes, label="loading", file=sys.stderr) as bar:
            total = load_files(backend, files, graph, settings["base_iri"], fmt,
                               progress=lambda path, _: bar.update(path.stat().st_size), stages=stages)
    else:
        total = load_files(backend, files, graph, settings["base_iri"], fmt, stages=stages)
    backend.close()
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in stages.items())
    click.echo(f"loaded {total} triples from {len(files)} file(s) in {time.perf_counter() - started:.1f} s"
               + (f" ({steps})" if steps else ""))


@main.command()
@click.argument("query")
@click.option("--format", "format_name", default="table", type=click.Choice(["table", "csv", "tsv", "json", "xml"]), show_default=True)
@setting_options("store", "store_url", "base_iri", "max_result_rows")
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
@setting_options("store", "store_url", "base_iri")
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
@setting_options("store", "store_url", "base_iri")
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
@setting_options("store", "store_url", "base_iri")
def check(**options: Any) -> None:
    """Check ontology plus data for OWL consistency with HermiT (exit 0 consistent, 1 inconsistent, 2 error).

    First recomputes every inferred graph and the search index, which also repairs a refresh a crash interrupted.
    """
    from .reasoning.consistency import check_store
    from .reasoning.upkeep import refresh_everything

    settings = resolve(**options)
    backend = open_store(settings)
    refresh_everything(backend, settings["base_iri"])
    report = check_store(backend)
    click.echo(report.text())
    sys.exit(0 if report.consistent else 1)



def _validation_service(settings: Settings):
    """The CLI's service: the local store, no query workers (validate and submit run in this process)."""
    from .service import PolicyKG

    return PolicyKG(settings, backend=open_store(settings), workers=False)


def _echo_report(report, format_name: str, lang: str) -> None:
    if format_name == "json":
        click.echo(json.dumps(report.to_json(lang), indent=2, ensure_ascii=False))
    elif format_name == "turtle":
        click.echo(report.graph().serialize(format="turtle"), nl=False)
    else:
        click.echo(report.text(lang), nl=False)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "format_name", default="text", type=click.Choice(["text", "json", "turtle"]), show_default=True)
@click.option("--lang", default="vi", type=click.Choice(["vi", "en"]), show_default=True, help="Language of the messages.")
@setting_options("store", "store_url", "base_iri", "shacl_engine")
def validate(files: tuple[Path, ...], format_name: str, lang: str, **options: Any) -> None:
    """Validate FILES (RDF or the CSV task template) against the shapes, with the store as context.

    Exit 0 when the data conforms, 1 when it does not, 2 when validation could not run.
    """
    from .validation import validate as run_validation
    from .validation.ingest import read_files

    for path in files:
        if not path.is_file():
            raise InputError(f"{path}: no such file")
    service = _validation_service(resolve(**options))
    try:
        submission = read_files(list(files), service.settings["base_iri"], service)
        report = run_validation(submission.graph, service, lang)
    finally:
        service.close()
    _echo_report(report, format_name, lang)
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--name", required=True, help="Who submits (recorded as prov:wasAttributedTo).")
@click.option("--format", "format_name", default="text", type=click.Choice(["text", "json", "turtle"]), show_default=True)
@click.option("--lang", default="vi", type=click.Choice(["vi", "en"]), show_default=True, help="Language of the messages.")
@setting_options("store", "store_url", "base_iri", "shacl_engine")
def submit(file: Path, name: str, format_name: str, lang: str, **options: Any) -> None:
    """Submit FILE to the local store through the same path as POST /submissions.

    Exit 0 when it was stored (its IRI is printed), 1 when it was refused (the report says why), 2 on errors.
    """
    from .validation.ingest import read_files
    from .validation.submissions import get_submission
    from .validation.submissions import submit as run_submit

    if not file.is_file():
        raise InputError(f"{file}: no such file")
    service = _validation_service(resolve(**options))
    try:
        submission = read_files([file], service.settings["base_iri"], service)
        outcome = run_submit(service, submission, name, lang)
        record = get_submission(service, outcome.id)["record"] if outcome.stored else None
    finally:
        service.close()
    _echo_report(outcome.report, format_name, lang)
    if outcome.consistency is not None and not outcome.consistency.consistent:
        click.echo(outcome.consistency.text(), err=format_name != "text")
    if record:
        click.echo(f"stored / đã lưu: {record}", err=True)
    sys.exit(0 if outcome.stored else 1)


@main.command()
@click.option("--from", "source", required=True, help="Store to read: a directory (embedded store) or an http(s) URL of a SPARQL store.")
@click.option("--to", "target", required=True, help="Store to write: a directory or an http(s) URL (http://user:password@host/ for credentials).")
@setting_options("store_engine", "store_user", "store_password", "store_auth", "store_batch_triples")
def migrate(source: str, target: str, **options: Any) -> None:
    """Copy every graph from one store to another (each target graph replaced whole, atomically).

    Chuyển mọi đồ thị từ kho này sang kho khác (mỗi đồ thị đích được thay thế trọn vẹn, nguyên tử).
    """
    from .migrate import graphs_to_move, migrate as run_migrate, open_location

    settings = resolve(**options)
    if source.rstrip("/") == target.rstrip("/"):
        raise InputError("--from and --to name the same store / nguồn và đích là cùng một kho")
    origin = open_location(source, settings)
    destination = open_location(target, settings)
    try:
        graphs = graphs_to_move(origin)
        with click.progressbar(graphs, label="migrating / đang chuyển", file=sys.stderr,
                               item_show_func=lambda g: "" if g is None else str(g).rsplit("/", 1)[-1]) as bar:
            done = run_migrate(origin, destination, bar)
    finally:
        origin.close()
        destination.close()
    click.echo(f"migrated {done.triples} triples in {done.graphs} graph(s) / đã chuyển {done.triples} bộ ba trong {done.graphs} đồ thị")


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--server", help="Address of a running policy-kg server (http://host:port): it takes the checkpoint (POST /admin/backup).")
@click.option("--token", envvar="POLICY_KG_TOKEN", help="A write token of that server [env POLICY_KG_TOKEN].")
@setting_options("store")
def backup(directory: Path, server: str | None, token: str | None, **options: Any) -> None:
    """Back up the store into the new DIRECTORY: a RocksDB checkpoint plus manifest.json.

    Sao lưu kho vào thư mục mới DIRECTORY. While a server is running, pass --server and --token.
    """
    from .backup import backup_stopped_store, extract

    if server:
        import requests

        if not token:
            raise InputError("--server needs --token (a write token of that server) / cần --token")
        try:
            with requests.post(server.rstrip("/") + "/admin/backup", headers={"Authorization": f"Bearer {token}"},
                               stream=True, timeout=(10, 600)) as answer:
                if answer.status_code != 200:
                    raise InputError(f"the server refused the backup: HTTP {answer.status_code} {answer.text.strip()[:300]}")
                answer.raw.decode_content = True
                manifest = extract(answer.raw, directory)
        except requests.RequestException as exc:
            raise InputError(f"cannot reach {server}: {exc}") from None
    else:
        manifest = backup_stopped_store(Path(resolve(**options)["store"]), directory)
    click.echo(f"backed up {manifest['quads']} quads in {manifest['named_graphs']} named graph(s) to {directory} "
               f"/ đã sao lưu {manifest['quads']} bộ bốn vào {directory}")


@main.command()
@click.argument("directory", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--force", is_flag=True, help="Replace an existing store (it is moved aside, not deleted).")
@setting_options("store")
def restore(directory: Path, force: bool, **options: Any) -> None:
    """Restore the backup in DIRECTORY into the store path (no server may be using it).

    Khôi phục bản sao lưu trong DIRECTORY vào kho (máy chủ phải dừng).
    """
    from .backup import restore as run_restore

    store_path = Path(resolve(**options)["store"])
    manifest, previous = run_restore(directory, store_path, force)
    if previous is not None:
        click.echo(f"the previous store was moved to {previous} / kho cũ được chuyển sang {previous}", err=True)
    click.echo(f"restored {manifest['quads']} quads in {manifest['named_graphs']} named graph(s) into {store_path} "
               f"/ đã khôi phục {manifest['quads']} bộ bốn vào {store_path}")


if __name__ == "__main__":
    main()
