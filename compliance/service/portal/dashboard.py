"""The operator's pages: ``/`` — sign in with an API token, then the requests sorted by urgency
(open ones by due date, overdue first; closed ones last), a form for a new request, and each
request's page with its history, downloads, a new link and closing.

The session keeps the token's name and SHA-256, never the token: a revoked token signs its
sessions out at the next page. Every action is in the audit log under the token's name, as it
would be through the API, and in the request's history.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.datastructures import UploadFile

from ...enums import LANGS, RequestStatus
from ...errors import InputError, InputErrors, NotFound
from ..deps import ServiceState, State, audited
from ..errors import input_error_items
from ..profiles import list_profiles, put_profile, resolve_profile
from ..responses import file_response
from ..tokens import Revoked, Unauthenticated, active_name, authenticate, digest
from . import requests as rq
from .flow import DEFAULT_DUE_DAYS, make_request
from .web import PageError, Redirect, client_ip, csrf_ok, form_data, page_lang, render, vendor_url

router = APIRouter(include_in_schema=False)


def operator(st: ServiceState, request: Request) -> str | None:
    """The signed-in operator's token name (``None``: not signed in, or the token was revoked)."""
    who = request.session.get("operator")
    if not isinstance(who, dict):
        return None
    name = active_name(st.db, str(who.get("sha256")))
    if name is None:
        request.session.pop("operator", None)
    return name


def signed_in(st: ServiceState, request: Request) -> str:
    name = operator(st, request)
    if name is None:
        raise Redirect("/")
    return name


async def _form(request: Request) -> Any:
    form = await form_data(request, max_files=1, max_fields=20)
    if not csrf_ok(request, form.get("csrf")):
        raise PageError(403, "csrf")
    return form


def _rows(st: ServiceState, status: str | None) -> list[dict[str, Any]]:
    today = dt.date.today()
    out = []
    for row in rq.list_requests(st.db, status=status or None):
        data = rq.request_dict(row)
        data["days_left"] = (row.due - today).days
        out.append(data)
    return out


def dashboard_page(st: ServiceState, request: Request, name: str, lang: str, *, status: int = 200,
                   errors: list[dict] | None = None, form: dict[str, str] | None = None) -> Response:
    wanted = request.query_params.get("status")
    wanted = wanted if wanted in RequestStatus.__members__ else None
    today = dt.date.today()
    defaults = {"profile": "", "as_of": today.isoformat(), "due": (today + dt.timedelta(days=DEFAULT_DUE_DAYS)).isoformat(),
                "lang": "de"}
    return render(st, request, "dashboard.html.j2", lang, status=status, operator=name, rows=_rows(st, wanted),
                  statuses=list(RequestStatus), wanted=wanted, profiles=list_profiles(st.db), errors=errors or [],
                  form={**defaults, **(form or {})}, langs=LANGS, today=today.isoformat())


@router.get("/")
async def home(request: Request, st: State) -> Response:
    lang = page_lang(request)
    name = await asyncio.to_thread(operator, st, request)
    if name is None:
        return render(st, request, "signin.html.j2", lang)
    return await asyncio.to_thread(dashboard_page, st, request, name, lang)


@router.post("/signin")
async def signin(request: Request, st: State) -> Response:
    lang = page_lang(request)
    attempts = request.app.state.portal.attempts
    ip = client_ip(request)
    await asyncio.to_thread(attempts.check, ip)
    form = await _form(request)
    token = str(form.get("token") or "").strip()
    try:
        name = await asyncio.to_thread(authenticate, st.db, f"Bearer {token}")
    except (Unauthenticated, Revoked) as exc:
        await asyncio.to_thread(attempts.fail, ip)
        key = "token_revoked" if isinstance(exc, Revoked) else "token_unknown"
        return render(st, request, "signin.html.j2", lang, status=401, error=key)
    request.session.clear()  # a new session for the signed-in operator (no fixation)
    request.session["operator"] = {"name": name, "sha256": digest(token)}
    request.session["lang"] = lang
    raise Redirect("/")


@router.post("/signout")
async def signout(request: Request, st: State) -> Response:
    await _form(request)
    request.session.pop("operator", None)
    raise Redirect("/")


def _profile(st: ServiceState, form: Any, name: str) -> Any:
    """The profile of the new-request form: an uploaded file (stored for the next requests too)
    or a stored profile's id."""
    upload = form.get("profile_file")
    if isinstance(upload, UploadFile) and upload.filename:
        raw = upload.file.read(5 * 1024 * 1024 + 1)
        text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
        from ..inputs import profile_from_text, safe_base_name

        shown = safe_base_name(upload.filename, "profile.yaml")
        profile = profile_from_text(text, shown, st.ruleset, json=shown.endswith(".json"))
        put_profile(st.db, st.ruleset, profile.id, text, json=shown.endswith(".json"), actor=name)
        return profile
    chosen = str(form.get("profile") or "").strip()
    if not chosen:
        raise InputError("choose a stored profile or upload a profile file")
    return resolve_profile(st.db, st.ruleset, chosen)


