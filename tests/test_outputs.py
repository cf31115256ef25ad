"""Outputs never clobber: every command decides its target with files.outputs.output_target and
writes with files.atomic.write_atomic. An existing target that is not a regular file (device,
named pipe, socket, symbolic link) is refused with exit 2 and left as it was; `-o FOLDER` writes
the default name into it for every command; a full disk is one clear line and no file (issue #12,
cases 1, 8 and 11)."""

from __future__ import annotations

import errno
import os
import socket
import stat
import subprocess
from pathlib import Path

import pytest

from compliance.errors import InputError
from compliance.files.atomic import write_atomic
from compliance.files.outputs import output_target

from .conftest import COMPLIANCE, NORD, ROOT, assert_one_line_error, run_cli, run_script

AS_OF = ("--as-of", "2026-10-01")
NORD_DIR = NORD.parent
#: One command per kind of output, with the default file name it writes into a folder.
COMMANDS = {
    "pack": (("pack", NORD, NORD_DIR / "answers.yaml", "-e", NORD_DIR / "evidence", *AS_OF), "pack-de-2026-10-01.pdf"),
    "checklist": (("checklist", NORD, *AS_OF, "-f", "html"), "checklist-de-2026-10-01.html"),
    "answers-template": (("answers-template", NORD, *AS_OF), "answers-2026-10-01.yaml"),
    "check": (("check", NORD, NORD_DIR / "answers.yaml", "-e", NORD_DIR / "evidence", *AS_OF, "-f", "json"), "check.json"),
}


def _char_device(path: Path) -> None:
    """A character device like /dev/null (1, 3), made with mknod (root only)."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("mknod needs root; the other kinds of targets are tested without it")


def _socket(path: Path) -> None:
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    s.close()


TARGETS = {
    "character device": _char_device,
    "named pipe (FIFO)": os.mkfifo,
    "socket": _socket,
    "symbolic link": lambda p: os.symlink(p.with_name("real.pdf"), p),
}


def _identity(path: Path) -> tuple[int, int, int]:
    st = os.lstat(path)
    return stat.S_IFMT(st.st_mode), st.st_ino, st.st_rdev


@pytest.mark.parametrize("kind", TARGETS)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_target_that_is_not_a_regular_file_is_refused(tmp_path, kind, command):
    (tmp_path / "real.pdf").write_bytes(b"the file the link points to\n")
    target = tmp_path / "target"
    TARGETS[kind](target)
    before = _identity(target)
    args, _ = COMMANDS[command]
    r = run_cli(*args, "-o", target, cwd=tmp_path)
    assert_one_line_error(r, "target", f"is a {kind}" if kind != "character device" else "is a character device",
                          "refusing to replace it")
    assert "internal error" not in r.stderr and "wrote" not in r.stderr + r.stdout
    assert _identity(target) == before  # the same inode: not replaced
    assert (tmp_path / "real.pdf").read_bytes() == b"the file the link points to\n"  # not written through either
    assert sorted(p.name for p in tmp_path.iterdir()) == ["real.pdf", "target"]  # no temporary file left


def test_dev_null_and_dev_full_lookalikes_through_the_real_entry_point(tmp_path):
    """As the issue ran it: `pack -o /dev/full` as root. Devices with the same numbers as
    /dev/full and /dev/null (the real ones are not risked in a test)."""
    for name, minor in (("full", 7), ("null", 3)):
        dev = tmp_path / name
        try:
            os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
        except PermissionError:
            pytest.skip("mknod needs root")
        args, _ = COMMANDS["pack"]
        r = run_script(*args, "-o", dev, cwd=tmp_path)
        assert_one_line_error(r, f"{dev}: is a character device, not a regular file", "use -o - ")
        assert stat.S_ISCHR(os.lstat(dev).st_mode) and os.lstat(dev).st_rdev == os.makedev(1, minor)


def test_write_atomic_refuses_what_it_would_destroy(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    os.symlink(tmp_path / "elsewhere", tmp_path / "dangling")
    (tmp_path / "folder").mkdir()
    for name, kind in (("fifo", "named pipe"), ("dangling", "symbolic link"), ("folder", "folder")):
        with pytest.raises(InputError, match=f"is a {kind}"):
            write_atomic(tmp_path / name, b"x")
    assert not (tmp_path / "elsewhere").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling", "fifo", "folder"]


@pytest.mark.parametrize("command", COMMANDS)
def test_o_folder_writes_the_default_name_into_it_for_every_command(tmp_path, command):
    args, name = COMMANDS[command]
    existing = tmp_path / "existing"
    existing.mkdir()
    r = run_cli(*args, "-o", existing, cwd=tmp_path)
    assert r.code == 0, r.stderr
    assert sorted(p.name for p in existing.iterdir()) == [name]
    r = run_cli(*args, "-o", f"{tmp_path / 'new'}/", cwd=tmp_path)  # a new folder, said with a slash
    assert r.code == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == [name]
    linked = tmp_path / "linked"  # a link to a folder is a folder: written into, not replaced
    linked.symlink_to(existing, target_is_directory=True)
    (existing / name).unlink()
    r = run_cli(*args, "-o", linked, cwd=tmp_path)
    assert r.code == 0, r.stderr
    assert linked.is_symlink() and (existing / name).is_file()


def test_output_target_is_the_one_decision():
    assert output_target(None, "a.pdf", profile_id="v") == Path("output/v/a.pdf")
    assert output_target("-", "a.pdf") is None
    assert output_target(None, "a.json", default_stdout=True) is None
    assert output_target("some/folder/", "a.pdf") == Path("some/folder/a.pdf")
    assert output_target(ROOT / "examples", "a.pdf") == ROOT / "examples" / "a.pdf"
    assert output_target("x.pdf", "a.pdf") == Path("x.pdf")


def test_a_failed_write_keeps_the_old_file_and_says_why(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    target.write_text("old")

    def full(*a, **k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(InputError, match="cannot write: No space left on device; nothing was written "
                                         r"\(the existing file is unchanged\)"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


@pytest.fixture
def full_disk(tmp_path):
    """A 16 KB tmpfs: a real full disk (needs root and mount; skipped elsewhere)."""
    folder = tmp_path / "small"
    folder.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(folder)], capture_output=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {proc.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_is_one_line_and_no_file(full_disk, tmp_path):
    args, _ = COMMANDS["pack"]
    r = run_script(*args, "-o", full_disk / "pack.pdf", cwd=tmp_path)
    assert_one_line_error(r, "pack.pdf: cannot write: No space left on device; nothing was written")
    assert "internal error" not in r.stderr and "Errno" not in r.stderr
    assert list(full_disk.iterdir()) == []


@pytest.mark.parametrize("args", [
    ("answers-template", NORD, *AS_OF, "-o", "-"),
    ("rules", "list", *AS_OF),
    ("rules", "list", *AS_OF, "-f", "json"),
    ("check", NORD, NORD_DIR / "answers.yaml", "-e", NORD_DIR / "evidence", *AS_OF, "-f", "json"),
], ids=lambda a: " ".join(map(str, a[:2])))
def test_standard_output_on_a_full_device(args):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([str(COMPLIANCE), *map(str, args)], stdout=full, stderr=subprocess.PIPE, text=True,
                              cwd=ROOT, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "No space left on device" in proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr and "Exception ignored" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
