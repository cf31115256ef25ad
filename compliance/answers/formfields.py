"""The contract between fillable PDFs (written by the documents layer) and the answers reader.

One form field per question, named by the question id (ids have no dots, so they are valid
PDF field names). Extra fields carry the comment and the evidence paths of a question. Values:

* boolean questions: a radio group (or choice field) with export values ``yes`` / ``no``;
  ``Off`` / empty means unanswered;
* choice questions: a choice field whose values are the choice keys;
* text, date (``YYYY-MM-DD``) and number questions: text fields;
* ``<id>__comment``: free text; ``<id>__evidence``: evidence paths, one per line or comma-separated.
"""

from __future__ import annotations

import re
from typing import Any

from ..questions import clean, question_type
from ..questions.boolean import NO, YES

COMMENT_SUFFIX = "__comment"
EVIDENCE_SUFFIX = "__evidence"


def value_field(question_id: str) -> str:
    return question_id


def comment_field(question_id: str) -> str:
    return question_id + COMMENT_SUFFIX


def evidence_field(question_id: str) -> str:
    return question_id + EVIDENCE_SUFFIX


def parse_value(question, raw: Any) -> Any:  # noqa: ANN001 - a Question
    """Turn a form field's text into an answer value of the question's type.

    Returns ``None`` when unanswered. Values that do not parse are returned as text, so the
    checker can report "wrong type" with the value the vendor entered.
    """
    text = clean(raw)
    if text is None:
        return None
    return question_type(question.type).parse_text(question, text)


def parse_evidence(raw: Any) -> list[str]:
    text = clean(raw)
    if text is None:
        return []
    return [p.strip() for p in re.split(r"[\n,;]+", text) if p.strip()]

#: Document-information key of a fillable PDF naming the profile id the form was made for
#: (``/ComplianceProfile``: ``lotus-networks``). The answers reader takes the profile from it.
PROFILE_KEY = "/ComplianceProfile"
#: Name of the PDF attachment (embedded file) carrying the answers as JSON (answers-file
#: shape); when present, the answers reader uses it instead of the form fields.
ANSWERS_ATTACHMENT = "answers.json"
