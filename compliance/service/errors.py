"""Every error the service answers has one shape: ``{"errors": [{file, line, column, message}]}``.

Input problems are the core's :class:`~compliance.errors.InputError` / ``InputErrors`` with the
same located messages the CLI prints (422); a name that does not exist is 404; FastAPI's own
request validation is put into the same shape (422); anything unexpected is logged with its
traceback and answered 500 with a reference, never the traceback itself.
"""

from __future__ import annotations

import logging
import secrets
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from ..errors import ComplianceError, InputError, InputErrors, NotFound, one_line
from .pool import PoolFull
from .tokens import Revoked, Unauthenticated

log = logging.getLogger("compliance.service")


class ErrorItem(BaseModel):
    file: str | None = Field(None, description="The file (as sent), `profile`/`answers` for inline JSON, `request body`...")
    line: int | None = None
    column: int | None = None
    message: str


class ErrorBody(BaseModel):
    """The shape of every error answer (the CLI prints each item as ``file:line:col: message``)."""

    errors: list[ErrorItem]


#: The error answers every API route may give, for the OpenAPI description.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text} for status, text in (
        (401, "No token, or an unknown one"), (403, "The token was revoked"), (404, "Not found"),
        (413, "Request body too large"), (422, "Bad input, with located messages"),
        (503, "Busy: retry after the Retry-After header's seconds"))
}


def error_item(message: str, file: str | None = None, line: int | None = None, column: int | None = None) -> dict[str, Any]:
    return {"file": file, "line": line, "column": column, "message": message}


def input_error_items(exc: InputError | InputErrors) -> list[dict[str, Any]]:
    """The located items of a core input error (the CLI prints each as ``file:line:col: message``)."""
    errors = exc.errors if isinstance(exc, InputErrors) else [exc]
    out = []
    for e in errors:
        loc = e.location
        out.append(error_item(one_line(e.message), loc.file if loc else None, loc.line if loc else None,
                              loc.column if loc else None))
    return out


def error_response(status: int, message: str | list[dict[str, Any]], headers: dict[str, str] | None = None) -> JSONResponse:
    items = message if isinstance(message, list) else [error_item(message)]
    return JSONResponse({"errors": items}, status, headers=headers)


def _pydantic_items(exc: RequestValidationError) -> list[dict[str, Any]]:
    items = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        where = loc[0] if loc else "request"
        path = ".".join(loc[1:])
        msg = err.get("msg", "invalid")
        if err.get("type") == "missing":
            msg = "missing"
        shown = f"{path}: {msg}" if path else msg
        items.append(error_item(shown, file=f"request {where}"))
    return items


def status_of(exc: BaseException) -> int:
    """The HTTP status an exception is answered with (also what the audit log records)."""
    if isinstance(exc, (InputError, InputErrors, RequestValidationError)):
        return 422
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, ComplianceError):
        return 422
    if isinstance(exc, (PoolFull, BrokenProcessPool)):
        return 503
    if isinstance(exc, HTTPException):
        return exc.status_code
    return 500


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the one shape."""

    @app.exception_handler(InputError)
    @app.exception_handler(InputErrors)
    async def _input(request: Request, exc: InputError | InputErrors) -> JSONResponse:
        return error_response(422, input_error_items(exc))

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> JSONResponse:
        return error_response(404, str(exc))

    @app.exception_handler(ComplianceError)
    async def _other(request: Request, exc: ComplianceError) -> JSONResponse:
        return error_response(422, one_line(str(exc)))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, _pydantic_items(exc))

    @app.exception_handler(Unauthenticated)
    async def _unauthenticated(request: Request, exc: Unauthenticated) -> JSONResponse:
        return error_response(401, str(exc), {"WWW-Authenticate": 'Bearer realm="compliance"'})

    @app.exception_handler(Revoked)
    async def _revoked(request: Request, exc: Revoked) -> JSONResponse:
        return error_response(403, str(exc))

    @app.exception_handler(PoolFull)
    async def _busy(request: Request, exc: PoolFull) -> JSONResponse:
        return error_response(503, f"all render processes are busy; retry in {exc.retry_after} s",
                              {"Retry-After": str(exc.retry_after)})

    @app.exception_handler(BrokenProcessPool)
    async def _died(request: Request, exc: BrokenProcessPool) -> JSONResponse:
        log.error("a render process died on %s %s (killed, out of memory?); a new pool takes over",
                  request.method, request.url.path)
        return error_response(503, "a render process ended unexpectedly; retry", {"Retry-After": "1"})

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        ref = secrets.token_hex(6)
        log.error("internal error %s on %s %s", ref, request.method, request.url.path, exc_info=exc)
        return error_response(500, f"internal error (reference {ref}; the server log has the details)")
