"""The contract between the answers workbook (written by ``answers-template --format xlsx``,
:mod:`compliance.documents.xlsx`) and its reader (:mod:`compliance.answers.xlsx`).

A workbook has a questions sheet (``Fragen`` / ``Questions``) whose first row names the
columns in the workbook's language; the reader finds the columns by these names (in either
language), so a vendor who moves or adds columns does not break it. One row per question,
keyed by the question id in the (hidden) first column; a rule that asks no question but wants
evidence has one row keyed by the rule id. Rows without an id (the law headings) are skipped.

The workbook says whom and what it was made for in its custom document properties
(:data:`PROPERTIES`), which Excel and LibreOffice keep when they save.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..enums import LANGS
from ..i18n import catalogue

#: The format of the workbook (custom property ``compliance.format``).
FORMAT = "compliance-answers-workbook/1"

#: Custom document properties: what each names.
PROFILE = "compliance.profile"
VENDOR = "compliance.vendor"
AS_OF = "compliance.as_of"
RULESET = "compliance.ruleset"
RULESET_VERSION = "compliance.ruleset_version"
RULESET_DIGEST = "compliance.ruleset_digest"
LANG = "compliance.lang"
FORMAT_PROPERTY = "compliance.format"


@dataclass(frozen=True)
class Column:
    """A column of the questions sheet: its key, the label key of its header, its width, and
    whether the vendor fills it in."""

    key: str
    label: str
    width: float
    answer: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("id", "wb_col_id", 20),
    Column("rule", "wb_col_rule", 15),
    Column("level", "level", 8),
    Column("title", "wb_col_title", 28),
    Column("question", "question", 46),
    Column("type", "wb_col_type", 13),
    Column("complies", "complies", 18),
    Column("components", "components", 20),
    Column("evidence_expected", "evidence", 28),
    Column("value", "answer", 24, answer=True),
    Column("comment", "comment", 34, answer=True),
    Column("evidence", "wb_col_files", 26, answer=True),
    Column("waiver_reason", "wb_col_waiver_reason", 24, answer=True),
    Column("waiver_approver", "wb_col_waiver_approver", 20, answer=True),
    Column("waiver_expires", "wb_col_waiver_expires", 13, answer=True),
)
#: The columns the reader needs.
READ = ("id", "value", "comment", "evidence", "waiver_reason", "waiver_approver", "waiver_expires")
#: Waiver columns, in the order a waiver names its parts.
WAIVER = ("waiver_reason", "waiver_approver", "waiver_expires")


def header_labels(lang: str) -> dict[str, str]:
    """Column key -> header text in ``lang``."""
    words = catalogue(lang)["documents"]
    return {c.key: words[c.label] for c in COLUMNS}


def header_keys() -> dict[str, str]:
    """Header text (in any language) -> column key."""
    found: dict[str, str] = {}
    for lang in LANGS:
        for key, label in header_labels(lang).items():
            found.setdefault(" ".join(label.split()).casefold(), key)
    return found


def sheet_names(label: str) -> tuple[str, ...]:
    """A sheet's name in every language (``wb_sheet_questions`` -> ``("Fragen", "Questions")``)."""
    return tuple(catalogue(lang)["documents"][label] for lang in LANGS)
