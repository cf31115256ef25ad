"""Shared fixtures: paths of the repository, the bundled rule set, and a runner for the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules" / "de-telecom-security"
EXAMPLES = ROOT / "examples"
LOTUS = EXAMPLES / "lotus-networks" / "profile.yaml"
NORD = EXAMPLES / "nordantenna" / "profile.yaml"
DATA = Path(__file__).resolve().parent / "data"
#: The installed console script (the real entry point), next to this interpreter.
COMPLIANCE = Path(sys.executable).with_name("compliance")


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str | os.PathLike, cwd: Path | None = None, env: dict | None = None, input: str | None = None) -> Result:
    """Run the installed `compliance` command and capture its output."""
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    full_env.pop("COMPLIANCE_RULES", None)
    proc = subprocess.run(
        [str(COMPLIANCE), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=full_env,
        input=input,
        timeout=300,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def assert_one_line_error(result: Result, *fragments: str) -> None:
    """Exit 2, no traceback, and every stderr line is a message; fragments appear in it."""
    assert result.code == 2, (result.code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert lines, "expected an error line on stderr"
    for frag in fragments:
        assert frag in result.stderr, (frag, result.stderr)


@pytest.fixture(scope="session")
def ruleset():
    from compliance.ruleset import load_ruleset

    return load_ruleset(RULES)


@pytest.fixture(scope="session")
def lotus(ruleset):
    from compliance.ruleset import load_profile

    return load_profile(LOTUS, ruleset)


@pytest.fixture(scope="session")
def nord(ruleset):
    from compliance.ruleset import load_profile

    return load_profile(NORD, ruleset)
