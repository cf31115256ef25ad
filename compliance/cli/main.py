"""The `compliance` command line: the root app, and every command group registered one way.

Thin: each command parses options, calls one core function and prints (see the modules below).
"""

from __future__ import annotations

import typer

from .. import __version__
from . import check_cmd, documents_cmd, due_cmd, examples_cmd, pack_cmd, profile_cmd, rules_cmd, schema_cmd, serve_cmd, sign_cmd

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
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

#: The command groups, in the order `compliance --help` lists them. Each module has register(app).
COMMANDS = (rules_cmd, profile_cmd, check_cmd, documents_cmd, due_cmd, pack_cmd, sign_cmd, schema_cmd, examples_cmd, serve_cmd)
for _module in COMMANDS:
    _module.register(app)


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


def main() -> None:  # console-script entry point
    import sys

    code: int | str | None = 0
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    try:  # output still buffered: a full disk or a closed pipe is one line, not a traceback at exit
        sys.stdout.flush()
    except OSError as exc:
        import os

        sys.stderr.write(f"error: cannot write to standard output: {exc.strerror or exc}\n")
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        code = 2
    sys.exit(code)
