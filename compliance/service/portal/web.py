"""What every page of the portal shares: templates, sessions and CSRF, language, client address,
the assets route, error pages.

* Pages are rendered from the document templates' family (``templates/portal/*.html.j2``,
  overridable with ``--templates`` like every document) in the same sandboxed, autoescaped
  Jinja2 environment; they link the documents' stylesheet (``assets/style.css``) and the
  portal's own (``assets/portal.css``, screen, phone and print), served from the template
  folders' ``assets/`` by :func:`asset`. No page has an inline script or style (the Content
  Security Policy forbids both).
* Sessions are Starlette's signed cookies (``HttpOnly``, ``SameSite=Lax``, ``Secure`` when the
  public address is https), signed with a key kept in the database (``service_keys``), so every
  server process and replica accepts every other's cookies. A session holds the CSRF token, the
  operator's sign-in (the token's name and hash: a revoked token signs out at once) and the
  chosen language.
* CSRF: every form carries the session's token in a hidden field, compared in constant time;
  a form posted from another site (``Sec-Fetch-Site: cross-site``) is refused as well.
"""

from __future__ import annotations

import hmac
import mimetypes
import secrets
from pathlib import Path
from typing import Any

import itsdangerous
from fastapi import APIRouter, Request, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from ...enums import LANGS
from ...i18n import Labels
from ..db import Database
from ..deps import ServiceState
from ..models import ServiceKey, utcnow

SESSION_COOKIE = "compliance_session"
#: Seconds a session lives after it last changed (every page the vendor saves or submits renews it).
SESSION_MAX_AGE = 8 * 3600
#: Files of the template folders' ``assets/`` the pages may load, by suffix.
ASSET_TYPES = {".css": "text/css; charset=utf-8", ".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff",
               ".woff2": "font/woff2", ".png": "image/png"}


class PageError(HTTPException):
    """An error answered with a page (not the API's JSON): ``status`` and the message's key."""

    def __init__(self, status: int, key: str, headers: dict[str, str] | None = None, **params: Any):
        super().__init__(status, key, headers or {})
        self.status, self.key, self.params = status, key, params


class Redirect(Exception):
    """Answer with a redirect (303: the browser follows with a GET)."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def session_key(db: Database) -> str:
    """The key that signs session cookies, made on first start and shared through the database."""
    with db.reading() as s:
        value = s.scalar(select(ServiceKey.value).where(ServiceKey.name == "session"))
    if value:
        return value
    try:
        with db.writing() as s:
            s.add(ServiceKey(name="session", value=secrets.token_urlsafe(48), created_at=utcnow()))
    except IntegrityError:  # made by another process at the same moment
        pass
    with db.reading() as s:
        return s.scalar(select(ServiceKey.value).where(ServiceKey.name == "session"))


class Sessions(SessionMiddleware):
    """Starlette's sessions, signed with the service's key (known once the server has started)."""

    def __init__(self, app: ASGIApp, https_only: bool):
        super().__init__(app, secret_key="not-yet", session_cookie=SESSION_COOKIE, max_age=SESSION_MAX_AGE,
                         same_site="lax", https_only=https_only)
        self._keyed = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._keyed and scope["type"] == "http":
            portal = getattr(scope["app"].state, "portal", None)
            if portal is None:  # not started (lifespan off): no sessions
                await self.app(scope, receive, send)
                return
            self.signer = itsdangerous.TimestampSigner(portal.session_key)
            self._keyed = True
        await super().__call__(scope, receive, send)


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def csrf_ok(request: Request, value: Any) -> bool:
    expected = request.session.get("csrf")
    if not expected or not isinstance(value, str) or not hmac.compare_digest(expected.encode(), value.encode()):
        return False
    return request.headers.get("sec-fetch-site") in (None, "same-origin", "none")


async def form_data(request: Request, *, max_files: int, max_fields: int) -> FormData:
    """The posted form (urlencoded or multipart) within limits; a form over them is a page
    saying so (413 for a part too large, 422 for too many parts), nothing of it kept."""
    try:
        return await request.form(max_files=max_files, max_fields=max_fields, max_part_size=1024 * 1024)
    except HTTPException as exc:
        if exc.status_code == 413 or isinstance(exc, PageError):
            raise
        raise PageError(413 if "maximum size" in str(exc.detail) else 422, "form_too_large", detail=str(exc.detail)) from None


def client_ip(request: Request) -> str:
    """The client's address (behind a proxy: what uvicorn's --forwarded-allow-ips lets it trust)."""
    return request.client.host if request.client else "-"


def accepted_lang(request: Request) -> str:
    """The browser's preferred language among ours (``Accept-Language``); German when it names neither."""
    best, best_q = "de", -1.0
    for part in request.headers.get("accept-language", "").split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        lang = tag.strip().lower()[:2]
        try:
            q = float(params.strip()[2:]) if params.strip().startswith("q=") else 1.0
        except ValueError:
            continue
        if lang in LANGS and q > best_q:
            best, best_q = lang, q
    return best


def page_lang(request: Request, default: str | None = None) -> str:
    """The page's language: ``?lang=`` (remembered in the session), else the session's, else
    ``default`` (a request's language), else the browser's preference."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        if request.session.get("lang") != asked:
            request.session["lang"] = asked
        return asked
    if request.session.get("lang") in LANGS:
        return request.session["lang"]
    return default or accepted_lang(request)


def render(st: ServiceState, request: Request, template: str, lang: str, *, status: int = 200,
           headers: dict[str, str] | None = None, **context: Any) -> Response:
    """A page: ``templates/portal/<template>`` with the document labels (``t``), the portal's
    (``p``), the CSRF token and ``context``; never stored by caches."""
    from ...documents.templating import render_html

    html = render_html(f"portal/{template}", {
        "t": Labels(lang), "p": Labels(lang, "portal"), "lang": lang, "other_langs": [x for x in LANGS if x != lang],
        "csrf": csrf_token(request), "path": request.url.path, **context,
    }, st.settings.templates)
    return Response(html, status, media_type="text/html; charset=utf-8",
                    headers={"Cache-Control": "no-store", **(headers or {})})


def error_page(st: ServiceState, request: Request, exc: PageError) -> Response:
    lang = page_lang(request)
    return render(st, request, "message.html.j2", lang, status=exc.status, headers=exc.headers,
                  message=exc.key, params=exc.params)


assets = APIRouter(include_in_schema=False)


@assets.get("/assets/{name:path}")
async def asset(name: str, request: Request) -> Response:
    """A file of the template folders' ``assets/`` (the user's ``--templates`` first)."""
    from ...documents.templating import template_dirs

    st: ServiceState = request.app.state.service
    parts = Path(name).parts
    suffix = Path(name).suffix.lower()
    if not parts or ".." in parts or name.startswith("/") or suffix not in ASSET_TYPES:
        return Response("not found", 404, media_type="text/plain")
    for folder in template_dirs(st.settings.templates):
        root = (folder / "assets").resolve()
        path = (root / name).resolve()
        if path.is_relative_to(root) and path.is_file():
            return Response(path.read_bytes(), media_type=ASSET_TYPES[suffix] or mimetypes.guess_type(name)[0],
                            headers={"Cache-Control": "public, max-age=3600"})
    return Response("not found", 404, media_type="text/plain")


def vendor_url(st: ServiceState, request: Request, secret: str) -> str:
    """The link a vendor gets: ``--public-url`` (or the address this call came to) + ``/r/<secret>``."""
    base = st.settings.public_url or str(request.base_url).rstrip("/")
    return f"{base}/r/{secret}"
