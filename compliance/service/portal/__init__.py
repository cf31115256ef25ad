"""The vendor portal: operators send a questionnaire link, vendors answer in the browser, packs
come back checked (``compliance serve``).

* :mod:`.requests` — requests, their links, drafts, uploads, submissions and history (database);
* :mod:`.flow` — the questionnaire document, the check of a draft, packs built in the background;
* :mod:`.attempts` — the limit on failed link and sign-in attempts (database, per address);
* :mod:`.web` — templates, sessions and CSRF, languages, assets, error pages;
* :mod:`.vendor` — the vendor's pages (``/r/<link>``); :mod:`.dashboard` — the operator's (``/``).

The API of requests (``/api/v1/requests``) is :mod:`compliance.service.routers.requests`.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI, Request, Response

from ..deps import ServiceState
from ..settings import Settings
from .attempts import Attempts, TooManyAttempts
from .flow import PackBuilder
from .web import PageError, Redirect, Sessions, error_page, session_key


@dataclass
class PortalState:
    session_key: str
    builder: PackBuilder
    attempts: Attempts


async def start(st: ServiceState) -> PortalState:
    """The portal's part of a server process: its session key, the pack builder (resuming the
    packs left pending) and the attempt limit."""
    portal = PortalState(session_key(st.db), PackBuilder(st), Attempts(st.db))
    portal.builder.resume()
    return portal


def install(app: FastAPI, settings: Settings) -> None:
    """Add the portal's pages, sessions and error pages to ``app``."""
    from fastapi.responses import RedirectResponse

    from . import dashboard, vendor
    from .web import assets

    app.add_middleware(Sessions, https_only=settings.secure_cookies)
    for router in (assets, vendor.router, dashboard.router):
        app.include_router(router)

    @app.exception_handler(PageError)
    async def _page(request: Request, exc: PageError) -> Response:
        return error_page(request.app.state.service, request, exc)

    @app.exception_handler(TooManyAttempts)
    async def _limited(request: Request, exc: TooManyAttempts) -> Response:
        return error_page(request.app.state.service, request,
                          PageError(429, "too_many_attempts", {"Retry-After": str(exc.retry_after)}, seconds=exc.retry_after))

    @app.exception_handler(Redirect)
    async def _redirect(request: Request, exc: Redirect) -> Response:
        return RedirectResponse(exc.url, 303, headers={"Cache-Control": "no-store"})


__all__ = ["PortalState", "install", "start"]
