"""Vendor folders: ``DIR/<vendor>/profile.yaml``, ``answers.yaml`` (or ``.yml``/``.json``/``.xlsx``) and an
optional ``evidence/`` folder. Used by ``batch`` (one pack per vendor) and by ``check`` when its
PROFILE argument is a folder of profiles."""

from __future__ import annotations

from dataclasses import dataclass
import os
from pathlib import Path

from ..errors import InputError, InputErrors, Location, display_path

PROFILE_NAME = "profile.yaml"
ANSWERS_NAMES = ("answers.yaml", "answers.yml", "answers.json", "answers.xlsx")
EVIDENCE_NAME = "evidence"


@dataclass(frozen=True)
class VendorFolder:
    """One vendor's folder and the files found in it (``None`` when absent).

    ``refused``: files or folders of the vendor that are symbolic links leading out of the vendor
    folder (say ``evidence -> /etc``); they are not used, and a batch fails the vendor naming them.
    """

    name: str
    folder: Path
    profile: Path
    answers: Path | None
    evidence: Path | None
    refused: tuple[str, ...] = ()


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` (following its symbolic links) stays inside ``folder``."""
    try:
        return path.resolve(strict=True).is_relative_to(folder.resolve(strict=True))
    except (OSError, RuntimeError):
        return False


def vendor_folders(root: str | Path) -> list[VendorFolder]:
    """The vendor folders directly under ``root``, sorted by name; folders without a
    ``profile.yaml`` and hidden folders are skipped. A vendor's profile, answers and evidence
    folder are resolved without following symbolic links out of the vendor folder."""
    base = Path(root)
    found = []
    for folder in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")):
        profile = folder / PROFILE_NAME
        if not profile.is_file() and not profile.is_symlink():
            continue
        refused: list[str] = []

        def keep(path: Path) -> Path | None:
            if not (path.exists() or path.is_symlink()):
                return None
            if _inside(path, folder):
                return path
            target = os.readlink(path) if path.is_symlink() else "?"
            refused.append(f"{display_path(path)}: symbolic link to {target}, outside the vendor folder; refused")
            return None

        answers = next((keep(folder / n) for n in ANSWERS_NAMES if (folder / n).is_file() or (folder / n).is_symlink()), None)
        evidence = keep(folder / EVIDENCE_NAME)
        keep(profile)  # a profile.yaml leading out of the folder is refused too
        found.append(VendorFolder(folder.name, folder, profile, answers,
                                  evidence if evidence is not None and evidence.is_dir() else None, tuple(refused)))
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
