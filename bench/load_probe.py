"""Time pyoxigraph's own load paths on one N-Triples file: ``python -m bench.load_probe FILE MODE``.

MODE is ``load`` (one transaction), ``bulk`` (bulk_load, not atomic), ``parse`` (parse only) or ``extend``
(Python quads then one ``Store.extend``, the path policy-kg used before). Each run writes a fresh store in a
temporary directory and prints seconds and triples per second.
"""

from __future__ import annotations

import sys
import tempfile
import time

import pyoxigraph as ox

GRAPH = ox.NamedNode("http://example.org/benchmark")


def probe(path: str, mode: str) -> tuple[float, int]:
    if mode == "parse":
        started = time.perf_counter()
        count = sum(1 for _ in ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES))
        return time.perf_counter() - started, count
    with tempfile.TemporaryDirectory() as directory:
        store = ox.Store(directory)
        started = time.perf_counter()
        if mode == "extend":
            store.extend([ox.Quad(q.subject, q.predicate, q.object, GRAPH)
                          for q in ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES)])
        elif mode == "load":
            store.load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=GRAPH)
        elif mode == "bulk":
            store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=GRAPH)
        else:
            raise SystemExit(f"unknown mode {mode!r}: load, bulk, parse or extend")
        store.flush()
        elapsed = time.perf_counter() - started
        count = sum(1 for _ in store.quads_for_pattern(None, None, None, GRAPH))
        del store
    return elapsed, count


def main() -> None:
    path, mode = sys.argv[1], sys.argv[2]
    seconds, count = probe(path, mode)
    print(f"{mode}: {count} triples in {seconds:.1f} s = {count / seconds:,.0f} triples/s")


if __name__ == "__main__":
    main()
