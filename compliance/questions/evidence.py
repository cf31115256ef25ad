"""Questions answered by attaching evidence files: the checker verifies the files listed."""

from __future__ import annotations

from .base import QuestionType


class EvidenceType(QuestionType):
    name = "evidence"
    judged_by_evidence = True
