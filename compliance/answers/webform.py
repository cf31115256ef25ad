"""Answers from a web form: the vendor portal's questionnaire (``compliance serve``).

The form follows the contract of :mod:`.formfields`, as fillable PDFs do: one field per
question named by the question id (radio values ``yes``/``no`` and the choice keys, dates as
``YYYY-MM-DD``, numbers, text), ``<id>__comment`` for the comment; evidence is uploaded per rule
(``evidence__<RULE_ID>``, any number of files). Each value is read by its question type
(``parse_text``), so a value that does not parse stays text and the checker reports it, as it
does for a PDF form. Unlike PDF viewers, browsers send what was typed: no "Off" for unset.

Files uploaded for a rule are listed under the rule's evidence-type questions when it has any
(they are answered by files), else under the rule's id (the rule's evidence items).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..models import Answers, Question
from ..questions import question_type
from . import formfields

#: Prefix of a rule's evidence upload field: ``evidence__TKG-165-04``.
EVIDENCE_FIELD_PREFIX = "evidence__"


def rule_evidence_field(rule_id: str) -> str:
    return EVIDENCE_FIELD_PREFIX + rule_id


def form_field_names(questions: Sequence[Question]) -> list[str]:
    """The text fields a questionnaire of ``questions`` has: value and comment of each."""
    return [name for q in questions for name in (formfields.value_field(q.id), formfields.comment_field(q.id))]


def typed(raw: str | None) -> str | None:
    """A form field's text with its ends stripped and line ends as ``\n``; ``None`` when empty."""
    text = (raw or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


def read_form(
    profile_id: str,
    questions_by_rule: Mapping[str, Sequence[Question]],
    values: Mapping[str, str],
    evidence: Mapping[str, Sequence[str]] | None = None,
) -> Answers:
    """The answers a web form holds.

    ``questions_by_rule``: the questions the form shows, by rule id (in order); ``values``: the
    form's text fields; ``evidence``: the evidence paths (relative to the evidence folder the
    check gets) uploaded per rule id. Unanswered questions are left out.
    """
    answers: dict[str, dict] = {}
    for rule_id, questions in questions_by_rule.items():
        files = list((evidence or {}).get(rule_id, ()))
        by_files = {q.id for q in questions if question_type(q.type).judged_by_evidence}
        for q in questions:
            raw = typed(values.get(formfields.value_field(q.id)))
            value = None if raw is None else question_type(q.type).parse_text(q, raw)
            comment = typed(values.get(formfields.comment_field(q.id)))
            listed = files if q.id in by_files else []
            if value is None and comment is None and not listed:
                continue
            answers[q.id] = {"value": value, "comment": comment, "evidence": listed}
        if files and not by_files and rule_id not in answers:
            answers[rule_id] = {"evidence": files}
    return Answers.model_validate({"profile": profile_id, "answers": answers})


__all__ = ["EVIDENCE_FIELD_PREFIX", "form_field_names", "read_form", "rule_evidence_field", "typed"]
