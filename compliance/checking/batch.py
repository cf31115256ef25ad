"""Checking many answers files in one go (the CLI's ``check`` with several ANSWERS).

Every file is read first and every input problem of every file collected, so a batch either
checks all files or reports all bad inputs; then each file is checked against the profile it
names, sharing one :class:`EvidenceFolder` (each evidence file is hashed once).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import InputError, InputErrors, Location
from ..enums import Lang
from ..models import Profile
from .engine import check
from .evidence import EvidenceFolder
from ..answers.read import LoadedAnswers, read_answers, require_profile
from .result import CheckResult


@dataclass
class Batch:
    results: list[CheckResult]
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)


def check_paths(
    ruleset,
    profile: str | os.PathLike,
    paths: Sequence[str | os.PathLike],
    **options,
) -> Batch:
    """``compliance check PROFILE ANSWERS...``: load the profile (or every profile of a folder),
    then :func:`check_files`. Two profiles with one id are an error."""
    from ..answers.vendors import profile_files
    from ..ruleset import load_profile

    profiles = [load_profile(p, ruleset) for p in profile_files(profile)]
    seen: set[str] = set()
    for p in profiles:
        if p.id in seen:
            raise InputError(f"two profiles have the id {p.id!r}")
        seen.add(p.id)
    return check_files(ruleset, profiles, paths, **options)


def check_files(
    ruleset,
    profiles: Sequence[Profile],
    paths: Sequence[str | os.PathLike],
    *,
    as_of: dt.date,
    evidence_dir: str | os.PathLike | None = None,
    accept_review: bool = False,
    include_drafts: bool = False,
    lang: Lang = "en",
) -> Batch:
    """Check each answers file in ``paths`` against the profile it names.

    With one profile, every file must be for it (a PDF that names no profile is taken to be).
    With several, each file's ``profile`` picks one. Raises :class:`InputErrors` listing every
    unreadable file and every mismatch before anything is checked.
    """
    by_id = {p.id: p for p in profiles}
    only = profiles[0] if len(profiles) == 1 else None
    errors: list[InputError] = []
    loaded: list[tuple[LoadedAnswers, Profile]] = []
    notes: list[str] = []
    for path in paths:
        try:
            got = read_answers(path, ruleset, profile_id=only.id if only else None)
        except InputErrors as exc:
            errors += exc.errors
            continue
        notes += got.notes
        if only is not None:
            try:
                require_profile(got, only)
            except InputErrors as exc:
                errors += exc.errors
                continue
            loaded.append((got, only))
        elif got.answers.profile in by_id:
            loaded.append((got, by_id[got.answers.profile]))
        else:
            errors.append(InputError(
                f"profile: no profile {got.answers.profile!r} among {', '.join(sorted(by_id))}",
                got.profile_location))
    if errors:
        raise InputErrors(errors)
    folder = evidence_dir if isinstance(evidence_dir, EvidenceFolder) else EvidenceFolder(evidence_dir)
    results = [
        check(ruleset, prof, got.answers, as_of=as_of, evidence_dir=folder, accept_review=accept_review,
              include_drafts=include_drafts, lang=lang, source=got.file, locate=got.locate if got.places else None)
        for got, prof in loaded
    ]
    return Batch(results, notes)
