"""The audit log: who (token name) did what, when, on which profile, with the SHA-256 of what
came in and of what went out, the HTTP status and the outcome (a verdict, a verify status)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select

from .db import Database
from .models import AuditEntry, utcnow

#: Most entries one ``GET /api/v1/audit`` returns.
MAX_LIMIT = 10_000


def sha256_of(*parts: bytes | str | dict | list | None) -> str:
    """SHA-256 over ``parts`` in order (mappings and lists as canonical JSON), each framed by its
    length so that the boundaries between parts count."""
    h = hashlib.sha256()
    for part in parts:
        if part is None:
            data = b""
        elif isinstance(part, bytes):
            data = part
        elif isinstance(part, str):
            data = part.encode("utf-8")
        else:
            data = canonical_json(part)
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


@dataclass
class AuditRecord:
    """Filled in by a route while it works; written when the call ends, whatever its outcome."""

    actor: str
    action: str
    profile_id: str | None = None
    input_sha256: str | None = None
    output_sha256: str | None = None
    outcome: str | None = None
    status: int = 200

    def write(self, db: Database) -> None:
        with db.change() as conn:
            conn.execute(insert(AuditEntry), {
                "at": utcnow(), "actor": self.actor, "action": self.action, "profile_id": self.profile_id,
                "input_sha256": self.input_sha256, "output_sha256": self.output_sha256, "status": self.status,
                "outcome": self.outcome,
            })


def entry_dict(e: AuditEntry) -> dict[str, Any]:
    return {"id": e.id, "at": e.at.isoformat(), "actor": e.actor, "action": e.action, "profile": e.profile_id,
            "input_sha256": e.input_sha256, "output_sha256": e.output_sha256, "status": e.status,
            "outcome": e.outcome}


def entries(db: Database, *, since: dt.datetime | None = None, after: int | None = None, limit: int = 1000,
            actor: str | None = None, action: str | None = None) -> tuple[list[dict[str, Any]], bool]:
    """Entries from ``since`` (inclusive) and after id ``after``, oldest first, at most ``limit``;
    and whether there are more (ask again with ``after`` = the last id)."""
    q = select(AuditEntry).order_by(AuditEntry.id)
    if since is not None:
        q = q.where(AuditEntry.at >= since)
    if after is not None:
        q = q.where(AuditEntry.id > after)
    if actor:
        q = q.where(AuditEntry.actor == actor)
    if action:
        q = q.where(AuditEntry.action == action)
    with db.reading() as s:
        rows = list(s.scalars(q.limit(limit + 1)))
    return [entry_dict(e) for e in rows[:limit]], len(rows) > limit
