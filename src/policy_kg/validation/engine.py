"""The SHACL engines behind one interface (SHACL 1.0 §3 "Validation and graphs").

``run_shacl(data, shapes)`` validates a data graph against a shapes graph and returns ``(conforms, report graph)``,
the standard ``sh:ValidationReport``. Two engines implement it: pySHACL (the reference Python implementation) and
pyshacl-turbo (the same API, executed in Rust). ``turbo`` is used when it is installed and the setting
``shacl_engine`` allows it; pySHACL stays the fallback and the engine of record for the W3C suite comparison.
"""

from __future__ import annotations

import threading
import warnings
from typing import Callable

from rdflib import Graph

from ..errors import ConfigError, PolicyKGError

ENGINES = ("auto", "turbo", "pyshacl")


class ValidationRunError(PolicyKGError):
    """The validator could not run (a broken shapes graph, an engine failure): CLI exit 2, HTTP 500."""


def _pyshacl(data: Graph, shapes: Graph, allow_warnings: bool) -> tuple[bool, Graph]:
    import pyshacl

    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True,
        allow_warnings=allow_warnings, allow_infos=allow_warnings,
    )
    return bool(conforms), report


_compiled: dict[int, tuple[Graph, object]] = {}
_compiled_lock = threading.Lock()


def _turbo_program(shapes: Graph):
    """Compile a shapes graph once per graph object (shapes graphs are cached and never mutated)."""
    import pyshacl_turbo

    with _compiled_lock:
        entry = _compiled.get(id(shapes))
        if entry is None or entry[0] is not shapes:
            if len(_compiled) > 16:
                _compiled.clear()
            entry = (shapes, pyshacl_turbo.compile_shapes(shapes, advanced=True))
            _compiled[id(shapes)] = entry
        return entry[1]


def _turbo(data: Graph, shapes: Graph, allow_warnings: bool) -> tuple[bool, Graph]:
    program = _turbo_program(shapes)
    result = program.validate(data, allow_warnings=allow_warnings, allow_infos=allow_warnings)
    conforms, report = result[0], result[1]
    if not isinstance(report, Graph):
        raise ValidationRunError(f"the SHACL engine failed: {report}")
    return bool(conforms), report


def turbo_available() -> bool:
    try:
        import pyshacl_turbo  # noqa: F401
    except ImportError:
        return False
    return True


def engine_for(name: str) -> Callable[[Graph, Graph, bool], tuple[bool, Graph]]:
    if name not in ENGINES:
        raise ConfigError(f"unknown SHACL engine {name!r}; use one of {', '.join(ENGINES)} (setting shacl_engine)")
    if name == "pyshacl" or (name == "auto" and not turbo_available()):
        return _pyshacl
    if not turbo_available():
        raise ConfigError("shacl_engine is turbo but pyshacl-turbo is not installed (pip install pyshacl-turbo)")
    return _turbo


def engine_name(name: str) -> str:
    return "pyshacl" if engine_for(name) is _pyshacl else "pyshacl-turbo"


def run_shacl(data: Graph, shapes: Graph, *, engine: str = "auto", allow_warnings: bool = False) -> tuple[bool, Graph]:
    """Validate ``data`` against ``shapes``; return (sh:conforms, the sh:ValidationReport graph).

    With ``allow_warnings``, results of severity sh:Warning and sh:Info do not break conformance
    (pySHACL's documented option); the W3C suite runs without it.
    """
    run = engine_for(engine)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return run(data, shapes, allow_warnings)
    except PolicyKGError:
        raise
    except Exception as exc:  # noqa: BLE001 - an engine error is reported as "could not run", never a trace
        raise ValidationRunError(f"the SHACL engine could not run: {type(exc).__name__}: {exc}") from None
