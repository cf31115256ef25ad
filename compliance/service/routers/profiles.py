"""``/api/v1/profiles``: store vendor profiles once, then name them by id in every call."""

from __future__ import annotations

from fastapi import APIRouter, Path, Request, Response

from ..deps import Caller, State, audited
from ..profiles import PROFILE_ID, delete_profile, get_profile_row, list_profiles, put_profile
from ..responses import recorded_json, sha256_hex

router = APIRouter(prefix="/profiles", tags=["profiles"])
ProfileId = Path(..., pattern=PROFILE_ID, max_length=200, description="The profile's id (its `id` key).")

_PUT = {"requestBody": {"required": True, "content": {
    "application/yaml": {"schema": {"type": "string"}, "example": "id: lotus-networks\nlegal_name: ...\n"},
    "application/json": {"schema": {"type": "object"}}}}}


@router.get("", summary="The stored profiles")
async def index(st: State, who: Caller) -> Response:
    with audited(st, who, "profiles.list") as rec:
        return recorded_json(rec, list_profiles(st.db))


@router.put("/{profile_id}", summary="Store a profile (validated as by profile validate)", openapi_extra=_PUT,
            responses={201: {"description": "Stored (new)"}, 200: {"description": "Stored (replaced)"}})
async def put(request: Request, st: State, who: Caller, profile_id: str = ProfileId) -> Response:
    with audited(st, who, "profiles.put") as rec:
        rec.profile_id = profile_id
        raw = await request.body()
        rec.input_sha256 = sha256_hex(raw)
        is_json = "json" in request.headers.get("content-type", "")
        text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
        info = put_profile(st.db, st.ruleset, profile_id, text, json=is_json, actor=who)
        rec.outcome = "created" if info.created else "stored"
        return recorded_json(rec, info.to_dict(), 201 if info.created else 200)


@router.get("/{profile_id}", summary="A stored profile (its canonical JSON)")
async def get(st: State, who: Caller, profile_id: str = ProfileId) -> Response:
    with audited(st, who, "profiles.get") as rec:
        rec.profile_id = profile_id
        row = get_profile_row(st.db, profile_id)
        return recorded_json(rec, row.body, headers={"ETag": f'"{row.sha256}"'})


@router.delete("/{profile_id}", status_code=204, summary="Delete a stored profile")
async def delete(st: State, who: Caller, profile_id: str = ProfileId) -> Response:
    with audited(st, who, "profiles.delete") as rec:
        rec.profile_id = profile_id
        delete_profile(st.db, profile_id)
        rec.status = 204
        return Response(status_code=204)
