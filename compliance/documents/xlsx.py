"""The answers workbook (``answers-template --format xlsx``): a questionnaire a vendor fills in
Excel or LibreOffice without instructions from us, and ``check`` reads back
(:mod:`compliance.answers.xlsx`; the layout contract is :mod:`compliance.answers.workbook`).

Sheets: *Anleitung* / *Instructions* (vendor, as-of date, rule set, prevailing language, how to
answer, what to attach, a count of answers given), *Fragen* / *Questions* (one row per question,
grouped under a row per law) and a hidden *Listen* / *Lists* sheet holding the drop-down lists.
The rows come from the document model (:func:`compliance.documents.context.build_context`), so
the workbook asks exactly what the checklist asks.

What each question type's answer cell accepts (drop-down list, date, number, text length) and
its format come from the type (:meth:`compliance.questions.QuestionType.cell_input`); a
question's complying range is never input validation, since breaking it is a finding. Answer
cells of free text are formatted as text, so whatever the vendor types stays text (no date,
boolean or formula recognition). Everything but the answer cells is protected, without a
password. The question id sits in a hidden first column; profile, as-of date and rule-set
digest in the custom document properties.

Every string we write is stored as a string, never as a formula, whatever it starts with.
The bytes are reproducible: fixed document dates (the as-of date) and zip timestamps.
openpyxl is imported only here, when a workbook is written.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import math
from dataclasses import dataclass, field
from typing import Any

from ..answers import workbook as contract
from ..files.office import reproducible_zip, xml_text
from ..i18n import Labels, long_date
from ..models import Question
from ..questions import CellInput, question_type
from ..ruleset import RuleSet
from .context import DocumentContext, QuestionView, RuleView

#: Number formats of answer cells, by :attr:`CellInput.format`.
NUMBER_FORMATS = {"text": "@", "date": "yyyy-mm-dd", "general": "General"}
#: Excel's first and last date as serial numbers (1900-01-01 .. 9999-12-31): "is a date".
_DATE_SERIALS = ("1", "2958465")
_COLUMN = {c.key: i for i, c in enumerate(contract.COLUMNS, start=1)}
_LINE_PT = 13.0  # points per line of 10 pt text


@dataclass(frozen=True)
class _Row:
    """One row of the questions sheet: a question, or a rule that asks only for evidence."""

    id: str
    rule: RuleView
    question: QuestionView | None
    model: Question | None


@dataclass
class _Validations:
    """The data validations of the answer cells: one per distinct input rule, its cells gathered."""

    book: Any
    lists: Any
    lang: str
    found: dict[tuple, tuple[Any, list[str]]] = field(default_factory=dict)
    list_names: dict[tuple[str, ...], str] = field(default_factory=dict)

    def add(self, rule: CellInput, coordinate: str) -> None:
        if rule.check is None:
            return
        key = (rule.check, rule.items, rule.minimum, rule.warn, rule.message)
        if key not in self.found:
            self.found[key] = (self._make(rule), [])
        self.found[key][1].append(coordinate)

    def _make(self, rule: CellInput):
        from openpyxl.worksheet.datavalidation import DataValidation

        try:
            kind = _CHECKS[rule.check]
        except KeyError:
            raise ValueError(f"unknown cell check {rule.check!r}") from None
        return DataValidation(allow_blank=True, showErrorMessage=True, error=xml_text(rule.message),
                              errorStyle="warning" if rule.warn else "stop", **kind(self, rule))

    def _list(self, items: tuple[str, ...]) -> str:
        """A defined name for a column of the hidden lists sheet holding ``items`` (labels may hold
        commas and quotes, and an inline list is limited to 255 characters)."""
        from openpyxl.utils import get_column_letter, quote_sheetname
        from openpyxl.workbook.defined_name import DefinedName

        if items not in self.list_names:
            column = len(self.list_names) + 1
            for row, item in enumerate(items, start=1):
                _put(None, self.lists, row, column, item)
            letter = get_column_letter(column)
            name = f"compliance_list_{column}"
            ref = f"{quote_sheetname(self.lists.title)}!${letter}$1:${letter}${max(len(items), 1)}"
            self.book.defined_names[name] = DefinedName(name, attr_text=ref)
            self.list_names[items] = name
        return self.list_names[items]

    def attach(self, sheet) -> None:
        from openpyxl.worksheet.cell_range import MultiCellRange

        for validation, cells in self.found.values():
            validation.sqref = MultiCellRange(" ".join(cells))  # add() per cell is quadratic
            sheet.add_data_validation(validation)


class _Styles:
    """The workbook's named cell styles, applied fast: the first cell of each style is styled by
    name, the others get a copy of its style array (setting a named style looks it up by name in
    a list and hashes it, about 35 µs a cell)."""

    def __init__(self, book):
        _register_styles(book)
        self.made: dict[str, Any] = {}

    def __call__(self, cell, name: str) -> None:
        made = self.made.get(name)
        if made is None:
            cell.style = name
            self.made[name] = cell._style
        else:
            cell._style = copy.copy(made)


#: How each :attr:`CellInput.check` becomes a data validation (its type, operator and bounds).
_CHECKS = {
    "list": lambda v, rule: {"type": "list", "formula1": v._list(rule.items)},
    "date": lambda v, rule: {"type": "date", "operator": "between", "formula1": _DATE_SERIALS[0],
                             "formula2": _DATE_SERIALS[1]},
    "decimal": lambda v, rule: {"type": "decimal", "operator": "between", "formula1": "-1E+307", "formula2": "1E+307"},
    "length": lambda v, rule: {"type": "textLength", "operator": "greaterThanOrEqual", "formula1": str(rule.minimum)},
}


def answers_workbook(context: DocumentContext, ruleset: RuleSet) -> bytes:
    """The answers workbook of ``context`` (its rules and questions, in its language) as bytes."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    t = Labels(context.lang)
    book = Workbook()
    instructions = book.active
    instructions.title = t.wb_sheet_instructions
    sheet = book.create_sheet(t.wb_sheet_questions)
    lists = book.create_sheet(t.wb_sheet_lists)
    lists.sheet_state = "hidden"
    style = _Styles(book)
    rows = _rows(context, ruleset)
    last = _questions_sheet(sheet, rows, context, t, _Validations(book, lists, context.lang), style)
    _instructions_sheet(instructions, context, t, rows, sheet.title, last, style)
    for ws, orientation in ((instructions, "portrait"), (sheet, "landscape")):
        _print_setup(ws, orientation, context, t)
    sheet.print_title_rows = "1:1"
    book.security = WorkbookProtection(lockStructure=True)  # the lists stay hidden; no password
    book.active = 0
    _properties(book, context, t)
    return _save(book)


