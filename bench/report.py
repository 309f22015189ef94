"""The Markdown report of one run (``bench/RESULTS.md``): machine, versions, command, tables, targets.

Rounds are combined per query and server as: throughput = all completed requests / all measured seconds;
p50 and p99 = the median over rounds of each round's p50 and p99; errors = the sum over rounds.
"""

from __future__ import annotations

import statistics
from pathlib import Path

SERVERS = (("pk-embedded", "policy-kg (embedded)"), ("pk-oxigraph", "policy-kg on oxigraph serve"),
           ("oxigraph", "oxigraph serve"), ("rdflib", "rdflib-endpoint"))
BASELINE = "oxigraph"
TARGETS = {"heavy": 0.95, "point": 0.3, "cached": 1.0, "rdflib_point": 3.0, "load_tps": 150_000,
           "validation_s": 2.0, "rss_mb": 400}


def servers_of(report: dict) -> list[tuple[str, str]]:
    """The (name, label) of each server the run included, in the table order."""
    peers = report.get("peers", [name for name, _ in SERVERS])
    return [(name, label) for name, label in SERVERS if name in peers]


def combine(rounds: list[dict]) -> dict:
    seconds = sum(r["seconds"] for r in rounds)
    p50s = [r["p50_ms"] for r in rounds if r["p50_ms"] is not None]
    p99s = [r["p99_ms"] for r in rounds if r["p99_ms"] is not None]
    return {"throughput": sum(r["requests"] for r in rounds) / seconds if seconds else 0.0,
            "p50_ms": statistics.median(p50s) if p50s else None, "p99_ms": statistics.median(p99s) if p99s else None,
            "errors": sum(r["errors"] for r in rounds), "requests": sum(r["requests"] for r in rounds),
            "rounds": len(rounds), "loadavg": statistics.mean(r.get("loadavg", 0) for r in rounds)}


def combined(report: dict, phase: str) -> dict[str, dict[str, dict]]:
    return {query: {server: combine(rounds) for server, rounds in per_server.items()}
            for query, per_server in report["phases"].get(phase, {}).items()}


def _ms(value) -> str:
    return "–" if value is None else (f"{value:.1f}" if value < 100 else f"{value:.0f}")


def _ratio(table: dict, server: str, against: str = BASELINE) -> float | None:
    if server not in table or against not in table or not table[against]["throughput"]:
        return None
    return table[server]["throughput"] / table[against]["throughput"]


