"""Reading answers from any supported file, with the location of every value.

:func:`read_answers` is the one public loader: YAML and JSON answers files, a filled fillable
PDF, a PDF carrying an embedded ``answers.json`` (an attestation pack), or a filled answers
workbook (``.xlsx``). It returns the answers with the location of their ``profile`` value, so a
profile mismatch can be reported as ``file:line:col``, and, for workbooks, the cell of every
answer, so findings can name it (:meth:`LoadedAnswers.locate`). The readers are a table by file
suffix (:data:`READERS`); office formats that carry macros or are not Office Open XML are
refused with the reason (:data:`REFUSED`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, InputErrors, Location, display_path
from ..files.office import REFUSED_SUFFIXES
from ..models import Answers, Profile

if TYPE_CHECKING:
    from ..ruleset import RuleSet


@dataclass
class LoadedAnswers:
    """Answers as read, with where they came from and notes for the user (stderr).

    ``places``: where each answer's parts are, ``(question id, part) -> location`` with part
    ``value``, ``comment``, ``evidence`` or ``waiver`` (workbooks: the cells).
    """

    answers: Answers
    file: str
    profile_location: Location
    notes: list[str] = field(default_factory=list)
    places: dict[tuple[str, str], Location] = field(default_factory=dict)

    def locate(self, question: str, part: str = "value") -> str | None:
        """Where the answer to ``question`` (its ``part``) is, as ``file:place``; ``None`` when unknown."""
        where = self.places.get((question, part)) or self.places.get((question, "value"))
        return str(where) if where is not None else None


def read_answers(path: str | Path, ruleset: RuleSet | None = None, *, profile_id: str | None = None) -> LoadedAnswers:
    """Load answers from ``path`` (.yaml/.yml/.json/.pdf/.xlsx). Raises :class:`InputErrors`.

    ``ruleset`` is needed for PDF forms and workbooks (their fields and rows are the rule set's
    questions); ``profile_id`` is used for PDFs and workbooks that do not name their profile.
    """
    p = Path(path)
    shown = display_path(p)
    suffix = p.suffix.lower()
    if suffix in REFUSED:
        raise InputErrors([InputError(f"{p.suffix} is {REFUSED[suffix]}, which is refused; {REFUSED_HINT}", Location(shown))])
    reader = READERS.get(suffix)
    if reader is None:
        raise InputErrors([InputError(
            f"unsupported answers file type {p.suffix or '(none)'!r}; expected one of {', '.join(ANSWER_SUFFIXES)}",
            Location(shown))])
    return reader(p, shown, ruleset, profile_id)


def _needs_ruleset(ruleset: RuleSet | None, what: str, shown: str) -> RuleSet:
    if ruleset is None:
        raise InputErrors([InputError(f"reading answers from {what} needs the rule set", Location(shown))])
    return ruleset


def _document(p: Path, shown: str, ruleset: RuleSet | None, profile_id: str | None) -> LoadedAnswers:
    from ..files.reader import load_document
    from ..models.loading import validate_document

    try:
        doc = load_document(p, collect=True)
    except InputError as exc:
        raise InputErrors([exc]) from None
    answers = validate_document(Answers, doc)
    return LoadedAnswers(answers, shown, doc.locate(("profile",)))


def _pdf(p: Path, shown: str, ruleset: RuleSet | None, profile_id: str | None) -> LoadedAnswers:
    from .pdf import read_pdf_answers

    got = read_pdf_answers(p, _needs_ruleset(ruleset, "a PDF", shown), profile_id=profile_id)
    where = f"{shown}#answers.json" if got.source == "attachment" else shown
    return LoadedAnswers(got.answers, shown, Location(where), got.notes)


def _xlsx(p: Path, shown: str, ruleset: RuleSet | None, profile_id: str | None) -> LoadedAnswers:
    from .xlsx import read_xlsx_answers

    got = read_xlsx_answers(p, _needs_ruleset(ruleset, "a workbook", shown), profile_id=profile_id)
    return LoadedAnswers(got.answers, shown, Location(shown), got.notes, got.places)


Reader = Callable[[Path, str, "RuleSet | None", "str | None"], LoadedAnswers]
#: How answers are read, by file suffix.
READERS: dict[str, Reader] = {".yaml": _document, ".yml": _document, ".json": _document, ".pdf": _pdf, ".xlsx": _xlsx}
#: Suffixes :func:`read_answers` accepts.
ANSWER_SUFFIXES = tuple(READERS)
#: Office formats refused, with what they are.
REFUSED = {
    **{suffix: what for suffix, what in REFUSED_SUFFIXES.items() if suffix.startswith(".xl")},
    ".ods": "an OpenDocument spreadsheet",
    ".xltx": "a workbook template",
}
REFUSED_HINT = "save the answers workbook as .xlsx (Excel workbook, without macros)"


def load_answers(path: str | Path, ruleset: RuleSet | None = None) -> Answers:
    """The answers of ``path`` (see :func:`read_answers`). Raises :class:`InputErrors`."""
    return read_answers(path, ruleset).answers


def require_profile(loaded: LoadedAnswers, profile: Profile) -> None:
    """Raise a located :class:`InputErrors` unless the answers are for ``profile``."""
    if loaded.answers.profile != profile.id:
        raise InputErrors([InputError(
            f"profile: the answers are for {loaded.answers.profile!r}, but the profile is {profile.id!r}",
            loaded.profile_location)])