# ---------------------------------------------------------------------------- rows


def _rows(context: DocumentContext, ruleset: RuleSet) -> list[tuple[str, list[_Row]]]:
    """Per law: its title and its rows (questions; rules asking only for evidence get one row)."""
    models = {q.id: q for r in ruleset.rules for q in r.questions}
    groups = []
    for number, group in enumerate(context.groups, start=1):
        rows: list[_Row] = []
        for rule in group.rules:
            rows += [_Row(q.id, rule, q, models.get(q.id)) for q in rule.questions]
            if not rule.questions and rule.evidence:
                rows.append(_Row(rule.id, rule, None, None))
        if rows:
            groups.append((f"{number}. {group.title}", rows))
    return groups


def _texts(row: _Row, t: Labels) -> dict[str, str]:
    """The descriptive cells of a row, by column key."""
    rule, q = row.rule, row.question
    lang = t.lang
    title = f"[{t.status_draft}] {rule.title}" if rule.draft else rule.title
    evidence = "\n".join(f"• {e.text}" + ("" if e.required else f" ({t.optional})") for e in rule.evidence)
    components = ", ".join(f"{c.name} ({c.id})" for c in rule.components) or t.components_all
    if q is None:
        question, kind, complies = t.evidence, t.type_name_evidence, ""
    else:
        question = q.text + ("" if q.required else f" ({t.optional})") + (f"\n{q.help}" if q.help else "")
        kind = question_type(q.type).type_label(row.model, lang)
        complies = q.complies
    return {
        "id": row.id, "rule": rule.id, "level": rule.obligation, "title": title, "question": question,
        "type": kind, "complies": complies, "components": components, "evidence_expected": evidence,
    }


