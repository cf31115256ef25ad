"""`compliance profile validate`."""

from __future__ import annotations

from pathlib import Path

import typer

from ..enums import Lang
from .common import err, guarded, load_ruleset_or_exit
from .options import RulesDir

app = typer.Typer(help="Validate vendor profiles.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="profile")


@app.command("validate")
@guarded
def validate(
    file: Path = typer.Argument(..., help="Vendor profile (YAML or JSON)."),
    rules: RulesDir = None,
) -> None:
    """Validate a vendor profile.

    Against the schema and the rule set's critical-function vocabulary. An operator profile
    without the `operator:` attributes (network, services, generations, threat potential) is
    valid, but rules keyed on threat potential or network generation do not apply to it: a note
    on stderr says so.

    \b
    Example:
      compliance profile validate examples/lotus-networks/profile.yaml
    """
    from ..i18n import text
    from ..ruleset import load_profile

    prof = load_profile(file, load_ruleset_or_exit(rules))
    from .terminal import safe

    typer.echo(safe(text(Lang.en, "cli.profile_ok", id=prof.id, name=prof.legal_name, components=len(prof.components))))
    if prof.role == "operator" and (prof.operator is None or prof.operator.threat_potential is None):
        err(safe(text(Lang.en, "cli.operator_attributes_missing", file=file)))
