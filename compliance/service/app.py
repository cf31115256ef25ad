"""The application factory: ``compliance serve`` runs :func:`app_from_env` in each worker process.

    from compliance.service.app import create_app
    from compliance.service.settings import Settings
    app = create_app(Settings(data=Path("compliance-data")))   # any ASGI server can run it

Every ``/api/v1`` route needs ``Authorization: Bearer <token>``; ``/healthz``, ``/openapi.json``
and ``/docs`` are open. The vendor portal's pages (``/`` for operators, ``/r/<link>`` for
vendors) are :mod:`.portal`.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends, FastAPI, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from . import errors, portal
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


#: The Content Security Policy of every page but the interactive API documentation (which needs
#: its inline script): nothing but this server's own stylesheets, fonts and images; no script at
#: all; forms post only here; no framing.
CSP = (b"default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


class SecurityHeaders:
    """Headers every response gets: no MIME sniffing, no referrer (vendor links carry their
    secret in the path), no framing, a strict Content Security Policy, HSTS behind TLS; API
    answers are not stored by caches in between (they may carry vendor data)."""

    def __init__(self, app: ASGIApp, tls: bool = False):
        self.app, self.tls = app, tls

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = scope["path"].startswith("/api/")
        docs = scope["path"] == "/docs" or scope["path"].startswith("/docs/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                            (b"x-frame-options", b"DENY"), (b"cross-origin-opener-policy", b"same-origin"),
                            (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()")]
                if not docs:
                    headers.append((b"content-security-policy", CSP))
                if self.tls:
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
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
        app.state.portal = await portal.start(state)
        try:
            yield
        finally:  # uvicorn has stopped accepting and let running requests finish
            await app.state.portal.builder.close()
            state.close()

    app = FastAPI(title="compliance", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  openapi_url="/openapi.json", docs_url="/docs", redoc_url=None)
    errors.install(app)
    portal.install(app, settings)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body)
    app.add_middleware(SecurityHeaders, tls=settings.secure_cookies)

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