def _cell_input(row: _Row, lang: str) -> CellInput:
    if row.question is None or row.model is None:
        return CellInput(locked=True)  # a rule row: only files are listed
    return question_type(row.model.type).cell_input(row.model, lang)


# ---------------------------------------------------------------------------- sheets


def _questions_sheet(sheet, groups, context: DocumentContext, t: Labels, validations: _Validations,
                     style: _Styles) -> int:
    """Fill the questions sheet; the number of its last row."""
    from openpyxl.utils import get_column_letter

    headers = contract.header_labels(context.lang)
    for column in contract.COLUMNS:
        _put(style, sheet, 1, _COLUMN[column.key], headers[column.key], "compliance header")
        sheet.column_dimensions[get_column_letter(_COLUMN[column.key])].width = column.width
    sheet.column_dimensions["A"].hidden = True  # the question id: how answers find their way back
    sheet.row_dimensions[1].height = 30
    sheet.freeze_panes = "C2"
    letters = {key: get_column_letter(i) for key, i in _COLUMN.items()}
    widths = {c.key: c.width for c in contract.COLUMNS}
    date_rule = question_type("date").cell_input(None, context.lang)
    last_column = len(contract.COLUMNS)
    r = 1
    for law, rows in groups:
        r += 1
        for column in range(1, last_column + 1):
            style(sheet.cell(row=r, column=column), "compliance law")
        _put(style, sheet, r, _COLUMN["rule"], law, "compliance law")  # runs over the empty cells to its right
        sheet.row_dimensions[r].height = _LINE_PT + 6
        for row in rows:
            r += 1
            muss = row.rule.obligation == "MUSS"
            texts = _texts(row, t)
            for key, text in texts.items():
                name = "compliance level" if muss and key == "level" else "compliance muss" if muss else "compliance info"
                _put(style, sheet, r, _COLUMN[key], text, name)
            rule = _cell_input(row, context.lang)
            value_style = "compliance locked" if rule.locked else f"compliance answer {rule.format}"
            style(sheet.cell(row=r, column=_COLUMN["value"]), value_style)
            if not rule.locked:
                validations.add(rule, f"{letters['value']}{r}")
            for key in ("comment", "evidence"):
                style(sheet.cell(row=r, column=_COLUMN[key]), "compliance answer text")
            for key in contract.WAIVER:  # MUSS items cannot be waived
                waiver_style = "compliance answer date" if key == "waiver_expires" else "compliance answer text"
                style(sheet.cell(row=r, column=_COLUMN[key]), "compliance locked" if muss else waiver_style)
            if not muss:
                validations.add(date_rule, f"{letters['waiver_expires']}{r}")
            sheet.row_dimensions[r].height = _height(texts, widths)
    validations.attach(sheet)
    sheet.protection.sheet = True  # no password: the answer cells are unlocked
    sheet.protection.formatColumns = False  # vendors may widen columns and rows
    sheet.protection.formatRows = False
    return r


