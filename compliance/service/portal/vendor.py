"""The vendor's pages: ``/r/<link>`` — the questionnaire, its draft, the check, the pack and the
signed upload. The link is the only key: every route finds its request by the link's hash, so a
link can never reach another request (an unknown link is 404 and counts as a failed attempt).

* ``GET /r/<link>`` — the questionnaire with the draft, uploads and the last submission's
  findings next to the questions (an error summary on top links to each field in error);
* ``POST /r/<link>`` — ``action=save`` keeps the draft and the uploads; ``action=submit`` also
  checks; ``action=final`` submits the answers as they are, findings and all (both build the
  pack when they qualify); then back to the page (POST-redirect-GET);
* ``GET /r/<link>/pack`` — the latest pack; ``POST /r/<link>/signed`` — the signed pack,
  accepted after ``verify`` finds it intact and the very pack of this request.
"""

from __future__ import annotations

import asyncio
import hashlib
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.datastructures import FormData, UploadFile

from ...answers.webform import EVIDENCE_FIELD_PREFIX, WAIVER_PARTS, form_field_names, rule_evidence_field, waiver_field, \
    waiver_problems
from ...enums import RequestStatus, Verdict, VerifyStatus
from ...errors import InputError, InputErrors
from ..audit import AuditRecord
from ..deps import State
from ..pool import PoolFull
from ..responses import file_response
from . import requests as rq
from .flow import ERRORS, check_draft, questionnaire, questions_by_rule, upload_rules
from .web import PageError, Redirect, client_ip, csrf_ok, form_data, page_lang, render

router = APIRouter(include_in_schema=False)

#: Most files and text fields one form post may carry.
MAX_POST_FILES = rq.MAX_FILES
MAX_POST_FIELDS = 5000
ACTIONS = ("save", "submit", "final")


# ----------------------------------------------------------------------------- the web form


def _first_option(q: Any, rule: Any) -> str:
    return f"{q.field}-{q.control.options[0][0]}" if q.control.options else q.field


def _the_field(q: Any, rule: Any) -> str:
    return q.field


def _rule_upload(q: Any, rule: Any) -> str:
    return rule_evidence_field(rule.id)


#: Where the error summary links for a question, by the kind of its control: the first radio
#: button of a group, the field itself, or the rule's upload for questions answered by files.
ANCHORS = {"options": _first_option, "choices": _first_option, "short": _the_field, "long": _the_field,
           "files": _rule_upload}


def _rule_anchor(rule: Any) -> str:
    return rule_evidence_field(rule.id) if rule.questions or rule.evidence else rule.anchor


def page_data(st: Any, row: rq.VendorRequest, doc: Any, lang: str, *, values: dict[str, str] | None = None,
              problems: list[rq.Problem] | None = None) -> dict[str, Any]:
    """What the questionnaire template sees besides the document: values, uploads, findings by
    question and by rule, the error summary."""
    from ...i18n import Labels

    p = Labels(lang, "portal")
    sub = row.submission or {}
    findings = (sub.get("findings") or {}).get(lang, [])
    rules = {r.id: r for r in doc.context.rules}
    by_question: dict[str, list[dict]] = {}
    by_rule: dict[str, list[dict]] = {}
    other: list[dict] = []
    summary: list[dict[str, str]] = []
    questions = {q.id: (q, r) for r in doc.context.rules for q in r.questions}
    owner = {name: q.id for q, _ in questions.values()
             for name in (q.field, q.comment_field, *(waiver_field(q.id, part) for part in WAIVER_PARTS))}
    for f in problems or []:
        msg = p[f"problem_{f.key}"].format(**f.params)
        if f.field.startswith(EVIDENCE_FIELD_PREFIX):
            by_rule.setdefault(f.field[len(EVIDENCE_FIELD_PREFIX):], []).append({"severity": "error", "message": msg})
        else:  # a field of a question (its answer, comment or waiver), or the signed upload
            by_question.setdefault(owner.get(f.field, f.field), []).append({"severity": "error", "message": msg})
        summary.append({"href": f.field, "message": msg})
    for f in findings:
        entry = {"severity": f["severity"], "message": f["message"], "component": f.get("component")}
        error = f["severity"] in ERRORS
        if f.get("question") in questions:
            q, rule = questions[f["question"]]
            by_question.setdefault(q.id, []).append(entry)
            if error:
                summary.append({"href": ANCHORS[q.control.kind](q, rule), "message": f"{q.number} {q.id}: {f['message']}"})
        elif f.get("rule") in rules:
            rule = rules[f["rule"]]
            by_rule.setdefault(rule.id, []).append(entry)
            if error:
                summary.append({"href": _rule_anchor(rule), "message": f"{rule.number} {rule.id}: {f['message']}"})
        else:
            other.append(entry)
    files: dict[str, list[dict]] = {}
    for f in rq.files_of(st.db, row.id):
        files.setdefault(f.rule_id, []).append({"id": f.id, "name": f.name, "size": f.size})
    return {"values": row.draft if values is None else values, "files": files, "by_question": by_question,
            "by_rule": by_rule, "other_findings": other, "summary": summary, "upload_rules": upload_rules(doc)}


