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
from pathlib import Path

from ..errors import InputError, InputErrors, Location
from ..models import Lang, Profile
from .engine import check
from .evidence import EvidenceFolder
from .inputs import LoadedAnswers, read_answers, require_profile
from .result import CheckResult


@dataclass
class Batch:
    results: list[CheckResult]
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)


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
    folder = EvidenceFolder(evidence_dir)
    results = [
        check(ruleset, prof, got.answers, as_of=as_of, evidence_dir=folder, accept_review=accept_review,
              include_drafts=include_drafts, lang=lang, source=got.file)
        for got, prof in loaded
    ]
    return Batch(results, notes)


def profile_files(path: str | os.PathLike) -> list[Path]:
    """A profile file, or for a folder: every ``*/profile.yaml`` in it and every YAML/JSON file
    directly in it."""
    p = Path(path)
    if not p.is_dir():
        return [p]
    found = sorted(p.glob("*/profile.yaml")) + sorted(
        f for f in p.iterdir() if f.is_file() and f.suffix.lower() in (".yaml", ".yml", ".json"))
    if not found:
        raise InputErrors([InputError("no profiles (*/profile.yaml, *.yaml, *.json) in this folder", Location(str(p)))])
    return found
