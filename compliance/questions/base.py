"""What every question type answers: its schema, how an answer is read and judged, and how the
question appears in documents and forms.

A question type is one small class (one file in this package) registered in
:mod:`compliance.questions`. The rest of the package asks the type instead of branching on
``question.type``:

* schema — :attr:`QuestionType.fields` (the type-specific keys of a question and whether they
  are required) and :meth:`QuestionType.check_schema` (further coherence);
* reading — :meth:`QuestionType.parse_text` (a form field's or a cell's text → a typed value)
  and :meth:`QuestionType.coerce` (any answer value → the type, or not);
* judging — :meth:`QuestionType.assess` → :class:`Judged` (ok, non_compliant, unanswered,
  invalid, skipped) with the message saying why;
* showing — :meth:`QuestionType.complies_text` (what complies, in words),
  :meth:`QuestionType.show_value` (an answer as printed), :meth:`QuestionType.control` (the
  input a form shows: options, a choice list, a short field or a text area), and
  :meth:`QuestionType.hint` (the type in a few words);
* office files — :meth:`QuestionType.type_label` (the type as a workbook names it),
  :meth:`QuestionType.cell_input` (the answer cell's validation and format in a workbook),
  :meth:`QuestionType.parse_cell` (a cell's value as read back → an answer value) and
  :meth:`QuestionType.answer_lines` (the answer box of a Word document).

Questions are passed duck-typed (anything with the attributes of
:class:`compliance.models.Question`), so this package depends on no model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from ..enums import Lang, Outcome
from ..i18n import Msg, catalogue, msg

#: Values that PDF viewers, form tools and spreadsheets use for "nothing entered".
UNSET = frozenset({"", "Off", "/Off", "None"})


def clean(raw: Any) -> str | None:
    """A raw form or cell value as text, or ``None`` when unset. Strips a PDF name's slash."""
    if raw is None:
        return None
    text = str(raw).strip()
    if text.startswith("/"):
        text = text[1:]
    return None if text in UNSET or f"/{text}" in UNSET else text


def shown(value: Any, limit: int = 60) -> str:
    """A value as quoted in a message, shortened to ``limit`` characters."""
    text = repr(value.isoformat() if isinstance(value, dt.date) else value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True)
class FieldSpec:
    """A type-specific key of a question: required or not, and what it means."""

    required: bool = False
    meaning: str = ""


@dataclass(frozen=True)
class Judged:
    """How one answer fared: the outcome, the message saying why, the value judged."""

    kind: Outcome
    msg: Msg | None = None
    value: Any = None


@dataclass(frozen=True)
class Context:
    """What a judgement may depend on besides the answer: the as-of date, and whether the
    question's dates are "valid until" dates (certification rules)."""

    as_of: dt.date | None = None
    validity_dates: bool = False


@dataclass(frozen=True)
class Control:
    """How a question's answer is entered in a form (fillable PDF, web page, workbook).

    ``kind``: ``options`` (a few options side by side: radio buttons), ``choices`` (a list to
    choose one from: a select box, or one line per choice when printed), ``short`` (a short
    field with a hint, e.g. a date), ``long`` (a text area; three lines when printed) or
    ``files`` (answered by attaching files; a text area for their paths in a PDF form).
    ``options`` are ``(value, label)`` pairs; ``title`` is the field's tooltip. ``input``: the
    HTML input type of a short field on a web page (``text``, ``date``, ``number``).
    """

    kind: str
    title: str
    options: tuple[tuple[str, str], ...] = ()
    hint: str | None = None
    maxlength: int | None = None
    input: str = "text"


@dataclass(frozen=True)
class CellInput:
    """How the answer cell of a question is set up in a workbook (library-neutral; the workbook
    writer turns it into a data validation and a number format).

    ``check``: the validation: ``list`` (one of ``items``), ``date`` (any date), ``decimal``
    (any number), ``length`` (text of at least ``minimum`` characters) or ``None``. A
    validation only says what *type* of value fits: a question's complying range is not
    input validation, since breaking it is a finding. ``warn``: the validation warns but lets
    the value stand. ``format``: the cell's format, ``text`` (typed input stays text: no date,
    boolean or formula recognition), ``date`` or ``general`` (numbers). ``locked``: the value
    cell is not filled in (evidence questions list files in their own column).
    ``message``: what the spreadsheet says when the value does not fit.
    """

    check: str | None = None
    items: tuple[str, ...] = ()
    minimum: int | None = None
    format: str = "text"
    warn: bool = False
    locked: bool = False
    message: str = ""


#: An empty answer box in a printed or Word document.
BOX = "\u2610"
_BLANK = "_" * 16


def _printed_options(c: Control) -> tuple[str, ...]:
    return ("     ".join(f"{BOX} {label}" for _, label in c.options),)


def _printed_choices(c: Control) -> tuple[str, ...]:
    return tuple(f"{BOX} {label}" for _, label in c.options)


def _printed_short(c: Control) -> tuple[str, ...]:
    return (f"{_BLANK} ({c.hint})" if c.hint else _BLANK,)


