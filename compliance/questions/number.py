"""Numbers, optionally between ``min`` and ``max`` (both included)."""

from __future__ import annotations

import math
import re
from typing import Any

from ..enums import Outcome
from ..i18n import catalogue, msg
from .base import CellInput, Control, FieldSpec, Judged, QuestionType, labels

_INTEGER = re.compile(r"[-+]?\d+")


class NumberType(QuestionType):
    name = "number"
    fields = {"min": FieldSpec(False, "smallest complying value"), "max": FieldSpec(False, "largest complying value")}
    parses_text = True

    def check_schema(self, question: Any) -> list[str]:
        if question.min is not None and question.max is not None and question.min > question.max:
            return ["'min' is larger than 'max'"]
        return []

    def parse_text(self, question: Any, text: str) -> Any:
        try:
            return int(text) if _INTEGER.fullmatch(text) else float(text.replace(",", "."))
        except ValueError:
            return text

    def check_value(self, question: Any, value: Any) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)

    def judge(self, question, typed, context):
        if question.min is not None and typed < question.min:
            return Judged(Outcome.non_compliant, msg("number_below", value=typed, min=question.min), typed)
        if question.max is not None and typed > question.max:
            return Judged(Outcome.non_compliant, msg("number_above", value=typed, max=question.max), typed)
        return None

    def complies_text(self, question, lang) -> str:
        parts = []
        if question.min is not None:
            parts.append(f"≥ {question.min:g}")
        if question.max is not None:
            parts.append(f"≤ {question.max:g}")
        return catalogue(lang)["documents"]["complies_and"].join(parts)

    def control(self, question, lang) -> Control:
        return Control("short", question.id, hint=labels(lang)["number_hint"], input="number")

    def cell_input(self, question, lang) -> CellInput:
        # Only "is a number": min/max are the complying range, and a value outside it is a finding.
        return CellInput("decimal", format="general", message=labels(lang)["cell_number"])