def show(st: Any, request: Request, row: rq.VendorRequest, lang: str, *, status: int = 200,
         values: dict[str, str] | None = None, problems: list[rq.Problem] | None = None, notice: str | None = None) -> Response:
    doc = questionnaire(st, row, lang)
    extra = page_data(st, row, doc, lang, values=values, problems=problems)
    doc.context.extra.update(extra)
    secret = request.path_params["secret"]
    sub = row.submission or {}
    editable = row.status != RequestStatus.closed and not row.signed_sha256
    flash = request.session.pop("flash", None) if "flash" in request.session else None
    return render(st, request, "questionnaire.html.j2", lang, status=status, doc=doc.context, req=row, sub=sub,
                  editable=editable, notice=notice or flash, base=f"/r/{secret}",
                  pack_ready=current_pack(row),
                  pack_pending=row.pack_state == "pending", pack_failed=row.pack_state == "failed")


def current_pack(row: rq.VendorRequest) -> bool:
    """Is there a pack of the last submission (the one the vendor may sign)?"""
    return bool(row.pack_sha256) and (row.pack or {}).get("submission") == row.submissions and row.pack_state != "pending"


# ---------------------------------------------------------------------------------- routes


def find(st: Any, request: Request, secret: str) -> rq.VendorRequest:
    """The request of the link; 429 when this address has failed too often, 404 (counted as a
    failure) for an unknown link, 410 for an expired one."""
    portal = request.app.state.portal
    ip = client_ip(request)
    portal.attempts.check(ip)
    try:
        row = rq.by_link(st.db, secret)
    except rq.LinkExpired:
        raise PageError(410, "link_expired") from None
    if row is None:
        portal.attempts.fail(ip)
        raise PageError(404, "link_unknown")
    return row


@router.get("/r/{secret}")
async def page(secret: str, request: Request, st: State) -> Response:
    row = await asyncio.to_thread(find, st, request, secret)
    lang = page_lang(request, row.lang)
    opened = request.session.get("opened", [])
    if row.id not in opened:
        await asyncio.to_thread(rq.mark_opened, st.db, row.id)
        request.session["opened"] = [*opened, row.id][-20:]
        row = await asyncio.to_thread(rq.get_request, st.db, row.id)
    return await asyncio.to_thread(show, st, request, row, lang)


async def _uploads(form: FormData) -> list[rq.Upload]:
    out = []
    for key, value in form.multi_items():
        if isinstance(value, UploadFile) and key.startswith(EVIDENCE_FIELD_PREFIX):
            if not value.filename and not value.size:  # the browser's empty part: no file chosen
                continue
            out.append(rq.Upload(key[len(EVIDENCE_FIELD_PREFIX):], value.filename or "", await value.read()))
    return out


@router.post("/r/{secret}")
async def post(secret: str, request: Request, st: State) -> Response:
    row = await asyncio.to_thread(find, st, request, secret)
    lang = page_lang(request, row.lang)
    form = await form_data(request, max_files=MAX_POST_FILES, max_fields=MAX_POST_FIELDS)
    fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    if not csrf_ok(request, form.get("csrf")):  # an expired session: show what was typed, nothing saved
        return await asyncio.to_thread(show, st, request, row, lang, status=403, values=fields, notice="session_expired")
    if row.status == RequestStatus.closed or row.signed_sha256:
        raise PageError(409, "request_closed")
    action = form.get("action") if form.get("action") in ACTIONS else "save"
    record = AuditRecord(rq.VENDOR, f"portal.{action}", profile_id=row.profile_id)
    doc = await asyncio.to_thread(questionnaire, st, row, row.lang)
    by_rule = questions_by_rule(st, doc)
    questions = [q for qs in by_rule.values() for q in qs]
    rejected = [rq.Problem(name, f"waiver_{problem}") for name, problem in waiver_problems(questions, fields)]
    uploads = await _uploads(form)
    remove = [int(v) for v in form.getlist("remove") if isinstance(v, str) and v.isdigit()]
    try:
        saved = await asyncio.to_thread(rq.save, st.db, st.store, row.id, fields=fields, allowed=form_field_names(questions),
                                        uploads=uploads, rules=upload_rules(doc), remove=remove, record=action == "save",
                                        rejected=rejected)
    except InputError:
        raise PageError(409, "request_closed") from None
    row = await asyncio.to_thread(rq.get_request, st.db, row.id)
    if saved.problems:  # everything else is saved; the page shows what was typed, and what to fix
        record.status, record.outcome = 422, "problems"
        await asyncio.to_thread(record.write, st.db)
        return await asyncio.to_thread(show, st, request, row, lang, status=422, values=fields, problems=saved.problems)
    notice = "saved"
    if action in ("submit", "final"):
        files = await asyncio.to_thread(rq.files_of, st.db, row.id)
        checked = await asyncio.to_thread(check_draft, st, row, files)
        row = await asyncio.to_thread(rq.submit, st.db, row.id, checked=checked, files=files, final=action == "final",
                                      changes=saved.changes)
        record.outcome = row.verdict
        if row.pack_state == "pending":
            request.app.state.portal.builder.schedule(row.id)
        notice = "submitted_final" if action == "final" else f"submitted_{row.verdict}"
    await asyncio.to_thread(record.write, st.db)
    request.session["flash"] = notice
    if action == "save":
        raise Redirect(f"/r/{secret}#saved")
    raise Redirect(f"/r/{secret}" + ("#result" if row.verdict == Verdict.compliant else "#error-summary"))


