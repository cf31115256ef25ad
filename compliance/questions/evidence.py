"""Questions answered by attaching evidence files: the checker verifies the files listed."""

from __future__ import annotations

from .base import CellInput, Control, QuestionType, labels


class EvidenceType(QuestionType):
    name = "evidence"
    judged_by_evidence = True

    def control(self, question, lang) -> Control:
        return Control("files", question.id, hint=labels(lang)["evidence_attached"])

    def cell_input(self, question, lang) -> CellInput:
        return CellInput(locked=True)  # the files go into the evidence column; there is no value
