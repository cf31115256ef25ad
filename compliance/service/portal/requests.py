"""Questionnaire requests: made by an operator, answered by a vendor through a link, checked,
packed; every step recorded in the request's history.

Pure service logic over the database and the file store (no FastAPI): the API routes
(:mod:`compliance.service.routers.requests`), the dashboard and the vendor pages call these.

The vendor link is ``/r/<secret>``: 192 random bits (``secrets.token_urlsafe(24)``), of which
only the SHA-256 is stored, valid until the end of the due date plus a grace period. A link is
the only key to its request: every vendor action looks the request up by the link's hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import defer

from ...answers.webform import rule_evidence_field
from ...enums import RequestEvent, RequestStatus, Verdict
from ...errors import InputError, Location, NotFound
from ...models import Profile
from ..db import Database
from ..inputs import safe_base_name
from ..models import RequestEventRow, RequestFile, VendorRequest, utcnow
from ..store import FileStore

#: The actor of the events a vendor causes through the link (operators are named by their token).
VENDOR = "vendor"
#: Bytes of randomness in a vendor link (192 bits).
LINK_BYTES = 24
#: Limits of the uploads of one request: files in all, bytes per file, bytes in all (a pack must hold them).
MAX_FILES = 50
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 100 * 1024 * 1024
#: Longest text a form field keeps (an answer or a comment).
MAX_FIELD_CHARS = 20_000
#: Statuses after which the vendor can change nothing.
FINISHED = (RequestStatus.closed,)
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


class LinkExpired(Exception):
    """The link was valid once; its time is over (HTTP 410)."""


def link_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_link() -> tuple[str, str]:
    """A new vendor link secret and its SHA-256."""
    secret = secrets.token_urlsafe(LINK_BYTES)
    return secret, link_digest(secret)


def link_expiry(due: dt.date, grace_days: int) -> dt.datetime:
    """The end of the day ``grace_days`` after ``due`` (UTC)."""
    last = due + dt.timedelta(days=grace_days + 1)
    return dt.datetime(last.year, last.month, last.day, tzinfo=dt.timezone.utc)


def add_event(s: Any, request_id: int, actor: str, event: RequestEvent, **detail: Any) -> None:
    """Add an event to the history (in the caller's transaction)."""
    s.add(RequestEventRow(request_id=request_id, at=utcnow(), actor=actor, event=str(event), detail=detail or None))


def event_dict(e: RequestEventRow) -> dict[str, Any]:
    return {"at": e.at.isoformat(), "actor": e.actor, "event": e.event, **(e.detail or {})}


# --------------------------------------------------------------------------------- operators


def create_request(db: Database, profile: Profile, *, as_of: dt.date, due: dt.date, lang: str, actor: str,
                   grace_days: int, today: dt.date) -> tuple[VendorRequest, str]:
    """A new request for ``profile``; the row and the link's secret (shown this once)."""
    if due < today:
        raise InputError(f"due: {due.isoformat()} is in the past (today is {today.isoformat()})", Location("request body"))
    secret, digest = new_link()
    now = utcnow()
    with db.writing() as s:
        row = VendorRequest(
            profile_id=profile.id, profile=profile.model_dump(mode="json"), as_of=as_of, due=due, lang=lang,
            status=RequestStatus.sent, link_sha256=digest, link_expires=link_expiry(due, grace_days), draft={},
            submissions=0, created_at=now, created_by=actor, updated_at=now)
        s.add(row)
        s.flush()
        add_event(s, row.id, actor, RequestEvent.created, profile=profile.id, as_of=as_of.isoformat(),
                  due=due.isoformat(), lang=lang)
    return row, secret


def renew_link(db: Database, request_id: int, actor: str, grace_days: int) -> tuple[VendorRequest, str]:
    """A new link for a request (the old one stops working at once)."""
    secret, digest = new_link()
    with db.writing() as s:
        row = _get(s, request_id)
        if row.status == RequestStatus.closed:
            raise InputError(f"request {request_id} is closed", Location("request"))
        row.link_sha256, row.link_expires, row.updated_at = digest, link_expiry(row.due, grace_days), utcnow()
        add_event(s, row.id, actor, RequestEvent.link_renewed)
    return row, secret


def _get(s: Any, request_id: int) -> VendorRequest:
    row = s.get(VendorRequest, request_id)
    if row is None:
        raise NotFound(f"no request {request_id}")
    return row


def get_request(db: Database, request_id: int) -> VendorRequest:
    with db.reading() as s:
        return _get(s, request_id)


def history(db: Database, request_id: int, *, until: int | None = None) -> list[dict[str, Any]]:
    """The request's events, oldest first (up to event id ``until``)."""
    q = select(RequestEventRow).where(RequestEventRow.request_id == request_id).order_by(RequestEventRow.id)
    if until is not None:
        q = q.where(RequestEventRow.id <= until)
    with db.reading() as s:
        return [event_dict(e) for e in s.scalars(q)]


def urgency(row: VendorRequest) -> tuple:
    """Sort key: open requests first, the earliest due date first (overdue ones lead), then the
    ones waiting longest; closed requests last, the latest closed first."""
    if row.status == RequestStatus.closed:
        closed = row.closed_at or row.updated_at
        return (1, -closed.timestamp(), row.id)
    return (0, row.due.toordinal(), row.created_at.timestamp(), row.id)


def list_requests(db: Database, *, status: str | None = None, profile: str | None = None) -> list[VendorRequest]:
    """The requests, most urgent first (:func:`urgency`), without their drafts and submissions
    (large, and not what a list shows)."""
    q = select(VendorRequest).options(defer(VendorRequest.draft), defer(VendorRequest.submission))
    if status:
        q = q.where(VendorRequest.status == status)
    if profile:
        q = q.where(VendorRequest.profile_id == profile)
    with db.reading() as s:
        return sorted(s.scalars(q), key=urgency)


def close_request(db: Database, request_id: int, actor: str) -> VendorRequest:
    """Close a request. A submission without a pack of its own (the vendor's last answers did not
    check compliant) gets one now: the operator receives what came back, findings and all."""
    with db.writing() as s:
        row = _get(s, request_id)
        if row.status == RequestStatus.closed:
            return row
        now = utcnow()
        row.status, row.closed_at, row.updated_at = RequestStatus.closed, now, now
        if row.submission and (row.pack or {}).get("submission") != row.submissions and row.pack_state != "pending":
            row.pack_state, row.pack_claimed_at = "pending", None
        add_event(s, row.id, actor, RequestEvent.closed)
    return row


def record_download(db: Database, request_id: int, actor: str, what: str, sha256: str) -> None:
    with db.writing() as s:
        add_event(s, request_id, actor, RequestEvent.downloaded, file=what, sha256=sha256)


def expiring(row: VendorRequest) -> list[dict[str, Any]]:
    """Certificates (of the profile) and waivers (of the last submitted answers) whose last day
    comes before the due date: they will not be valid when the answers are due."""
    out: list[dict[str, Any]] = []
    for comp in row.profile.get("components") or []:
        for cert in comp.get("certifications") or []:
            until = cert.get("valid_until")
            if until and dt.date.fromisoformat(until) < row.due:
                out.append({"kind": "certificate", "component": comp.get("id"), "scheme": cert.get("scheme"),
                            "id": cert.get("id"), "valid_until": until})
    for waiver in row.waivers or []:
        if dt.date.fromisoformat(waiver["expires"]) < row.due:
            out.append({"kind": "waiver", **waiver})
    return out


def waivers_of(answers: dict[str, Any]) -> list[dict[str, str]]:
    """The waivers of an answers file's JSON: question and last day."""
    return [{"question": qid, "expires": str(a["waiver"]["expires"])}
            for qid, a in sorted((answers.get("answers") or {}).items()) if (a or {}).get("waiver")]


def request_dict(row: VendorRequest, *, events: list[dict[str, Any]] | None = None, check: bool = False) -> dict[str, Any]:
    """The JSON of a request (``/api/v1/requests``); with its history and last check result when asked."""
    pack = row.pack or {}
    out: dict[str, Any] = {
        "id": row.id,
        "profile": row.profile_id,
        "legal_name": row.profile.get("legal_name"),
        "status": row.status,
        "verdict": row.verdict,
        "as_of": row.as_of.isoformat(),
        "due": row.due.isoformat(),
        "lang": row.lang,
        "link_expires": row.link_expires.isoformat(),
        "created_at": row.created_at.isoformat(),
        "created_by": row.created_by,
        "updated_at": row.updated_at.isoformat(),
        "closed_at": row.closed_at.isoformat() if row.closed_at else None,
        "submissions": row.submissions,
        "pack": {**pack, "sha256": row.pack_sha256} if row.pack_sha256 else None,
        "pack_state": row.pack_state,
        "signed": {"sha256": row.signed_sha256, "accepted_at": row.signed_at.isoformat() if row.signed_at else None}
        if row.signed_sha256 else None,
        "expiring": expiring(row),
    }
    if events is not None:
        out["history"] = events
    if check:
        out["check"] = (row.submission or {}).get("check")
    return out


# ----------------------------------------------------------------------------------- vendors


def by_link(db: Database, secret: str, now: dt.datetime | None = None) -> VendorRequest | None:
    """The request of a vendor link; ``None`` for an unknown link, :class:`LinkExpired` when its
    time is over."""
    if not secret or len(secret) > 100:
        return None
    with db.reading() as s:
        row = s.scalar(select(VendorRequest).where(VendorRequest.link_sha256 == link_digest(secret)))
    if row is not None and (now or utcnow()) >= row.link_expires:
        raise LinkExpired(row.id)
    return row


def mark_opened(db: Database, request_id: int) -> None:
    """The vendor opened the link (once per browser session)."""
    with db.writing() as s:
        row = _get(s, request_id)
        if row.status == RequestStatus.sent:
            row.status, row.updated_at = RequestStatus.opened, utcnow()
        add_event(s, request_id, VENDOR, RequestEvent.opened)


@dataclass
class Upload:
    """A file the vendor sent for a rule: its name as sent and its bytes."""

    rule_id: str
    filename: str
    data: bytes


@dataclass
class Problem:
    """Something the vendor must fix before it is saved: the form field and the message key."""

    field: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)


