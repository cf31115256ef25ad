"""``GET /api/v1/audit``: the audit log, oldest first, in pages."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Query, Response

from ...errors import InputError, Location
from ..audit import MAX_LIMIT, entries
from ..deps import Caller, State, audited
from ..responses import recorded_json

router = APIRouter(tags=["audit"])


@router.get("/audit", summary="Who did what, when, on which profile")
async def audit(st: State, who: Caller,
                since: dt.datetime | None = Query(None, description="From this time on (ISO 8601; a date means its midnight UTC)."),
                after: int | None = Query(None, description="Only entries after this id (the next page: the last id seen)."),
                limit: int = Query(1000, ge=1, le=MAX_LIMIT), actor: str | None = None, action: str | None = None) -> Response:
    with audited(st, who, "audit") as rec:
        if since is not None and since.tzinfo is None:
            since = since.replace(tzinfo=dt.timezone.utc)
        if since is not None and since.year < 1:
            raise InputError("since: not a date", Location("request query"))
        found, more = entries(st.db, since=since, after=after, limit=limit, actor=actor, action=action)
        return recorded_json(rec, {"entries": found, "more": more,
                                   "next": f"after={found[-1]['id']}" if more and found else None})
