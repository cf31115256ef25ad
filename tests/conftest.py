"""Shared fixtures: paths of the repository, the bundled rule set, and two runners of the CLI:
:func:`run_cli` runs the app in-process (fast: most CLI tests), :func:`run_script` runs the
installed ``compliance`` script in a subprocess (the smoke tests of the real entry point)."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
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
    stdout_bytes: bytes = b""


def run_script(*args: str | os.PathLike, cwd: Path | None = None, env: dict | None = None, input: str | None = None) -> Result:
    """Run the installed `compliance` command in a subprocess and capture its output."""
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


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    saved = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(saved)


def run_cli(*args: str | os.PathLike, cwd: Path | None = None, env: dict | None = None, input: str | None = None) -> Result:
    """Run the CLI app in-process in ``cwd`` (default: the repository); like :func:`run_script`,
    but an exception the app does not handle fails the test instead of printing a traceback."""
    from typer.testing import CliRunner

    from compliance.cli.main import app

    runner = CliRunner(env={"COMPLIANCE_RULES": None, "COMPLIANCE_DEBUG": None, "COLUMNS": "200", **(env or {})})
    with _cwd(cwd or ROOT):
        res = runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=True)
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise AssertionError(f"uncaught {type(res.exception).__name__}: {res.exception}") from res.exception
    return Result(res.exit_code, res.stdout, res.stderr, res.stdout_bytes)


def assert_one_line_error(result: Result, *fragments: str) -> None:
    """Exit 2, no traceback, and every stderr line is a message; fragments appear in it."""
    assert result.code == 2, (result.code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert lines, "expected an error line on stderr"
    for frag in fragments:
        assert frag in result.stderr, (frag, result.stderr)


def assert_not_imported(module: str, *commands: list[str]) -> None:
    """Running ``commands`` (argument lists, each exiting 0) in a fresh interpreter does not import
    ``module`` (start-up: heavy libraries are imported only by the commands that need them)."""
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from compliance.cli.main import app\n"
        "r = CliRunner()\n"
        f"for args in {[list(map(str, c)) for c in commands]!r}:\n"
        "    res = r.invoke(app, args)\n"
        "    assert res.exit_code == 0, (args, res.output)\n"
        f"assert {module!r} not in sys.modules, '{module} imported'\n"
        "print('clean')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and "clean" in out.stdout, out.stderr


@pytest.fixture
def api(server):
    """An HTTP client of the test module's ``server`` (tests/servers.py), with its bearer token."""
    with server.api() as client:
        yield client


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Caches (parsed rule sets, catalogues) go to a folder of this test session, not ~/.cache."""
    os.environ["COMPLIANCE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield


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
