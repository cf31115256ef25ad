"""Atomic file writes: a temporary file in the target's folder, then a rename.

A killed run never leaves a half-written file at the target path, and an existing file is
replaced only once the new content is complete. Only a regular file (or nothing) is ever
replaced: a device (``/dev/null``, ``/dev/full``), a named pipe, a socket, a symbolic link or a
folder at the target path is refused, since renaming over it would silently destroy it. A write
that fails half-way (a full disk) leaves nothing behind and says so in one line.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from ..errors import InputError, Location, display_path

_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)


def check_target(path: str | Path) -> None:
    """Raise :class:`InputError` unless ``path`` is absent or a regular file (never followed)."""
    target = Path(path)
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:  # a parent that is a file, a path too long, no permission
        if exc.errno == errno.ENOTDIR:
            return  # a parent is a file: write_atomic reports it when it makes the folder
        raise InputError(f"cannot write here: {exc.strerror}", Location(display_path(target))) from None
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    hint = " (use -o - to write to standard output)" if not stat.S_ISDIR(mode) else ""
    raise InputError(f"is {kind}, not a regular file; refusing to replace it{hint}", Location(str(target)))


def write_atomic(path: str | Path, data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` atomically; create missing parent folders. Returns the path.

    Raises :class:`InputError` when the target exists and is not a regular file, when the folder
    cannot be written, or when writing fails (a full disk): nothing is left behind then.
    """
    target = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    check_target(target)
    shown = Location(display_path(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise InputError(f"cannot write here: {exc.strerror}", shown) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        check_target(target)  # made in the meantime: still never replace a device or a link
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc) or type(exc).__name__
            kept = " (the existing file is unchanged)" if target.is_file() else ""
            raise InputError(f"cannot write: {reason}; nothing was written{kept}", shown) from None
        raise
    return target
