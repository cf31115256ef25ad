"""The content-addressed file store and the cache of rendered documents.

Files live at ``DATA/blobs/ab/cd/<sha256>`` (written atomically, never changed: the name is the
content), indexed by the ``blobs`` table. Rendered documents are deterministic, so a document
is kept under the digest of everything that determines its bytes (:func:`render_key`) and served
again as the same bytes. Several server processes (or replicas sharing the data folder) may
render the same document at once: both write the same file, and the second row is ignored.
A row whose file is missing (a replica with a data folder of its own) is a miss, not an error.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from ..files.atomic import write_atomic
from .audit import canonical_json
from .db import Database
from .models import Blob, Rendered, utcnow


class FileStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, db: Database, data: bytes) -> str:
        """Store ``data``; return its SHA-256."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if not target.is_file() or target.stat().st_size != len(data):
            write_atomic(target, data)
        try:
            with db.writing() as s:
                if s.get(Blob, sha) is None:
                    s.add(Blob(sha256=sha, size=len(data), created_at=utcnow()))
        except IntegrityError:  # stored by another process meanwhile
            pass
        return sha

    def get(self, sha256: str) -> bytes | None:
        try:
            data = self.path(sha256).read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == sha256 else None


@dataclass(frozen=True)
class CachedFile:
    data: bytes
    media_type: str
    filename: str
    key: str


def render_key(**parts: object) -> str:
    """The digest of everything that determines a rendered document (canonical JSON)."""
    return hashlib.sha256(canonical_json(parts)).hexdigest()


class RenderCache:
    def __init__(self, db: Database, store: FileStore):
        self.db, self.store = db, store

    def get(self, key: str) -> CachedFile | None:
        with self.db.reading() as s:
            row = s.get(Rendered, key)
        if row is None:
            return None
        data = self.store.get(row.blob_sha256)
        return None if data is None else CachedFile(data, row.media_type, row.filename, key)

    def put(self, key: str, data: bytes, media_type: str, filename: str) -> CachedFile:
        sha = self.store.put(self.db, data)
        try:
            with self.db.writing() as s:
                if s.get(Rendered, key) is None:
                    s.add(Rendered(key=key, blob_sha256=sha, media_type=media_type, filename=filename, created_at=utcnow()))
        except IntegrityError:  # rendered by another process meanwhile: same bytes
            pass
        return CachedFile(data, media_type, filename, key)
