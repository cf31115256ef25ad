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

import datetime as dt
import re
from typing import Any

from .models import Question

YES, NO = "yes", "no"
COMMENT_SUFFIX = "__comment"
EVIDENCE_SUFFIX = "__evidence"
#: Values that PDF viewers and tools use for "nothing chosen".
UNSET = {"", "Off", "/Off", "None"}


def value_field(question_id: str) -> str:
    return question_id


def comment_field(question_id: str) -> str:
    return question_id + COMMENT_SUFFIX


def evidence_field(question_id: str) -> str:
    return question_id + EVIDENCE_SUFFIX


def clean(raw: Any) -> str | None:
    """A raw field value as text, or ``None`` when unset. Strips a PDF name's leading slash."""
    if raw is None:
        return None
    text = str(raw).strip()
    if text.startswith("/"):
        text = text[1:]
    return None if text in UNSET or f"/{text}" in UNSET else text


def parse_value(question: Question, raw: Any) -> Any:
    """Turn a form field's text into an answer value of the question's type.

    Returns ``None`` when unanswered. Values that do not parse are returned as text, so the
    checker can report "wrong type" with the value the vendor entered.
    """
    text = clean(raw)
    if text is None:
        return None
    if question.type == "boolean":
        low = text.lower()
        if low in (YES, "true", "ja"):
            return True
        if low in (NO, "false", "nein"):
            return False
        return text
    if question.type == "number":
        try:
            return int(text) if re.fullmatch(r"[-+]?\d+", text) else float(text.replace(",", "."))
        except ValueError:
            return text
    if question.type == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


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
