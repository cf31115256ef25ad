"""``/api/v1/tokens``: the bearer tokens (every token may do everything, this too)."""

from __future__ import annotations

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, Field

from ..deps import Caller, State, audited
from ..responses import json_response, recorded_json
from ..tokens import create_token, list_tokens, revoke_token

router = APIRouter(prefix="/tokens", tags=["tokens"])


class NewToken(BaseModel):
    name: str = Field(..., description="Who or what will use it (shown in the audit log); never reused.")


@router.get("", summary="The tokens (names and dates; never the secrets)")
async def index(st: State, who: Caller) -> Response:
    with audited(st, who, "tokens.list") as rec:
        return recorded_json(rec, [t.to_dict() for t in list_tokens(st.db)])


@router.post("", status_code=201, summary="Make a token (its secret is shown this once)")
async def create(body: NewToken, st: State, who: Caller) -> Response:
    with audited(st, who, "tokens.create") as rec:
        secret = create_token(st.db, body.name)
        rec.outcome, rec.status = body.name, 201
        return json_response({"name": body.name, "token": secret}, 201, {"Cache-Control": "no-store"})


@router.delete("/{name}", summary="Revoke a token (at once, for every server on this database)")
async def revoke(st: State, who: Caller, name: str = Path(..., max_length=100)) -> Response:
    with audited(st, who, "tokens.revoke") as rec:
        rec.outcome = name
        return recorded_json(rec, revoke_token(st.db, name).to_dict())