def _date(value: Any, what: str) -> dt.date | None:
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what}: {text[:40]!r} is not a date (YYYY-MM-DD)") from None


@router.post("/requests")
async def create(request: Request, st: State) -> Response:
    lang = page_lang(request)
    name = await asyncio.to_thread(signed_in, st, request)
    form = await _form(request)
    values = {k: str(form.get(k) or "") for k in ("profile", "as_of", "due", "lang")}
    try:
        with audited(st, name, "portal.requests.create") as rec:
            profile = await asyncio.to_thread(_profile, st, form, name)
            rec.profile_id = profile.id
            req_lang = values["lang"] if values["lang"] in LANGS else None
            row, secret = await asyncio.to_thread(make_request, st, profile, as_of=_date(values["as_of"], "as-of date"),
                                                  due=_date(values["due"], "due date"), lang=req_lang, actor=name)
            rec.outcome, rec.status = f"request {row.id}", 201
    except (InputError, InputErrors) as exc:
        errors = [{"message": (f"{e['file']}:{e['line']}: " if e.get("line") else "") + e["message"]}
                  for e in input_error_items(exc)]
        return await asyncio.to_thread(dashboard_page, st, request, name, lang, status=422, errors=errors, form=values)
    return render(st, request, "created.html.j2", lang, status=201, operator=name, req=rq.request_dict(row),
                  link=vendor_url(st, request, secret))


def _request_id(value: str) -> int:
    if not value.isdigit() or len(value) > 18:
        raise PageError(404, "no_request")
    return int(value)


def _row(st: ServiceState, request_id: int) -> rq.VendorRequest:
    try:
        return rq.get_request(st.db, request_id)
    except NotFound:
        raise PageError(404, "no_request") from None


@router.get("/requests/{request_id}")
async def detail(request_id: str, request: Request, st: State) -> Response:
    lang = page_lang(request)
    name = await asyncio.to_thread(signed_in, st, request)
    rid = _request_id(request_id)
    row = await asyncio.to_thread(_row, st, rid)
    events = await asyncio.to_thread(rq.history, st.db, rid)
    return render(st, request, "request.html.j2", lang, operator=name, req=rq.request_dict(row, events=events, check=True))


@router.post("/requests/{request_id}/close")
async def close(request_id: str, request: Request, st: State) -> Response:
    name = await asyncio.to_thread(signed_in, st, request)
    rid = _request_id(request_id)
    await _form(request)
    await asyncio.to_thread(_row, st, rid)
    with audited(st, name, "portal.requests.close") as rec:
        row = await asyncio.to_thread(rq.close_request, st.db, rid, name)
        rec.profile_id, rec.outcome = row.profile_id, row.status
    if row.pack_state == "pending":
        request.app.state.portal.builder.schedule(row.id)
    raise Redirect(f"/requests/{rid}")


@router.post("/requests/{request_id}/link")
async def renew(request_id: str, request: Request, st: State) -> Response:
    lang = page_lang(request)
    name = await asyncio.to_thread(signed_in, st, request)
    rid = _request_id(request_id)
    await _form(request)
    await asyncio.to_thread(_row, st, rid)
    with audited(st, name, "portal.requests.link") as rec:
        row, secret = await asyncio.to_thread(rq.renew_link, st.db, rid, name, st.settings.link_grace_days)
        rec.profile_id = row.profile_id
    return render(st, request, "created.html.j2", lang, operator=name, req=rq.request_dict(row),
                  link=vendor_url(st, request, secret), renewed=True)


@router.get("/requests/{request_id}/{what}.pdf")
async def download(request_id: str, what: str, request: Request, st: State) -> Response:
    name = await asyncio.to_thread(signed_in, st, request)
    rid = _request_id(request_id)
    if what not in ("pack", "signed"):
        raise PageError(404, "no_pack")
    with audited(st, name, f"portal.requests.{what}") as rec:
        row = await asyncio.to_thread(_row, st, rid)
        rec.profile_id = row.profile_id
        sha = row.pack_sha256 if what == "pack" else row.signed_sha256
        data = st.store.get(sha) if sha else None
        if data is None:
            raise PageError(404, "no_pack")
        await asyncio.to_thread(rq.record_download, st.db, rid, name, what, sha)
        rec.output_sha256 = sha
        filename = (row.pack or {}).get("filename") or "pack.pdf"
        if what == "signed":
            filename = filename.removesuffix(".pdf") + "-signed.pdf"
        return file_response(data, "application/pdf", filename, {"Cache-Control": "no-store"})
