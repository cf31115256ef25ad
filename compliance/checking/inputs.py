"""Reading answers for a check from any supported file: YAML, JSON, or PDF.

:func:`read_answers` returns the answers with the location of their ``profile`` value, so a
profile mismatch can be reported as ``file:line:col``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, InputErrors, Location, display_path
from ..models import Answers, Profile

#: Suffixes :func:`read_answers` accepts.
ANSWER_SUFFIXES = (".yaml", ".yml", ".json", ".pdf")


@dataclass
class LoadedAnswers:
    answers: Answers
    file: str
    profile_location: Location
    notes: list[str] = field(default_factory=list)


def read_answers(path: str | Path, ruleset, *, profile_id: str | None = None) -> LoadedAnswers:
    """Load answers from ``path`` (.yaml/.yml/.json/.pdf). Raises :class:`InputErrors`.

    ``profile_id``: used for PDFs that do not name their profile.
    """
    p = Path(path)
    shown = display_path(p)
    suffix = p.suffix.lower()
    if suffix == ".pdf":
        from ..answers_pdf import read_pdf_answers

        got = read_pdf_answers(p, ruleset, profile_id=profile_id)
        where = f"{shown}#answers.json" if got.source == "attachment" else shown
        return LoadedAnswers(got.answers, shown, Location(where), got.notes)
    if suffix not in ANSWER_SUFFIXES:
        raise InputErrors([InputError(
            f"unsupported answers file type {p.suffix or '(none)'!r}; expected one of {', '.join(ANSWER_SUFFIXES)}",
            Location(shown))])
    from ..loading import validate_document
    from ..yamlio import load_document

    try:
        doc = load_document(p)
    except InputError as exc:
        raise InputErrors([exc]) from None
    answers = validate_document(Answers, doc)
    return LoadedAnswers(answers, shown, doc.locate(("profile",)))


def require_profile(loaded: LoadedAnswers, profile: Profile) -> None:
    """Raise a located :class:`InputErrors` unless the answers are for ``profile``."""
    if loaded.answers.profile != profile.id:
        raise InputErrors([InputError(
            f"profile: the answers are for {loaded.answers.profile!r}, but the profile is {profile.id!r}",
            loaded.profile_location)])
