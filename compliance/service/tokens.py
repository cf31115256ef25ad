"""Bearer tokens: ``compliance tokens create|list|revoke`` and the check of every API call.

A token is ``cmp_`` followed by 43 URL-safe characters (256 random bits). It is shown once, when
it is made; the database keeps only its SHA-256 (a plain hash is enough for a random secret of
that length: there is nothing to guess). A revoked token keeps its row, so that the audit log's
names stay unique and the same name cannot be given to someone else later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from ..errors import InputError, NotFound
from .db import Database
from .models import Token, utcnow

PREFIX = "cmp_"
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")


class Unauthenticated(Exception):
    """No token, or one this server does not know (HTTP 401)."""


class Revoked(Exception):
    """A token that was revoked (HTTP 403)."""

    def __init__(self, name: str):
        super().__init__(f"token {name!r} was revoked")
        self.name = name


@dataclass(frozen=True)
class TokenInfo:
    name: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "created_at": self.created_at.isoformat(),
                "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None, "active": self.active}


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _info(row: Token) -> TokenInfo:
    return TokenInfo(row.name, row.created_at, row.revoked_at)


def check_name(name: str) -> str:
    if not NAME.fullmatch(name):
        raise InputError(f"token name {name!r}: use 1-100 letters, digits and . _ @ - (starting with a letter or digit)")
    return name


def create_token(db: Database, name: str) -> str:
    """Make a token called ``name``; return the secret (the only time it is available)."""
    check_name(name)
    secret = PREFIX + secrets.token_urlsafe(32)
    try:
        with db.writing() as s:
            if s.scalar(select(Token.id).where(Token.name == name)) is not None:
                raise InputError(f"a token named {name!r} exists already (names are never reused; choose another)")
            s.add(Token(name=name, sha256=digest(secret), created_at=utcnow()))
    except IntegrityError:  # made by another process at the same moment
        raise InputError(f"a token named {name!r} exists already (names are never reused; choose another)") from None
    return secret


def list_tokens(db: Database) -> list[TokenInfo]:
    with db.reading() as s:
        return [_info(t) for t in s.scalars(select(Token).order_by(Token.created_at, Token.id))]


def revoke_token(db: Database, name: str) -> TokenInfo:
    """Revoke ``name`` (at once, for every server sharing the database); revoking twice is fine."""
    with db.writing() as s:
        row = s.scalar(select(Token).where(Token.name == name))
        if row is None:
            raise NotFound(f"no token named {name!r}")
        if row.revoked_at is None:
            row.revoked_at = utcnow()
        return _info(row)


_BY_DIGEST = select(Token.name, Token.revoked_at).where(Token.sha256 == bindparam("sha256"))


def authenticate(db: Database, authorization: str | None) -> str:
    """The token name for an ``Authorization`` header; :class:`Unauthenticated` or :class:`Revoked`."""
    if not authorization:
        raise Unauthenticated("missing Authorization: Bearer <token>")
    scheme, _, secret = authorization.partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret:
        raise Unauthenticated("expected Authorization: Bearer <token>")
    with db.query() as conn:
        row = conn.execute(_BY_DIGEST, {"sha256": digest(secret)}).first()
    if row is None:
        raise Unauthenticated("unknown token")
    if row.revoked_at is not None:
        raise Revoked(row.name)
    return row.name


def active_name(db: Database, sha256: str) -> str | None:
    """The name of the active token whose SHA-256 is ``sha256`` (a signed-in dashboard session
    keeps the hash, never the token); ``None`` when it is unknown or revoked."""
    with db.query() as conn:
        row = conn.execute(_BY_DIGEST, {"sha256": sha256}).first()
    return row.name if row is not None and row.revoked_at is None else None
