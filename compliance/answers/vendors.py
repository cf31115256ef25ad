"""Vendor folders: ``DIR/<vendor>/profile.yaml``, ``answers.yaml`` (or ``.yml``/``.json``/``.xlsx``) and an
optional ``evidence/`` folder. Used by ``batch`` (one pack per vendor) and by ``check`` when its
PROFILE argument is a folder of profiles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, InputErrors, Location, display_path

PROFILE_NAME = "profile.yaml"
ANSWERS_NAMES = ("answers.yaml", "answers.yml", "answers.json", "answers.xlsx")
EVIDENCE_NAME = "evidence"


@dataclass(frozen=True)
class VendorFolder:
    """One vendor's folder and the files found in it (``None`` when absent)."""

    name: str
    folder: Path
    profile: Path
    answers: Path | None
    evidence: Path | None


def vendor_folders(root: str | Path) -> list[VendorFolder]:
    """The vendor folders directly under ``root``, sorted by name; folders without a
    ``profile.yaml`` and hidden folders are skipped."""
    base = Path(root)
    found = []
    for folder in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")):
        profile = folder / PROFILE_NAME
        if not profile.is_file():
            continue
        answers = next((folder / n for n in ANSWERS_NAMES if (folder / n).is_file()), None)
        evidence = folder / EVIDENCE_NAME
        found.append(VendorFolder(folder.name, folder, profile, answers, evidence if evidence.is_dir() else None))
    return found


def profile_files(path: str | Path) -> list[Path]:
    """A profile file as given; for a folder: the profile of every vendor folder in it and every
    YAML/JSON file directly in it."""
    p = Path(path)
    if not p.is_dir():
        return [p]
    found = [v.profile for v in vendor_folders(p)] + sorted(
        f for f in p.iterdir() if f.is_file() and f.suffix.lower() in (".yaml", ".yml", ".json"))
    if not found:
        raise InputErrors([InputError(
            f"no profiles (*/{PROFILE_NAME}, *.yaml, *.json) in this folder", Location(display_path(p)))])
    return found
