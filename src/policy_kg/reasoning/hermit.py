"""Run HermiT (through owlready2) on a view graph: consistent or not, and the unsatisfiable classes.

owlready2 (https://owlready2.readthedocs.io/en/latest/reasoning.html) writes the ontology as N-Triples and runs
``org.semanticweb.HermiT.cli.CommandLine`` with Java; an inconsistent ontology raises
``OwlReadyInconsistentOntologyError``. Java is installed by ``scripts/setup-system.sh`` where it is missing.
Each run gets a fresh owlready2 ``World`` in memory; runs are serialised because owlready2 keeps global state.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from ..errors import ConfigError, StoreError

_LOCK = threading.Lock()
NOTHING = "http://www.w3.org/2002/07/owl#Nothing"


@dataclass(frozen=True)
class HermitResult:
    consistent: bool
    unsatisfiable: tuple[str, ...]
    seconds: float


def run_hermit(view: Graph) -> HermitResult:
    """Classify ``view`` with HermiT; return whether it is consistent and which named classes are unsatisfiable."""
    import owlready2

    if shutil.which(owlready2.JAVA_EXE) is None:
        raise ConfigError(
            "không tìm thấy Java để chạy HermiT; cài default-jre-headless (scripts/setup-system.sh) / "
            "Java was not found to run HermiT; install default-jre-headless (scripts/setup-system.sh)"
        )
    with _LOCK, tempfile.TemporaryDirectory(prefix="policy-kg-hermit-") as folder:
        path = Path(folder) / "view.nt"
        view.serialize(str(path), format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            world.get_ontology(path.as_uri()).load(format="ntriples")
            started = time.perf_counter()
            try:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
            except owlready2.OwlReadyInconsistentOntologyError:
                return HermitResult(False, (), time.perf_counter() - started)
            except owlready2.OwlReadyJavaError as exc:
                first = str(exc).strip().splitlines()[-1][:300] if str(exc).strip() else "?"
                raise StoreError(f"HermiT dừng với lỗi / HermiT failed: {first}") from None
            seconds = time.perf_counter() - started
            unsatisfiable = tuple(sorted(
                cls.iri for cls in world.inconsistent_classes() if getattr(cls, "iri", NOTHING) != NOTHING
            ))
            return HermitResult(True, unsatisfiable, seconds)
        finally:
            world.close()
