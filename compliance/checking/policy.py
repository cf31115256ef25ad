"""What an outcome means under each obligation level, and how waivers change it.

* MUSS (must): a non-complying answer is an ``error`` (non_compliant); an unanswered or
  invalid answer is ``incomplete``. MUSS items cannot be waived: a waiver is ignored, with
  a warning.
* SOLL (should): a non-complying answer with a justification — a comment of at least
  :data:`JUSTIFICATION_MIN_LENGTH` characters — is ``review`` (needs_review), without one an
  ``error``. Unanswered or invalid: ``incomplete``.
* KANN (may): informational; every outcome is ``info`` and never fails the check.
* A waiver (reason, approver, expires) on a SOLL/KANN answer turns any non-ok outcome into
  ``review`` while ``as_of <= expires``; an expired waiver no longer counts and is reported.
"""

from __future__ import annotations

import datetime as dt

from ..enums import Obligation, Outcome, Severity
from ..i18n import Msg, msg
from ..models import Waiver

#: Shortest comment (after stripping whitespace) that justifies a SOLL deviation.
JUSTIFICATION_MIN_LENGTH = 20


def is_justified(comment: str | None) -> bool:
    return comment is not None and len(comment.strip()) >= JUSTIFICATION_MIN_LENGTH


def waiver_state(waiver: Waiver | None, obligation: Obligation, as_of: dt.date) -> tuple[Waiver | None, list[tuple[Severity, Msg]]]:
    """``(active waiver or None, findings about the waiver)``."""
    if waiver is None:
        return None, []
    if obligation == Obligation.MUSS:
        return None, [(Severity.warning, msg("waiver_muss"))]
    if not waiver.active_on(as_of):
        return None, [(Severity.warning, msg("waiver_expired", approver=waiver.approver, expires=waiver.expires, as_of=as_of))]
    return waiver, []


def judge(kind: Outcome, detail: Msg | None, obligation: Obligation, *, comment: str | None = None,
          waiver: Waiver | None = None) -> tuple[Severity, Msg] | None:
    """``(severity, message)`` for an outcome, or ``None`` when there is nothing to say."""
    if kind in (Outcome.ok, Outcome.skipped) or detail is None:
        return None
    if waiver is not None:
        return Severity.review, msg("waived", detail=detail, expires=waiver.expires, approver=waiver.approver, reason=waiver.reason)
    if obligation == Obligation.KANN:
        return Severity.info, msg("kann_info", detail=detail)
    if kind == Outcome.non_compliant:
        if obligation == Obligation.SOLL:
            if is_justified(comment):
                return Severity.review, msg("soll_justified", detail=detail, comment=_short((comment or "").strip()))
            return Severity.error, msg("soll_unjustified", detail=detail, min_length=JUSTIFICATION_MIN_LENGTH)
        return Severity.error, detail
    return Severity.incomplete, detail


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
