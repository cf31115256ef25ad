"""The bundled example vendors, exported for users of an installed package.

:func:`export_examples` copies ``examples/<vendor>/`` (profile, answers, evidence) and the JSON
Schemas to a folder, and points the ``# yaml-language-server: $schema=`` line of every YAML file
at the exported schemas, so editors validate the copies wherever they are.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import InputError, Location, display_path
from .files.atomic import write_atomic
from .files.bundled import bundled_examples_dir

_SCHEMA_LINE = re.compile(rb"^(# yaml-language-server: \$schema=)\S*?([a-z]+\.schema\.json)", re.MULTILINE)


def export_examples(target: str | Path, *, overwrite: bool = False) -> list[Path]:
    """Write the examples and ``schemas/`` into ``target``; refuse to overwrite unless asked."""
    from .models.schemas import KINDS, schema_json

    source = bundled_examples_dir()
    dest = Path(target)
    files = sorted(p for p in source.rglob("*") if p.is_file())
    planned = {dest / p.relative_to(source): p for p in files}
    schemas = {dest / "schemas" / f"{kind}.schema.json": kind for kind in KINDS}
    if not overwrite:
        clashes = [p for p in [*planned, *schemas] if p.exists()]
        if clashes:
            raise InputError(
                f"{len(clashes)} file(s) already exist, e.g. {display_path(clashes[0])} (use --force to overwrite)",
                Location(display_path(dest)),
            )
    written = []
    for out, src in planned.items():
        data = src.read_bytes()
        if out.suffix in (".yaml", ".yml"):
            depth = len(out.relative_to(dest).parts) - 1
            data = _SCHEMA_LINE.sub(lambda m: m.group(1) + b"../" * depth + b"schemas/" + m.group(2), data)
        written.append(write_atomic(out, data))
    for out, kind in schemas.items():
        written.append(write_atomic(out, schema_json(kind) + "\n"))
    return written