def _fmt_ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def phase_table(report: dict, phase: str) -> list[str]:
    tables = combined(report, phase)
    kinds = {q["name"]: q["kind"] for q in report["queries"]}
    servers = servers_of(report)
    compared = [(name, short) for name, short in (("pk-embedded", "embedded"), ("pk-oxigraph", "on-oxigraph"),
                                                  ("rdflib", "rdflib")) if name in dict(servers)]
    head = "| query | kind | " + " | ".join(f"{label} req/s · p50 · p99 ms · err" for _, label in servers)
    head += " | " + " | ".join(f"{short} ÷ oxigraph" for _, short in compared) + " |"
    lines = [head, "|" + "---|" * (2 + len(servers) + len(compared))]
    for query, table in tables.items():
        cells = []
        for server, _ in servers:
            row = table.get(server)
            if row is None:
                first = report["first_runs"].get(phase, {}).get(query, {}).get(server, {})
                why = f"sat out: first run {first['seconds']:.1f} s" if first.get("seconds") else "not run"
                cells.append(why if first.get("status") in (200, None) or first.get("seconds") else f"not run (HTTP {first.get('status')})")
                continue
            cells.append(f"{row['throughput']:.1f} · {_ms(row['p50_ms'])} · {_ms(row['p99_ms'])} · {row['errors']}")
        ratios = [_fmt_ratio(_ratio(table, name)) for name, _ in compared]
        lines.append(f"| {query} | {kinds.get(query, '')} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    return lines


def first_run_table(report: dict, phase: str) -> list[str]:
    runs = report["first_runs"].get(phase, {})
    servers = servers_of(report)
    lines = ["| query | " + " | ".join(f"{label} ms (rows)" for _, label in servers) + " | same rows |",
             "|" + "---|" * (len(servers) + 2)]
    for query, per_server in runs.items():
        cells, counts = [], set()
        for server, _ in servers:
            run = per_server.get(server, {})
            if run.get("status") == 200:
                cells.append(f"{run['seconds'] * 1000:.0f} ({run['rows']})")
                counts.add(run["rows"])
            else:
                cells.append(f"failed (HTTP {run.get('status')})")
        lines.append(f"| {query} | " + " | ".join(cells) + f" | {'yes' if len(counts) == 1 else 'NO'} |")
    return lines


def target_lines(report: dict) -> list[str]:
    lines = []
    kinds = {q["name"]: q["kind"] for q in report["queries"]}
    for phase, name in (("cold", "cold (policy-kg cache off)"), ("cached", "repeated (policy-kg cache on, warm)")):
        for query, table in combined(report, phase).items():
            for server in ("pk-embedded", "pk-oxigraph"):
                ratio = _ratio(table, server)
                if ratio is None:
                    continue
                goal = TARGETS["cached"] if phase == "cached" else TARGETS[kinds[query]]
                lines.append(f"| {name} | {query} ({kinds[query]}) | {server} ÷ oxigraph | ≥ {goal}× | "
                             f"{ratio:.2f}× | {'met' if ratio >= goal else 'MISSED'} |")
            if phase == "cold" and kinds[query] == "point" and _ratio(table, "pk-embedded", "rdflib") is not None:
                ratio = _ratio(table, "pk-embedded", "rdflib")
                lines.append(f"| {name} | {query} (point) | pk-embedded ÷ rdflib-endpoint | ≥ 3× | {ratio:.2f}× | "
                             f"{'met' if ratio >= TARGETS['rdflib_point'] else 'MISSED'} |")
    load = report["load"]
    pk_tps = load["triples"] / load["policy_kg_seconds"]
    lines.append(f"| load | {load['triples']} triples | policy-kg load | ≥ 150000 triples/s | {pk_tps:,.0f} | "
                 f"{'met' if pk_tps >= TARGETS['load_tps'] else 'MISSED'} |")
    validation = report["extras"].get("validation", {})
    if validation.get("measured"):
        value = validation["median_seconds"]
        lines.append(f"| validation | {validation['triples']} triples | POST /validate | ≤ 2 s | {value:.2f} s | "
                     f"{'met' if value <= TARGETS['validation_s'] else 'MISSED'} |")
    measured = {phase: values["pk-embedded"] for phase, values in report["rss"].items() if "pk-embedded" in values}
    if measured:
        phase, largest = max(measured.items(), key=lambda item: item[1])
        mb = largest / 2**20
        lines.append(f"| memory | largest after any phase ({phase}) | pk-embedded RSS (server + workers) | ≤ 400 MB | "
                     f"{mb:.0f} MB | {'met' if mb <= TARGETS['rss_mb'] else 'MISSED'} |")
    return ["| phase | what | ratio | target | measured | |", "|---|---|---|---|---|---|"] + lines


def other_lines(report: dict) -> list[str]:
    load = report["load"]
    lines = ["| measurement | value |", "|---|---|",
             f"| `policy-kg load` of {load['triples']:,} triples (parse, write, inferred and search graphs) | "
             f"{load['policy_kg_seconds']:.1f} s = {load['triples'] / load['policy_kg_seconds']:,.0f} triples/s |",
             f"| `oxigraph load` of the same file | {load['oxigraph_seconds']:.1f} s = "
             f"{load['triples'] / load['oxigraph_seconds']:,.0f} triples/s |"]
    stages = load.get("policy_kg_stages") or {}
    if "write" in stages:
        steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in stages.items())
        lines.append(f"| `policy-kg load`, by step (as it prints them) | {steps}; the write alone "
                     f"{load['triples'] / max(stages['write'], 0.001):,.0f} triples/s |")
    for server, label in servers_of(report):
        startup = report["startup"].get(server)
        if isinstance(startup, dict):
            startup = ", ".join(f"{phase} {value:.1f} s" for phase, value in startup.items())
        elif startup is not None:
            startup = f"{startup:.1f} s"
        lines.append(f"| {label}: start-up to first answer | {startup or '–'} |")
        for key, what in (("rss", "RSS"), ("pss", "PSS (shared pages counted once)")):
            memory = ", ".join(f"{phase} {values[server] / 2**20:.0f} MB"
                               for phase, values in report.get(key, {}).items() if server in values)
            lines.append(f"| {label}: {what}, process tree, after each phase | {memory or '–'} |")
    extras = report["extras"]
    for key, label in (("search", "`GET /search` (pk-embedded)"), ("validation", "`POST /validate`, 10k triples (pk-embedded)"),
                       ("inference", "inference refresh (`refresh_inferences`) on the loaded store"),
                       ("search_index", "search-index rebuild (`refresh_search_index`)")):
        item = extras.get(key)
        if not item:
            lines.append(f"| {label} | not measured |")
        elif not item.get("measured"):
            lines.append(f"| {label} | not measured: {item['reason']} |")
        elif key == "search":
            lines.append(f"| {label} | first {item['first_seconds']:.2f} s; then p50 {_ms(item['p50_ms'])} ms, "
                         f"p99 {_ms(item['p99_ms'])} ms over {item['requests']} requests, {item['errors']} errors |")
        elif key == "validation":
            lines.append(f"| {label} | median {item['median_seconds']:.2f} s over {len(item['seconds'])} runs "
                         f"(HTTP {sorted(set(item['statuses']))}) |")
        else:
            lines.append(f"| {label} | {item['seconds']:.1f} s ({item['triples']:,} triples) |")
    return lines


def render(report: dict) -> str:
    m, v, args = report["machine"], report["versions"], report["args"]
    parts = [
        "# Benchmark results", "",
        f"Synthetic data ({report['manifest']['triples']:,} triples from `bench/generate.py`, seed "
        f"{report['manifest']['seed']}; {report['dump_quads']:,} quads served once the bundled graphs, the inferred "
        "graph and the search keys are added). Not real policy data.", "",
        f"- Machine: {m['nproc']} cores, {m['cpu']}, {m['memory_gb']} GB RAM, Linux {m['kernel']}, Python {m['python']}",
        "- Versions: " + ", ".join(f"{k} {val}" for k, val in v.items()),
        f"- Command: `{report['command']}` (driver {args['driver']}, {args['connections']} connections, "
        f"{args['rounds']} rounds × {args['duration']} s per query and server, servers interleaved in rotating order)",
        "- Servers: " + ", ".join(label for _, label in servers_of(report)),
        f"- Total time {report['seconds'] / 60:.1f} min.", "",
    ]
    for phase, title in (("cold", "Cold: policy-kg's result cache off"), ("cached", "Repeated: policy-kg's result cache on and warm")):
        if phase in report["phases"]:
            parts += [f"## {title}", "", *phase_table(report, phase), ""]
    parts += [
        "## First run of each query (cold phase) and row counts", "", *first_run_table(report, "cold"), "",
        "## Load, start-up, memory, search, validation, inference", "", *other_lines(report), "",
        "## Targets", "", *target_lines(report), "",
    ]
    return "\n".join(parts)


def write_report(report: dict, path: Path) -> str:
    markdown = render(report)
    path.write_text(markdown, encoding="utf-8")
    return markdown
