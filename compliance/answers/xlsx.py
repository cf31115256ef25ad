"""Answers from a workbook (``.xlsx``) made by ``answers-template --format xlsx`` and filled in
Excel, LibreOffice or any tool that writes Office Open XML.

Order of work: the package is checked before any XML is parsed
(:func:`compliance.files.office.check_package`: no macros, external links, DTDs or zip bombs);
then openpyxl reads it in read-only mode with formulas visible; the custom document properties
say which vendor and rule set the workbook was made for (:mod:`.workbook`); the questions sheet's
header row says where the columns are; each answer cell is read by its question's type
(:meth:`compliance.questions.QuestionType.parse_cell`).

What a cell may hold: a value of the question's type as Excel and LibreOffice store it (booleans,
numbers, dates, text; choice labels in either language, or the key), or text that reads as one.
A value of the wrong type is passed on as the vendor entered it, so ``check`` reports it as a
finding, located at its cell. Formulas are refused, never evaluated and their cached values not
used: an answer must be what the vendor typed. The exception is a constant ``=TRUE()`` or
``=FALSE()``, which is how LibreOffice saves a plain boolean cell. Every problem is located as
``answers.xlsx:Fragen!K12``.

openpyxl is imported only here, when a workbook is read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, InputErrors, Location, display_path
from ..models import Answer, Answers, Waiver
from ..questions import question_type, shown
from . import workbook as contract

#: How many rows without any value may follow the last answer before reading stops (a stray
#: cell in row 1,048,576 must not make the reader walk a million empty rows).
MAX_EMPTY_RUN = 1000
#: Columns looked at (ours are the first 15; a vendor may add some).
MAX_COLUMNS = 100
_ID = re.compile(r"[A-Za-z0-9_-]+")
_BOOLEAN_FORMULAS = {"=TRUE()": True, "=FALSE()": False}
_FILES = re.compile(r"[;\n\r]+")


@dataclass
class WorkbookAnswers:
    """Answers read from a workbook, where each came from, and notes for the user."""

    answers: Answers
    places: dict[tuple[str, str], Location] = field(default_factory=dict)  # (id, part) -> cell
    notes: list[str] = field(default_factory=list)


def read_xlsx_answers(path: str | Path, ruleset, *, profile_id: str | None = None) -> WorkbookAnswers:
    """Read the answers of the workbook at ``path`` for ``ruleset``'s questions.

    ``profile_id`` is used when the workbook does not name its profile. Raises
    :class:`InputErrors` listing every problem found, each located at its cell.
    """
    from ..files.office import check_package

    p = Path(path)
    shown = display_path(p)
    try:
        check_package(p, what="workbook")
    except InputError as exc:
        raise InputErrors([exc]) from None
    book = _open(p, shown)
    try:
        return _Reader(book, shown, ruleset, profile_id).read()
    finally:
        book.close()


def _open(path: Path, shown: str):
    import warnings

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            return load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a broken package  # noqa: BLE001
        raise InputErrors([InputError(f"cannot read the workbook: {type(exc).__name__}: {exc}", Location(shown))]) from None


class _Reader:
    def __init__(self, book, shown: str, ruleset, profile_id: str | None):
        self.book, self.shown, self.ruleset, self.profile_id = book, shown, ruleset, profile_id
        self.errors: list[InputError] = []
        self.notes: list[str] = []
        self.places: dict[tuple[str, str], Location] = {}
        self.questions = {q.id: q for r in ruleset.rules for q in r.questions}
        self.rule_ids = {r.id for r in ruleset.rules}

    def fail(self, message: str, place: str | None = None) -> None:
        self.errors.append(InputError(message, Location(self.shown, place=place)))

    # ------------------------------------------------------------------ the whole workbook

    def read(self) -> WorkbookAnswers:
        props = self._properties()
        profile = self._identity(props)
        sheet = self._sheet()
        answers = self._rows(sheet) if sheet is not None else {}
        if self.errors:
            raise InputErrors(self.errors)
        try:
            result = Answers(profile=profile, answers=answers)
        except ValueError:  # pydantic: the profile id in the properties is not a valid id
            raise InputErrors([InputError(f"{contract.PROFILE} {profile!r} is not a valid profile id",
                                          Location(self.shown))]) from None
        return WorkbookAnswers(result, self.places, self.notes)

    def _properties(self) -> dict[str, str]:
        try:
            return {p.name: str(p.value) for p in self.book.custom_doc_props if p.value is not None}
        except Exception:  # noqa: BLE001 - unreadable custom properties count as none
            return {}

    def _identity(self, props: dict[str, str]) -> str:
        """The profile id the workbook is for; the rule set it was made from must be this one."""
        made = props.get(contract.FORMAT_PROPERTY)
        if made is not None and made.rsplit("/", 1)[0] != contract.FORMAT.rsplit("/", 1)[0]:
            self.fail(f"not an answers workbook ({contract.FORMAT_PROPERTY} is {made!r})")
        elif made is not None and made != contract.FORMAT:
            self.fail(f"the workbook has the format {made!r}; this version of compliance reads {contract.FORMAT!r}")
        header = self.ruleset.header
        rs_id = props.get(contract.RULESET)
        version = props.get(contract.RULESET_VERSION, "?")
        if rs_id is not None and rs_id != header.id:
            self.fail(f"the workbook was made for the rule set {rs_id} {version}, not {header.id}; "
                      f"check it with that rule set (--rules) or send the vendor a new workbook")
        elif rs_id is not None and (version != header.version or props.get(contract.RULESET_DIGEST) != self.ruleset.digest):
            self.notes.append(f"{self.shown}: the workbook was made from {rs_id} {version}; checking with "
                              f"{header.id} {header.version} (the answers are matched by question id)")
        profile = props.get(contract.PROFILE)
        if profile is None:
            if self.profile_id is None:
                self.fail(f"the workbook does not name its profile (document property {contract.PROFILE}); "
                          "give the vendor's profile")
                return "unknown"
            self.notes.append(f"{self.shown}: the workbook does not name its profile ({contract.PROFILE}); "
                              f"assuming {self.profile_id!r}")
            return self.profile_id
        return profile

    def _sheet(self):
        names = contract.sheet_names("wb_sheet_questions")
        for sheet in self.book.worksheets:
            if sheet.title in names:
                return sheet
        self.fail(f"no sheet {' or '.join(repr(n) for n in names)}; expected a workbook made by "
                  "`compliance answers-template --format xlsx`")
        return None

    # ------------------------------------------------------------------ the questions sheet

    def _columns(self, sheet, first) -> dict[str, int] | None:
        """Column key -> 0-based index, found by the header row's texts."""
        from openpyxl.utils import get_column_letter

        known = contract.header_keys()
        found: dict[str, int] = {}
        for index, cell in enumerate(first):
            if not isinstance(cell.value, str):
                continue
            key = known.get(" ".join(cell.value.split()).casefold())
            if key is None:
                continue
            if key in found:
                self.fail(f"the column {cell.value!r} appears twice in the header row",
                          _place(sheet.title, f"{get_column_letter(index + 1)}1"))
            found[key] = index
        missing = [k for k in contract.READ if k not in found]
        if missing:
            labels = contract.header_labels("de")
            english = contract.header_labels("en")
            names = ", ".join(f"{labels[k]!r} ({english[k]!r})" for k in missing)
            self.fail(f"the header row lacks the column(s) {names}; do not rename or delete columns",
                      _place(sheet.title, "1:1"))
            return None
        return found

    def _rows(self, sheet) -> dict[str, Answer]:
        from openpyxl.utils import get_column_letter

        rows = sheet.iter_rows(max_col=MAX_COLUMNS)  # one pass over the sheet's XML
        cols = self._columns(sheet, next(rows, ()))
        if cols is None:
            return {}
        letters = {k: get_column_letter(i + 1) for k, i in cols.items()}
        answers: dict[str, Answer] = {}
        seen: dict[str, int] = {}
        empty_run = 0
        for number, row in enumerate(rows, start=2):
            number = next((c.row for c in row if getattr(c, "row", None)), number)
            if all(c.value is None for c in row):
                empty_run += 1
                if empty_run > MAX_EMPTY_RUN:
                    break
                continue
            empty_run = 0
            cells = {k: row[i] if i < len(row) else None for k, i in cols.items()}
            where = {k: _place(sheet.title, f"{letters[k]}{number}") for k in cols}
            qid = self._id(cells["id"], where["id"])
            if qid is None:
                continue
            if qid in seen:
                self.fail(f"the question {qid} appears twice (also in row {seen[qid]})", where["id"])
                continue
            seen[qid] = number
            for part in ("value", "comment", "evidence"):  # also for unanswered questions
                self.places[(qid, part)] = Location(self.shown, place=where[part])
            self.places[(qid, "waiver")] = Location(self.shown, place=where["waiver_reason"])
            answer = self._answer(qid, cells, where)
            if answer is not None:
                answers[qid] = answer
        return answers

    def _id(self, cell, where: str) -> str | None:
        raw = self._literal(cell, where)
        if raw is None:
            return None
        qid = str(raw).strip()
        if not _ID.fullmatch(qid):
            self.fail(f"{qid!r} is not a question id (letters, digits, '-' and '_')", where)
            return None
        return qid

    def _answer(self, qid: str, cells: dict[str, Any], where: dict[str, str]) -> Answer | None:
        raw = {k: self._literal(cells[k], where[k]) for k in contract.READ if k != "id"}
        question = self.questions.get(qid)
        value = raw["value"]
        if value is not None:
            value = question_type(question.type).parse_cell(question, value) if question else _plain(value)
        comment = _text(raw["comment"])
        files = [f.strip() for f in _FILES.split(_text(raw["evidence"]) or "") if f.strip()]
        waiver = self._waiver(raw, where)
        if value is None and comment is None and not files and waiver is None:
            return None
        try:
            return Answer(value=value, comment=comment, evidence=files, waiver=waiver)
        except ValueError as exc:  # pydantic: a value of no answer type (cannot happen for cell values)
            self.fail(f"cannot read the answer: {exc}", where["value"])
            return None

    def _waiver(self, raw: dict[str, Any], where: dict[str, str]) -> Waiver | None:
        parts = {k: raw[k] for k in contract.WAIVER}
        if all(v is None for v in parts.values()):
            return None
        missing = [k for k, v in parts.items() if v is None]
        if missing:
            names = {"waiver_reason": "reason", "waiver_approver": "approver", "waiver_expires": "expiry date"}
            self.fail(f"a waiver needs a reason, an approver and an expiry date; this one has no {names[missing[0]]}",
                      where[missing[0]])
            return None
        expires = question_type("date").parse_cell(None, parts["waiver_expires"])
        if not isinstance(expires, dt.date):
            self.fail(f"the waiver's expiry must be a date (e.g. 2026-12-31), got {shown(parts['waiver_expires'])}",
                      where["waiver_expires"])
            return None
        return Waiver(reason=_text(parts["waiver_reason"]), approver=_text(parts["waiver_approver"]), expires=expires)

    def _literal(self, cell, where: str) -> Any:
        """The value the cell holds as typed: formulas refused (LibreOffice's constant booleans
        read as booleans), error values refused, blank text as empty."""
        if cell is None:
            return None
        value = cell.value
        if cell.data_type == "f":
            text = str(value).replace(" ", "").upper()
            if text in _BOOLEAN_FORMULAS:
                return _BOOLEAN_FORMULAS[text]
            self.fail(f"the cell holds a formula ({shown(value)}); formulas are refused and their results not "
                      "used: type the value itself", where)
            return None
        if cell.data_type == "e":
            self.fail(f"the cell shows an error value ({value}); type the value itself", where)
            return None
        if isinstance(value, str) and not value.strip():
            return None
        return value


def _place(sheet: str, cell: str) -> str:
    """``Fragen!K12``; a sheet name with spaces or punctuation is quoted as spreadsheets do."""
    if re.fullmatch(r"\w+", sheet):
        return f"{sheet}!{cell}"
    return "'" + sheet.replace("'", "''") + f"'!{cell}"


def _plain(value: Any) -> Any:
    """A cell value as an answer value when no question type reads it (unknown ids)."""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time(0) else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None

