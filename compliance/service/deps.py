"""What routes declare as dependencies: the service state, the caller (bearer token), auditing.

The state is built once per server process, at start (:func:`start`): the database (migrated
unless the CLI did it before starting the workers), the rule set, the file store and the
render cache, and the warmed-up process pool.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request

from .. import __version__
from ..ruleset import RuleSet
from . import jobs
from .audit import AuditRecord
from .db import Database, open_database
from .errors import status_of
from .pool import BoundedPool
from .settings import Settings
from .store import FileStore, RenderCache
from .tokens import authenticate

log = logging.getLogger("compliance.service")


@dataclass
class ServiceState:
    settings: Settings
    db: Database
    ruleset: RuleSet
    pool: BoundedPool
    store: FileStore
    cache: RenderCache
    identity: dict[str, Any]  # what, besides the request, determines a rendered document

    @property
    def rules_dir(self) -> str:
        return str(self.ruleset.root)

    def close(self) -> None:
        self.pool.shutdown()
        self.db.dispose()


def tree_digest(folders: list[Path]) -> str:
    """SHA-256 over every file (relative name and bytes) of ``folders``, in order."""
    h = hashlib.sha256()
    for i, folder in enumerate(folders):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(f"{i}:{path.relative_to(folder).as_posix()}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "-"


async def start(settings: Settings) -> ServiceState:
    from ..documents.templating import template_dirs
    from ..ruleset import load_ruleset

    settings.data.mkdir(mode=0o700, parents=True, exist_ok=True)
    db = open_database(settings.database_url, migrate_now=settings.migrate)
    ruleset = load_ruleset(settings.rules)
    identity = {
        "ruleset": ruleset.digest,
        "templates": tree_digest(template_dirs(settings.templates)),
        "compliance": __version__,
        "weasyprint": _version("weasyprint"),
        "pydyf": _version("pydyf"),
    }
    pool = BoundedPool(settings.render_workers, settings.queue, preload=jobs.PRELOAD,
                       initializer=jobs.initialize, initargs=(str(ruleset.root), str(settings.templates or "")))
    await pool.warm(jobs.ready)
    store = FileStore(settings.blobs)
    return ServiceState(settings, db, ruleset, pool, store, RenderCache(db, store), identity)


async def service(request: Request) -> ServiceState:  # async: no thread-pool hop per request
    return request.app.state.service


async def caller(request: Request) -> str:
    """The name of the caller's token (401 without a known token, 403 for a revoked one)."""
    return authenticate(request.app.state.service.db, request.headers.get("authorization"))


State = Annotated[ServiceState, Depends(service)]
Caller = Annotated[str, Depends(caller)]


@contextlib.contextmanager
def audited(st: ServiceState, actor: str, action: str) -> Iterator[AuditRecord]:
    """Record the call in the audit log when it ends, with the status it is answered with."""
    record = AuditRecord(actor, action)
    try:
        yield record
    except BaseException as exc:
        record.status = 499 if not isinstance(exc, Exception) else status_of(exc)  # 499: client went away
        try:
            record.write(st.db)
        except Exception:  # noqa: BLE001 - the original error is what the client must see
            log.exception("could not write the audit log entry for %s by %s", action, actor)
        raise
    record.write(st.db)
