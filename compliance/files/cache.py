"""The user's cache folder: derived data kept between runs, keyed by the content it came from.

Where: ``$COMPLIANCE_CACHE_DIR``, else the platform's cache folder (``$XDG_CACHE_HOME/compliance``
or ``~/.cache/compliance`` on Linux, ``~/Library/Caches/compliance`` on macOS,
``%LOCALAPPDATA%/compliance`` on Windows). ``COMPLIANCE_NO_CACHE=1`` turns caching off.

Entries are read only when the current user owns them and no one else may write them (some are
pickles, which run code when loaded), in a folder only the user may enter. Anything unreadable
is ignored and rebuilt; writing is best effort (no cache is never an error).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

CACHE_ENV = "COMPLIANCE_CACHE_DIR"
NO_CACHE_ENV = "COMPLIANCE_NO_CACHE"


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when caching is off."""
    if os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0"):
        return None
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    home = Path.home()
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    return base / "compliance"


def _trusted(path: Path) -> bool:
    """Owned by us and writable by no one else."""
    try:
        st = path.stat()
    except OSError:
        return False
    if not hasattr(os, "getuid"):
        return True  # Windows: the per-user cache folder is private by default
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read(kind: str, key: str) -> bytes | None:
    """The cached bytes of ``kind/key``, or ``None``."""
    root = cache_dir()
    if root is None:
        return None
    folder = root / kind
    path = folder / key
    if not (_trusted(root) and _trusted(folder) and _trusted(path)):
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def write(kind: str, key: str, data: bytes) -> None:
    """Keep ``data`` as ``kind/key`` (atomically; best effort)."""
    root = cache_dir()
    if root is None:
        return
    try:
        from .atomic import write_atomic

        for folder in (root, root / kind):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(folder, 0o700)
        os.chmod(write_atomic(root / kind / key, data), 0o600)
    except Exception:  # noqa: BLE001 - no cache is not an error
        pass
