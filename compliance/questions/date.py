"""Dates (``YYYY-MM-DD``). In certification rules they are "valid until" dates, which must not
lie before the as-of date."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..enums import Outcome
from ..i18n import msg
from .base import CellInput, Control, Judged, QuestionType, labels


#: Dates as typed in German cells (a cell formatted as text keeps them as text).
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


class DateType(QuestionType):
    name = "date"
    parses_text = True

    def parse_text(self, question: Any, text: str) -> Any:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text

    def check_value(self, question: Any, value: Any) -> bool:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)

    def judge(self, question, typed, context):
        if context.validity_dates and context.as_of is not None and typed < context.as_of:
            return Judged(Outcome.non_compliant, msg("date_expired", value=typed, as_of=context.as_of), typed)
        return None

    def hint(self, question, lang) -> str:
        return f"{self.name} ({labels(lang)['date_hint']})"

    def control(self, question, lang) -> Control:
        hint = labels(lang)["date_hint"]
        return Control("short", f"{question.id} ({hint})", hint=hint, maxlength=10, input="date")

    def cell_input(self, question, lang) -> CellInput:
        return CellInput("date", format="date", message=labels(lang)["cell_date"])

    def parse_cell(self, question, value):
        if isinstance(value, str):
            match = _GERMAN_DATE.fullmatch(value.strip())
            if match:
                day, month, year = map(int, match.groups())
                try:
                    return dt.date(year, month, day)
                except ValueError:
                    return value.strip()
        return super().parse_cell(question, value)
