"""From a located document to a model: pydantic's errors as ``file:line:col: message``.

:func:`validate_document` validates a :class:`~compliance.files.reader.Document` against a model
and turns every validation error into one located :class:`~compliance.errors.InputError`, in file
order; :func:`load_model` reads and validates a file in one go.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import InputError, InputErrors
from ..files.reader import Document, load_document

M = TypeVar("M", bound=BaseModel)


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The longest prefix of a pydantic ``loc`` that addresses real data."""
    out: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            break
        out.append(part)
    return tuple(out)


def _dotted(path: Iterable[Any]) -> str:
    """``rules[0].questions[1].type``; odd keys (spaces, control characters) are quoted."""
    s = ""
    for part in path:
        if isinstance(part, int):
            s += f"[{part}]"
            continue
        text = str(part)
        if not text or not text.isprintable() or " " in text:
            text = repr(text)
        s += f".{text}" if s else text
    return s


def validation_errors(exc: ValidationError, doc: Document) -> list[InputError]:
    """Turn a pydantic error into one located :class:`InputError` per offending place (none
    where the reader already refused the value: ``doc.invalid``)."""
    grouped: dict[tuple[Any, ...], list[str]] = {}
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = _data_path(doc.data, loc)
        if any(path[: len(bad)] == bad for bad in doc.invalid):
            continue
        kind = err["type"]
        if kind == "extra_forbidden":
            msg = f"unknown key {loc[-1]!r}"
        elif kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == r"\S":
            msg = "must not be empty"
        elif kind == "missing":
            msg = f"missing required key {loc[-1]!r}"
            path = _data_path(doc.data, loc[:-1])
        else:
            msg = err["msg"]
            if msg.startswith("Value error, "):
                msg = msg[len("Value error, ") :]
            if "input" in err and not isinstance(err["input"], (dict, list)) and kind not in (
                "value_error",
                "assertion_error",
            ):
                shown = repr(err["input"])
                msg += f" (got {shown if len(shown) <= 60 else shown[:57] + '...'})"
                if isinstance(err["input"], bool) and kind.startswith("string"):
                    msg += "; YAML reads yes/no/on/off/true/false as booleans: quote the value"
        where = _dotted(loc if kind in ("extra_forbidden", "missing") else path)
        text = f"{where}: {msg}" if where else msg
        if "[key]" in loc:  # a dict key failed validation: point at the key itself
            at_key = True
            path = _data_path(doc.data, loc[: loc.index("[key]")])
            where = _dotted(path)
            text = f"{where}: {msg}"
        else:
            at_key = kind == "extra_forbidden"
        distinct = loc if kind in ("extra_forbidden", "missing") else None
        grouped.setdefault((path, at_key, distinct), []).append(text)
    out = []
    for (path, at_key, _), msgs in grouped.items():
        unique = list(dict.fromkeys(msgs))
        message = unique[0] if len(unique) == 1 else unique[0] + " (or: " + "; ".join(
            m.split(": ", 1)[-1] for m in unique[1:]
        ) + ")"
        out.append(InputError(message, doc.locate(path, key=at_key)))
    return in_file_order(out)


def in_file_order(errors: list[InputError]) -> list[InputError]:
    return sorted(errors, key=lambda e: (e.location.line or 0, e.location.column or 0) if e.location else (0, 0))


def validate_document(model: type[M], doc: Document, *, extra: Iterable[InputError] = ()) -> M:
    """Validate a parsed document against ``model``; raise :class:`InputErrors` with every
    problem of the file in file order: the values the reader refused (``doc.problems``), the
    schema's errors and ``extra`` ones (say, vocabulary errors found on the raw data)."""
    errors = list(doc.problems) + list(extra)
    try:
        result = model.model_validate(doc.data)
    except ValidationError as exc:
        errors += validation_errors(exc, doc)
        result = None
    if errors or result is None:
        raise InputErrors(in_file_order(errors))
    return result


def load_model(model: type[M], path: str | Path) -> M:
    """Read ``path`` (YAML or JSON) and validate it as ``model``; every problem located."""
    try:
        doc = load_document(path, collect=True)
    except InputError as err:
        raise InputErrors([err]) from None
    return validate_document(model, doc)
