"""The bundled example vendors, exported for users of an installed package.

:func:`export_examples` copies ``examples/<vendor>/`` (profile, answers, evidence) and the JSON
Schemas to a folder, and points the ``# yaml-language-server: $schema=`` line of every YAML file
at the exported schemas, so editors validate the copies wherever they are.
"""

from __future__ import annotations

import re
from pathlib import Path

from .files.bundled import bundled_examples_dir, export_files

_SCHEMA_LINE = re.compile(rb"^(# yaml-language-server: \$schema=)\S*?([a-z]+\.schema\.json)", re.MULTILINE)


def export_examples(target: str | Path, *, overwrite: bool = False) -> list[Path]:
    """Write the examples and ``schemas/`` into ``target``; refuse to overwrite unless asked."""
    from .models.schemas import KINDS, schema_json

    source = bundled_examples_dir()
    dest = Path(target)
    planned: dict[Path, bytes] = {}
    for src in sorted(p for p in source.rglob("*") if p.is_file()):
        out = dest / src.relative_to(source)
        data = src.read_bytes()
        if out.suffix in (".yaml", ".yml"):
            depth = len(out.relative_to(dest).parts) - 1
            data = _SCHEMA_LINE.sub(lambda m, d=depth: m.group(1) + b"../" * d + b"schemas/" + m.group(2), data)
        planned[out] = data
    for kind in KINDS:
        planned[dest / "schemas" / f"{kind}.schema.json"] = (schema_json(kind) + "\n").encode()
    return export_files(planned, dest, overwrite=overwrite)
