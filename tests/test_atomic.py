from __future__ import annotations

import os

import pytest

from compliance.files.atomic import write_atomic
from compliance.errors import InputError


def test_write_atomic_creates_and_replaces(tmp_path):
    target = tmp_path / "sub" / "out.txt"
    write_atomic(target, "one")
    write_atomic(target, b"two")
    assert target.read_text() == "two"
    assert os.listdir(target.parent) == ["out.txt"]  # no temporary files left


def test_failed_write_keeps_old_content(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    target.write_text("old")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(InputError, match="cannot write: disk full; nothing was written"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_unwritable_folder_is_input_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="cannot write here"):
        write_atomic(blocker / "out.txt", "x")
