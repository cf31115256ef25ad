"""`compliance serve` (the HTTP API) and `compliance tokens create|list|revoke`.

FastAPI, SQLAlchemy and uvicorn are imported inside the commands: the other commands' start-up
does not pay for them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer

from ..enums import Lang
from .common import console, guarded, print_json
from .options import RulesDir, TableOrJson, Templates

tokens_app = typer.Typer(help="Bearer tokens of the HTTP API (compliance serve).", no_args_is_help=True)

DataDir = Annotated[Path, typer.Option(
    "--data", envvar="COMPLIANCE_DATA", help="Data folder: the SQLite database and the file store (env: COMPLIANCE_DATA).")]
Database = Annotated[Optional[str], typer.Option(
    "--db", envvar="COMPLIANCE_DB", show_default=False,
    help="Database URL instead of SQLite in --data, e.g. postgresql://user:pass@host/db (env: COMPLIANCE_DB).")]
DEFAULT_DATA = Path("compliance-data")
T = TypeVar("T")


def register(root: typer.Typer) -> None:
    root.command("serve")(serve)
    root.add_typer(tokens_app, name="tokens")


@guarded
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: this machine only)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    data: DataDir = DEFAULT_DATA,
    db: Database = None,
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Server processes (each with its own render pool)."),
    render_workers: Optional[int] = typer.Option(None, "--render-workers", min=1, show_default=False,
                                                 help="Render processes per server process. Default: cores / workers."),
    queue: int = typer.Option(8, "--queue", min=0, help="Render jobs that may wait per server process; beyond: 503 + Retry-After."),
    max_body_mb: float = typer.Option(50, "--max-body-mb", min=0.001, help="Largest request body in MB; beyond: 413."),
    grace: float = typer.Option(30, "--grace", min=0, help="Seconds running requests get to finish after Ctrl-C or SIGTERM."),
    log_level: str = typer.Option("info", "--log-level", help="critical, error, warning, info or debug (debug logs every request)."),
    templates: Templates = None,
    rules: RulesDir = None,
    public_url: Optional[str] = typer.Option(
        None, "--public-url", envvar="COMPLIANCE_PUBLIC_URL", show_default=False,
        help="The address vendors reach this server at, for the links of questionnaire requests, e.g. "
             "https://compliance.example.com behind a TLS proxy (https also makes cookies Secure). "
             "Default: the address each API call came to (env: COMPLIANCE_PUBLIC_URL)."),
    link_grace_days: int = typer.Option(14, "--link-grace-days", min=0,
                                        help="Days a vendor link stays valid after the request's due date."),
) -> None:
    """Serve the HTTP API and the vendor portal: checks, documents, packs and verification over
    HTTP; questionnaires vendors answer in the browser.

    The same core and the same JSON shapes as the CLI, with bearer tokens, an audit log, stored
    profiles and a cache of rendered documents. Data lives in SQLite in --data (created and
    migrated on start) or in the PostgreSQL database of --db; several servers may share one
    PostgreSQL. API documentation: http://HOST:PORT/docs. Stop with Ctrl-C or SIGTERM
    (running requests finish first).

    The vendor portal: sign in at http://HOST:PORT/ with a token and send a vendor a
    questionnaire link (or POST /api/v1/requests); the vendor answers in the browser, the answers
    are checked, and a compliant answer set becomes a verified pack with its history.

    \b
    Example:
      compliance tokens create my-workflow      # prints the token once
      compliance serve --port 8000
      curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8000/api/v1/rules?as_of=2026-03-01
      curl -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -d '{"profile_id": "lotus-networks"}' http://127.0.0.1:8000/api/v1/requests
    """
    from ..service.server import run
    from ..service.settings import MB, Settings, check_public_url, default_render_workers

    if log_level not in ("critical", "error", "warning", "info", "debug"):
        raise typer.BadParameter("use critical, error, warning, info or debug", param_hint="--log-level")
    settings = Settings(data=data, db=db, rules=rules, templates=templates, max_body=int(max_body_mb * MB),
                        render_workers=render_workers or default_render_workers(workers), queue=queue,
                        public_url=check_public_url(public_url), link_grace_days=link_grace_days)
    run(settings, host=host, port=port, workers=workers, log_level=log_level, grace=grace,
        announce=lambda m: typer.echo(m, err=True))


def _on_database(data: Path, db: str | None, action: Callable[[Any], T]) -> T:
    """``action(database)`` on the database of ``--data``/``--db`` (created and migrated if new)."""
    from ..service.db import open_database
    from ..service.settings import Settings

    database = open_database(Settings(data=data, db=db).database_url)
    try:
        return action(database)
    finally:
        database.dispose()


@tokens_app.command("create")
@guarded
def tokens_create(
    name: str = typer.Argument(..., help="Who or what will use the token (shown in the audit log); never reused."),
    data: DataDir = DEFAULT_DATA,
    db: Database = None,
) -> None:
    """Make a bearer token and print it (only its hash is stored).

    \b
    Example:
      TOKEN=$(compliance tokens create contract-system)
      curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8000/api/v1/rules
    """
    from ..i18n import text
    from ..service.tokens import create_token

    secret = _on_database(data, db, lambda database: create_token(database, name))
    typer.echo(secret)
    typer.echo(text(Lang.en, "cli.token_created", name=name), err=True)


@tokens_app.command("list")
@guarded
def tokens_list(
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help="table or json."),
    data: DataDir = DEFAULT_DATA,
    db: Database = None,
) -> None:
    """List the tokens: names, when made, when revoked (never the secrets)."""
    from ..service.tokens import list_tokens
    from . import tables

    found = _on_database(data, db, list_tokens)
    if fmt == TableOrJson.json:
        print_json([t.to_dict() for t in found])
    else:
        tables.tokens(console(), found)


@tokens_app.command("revoke")
@guarded
def tokens_revoke(
    name: str = typer.Argument(..., help="The token's name."),
    data: DataDir = DEFAULT_DATA,
    db: Database = None,
) -> None:
    """Revoke a token: from now on it gets 403, on every server sharing the database."""
    from ..i18n import text
    from ..service.tokens import revoke_token

    info = _on_database(data, db, lambda database: revoke_token(database, name))
    typer.echo(text(Lang.en, "cli.token_revoked", name=info.name, at=f"{info.revoked_at:%Y-%m-%d %H:%M:%S}"), err=True)
