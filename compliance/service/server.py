"""Starting a server: check the configuration, migrate once, then let uvicorn run the workers.

The CLI migrates before any worker starts (the workers then skip it); the migration lock still
guards against replicas that start at the same moment. Shutdown is graceful: on SIGTERM or
Ctrl-C uvicorn stops accepting, lets running requests finish (at most ``grace`` seconds), and
each worker's lifespan closes its render pool and database connections.
"""

from __future__ import annotations

import dataclasses
import os
import socket
from collections.abc import Callable

from ..errors import InputError
from .settings import ENV, Settings

#: Seconds running requests get to finish after SIGTERM (a big pack on a busy machine takes a while).
GRACE = 30


def check_port(host: str, port: int) -> None:
    """An :class:`InputError` now, rather than a worker failing later, when ``port`` is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def prepare(settings: Settings) -> str:
    """Everything that can fail before serving: rule set, templates, data folder, database
    (created and migrated). Returns the database's kind ("sqlite", "postgresql")."""
    from ..documents.templating import template_dirs
    from ..ruleset import load_ruleset
    from .db import open_database

    load_ruleset(settings.rules)
    template_dirs(settings.templates)
    settings.data.mkdir(mode=0o700, parents=True, exist_ok=True)
    db = open_database(settings.database_url)
    try:
        return db.dialect
    finally:
        db.dispose()


def run(settings: Settings, *, host: str, port: int, workers: int, log_level: str,
        announce: Callable[[str], None], grace: float = GRACE) -> None:
    import uvicorn

    from .db import shown_url

    kind = prepare(settings)
    check_port(host, port)
    os.environ[ENV] = dataclasses.replace(settings, migrate=False).to_env()
    where = shown_url(settings.database_url) if settings.db else f"{kind} {settings.data / 'compliance.sqlite'}"
    announce(f"compliance serve: http://{'[' + host + ']' if ':' in host else host}:{port} (dashboard: /, API docs: /docs) · "
             f"database: {where} · data: {settings.data} · {workers} worker(s) × {settings.render_workers} render process(es)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        announce(f"note: listening on {host}, reachable from other machines: put a TLS proxy in front")
    uvicorn.run("compliance.service.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level=log_level, timeout_graceful_shutdown=grace, server_header=False, access_log=log_level == "debug")
