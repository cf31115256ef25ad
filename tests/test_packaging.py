"""The wheel ships rules/, templates/, examples/ and schemas/ and works outside the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    (whl,) = out.glob("compliance-*.whl")
    return whl


def test_wheel_contains_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "compliance/cli/main.py",
        "compliance/_data/rules/de-telecom-security/ruleset.yaml",
        "compliance/_data/rules/de-telecom-security/bsig-9b.yaml",
        "compliance/_data/examples/lotus-networks/profile.yaml",
        "compliance/_data/schemas/rules.schema.json",
    ):
        assert required in names, required
    assert any(n.startswith("compliance/_data/templates/") for n in names)
    assert not any("__pycache__" in n or n.startswith("tests/") for n in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "compliance = compliance.cli.main:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_installed_wheel_runs_outside_the_source_tree(wheel, tmp_path):
    target = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = "import compliance.files.bundled as p; print(p.default_ruleset_dir())"
    where = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert where.stdout.strip().startswith(str(target)), where
    run = subprocess.run(
        [sys.executable, "-m", "compliance", "rules", "validate"], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert run.returncode == 0 and run.stdout.startswith("ok: de-telecom-security"), run.stderr