def files_of(db: Database, request_id: int) -> list[RequestFile]:
    with db.reading() as s:
        return list(s.scalars(select(RequestFile).where(RequestFile.request_id == request_id).order_by(RequestFile.id)))


def _path_for(rule_id: str, name: str, taken: set[str]) -> str:
    """The file's path in the evidence folder of a check: ``<RULE_ID>/<name made safe>``, unique."""
    stem = _SLUG.sub("_", name).lstrip("._-")[:100] or "file"
    base, dot, suffix = stem.rpartition(".")
    if not dot or not base:
        base, suffix, dot = stem, "", ""
    candidate, n = f"{rule_id}/{stem}", 1
    while candidate in taken:
        n += 1
        candidate = f"{rule_id}/{base}-{n}{dot}{suffix}"
    return candidate


@dataclass
class Saved:
    """What a save did: the problems that kept something from being saved (too long an answer,
    too large a file ...; everything else is saved) and the files added and removed."""

    problems: list[Problem]
    changes: dict[str, list[str]]


def save(db: Database, store: FileStore, request_id: int, *, fields: dict[str, str], allowed: Sequence[str],
         uploads: Iterable[Upload], rules: Sequence[str], remove: Iterable[int] = (), record: bool = True,
         rejected: Sequence[Problem] = ()) -> Saved:
    """Keep the vendor's form as a draft: the text fields (those in ``allowed``), new uploads
    (for the rules ``rules``), files removed. ``rejected``: problems the caller found (a waiver
    without its expiry date ...): their fields keep their saved values. ``record``: a ``saved``
    event in the history (a submission records its own)."""
    problems: list[Problem] = list(rejected)
    draft: dict[str, str] = {}
    allowed_set = set(allowed) - {p.field for p in rejected}
    for name, value in fields.items():
        if name not in allowed_set:
            continue
        if len(value) > MAX_FIELD_CHARS:
            problems.append(Problem(name, "too_long", {"n": MAX_FIELD_CHARS}))
            continue
        if value.strip():
            draft[name] = value
    remove_ids = set(remove)
    existing = files_of(db, request_id)
    kept = [f for f in existing if f.id not in remove_ids]
    total = sum(f.size for f in kept)
    taken = {f.path for f in kept}
    known = {(f.rule_id, f.blob_sha256) for f in kept}
    new: list[RequestFile] = []
    for up in uploads:
        where = rule_evidence_field(up.rule_id)
        name = safe_base_name(up.filename, "file")[:200]
        if up.rule_id not in rules:
            continue
        if not up.data:
            problems.append(Problem(where, "file_empty", {"name": name}))
            continue
        if len(up.data) > MAX_FILE_BYTES:
            problems.append(Problem(where, "file_too_large", {"name": name, "mb": MAX_FILE_BYTES // (1024 * 1024)}))
            continue
        if len(kept) + len(new) >= MAX_FILES:
            problems.append(Problem(where, "too_many_files", {"name": name, "n": MAX_FILES}))
            continue
        if total + len(up.data) > MAX_TOTAL_BYTES:
            problems.append(Problem(where, "files_too_large", {"name": name, "mb": MAX_TOTAL_BYTES // (1024 * 1024)}))
            continue
        sha = hashlib.sha256(up.data).hexdigest()
        if (up.rule_id, sha) in known:
            continue  # the same file for the same rule again
        store.put(db, up.data)
        path = _path_for(up.rule_id, name, taken)
        taken.add(path)
        known.add((up.rule_id, sha))
        total += len(up.data)
        new.append(RequestFile(request_id=request_id, rule_id=up.rule_id, name=name, path=path, blob_sha256=sha,
                               size=len(up.data), uploaded_at=utcnow()))
    with db.writing() as s:
        row = _get(s, request_id)
        if row.status in FINISHED or row.signed_sha256:
            raise InputError("closed")
        for f in existing:
            if f.id in remove_ids:
                s.delete(s.get(RequestFile, f.id))
        for f in new:
            s.add(f)
        kept_back = problems_fields(problems)
        new_draft = {**{k: v for k, v in (row.draft or {}).items() if k in kept_back}, **draft}
        changed = new_draft != (row.draft or {}) or bool(new) or bool(remove_ids & {f.id for f in existing})
        row.draft = new_draft
        if changed or row.status in (RequestStatus.sent, RequestStatus.opened):
            row.status = RequestStatus.draft
        row.updated_at = utcnow()
        changes = {"files_added": [f.name for f in new], "files_removed": [f.name for f in existing if f.id in remove_ids]}
        if record:
            add_event(s, request_id, VENDOR, RequestEvent.saved, fields=len(draft), **changes)
    return Saved(problems, changes)


def problems_fields(problems: Iterable[Problem]) -> set[str]:
    return {p.field for p in problems}


def submit(db: Database, request_id: int, *, checked: dict[str, Any], files: list[RequestFile], final: bool,
           changes: dict[str, Any] | None = None) -> VendorRequest:
    """Record a submission: ``checked`` holds its answers, check JSON and findings per language
    (:func:`..flow.check_draft`); ``changes`` the files added and removed with it. A compliant
    submission (or one the vendor submits as final) is queued for its pack."""
    check = checked["check"]
    verdict = check["verdict"]
    with db.writing() as s:
        row = _get(s, request_id)
        if row.status in FINISHED or row.signed_sha256:
            raise InputError("closed")
        row.submissions += 1
        row.submission = {
            "no": row.submissions, "at": utcnow().isoformat(), "final": final, "answers": checked["answers"], "check": check,
            "findings": checked["findings"],
            "files": [{"rule": f.rule_id, "name": f.name, "path": f.path, "sha256": f.blob_sha256, "size": f.size}
                      for f in files],
        }
        row.verdict = verdict
        row.waivers = waivers_of(checked["answers"])
        if final:
            row.status = RequestStatus.submitted
        else:
            row.status = RequestStatus.compliant if verdict == Verdict.compliant else RequestStatus.non_compliant
        packed = final or verdict == Verdict.compliant
        row.pack_state, row.pack_claimed_at = ("pending", None) if packed else (None, None)
        row.updated_at = utcnow()
        add_event(s, request_id, VENDOR, RequestEvent.submitted, verdict=verdict, final=final, submission=row.submissions,
                  summary=check.get("summary"), files=len(files), **(changes or {}))
        s.flush()
        row.submission = {**row.submission, "event": _last_event_id(s, request_id)}
    return row


def _last_event_id(s: Any, request_id: int) -> int:
    return s.scalar(select(func.max(RequestEventRow.id)).where(RequestEventRow.request_id == request_id))


def accept_signed(db: Database, store: FileStore, request_id: int, data: bytes, report: dict[str, Any]) -> str:
    sha = store.put(db, data)
    with db.writing() as s:
        row = _get(s, request_id)
        row.signed_sha256, row.signed_at, row.updated_at = sha, utcnow(), utcnow()
        add_event(s, request_id, VENDOR, RequestEvent.signed_accepted, sha256=sha, status=report.get("status"),
                  signatures=len(report.get("signatures") or []))
    return sha


def refuse_signed(db: Database, request_id: int, sha256: str, problems: list[str]) -> None:
    with db.writing() as s:
        add_event(s, request_id, VENDOR, RequestEvent.signed_refused, sha256=sha256, problems=problems[:5])


# ------------------------------------------------------------------------------------- packs


def claim_pack(db: Database, request_id: int, stale: dt.timedelta) -> VendorRequest | None:
    """Take the pending pack of a request for building (``None``: none pending, or another
    process builds it)."""
    now = utcnow()
    with db.change() as conn:
        taken = conn.execute(
            update(VendorRequest)
            .where(VendorRequest.id == request_id, VendorRequest.pack_state == "pending",
                   (VendorRequest.pack_claimed_at.is_(None)) | (VendorRequest.pack_claimed_at < now - stale))
            .values(pack_claimed_at=now)).rowcount
    return get_request(db, request_id) if taken else None


def pending_packs(db: Database) -> list[int]:
    with db.reading() as s:
        return list(s.scalars(select(VendorRequest.id).where(VendorRequest.pack_state == "pending").order_by(VendorRequest.id)))


def release_claim(db: Database, request_id: int) -> None:
    with db.change() as conn:
        conn.execute(update(VendorRequest).where(VendorRequest.id == request_id).values(pack_claimed_at=None))


def pack_built(db: Database, request_id: int, submission: int, sha: str, info: dict[str, Any]) -> bool:
    """Store the pack of ``submission``; False when a newer submission is waiting for its own."""
    with db.writing() as s:
        row = _get(s, request_id)
        current = row.submissions == submission
        row.pack_sha256, row.pack = sha, {**info, "submission": submission, "built_at": utcnow().isoformat()}
        if current:
            row.pack_state, row.pack_claimed_at = None, None
        else:
            row.pack_claimed_at = None
        row.updated_at = utcnow()
        add_event(s, request_id, "compliance", RequestEvent.pack_built, sha256=sha, verdict=info.get("verdict"),
                  manifest_sha256=info.get("manifest_sha256"), submission=submission)
    return current


def pack_failed(db: Database, request_id: int, submission: int, message: str) -> None:
    with db.writing() as s:
        row = _get(s, request_id)
        if row.submissions == submission:
            row.pack_state, row.pack_claimed_at = "failed", None
        add_event(s, request_id, "compliance", RequestEvent.pack_failed, submission=submission, message=message[:500])
