"""The questionnaire of a request, its check, and the packs built in the background.

* :func:`questionnaire` — the page's document: the checklist's rules and questions on the
  request's as-of date (:func:`compliance.documents.questionnaire`, so the page asks exactly what
  the checklist and the checker ask);
* :func:`check_draft` — the vendor's answers (the draft and the uploads) read as a web form
  (:func:`compliance.answers.webform.read_form`) and checked by :func:`compliance.checking.check`,
  the function behind ``compliance check``, with the uploads as the file store knows them
  (:class:`compliance.checking.evidence.StoredEvidence`: no files laid out for a check);
* :class:`PackBuilder` — the pack of a compliant (or final) submission, built in the render pool
  while the vendor already sees the verdict. The work is in the database (``pack_state``
  pending, claimed by one server process at a time), so a pack whose server stopped is built
  after the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import tempfile
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from ...answers.webform import read_form
from ...checking.evidence import StoredEvidence
from ...enums import Severity
from ...errors import ComplianceError, one_line
from ...models import Profile, Question
from .. import jobs
from ..deps import ServiceState
from ..pool import PoolFull
from . import requests as rq
from ..models import RequestFile, VendorRequest

log = logging.getLogger("compliance.service")

#: Severities that make a rule fail: shown as errors (the error summary); the others are notes.
ERRORS = (Severity.error, Severity.incomplete, Severity.review)
#: A claim on a pending pack older than this is taken over (its server stopped meanwhile).
STALE_CLAIM = dt.timedelta(minutes=5)
#: Tries of a pack whose render process dies under it.
RENDER_TRIES = 3


def profile_of(row: VendorRequest) -> Profile:
    return Profile.model_validate(row.profile)


def questionnaire(st: ServiceState, row: VendorRequest, lang: str, extra: dict[str, Any] | None = None):  # noqa: ANN201 - a Document
    from ...documents.documents import questionnaire as build

    return build(st.ruleset, profile_of(row), row.as_of, lang=lang, templates_dir=st.settings.templates, extra=extra)


def questions_by_rule(st: ServiceState, doc) -> dict[str, list[Question]]:  # noqa: ANN001 - a Document
    """The questions the page shows, by rule id, as the rule set's models."""
    models = {q.id: q for r in st.ruleset.rules for q in r.questions}
    return {r.id: [models[q.id] for q in r.questions] for r in doc.context.rules}


def upload_rules(doc) -> list[str]:  # noqa: ANN001 - a Document
    """The rules that take evidence uploads: those that ask the vendor something."""
    return [r.id for r in doc.context.rules if r.questions or r.evidence]


