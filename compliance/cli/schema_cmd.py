"""`compliance schema KIND`: the JSON Schema of each input file kind."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .common import guarded, wrote


class SchemaKind(str, Enum):
    rules = "rules"
    ruleset = "ruleset"
    profile = "profile"
    answers = "answers"
    ruletests = "ruletests"


def register(root: typer.Typer) -> None:
    root.command("schema")(schema)


@guarded
def schema(
    kind: Optional[SchemaKind] = typer.Argument(None, help="rules (a rule file), ruleset (ruleset.yaml), profile, answers or ruletests (rule-test fixtures). Omit with --write.", show_default=False),
    write: Optional[Path] = typer.Option(None, "--write", help="Write every schema as <kind>.schema.json into this folder.", show_default=False),
) -> None:
    """Print the JSON Schema of a file kind (or write them all).

    For editors and other tools.

    Put `# yaml-language-server: $schema=<path or URL to the schema>` at the top of a YAML file
    to have editors validate it; `--write DIR` puts every schema into DIR for that.

    \b
    Examples:
      compliance schema profile > profile.schema.json
      compliance schema --write schemas/
    """
    from ..errors import display_path
    from ..models.schemas import KINDS, schema_json, write_schemas

    if write is not None:
        for path in write_schemas(write):
            wrote(display_path(path))
        return
    if kind is None:
        raise typer.BadParameter(f"give a KIND ({', '.join(KINDS)}) or --write DIR")
    typer.echo(schema_json(kind.value))
