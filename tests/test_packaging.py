"""The wheel ships the ontology, shapes and data: installed without the repository, policy-kg still finds and
loads them (pip install into a fresh target directory, run from outside the checkout)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(work), str(ROOT)],
                   check=True, timeout=300)
    wheel = next(work.glob("policy_kg-*.whl"))
    target = work / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, timeout=300)
    return target


def run_installed(target: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_KG_")}
    env.update({"PYTHONPATH": str(target), "POLICY_KG_STORE": str(tmp_path / "store")})
    return subprocess.run([sys.executable, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def test_bundle_is_inside_the_installed_package(installed, tmp_path):
    result = run_installed(installed, tmp_path, "-c",
                           "import policy_kg.bundle as b; print(b.bundle_root()); print(len(b.bundled_files()))")
    root, count = result.stdout.split()
    assert Path(root) == installed / "policy_kg" / "_bundle"
    expected = sum(len(list((ROOT / kind).glob("*.ttl"))) for kind in ("ontology", "shapes", "data"))
    assert int(count) == expected


def test_installed_cli_loads_the_bundle(installed, tmp_path):
    result = run_installed(installed, tmp_path, "-m", "policy_kg", "stats", "--json")
    assert result.returncode == 0, result.stderr
    graphs = {row["graph"] for row in json.loads(result.stdout)["graphs"]}
    assert "https://w3id.org/policy-kg/graph/data/programmes" in graphs
