"""Stored vendor profiles: ``PUT/GET/DELETE /api/v1/profiles/{id}``, and the one way every
route turns its ``profile`` input (inline JSON, a stored id, an uploaded file) into a profile.

A profile is validated exactly like ``compliance profile validate`` when it is stored, and again
whenever it is used (the rule set, and its critical-function vocabulary, may have changed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, select

from ..errors import InputError, InputErrors, Location, NotFound
from ..models import Profile
from ..ruleset import RuleSet, load_profile
from .audit import canonical_json, sha256_of
from .db import Database
from .inputs import INLINE_PROFILE, profile_from_data, profile_from_text
from .models import StoredProfile, utcnow

#: The id pattern of profiles (``models.common.Slug``), for paths and references.
PROFILE_ID = r"^[a-z0-9][a-z0-9-]*$"
_ID = re.compile(PROFILE_ID)


@dataclass(frozen=True)
class StoredInfo:
    id: str
    legal_name: str
    components: int
    sha256: str
    created_at: str
    updated_at: str
    updated_by: str
    created: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "legal_name": self.legal_name, "components": self.components, "sha256": self.sha256,
                "created_at": self.created_at, "updated_at": self.updated_at, "updated_by": self.updated_by}


def _info(row: StoredProfile, created: bool = False) -> StoredInfo:
    body = row.body
    return StoredInfo(row.id, str(body.get("legal_name", "")), len(body.get("components") or []), row.sha256,
                      row.created_at.isoformat(), row.updated_at.isoformat(), row.updated_by, created)


def canonical(profile: Profile) -> dict[str, Any]:
    return profile.model_dump(mode="json")


def put_profile(db: Database, ruleset: RuleSet, profile_id: str, text: str, *, json: bool, actor: str) -> StoredInfo:
    """Validate ``text`` (a profile as YAML or JSON) and store it under ``profile_id``."""
    profile = profile_from_text(text, "request body", ruleset, json=json)
    if profile.id != profile_id:
        raise InputErrors([InputError(f"id: the profile's id is {profile.id!r}, but the address says {profile_id!r}",
                                      Location("request body"))])
    body = canonical(profile)
    digest = sha256_of(body)
    now = utcnow()
    with db.writing() as s:
        row = s.get(StoredProfile, profile_id)
        created = row is None
        if row is None:
            row = StoredProfile(id=profile_id, body=body, sha256=digest, created_at=now, updated_at=now, updated_by=actor)
            s.add(row)
        elif row.sha256 != digest:
            row.body, row.sha256, row.updated_at, row.updated_by = body, digest, now, actor
        s.flush()
        return _info(row, created)


def get_profile_row(db: Database, profile_id: str) -> StoredProfile:
    with db.reading() as s:
        row = s.get(StoredProfile, profile_id) if _ID.match(profile_id) else None
    if row is None:
        raise NotFound(f"no stored profile {profile_id!r}")
    return row


def delete_profile(db: Database, profile_id: str) -> None:
    with db.writing() as s:
        row = s.get(StoredProfile, profile_id)
        if row is None:
            raise NotFound(f"no stored profile {profile_id!r}")
        s.delete(row)


def list_profiles(db: Database) -> list[dict[str, Any]]:
    with db.reading() as s:
        return [_info(r).to_dict() for r in s.scalars(select(StoredProfile).order_by(StoredProfile.id))]


def resolve_profile(db: Database, ruleset: RuleSet, value: dict[str, Any] | str | Path) -> Profile:
    """A request's ``profile``: an uploaded file (a path), inline JSON (a mapping, or text that
    is a JSON object), or the id of a stored profile."""
    if isinstance(value, Path):
        return load_profile(value, ruleset)
    if isinstance(value, dict):
        return profile_from_data(value, ruleset)
    text = value.strip()
    if text.startswith("{"):
        return profile_from_text(text, INLINE_PROFILE, ruleset, json=True)
    if not _ID.match(text):
        raise InputErrors([InputError(f"{text[:80]!r} is neither a profile (a JSON object) nor the id of a stored profile",
                                      Location(INLINE_PROFILE))])
    with db.query() as conn:
        body = conn.execute(_BODY, {"id": text}).scalar()
    if body is None:
        raise InputErrors([InputError(f"no stored profile {text!r} (store it with PUT /api/v1/profiles/{text})",
                                      Location(INLINE_PROFILE))])
    return profile_from_data(body, ruleset, file=f"profiles/{text}")


_BODY = select(StoredProfile.body).where(StoredProfile.id == bindparam("id"))


def profile_digest(profile: Profile) -> str:
    return sha256_of(canonical_json(canonical(profile)))
