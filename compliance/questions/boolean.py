"""Yes/no questions: ``expected`` is the complying answer."""

from __future__ import annotations

from typing import Any

from ..enums import Outcome
from ..i18n import msg
from .base import CellInput, Control, FieldSpec, Judged, QuestionType, labels

YES, NO = "yes", "no"
_TRUE = frozenset({YES, "true", "ja", "wahr"})  # wahr/falsch: LibreOffice's and Excel's German words
_FALSE = frozenset({NO, "false", "nein", "falsch"})


class BooleanType(QuestionType):
    name = "boolean"
    fields = {"expected": FieldSpec(True, "the complying answer")}
    parses_text = True

    def parse_text(self, question: Any, text: str) -> Any:
        low = text.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        return text

    def check_value(self, question: Any, value: Any) -> bool:
        return isinstance(value, bool)

    def judge(self, question, typed, context):
        if typed != question.expected:
            return Judged(Outcome.non_compliant, msg("boolean_mismatch", value=typed, expected=question.expected), typed)
        return None

    def complies_text(self, question, lang) -> str:
        words = labels(lang)
        return words["yes"] if question.expected else words["no"]

    def show_value(self, question, value, lang) -> str:
        if isinstance(value, bool):
            return labels(lang)["yes" if value else "no"]
        return str(value)

    def control(self, question, lang) -> Control:
        words = labels(lang)
        return Control("options", question.id, ((YES, words["yes"]), (NO, words["no"])))

    def cell_input(self, question, lang) -> CellInput:
        words = labels(lang)
        return CellInput("list", (words["yes"], words["no"]), message=words["cell_yes_no"])
