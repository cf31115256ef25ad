"""``POST /api/v1/check``: a vendor's answers against the rules in effect, the CLI's check JSON.

Two ways in: a JSON body ``{profile, answers, as_of, lang, ...}`` (profile inline or the id of a
stored profile; no evidence files), or multipart with files as the CLI reads them (a profile
file or id, an answers file of any kind: YAML, JSON, a filled PDF form or a pack, and the
evidence files, each named by its path relative to the evidence folder). ``?format=html|pdf``
gives the report document instead (rendered in the process pool).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from ...answers import read_answers, require_profile
from ...checking import check as run_check
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


class Checked:
    """What a check needs to answer in any format."""

    def __init__(self, profile: Profile, answers: Answers, options: CheckOptions, evidence: Path | None, source: str | None):
        self.profile, self.answers, self.options, self.evidence, self.source = profile, answers, options, evidence, source
        self.day = day_or_today(options.as_of)
        self.lang = options.lang or "en"
        self.data: dict[str, Any] = {}

    def run(self, st: ServiceState) -> Checked:
        """The check itself (the CLI's :func:`compliance.checking.check`); ``data`` is its JSON."""
        o = self.options
        self.data = run_check(st.ruleset, self.profile, self.answers, as_of=self.day, evidence_dir=self.evidence,
                              accept_review=o.accept_review, include_drafts=o.include_drafts, lang=self.lang,
                              source=self.source).to_dict()
        return self


def load_submission(st: ServiceState, sub: Submission, options: CheckOptions) -> Checked:
    """Read the uploaded files as ``compliance check PROFILE ANSWERS -e evidence`` reads them."""
    with paths_shown_from(sub.folder):
        value = sub.files.get("profile") or sub.text("profile")
        if value is None:
            raise InputError("missing field 'profile' (a file, a JSON object or a stored profile's id)", Location("request body"))
        profile = resolve_profile(st.db, st.ruleset, value)
        path = sub.files.get("answers") or (text_file(sub, "answers", sub.text("answers") or "") if sub.text("answers") else None)
        if path is None:
            raise InputError("missing field 'answers' (a file: YAML, JSON or PDF)", Location("request body"))
        loaded = read_answers(path, st.ruleset, profile_id=profile.id)
        require_profile(loaded, profile)
        return Checked(profile, loaded.answers, options, sub.evidence_dir, loaded.file).run(st)


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
            checked = await run_in_threadpool(load_submission, st, sub, options)
        else:  # JSON: cheap enough to check right here on the event loop
            raw = await request.body()
            rec.input_sha256 = sha256_hex(raw)
            body = parse_body(CheckBody, raw)
            profile = resolve_profile(st.db, st.ruleset, body.profile)
            rec.profile_id = profile.id
            checked = Checked(profile, answers_from_data(body.answers), body, None, None).run(st)
        data = checked.data
        rec.profile_id, rec.outcome = checked.profile.id, str(data["verdict"])
        headers = {"X-Compliance-Verdict": rec.outcome}
        if format == "json":
            return recorded_json(rec, data, headers=headers)
        o = checked.options
        out, filename, _verdict = await st.pool.run(
            jobs.report, st.ruleset.digest, canonical(checked.profile), checked.answers.model_dump(mode="json"),
            checked.day.isoformat(), checked.lang, format, str(checked.evidence) if checked.evidence else None,
            o.accept_review, o.include_drafts, checked.source)
        return recorded_file(rec, out, FORMATS[format].media_type, filename, headers)
