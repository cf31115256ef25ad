"""The `compliance` command line. Thin: each command parses options and calls one core function."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .. import __version__
from . import check_cmd, documents_cmd, pack_cmd, rules_cmd
from .common import guarded, load_ruleset_or_exit, rules_option

app = typer.Typer(
    name="compliance",
    help=(
        "Checklists and attestations for German telecom-security obligations "
        "(§ 9b BSIG Garantieerklärung, § 165 TKG certification, BNetzA catalogue, EU law).\n\n"
        "Exit codes: 0 success/compliant, 1 non-compliant/incomplete/tampered, 2 bad input or usage."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(rules_cmd.app, name="rules")
app.command("check")(check_cmd.check_command)
documents_cmd.register(app)
pack_cmd.register(app)

profile_app = typer.Typer(help="Validate vendor profiles.", no_args_is_help=True)
app.add_typer(profile_app, name="profile")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"compliance {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Checklists and attestations for German telecom-security obligations."""


@profile_app.command("validate")
@guarded
def profile_validate(
    file: Path = typer.Argument(..., help="Vendor profile (YAML or JSON)."),
    rules: Optional[Path] = rules_option(),
) -> None:
    """Validate a vendor profile.

    Against the schema and the rule set's critical-function vocabulary.

    \b
    Example:
      compliance profile validate examples/lotus-networks/profile.yaml
    """
    from ..loading import load_profile

    rs = load_ruleset_or_exit(rules)
    prof = load_profile(file, rs)
    typer.echo(f"ok: {prof.id} ({prof.legal_name}), {len(prof.components)} component(s)")


class SchemaKind(str, Enum):
    rules = "rules"
    ruleset = "ruleset"
    profile = "profile"
    answers = "answers"
    ruletests = "ruletests"


@app.command("schema")
@guarded
def schema(kind: SchemaKind = typer.Argument(..., help="rules (a rule file), ruleset (ruleset.yaml), profile, answers or ruletests (rule-test fixtures).")) -> None:
    """Print the JSON Schema of a file kind.

    For editors and other tools.

    Put `# yaml-language-server: $schema=<path or URL to the schema>` at the top of a YAML file
    to have editors validate it. Example: compliance schema profile > profile.schema.json
    """
    from ..schemas import schema_json

    typer.echo(schema_json(kind.value))


def main() -> None:  # console-script entry point
    app()
