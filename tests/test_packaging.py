"""The distribution: the wheel ships rules/, templates/, examples/ and schemas/, installs into a
fresh virtual environment and works outside the source tree; the sdist carries docs and tests."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

DIST = "compliance_telecom_de"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    (whl,) = out.glob(f"{DIST}-*.whl")
    return whl


def test_wheel_contains_data_and_metadata(wheel):
    import compliance

    zf = zipfile.ZipFile(wheel)
    names = set(zf.namelist())
    for required in (
        "compliance/cli/main.py",
        "compliance/py.typed",
        "compliance/i18n/de.yaml",
        "compliance/_data/rules/de-telecom-security/ruleset.yaml",
        "compliance/_data/rules/de-telecom-security/bsig-9b.yaml",
        "compliance/_data/examples/lotus-networks/profile.yaml",
        "compliance/_data/schemas/rules.schema.json",
        "compliance/service/migrations/env.py",  # `compliance serve` migrates from the wheel too
        "compliance/service/migrations/script.py.mako",
        "compliance/service/migrations/versions/0001_initial.py",
    ):
        assert required in names, required
    assert any(n.startswith("compliance/_data/templates/") for n in names)
    assert not any("__pycache__" in n or n.startswith("tests/") for n in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "compliance = compliance.cli.main:main" in zf.read(entry).decode()
    meta = zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert f"Version: {compliance.__version__}" in meta  # one version source
    assert "Name: compliance-telecom-de" in meta and "License-Expression: Apache-2.0" in meta
    assert "Project-URL: Source" in meta and "Classifier: Typing :: Typed" in meta
    assert any(n.endswith("licenses/LICENSE") for n in names)


def test_fresh_venv_exports_examples_and_renders_from_elsewhere(wheel, tmp_path):
    """`pip install` the wheel into a new venv; every --help example works on the exported examples."""
    import sysconfig

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    # The dependencies come from this environment (appended to sys.path, after the venv's own
    # site-packages, so the installed wheel - not the source tree - provides `compliance`).
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    (Path(purelib) / "deps-from-test-env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    proc = subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "-q", str(wheel)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    exe = venv / "bin" / "compliance"
    where = subprocess.run([str(py), "-c", "import compliance; print(compliance.__file__)"], capture_output=True, text=True, cwd=tmp_path)
    assert where.stdout.startswith(str(venv)), where  # the installed wheel, not the source tree
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COMPLIANCE_RULES")}

    def run(*args):
        return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, cwd=work, env=env, timeout=300)

    r = run("examples", "export", "x")
    assert r.returncode == 0, r.stderr
    assert (work / "x" / "lotus-networks" / "profile.yaml").is_file()
    first = (work / "x" / "lotus-networks" / "profile.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/profile.schema.json"
    assert (work / "x" / "schemas" / "profile.schema.json").is_file()  # the comment resolves
    r = run("checklist", "x/lotus-networks/profile.yaml", "--as-of", "2026-03-01", "-f", "html", "-o", "c.html")
    assert r.returncode == 0, r.stderr
    assert "Lotus Networks GmbH" in (work / "c.html").read_text()
    r = run("check", "x/nordantenna/profile.yaml", "x/nordantenna/answers.yaml", "--as-of", "2026-10-01",
            "--evidence-dir", "x/nordantenna/evidence")
    assert r.returncode == 0, r.stdout + r.stderr
    assert run("examples", "export", "x").returncode == 2  # no silent overwrite


def test_sdist_carries_docs_tests_and_license(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "-o", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (sdist,) = tmp_path.glob(f"{DIST}-*.tar.gz")
    names = {n.split("/", 1)[1] for n in tarfile.open(sdist).getnames() if "/" in n}
    for required in ("LICENSE", "README.md", "docs/architecture.md", "docs/img/checklist-05.png", "tests/conftest.py",
                     "rules/de-telecom-security/ruleset.yaml", "compliance/py.typed"):
        assert required in names, required
