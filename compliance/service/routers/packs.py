"""``POST /api/v1/packs``: an attestation pack (PDF/A-3b) built as ``compliance pack`` builds it."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from .. import jobs
from ..deps import Caller, State, audited
from ..inputs import receive, request_folder
from ..profiles import canonical
from ..responses import parse_fields, recorded_file
from .check import FILES, OPENAPI, CheckOptions, load_submission

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
        if options.lang is None:
            options = options.model_copy(update={"lang": "de"})  # packs are German by default, as in the CLI
        checked = await run_in_threadpool(load_submission, st, sub, options)
        rec.profile_id = checked.profile.id
        out = await st.pool.run(jobs.pack, st.ruleset.digest, canonical(checked.profile), checked.answers.model_dump(mode="json"),
                                checked.day.isoformat(), checked.lang, str(sub.evidence_dir) if sub.evidence_dir else None)
        rec.outcome = out["verdict"]
        return recorded_file(rec, out["pdf"], "application/pdf", out["filename"], {
            "X-Compliance-Verdict": out["verdict"], "X-Compliance-Manifest-SHA256": out["manifest_sha256"],
            "X-Compliance-Pages": str(out["pages"])})
