"""The request body limit (413), as a pure ASGI middleware that works with any framework version.

A ``Content-Length`` over the limit is refused before a byte is read. Bodies without one (chunked
uploads) are counted as they arrive; the moment the count passes the limit the body stops being
read and the client gets 413, whatever the route made of the broken body meanwhile.

The 413 is sent without ``Connection: close``: closing a socket that still holds unread request
data makes the kernel reset the connection, and the client would see "connection reset" instead
of the 413. Kept alive, the server reads and discards the rest of the body itself.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_response


class BodyTooLarge(HTTPException):
    """An HTTPException, so that FastAPI's body parsing passes it on instead of making it a 400."""

    def __init__(self, limit: int):
        super().__init__(413, f"request body larger than the limit of {limit:,} bytes")


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    def _response(self) -> Any:
        return error_response(413, f"request body larger than the limit of {self.max_bytes:,} bytes")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                if value.isdigit() and int(value) > self.max_bytes:
                    await self._response()(scope, receive, send)
                    return
        seen = 0
        tripped = started = answered = False

        async def counting_receive() -> Message:
            nonlocal seen, tripped
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    tripped = True
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started, answered
            if tripped and not started:
                if not answered:  # whatever the app made of the cut body: the answer is 413
                    answered = True
                    await self._response()(scope, receive, send)
                return
            started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not tripped or started:
                raise
            if not answered:
                answered = True
                await self._response()(scope, receive, send)
