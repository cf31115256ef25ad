"""Free text, optionally at least ``min_length`` characters (whitespace stripped)."""

from __future__ import annotations

from typing import Any

from ..enums import Outcome
from ..i18n import msg, text as wording
from .base import FieldSpec, Judged, QuestionType


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
