"""The service's tables (SQLAlchemy 2): the single source of the schema; migrations follow it.

Portable types only, so one migration tree serves SQLite and PostgreSQL: ``JSON`` (not JSONB),
timestamps through :class:`UTCDateTime`, integer keys that autoincrement on both.
Constraint names are deterministic (``NAMING``), which Alembic's batch mode on SQLite needs to
alter them later.

Tables: ``tokens`` (bearer tokens: only the SHA-256 of each), ``audit_log`` (who did what, when,
on which profile, with input and output digests), ``profiles`` (stored vendor profiles),
``blobs`` (the index of the content-addressed file store) and ``rendered`` (rendered documents by
the digest of everything that determines them). The vendor portal adds ``requests`` (a
questionnaire sent to a vendor: its link's hash, draft, last submission, pack), their history
(``request_events``), the vendor's uploads (``request_files``, pointing at ``blobs``), the failed
link and sign-in attempts the rate limit counts (``login_failures``) and the service's own keys
(``service_keys``: the session cookies' signing key, shared by every server on the database).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, TypeDecorator
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


class VendorRequest(Base):
    """A questionnaire sent to a vendor (``/api/v1/requests``): the profile as it was sent, the
    dates, the SHA-256 of the vendor's link, the draft (form values as typed), the last
    submission (answers, files and check result) and the latest pack."""

    __tablename__ = "requests"
    id: Mapped[int] = mapped_column(Serial, primary_key=True)
    profile_id: Mapped[str] = mapped_column(String(200), index=True)
    profile: Mapped[dict] = mapped_column(JSON)
    as_of: Mapped[dt.date] = mapped_column(Date)
    due: Mapped[dt.date] = mapped_column(Date)
    lang: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(20))
    verdict: Mapped[str | None] = mapped_column(String(20))
    link_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    link_expires: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    draft: Mapped[dict] = mapped_column(JSON)
    submission: Mapped[dict | None] = mapped_column(JSON)
    submissions: Mapped[int] = mapped_column(Integer)
    waivers: Mapped[list | None] = mapped_column(JSON)  # of the last submission: [{question, expires}], for the lists
    pack_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    pack: Mapped[dict | None] = mapped_column(JSON)  # verdict, manifest SHA-256, pages, submission, built_at
    pack_state: Mapped[str | None] = mapped_column(String(10))  # pending | failed
    pack_claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    signed_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    signed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class RequestEventRow(Base):
    """One event of a request's history: when, who (a token's name, or ``vendor``), what."""

    __tablename__ = "request_events"
    id: Mapped[int] = mapped_column(Serial, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    event: Mapped[str] = mapped_column(String(30))
    detail: Mapped[dict | None] = mapped_column(JSON)


class RequestFile(Base):
    """An evidence file the vendor uploaded for a rule: its name as shown, the path it has in
    the evidence folder of a check (derived, never the uploaded name) and its blob."""

    __tablename__ = "request_files"
    id: Mapped[int] = mapped_column(Serial, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    rule_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(String(400))
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    size: Mapped[int] = mapped_column(BigInteger)
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class LoginFailure(Base):
    """A failed attempt from a client address: an unknown vendor link or a wrong token at sign-in."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_ip_at", "ip", "at"),)
    id: Mapped[int] = mapped_column(Serial, primary_key=True)
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class ServiceKey(Base):
    """A secret of the service itself, made on first start (``session``: signs the cookies)."""

    __tablename__ = "service_keys"
    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
