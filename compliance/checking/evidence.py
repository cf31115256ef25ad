"""Evidence files: every listed path must be a file inside the evidence folder.

Paths are relative to the folder. Absolute paths and ``..`` are refused outright; the remaining
path is resolved (following symbolic links) and must still lie inside the resolved folder, so a
symbolic link cannot lead out of it. Accepted files are hashed (SHA-256) and measured.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..errors import InputError, Location, display_path
from ..i18n import Msg, msg

_CHUNK = 1 << 16


@dataclass(frozen=True)
class VerifiedFile:
    path: str  # as listed, normalised to forward slashes
    sha256: str
    size: int


def _relative_parts(listed: str) -> tuple[str, ...] | Msg:
    """The parts of a listed path, or why it is refused: absolute (POSIX or Windows, a drive) or
    climbing out with ``..``."""
    windows = PureWindowsPath(listed)
    if PurePosixPath(listed).is_absolute() or windows.is_absolute() or windows.drive:
        return msg("evidence_absolute", path=listed)
    parts = PurePosixPath(listed.replace("\\", "/")).parts
    if ".." in parts:
        return msg("evidence_parent", path=listed)
    return parts


class EvidenceFolder:
    """The folder given as ``--evidence-dir`` (or ``None``: nothing can be verified)."""

    def __init__(self, root: str | os.PathLike | None):
        """``root``: the evidence folder (``--evidence-dir``); an InputError when it is not one."""
        if root is not None and not Path(root).is_dir():
            raise InputError("--evidence-dir: not a folder", Location(display_path(root)))
        self.root = Path(root).resolve() if root is not None else None
        self._hashes: dict[tuple[str, int, int], tuple[str, int]] = {}
        # Where each listed path leads (resolved once per run: answers list the same files again
        # and again); the file itself is still looked at (stat, hash keyed by mtime and size).
        self._resolved: dict[str, Path | Msg] = {}
        self._parts: dict[str, tuple[str, ...] | Msg] = {}  # the lexical check, once per listed path

    def verify(self, listed: str) -> VerifiedFile | Msg:
        """The verified file, or the message saying why ``listed`` is not acceptable."""
        parts = self._parts.get(listed)
        if parts is None:
            parts = self._parts[listed] = _relative_parts(listed)
        if isinstance(parts, Msg):
            return parts
        return self._found(parts, listed)

    def _found(self, parts: tuple[str, ...], shown: str) -> VerifiedFile | Msg:
        """The file at ``parts`` (relative, no ``..``) inside the folder, hashed."""
        if self.root is None:
            return msg("evidence_no_dir", path=shown)
        real = self._resolved.get(shown)
        if real is None:
            real = self._resolved[shown] = self._resolve(parts, shown)
        if isinstance(real, Msg):
            return real
        try:
            st = real.stat()
            if not stat.S_ISREG(st.st_mode):
                return msg("evidence_not_file", path=shown)
            digest, size = self._hash(real, st)
        except FileNotFoundError:
            return msg("evidence_not_found", path=shown)
        except OSError as exc:
            return msg("evidence_unreadable", path=shown, reason=exc.strerror or str(exc))
        return VerifiedFile("/".join(parts), digest, size)

    def _resolve(self, parts: tuple[str, ...], shown: str) -> Path | Msg:
        """The real path of ``parts`` inside the folder, or why there is none."""
        candidate = self.root.joinpath(*parts)
        try:
            real = candidate.resolve(strict=True)
        except FileNotFoundError:
            # A dangling link may still point outside: say so rather than "not found".
            if candidate.is_symlink() and not _inside(candidate.resolve(), self.root):
                return msg("evidence_outside", path=shown)
            return msg("evidence_not_found", path=shown)
        except (OSError, RuntimeError, ValueError) as exc:  # symlink loops, permissions, NUL bytes
            return msg("evidence_unreadable", path=shown, reason=getattr(exc, "strerror", None) or str(exc))
        if not _inside(real, self.root):
            return msg("evidence_outside", path=shown)
        return real

    def _hash(self, real: Path, st: os.stat_result) -> tuple[str, int]:
        key = (str(real), st.st_mtime_ns, st.st_size)
        cached = self._hashes.get(key)
        if cached is None:
            h = hashlib.sha256()
            size = 0
            with open(real, "rb") as fh:
                while chunk := fh.read(_CHUNK):
                    h.update(chunk)
                    size += len(chunk)
            cached = self._hashes[key] = (h.hexdigest(), size)
        return cached


class StoredEvidence(EvidenceFolder):
    """Evidence files kept elsewhere (a content-addressed store), known by their paths, SHA-256
    and sizes: checked like the files of a folder, without laying them out first. Paths are
    refused as a folder refuses them (absolute, ``..``)."""

    def __init__(self, files: Mapping[str, tuple[str, int]]):
        super().__init__(None)
        self.files = dict(files)

    def _found(self, parts: tuple[str, ...], shown: str) -> VerifiedFile | Msg:
        path = "/".join(parts)
        known = self.files.get(path)
        return VerifiedFile(path, *known) if known else msg("evidence_not_found", path=shown)


def _inside(path: Path, root: Path) -> bool:
    """``path`` is ``root`` or below it (both resolved)."""
    p, r = str(path), str(root)
    return p == r or p.startswith(r if r.endswith(os.sep) else r + os.sep)
