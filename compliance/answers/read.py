"""Reading answers from any supported file, with the location of every value.

:func:`read_answers` is the one public loader: YAML and JSON answers files, a filled fillable
PDF, or a PDF carrying an embedded ``answers.json`` (an attestation pack). It returns the
answers with the location of their ``profile`` value, so a profile mismatch can be reported as
``file:line:col``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, InputErrors, Location, display_path
from ..models import Answers, Profile

if TYPE_CHECKING:
    from ..ruleset import RuleSet

#: Suffixes :func:`read_answers` accepts.
ANSWER_SUFFIXES = (".yaml", ".yml", ".json", ".pdf")


@dataclass
class LoadedAnswers:
    """Answers as read, with where they came from and notes for the user (stderr)."""

    answers: Answers
    file: str
    profile_location: Location
    notes: list[str] = field(default_factory=list)


def read_answers(path: str | Path, ruleset: RuleSet | None = None, *, profile_id: str | None = None) -> LoadedAnswers:
    """Load answers from ``path`` (.yaml/.yml/.json/.pdf). Raises :class:`InputErrors`.

    ``ruleset`` is needed for PDF forms (their fields are the rule set's questions);
    ``profile_id`` is used for PDFs that do not name their profile.
    """
    p = Path(path)
    shown = display_path(p)
    suffix = p.suffix.lower()
    if suffix == ".pdf":
        from .pdf import read_pdf_answers

        if ruleset is None:
            raise InputErrors([InputError("reading answers from a PDF needs the rule set", Location(shown))])
        got = read_pdf_answers(p, ruleset, profile_id=profile_id)
        where = f"{shown}#answers.json" if got.source == "attachment" else shown
        return LoadedAnswers(got.answers, shown, Location(where), got.notes)
    if suffix not in ANSWER_SUFFIXES:
        raise InputErrors([InputError(
            f"unsupported answers file type {p.suffix or '(none)'!r}; expected one of {', '.join(ANSWER_SUFFIXES)}",
            Location(shown))])
    from ..files.reader import load_document
    from ..models.loading import validate_document

    try:
        doc = load_document(p, collect=True)
    except InputError as exc:
        raise InputErrors([exc]) from None
    answers = validate_document(Answers, doc)
    return LoadedAnswers(answers, shown, doc.locate(("profile",)))


def load_answers(path: str | Path, ruleset: RuleSet | None = None) -> Answers:
    """The answers of ``path`` (see :func:`read_answers`). Raises :class:`InputErrors`."""
    return read_answers(path, ruleset).answers


def require_profile(loaded: LoadedAnswers, profile: Profile) -> None:
    """Raise a located :class:`InputErrors` unless the answers are for ``profile``."""
    if loaded.answers.profile != profile.id:
        raise InputErrors([InputError(
            f"profile: the answers are for {loaded.answers.profile!r}, but the profile is {profile.id!r}",
            loaded.profile_location)])