@contextlib.contextmanager
def evidence_folder(st: ServiceState, files: list[dict[str, Any]]) -> Iterator[Path | None]:
    """The uploaded files (``path``, ``sha256``) laid out in a private temporary folder, as an
    evidence folder for the checker (``None`` when there are none)."""
    if not files:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="compliance-portal-") as tmp:
        root = Path(tmp)
        for f in files:
            data = st.store.get(f["sha256"])
            if data is None:
                raise ComplianceError(f"an uploaded file ({f['name']}) is missing from the file store")
            target = root.joinpath(*f["path"].split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        yield root


def file_entries(files: list[RequestFile]) -> list[dict[str, Any]]:
    return [{"rule": f.rule_id, "name": f.name, "path": f.path, "sha256": f.blob_sha256, "size": f.size} for f in files]


def check_draft(st: ServiceState, row: VendorRequest, files: list[RequestFile]) -> dict[str, Any]:
    """Check the request's draft and uploads: ``{answers, check, findings}`` — the answers
    (answers-file JSON), the check JSON (in the request's language) and the findings of each
    language for the page."""
    from ...checking import check

    doc = questionnaire(st, row, row.lang)
    by_rule = questions_by_rule(st, doc)
    entries = file_entries(files)
    evidence: dict[str, list[str]] = {}
    for f in entries:
        evidence.setdefault(f["rule"], []).append(f["path"])
    answers = read_form(row.profile_id, by_rule, row.draft or {}, evidence)
    stored = StoredEvidence({f["path"]: (f["sha256"], f["size"]) for f in entries})  # the store has them, hashed
    result = check(st.ruleset, profile_of(row), answers, as_of=row.as_of, evidence_dir=stored, lang=row.lang,
                   source="questionnaire")
    findings = {lang: [{"rule": r.id, **f.to_dict(lang)} for r in result.rules for f in r.findings]
                + [{"rule": None, **f.to_dict(lang)} for f in result.findings] for lang in ("de", "en")}
    return {"answers": answers.model_dump(mode="json", exclude_none=True, exclude_defaults=True),
            "check": json.loads(json.dumps(result.to_dict(), default=str)), "findings": findings}


def history_bytes(st: ServiceState, row: VendorRequest) -> bytes:
    """``history.json`` of the pack of the request's last submission: the request and every event
    up to that submission."""
    until = (row.submission or {}).get("event")
    data = {
        "request": {"id": row.id, "profile": row.profile_id, "as_of": row.as_of.isoformat(), "due": row.due.isoformat(),
                    "lang": row.lang, "created_at": row.created_at.isoformat(), "created_by": row.created_by},
        "submission": (row.submission or {}).get("no"),
        "events": rq.history(st.db, row.id, until=until),
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


class PackBuilder:
    """Builds pending packs in the render pool, one task per request, waiting for a free render
    process rather than refusing (the vendor is not kept waiting: the page shows the verdict)."""

    def __init__(self, st: ServiceState):
        self.st = st
        self.tasks: dict[int, asyncio.Task] = {}

    def schedule(self, request_id: int) -> None:
        task = self.tasks.get(request_id)
        if task is not None and not task.done():
            return
        self.tasks[request_id] = asyncio.get_running_loop().create_task(self._run(request_id))

    def resume(self) -> None:
        """Schedule every pack left pending (by a server that stopped, or another process)."""
        for request_id in rq.pending_packs(self.st.db):
            self.schedule(request_id)

    async def wait(self, request_id: int) -> None:
        task = self.tasks.get(request_id)
        if task is not None:
            await asyncio.shield(task)

    async def close(self) -> None:
        """Stop: unfinished builds give back their claim, so the next start builds them."""
        for request_id, task in list(self.tasks.items()):
            if not task.done():
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
                with contextlib.suppress(Exception):
                    rq.release_claim(self.st.db, request_id)

    async def _run(self, request_id: int) -> None:
        st = self.st
        died = 0
        while True:
            row = await asyncio.to_thread(rq.claim_pack, st.db, request_id, STALE_CLAIM)
            if row is None or not row.submission:
                return
            no = row.submission["no"]
            try:
                out = await self._build(row)
            except asyncio.CancelledError:
                raise
            except BrokenProcessPool:  # a render process died (killed, out of memory): a new pool, a new try
                died += 1
                await asyncio.to_thread(rq.release_claim, st.db, request_id)
                if died < RENDER_TRIES:
                    await asyncio.sleep(died)
                    continue
                await asyncio.to_thread(rq.pack_failed, st.db, request_id, no, "the render process ended unexpectedly")
                return
            except (ComplianceError, OSError) as exc:  # the pack cannot be made of these inputs
                log.warning("pack of request %s failed: %s", request_id, exc)
                await asyncio.to_thread(rq.pack_failed, st.db, request_id, no, one_line(str(exc)))
                return
            except Exception as exc:  # noqa: BLE001 - a bug: logged, the request says so
                ref = f"{request_id}-{no}"
                log.error("pack of request %s failed (reference %s)", request_id, ref, exc_info=exc)
                await asyncio.to_thread(rq.pack_failed, st.db, request_id, no,
                                        f"internal error (reference {ref}; the server log has the details)")
                return
            sha = await asyncio.to_thread(st.store.put, st.db, out["pdf"])
            info = {k: out[k] for k in ("verdict", "manifest_sha256", "pages", "filename")}
            if await asyncio.to_thread(rq.pack_built, st.db, request_id, no, sha, info):
                return  # else a newer submission waits for its own pack: build that one

    async def _build(self, row: VendorRequest) -> dict[str, Any]:
        st = self.st
        sub = row.submission or {}
        history = await asyncio.to_thread(history_bytes, st, row)
        with evidence_folder(st, sub.get("files") or []) as folder:
            while True:
                try:
                    return await st.pool.run(jobs.request_pack, st.ruleset.digest, row.profile, sub["answers"],
                                             row.as_of.isoformat(), row.lang, str(folder) if folder else None, history)
                except PoolFull as busy:  # the API's renders fill the pool: wait for a free process
                    await asyncio.sleep(min(busy.retry_after, 5))


#: Days until a request is due when the operator names no date.
DEFAULT_DUE_DAYS = 30


def make_request(st: ServiceState, profile: Profile, *, as_of: dt.date | None, due: dt.date | None, lang: str | None,
                 actor: str) -> tuple[VendorRequest, str]:
    """A new request (the API's and the dashboard's): as-of date default today, due date default
    in 30 days, language default German. The row and the link's secret."""
    today = dt.date.today()
    return rq.create_request(st.db, profile, as_of=as_of or today, due=due or today + dt.timedelta(days=DEFAULT_DUE_DAYS),
                             lang=lang or "de", actor=actor, grace_days=st.settings.link_grace_days, today=today)
