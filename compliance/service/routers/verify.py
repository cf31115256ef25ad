"""``POST /api/v1/verify``: is a pack intact, and does a re-check with its own data agree?"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from ...errors import InputError, Location
from .. import jobs
from ..deps import Caller, State, audited
from ..inputs import receive, request_folder
from ..responses import recorded_json

router = APIRouter(tags=["verify"])

OPENAPI = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary", "description": "The pack (PDF) to verify."}}}}}}}


@router.post("/verify", summary="Verify an attestation pack (= verify --format json)", openapi_extra=OPENAPI)
async def verify(request: Request, st: State, who: Caller) -> Response:
    with audited(st, who, "verify") as rec, request_folder() as folder:
        sub = await receive(request, folder, files={"file": "pack.pdf"}, texts=())
        rec.input_sha256 = sub.digest
        path = sub.files.get("file")
        if path is None:
            raise InputError("missing file field 'file' (the pack to verify)", Location("request body"))
        report = await st.pool.run(jobs.verify, st.ruleset.digest, str(path), str(folder))
        rec.profile_id = (report.get("pack") or {}).get("profile")
        rec.outcome = str(report["status"])
        return recorded_json(rec, report, headers={"X-Compliance-Status": rec.outcome})
