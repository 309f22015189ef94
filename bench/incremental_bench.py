"""Measure incremental inferences against a full refresh, and the HermiT gate, on a large store.

Steps, each timed: a full ``refresh_inferences``; adding a submission-sized source graph (``--submission``
triples of new tasks linked to synthetic programmes, agencies and resolutions) through ``maintained`` (its
local graph plus the closures it touches, without the search index); removing it; a scoped SPARQL Update; and
``check_submission`` (the HermiT gate) for one task. Uses ``--store DIR`` as is when given (a store already holding
the bundle and the synthetic graph, e.g. from ``policy-kg load``); otherwise builds one in a temporary directory.
Usage: ``python -m bench.incremental_bench --size 1m [--store DIR]`` (prints one JSON object).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from rdflib import Graph

from policy_kg.formats import RDF_FORMATS, by_name
from policy_kg.loading import load_bundle
from policy_kg.reasoning.consistency import check_submission
from policy_kg.reasoning.inference import refresh_graphs, refresh_inferences, snapshot
from policy_kg.store.embedded import EmbeddedStore
from policy_kg.update_scope import written_graphs

from .generate import BASE, DATA_DIR, generate, parse_size

NT = by_name("ntriples", RDF_FORMATS)
POL = "https://w3id.org/policy-kg/ontology#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def submission_ntriples(samples: dict, triples: int) -> bytes:
    """About ``triples`` triples: tasks of synthetic programmes, with their agencies and labels (8 triples a task)."""
    lines = []
    for index in range(max(1, triples // 8)):
        task = f"<{BASE}id/task/bench-incremental-{index}>"
        programme = samples["programme"][index % len(samples["programme"])]
        agency = samples["agency"][index % len(samples["agency"])]
        lines += [f"{task} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{POL}Task> .",
                  f"{task} <{POL}taskOf> <{programme}> .",
                  f"{task} <{POL}leadAgency> <{agency}> .",
                  f"{task} <{POL}coordinatingAgency> <{samples['agency'][(index + 1) % len(samples['agency'])]}> .",
                  f'{task} <{LABEL}> "Nhiệm vụ đo hiệu năng {index}"@vi .',
                  f'{task} <{LABEL}> "Benchmark task {index}"@en .',
                  f"{task} <{POL}approvingAuthority> <{samples['agency'][(index + 2) % len(samples['agency'])]}> .",
                  f'{task} <{POL}deliverable> "Báo cáo {index}"@vi .']
    return ("\n".join(lines) + "\n").encode("utf-8")


def _timed(call):
    started = time.perf_counter()
    value = call()
    return value, round(time.perf_counter() - started, 3)


def _incremental(store: EmbeddedStore, graphs: list[str], write_call) -> dict:
    """One write and the incremental refresh of ``graphs``, timed apart."""
    before, snap = _timed(lambda: snapshot(store, BASE, graphs))
    _, write = _timed(write_call)
    stats, refresh = _timed(lambda: refresh_graphs(store, BASE, before))
    return {"snapshot_seconds": snap, "write_seconds": write, "refresh_seconds": refresh,
            "local_triples": stats.property_triples + stats.type_triples, "transitive_changes": stats.transitive_triples}


def main() -> None:
    parser = argparse.ArgumentParser(description="Time incremental inferences and the HermiT gate on a large store.")
    parser.add_argument("--size", default="1m", help="synthetic triples: 100k, 1m ...")
    parser.add_argument("--store", type=Path, help="an existing store with the bundle and the synthetic graph")
    parser.add_argument("--submission", type=int, default=1000, help="triples in the submission graph")
    args = parser.parse_args()
    name = args.size.lower()
    synthetic = DATA_DIR / f"synthetic-{name}.nt"
    if not synthetic.exists():
        generate(parse_size(args.size), directory=DATA_DIR, name=name)
    samples = json.loads((DATA_DIR / f"synthetic-{name}.json").read_text(encoding="utf-8"))["samples"]
    with tempfile.TemporaryDirectory(prefix="policy-kg-bench-") as folder:
        if args.store:
            store = EmbeddedStore(args.store)
        else:
            store = EmbeddedStore(Path(folder) / "store")
            load_bundle(store, BASE)
            store.replace_graph(BASE + "graph/file/synthetic", synthetic.read_bytes(), NT)
        results: dict = {"store_quads": len(store.store)}
        stats, seconds = _timed(lambda: refresh_inferences(store, BASE))
        results["full_refresh"] = {"seconds": seconds, "property": stats.property_triples,
                                   "transitive": stats.transitive_triples, "type": stats.type_triples}
        graph = BASE + "graph/submission/bench-incremental"
        data = submission_ntriples(samples, args.submission)
        results["add_submission"] = {"triples": data.count(b"\n"),
                                     **_incremental(store, [graph], lambda: store.replace_graph(graph, data, NT))}
        results["remove_submission"] = _incremental(store, [graph], lambda: store.drop_graph(graph))
        update = (f"INSERT DATA {{ GRAPH <{BASE}graph/data/bench-update> {{ <{BASE}id/task/bench-update> "
                  f"<{POL}taskOf> <{samples['programme'][0]}> }} }}")
        targets, parse = _timed(lambda: written_graphs(update))
        results["sparql_update"] = {"scope_seconds": parse, "graphs": sorted(targets),
                                    **_incremental(store, sorted(targets), lambda: store.update(update))}
        task = Graph().parse(data=submission_ntriples(samples, 8), format="nt")
        report, seconds = _timed(lambda: check_submission(store, task))
        results["hermit_gate"] = {"seconds": seconds, "hermit_seconds": round(report.seconds, 3),
                                  "neighbourhood_triples": report.triples, "consistent": report.consistent}
        store.close()
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
