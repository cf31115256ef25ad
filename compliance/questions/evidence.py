"""Questions answered by attaching evidence files: the checker verifies the files listed."""

from __future__ import annotations

from .base import BOX, CellInput, QuestionType, labels


class EvidenceType(QuestionType):
    name = "evidence"
    judged_by_evidence = True

    def cell_input(self, question, lang) -> CellInput:
        return CellInput(locked=True)  # the files go into the evidence column; there is no value

    def answer_lines(self, control, lang) -> tuple[str, ...]:
        return (f"{BOX} {labels(lang)['evidence_attached']}",)
