"""Answers from a web form: the vendor portal's questionnaire (``compliance serve``).

The form follows the contract of :mod:`.formfields`, as fillable PDFs do: one field per
question named by the question id (radio values ``yes``/``no`` and the choice keys, dates as
``YYYY-MM-DD``, numbers, text), ``<id>__comment`` for the comment; evidence is uploaded per rule
(``evidence__<RULE_ID>``, any number of files); an approved waiver, as in the answers workbook,
in ``<id>__waiver_reason``, ``<id>__waiver_approver`` and ``<id>__waiver_expires`` (all three, the
last a date: :func:`waiver_problems` says what is wrong with one). Each value is read by its question type
(``parse_text``), so a value that does not parse stays text and the checker reports it, as it
does for a PDF form. Unlike PDF viewers, browsers send what was typed: no "Off" for unset.

Files uploaded for a rule are listed under the rule's evidence-type questions when it has any
(they are answered by files), else under the rule's id (the rule's evidence items).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from ..models import Answers, Question
from ..questions import question_type
from . import formfields

#: Prefix of a rule's evidence upload field: ``evidence__TKG-165-04``.
EVIDENCE_FIELD_PREFIX = "evidence__"


def rule_evidence_field(rule_id: str) -> str:
    return EVIDENCE_FIELD_PREFIX + rule_id


#: The parts of a waiver, in the order the form shows them.
WAIVER_PARTS = ("reason", "approver", "expires")


def waiver_field(question_id: str, part: str) -> str:
    return f"{question_id}__waiver_{part}"


def form_field_names(questions: Sequence[Question]) -> list[str]:
    """The text fields a questionnaire of ``questions`` has: value, comment and waiver of each."""
    return [name for q in questions for name in (formfields.value_field(q.id), formfields.comment_field(q.id),
                                                 *(waiver_field(q.id, part) for part in WAIVER_PARTS))]


def _waiver(question: Question, values: Mapping[str, str]) -> tuple[dict[str, str] | None, tuple[str, str] | None]:
    """The waiver of ``question`` in the form (``None`` when there is none), or the problem with
    it: ``(field, "incomplete" | "date")``."""
    parts = {part: typed(values.get(waiver_field(question.id, part))) for part in WAIVER_PARTS}
    missing = [part for part, text in parts.items() if not text]
    if len(missing) == len(WAIVER_PARTS):
        return None, None
    if missing:
        return None, (waiver_field(question.id, missing[0]), "incomplete")
    if not isinstance(question_type("date").parse_text(question, parts["expires"]), dt.date):
        return None, (waiver_field(question.id, "expires"), "date")
    return parts, None


def waiver_problems(questions: Sequence[Question], values: Mapping[str, str]) -> list[tuple[str, str]]:
    """The waivers of a form that cannot be read: ``(field, problem)`` with problem ``incomplete``
    (a waiver needs a reason, an approver and an expiry date) or ``date`` (the expiry is no date)."""
    return [problem for q in questions if (problem := _waiver(q, values)[1])]


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
    check gets) uploaded per rule id. Unanswered questions are left out; so are waivers that
    :func:`waiver_problems` finds fault with (the caller tells the vendor).
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
            waiver, _ = _waiver(q, values)
            if value is None and comment is None and not listed and waiver is None:
                continue
            answers[q.id] = {"value": value, "comment": comment, "evidence": listed, "waiver": waiver}
        if files and not by_files and rule_id not in answers:
            answers[rule_id] = {"evidence": files}
    return Answers.model_validate({"profile": profile_id, "answers": answers})


__all__ = ["EVIDENCE_FIELD_PREFIX", "WAIVER_PARTS", "form_field_names", "read_form", "rule_evidence_field", "typed",
           "waiver_field", "waiver_problems"]