def _instructions_sheet(sheet, context: DocumentContext, t: Labels, groups, questions: str, last: int,
                        style: _Styles) -> None:
    from openpyxl.utils import get_column_letter, quote_sheetname

    from ..checking import JUSTIFICATION_MIN_LENGTH

    vendor = context.vendor
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 96
    _put(style, sheet, 1, 1, f"{t.wb_title}: {vendor.legal_name}", "compliance title")
    _put(style, sheet, 2, 1, f"{context.title} · {context.ruleset_title}", "compliance subtitle")
    sheet.row_dimensions[1].height = 24
    facts = [
        (t.legal_name, vendor.legal_name),
        (t.profile_id, vendor.id),
        (t.role, context.role_label),
        (t.as_of, f"{long_date(context.as_of, context.lang)} ({context.as_of})"),
        (t.ruleset, f"{context.ruleset_id}, {t.ruleset_version} {context.ruleset_version} "
                    f"(SHA-256 {context.ruleset_digest[:16]})"),
        (t.language, t.lang_name),
        (t.wb_prevailing, t.wb_prevailing_de),
    ]
    if context.has_drafts:
        facts.append((t.status_draft, t.draft_note))
    facts += [
        (t.wb_how, t.wb_how_text.format(min_length=JUSTIFICATION_MIN_LENGTH) + "\n" + t.wb_law_rows),
        (t.level, t.level_note),
    ]
    r = 3
    for label, text in facts:
        r += 1
        _put(style, sheet, r, 1, label, "compliance label")
        _put(style, sheet, r, 2, text, "compliance info")
        sheet.row_dimensions[r].height = _height({"b": text}, {"b": 96})
    # How many questions are answered: counts the non-empty answer cells (our own formula).
    count = sum(1 for _, rows in groups for row in rows if row.question is not None)
    value = get_column_letter(_COLUMN["value"])
    r += 1
    _put(style, sheet, r, 1, t.wb_answered, "compliance label")
    sheet.cell(row=r, column=2, value=f"=COUNTA({quote_sheetname(questions)}!{value}2:{value}{max(last, 2)})")
    style(sheet.cell(row=r, column=2), "compliance count")
    _put(style, sheet, r, 3, t.wb_answered_of.format(n=count), "compliance info")
    sheet.column_dimensions["C"].width = 22
    rules = {row.rule.id: row.rule for _, rows in groups for row in rows}  # in order, each once
    wanted = [f"{rule.id}: {e.text}" + ("" if e.required else f" ({t.optional})")
              for rule in rules.values() for e in rule.evidence]
    for i, text in enumerate(wanted):
        r += 1
        if i == 0:
            _put(style, sheet, r, 1, t.wb_attach, "compliance label")
        _put(style, sheet, r, 2, text, "compliance info")
        sheet.row_dimensions[r].height = _height({"b": text}, {"b": 96})
    sheet.protection.sheet = True


def _print_setup(sheet, orientation: str, context: DocumentContext, t: Labels) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = orientation
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.left.text = _header_text(f"{context.vendor.legal_name} ({context.vendor.id})")
    sheet.oddHeader.right.text = _header_text(f"{t.as_of} {context.as_of}")
    sheet.oddFooter.left.text = _header_text(f"{context.ruleset_id} {context.ruleset_version}")
    sheet.oddFooter.right.text = f"{t.page} &P {t.of} &N"


def _header_text(text: str) -> str:
    """Text for a page header or footer: ``&`` starts a code there, so it is doubled."""
    return xml_text(text).replace("&", "&&")


# ---------------------------------------------------------------------------- cells and styles


