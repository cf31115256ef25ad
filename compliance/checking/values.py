"""Judging one answer value against its question: does it have the right type, does it comply?

:func:`assess` returns an :class:`Outcome`; what that outcome means for the rule (error,
incomplete, review, information) depends on the obligation level and is decided in
:mod:`compliance.checking.policy`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from ..formfields import parse_value
from ..models import Question
from .messages import Msg, msg

#: Outcome kinds.
OK, NON_COMPLIANT, UNANSWERED, INVALID, SKIPPED = "ok", "non_compliant", "unanswered", "invalid", "skipped"


@dataclass(frozen=True)
class Outcome:
    kind: str
    msg: Msg | None = None
    value: Any = None  # the value after coercion (what was judged)


def expected_type(question: Question) -> Msg:
    if question.type == "choice":
        return msg("type_choice", keys=[c.key for c in question.choices or ()])
    return msg(f"type_{question.type}")


def _shown(value: Any) -> str:
    text = repr(value.isoformat() if isinstance(value, dt.date) else value)
    return text if len(text) <= 60 else text[:57] + "..."


def coerce(question: Question, value: Any) -> tuple[bool, Any]:
    """``(True, typed value)`` when ``value`` has the question's type, else ``(False, value)``.

    Strings are accepted where a form would give text: ``yes``/``no``/``true``/``false``/
    ``ja``/``nein`` for booleans, ``12`` or ``1,5`` for numbers, ``YYYY-MM-DD`` for dates.
    """
    t = question.type
    if isinstance(value, str) and t in ("boolean", "number", "date"):
        value = parse_value(question, value)
        if value is None or isinstance(value, str):
            return False, value
    if t == "boolean":
        return isinstance(value, bool), value
    if t == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return (ok and math.isfinite(value)), value
    if t == "date":
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime), value
    if t == "choice":
        keys = {c.key for c in question.choices or ()}
        return isinstance(value, str) and value in keys, value
    if t == "text":
        return isinstance(value, str), value
    return True, value  # evidence: the value is not judged


def assess(question: Question, value: Any, *, validity_date: bool = False, as_of: dt.date | None = None) -> Outcome:
    """Judge ``value`` (``None``: unanswered) for ``question``.

    ``validity_date``: the question asks for a "valid until" date, which must not lie before
    ``as_of``. Evidence questions are judged by the caller (they need the verified files).
    """
    if value is None:
        return Outcome(UNANSWERED if question.required else SKIPPED, msg("unanswered") if question.required else None)
    ok, typed = coerce(question, value)
    if not ok:
        return Outcome(INVALID, msg("wrong_type", expected=expected_type(question), got=_shown(value)), value)
    t = question.type
    if t == "boolean":
        if typed != question.expected:
            return Outcome(NON_COMPLIANT, msg("boolean_mismatch", value=typed, expected=question.expected), typed)
    elif t == "choice":
        choice = next(c for c in question.choices or () if c.key == typed)
        if not choice.complies:
            complying = [c.key for c in question.choices or () if c.complies]
            return Outcome(NON_COMPLIANT, msg("choice_mismatch", key=typed, label=choice.label, complying=complying), typed)
    elif t == "number":
        if question.min is not None and typed < question.min:
            return Outcome(NON_COMPLIANT, msg("number_below", value=typed, min=question.min), typed)
        if question.max is not None and typed > question.max:
            return Outcome(NON_COMPLIANT, msg("number_above", value=typed, max=question.max), typed)
    elif t == "text":
        length = len(typed.strip())
        if length == 0:
            return Outcome(UNANSWERED if question.required else SKIPPED, msg("text_empty") if question.required else None, typed)
        if question.min_length is not None and length < question.min_length:
            return Outcome(INVALID, msg("text_short", length=length, min_length=question.min_length), typed)
    elif t == "date":
        if validity_date and as_of is not None and typed < as_of:
            return Outcome(NON_COMPLIANT, msg("date_expired", value=typed, as_of=as_of), typed)
    return Outcome(OK, None, typed)
