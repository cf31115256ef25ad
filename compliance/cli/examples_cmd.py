"""`compliance examples export DIR`: the bundled example vendors, ready to try every --help example."""

from __future__ import annotations

from pathlib import Path

import typer

from .common import err, guarded

app = typer.Typer(help="The bundled example vendors.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="examples")


@app.command("export")
@guarded
def export(
    folder: Path = typer.Argument(..., help="Folder to write the examples into (one sub-folder per vendor, plus schemas/)."),
    force: bool = typer.Option(False, "--force", help="Overwrite files that already exist."),
) -> None:
    """Write the example vendors (profiles, answers, evidence) to a folder.

    After a plain `pip install`, this gives every `--help` example its files: run the examples
    from the folder's parent with `examples/` replaced by the folder, e.g.

    \b
    Example:
      compliance examples export ex && compliance checklist ex/lotus-networks/profile.yaml --as-of 2026-03-01
    """
    from ..errors import display_path
    from ..examples import export_examples

    written = export_examples(folder, overwrite=force)
    err(f"wrote {len(written)} file(s) to {display_path(folder)}")
