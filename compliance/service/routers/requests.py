"""``/api/v1/requests``: questionnaires sent to vendors (the vendor portal), for integrators.

``POST`` makes one and answers the vendor's link (``vendor_url``, shown this once: only its hash
is stored); the list is sorted by urgency as the dashboard shows it; one request comes with its
history and its last check; its latest pack and the vendor's signed pack are files.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from ...enums import RequestStatus
from ...errors import InputError, Location, NotFound
from ..deps import Caller, State, audited
from ..portal import requests as rq
from ..portal.flow import make_request
from ..portal.web import vendor_url
from ..profiles import resolve_profile
from ..responses import LangCode, recorded_file, recorded_json

router = APIRouter(prefix="/requests", tags=["requests"])
RequestId = Path(..., ge=1, le=2**62, description="The request's id.")


class NewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    profile: dict[str, Any] | str | None = Field(None, description="The vendor profile (a JSON object) or the id of a stored profile.")
    profile_id: str | None = Field(None, description="The id of a stored profile (instead of `profile`).")
    as_of: dt.date | None = Field(None, description="The date whose rules the questionnaire asks (YYYY-MM-DD). Default: today.")
    due: dt.date | None = Field(None, description="When the answers are due. Default: in 30 days. The link works until this day "
                                                  "plus the server's --link-grace-days.")
    lang: LangCode | None = Field(None, description="The questionnaire's language and the pack's: de (default) or en. "
                                                    "The vendor may switch the page's language.")


@router.post("", status_code=201, summary="Send a questionnaire: a request with the vendor's link",
             responses={201: {"description": "`{id, status, vendor_url, ...}`: the link is shown only now."}})
async def create(body: NewRequest, request: Request, st: State, who: Caller) -> Response:
    with audited(st, who, "requests.create") as rec:
        if (body.profile is None) == (body.profile_id is None):
            raise InputError("give either profile (a JSON object or a stored profile's id) or profile_id", Location("request body"))
        profile = resolve_profile(st.db, st.ruleset, body.profile if body.profile is not None else body.profile_id)
        rec.profile_id = profile.id
        row, secret = make_request(st, profile, as_of=body.as_of, due=body.due, lang=body.lang, actor=who)
        rec.outcome = f"request {row.id}"
        return recorded_json(rec, {**rq.request_dict(row), "vendor_url": vendor_url(st, request, secret)}, 201,
                             {"Cache-Control": "no-store", "Location": f"/api/v1/requests/{row.id}"})


@router.get("", summary="The requests, most urgent first (open ones by due date; closed ones last)")
async def index(st: State, who: Caller, status: RequestStatus | None = Query(None, description="Only requests with this status."),
                profile: str | None = Query(None, description="Only requests of this profile id.")) -> Response:
    with audited(st, who, "requests.list") as rec:
        return recorded_json(rec, [rq.request_dict(row) for row in rq.list_requests(st.db, status=status, profile=profile)])


@router.get("/{request_id}", summary="One request, with its history and its last check (the check JSON)")
async def show(st: State, who: Caller, request_id: int = RequestId) -> Response:
    with audited(st, who, "requests.get") as rec:
        row = rq.get_request(st.db, request_id)
        rec.profile_id = row.profile_id
        return recorded_json(rec, rq.request_dict(row, events=rq.history(st.db, request_id), check=True))


def _file(st: State, who: str, request_id: int, what: str) -> Response:
    with audited(st, who, f"requests.{what}") as rec:
        row = rq.get_request(st.db, request_id)
        rec.profile_id = row.profile_id
        sha = row.pack_sha256 if what == "pack" else row.signed_sha256
        data = st.store.get(sha) if sha else None
        if data is None:
            raise NotFound(f"request {request_id} has no {'pack' if what == 'pack' else 'signed pack'} yet")
        rq.record_download(st.db, request_id, who, what, sha)
        filename = (row.pack or {}).get("filename") or "pack.pdf"
        if what == "signed":
            filename = filename.removesuffix(".pdf") + "-signed.pdf"
        return recorded_file(rec, data, "application/pdf", filename, {"X-Compliance-Verdict": str((row.pack or {}).get("verdict")),
                                                                      "X-Compliance-Manifest-SHA256": str((row.pack or {}).get("manifest_sha256"))})


@router.get("/{request_id}/pack", summary="The latest pack of the request (PDF)",
            responses={200: {"content": {"application/pdf": {}}, "description": "The pack; X-Compliance-Verdict says its verdict."}})
async def pack(st: State, who: Caller, request_id: int = RequestId) -> Response:
    return _file(st, who, request_id, "pack")


@router.get("/{request_id}/signed", summary="The pack as the vendor signed and uploaded it (PDF)",
            responses={200: {"content": {"application/pdf": {}}, "description": "The signed pack."}})
async def signed(st: State, who: Caller, request_id: int = RequestId) -> Response:
    return _file(st, who, request_id, "signed")


@router.post("/{request_id}/close", summary="Close a request (the vendor can change nothing more)")
async def close(request: Request, st: State, who: Caller, request_id: int = RequestId) -> Response:
    with audited(st, who, "requests.close") as rec:
        row = rq.close_request(st.db, request_id, who)
        rec.profile_id, rec.outcome = row.profile_id, row.status
        if row.pack_state == "pending":
            request.app.state.portal.builder.schedule(row.id)
        return recorded_json(rec, rq.request_dict(row))


@router.post("/{request_id}/link", summary="A new link for the vendor (the old one stops working)")
async def renew(request: Request, st: State, who: Caller, request_id: int = RequestId) -> Response:
    with audited(st, who, "requests.link") as rec:
        row, secret = rq.renew_link(st.db, request_id, who, st.settings.link_grace_days)
        rec.profile_id = row.profile_id
        return recorded_json(rec, {**rq.request_dict(row), "vendor_url": vendor_url(st, request, secret)},
                             headers={"Cache-Control": "no-store"})
