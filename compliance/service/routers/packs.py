"""``POST /api/v1/packs``: an attestation pack (PDF/A-3b) built as ``compliance pack`` builds it."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from .. import jobs
from ..deps import Caller, State, audited
from ..inputs import receive, request_folder
from ..profiles import canonical
from ..responses import day_or_today, parse_fields, recorded_file
from .check import FILES, OPENAPI, CheckOptions, submitted_inputs

router = APIRouter(tags=["packs"])

_PACK_OPENAPI = {"requestBody": {"required": True, "content": {
    "multipart/form-data": OPENAPI["requestBody"]["content"]["multipart/form-data"]}}}


@router.post("/packs", summary="Build an attestation pack (= pack)", openapi_extra=_PACK_OPENAPI,
             responses={200: {"content": {"application/pdf": {}},
                              "description": "The pack; X-Compliance-Verdict and X-Compliance-Manifest-SHA256 say what it holds."}})
async def build(request: Request, st: State, who: Caller) -> Response:
    with audited(st, who, "packs") as rec, request_folder() as folder:
        sub = await receive(request, folder, files=FILES, texts=tuple(CheckOptions.model_fields))
        rec.input_sha256 = sub.digest
        options = parse_fields(CheckOptions, {k: v for k, v in sub.fields.items() if k not in FILES})
        profile, answers = await run_in_threadpool(submitted_inputs, st, sub)
        rec.profile_id = profile.id
        # packs are German by default, as in the CLI; the render process reads the answers file itself
        out = await st.pool.run(jobs.pack, st.ruleset.digest, canonical(profile), str(answers), str(folder),
                                day_or_today(options.as_of).isoformat(), options.lang or "de",
                                str(sub.evidence_dir) if sub.evidence_dir else None)
        rec.outcome = out["verdict"]
        return recorded_file(rec, out["pdf"], "application/pdf", out["filename"], {
            "X-Compliance-Verdict": out["verdict"], "X-Compliance-Manifest-SHA256": out["manifest_sha256"],
            "X-Compliance-Pages": str(out["pages"])})
