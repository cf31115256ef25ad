"""Question types as a registry: one class per type, one registration line each.

    from compliance.questions import question_type
    question_type("boolean").assess(question, "ja")       # Judged(kind=ok, ...)

Adding a type: write a subclass of :class:`~compliance.questions.base.QuestionType` in its own
module (see :mod:`.boolean`) and register it below. The rule schema (``type`` of a question,
the type-specific keys), reading answers from forms and workbooks, checking, documents and
forms all ask the registry.
"""

from __future__ import annotations

from .base import BOX, CellInput, Context, Control, FieldSpec, Judged, QuestionType, clean, shown
from .boolean import BooleanType
from .choice import ChoiceType
from .date import DateType
from .evidence import EvidenceType
from .number import NumberType
from .text import TextType

REGISTRY: dict[str, QuestionType] = {}


def register(kind: QuestionType) -> QuestionType:
    if kind.name in REGISTRY:
        raise ValueError(f"question type {kind.name!r} registered twice")
    REGISTRY[kind.name] = kind
    return kind


register(BooleanType())
register(ChoiceType())
register(TextType())
register(DateType())
register(NumberType())
register(EvidenceType())

#: The registered type names, in registration order (the rule schema's ``type`` values).
TYPE_NAMES: tuple[str, ...] = tuple(REGISTRY)
#: Every type-specific question key, with the types that accept it.
TYPE_FIELDS: dict[str, tuple[str, ...]] = {}
for _kind in REGISTRY.values():
    for _field in _kind.fields:
        TYPE_FIELDS[_field] = TYPE_FIELDS.get(_field, ()) + (_kind.name,)


def question_type(name: str) -> QuestionType:
    """The registered type ``name`` (a question's ``type``)."""
    return REGISTRY[name]


def schema_problems(question) -> list[str]:  # noqa: ANN001 - a Question
    """Everything wrong with ``question``'s type-specific keys (empty when coherent)."""
    kind = question_type(question.type)
    problems = []
    for field, spec in kind.fields.items():
        if spec.required and getattr(question, field) is None:
            meaning = f" ({spec.meaning})" if spec.meaning else ""
            problems.append(f"a {kind.name} question needs {field!r}{meaning}")
    for field, owners in TYPE_FIELDS.items():
        if field not in kind.fields and getattr(question, field) is not None:
            problems.append(f"{field!r} is only for {' / '.join(owners)} questions")
    if not problems:
        problems += kind.check_schema(question)
    return problems


__all__ = [
    "BOX", "CellInput", "Context", "Control", "FieldSpec", "Judged", "QuestionType", "REGISTRY", "TYPE_FIELDS", "TYPE_NAMES",
    "clean", "question_type", "register", "schema_problems", "shown",
]