def _printed_long(c: Control) -> tuple[str, ...]:
    return ("", "", "")


def _printed_files(c: Control) -> tuple[str, ...]:
    return (f"{BOX} {c.hint}",) if c.hint else ("",)


#: How each kind of :class:`Control` prints as an answer box (lines of text).
PRINTED_CONTROLS = {"options": _printed_options, "choices": _printed_choices, "short": _printed_short, "long": _printed_long,
                    "files": _printed_files}


class QuestionType:
    """Base of every question type. Subclasses set :attr:`name` and override what differs."""

    name: ClassVar[str]
    #: Type-specific question keys (beyond id, text, type, required, help).
    fields: ClassVar[dict[str, FieldSpec]] = {}
    #: Answers are judged by the evidence files listed, not by a value (the checker verifies them).
    judged_by_evidence: ClassVar[bool] = False
    #: Text answers (from forms, cells, YAML strings) are parsed into the type before judging.
    parses_text: ClassVar[bool] = False

    # ------------------------------------------------------------------ schema

    def check_schema(self, question: Any) -> list[str]:
        """Coherence problems of ``question`` beyond which keys it carries."""
        return []

    # ------------------------------------------------------------------ reading

    def parse_text(self, question: Any, text: str) -> Any:
        """A cleaned, non-empty form/cell text as a value of this type; unparsable text as is."""
        return text

    def check_value(self, question: Any, value: Any) -> bool:
        """Is ``value`` (after parsing) of this type?"""
        return True

    def coerce(self, question: Any, value: Any) -> tuple[bool, Any]:
        """``(True, typed value)`` when ``value`` has the type, else ``(False, value)``."""
        if isinstance(value, str) and self.parses_text:
            text = clean(value)
            value = None if text is None else self.parse_text(question, text)
            if value is None or isinstance(value, str):
                return False, value
        return self.check_value(question, value), value

    def expected(self, question: Any) -> Msg:
        """What an answer of this type looks like (in a "wrong type" finding)."""
        return msg(f"type_{self.name}")

    # ------------------------------------------------------------------ judging

    def assess(self, question: Any, value: Any, context: Context = Context()) -> Judged:
        """Judge ``value`` (``None``: unanswered) for ``question``."""
        if value is None:
            return self.unanswered(question)
        ok, typed = self.coerce(question, value)
        if not ok:
            return Judged(Outcome.invalid, msg("wrong_type", expected=self.expected(question), got=shown(value)), value)
        return self.judge(question, typed, context) or Judged(Outcome.ok, None, typed)

    def unanswered(self, question: Any, code: str = "unanswered") -> Judged:
        if question.required:
            return Judged(Outcome.unanswered, msg(code))
        return Judged(Outcome.skipped)

    def judge(self, question: Any, typed: Any, context: Context) -> Judged | None:
        """The compliance test of a well-typed answer: a :class:`Judged` when it does not
        simply pass, else ``None``."""
        return None

    # ------------------------------------------------------------------ showing

    def complies_text(self, question: Any, lang: Lang | str) -> str:
        """What a complying answer is, in words ("" when any answer complies)."""
        return ""

    def show_value(self, question: Any, value: Any, lang: Lang | str) -> str:
        """An answer value as a document prints it."""
        return str(value)

    def hint(self, question: Any, lang: Lang | str) -> str:
        """The type in a few words, as an answers template describes it."""
        return self.name

    def control(self, question: Any, lang: Lang | str) -> Control:
        """The input a form shows for the answer."""
        return Control("long", question.id)

    # ------------------------------------------------------------------ office files

    def type_label(self, question: Any, lang: Lang | str) -> str:
        """The type in the document's language, as a workbook's type column shows it."""
        return labels(lang)[f"type_name_{self.name}"]

    def cell_input(self, question: Any, lang: Lang | str) -> CellInput:
        """The answer cell of a workbook: its validation and format (see :class:`CellInput`)."""
        return CellInput()

    def parse_cell(self, question: Any, value: Any) -> Any:
        """A workbook cell's value as read back (``None``, ``bool``, ``int``, ``float``,
        ``datetime.datetime``/``date`` or ``str``) as an answer value: of this type when it reads
        as one, else as the vendor entered it, so the checker reports the wrong type. ``None``
        when the cell is empty."""
        if isinstance(value, str):
            text = value.strip()
            if not text:
                return None
            return self.parse_text(question, text) if self.parses_text else text
        if isinstance(value, dt.datetime):
            return value.date() if value.time() == dt.time(0) else value.isoformat(sep=" ")
        return value

    def answer_lines(self, control: Control, lang: Lang | str) -> tuple[str, ...]:
        """The empty answer box of a printed or Word document, as lines of text, for the
        question's ``control`` (:meth:`control`): boxes to tick for options and choices, a line
        for short answers, blank lines for long ones."""
        return PRINTED_CONTROLS[control.kind](control)


def labels(lang: Lang | str) -> dict[str, str]:
    """The document labels of ``lang`` (yes/no, hints) for the types' wording."""
    return catalogue(lang)["documents"]
