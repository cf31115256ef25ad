"""The adversarial corpus (tests/adversarial/, written by make_corpus.py) through every command
that reads that kind of input: exit 2, one clear located line per problem, no traceback, no output."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import assert_one_line_error, run_script

CORPUS = Path(__file__).resolve().parent / "adversarial"
BROKEN_YAML = sorted((CORPUS / "yaml").glob("*.yaml"))
BAD_PROFILES = sorted((CORPUS / "profile").glob("*.yaml"))


def test_corpus_is_complete():
    assert len(BROKEN_YAML) >= 25 and len(BAD_PROFILES) >= 30


PROFILE_COMMANDS = [
    ("profile", "validate", "{f}"),
    ("rules", "list", "--as-of", "2026-03-01", "--profile", "{f}"),
]


@pytest.mark.parametrize("path", BROKEN_YAML + BAD_PROFILES, ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.parametrize("command", PROFILE_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_profile_inputs_are_refused(path, command, tmp_path):
    args = [a.replace("{f}", str(path)) for a in command]
    result = run_script(*args, cwd=tmp_path)
    assert_one_line_error(result, path.name)
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_fifty_megabyte_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.write(b"id: acme\nnotes: '")
        fh.seek(50 * 1024 * 1024)
        fh.write(b"'\n")
    result = run_script("profile", "validate", big)
    assert_one_line_error(result, "big.yaml: file is 52,428,802 bytes, larger than the limit")
