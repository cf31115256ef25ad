"""Shared pieces of the routes: JSON and file responses, request options, today's date."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any, Literal, TypeVar

from fastapi import Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InputError, InputErrors, Location

LangCode = Literal["de", "en"]
M = TypeVar("M", bound=BaseModel)


def json_bytes(data: Any) -> bytes:
    """Compact JSON (the same data as the CLI's ``--format json``, without the indentation)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json_bytes(data), status, headers=headers, media_type="application/json")


def file_response(data: bytes, media_type: str, filename: str, headers: dict[str, str] | None = None) -> Response:
    return Response(data, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', **(headers or {})})


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def day_or_today(day: dt.date | None) -> dt.date:
    """The as-of date of a request: as given, else today (the server's date, as in the CLI)."""
    return day if day is not None else dt.date.today()


class Options(BaseModel):
    """Options every call that checks or renders may take (JSON members or multipart fields)."""

    model_config = ConfigDict(extra="forbid")
    as_of: dt.date | None = Field(None, description="The date that counts (YYYY-MM-DD). Default: today.")
    lang: LangCode | None = Field(None, description="de (German, authoritative) or en (English translation).")
    include_drafts: bool = Field(False, description="Also include draft rules in effect on the date.")


class ProfileInput(Options):
    """A request about one vendor."""

    profile: dict[str, Any] | str = Field(..., description="The vendor profile (a JSON object) or the id of a stored profile.")


def parse_fields(model: type[M], fields: dict[str, str], where: str = "request body") -> M:
    """Multipart text fields validated as ``model`` (pydantic's lax mode reads "true", dates...)."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        raise InputErrors([
            InputError(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}", Location(where)) for e in exc.errors()
        ]) from None


def parse_body(model: type[M], body: bytes) -> M:
    """A JSON request body validated as ``model``; problems located by member."""
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        items = []
        for e in exc.errors():
            path = ".".join(str(p) for p in e["loc"])
            msg = "missing" if e["type"] == "missing" else e["msg"]
            items.append(InputError(f"{path}: {msg}" if path else msg, Location("request body")))
        raise InputErrors(items) from None


def recorded_json(record: Any, data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A JSON response whose digest goes into the call's audit record."""
    body = json_bytes(data)
    record.output_sha256, record.status = sha256_hex(body), status
    return Response(body, status, headers=headers, media_type="application/json")


def recorded_file(record: Any, data: bytes, media_type: str, filename: str, headers: dict[str, str] | None = None) -> Response:
    """A file response whose digest goes into the call's audit record."""
    record.output_sha256 = sha256_hex(data)
    return file_response(data, media_type, filename, headers)