@router.get("/r/{secret}/pack")
async def pack(secret: str, request: Request, st: State) -> Response:
    row = await asyncio.to_thread(find, st, request, secret)
    if not row.pack_sha256:
        raise PageError(404, "no_pack")
    data = st.store.get(row.pack_sha256)
    if data is None:
        raise PageError(404, "no_pack")
    await asyncio.to_thread(rq.record_download, st.db, row.id, rq.VENDOR, "pack", row.pack_sha256)
    return file_response(data, "application/pdf", (row.pack or {}).get("filename") or "pack.pdf", {"Cache-Control": "no-store"})


def signature_problems(report: dict[str, Any]) -> list[str]:
    """What the signatures of an uploaded signed pack lack: at least one is required, and every
    one must be intact with nothing changed after it (``status`` intact). Trust is not judged
    here (the portal has no roots; the operator verifies with ``--trust``)."""
    signatures = report.get("signatures") or []
    if not signatures:
        return ["no_signature"]
    return ["signature_broken"] if any(sig.get("status") != VerifyStatus.intact for sig in signatures) else []


@router.post("/r/{secret}/signed")
async def signed(secret: str, request: Request, st: State) -> Response:
    row = await asyncio.to_thread(find, st, request, secret)
    lang = page_lang(request, row.lang)
    form = await form_data(request, max_files=MAX_POST_FILES, max_fields=MAX_POST_FIELDS)
    if not csrf_ok(request, form.get("csrf")):
        return await asyncio.to_thread(show, st, request, row, lang, status=403, notice="session_expired")
    if row.status == RequestStatus.closed or row.signed_sha256:
        raise PageError(409, "request_closed")
    upload = form.get("signed")
    if not isinstance(upload, UploadFile) or not (data := await upload.read()):
        return await asyncio.to_thread(show, st, request, row, lang, status=422,
                                       problems=[rq.Problem("signed", "signed_missing")])
    if not current_pack(row):
        raise PageError(409, "no_pack")
    problems = await _verify_signed(st, row, data)
    record = AuditRecord(rq.VENDOR, "portal.signed", profile_id=row.profile_id, outcome="accepted" if not problems else "refused")
    sha = hashlib.sha256(data).hexdigest()
    record.input_sha256 = sha
    if problems:
        record.status = 422
        await asyncio.to_thread(rq.refuse_signed, st.db, row.id, sha, [p.key for p in problems])
        await asyncio.to_thread(record.write, st.db)
        return await asyncio.to_thread(show, st, request, row, lang, status=422, problems=problems)
    await asyncio.to_thread(rq.accept_signed, st.db, st.store, row.id, data, {})
    await asyncio.to_thread(record.write, st.db)
    request.session["flash"] = "signed_accepted"
    raise Redirect(f"/r/{secret}#result")


async def _verify_signed(st: Any, row: rq.VendorRequest, data: bytes) -> list[rq.Problem]:
    from .. import jobs

    with tempfile.TemporaryDirectory(prefix="compliance-signed-") as tmp:
        path = Path(tmp, "signed.pdf")
        path.write_bytes(data)
        try:
            report = await st.pool.run(jobs.verify_upload, st.ruleset.digest, str(path), tmp)
        except PoolFull as busy:
            raise PageError(503, "busy", {"Retry-After": str(busy.retry_after)}, seconds=busy.retry_after) from None
        except (InputError, InputErrors) as exc:
            return [rq.Problem("signed", "signed_unreadable", {"reason": str(exc).splitlines()[0]})]
    if report.get("status") != VerifyStatus.intact:
        return [rq.Problem("signed", "signed_not_intact", {"reason": "; ".join(report.get("problems") or [])[:300]})]
    if report.get("manifest_sha256") != (row.pack or {}).get("manifest_sha256"):
        return [rq.Problem("signed", "signed_other_pack")]
    return [rq.Problem("signed", key) for key in signature_problems(report)]