def _put(style: _Styles | None, sheet, row: int, column: int, value: Any, name: str | None = None):
    """Write ``value`` in the named style ``name``; text is stored as text (a leading ``=`` makes
    no formula)."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = xml_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    if name is not None and style is not None:
        style(cell, name)
    return cell


def _height(texts: dict[str, str], widths: dict[str, float]) -> float:
    """An estimated row height for wrapped text (spreadsheets do not fit rows of a generated file)."""
    lines = 1
    for key, text in texts.items():
        per_line = max(1, int(widths.get(key, 10)))
        lines = max(lines, sum(_wrapped(p, per_line) for p in str(text).split("\n")))
    return min(409.0, lines * _LINE_PT + 4)


def _wrapped(text: str, width: int) -> int:
    """Lines ``text`` takes when wrapped at words to ``width`` characters."""
    if len(text) <= width:
        return 1
    lines, used = 1, 0
    for word in text.split(" "):
        size = len(word)
        if used and used + 1 + size > width:
            lines, used = lines + 1, 0
        used = used + 1 + size if used else size
        while used > width:  # a word longer than a line breaks inside
            lines, used = lines + 1, used - width
    return lines


def _register_styles(book) -> None:
    """Named cell styles, registered once: assigning a named style is cheap, setting fonts and
    fills cell by cell is not."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side

    wrap = Alignment(wrap_text=True, vertical="top")
    line = Border(bottom=Side(style="thin", color="BFBFBF"))
    font = Font(name="Calibri", size=10)
    locked, unlocked = Protection(locked=True), Protection(locked=False)

    def fill(color: str) -> PatternFill:
        return PatternFill("solid", fgColor=color)

    styles = [
        NamedStyle("compliance header", font=Font(name="Calibri", size=10, bold=True, color="FFFFFF"),
                   fill=fill("1F3864"), alignment=Alignment(wrap_text=True, vertical="center"), protection=locked),
        NamedStyle("compliance law", font=Font(name="Calibri", size=10, bold=True), fill=fill("D9E1F2"),
                   alignment=Alignment(vertical="center"), protection=locked),
        NamedStyle("compliance info", font=font, alignment=wrap, border=line, protection=locked),
        NamedStyle("compliance muss", font=font, alignment=wrap, border=line, fill=fill("FCE4D6"), protection=locked),
        NamedStyle("compliance level", font=Font(name="Calibri", size=10, bold=True, color="C00000"), alignment=wrap,
                   border=line, fill=fill("FCE4D6"), protection=locked),
        NamedStyle("compliance locked", font=font, alignment=wrap, border=line, fill=fill("EDEDED"), protection=locked),
        NamedStyle("compliance title", font=Font(name="Calibri", size=14, bold=True), protection=locked),
        NamedStyle("compliance subtitle", font=Font(name="Calibri", size=10, italic=True, color="5A5A5A"),
                   protection=locked),
        NamedStyle("compliance label", font=Font(name="Calibri", size=10, bold=True), alignment=wrap, protection=locked),
        NamedStyle("compliance count", font=Font(name="Calibri", size=10, bold=True), alignment=Alignment(horizontal="left"),
                   protection=locked),
    ]
    styles += [
        NamedStyle(f"compliance answer {name}", font=font, alignment=wrap, border=Border(
            left=Side(style="thin", color="8EA9DB"), right=Side(style="thin", color="8EA9DB"),
            top=Side(style="thin", color="8EA9DB"), bottom=Side(style="thin", color="8EA9DB")),
            number_format=number_format, protection=unlocked)
        for name, number_format in NUMBER_FORMATS.items()
    ]
    for style in styles:
        book.add_named_style(style)


# ---------------------------------------------------------------------------- properties and bytes


def _properties(book, context: DocumentContext, t: Labels) -> None:
    from openpyxl.packaging.custom import StringProperty

    day = dt.datetime.combine(dt.date.fromisoformat(context.as_of), dt.time(0))
    props = book.properties
    props.title = xml_text(f"{t.wb_title}: {context.vendor.legal_name}")
    props.subject = xml_text(f"{context.ruleset_id} {context.ruleset_version}, {t.as_of} {context.as_of}")
    props.creator = props.lastModifiedBy = "compliance"
    props.language = context.lang
    props.created = props.modified = day
    for name, value in (
        (contract.PROFILE, context.vendor.id),
        (contract.VENDOR, context.vendor.legal_name),
        (contract.AS_OF, context.as_of),
        (contract.RULESET, context.ruleset_id),
        (contract.RULESET_VERSION, context.ruleset_version),
        (contract.RULESET_DIGEST, context.ruleset_digest),
        (contract.LANG, context.lang),
        (contract.FORMAT_PROPERTY, contract.FORMAT),
    ):
        book.custom_doc_props.append(StringProperty(name=name, value=xml_text(value)))


def _save(book) -> bytes:
    """The workbook's bytes, reproducibly (``Workbook.save`` stamps the current time)."""
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return reproducible_zip(buffer.getvalue())
