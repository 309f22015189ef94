"""A seeded synthetic policy graph shaped like the real one (docs/model.md), streamed to N-Triples.

Shapes follow ``data/*.ttl``: Politburo resolutions (``eli:number``, ``eli:date_document``, ``eli:passed_by``,
``eli:is_about``), provincial action programmes implementing 1 to 3 of them (``eli:ensures_implementation_of``),
goals (``pol:hasGoal``/``pol:goalOf``), targets (``pol:targetValue``, ``pol:unitText``, ``pol:targetYear``), tasks
(``pol:taskOf``, ``pol:leadAgency``, ``pol:coordinatingAgency``, ``pol:deadline`` as ``xsd:date``, ``xsd:gYearMonth``
or ``xsd:gYear``, ``pol:status``), agencies with an ``org:subOrganizationOf`` hierarchy, ``rdfs:label`` in ``@vi``
(with diacritics) and ``@en``, and ``prov:wasDerivedFrom`` on everything. Every resource derives from one
dataset resource that says, in both languages, that the data is synthetic.

Lines are written as they are made, so 10M triples need no more memory than 100k. Output goes to ``bench/data/``
(gitignored), never to ``data/``. Usage: ``python -m bench.generate --size 1m``.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .vocabulary import DELIVERABLES, DEPARTMENTS, GOAL_PHRASES, PROVINCES, SECTORS, UNITS, VERBS

BASE = "https://w3id.org/policy-kg/"
POL = "https://w3id.org/policy-kg/ontology#"
ELI = "http://data.europa.eu/eli/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCT = "http://purl.org/dc/terms/"
ORG_SUB = "http://www.w3.org/ns/org#subOrganizationOf"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
SKOS_NOTE = "http://www.w3.org/2004/02/skos/core#note"
VOID_DATASET = "http://rdfs.org/ns/void#Dataset"
XSD = "http://www.w3.org/2001/XMLSchema#"
DATASET = BASE + "id/dataset/synthetic-bench"
DATA_DIR = Path(__file__).resolve().parent / "data"
SIZES = {"2k": 2_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
STATUS_WEIGHTS = (("planned", 40), ("in-progress", 35), ("done", 20), ("cancelled", 5))
SYNTHETIC_NOTE = (
    ("Dữ liệu tổng hợp, sinh ngẫu nhiên có hạt giống để đo hiệu năng; không phải dữ liệu chính sách thật.", "vi"),
    ("Synthetic data, generated at random from a seed to measure performance; not real policy data.", "en"),
)


def parse_size(text: str) -> int:
    """``1m``, ``100k``, ``2000`` → a triple count."""
    lowered = text.strip().lower()
    if lowered in SIZES:
        return SIZES[lowered]
    multiplier = {"k": 1_000, "m": 1_000_000}.get(lowered[-1:], 1)
    return int(float(lowered.rstrip("km")) * multiplier)


def literal(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """An N-Triples literal (JSON string escapes are valid N-Triples ECHARs and UCHARs)."""
    quoted = json.dumps(text, ensure_ascii=False)
    if lang:
        return f"{quoted}@{lang}"
    return f"{quoted}^^<{datatype}>" if datatype else quoted


@dataclass
class Writer:
    """Counts triples as it writes them, and keeps a few IRIs of each kind for the query mix."""

    out: TextIO
    count: int = 0
    samples: dict[str, list[str]] = field(default_factory=dict)

    def triple(self, s: str, p: str, o: str) -> None:
        self.out.write(f"<{s}> <{p}> {o} .\n")
        self.count += 1

    def iri(self, s: str, p: str, o: str) -> None:
        self.triple(s, p, f"<{o}>")

    def labels(self, s: str, vi: str, en: str, prop: str = RDFS_LABEL) -> None:
        self.triple(s, prop, literal(vi, "vi"))
        self.triple(s, prop, literal(en, "en"))

    def keep(self, kind: str, iri: str, limit: int = 200) -> None:
        kept = self.samples.setdefault(kind, [])
        if len(kept) < limit:
            kept.append(iri)


class Generator:
    """One synthetic graph of about ``target`` triples from ``seed``."""

    def __init__(self, target: int, seed: int = 20260225) -> None:
        self.target = target
        self.rng = random.Random(seed)
        self.seed = seed
        self.provinces = PROVINCES[: min(len(PROVINCES), max(2, target // 25_000))]
        self.resolution_count = max(3, target // 900)

    def agency(self, province: str, slug: str) -> str:
        return f"{BASE}id/agency/syn-{slug}-{province}"

    def write(self, out: TextIO) -> Writer:
        w = Writer(out)
        self._dataset(w)
        departments = self._agencies(w)
        resolutions = self._resolutions(w)
        counters = {slug: 0 for slug, _, _ in self.provinces}
        while w.count < self.target:
            province = self.rng.choice(self.provinces)
            counters[province[0]] += 1
            self._programme(w, province, counters[province[0]], resolutions, departments[province[0]])
        return w

    def _dataset(self, w: Writer) -> None:
        w.iri(DATASET, RDF_TYPE, VOID_DATASET)
        w.labels(DATASET, "Bộ dữ liệu tổng hợp để đo hiệu năng policy-kg", "Synthetic benchmark dataset of policy-kg")
        for text, lang in SYNTHETIC_NOTE:
            w.triple(DATASET, SKOS_NOTE, literal(text, lang))
        w.triple(DATASET, DCT + "description", literal(f"seed {self.seed}, target {self.target} triples"))

    def _entity(self, w: Writer, iri: str, cls: str, vi: str, en: str) -> None:
        w.iri(iri, RDF_TYPE, cls)
        w.labels(iri, vi, en)
        w.iri(iri, PROV_DERIVED, DATASET)

    def _agencies(self, w: Writer) -> dict[str, list[tuple[str, str]]]:
        """Per province: party committee ⊃ standing board; people's committee ⊃ departments."""
        departments: dict[str, list[tuple[str, str]]] = {}
        for slug, vi, en in self.provinces:
            party, board, people = (self.agency(slug, "tinh-uy"), self.agency(slug, "ban-thuong-vu-tinh-uy"),
                                    self.agency(slug, "ubnd"))
            self._entity(w, party, POL + "PartyOrgan", f"Tỉnh ủy {vi}", f"{en} Party Committee")
            w.iri(party, ORG_SUB, BASE + "id/agency/dang-cong-san-viet-nam")
            self._entity(w, board, POL + "PartyOrgan", f"Ban Thường vụ Tỉnh ủy {vi}", f"Standing Board of the {en} Party Committee")
            w.iri(board, ORG_SUB, party)
            self._entity(w, people, POL + "StateAgency", f"Ủy ban nhân dân {vi}", f"{en} People's Committee")
            departments[slug] = []
            for dept, dept_vi, dept_en, sector in DEPARTMENTS:
                iri = self.agency(slug, dept)
                self._entity(w, iri, POL + "StateAgency", f"{dept_vi} {vi}", f"{en} {dept_en}")
                w.iri(iri, ORG_SUB, people)
                w.keep("agency", iri)
                departments[slug].append((iri, sector))
            area = f"{BASE}id/area/syn-{slug}"
            self._entity(w, area, POL + "AdministrativeArea", vi, en)
        return departments

    def _date(self, low: int, high: int) -> str:
        return f"{self.rng.randint(low, high)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def _resolutions(self, w: Writer) -> list[tuple[str, str]]:
        resolutions = []
        sectors = list(SECTORS)
        for index in range(self.resolution_count):
            number = 101 + index
            iri = f"{BASE}eli/vn/bct/nq/syn/{number}"
            sector = sectors[index % len(sectors)]
            topic_vi, topic_en, _ = SECTORS[sector]
            self._entity(w, iri, POL + "Resolution", f"Nghị quyết {number}-NQ/TW", f"Resolution {number}-NQ/TW")
            w.labels(iri, f"Nghị quyết số {number}-NQ/TW của Bộ Chính trị về {topic_vi}",
                     f"Politburo Resolution No. {number}-NQ/TW on {topic_en}", DCT + "title")
            w.triple(iri, ELI + "number", literal(f"{number}-NQ/TW"))
            w.triple(iri, ELI + "date_document", literal(self._date(2018, 2026), datatype=XSD + "date"))
            w.iri(iri, ELI + "passed_by", BASE + "id/agency/bo-chinh-tri")
            w.iri(iri, ELI + "is_about", f"{BASE}id/sector/{sector}")
            w.iri(iri, ELI + "type_document", BASE + "id/concept/document-type/nq")
            w.iri(iri, ELI + "jurisdiction", BASE + "id/area/vn")
            w.iri(iri, POL + "status", BASE + "id/concept/document-status/issued")
            w.keep("resolution", iri)
            resolutions.append((iri, sector))
        return resolutions

    def _programme(self, w: Writer, province: tuple[str, str, str], k: int, resolutions: list, departments: list) -> None:
        rng = self.rng
        slug, place_vi, place_en = province
        implemented = rng.sample(resolutions, rng.randint(1, 3))
        sector = implemented[0][1]
        topic_vi, topic_en, objects = SECTORS[sector]
        iri = f"{BASE}eli/vn-syn-{slug}/tu/ctr/syn/{k}"
        number = f"{k:02d}-CTr/TU"
        self._entity(w, iri, POL + "ActionProgramme", f"Chương trình hành động số {number} của {place_vi} ({topic_vi})",
                     f"Action Programme No. {number} of {place_en} ({topic_en})")
        w.triple(iri, ELI + "number", literal(number))
        w.triple(iri, ELI + "date_document", literal(self._date(2020, 2026), datatype=XSD + "date"))
        w.iri(iri, ELI + "passed_by", self.agency(slug, "ban-thuong-vu-tinh-uy"))
        w.iri(iri, ELI + "jurisdiction", f"{BASE}id/area/syn-{slug}")
        w.iri(iri, ELI + "type_document", BASE + "id/concept/document-type/ctr")
        w.iri(iri, POL + "status", BASE + "id/concept/document-status/" + ("issued" if rng.random() < 0.9 else "draft"))
        for resolution, _ in implemented:
            w.iri(iri, ELI + "ensures_implementation_of", resolution)
        w.iri(iri, ELI + "is_about", f"{BASE}id/sector/{sector}")
        leads = [d for d, s in departments if s == sector] or [departments[0][0]]
        w.iri(iri, ELI + "responsibility_of_agent", leads[0])
        w.keep("programme", iri)
        goals = [self._goal(w, iri, f"{slug}-{k}-{j}", objects, place_vi, place_en) for j in range(rng.randint(2, 6))]
        for index in range(rng.randint(6, 24)):
            self._task(w, iri, f"{slug}-{k}-{index}", objects, place_vi, place_en, leads[0], departments, goals)

    def _goal(self, w: Writer, programme: str, key: str, objects, place_vi: str, place_en: str) -> str:
        rng = self.rng
        iri = f"{BASE}id/goal/syn-{key}"
        obj_vi, obj_en = rng.choice(objects)
        phrase_vi, phrase_en = rng.choice(GOAL_PHRASES)
        year = rng.choice((2030, 2035, 2045))
        self._entity(w, iri, POL + "Goal", f"Đến năm {year}, {place_vi} {phrase_vi} {obj_vi}",
                     f"By {year}, {place_en} will {phrase_en} {obj_en}")
        w.iri(iri, POL + "goalOf", programme)
        w.iri(programme, POL + "hasGoal", iri)
        for index in range(rng.randint(0, 2)):
            target = f"{iri.replace('/goal/', '/target/')}-{index}"
            unit_vi, unit_en = rng.choice(UNITS)
            value = rng.choice((5, 10, 20, 30, 50, 80, 90, 95, 100, 250))
            self._entity(w, target, POL + "Target", f"{obj_vi.capitalize()}: tối thiểu {value} {unit_vi} vào năm {year}",
                         f"{obj_en.capitalize()}: at least {value} {unit_en} by {year}")
            w.triple(target, POL + "targetValue", literal(str(value), datatype=XSD + "decimal"))
            w.triple(target, POL + "comparator", literal("≥"))
            w.labels(target, unit_vi, unit_en, POL + "unitText")
            w.triple(target, POL + "targetYear", literal(str(year), datatype=XSD + "gYear"))
            w.iri(target, POL + "targetOf", iri)
            w.iri(iri, POL + "hasTarget", target)
        return iri

    def _deadline(self) -> str:
        year = self.rng.randint(2024, 2030)
        form = self.rng.random()
        if form < 0.5:
            return literal(f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}", datatype=XSD + "date")
        if form < 0.8:
            return literal(f"{year}-{self.rng.randint(1, 12):02d}", datatype=XSD + "gYearMonth")
        return literal(str(year), datatype=XSD + "gYear")

    def _task(self, w: Writer, programme: str, key: str, objects, place_vi: str, place_en: str, lead: str,
              departments: list, goals: list[str]) -> None:
        rng = self.rng
        iri = f"{BASE}id/task/syn-{key}"
        verb_vi, verb_en = rng.choice(VERBS)
        obj_vi, obj_en = rng.choice(objects)
        self._entity(w, iri, POL + "Task", f"{verb_vi} {obj_vi} tại {place_vi}", f"{verb_en} {obj_en} in {place_en}")
        w.iri(iri, POL + "taskOf", programme)
        w.iri(programme, POL + "hasTask", iri)
        chosen = lead if rng.random() < 0.7 else rng.choice(departments)[0]
        w.iri(iri, POL + "leadAgency", chosen)
        others = [d for d, _ in departments if d != chosen]
        for coordinating in rng.sample(others, rng.randint(0, 3)):
            w.iri(iri, POL + "coordinatingAgency", coordinating)
        w.triple(iri, POL + "deadline", self._deadline())
        status = rng.choices([s for s, _ in STATUS_WEIGHTS], [n for _, n in STATUS_WEIGHTS])[0]
        w.iri(iri, POL + "status", f"{BASE}id/concept/task-status/{status}")
        w.iri(iri, POL + "contributesTo", rng.choice(goals))
        if rng.random() < 0.5:
            deliverable_vi, _ = rng.choice(DELIVERABLES)
            w.triple(iri, POL + "deliverable", literal(f"{deliverable_vi} về {obj_vi}", "vi"))
        w.keep("task", iri)


