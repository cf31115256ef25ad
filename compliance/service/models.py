"""The service's tables (SQLAlchemy 2): the single source of the schema; migrations follow it.

Portable types only, so one migration tree serves SQLite and PostgreSQL: ``JSON`` (not JSONB),
timestamps through :class:`UTCDateTime`, integer keys that autoincrement on both.
Constraint names are deterministic (``NAMING``), which Alembic's batch mode on SQLite needs to
alter them later.

Tables: ``tokens`` (bearer tokens: only the SHA-256 of each), ``audit_log`` (who did what, when,
on which profile, with input and output digests), ``profiles`` (stored vendor profiles),
``blobs`` (the index of the content-addressed file store) and ``rendered`` (rendered documents by
the digest of everything that determines them). The vendor portal adds its requests, events
and uploads next to these, pointing at ``profiles`` and ``blobs``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Integer, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: An autoincrementing key on both databases (SQLite only autoincrements INTEGER PRIMARY KEY).
Serial = BigInteger().with_variant(Integer, "sqlite")


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on both databases (SQLite hands back naive ones otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware (UTC) one")
        return value.astimezone(dt.timezone.utc)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Token(Base):
    """A bearer token: its name (shown in the audit log) and the SHA-256 of the secret."""

    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(Serial, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    """One call of the API: who (token name), what (action), when, on which profile, with the
    digests of what came in and what went out, the HTTP status and the outcome (a verdict...)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Serial, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100), index=True)
    action: Mapped[str] = mapped_column(String(60))
    profile_id: Mapped[str | None] = mapped_column(String(200))
    input_sha256: Mapped[str | None] = mapped_column(String(64))
    output_sha256: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str | None] = mapped_column(String(60))


class StoredProfile(Base):
    """A vendor profile stored with ``PUT /api/v1/profiles/{id}`` (its canonical JSON)."""

    __tablename__ = "profiles"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    body: Mapped[dict] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100))


class Blob(Base):
    """A file of the content-addressed store (``DATA/blobs/ab/cd/<sha256>``)."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Rendered(Base):
    """A rendered document, found by the digest of everything that determines its bytes."""

    __tablename__ = "rendered"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), index=True)
    media_type: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
