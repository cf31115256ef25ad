"""Atomic file writes: a temporary file in the target's folder, then a rename.

A killed run never leaves a half-written file at the target path, and an existing file is
replaced only once the new content is complete.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import InputError, Location, display_path


def write_atomic(path: str | Path, data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` atomically; create missing parent folders. Returns the path."""
    target = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise InputError(f"cannot write here: {exc.strerror}", Location(display_path(target))) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target
