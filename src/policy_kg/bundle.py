"""Where the bundled ontology, shapes and data live, and which named graph each file loads into.

Installed from a wheel, they are in ``policy_kg/_bundle/``; in a source checkout (editable install), in the
repository's top-level ``ontology/``, ``shapes/`` and ``data/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_BASE_IRI = "https://w3id.org/policy-kg/"
KINDS = ("ontology", "shapes", "data")


def bundle_root() -> Path:
    installed = Path(__file__).with_name("_bundle")
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2]


def bundle_path(kind: str) -> Path:
    if kind not in KINDS:
        raise ValueError(f"unknown bundle part {kind!r}")
    return bundle_root() / kind


@dataclass(frozen=True)
class BundledFile:
    path: Path
    kind: str

    def graph_iri(self, base_iri: str = DEFAULT_BASE_IRI) -> str:
        """``{base}graph/{kind}/{stem}``, e.g. ``https://w3id.org/policy-kg/graph/data/resolutions``."""
        return f"{base_iri}graph/{self.kind}/{self.path.stem}"


def bundled_files() -> list[BundledFile]:
    """Every bundled Turtle file, ontology first, in a stable order."""
    return [
        BundledFile(path, kind)
        for kind in KINDS
        for path in sorted(bundle_path(kind).glob("*.ttl"))
    ]


def rebase(text: str, base_iri: str) -> str:
    """Rewrite resource IRIs from the default base to ``base_iri``; the ontology namespace keeps its IRI."""
    if base_iri == DEFAULT_BASE_IRI:
        return text
    ontology = DEFAULT_BASE_IRI + "ontology"
    placeholder = "\x00ontology"
    return text.replace(ontology, placeholder).replace(DEFAULT_BASE_IRI, base_iri).replace(placeholder, ontology)
