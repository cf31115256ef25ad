"""The application factory: ``compliance serve`` runs :func:`app_from_env` in each worker process.

    from compliance.service.app import create_app
    from compliance.service.settings import Settings
    app = create_app(Settings(data=Path("compliance-data")))   # any ASGI server can run it

Every ``/api/v1`` route needs ``Authorization: Bearer <token>``; ``/healthz``, ``/openapi.json``
and ``/docs`` are open.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends, FastAPI, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from . import errors
from .deps import State, caller, start
from .limits import BodyLimit
from .responses import json_response
from .routers import API
from .settings import Settings

DESCRIPTION = """Checklists, attestation forms, checks and attestation packs for German
telecom-security obligations, over HTTP: the same core and the same JSON as the `compliance` CLI.

Authenticate with `Authorization: Bearer <token>` (`compliance tokens create NAME`).
Errors: `{"errors": [{"file", "line", "column", "message"}]}` (422 bad input, 401/403 token,
404 unknown, 413 body too large, 503 busy with `Retry-After`)."""


class SecurityHeaders:
    """Headers every response gets: no MIME sniffing, no referrer, no framing; API answers are
    not stored by caches in between (they may carry vendor data)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = scope["path"].startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                            (b"x-frame-options", b"DENY")]
                if api and not any(k == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"private, no-cache"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(settings: Settings) -> FastAPI:
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = await start(settings)
        app.state.service = state
        try:
            yield
        finally:  # uvicorn has stopped accepting and let running requests finish
            state.close()

    app = FastAPI(title="compliance", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  openapi_url="/openapi.json", docs_url="/docs", redoc_url=None)
    errors.install(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body)
    app.add_middleware(SecurityHeaders)

    @app.get("/healthz", tags=["health"], summary="Is the server up, and can it reach its database?")
    async def healthz(st: State) -> Response:
        st.db.ping()
        rs = st.ruleset
        return json_response({"status": "ok", "version": __version__, "database": st.db.dialect,
                              "ruleset": {"id": rs.header.id, "version": rs.header.version, "digest": rs.digest},
                              "render_jobs": st.pool.in_flight, "render_capacity": st.pool.limit})

    api = APIRouter(prefix="/api/v1", dependencies=[Depends(caller)], responses=errors.ERROR_RESPONSES)
    for module in API:
        api.include_router(module.router)
    app.include_router(api)
    return app


def app_from_env() -> FastAPI:
    """The application of one worker process, configured by the serving CLI (uvicorn factory)."""
    return create_app(Settings.from_env())
