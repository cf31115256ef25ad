"""``POST /api/v1/documents/{checklist|attestation|answers-template}``: the file, rendered in
the process pool, or served from the cache of rendered documents (the same bytes)."""

from __future__ import annotations

import logging
from enum import Enum

from fastapi import APIRouter, Request, Response
from pydantic import Field

from ...documents.formats import FORMATS, offered
from ...errors import InputError, Location
from .. import jobs
from ..deps import Caller, State, audited
from ..profiles import canonical, resolve_profile
from ..responses import ProfileInput, day_or_today, recorded_file
from ..store import render_key

log = logging.getLogger("compliance.service")
router = APIRouter(prefix="/documents", tags=["documents"])


class Kind(str, Enum):
    checklist = "checklist"
    attestation = "attestation"
    answers_template = "answers-template"


#: The kind of output each document offers formats of (formats.OFFERED), and its default language
#: (as in the CLI: documents in German, the answers template in English).
_OFFER = {Kind.checklist: ("document", "de"), Kind.attestation: ("document", "de"),
          Kind.answers_template: ("answers-template", "en")}


class DocumentBody(ProfileInput):
    format: str | None = Field(None, description="checklist, attestation: " + ", ".join(offered("document")) + " (the first is the default); "
                                                 "answers-template: " + ", ".join(offered("answers-template")) + ".")
    fillable: bool = Field(False, description="PDF form fields, one per question (checklist, attestation).")


@router.post("/{kind}", summary="Render a checklist, attestation form or answers template",
             responses={200: {"content": {FORMATS[f].media_type: {} for k in ("document", "answers-template") for f in offered(k)},
                              "description": "The document, with a Content-Disposition file name."}})
async def render(kind: Kind, body: DocumentBody, request: Request, st: State, who: Caller) -> Response:
    offer, default_lang = _OFFER[kind]
    fmt = body.format or offered(offer)[0]
    with audited(st, who, f"documents.{kind.value}") as rec:
        if fmt not in offered(offer):
            raise InputError(f"format: {kind.value} comes in {', '.join(offered(offer))}, not {fmt!r}", Location("request body"))
        profile = resolve_profile(st.db, st.ruleset, body.profile)
        data = canonical(profile)
        day = day_or_today(body.as_of).isoformat()
        lang = body.lang or default_lang
        fillable = body.fillable and kind != Kind.answers_template
        key = render_key(kind=kind.value, format=fmt, lang=lang, as_of=day, fillable=fillable,
                         include_drafts=body.include_drafts, profile=data, **st.identity)
        rec.profile_id, rec.input_sha256 = profile.id, key
        etag = f'"{key}"'
        if request.headers.get("if-none-match") == etag:
            rec.outcome, rec.status = "not-modified", 304
            return Response(status_code=304, headers={"ETag": etag})
        cached = st.cache.get(key)
        if cached is None:
            out, filename, warnings = await st.pool.run(jobs.render, st.ruleset.digest, kind.value, data, day, lang, fmt,
                                                        fillable, body.include_drafts)
            for w in warnings:
                log.warning("%s for %s: %s", kind.value, profile.id, w)
            cached = st.cache.put(key, out, FORMATS[fmt].media_type, filename)
            rec.outcome = "rendered"
        else:
            rec.outcome = "cached"
        return recorded_file(rec, cached.data, cached.media_type, cached.filename,
                             {"ETag": etag, "X-Compliance-Cache": "hit" if rec.outcome == "cached" else "miss"})
