"""A vendor's answers to the questions of its checklist."""

from __future__ import annotations

import datetime as dt
from typing import Any, Union

from pydantic import Field

from .common import NonEmpty, QuestionId, Slug, Strict, in_period

AnswerValue = Union[bool, int, float, dt.date, str]


class Waiver(Strict):
    """An approved exception for a SOLL/KANN item; MUSS items cannot be waived."""

    reason: NonEmpty
    approver: NonEmpty
    expires: dt.date

    def active_on(self, day: dt.date) -> bool:
        """Still in force on ``day`` (``expires`` is its last day)."""
        return in_period(day, None, self.expires)


class Answer(Strict):
    value: AnswerValue | None = Field(
        default=None, description="bool | string | number | ISO date | choice key"
    )
    comment: str | None = None
    evidence: list[NonEmpty] = Field(
        default_factory=list, description="Paths relative to --evidence-dir; never outside it"
    )
    waiver: Waiver | None = None
    about: dict[str, Any] | None = Field(
        default=None,
        description="Read-only description of the question, written by `answers-template --format json`; ignored by `check`",
    )


class Answers(Strict):
    """Answers file (YAML or JSON): ``profile`` id and answers keyed by question id."""

    profile: Slug
    answers: dict[QuestionId, Answer] = Field(default_factory=dict)