def generate(size: int, seed: int = 20260225, directory: Path = DATA_DIR, name: str | None = None) -> dict:
    """Write ``synthetic-{name}.nt`` and its manifest (counts, sample IRIs) into ``directory``; return the manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    name = name or str(size)
    path = directory / f"synthetic-{name}.nt"
    with path.open("w", encoding="utf-8", buffering=1 << 20) as out:
        written = Generator(size, seed).write(out)
    manifest = {"file": str(path), "triples": written.count, "target": size, "seed": seed, "dataset": DATASET,
                "synthetic": True, "samples": written.samples}
    (directory / f"synthetic-{name}.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    (directory / "README.txt").write_text(
        "Synthetic data written by bench/generate.py for the benchmarks; not real policy data. "
        "Dữ liệu tổng hợp cho phép đo hiệu năng; không phải dữ liệu chính sách thật.\n", encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a seeded synthetic policy graph (N-Triples) to bench/data/.")
    parser.add_argument("--size", default="100k", help="triples: 2k, 100k, 1m, 10m or a number")
    parser.add_argument("--seed", type=int, default=20260225)
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args()
    manifest = generate(parse_size(args.size), args.seed, args.out, args.size.lower())
    print(f"wrote {manifest['triples']} triples to {manifest['file']}")


if __name__ == "__main__":
    main()
