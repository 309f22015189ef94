"""Build the stores every peer serves, timing the loads: one synthetic graph, one N-Quads dump, the same data everywhere.

``policy-kg load`` fills the embedded store (and computes the inferred and search-key graphs, as on any load);
``policy-kg export`` dumps the whole store to N-Quads; ``oxigraph load`` loads that dump for ``oxigraph serve``
(which ``policy-kg serve`` with ``POLICY_KG_STORE_URL`` also reads), and rdflib-endpoint parses it at start-up.
The load comparison is policy-kg load versus ``oxigraph load`` of the same synthetic N-Triples file.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .servers import VENV_BIN


@dataclass
class Prepared:
    pk_store: Path
    ox_store: Path
    dump: Path
    dump_quads: int
    pk_load_seconds: float
    ox_load_seconds: float
    pk_load_stages: dict[str, float]


def _run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    """Run ``command``; return its wall time in seconds and its standard output."""
    started = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-2000:]}")
    return time.perf_counter() - started, done.stdout


def load_stages(output: str) -> dict[str, float]:
    """The seconds per step that ``policy-kg load`` prints: "... in 77.1 s (write 8.2 s, inferences 34.0 s, ...)"."""
    steps = re.search(r"\(([^()]*)\)\s*$", output)
    return {name: float(seconds) for name, seconds in re.findall(r"([a-z][a-z ]*) ([\d.]+) s", steps.group(1))} if steps else {}


def _pk_env(store: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_KG_")}
    env["POLICY_KG_STORE"] = str(store)
    return env


def prepare(synthetic: Path, out: Path) -> Prepared:
    pk_store, ox_store, scratch = out / "pk-store", out / "ox-store", out / "ox-load-scratch"
    dump = out / "dump.nq"
    for path in (pk_store, ox_store, scratch, Path(str(pk_store) + "-snapshots")):
        shutil.rmtree(path, ignore_errors=True)
    policy_kg = str(VENV_BIN / "policy-kg")
    _run([policy_kg, "stats"], _pk_env(pk_store))  # the bundled ontology, shapes and data, not timed
    pk_seconds, pk_output = _run([policy_kg, "load", str(synthetic)], _pk_env(pk_store))
    _run([policy_kg, "export", "--format", "nquads", "-o", str(dump)], _pk_env(pk_store))
    oxigraph = str(VENV_BIN / "oxigraph")
    ox_seconds, _ = _run([oxigraph, "load", "--location", str(scratch), "--file", str(synthetic)])
    shutil.rmtree(scratch, ignore_errors=True)
    _run([oxigraph, "load", "--location", str(ox_store), "--file", str(dump)])
    with dump.open("rb") as handle:
        quads = sum(1 for _ in handle)
    return Prepared(pk_store, ox_store, dump, quads, pk_seconds, ox_seconds, load_stages(pk_output))
