"""Free text, optionally at least ``min_length`` characters (whitespace stripped)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..enums import Outcome
from ..i18n import msg, text as wording
from .base import CellInput, FieldSpec, Judged, QuestionType


class TextType(QuestionType):
    name = "text"
    fields = {"min_length": FieldSpec(False, "shortest acceptable answer")}

    def check_value(self, question: Any, value: Any) -> bool:
        return isinstance(value, str)

    def judge(self, question, typed, context):
        length = len(typed.strip())
        if length == 0:
            judged = self.unanswered(question, "text_empty")
            return Judged(judged.kind, judged.msg, typed)
        if question.min_length is not None and length < question.min_length:
            return Judged(Outcome.invalid, msg("text_short", length=length, min_length=question.min_length), typed)
        return None

    def complies_text(self, question, lang) -> str:
        if question.min_length:
            return wording(lang, "documents.complies_min_length", n=question.min_length)
        return ""

    def cell_input(self, question, lang) -> CellInput:
        if not question.min_length:
            return CellInput()
        # A warning, not a stop: a short answer is a finding the vendor may choose to accept.
        message = wording(lang, "documents.cell_min_length", n=question.min_length)
        return CellInput("length", minimum=question.min_length, warn=True, message=message)

    def parse_cell(self, question, value):
        """Any typed value is text here: a number or a date in a cell not formatted as text."""
        if isinstance(value, dt.datetime) and value.time() == dt.time(0):
            value = value.date()
        if isinstance(value, (dt.datetime, dt.date)):
            return value.isoformat()
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else str(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return super().parse_cell(question, value)
