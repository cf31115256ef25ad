"""Where the bundled rules, templates, examples and schemas live (inside the wheel, or in a
source checkout)."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parents[1]


def _data_dir(name: str) -> Path:
    # In a wheel, rules/, templates/, examples/ and schemas/ are shipped as compliance/_data/<name>;
    # in a source checkout (or an editable install) they sit beside the package.
    for candidate in (_PKG / "_data" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled {name}/ folder not found next to {_PKG}")


def bundled_rules_root() -> Path:
    return _data_dir("rules")


def default_ruleset_dir() -> Path:
    """The bundled German telecom-security rule set."""
    return bundled_rules_root() / "de-telecom-security"


def bundled_templates_dir() -> Path:
    return _data_dir("templates")


def bundled_examples_dir() -> Path:
    return _data_dir("examples")


def bundled_schemas_dir() -> Path:
    return _data_dir("schemas")


def export_files(planned: dict[Path, bytes], dest: str | Path, *, overwrite: bool = False) -> list[Path]:
    """Write ``planned`` (target path -> content) atomically; refuse, naming the first clash,
    when any target exists and ``overwrite`` is not set. The targets, in order."""
    from ..errors import InputError, Location, display_path
    from .atomic import write_atomic

    if not overwrite:
        clashes = [p for p in planned if p.exists()]
        if clashes:
            raise InputError(
                f"{len(clashes)} file(s) already exist, e.g. {display_path(clashes[0])} (use --force to overwrite)",
                Location(display_path(dest)),
            )
    return [write_atomic(path, data) for path, data in planned.items()]
