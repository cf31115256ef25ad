"""Choose one of several keys; each choice says whether it complies."""

from __future__ import annotations

from typing import Any

from ..enums import Outcome
from ..i18n import msg
from .base import CellInput, Control, FieldSpec, Judged, QuestionType, labels


class ChoiceType(QuestionType):
    name = "choice"
    fields = {"choices": FieldSpec(True, "the options")}

    def check_schema(self, question: Any) -> list[str]:
        keys = [c.key for c in question.choices]
        problems = []
        if len(set(keys)) != len(keys):
            problems.append("choice keys must be unique")
        if not any(c.complies for c in question.choices):
            problems.append("at least one choice must comply")
        return problems

    def check_value(self, question: Any, value: Any) -> bool:
        return isinstance(value, str) and value in {c.key for c in question.choices or ()}

    def expected(self, question):
        return msg("type_choice", keys=[c.key for c in question.choices or ()])

    def judge(self, question, typed, context):
        choice = next(c for c in question.choices if c.key == typed)
        if not choice.complies:
            complying = [c.key for c in question.choices if c.complies]
            return Judged(Outcome.non_compliant, msg("choice_mismatch", key=typed, label=choice.label, complying=complying), typed)
        return None

    def complies_text(self, question, lang) -> str:
        return " / ".join(c.label.get(lang) for c in question.choices or () if c.complies)

    def show_value(self, question, value, lang) -> str:
        for c in question.choices or ():
            if c.key == value:
                return c.label.get(lang)
        return str(value)

    def control(self, question, lang) -> Control:
        return Control("choices", question.id, tuple((c.key, c.label.get(lang)) for c in question.choices or ()))

    def cell_input(self, question, lang) -> CellInput:
        items = tuple(c.label.get(lang) for c in question.choices or ())
        return CellInput("list", items, message=labels(lang)["cell_choose"])

    def parse_cell(self, question, value):
        """The key of the choice whose label (in either language) or key the cell holds."""
        if not isinstance(value, str):
            return super().parse_cell(question, value)
        text = " ".join(value.split())
        if not text:
            return None
        for c in question.choices or ():
            if text == c.key or text in (" ".join(c.label.de.split()), " ".join(c.label.en.split())):
                return c.key
        return text
