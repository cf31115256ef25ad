"""``POST /api/v1/check``: a vendor's answers against the rules in effect, the CLI's check JSON.

Two ways in: a JSON body ``{profile, answers, as_of, lang, ...}`` (profile inline or the id of a
stored profile; no evidence files), or multipart with files as the CLI reads them (a profile
file or id, an answers file of any kind: YAML, JSON, a filled PDF form or a pack, and the
evidence files, each named by its path relative to the evidence folder). ``?format=html|pdf``
gives the report document instead (rendered in the process pool).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from ...checking import check as run_check
from ...checking.batch import check_files
from ...documents.formats import FORMATS
from ...errors import InputError, Location, paths_shown_from
from ...models import Answers, Profile
from .. import jobs
from ..deps import Caller, ServiceState, State, audited
from ..inputs import Submission, answers_from_data, receive, request_folder, text_file
from ..profiles import canonical, resolve_profile
from ..responses import Options, ProfileInput, day_or_today, parse_body, parse_fields, recorded_file, recorded_json, sha256_hex

router = APIRouter(tags=["check"])

#: Multipart file fields and their default names; the text fields allowed.
FILES = {"profile": "profile.yaml", "answers": "answers.yaml"}


class CheckOptions(Options):
    accept_review: bool = Field(False, description="passed is true also for the verdict needs_review.")


class CheckBody(ProfileInput, CheckOptions):
    answers: dict[str, Any] = Field(..., description="The answers, in the answers-file shape ({profile, answers: {QID: {value, ...}}}).")


_MULTIPART = {
    "type": "object",
    "required": ["profile", "answers"],
    "properties": {
        "profile": {"type": "string", "format": "binary",
                    "description": "Profile file (YAML/JSON), or a text field: a JSON object or the id of a stored profile."},
        "answers": {"type": "string", "format": "binary",
                    "description": "Answers file: .yaml/.yml/.json, a filled attestation PDF or a pack."},
        "evidence": {"type": "array", "items": {"type": "string", "format": "binary"},
                     "description": "Evidence files, each named by its path relative to the evidence folder."},
        **{name: {"type": "string"} for name in CheckOptions.model_fields},
    },
}
OPENAPI = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": CheckBody.model_json_schema()},
    "multipart/form-data": {"schema": _MULTIPART}}}}


@dataclass
class Checked:
    """A check done, with what its other answers (the report, a pack) need: the profile, and the
    answers as inline data or as the uploaded file in the request's folder."""

    profile: Profile
    options: CheckOptions
    data: dict[str, Any]
    answers: Answers | None = None
    answers_file: Path | None = None
    folder: Path | None = None
    evidence: Path | None = None

    @property
    def day(self) -> dt.date:
        return day_or_today(self.options.as_of)

    @property
    def lang(self) -> str:
        return self.options.lang or "en"


def check_inline(st: ServiceState, profile: Profile, answers: Answers, options: CheckOptions) -> Checked:
    """A JSON request: the check itself (:func:`compliance.checking.check`), no files."""
    o = options
    result = run_check(st.ruleset, profile, answers, as_of=day_or_today(o.as_of), accept_review=o.accept_review,
                       include_drafts=o.include_drafts, lang=o.lang or "en")
    return Checked(profile, options, result.to_dict(), answers=answers)


def submitted_inputs(st: ServiceState, sub: Submission) -> tuple[Profile, Path]:
    """The profile and the answers file of a multipart request (messages name the files as sent)."""
    with paths_shown_from(sub.folder):
        value = sub.files.get("profile") or sub.text("profile")
        if value is None:
            raise InputError("missing field 'profile' (a file, a JSON object or a stored profile's id)", Location("request body"))
        profile = resolve_profile(st.db, st.ruleset, value)
        path = sub.files.get("answers") or (text_file(sub, "answers", sub.text("answers") or "") if sub.text("answers") else None)
        if path is None:
            raise InputError("missing field 'answers' (a file: YAML, JSON, a workbook or a PDF)", Location("request body"))
        return profile, path


def check_submission(st: ServiceState, sub: Submission, options: CheckOptions) -> Checked:
    """``compliance check PROFILE ANSWERS -e evidence``: the same function on the uploaded files."""
    profile, path = submitted_inputs(st, sub)
    o = options
    with paths_shown_from(sub.folder):
        batch = check_files(st.ruleset, [profile], [path], as_of=day_or_today(o.as_of), evidence_dir=sub.evidence_dir,
                            accept_review=o.accept_review, include_drafts=o.include_drafts, lang=o.lang or "en")
    return Checked(profile, options, batch.results[0].to_dict(), answers_file=path, folder=sub.folder,
                   evidence=sub.evidence_dir)


@router.post("/check", summary="Check a vendor's answers (= check --format json)", openapi_extra=OPENAPI,
             responses={200: {"content": {"application/json": {}, "text/html": {}, "application/pdf": {}},
                              "description": "The check JSON (or the report document with ?format=html|pdf)."}})
async def check(request: Request, st: State, who: Caller, format: Literal["json", "html", "pdf"] = "json") -> Response:
    multipart = request.headers.get("content-type", "").startswith("multipart/form-data")
    with audited(st, who, "check") as rec, (request_folder() if multipart else contextlib.nullcontext()) as folder:
        if multipart:
            sub = await receive(request, folder, files=FILES, texts=tuple(CheckOptions.model_fields))
            rec.input_sha256 = sub.digest
            options = parse_fields(CheckOptions, {k: v for k, v in sub.fields.items() if k not in FILES})
            checked = await run_in_threadpool(check_submission, st, sub, options)
        else:  # JSON: cheap enough to check right here on the event loop
            raw = await request.body()
            rec.input_sha256 = sha256_hex(raw)
            body = parse_body(CheckBody, raw)
            profile = resolve_profile(st.db, st.ruleset, body.profile)
            rec.profile_id = profile.id
            checked = check_inline(st, profile, answers_from_data(body.answers), body)
        data = checked.data
        rec.profile_id, rec.outcome = checked.profile.id, str(data["verdict"])
        headers = {"X-Compliance-Verdict": rec.outcome}
        if format == "json":
            return recorded_json(rec, data, headers=headers)
        o = checked.options
        out, filename = await st.pool.run(
            jobs.report, st.ruleset.digest, canonical(checked.profile),
            checked.answers.model_dump(mode="json") if checked.answers else None,
            str(checked.answers_file) if checked.answers_file else None, str(checked.folder) if checked.folder else None,
            checked.day.isoformat(), checked.lang, format, str(checked.evidence) if checked.evidence else None,
            o.accept_review, o.include_drafts)
        return recorded_file(rec, out, FORMATS[format].media_type, filename, headers)
