"""Measure the reasoning costs: materialised-inference refresh and the HermiT gate.

Refresh (``reasoning.inference.refresh_inferences``) on the bundled data and on the bundled ontology plus a
synthetic graph (``bench/generate.py``); the HermiT whole-graph check on the bundled data; the per-submission gate
(``check_submission``) on the synthetic graph, where the whole-graph check would not finish.
Usage: ``python -m bench.inference_bench --size 1m`` (prints one JSON object).
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
from policy_kg.reasoning.consistency import check_store, check_submission
from policy_kg.reasoning.inference import refresh_inferences
from policy_kg.store.embedded import EmbeddedStore

from .generate import BASE, DATA_DIR, generate, parse_size

SUBMISSION = f"""
@prefix pol: <https://w3id.org/policy-kg/ontology#> .
<{BASE}id/task/bench-submission> a pol:Task ;
    pol:taskOf <{BASE}eli/vn-hn/tu/ctr/xviii/06> ;
    pol:leadAgency <{BASE}id/agency/so-y-te-ha-noi> .
"""


def _timed(call):
    started = time.perf_counter()
    value = call()
    return value, round(time.perf_counter() - started, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the inference refresh and the HermiT gate.")
    parser.add_argument("--size", default="1m", help="synthetic triples: 100k, 1m ...")
    args = parser.parse_args()
    size = parse_size(args.size)
    synthetic = DATA_DIR / f"synthetic-{args.size.lower()}.nt"
    if not synthetic.exists():
        generate(size, directory=DATA_DIR, name=args.size.lower())
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="policy-kg-bench-") as folder:
        store = EmbeddedStore(Path(folder) / "store")
        load_bundle(store, BASE)
        stats, seconds = _timed(lambda: refresh_inferences(store, BASE))
        results["bundled"] = {"inferred_triples": stats.total, "refresh_seconds": seconds}
        report, seconds = _timed(lambda: check_store(store))
        results["bundled"].update({"hermit_whole_graph_seconds": seconds, "hermit_reasoning_seconds": round(report.seconds, 3),
                                   "individuals": report.individuals, "consistent": report.consistent})
        submission = Graph().parse(data=SUBMISSION, format="turtle")
        report, seconds = _timed(lambda: check_submission(store, submission))
        results["bundled"]["submission_gate_seconds"] = seconds
        loaded, seconds = _timed(lambda: store.replace_graph(
            BASE + "graph/file/synthetic", synthetic.read_bytes(), by_name("ntriples", RDF_FORMATS)))
        results["synthetic"] = {"triples": loaded, "load_seconds": seconds}
        stats, seconds = _timed(lambda: refresh_inferences(store, BASE))
        results["synthetic"].update({"inferred_triples": stats.total, "refresh_seconds": seconds,
                                     "by_rule": {"property": stats.property_triples, "transitive": stats.transitive_triples,
                                                 "type": stats.type_triples}})
        report, seconds = _timed(lambda: check_submission(store, submission))
        results["synthetic"].update({"submission_gate_seconds": seconds, "submission_consistent": report.consistent,
                                     "neighbourhood_triples": report.triples})
        store.close()
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
