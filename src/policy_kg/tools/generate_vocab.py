"""Generate ``_pol.py``, the typed ``POL`` namespace, from the ontology's Turtle.

Modelled on rdflib's ``tools/defined_namespace_creator.py``: every class and property declared in
``ontology/policy-kg.ttl`` becomes an annotated attribute of a ``DefinedNamespace`` with ``_fail = True``, so a
misspelt term (``POL.leadAgnecy``) raises at import time. Run ``python -m policy_kg.tools.generate_vocab`` after
editing the ontology; ``tests/test_vocab.py`` fails when the module is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef

POL_IRI = "https://w3id.org/policy-kg/ontology#"
TARGET = Path(__file__).parents[1] / "vocab" / "_pol.py"
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDFS.Datatype)


def render(ontology: Graph) -> str:
    """Return the source of ``_pol.py`` for the ``pol:`` terms declared in ``ontology``."""
    terms: dict[str, str] = {}
    for kind in KINDS:
        for subject in ontology.subjects(RDF.type, kind):
            if isinstance(subject, URIRef) and str(subject).startswith(POL_IRI):
                label = ontology.value(subject, RDFS.label) or ""
                for candidate in ontology.objects(subject, RDFS.label):
                    if getattr(candidate, "language", None) == "en":
                        label = candidate
                terms[str(subject)[len(POL_IRI):]] = str(label)
    lines = [
        '"""The ``pol:`` namespace, generated from ontology/policy-kg.ttl by ``policy_kg.tools.generate_vocab``; do not edit."""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class POL(DefinedNamespace):",
        '    """policy-kg ontology terms."""',
        "",
        "    _fail = True",
        f'    _NS = Namespace("{POL_IRI}")',
        "",
    ]
    lines += [f"    {name}: URIRef  # {terms[name]}" for name in sorted(terms)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from ..bundle import bundle_path

    ontology = Graph().parse(bundle_path("ontology") / "policy-kg.ttl", format="turtle")
    TARGET.write_text(render(ontology), encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
