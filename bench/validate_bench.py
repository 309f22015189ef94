"""Validation time of a realistic submission (issue "Validating": a 10k-triple submission in under 2 s).

Generates N tasks of the 6 rõ form (11 triples each, linking agencies, programmes and goals already in the
store) into a fresh store of the bundled data, then times ``policy_kg.validation.validate`` per engine.

    .venv/bin/python bench/validate_bench.py [--triples 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from policy_kg.formats import RDF_FORMATS, by_name
from policy_kg.service import PolicyKG
from policy_kg.settings import Settings
from policy_kg.validation import validate
from policy_kg.validation.engine import turbo_available
from policy_kg.vocab import POL

BASE = "https://w3id.org/policy-kg/"
NQUADS = by_name("nquads", RDF_FORMATS)
AGENCIES = ["so-giao-duc-va-dao-tao-ha-noi", "so-y-te-ha-noi", "so-tai-chinh-ha-noi", "so-xay-dung-ha-noi"]


def submission(triples: int) -> Graph:
    graph = Graph()
    programme = URIRef(BASE + "eli/vn-hn/tu/ctr/xviii/05")
    for n in range(triples // 11):
        task = URIRef(f"{BASE}id/task/bench-{n}")
        graph.add((task, RDF.type, POL.Task))
        graph.add((task, RDFS.label, Literal(f"Nhiệm vụ thử {n}", lang="vi")))
        graph.add((task, RDFS.label, Literal(f"Bench task {n}", lang="en")))
        graph.add((task, DCTERMS.description, Literal(f"Thực hiện nhiệm vụ thử số {n} của chương trình.", lang="vi")))
        graph.add((task, POL.taskOf, programme))
        graph.add((task, POL.leadAgency, URIRef(BASE + "id/agency/" + AGENCIES[n % 4])))
        graph.add((task, POL.coordinatingAgency, URIRef(BASE + "id/agency/" + AGENCIES[(n + 1) % 4])))
        graph.add((task, POL.approvingAuthority, URIRef(BASE + "id/agency/ubnd-ha-noi")))
        graph.add((task, POL.deadline, Literal(f"{2026 + n % 5}-{1 + n % 12:02d}", datatype=XSD.gYearMonth)))
        graph.add((task, POL.deliverable, Literal(f"Báo cáo số {n}", lang="vi")))
        graph.add((task, PROV.wasDerivedFrom, programme))
    return graph


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--triples", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = submission(args.triples)
    with tempfile.TemporaryDirectory() as tmp:
        kg = PolicyKG(Settings.resolve({"store": str(Path(tmp) / "store")}, environ={}), workers=False)
        try:
            print(f"submission: {len(data)} triples; store: {len(kg.backend.dump(NQUADS).splitlines())} quads")
            for engine in ["pyshacl"] + (["turbo"] if turbo_available() else []):
                times = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    report = validate(data, kg, engine=engine)
                    times.append(time.perf_counter() - start)
                print(f"{engine:8s} conforms={report.conforms} results={len(report.results)} "
                      f"median {statistics.median(times):.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)})")
        finally:
            kg.close()


if __name__ == "__main__":
    main()
